package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// The task commands: what users do with appendable objects, over the operations of serviceAPI.

func taskCommands() []command {
	return []command{
		{Name: "append", Args: "LOCAL " + urlScheme + "://BUCKET/KEY", run: runAppend,
			Summary: text{"Append a local file (or standard input, -) to an object, resuming where the object ends.", "将本地文件（或标准输入 -）追加到对象，从对象当前末尾继续。"},
			Doc: text{
				"Reads the object's length first. When the object already holds the first bytes of LOCAL (checked with CRC-64), only the rest is sent, so an interrupted append is resumed by running the same command again. Big files go in chunks. --follow keeps appending as LOCAL grows, like tail -f, until interrupted (Ctrl-C ends it cleanly after the chunk in flight).",
				"先读取对象的长度。如果对象已包含 LOCAL 的开头部分（用 CRC-64 校验），只发送其余部分，因此再次运行同一命令即可续传被中断的追加。大文件分块发送。--follow 在 LOCAL 增长时持续追加（类似 tail -f），直到被中断（Ctrl-C 会在当前块完成后干净退出）。"},
			Flags: []flagSpec{
				{Name: "chunk-size", Value: true, Doc: text{"Bytes per append (default 1MiB; 512KiB, 4MiB...).", "每次追加的字节数（默认 1MiB，可写 512KiB、4MiB 等）。"}},
				{Name: "follow", Doc: text{"Keep appending what is written to LOCAL, like tail -f.", "持续追加写入 LOCAL 的新内容，类似 tail -f。"}},
				{Name: "interval", Value: true, Doc: text{"How often --follow looks for new bytes (default 1s).", "--follow 检查新内容的间隔（默认 1s）。"}},
				{Name: "at-end", Doc: text{"Append all of LOCAL after the object's current end, without resuming.", "把 LOCAL 的全部内容追加到对象当前末尾，不做续传。"}},
			}},
		{Name: "stat", Args: urlScheme + "://BUCKET/KEY", run: runStat,
			Summary: text{"Show an object's length, CRC-64, type and metadata.", "显示对象的长度、CRC-64、类型和元数据。"}},
		{Name: "cat", Args: urlScheme + "://BUCKET/KEY", run: runCat,
			Summary: text{"Write an object's bytes (or a range of them) to standard output.", "将对象的内容（或其中一个范围）写到标准输出。"},
			Flags: []flagSpec{
				{Name: "range", Value: true, Doc: text{"Bytes to read: 0-99, 100- or -100 (also bytes=0-99).", "要读取的字节范围：0-99、100- 或 -100（也可写 bytes=0-99）。"}},
				{Name: "output", Value: true, Doc: text{"Write to this file instead of standard output.", "写入此文件，而不是标准输出。"}},
			}},
		{Name: "rm", Args: urlScheme + "://BUCKET/KEY", run: runRemove,
			Summary: text{"Delete an object.", "删除对象。"}},
		{Name: "presign", Args: urlScheme + "://BUCKET/KEY", run: runPresign,
			Summary: text{"Print a URL anyone can use, until it expires, without credentials.", "生成一个在过期前无需凭证即可使用的 URL。"},
			Flags: []flagSpec{
				{Name: "expires", Value: true, Doc: text{"Validity, such as 3600, 15m or 1h (default 1h).", "有效期，例如 3600、15m 或 1h（默认 1h）。"}},
				{Name: "operation", Value: true, Enum: presignOperations, Doc: text{"The request the URL makes (default: the first).", "URL 执行的请求（默认：第一个）。"}},
			}},
		{Name: "config", Args: "[show]", run: runConfig,
			Summary: text{"Write the settings given as flags to the configuration file (mode 0600), or show it without its secrets.", "把以参数给出的设置写入配置文件（权限 0600），或显示配置（不显示密钥）。"},
			Doc: text{
				"Pass --access-key-secret - to read the secret from standard input, so it stays out of the shell's history.",
				"使用 --access-key-secret - 从标准输入读取密钥，避免它出现在 shell 历史记录中。"}},
		{Name: "completion", Args: "bash|zsh", run: runCompletion,
			Summary: text{"Print the shell completion script.", "输出 shell 自动补全脚本。"},
			Doc: text{
				"bash: source <(" + programName + " completion bash). zsh: " + programName + " completion zsh > \"${fpath[1]}/_" + programName + "\".",
				"bash：source <(" + programName + " completion bash)。zsh：" + programName + " completion zsh > \"${fpath[1]}/_" + programName + "\"。"}},
		{Name: "help", Args: "[COMMAND]", run: runHelp, Summary: text{"Show help for a command.", "显示命令的帮助。"}},
		{Name: "version", run: runVersion, Summary: text{"Show the version.", "显示版本。"}},
	}
}

