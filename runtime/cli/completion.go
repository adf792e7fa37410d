package main

import (
	"fmt"
	"strings"
)

// Completion scripts for bash and zsh, printed from the command table: the commands, each one's
// flags and the values of flags with a list of them. Identifiers in the scripts are derived from
// the program's name with everything but letters, digits and _ replaced.

func shellName() string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' {
			return r
		}
		return '_'
	}, programName)
}

// plainWords keeps the words a shell reads back unchanged: commands and flags always are (the
// namer spells them in lower-case letters, digits and -), but an enum value of the model may hold
// anything, and compgen -W expands its list: a value with quotes or $(...) is left out, not run.
func plainWords(words []string) []string {
	var plain []string
	for _, w := range words {
		ok := w != ""
		for _, r := range w {
			ok = ok && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("._+-", r))
		}
		if ok {
			plain = append(plain, w)
		}
	}
	return plain
}

func flagWords(flags []flagSpec) string {
	var words []string
	for _, f := range append(append([]flagSpec{}, flags...), globalFlags...) {
		words = append(words, "--"+f.Name)
	}
	return strings.Join(words, " ")
}

func bashCompletion() string {
	var b strings.Builder
	name := shellName()
	fmt.Fprintf(&b, "# bash completion for %s\n_%s_complete() {\n", programName, name)
	b.WriteString("  local cur prev cmd i\n  cur=\"${COMP_WORDS[COMP_CWORD]}\"\n  prev=\"${COMP_WORDS[COMP_CWORD-1]}\"\n  cmd=\"\"\n")
	b.WriteString("  for ((i = 1; i < COMP_CWORD; i++)); do\n    case \"${COMP_WORDS[i]}\" in\n      -*) ;;\n      *) cmd=\"${COMP_WORDS[i]}\"; break ;;\n    esac\n  done\n")
	b.WriteString("  case \"$prev\" in\n")
	seen := map[string]bool{}
	for _, c := range commands() {
		for _, f := range append(append([]flagSpec{}, c.Flags...), globalFlags...) {
			values := strings.Join(plainWords(f.Enum), " ")
			if values == "" || seen[f.Name] {
				continue
			}
			seen[f.Name] = true
			fmt.Fprintf(&b, "    --%s) COMPREPLY=($(compgen -W \"%s\" -- \"$cur\")); return ;;\n", f.Name, values)
		}
	}
	b.WriteString("  esac\n  case \"$cmd\" in\n")
	var names []string
	for _, c := range commands() {
		names = append(names, c.Name)
		fmt.Fprintf(&b, "    %s) COMPREPLY=($(compgen -W \"%s\" -- \"$cur\")) ;;\n", c.Name, flagWords(c.Flags))
	}
	fmt.Fprintf(&b, "    *) COMPREPLY=($(compgen -W \"%s %s\" -- \"$cur\")) ;;\n", strings.Join(names, " "), flagWords(nil))
	b.WriteString("  esac\n  if [[ \"$cur\" != -* && \"$cmd\" != \"\" ]]; then\n    COMPREPLY+=($(compgen -f -- \"$cur\"))\n  fi\n}\n")
	fmt.Fprintf(&b, "complete -F _%s_complete %s\n", name, programName)
	return b.String()
}

// zshQuote escapes a description for a zsh _arguments spec.
func zshQuote(s string) string {
	s = strings.NewReplacer("'", "'\\''", "[", "\\[", "]", "\\]", ":", "\\:").Replace(s)
	if i := strings.IndexAny(s, "\n"); i >= 0 {
		s = s[:i]
	}
	return s
}

func zshCompletion() string {
	var b strings.Builder
	name := shellName()
	fmt.Fprintf(&b, "#compdef %s\n# zsh completion for %s\n\n_%s() {\n  local -a commands\n  commands=(\n", programName, programName, name)
	for _, c := range commands() {
		fmt.Fprintf(&b, "    '%s:%s'\n", c.Name, zshQuote(c.Summary.En))
	}
	b.WriteString("  )\n  if (( CURRENT == 2 )); then\n    _describe -t commands 'command' commands\n    return\n  fi\n  case \"${words[2]}\" in\n")
	for _, c := range commands() {
		fmt.Fprintf(&b, "    %s)\n      _arguments \\\n", c.Name)
		for _, f := range append(append([]flagSpec{}, c.Flags...), globalFlags...) {
			spec := fmt.Sprintf("--%s[%s]", f.Name, zshQuote(flagDoc(f, "en")))
			if f.Value {
				values := "_files"
				if plain := plainWords(f.Enum); len(plain) > 0 {
					values = "(" + strings.Join(plain, " ") + ")"
				}
				spec += ":" + f.Name + ":" + values
			}
			fmt.Fprintf(&b, "        '%s' \\\n", spec)
		}
		b.WriteString("        '*:file:_files'\n      ;;\n")
	}
	// Autoloaded from $fpath the file is the function's body; sourced, it registers the function.
	fmt.Fprintf(&b, "  esac\n}\n\nif [ \"$funcstack[1]\" = \"_%s\" ]; then\n  _%s \"$@\"\nelse\n  compdef _%s %s\nfi\n", name, name, name, programName)
	return b.String()
}
