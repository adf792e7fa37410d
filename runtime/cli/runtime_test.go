package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Unit tests of the static runtime against the stand-in service of standin.go (an in-memory store).

type runResult struct {
	code           int
	stdout, stderr string
}

func runWith(t *testing.T, env map[string]string, stdin string, tty bool, args ...string) runResult {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, environment{lookup: func(k string) string { return env[k] }}, stdio{in: strings.NewReader(stdin), out: &out, err: &errb, tty: tty})
	return runResult{code, out.String(), errb.String()}
}

func baseEnv(t *testing.T) map[string]string {
	return map[string]string{"HOME": t.TempDir(), envAccessKeyID: "id", envAccessKeySecret: "secret-value", envEndpoint: "mem"}
}

func resetStore() {
	store.mu.Lock()
	store.objects = map[string][]byte{}
	store.failAfter, store.appends = -1, 0
	store.mu.Unlock()
}

func TestParseArgsForms(t *testing.T) {
	_, err := parseArgs([]string{"-json", "--count=2"}, nil)
	if err == nil {
		t.Fatal("--count is not a flag of an empty spec")
	}
	specs := operationCommand(&operations[0]).Flags
	p, err := parseArgs([]string{"-json", "--count=2", "--labels", "a=1", "--labels", "b=2", "--flag", "x", "--", "--not-a-flag"}, specs)
	if err != nil {
		t.Fatal(err)
	}
	if !p.on("json") || p.get("count") != "2" || len(p.values["labels"]) != 2 || !p.on("flag") || strings.Join(p.args, " ") != "x --not-a-flag" {
		t.Fatalf("parsed: %+v", p)
	}
	if _, err := parseArgs([]string{"--count"}, specs); err == nil {
		t.Fatal("a value flag without a value")
	}
	if _, err := parseArgs([]string{"--count", "1", "--count", "2"}, specs); err == nil {
		t.Fatal("a flag given twice")
	}
}

func TestOperationSetsAndPrintsMembersByReflection(t *testing.T) {
	resetStore()
	store.objects["b/k"] = []byte("abc")
	env := baseEnv(t)
	r := runWith(t, env, "", false, "peek", "mem://b/k", "--labels", "z=1", "--labels", "a=2", "--count", "2", "--flag")
	if r.code != 0 || r.stdout != "length: 3\ncrc: "+jsonNumber(updateCRC64(0, []byte("abc")))+"\nlabels.a: 2\nlabels.z: 1\nid: req-1\n" {
		t.Fatalf("%+v", r)
	}
	r = runWith(t, env, "", false, "peek", "--bucket", "b", "--key", "k", "--json")
	var fields map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &fields); err != nil || fields["length"] != float64(3) || fields["crc"] != jsonNumber(updateCRC64(0, []byte("abc"))) {
		t.Fatalf("%v %+v", err, r)
	}
	if r := runWith(t, env, "", false, "peek", "--bucket", "b"); r.code != exitUsage || !strings.Contains(r.stderr, "needs --key") {
		t.Fatalf("a missing required flag: %+v", r)
	}
	if r := runWith(t, env, "", false, "peek", "mem://b/k", "--count", "x"); r.code != exitUsage {
		t.Fatalf("a bad integer: %+v", r)
	}
	if r := runWith(t, env, "", false, "peek", "mem://b/none"); r.code != exitService {
		t.Fatalf("a service error: %+v", r)
	}
	if r := runWith(t, map[string]string{"HOME": t.TempDir(), envAccessKeyID: "id", envAccessKeySecret: "s", envEndpoint: "unreachable"}, "", false, "peek", "mem://b/k"); r.code != exitNetwork {
		t.Fatalf("a network error: %+v", r)
	}
}

func jsonNumber(n uint64) string {
	data, _ := json.Marshal(n)
	return string(data)
}

