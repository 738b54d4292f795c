//go:build wrapperonly

package main

// The wrapper-only build (make build's urunc-seccomp-exec, the binary
// runtimes exec at every monitor start) links no cobra and no subcommand:
// that costs 1.3 ms and 33 page faults a start (README's performance
// section). It hands subcommands to the full build installed beside it.

import (
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// toolsName is the full build's name: it runs the subcommands (and
// monitors, as this one does).
const toolsName = "urunc-seccomp-exec-tools"

// runSubcommand execs the full build beside this program with args.
func runSubcommand(args []string) error {
	self, err := os.Executable()
	if err != nil {
		return fmt.Errorf("%s: finding this program, to run %s beside it: %w", args[0], toolsName, err)
	}
	tools := filepath.Join(filepath.Dir(self), toolsName)
	err = unix.Exec(tools, append([]string{tools}, args...), os.Environ())
	return fmt.Errorf("%s is run by %s, which cannot be run (%w): install it beside %s (make build makes both)", args[0], tools, err, self)
}
