package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], environment{lookup: os.Getenv}, stdio{in: os.Stdin, out: os.Stdout, err: os.Stderr, tty: isTerminal(os.Stderr)})
	stop()
	os.Exit(code)
}

// environment reads environment variables; tests pass a map instead of the process's.
type environment struct{ lookup func(string) string }

func (e environment) get(name string) string {
	if e.lookup == nil {
		return ""
	}
	return e.lookup(name)
}

// stdio are the standard streams; tty is true when progress may redraw a bar on err.
type stdio struct {
	in  io.Reader
	out io.Writer
	err io.Writer
	tty bool
}

// isTerminal reports whether f is a character device (a terminal), without cgo or x/term.
func isTerminal(f *os.File) bool {
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// usageError is a wrong command line: exit code 2 and a pointer to the help.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// localError is a failure on this machine (a file, an integrity check): exit code 1.
type localError struct{ err error }

func (e *localError) Error() string { return e.err.Error() }
func (e *localError) Unwrap() error { return e.err }

// flagSpec is one flag a command accepts.
type flagSpec struct {
	Name     string
	Value    bool // takes a value (otherwise a switch, which also takes =true/=false)
	Repeated bool
	Enum     []string
	Doc      text
}

// globalFlags apply to every command.
var globalFlags = []flagSpec{
	{Name: "endpoint", Value: true, Doc: text{"Service endpoint URL (env %[1]s, config endpoint).", "服务地址（环境变量 %[1]s，配置项 endpoint）。"}},
	{Name: "region", Value: true, Doc: text{"Region ID used for signing (env %[2]s, config region).", "签名使用的地域 ID（环境变量 %[2]s，配置项 region）。"}},
	{Name: "access-key-id", Value: true, Doc: text{"AccessKey ID (env %[3]s, config access-key-id).", "AccessKey ID（环境变量 %[3]s，配置项 access-key-id）。"}},
	{Name: "access-key-secret", Value: true, Doc: text{"AccessKey secret (env %[4]s, config access-key-secret); never printed.", "AccessKey Secret（环境变量 %[4]s，配置项 access-key-secret），从不输出。"}},
	{Name: "security-token", Value: true, Doc: text{"STS security token (env %[5]s); never printed.", "STS 安全令牌（环境变量 %[5]s），从不输出。"}},
	{Name: "signature-version", Value: true, Enum: []string{"v4", "v1"}, Doc: text{"Signature version: v4 (default) or v1.", "签名版本：v4（默认）或 v1。"}},
	{Name: "timeout", Value: true, Doc: text{"Time limit of each request, such as 30s (default: the client's).", "单个请求的超时时间，例如 30s（默认：客户端的默认值）。"}},
	{Name: "config", Value: true, Doc: text{"Configuration file (default ~/%[6]s).", "配置文件（默认 ~/%[6]s）。"}},
	{Name: "profile", Value: true, Doc: text{"Section of the configuration file (default: default).", "配置文件中的节（默认 default）。"}},
	{Name: "json", Doc: text{"Print results as JSON, for scripts (no progress).", "以 JSON 输出结果，便于脚本处理（不显示进度）。"}},
	{Name: "quiet", Doc: text{"Print no progress.", "不显示进度。"}},
	{Name: "lang", Value: true, Enum: []string{"en", "zh"}, Doc: text{"Language of help and messages (default from LANG).", "帮助和消息的语言（默认取自 LANG）。"}},
	{Name: "help", Doc: text{"Show help.", "显示帮助。"}},
}

// parsed is a command line read against the flags of one command.
type parsed struct {
	values map[string][]string
	args   []string
}

func (p *parsed) has(name string) bool { _, ok := p.values[name]; return ok }

func (p *parsed) get(name string) string {
	v := p.values[name]
	if len(v) == 0 {
		return ""
	}
	return v[len(v)-1]
}

func (p *parsed) on(name string) bool {
	v := p.get(name)
	return p.has(name) && v != "false" && v != "0"
}

// parseArgs reads args: flags with one or two dashes, `--name=value` or `--name value`, switches
// with an optional `=false`, `--` ending the flags, and `-` alone a positional (standard input).
func parseArgs(args []string, specs []flagSpec) (*parsed, error) {
	find := func(name string) (flagSpec, bool) {
		for _, s := range specs {
			if s.Name == name {
				return s, true
			}
		}
		for _, s := range globalFlags {
			if s.Name == name {
				return s, true
			}
		}
		if name == "h" {
			return flagSpec{Name: "help"}, true
		}
		return flagSpec{}, false
	}
	p := &parsed{values: map[string][]string{}}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			p.args = append(p.args, args[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			p.args = append(p.args, a)
			continue
		}
		name := strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-")
		value, hasValue := "", false
		if eq := strings.IndexByte(name, '='); eq >= 0 {
			name, value, hasValue = name[:eq], name[eq+1:], true
		}
		spec, ok := find(name)
		if !ok {
			return nil, usagef("unknown flag --%s", name)
		}
		if spec.Value && !hasValue {
			if i+1 >= len(args) {
				return nil, usagef("flag --%s needs a value", name)
			}
			i++
			value = args[i]
		}
		if !spec.Value && !hasValue {
			value = "true"
		}
		if !spec.Repeated && p.has(spec.Name) && spec.Value {
			return nil, usagef("flag --%s given twice", name)
		}
		p.values[spec.Name] = append(p.values[spec.Name], value)
	}
	return p, nil
}

// command is one subcommand: an operation of the model or a task.
type command struct {
	Name    string
	Args    string // synopsis of the positional arguments
	Summary text
	Doc     text
	Flags   []flagSpec
	run     func(c *invocation) error
}

// invocation is one run of a command.
type invocation struct {
	ctx   context.Context
	p     *parsed
	env   environment
	io    stdio
	lang  string
	json  bool
	quiet bool
	api   serviceAPI
	// connect opens the service with the resolved settings (lazily: help and config need none).
	connect func() (serviceAPI, error)
}

func (c *invocation) service() (serviceAPI, error) {
	if c.api == nil {
		api, err := c.connect()
		if err != nil {
			return nil, err
		}
		c.api = api
	}
	return c.api, nil
}

// language is `--lang`, else the locale (LC_ALL, LC_MESSAGES, LANG): zh* is Chinese.
func language(p *parsed, env environment) string {
	if l := p.get("lang"); l != "" {
		return l
	}
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := env.get(name); v != "" {
			if strings.HasPrefix(strings.ToLower(v), "zh") {
				return "zh"
			}
			return "en"
		}
	}
	return "en"
}

