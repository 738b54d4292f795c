//go:build !wrapperonly

package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/sys/unix"

	"urunc-seccomp-exec/filters"
	"urunc-seccomp-exec/recorder"
	"urunc-seccomp-exec/wrapper"
)

func learnCommand() *cobra.Command {
	var out string
	var pf policyFlags
	var runs int
	var overlay bool
	cmd := &cobra.Command{
		Use:   "learn [-o FILE] [--monitor NAME [--overlay] | --policy FILE] [--runs N] [--] CMD [ARGS...]",
		Short: "Run CMD under ptrace and write the policy that allows exactly what it called",
		Long: `learn runs CMD under ptrace, following every thread and child from its
execve to its exit, and writes a policy in this project's schema: default
kill_process, every syscall it made by name, and conditional rules for the
arguments the embedded policies check (ioctl requests, by their low 32 bits;
socket, clone, fcntl, prctl, personality values).

--monitor NAME (or --policy FILE) also compares the run with the policy
the wrapper would apply to that monitor (embedded, plus overlays; or the
file), on stderr: what it lacks,
and what it allows that the run never used. With --overlay, what it lacks
is written as an overlay for that monitor instead of a whole policy: put it
in the overlay folder and the monitor runs.

Calls that depend on timing (futex under contention) may not happen in
every run: --runs N records N runs and allows what any of them called.
The exit status is CMD's, of its last run (128+N if a signal N killed
it). learn forwards SIGTERM and SIGHUP to CMD and outlives SIGINT and
SIGQUIT (the terminal sends those to CMD too). A job-control stop does not
hold a traced program.`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) == 0 {
				return fmt.Errorf("learn needs a command to run: urunc-seccomp-exec learn [flags] -- CMD [ARGS...]")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if overlay && pf.monitor == "" {
				return fmt.Errorf("--overlay needs --monitor NAME: the monitor whose policy the overlay extends")
			}
			return learn(cmd, args, out, &pf, runs, overlay)
		},
	}
	cmd.Flags().SetInterspersed(false) // flags stop at CMD
	cmd.Flags().StringVarP(&out, "output", "o", "", "write the policy to `FILE` (default: stdout, after CMD's own output)")
	pf.add(cmd.Flags(), "") // --monitor or --policy: compare with that policy
	cmd.Flags().IntVar(&runs, "runs", 1, "record CMD this many times and allow what any run called")
	cmd.Flags().BoolVar(&overlay, "overlay", false, "with --monitor: write only what that monitor's policy lacks, as an overlay")
	return cmd
}