func TestAppendResumesAndChecksThePrefix(t *testing.T) {
	resetStore()
	env := baseEnv(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "f")
	os.WriteFile(path, []byte("0123456789"), 0o644)
	r := runWith(t, env, "", false, "append", "--chunk-size", "3", "--json", path, "mem://b/k")
	var s appendSummary
	if err := json.Unmarshal([]byte(r.stdout), &s); err != nil || s.Appended != 10 || s.Resumed != 0 {
		t.Fatalf("%v %+v", err, r)
	}
	// A run cut short after two chunks, then resumed.
	resetStore()
	store.failAfter = 2
	if r := runWith(t, env, "", false, "append", "--chunk-size", "3", path, "mem://b/k"); r.code != exitNetwork {
		t.Fatalf("a failed chunk: %+v", r)
	}
	store.failAfter = -1
	r = runWith(t, env, "", false, "append", "--chunk-size", "3", "--json", path, "mem://b/k")
	s = appendSummary{}
	if err := json.Unmarshal([]byte(r.stdout), &s); err != nil || s.Resumed != 6 || s.Appended != 4 || string(store.objects["b/k"]) != "0123456789" {
		t.Fatalf("resumed: %v %+v %q", err, r, store.objects["b/k"])
	}
	os.WriteFile(path, []byte("x123456789!"), 0o644)
	if r := runWith(t, env, "", false, "append", path, "mem://b/k"); r.code != exitFailure || !strings.Contains(r.stderr, "not an earlier copy") {
		t.Fatalf("a different prefix: %+v", r)
	}
	os.WriteFile(path, []byte("short"), 0o644)
	if r := runWith(t, env, "", false, "append", path, "mem://b/k"); r.code != exitFailure || !strings.Contains(r.stderr, "more than") {
		t.Fatalf("an object longer than the file: %+v", r)
	}
	if r := runWith(t, env, "tail", false, "append", "-", "mem://b/k"); r.code != 0 || string(store.objects["b/k"]) != "0123456789tail" {
		t.Fatalf("standard input: %+v %q", r, store.objects["b/k"])
	}
}

