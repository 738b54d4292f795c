//go:build !wrapperonly

package main

// The subcommands, with cobra: in the full build (urunc-seccomp-exec-tools,
// and what go test builds). The wrapper-only build (make build's
// urunc-seccomp-exec, the one runtimes exec) links none of this and hands
// subcommands to the full build (tools_exec.go).

import (
	"fmt"

	"github.com/spf13/cobra"

	"urunc-seccomp-exec/wrapper"
)

// runSubcommand runs the subcommand args name (help: the root's help).
func runSubcommand(args []string) error {
	cmd := rootCommand()
	cmd.SetArgs(args)
	return cmd.Execute()
}

// rootCommand is the command tree: the subcommands, and the root's help
// (its flags are defined for the help alone: runCommandLine parses them).
func rootCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "urunc-seccomp-exec [flags] [--] MONITOR [ARGS...]",
		Short: "Run a unikernel monitor inside a seccomp sandbox, in place (same PID)",
		Long: `urunc-seccomp-exec confines a unikernel monitor and execs it in place.

solo5-hvt gets a seccomp BPF filter compiled from the embedded allowlist for
its version and this CPU architecture. QEMU gets its own sandbox turned on
(-sandbox ` + wrapper.QEMUSandbox + `).
Firecracker, cloud-hypervisor and solo5-spt filter themselves: arguments that
would switch that off are refused. Flags stop at MONITOR: its arguments pass
through untouched. A first word that names a command below runs that
command instead (so "--dry-run learn" runs a monitor named learn).

Exit codes: 125 the wrapper's own error, 126 monitor not executable,
127 monitor not found; otherwise the monitor's own status.`,
		Args:          cobra.ArbitraryArgs,
		SilenceErrors: true,
		SilenceUsage:  true,
		// Runnable, so that the help shows the usage line; runCommandLine
		// runs monitors, never this.
		Run: func(*cobra.Command, []string) {},
	}
	cmd.Flags().SetInterspersed(false)
	(&rootFlags{}).define(cmd.Flags())
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return fmt.Errorf("%w (see --help)", err)
	})
	for _, build := range subcommands {
		cmd.AddCommand(build())
	}
	return cmd
}

// subcommands are the commands under the root.
var subcommands = []func() *cobra.Command{versionCommand, policyCommand, explainCommand, learnCommand, diagnoseCommand, checkCommand}

func versionCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return printVersion(cmd.OutOrStdout())
		},
	}
}
