package main

import (
	"fmt"
	"io"
	"strings"
)

// The help is printed from the same description as the parser and the completion, in English or
// Chinese (the model's docs carry both).

func flagDoc(f flagSpec, lang string) string {
	doc := f.Doc.pick(lang)
	if strings.Contains(doc, "%[") {
		doc = fmt.Sprintf(doc, envEndpoint, envRegion, envAccessKeyID, envAccessKeySecret, envSecurityToken, configFileName)
	}
	if len(f.Enum) > 0 {
		doc += " (" + strings.Join(f.Enum, ", ") + ")"
	}
	return doc
}

func flagUsage(f flagSpec) string {
	switch {
	case f.Repeated:
		return "--" + f.Name + " NAME=VALUE..."
	case f.Value:
		return "--" + f.Name + " VALUE"
	}
	return "--" + f.Name
}

func writeFlags(w io.Writer, flags []flagSpec, lang string) {
	width := 0
	for _, f := range flags {
		if n := len(flagUsage(f)); n > width {
			width = n
		}
	}
	for _, f := range flags {
		fmt.Fprintf(w, "  %-*s  %s\n", width, flagUsage(f), flagDoc(f, lang))
	}
}

func writeHelp(w io.Writer, lang string) {
	heading := func(en, zh string) string { return text{en, zh}.pick(lang) }
	fmt.Fprintf(w, "%s %s: %s\n\n", programName, modelVersion, toolTitle.pick(lang))
	fmt.Fprintf(w, "%s\n  %s COMMAND [FLAGS] [ARGS]\n\n", heading("Usage:", "用法："), programName)
	list := commands()
	width := 0
	for _, c := range list {
		if len(c.Name) > width {
			width = len(c.Name)
		}
	}
	fmt.Fprintln(w, heading("Tasks:", "任务命令："))
	for _, c := range list[len(operations):] {
		fmt.Fprintf(w, "  %-*s  %s\n", width, c.Name, c.Summary.pick(lang))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, heading("Operations (one request each):", "操作（每个命令发送一个请求）："))
	for _, c := range list[:len(operations)] {
		fmt.Fprintf(w, "  %-*s  %s\n", width, c.Name, c.Summary.pick(lang))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, heading("Global flags:", "全局参数："))
	writeFlags(w, globalFlags, lang)
	fmt.Fprintln(w)
	fmt.Fprintln(w, heading("Exit codes: 0 success, 1 local failure, 2 usage, 3 service error, 4 network error.", "退出码：0 成功，1 本地错误，2 用法错误，3 服务端错误，4 网络错误。"))
}

func writeCommandHelp(w io.Writer, c command, lang string) {
	synopsis := programName + " " + c.Name + " [FLAGS]"
	if c.Args != "" {
		synopsis += " " + c.Args
	}
	fmt.Fprintf(w, "%s\n\n%s\n", synopsis, c.Summary.pick(lang))
	if doc := c.Doc.pick(lang); doc != "" && doc != c.Summary.pick(lang) {
		fmt.Fprintf(w, "\n%s\n", doc)
	}
	if len(c.Flags) > 0 {
		fmt.Fprintf(w, "\n%s\n", text{"Flags:", "参数："}.pick(lang))
		writeFlags(w, c.Flags, lang)
	}
	fmt.Fprintf(w, "\n%s\n", text{"Global flags: see '" + programName + " help'.", "全局参数：见 '" + programName + " help'。"}.pick(lang))
}