// objectArg reads the one `scheme://bucket/key` argument of a task.
func objectArg(c *invocation, name string) (string, string, error) {
	if len(c.p.args) != 1 {
		return "", "", usagef("%s takes one argument, %s://BUCKET/KEY", name, urlScheme)
	}
	return parseObjectURL(c.p.args[0])
}

// appendSummary is what append prints when it ends (the JSON of --json).
type appendSummary struct {
	Bucket   string `json:"bucket"`
	Key      string `json:"key"`
	Resumed  int64  `json:"resumedAt"`
	Appended int64  `json:"appended"`
	Position int64  `json:"position"`
	CRC64    string `json:"crc64"`
}

func runAppend(c *invocation) error {
	if len(c.p.args) != 2 {
		return usagef("append takes LOCAL and %s://BUCKET/KEY", urlScheme)
	}
	local := c.p.args[0]
	bucket, key, err := parseObjectURL(c.p.args[1])
	if err != nil {
		return err
	}
	chunkSize, err := sizeFlag(c.p, "chunk-size", 1<<20)
	if err != nil {
		return err
	}
	interval, err := durationFlag(c.p, "interval", time.Second)
	if err != nil {
		return err
	}
	if interval <= 0 {
		interval = time.Second
	}
	follow, atEnd := c.p.on("follow"), c.p.on("at-end")
	var file *os.File
	var size int64 = -1
	if local != "-" {
		file, err = os.Open(local)
		if err != nil {
			return &localError{err}
		}
		defer file.Close()
		info, err := file.Stat()
		if err != nil {
			return &localError{err}
		}
		if !info.Mode().IsRegular() && !follow {
			return usagef("%s is not a regular file (use - for standard input)", local)
		}
		size = info.Size()
	}
	api, err := c.service()
	if err != nil {
		return err
	}
	// Requests in flight finish when the user interrupts: a chunk cut off mid-way would leave its
	// outcome to the next run to find out, which it can, but a clean stop needs no such recovery.
	work := context.WithoutCancel(c.ctx)
	var start int64
	if file != nil && !atEnd {
		start, err = resumeOffset(work, api, file, size, bucket, key)
		if err != nil {
			return err
		}
	}
	a, err := api.openAppender(work, bucket, key, chunkSize)
	if err != nil {
		return err
	}
	if file != nil && !atEnd && a.Position() != start {
		return &localError{fmt.Errorf("%s://%s/%s changed while it was read (now %d bytes): another writer is appending; run again", urlScheme, bucket, key, a.Position())}
	}
	summary := appendSummary{Bucket: bucket, Key: key, Resumed: start}
	total := int64(-1)
	if file != nil && !follow {
		total = size - start
	}
	bar := newProgress(c, total)
	var source io.Reader = c.io.in
	if file != nil {
		if _, err := file.Seek(start, io.SeekStart); err != nil {
			return &localError{err}
		}
		source = file
	}
	offset := start
	buf := make([]byte, chunkSize)
	for {
		n, readErr := fill(source, buf, file == nil && follow)
		if n > 0 {
			if err := a.Append(work, buf[:n]); err != nil {
				bar.finish()
				return err
			}
			offset += int64(n)
			summary.Appended += int64(n)
			bar.add(int64(n))
		}
		if readErr != nil && !errors.Is(readErr, io.EOF) {
			bar.finish()
			return &localError{readErr}
		}
		if c.ctx.Err() != nil {
			if !follow {
				bar.finish()
				return &localError{fmt.Errorf("interrupted after %d bytes; run the same command again to resume", summary.Appended)}
			}
			break
		}
		if readErr == nil {
			continue
		}
		// At the end of the input: done, unless following a file that may grow.
		if !follow || file == nil {
			break
		}
		grown, err := waitForGrowth(c.ctx, file, offset, interval)
		if err != nil {
			bar.finish()
			return err
		}
		if !grown {
			break // interrupted while waiting: a clean stop
		}
	}
	bar.finish()
	summary.Position, summary.CRC64 = a.Position(), fmt.Sprint(a.CRC64())
	if c.json {
		return writeJSON(c.io.out, summary)
	}
	fmt.Fprintf(c.io.out, "%s://%s/%s: appended %d bytes, length %d, crc64 %s\n", urlScheme, bucket, key, summary.Appended, summary.Position, summary.CRC64)
	return nil
}