func learn(cmd *cobra.Command, argv []string, out string, pf *policyFlags, runs int, overlay bool) error {
	if runs < 1 {
		return fmt.Errorf("--runs %d: give 1 or more", runs)
	}
	arch := runtime.GOARCH
	info, err := filters.ArchABI(arch)
	if err != nil {
		return err
	}
	// Decide everything that can fail before CMD runs.
	var compareWith *wrapper.Plan
	if pf.monitor != "" || pf.file != "" {
		opts := wrapper.Options{Arch: arch}
		if err := pf.options(&opts); err != nil {
			return err
		}
		if compareWith, err = wrapper.Prepare(embedded, opts, argv); err != nil {
			return err
		}
		if compareWith.Policy == nil {
			return fmt.Errorf("--monitor %s: the wrapper applies no filter of its own to it (the monitor filters itself): nothing to compare", pf.monitor)
		}
	}
	if _, err := wrapper.Lookup(argv[0]); err != nil {
		return err
	}
	if _, err := os.Stat(out); overlay && err == nil {
		// Overlays in a folder add up; replacing one could drop calls it allowed.
		return fmt.Errorf("-o %s exists: write the overlay to a new file beside it", out)
	}
	checked, err := checkedArgs(arch, compareWith)
	if err != nil {
		return err
	}

	rec := recorder.Recording{}
	var status unix.WaitStatus
	for i := 0; i < runs; i++ {
		r, ws, err := recorder.Run(argv, os.Stdin, os.Stdout, os.Stderr, checked.Keep(uint32(info.ID)))
		if errors.Is(err, unix.EPERM) {
			return fmt.Errorf("learn: ptrace is not permitted here (%w): kernel.yama.ptrace_scope=3, or a container's seccomp profile or missing CAP_SYS_PTRACE; run learn on the host", err)
		} else if err != nil {
			return fmt.Errorf("learn: %w", err)
		}
		rec.Add(r)
		status = ws
	}
	learned := rec
	if overlay {
		learned = rec.DeniedBy(compareWith.Policy)
	}
	policy, err := learned.Policy(arch, checked)
	if err != nil {
		return fmt.Errorf("learn: %w", err)
	}
	if _, err := filters.Compile(policy); err != nil {
		return fmt.Errorf("learn: the learned policy does not compile: %w", err)
	}
	if overlay && len(policy.Rules) == 0 {
		fmt.Fprintf(cmd.ErrOrStderr(), "urunc-seccomp-exec: no overlay written: %s allows every call this run made\n", compareWith.PolicyName)
	} else if err := writeLearned(cmd.OutOrStdout(), out, argv, runs, policy, overlay, pf.monitor); err != nil {
		return fmt.Errorf("-o: %w", err)
	}
	what := "learned"
	if overlay {
		what = "the overlay adds"
	}
	fmt.Fprintf(cmd.ErrOrStderr(), "urunc-seccomp-exec: %s %d syscalls (%d rules), from %d calls\n", what, len(policy.Names()), len(policy.Rules), callCount(rec))
	if compareWith != nil {
		printDiff(cmd.ErrOrStderr(), rec.Compare(compareWith.Policy), compareWith)
	}
	return exitStatus(waitCode(status))
}

// writeLearned writes the policy (or the overlay) to out, or stdout.
func writeLearned(stdout io.Writer, out string, argv []string, runs int, policy *filters.Policy, overlay bool, monitor string) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# Learned by urunc-seccomp-exec learn from %d run(s) of: %s\n", runs, strings.Join(argv, " "))
	if overlay {
		filters.WriteOverlay(&b, monitor, filters.OverlayGroup{Policy: policy})
	} else {
		filters.WriteYAML(&b, policy)
	}
	if out == "" {
		_, err := stdout.Write(b.Bytes())
		return err
	}
	return os.WriteFile(out, b.Bytes(), 0o644)
}

// checkedArgs is which arguments to record: those any embedded policy (and
// the policy compared with) checks on this architecture.
func checkedArgs(arch string, compareWith *wrapper.Plan) (recorder.ArgMasks, error) {
	c, err := embedded.Catalog()
	if err != nil {
		return nil, err
	}
	var policies []*filters.Policy
	for _, s := range c.Sources {
		p, err := s.Resolve(arch)
		if err != nil {
			return nil, err
		}
		policies = append(policies, p)
	}
	if compareWith != nil {
		policies = append(policies, compareWith.Policy)
	}
	return recorder.Checked(policies...), nil
}

func callCount(r recorder.Recording) int {
	n := 0
	for _, k := range r {
		n += k
	}
	return n
}

func printDiff(w io.Writer, d recorder.Diff, plan *wrapper.Plan) {
	say := func(format string, a ...any) { fmt.Fprintf(w, "urunc-seccomp-exec: "+format+"\n", a...) }
	say("compared with %s:", plan.PolicyName)
	if len(d.Denied) == 0 {
		say("  it lacks nothing this run called")
	}
	for _, s := range d.Denied {
		say("  lacks      %s", s)
	}
	for _, s := range d.Answered {
		say("  answers    %s: an error instead of the call, on purpose (glibc falls back from clone3 to clone)", s)
	}
	if len(d.Unused) > 0 {
		say("  never used %d: %s", len(d.Unused), strings.Join(d.Unused, ", "))
	}
}

// waitCode is the shell's exit status for a wait status.
func waitCode(ws unix.WaitStatus) int {
	if ws.Signaled() {
		return 128 + int(ws.Signal())
	}
	return ws.ExitStatus()
}
