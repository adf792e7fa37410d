// Command gozip writes a Go module zip that follows the module zip rules (file names, sizes,
// excluded directories), using golang.org/x/mod/zip, the Go team's implementation of them.
//
// Usage: gozip MODULE_PATH VERSION SOURCE_DIR OUTPUT_ZIP
package main

import (
	"fmt"
	"os"

	"golang.org/x/mod/module"
	"golang.org/x/mod/zip"
)

func main() {
	if len(os.Args) != 5 {
		fmt.Fprintln(os.Stderr, "usage: gozip MODULE_PATH VERSION SOURCE_DIR OUTPUT_ZIP")
		os.Exit(2)
	}
	mod := module.Version{Path: os.Args[1], Version: os.Args[2]}
	if err := module.Check(mod.Path, mod.Version); err != nil {
		fmt.Fprintln(os.Stderr, "gozip:", err)
		os.Exit(1)
	}
	out, err := os.Create(os.Args[4])
	if err != nil {
		fmt.Fprintln(os.Stderr, "gozip:", err)
		os.Exit(1)
	}
	if err := zip.CreateFromDir(out, mod, os.Args[3]); err != nil {
		out.Close()
		os.Remove(os.Args[4])
		fmt.Fprintln(os.Stderr, "gozip:", err)
		os.Exit(1)
	}
	if err := out.Close(); err != nil {
		fmt.Fprintln(os.Stderr, "gozip:", err)
		os.Exit(1)
	}
}