// fill reads up to len(buf) bytes; with eager set (a followed stream) it returns as soon as any arrive.
func fill(r io.Reader, buf []byte, eager bool) (int, error) {
	if eager {
		return r.Read(buf)
	}
	n, err := io.ReadFull(r, buf)
	if errors.Is(err, io.ErrUnexpectedEOF) {
		err = io.EOF
	}
	return n, err
}

// resumeOffset is where LOCAL continues the object: 0 for a missing object, else the object's
// length when its bytes are LOCAL's first bytes (the object's CRC-64 equals theirs).
func resumeOffset(ctx context.Context, api serviceAPI, file *os.File, size int64, bucket, key string) (int64, error) {
	info, err := api.stat(ctx, bucket, key)
	if err != nil {
		return 0, err
	}
	if !info.Exists || info.Length == 0 {
		return 0, nil
	}
	name := fmt.Sprintf("%s://%s/%s", urlScheme, bucket, key)
	if info.Length > size {
		return 0, &localError{fmt.Errorf("%s has %d bytes, more than %s (%d): it is not an earlier copy of it (--at-end appends the whole file after it)", name, info.Length, file.Name(), size)}
	}
	if info.CRCKnown {
		crc, err := prefixCRC(file, info.Length)
		if err != nil {
			return 0, &localError{err}
		}
		if crc != info.CRC64 {
			return 0, &localError{fmt.Errorf("the %d bytes of %s differ from the first %d bytes of %s (CRC-64 %d, not %d): it is not an earlier copy of it (--at-end appends the whole file after it)", info.Length, name, info.Length, file.Name(), crc, info.CRC64)}
		}
	}
	return info.Length, nil
}

func prefixCRC(file *os.File, n int64) (uint64, error) {
	if _, err := file.Seek(0, io.SeekStart); err != nil {
		return 0, err
	}
	var crc uint64
	buf := make([]byte, 1<<20)
	r := io.LimitReader(file, n)
	for {
		k, err := r.Read(buf)
		crc = updateCRC64(crc, buf[:k])
		if errors.Is(err, io.EOF) {
			return crc, nil
		}
		if err != nil {
			return 0, err
		}
	}
}

// waitForGrowth waits until file is longer than offset (true), or the context ends (false).
// A file shorter than what was sent was truncated or replaced: following it would append the wrong bytes.
func waitForGrowth(ctx context.Context, file *os.File, offset int64, interval time.Duration) (bool, error) {
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for {
		info, err := file.Stat()
		if err != nil {
			return false, &localError{err}
		}
		if info.Size() < offset {
			return false, &localError{fmt.Errorf("%s shrank to %d bytes after %d were appended (truncated or rotated): stopped", file.Name(), info.Size(), offset)}
		}
		if info.Size() > offset {
			return true, nil
		}
		select {
		case <-ctx.Done():
			return false, nil
		case <-ticker.C:
		}
	}
}

func findOperation(name string) *operation {
	for i := range operations {
		if operations[i].Name == name {
			return &operations[i]
		}
	}
	return nil
}

func runStat(c *invocation) error {
	bucket, key, err := objectArg(c, "stat")
	if err != nil {
		return err
	}
	api, err := c.service()
	if err != nil {
		return err
	}
	info, err := api.stat(c.ctx, bucket, key)
	if err != nil {
		return err
	}
	if !info.Exists {
		return missingObject(bucket, key)
	}
	return printResult(c, info.Result, findOperation(probeOperation).Outputs)
}

func runCat(c *invocation) error {
	bucket, key, err := objectArg(c, "cat")
	if err != nil {
		return err
	}
	rng := strings.TrimSpace(c.p.get("range"))
	if rng != "" && !strings.Contains(rng, "=") {
		rng = "bytes=" + rng
	}
	api, err := c.service()
	if err != nil {
		return err
	}
	body, err := api.read(c.ctx, bucket, key, rng)
	if err != nil {
		return err
	}
	defer body.Close()
	w := c.io.out
	if path := c.p.get("output"); path != "" && path != "-" {
		f, err := os.Create(path)
		if err != nil {
			return &localError{err}
		}
		defer f.Close()
		w = f
	}
	_, err = io.Copy(w, body)
	return err
}

func runRemove(c *invocation) error {
	bucket, key, err := objectArg(c, "rm")
	if err != nil {
		return err
	}
	api, err := c.service()
	if err != nil {
		return err
	}
	out, err := api.remove(c.ctx, bucket, key)
	if err != nil {
		return err
	}
	if op := findOperation(removeOperation); op != nil {
		return printResult(c, out, op.Outputs)
	}
	return nil
}

