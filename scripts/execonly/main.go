// Command execonly execs its arguments and does nothing else: the floor of
// start-up cost for any Go wrapper, for scripts/bench.sh.
package main

import (
	"os"
	"syscall"
)

func main() {
	err := syscall.Exec(os.Args[1], os.Args[1:], os.Environ())
	os.Stderr.WriteString("execonly: " + err.Error() + "\n")
	os.Exit(126)
}