// commands are the operations of the model followed by the tasks.
func commands() []command {
	var list []command
	for i := range operations {
		list = append(list, operationCommand(&operations[i]))
	}
	return append(list, taskCommands()...)
}

func findCommand(name string) (command, bool) {
	for _, c := range commands() {
		if c.Name == name {
			return c, true
		}
	}
	return command{}, false
}

// run is the whole program: it returns the exit code.
func run(ctx context.Context, args []string, env environment, std stdio) int {
	lang := "en"
	fail := func(err error) int {
		code := exitCodeOf(err)
		prefix := programName + ": "
		fmt.Fprintf(std.err, "%s%s\n", prefix, err.Error())
		if code == exitUsage {
			fmt.Fprintf(std.err, "%s%s\n", prefix, text{"run '" + programName + " help' for usage", "运行 '" + programName + " help' 查看用法"}.pick(lang))
		}
		return code
	}
	// The subcommand is the first positional; global flags may come before it.
	name, rest := "", []string(nil)
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" || len(a) < 2 || a[0] != '-' {
			name, rest = a, append(append([]string{}, args[:i]...), args[i+1:]...)
			break
		}
		if spec, ok := lookupGlobal(a); ok && spec.Value && !strings.Contains(a, "=") {
			i++
		}
	}
	if name == "" {
		p, err := parseArgs(args, nil)
		if err != nil {
			return fail(err)
		}
		lang = language(p, env)
		if p.on("help") || len(args) == 0 {
			writeHelp(std.out, lang)
			return exitOK
		}
		return fail(usagef("no command given"))
	}
	cmd, ok := findCommand(name)
	if !ok {
		p, _ := parseArgs(rest, nil)
		if p != nil {
			lang = language(p, env)
		}
		return fail(usagef("unknown command %q", name))
	}
	p, err := parseArgs(rest, cmd.Flags)
	if err != nil {
		if q, _ := parseArgs(nil, nil); q != nil {
			lang = language(q, env)
		}
		return fail(err)
	}
	lang = language(p, env)
	if p.on("help") {
		writeCommandHelp(std.out, cmd, lang)
		return exitOK
	}
	if err := checkEnums(p, cmd.Flags); err != nil {
		return fail(err)
	}
	inv := &invocation{ctx: ctx, p: p, env: env, io: std, lang: lang, json: p.on("json"), quiet: p.on("quiet")}
	inv.connect = func() (serviceAPI, error) {
		s, err := resolveSettings(p, env)
		if err != nil {
			return nil, err
		}
		return connect(s)
	}
	if err := cmd.run(inv); err != nil {
		return fail(err)
	}
	return exitOK
}

