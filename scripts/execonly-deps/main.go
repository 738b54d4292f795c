// Command execonly-deps execs its arguments, as scripts/execonly does, with
// the libraries the wrapper links imported: the floor their package
// initialisation sets for start-up, for scripts/bench.sh.
package main

import (
	_ "debug/elf"
	_ "encoding/json"
	"os"
	"syscall"

	_ "github.com/goccy/go-yaml"
	_ "github.com/landlock-lsm/go-landlock/landlock"
	_ "github.com/spf13/pflag"
	_ "golang.org/x/net/bpf"
	_ "golang.org/x/sys/unix"
)

func main() {
	err := syscall.Exec(os.Args[1], os.Args[1:], os.Environ())
	os.Stderr.WriteString("execonly-deps: " + err.Error() + "\n")
	os.Exit(126)
}