func runPresign(c *invocation) error {
	bucket, key, err := objectArg(c, "presign")
	if err != nil {
		return err
	}
	expires, err := durationFlag(c.p, "expires", time.Hour)
	if err != nil {
		return err
	}
	if len(presignOperations) == 0 {
		return usagef("the model has no presigned form of its requests")
	}
	op := c.p.get("operation")
	if op == "" {
		op = presignOperations[0]
	}
	known := false
	for _, name := range presignOperations {
		known = known || name == op
	}
	if !known {
		return usagef("--operation must be one of %s", strings.Join(presignOperations, ", "))
	}
	api, err := c.service()
	if err != nil {
		return err
	}
	p, err := api.presign(op, bucket, key, expires)
	if err != nil {
		return err
	}
	if c.json {
		return writeJSON(c.io.out, map[string]any{"method": p.Method, "url": p.URL, "expires": p.Expires.UTC().Format(time.RFC3339), "headers": p.Headers})
	}
	fmt.Fprintln(c.io.out, p.URL)
	return nil
}

func runConfig(c *invocation) error {
	path, err := configPath(c.p, c.env)
	if err != nil {
		return err
	}
	profile := c.p.get("profile")
	if profile == "" {
		profile = "default"
	}
	if len(c.p.args) == 1 && c.p.args[0] == "show" {
		values, err := readConfig(path, profile)
		if err != nil {
			return err
		}
		shown := map[string]string{}
		for k, v := range values {
			if secretKeys[k] {
				v = "(set)"
			}
			shown[k] = v
		}
		if c.json {
			return writeJSON(c.io.out, map[string]any{"file": path, "profile": profile, "settings": shown})
		}
		fmt.Fprintf(c.io.out, "# %s [%s]\n", path, profile)
		for _, k := range configKeys {
			if v, ok := shown[k]; ok {
				fmt.Fprintf(c.io.out, "%s = %s\n", k, v)
			}
		}
		return nil
	}
	if len(c.p.args) != 0 {
		return usagef("config takes no argument but show")
	}
	values := map[string]string{}
	var names []string
	for _, k := range configKeys {
		if !c.p.has(k) {
			continue
		}
		v := c.p.get(k)
		if secretKeys[k] && v == "-" {
			line, err := bufio.NewReader(c.io.in).ReadString('\n')
			if err != nil && !errors.Is(err, io.EOF) {
				return &localError{err}
			}
			v = strings.TrimRight(line, "\r\n")
		}
		values[k] = v
		names = append(names, k)
	}
	if len(values) == 0 {
		return usagef("config needs settings to write, such as --endpoint, --access-key-id and --access-key-secret (or 'config show')")
	}
	if err := writeConfig(path, profile, values); err != nil {
		return err
	}
	// Names only: a value may be a secret.
	if c.json {
		return writeJSON(c.io.out, map[string]any{"file": path, "profile": profile, "written": names})
	}
	fmt.Fprintf(c.io.out, "%s [%s]: wrote %s\n", path, profile, strings.Join(names, ", "))
	return nil
}

func runCompletion(c *invocation) error {
	if len(c.p.args) != 1 {
		return usagef("completion takes bash or zsh")
	}
	switch c.p.args[0] {
	case "bash":
		_, err := io.WriteString(c.io.out, bashCompletion())
		return err
	case "zsh":
		_, err := io.WriteString(c.io.out, zshCompletion())
		return err
	}
	return usagef("completion takes bash or zsh, not %q", c.p.args[0])
}

func runHelp(c *invocation) error {
	if len(c.p.args) == 0 {
		writeHelp(c.io.out, c.lang)
		return nil
	}
	cmd, ok := findCommand(c.p.args[0])
	if !ok {
		return usagef("unknown command %q", c.p.args[0])
	}
	writeCommandHelp(c.io.out, cmd, c.lang)
	return nil
}

func runVersion(c *invocation) error {
	if c.json {
		return writeJSON(c.io.out, map[string]string{"program": programName, "version": modelVersion})
	}
	fmt.Fprintf(c.io.out, "%s %s\n", programName, modelVersion)
	return nil
}

// missingObject is the answer of stat for an object that does not exist: a service error.
func missingObject(bucket, key string) error {
	return &notFoundError{fmt.Sprintf("%s://%s/%s does not exist", urlScheme, bucket, key)}
}

type notFoundError struct{ msg string }

func (e *notFoundError) Error() string { return e.msg }