func TestFollowStopsWhenCancelled(t *testing.T) {
	resetStore()
	env := baseEnv(t)
	path := filepath.Join(t.TempDir(), "f")
	os.WriteFile(path, []byte("a\n"), 0o644)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	var out bytes.Buffer
	go func() {
		done <- run(ctx, []string{"append", "--follow", "--interval", "10ms", "--quiet", path, "mem://b/f"}, environment{lookup: func(k string) string { return env[k] }}, stdio{in: strings.NewReader(""), out: &out, err: &bytes.Buffer{}})
	}()
	waitFor := func(want string) {
		deadline := time.Now().Add(5 * time.Second)
		for {
			store.mu.Lock()
			got := string(store.objects["b/f"])
			store.mu.Unlock()
			if got == want {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("object %q, want %q", got, want)
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	waitFor("a\n")
	f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("b\n")
	f.Close()
	waitFor("a\nb\n")
	cancel()
	if code := <-done; code != 0 || !strings.Contains(out.String(), "appended 4 bytes") {
		t.Fatalf("exit %d, %q", code, out.String())
	}
}

func TestConfigFileModeAndPrecedence(t *testing.T) {
	env := map[string]string{"HOME": t.TempDir()}
	r := runWith(t, env, "file-secret\n", false, "config", "--endpoint", "mem", "--access-key-id", "file-id", "--access-key-secret", "-")
	path := filepath.Join(env["HOME"], configFileName)
	info, err := os.Stat(path)
	if r.code != 0 || err != nil || info.Mode().Perm() != 0o600 || strings.Contains(r.stdout, "file-secret") {
		t.Fatalf("%+v %v", r, err)
	}
	data, _ := os.ReadFile(path)
	if !strings.Contains(string(data), "access-key-secret = file-secret") {
		t.Fatalf("file: %q", data)
	}
	if r := runWith(t, env, "", false, "config", "show"); strings.Contains(r.stdout, "file-secret") || !strings.Contains(r.stdout, "access-key-secret = (set)") {
		t.Fatalf("show: %+v", r)
	}
	p, _ := parseArgs(nil, nil)
	s, err := resolveSettings(p, environment{lookup: func(k string) string { return env[k] }})
	if err != nil || s.AccessKeyID != "file-id" || s.AccessKeySecret != "file-secret" || s.Endpoint != "mem" {
		t.Fatalf("from the file: %+v %v", s, err)
	}
	env[envAccessKeyID], env[envAccessKeySecret], env[envEndpoint] = "env-id", "env-secret", "env-endpoint"
	s, _ = resolveSettings(p, environment{lookup: func(k string) string { return env[k] }})
	if s.AccessKeyID != "env-id" || s.AccessKeySecret != "env-secret" || s.Endpoint != "env-endpoint" {
		t.Fatalf("the environment over the file: %+v", s)
	}
	p, _ = parseArgs([]string{"--endpoint", "flag-endpoint", "--access-key-id", "flag-id", "--access-key-secret", "flag-secret"}, nil)
	s, _ = resolveSettings(p, environment{lookup: func(k string) string { return env[k] }})
	if s.AccessKeyID != "flag-id" || s.AccessKeySecret != "flag-secret" || s.Endpoint != "flag-endpoint" {
		t.Fatalf("flags over the environment: %+v", s)
	}
	// Writing again keeps other settings and other profiles.
	runWith(t, env, "", false, "config", "--profile", "other", "--region", "r2")
	data, _ = os.ReadFile(path)
	if !strings.Contains(string(data), "[default]") || !strings.Contains(string(data), "[other]\nregion = r2\n") {
		t.Fatalf("profiles: %q", data)
	}
}

func TestProgressBarAndLines(t *testing.T) {
	var buf bytes.Buffer
	clock := time.Unix(0, 0)
	p := &progress{w: &buf, mode: "bar", total: 4 << 20, now: func() time.Time { return clock }, width: 10}
	p.started = clock
	clock = clock.Add(time.Second)
	p.add(1 << 20)
	if got := buf.String(); got != "\r[##--------]  25% 1.0 MiB/4.0 MiB 1.0 MiB/s ETA 0:03" {
		t.Fatalf("bar: %q", got)
	}
	buf.Reset()
	p.mode = "lines"
	p.add(1 << 20)
	if got := buf.String(); got != "appended 2097152/4194304 bytes (50%)\n" {
		t.Fatalf("line: %q", got)
	}
	if humanBytes(512) != "512 B" || humanBytes(1536) != "1.5 KiB" {
		t.Fatal(humanBytes(1536))
	}
}

func TestHelpLanguagesAndUsageErrors(t *testing.T) {
	env := baseEnv(t)
	if r := runWith(t, env, "", false, "help"); r.code != 0 || !strings.Contains(r.stdout, "Peek at an object.") {
		t.Fatalf("%+v", r)
	}
	if r := runWith(t, env, "", false, "--lang", "zh", "peek", "--help"); !strings.Contains(r.stdout, "查看对象。") || !strings.Contains(r.stdout, "--count VALUE") {
		t.Fatalf("%+v", r)
	}
	env["LANG"] = "zh_CN.UTF-8"
	if r := runWith(t, env, "", false, "help"); !strings.Contains(r.stdout, "任务命令") {
		t.Fatalf("%+v", r)
	}
	for _, args := range [][]string{{"nope"}, {"peek", "--nope"}, {"append"}, {"--lang", "fr", "help"}, {"append", "-", "mem://b"}} {
		if r := runWith(t, env, "", false, args...); r.code != exitUsage {
			t.Fatalf("%v: %+v", args, r)
		}
	}
}

func TestCompletionScriptsListEveryCommand(t *testing.T) {
	bash, zsh := bashCompletion(), zshCompletion()
	for _, c := range commands() {
		if !strings.Contains(bash, "    "+c.Name+") COMPREPLY") || !strings.Contains(zsh, "'"+c.Name+":") {
			t.Fatalf("%s missing", c.Name)
		}
	}
	if !strings.Contains(bash, `--count) COMPREPLY=($(compgen -W "1 2"`) || !strings.Contains(zsh, ":count:(1 2)") {
		t.Fatal("enum values missing")
	}
	if !strings.HasSuffix(bash, "complete -F _standin_complete standin\n") {
		t.Fatal(bash)
	}
}

func TestSecretsAreNeverPrinted(t *testing.T) {
	env := baseEnv(t)
	for _, args := range [][]string{{"peek", "mem://b/none"}, {"config", "show"}, {"peek", "--access-key-secret", "flag-secret-x", "mem://b/none"}} {
		r := runWith(t, env, "", false, args...)
		if strings.Contains(r.stdout+r.stderr, "secret-value") || strings.Contains(r.stdout+r.stderr, "flag-secret-x") {
			t.Fatalf("%v printed a secret: %+v", args, r)
		}
	}
}

func TestCompletionLeavesOutValuesAShellWouldExpand(t *testing.T) {
	got := plainWords([]string{"standard", "public-read", "$(touch x)", "a b", "`id`", "it's", "AES256", ""})
	if strings.Join(got, " ") != "standard public-read AES256" {
		t.Fatalf("%q", got)
	}
}