func lookupGlobal(arg string) (flagSpec, bool) {
	name := strings.TrimPrefix(strings.TrimPrefix(arg, "-"), "-")
	if eq := strings.IndexByte(name, '='); eq >= 0 {
		name = name[:eq]
	}
	for _, s := range globalFlags {
		if s.Name == name {
			return s, true
		}
	}
	return flagSpec{}, false
}

// checkEnums refuses a value outside a global flag's closed list (the model's enums stay open:
// the service may accept values the model does not name).
func checkEnums(p *parsed, specs []flagSpec) error {
	for _, s := range globalFlags {
		if len(s.Enum) == 0 || !p.has(s.Name) {
			continue
		}
		v := p.get(s.Name)
		found := false
		for _, e := range s.Enum {
			found = found || e == v
		}
		if !found {
			return usagef("--%s must be one of %s, not %q", s.Name, strings.Join(s.Enum, ", "), v)
		}
	}
	return nil
}

// exitCodeOf tells a usage error, a service error and a network error apart.
func exitCodeOf(err error) int {
	var usage *usageError
	var local *localError
	var missing *notFoundError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &usage):
		return exitUsage
	case errors.As(err, &local):
		return exitFailure
	case errors.As(err, &missing):
		return exitService
	case errors.Is(err, context.Canceled):
		return exitFailure
	}
	return classify(err)
}

// durationFlag reads a duration flag: Go's form (30s, 2m) or whole seconds.
func durationFlag(p *parsed, name string, fallback time.Duration) (time.Duration, error) {
	v := p.get(name)
	if v == "" {
		return fallback, nil
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return time.Duration(n) * time.Second, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		return 0, usagef("--%s: %q is not a duration (30s, 5m, or seconds)", name, v)
	}
	return d, nil
}

// sizeFlag reads a byte count: 1048576, 512KiB, 4MiB (also K, M, KB, MB as powers of 1024).
func sizeFlag(p *parsed, name string, fallback int) (int, error) {
	v := strings.TrimSpace(p.get(name))
	if v == "" {
		return fallback, nil
	}
	units := []struct {
		suffix string
		factor int
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"KB", 1 << 10}, {"MB", 1 << 20}, {"GB", 1 << 30}, {"K", 1 << 10}, {"M", 1 << 20}, {"G", 1 << 30}}
	factor := 1
	for _, u := range units {
		if strings.HasSuffix(v, u.suffix) {
			v, factor = strings.TrimSuffix(v, u.suffix), u.factor
			break
		}
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n <= 0 || n > (1<<31)/factor {
		return 0, usagef("--%s: %q is not a positive size (such as 1048576 or 4MiB)", name, p.get(name))
	}
	return n * factor, nil
}

// sortedKeys returns a map's keys in order, so every printout is deterministic.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
