// Command urunc-seccomp-exec puts a seccomp sandbox around a unikernel
// monitor and execs it in place: urunc runs it instead of the monitor.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/spf13/pflag"

	"urunc-seccomp-exec/filters"
	"urunc-seccomp-exec/wrapper"
)

// The embedded policies: policies.yaml, parsed at build time into
// generatedSources (catalog_gen.go), so that start-up parses no YAML.
// TestGeneratedCatalog fails when the two differ.
//go:generate go run ./scripts/gencatalog policies.yaml catalog_gen.go

// Set at build time with -ldflags "-X main.version=... -X main.monitorDir=...".
var (
	version = "dev"
	// monitorDir holds the real monitors in drop-in mode; it must be
	// visible inside urunc's monitor root, which bind-mounts /usr/lib.
	monitorDir = "/usr/lib/urunc-seccomp-exec"
)

// monitorDirEnv overrides monitorDir.
const monitorDirEnv = "URUNC_SECCOMP_EXEC_MONITOR_DIR"

// Overlays extend the embedded policies. urunc's monitor root has no /etc,
// so in drop-in mode they are read beside the real monitors.
const (
	overlayDirDefault = "/etc/urunc-seccomp-exec/policies.d"
	overlayDirEnv     = "URUNC_SECCOMP_EXEC_OVERLAYS"
	overlayDirDropIn  = "policies.d" // in monitorDir
)

// overlayDir is the overlay folder: the environment's, else the default.
func overlayDir() string { return envOr(overlayDirEnv, overlayDirDefault) }

// envOr returns the value of the environment variable name, or def when
// it is unset or empty.
func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func main() {
	os.Exit(run(os.Args))
}

// run executes the command line and returns the exit status.
func run(args []string) int {
	var err error
	if m := dropInMonitor(args[0]); m != nil {
		err = runDropIn(m, args)
	} else {
		err = runCommandLine(args[1:])
	}
	code, quiet := exitCode(err)
	if !quiet {
		fmt.Fprintf(os.Stderr, "urunc-seccomp-exec: %v\n", err)
	}
	return code
}

// dropInMonitor returns the monitor whose name the binary was started
// under (a symlink or bind mount named solo5-hvt, qemu-system-x86_64, ...).
func dropInMonitor(argv0 string) *wrapper.Monitor {
	base := filepath.Base(argv0)
	if strings.HasPrefix(base, "urunc-seccomp-exec") {
		return nil
	}
	return wrapper.ForBinary(base)
}

// runDropIn confines and execs the real monitor of that name from the
// monitor directory, every argument unchanged and argv[0] as given.
func runDropIn(m *wrapper.Monitor, args []string) error {
	real, overlays := dropInPaths(args[0])
	if _, err := os.Stat(real); err != nil {
		return wrapper.NotFoundf("started as %s, but the real monitor %s is missing: install it there (or set %s)", filepath.Base(args[0]), real, monitorDirEnv)
	}
	opts := wrapper.Options{Monitor: m.Name, Executable: real, Arch: runtime.GOARCH, Overlays: overlays}
	return prepareAndExec(os.Stdout, os.Stderr, opts, args, false, false)
}

// dropInPaths are where a drop-in started as argv0 finds its real
// monitor (the monitor folder, $URUNC_SECCOMP_EXEC_MONITOR_DIR or the
// built-in one) and its overlays (beside the real monitors, unless
// $URUNC_SECCOMP_EXEC_OVERLAYS names a folder).
func dropInPaths(argv0 string) (real, overlays string) {
	dir := envOr(monitorDirEnv, monitorDir)
	return filepath.Join(dir, filepath.Base(argv0)), envOr(overlayDirEnv, filepath.Join(dir, overlayDirDropIn))
}

// embedded are the policies built in: the catalog (each extends merged in
// when first needed) and its programs compiled at build time.
var embedded = &wrapper.Embedded{
	Catalog: sync.OnceValues(func() (*filters.Catalog, error) {
		return filters.NewCatalog(generatedSources)
	}),
	Programs: generatedPrograms,
}

type rootFlags struct {
	opts    wrapper.Options
	policy  policyFlags
	dryRun  bool
	verbose bool
	audit   bool
	version bool
}

// runCommandLine runs the command line. Its first word alone says what
// runs: the name of a subcommand (or cobra's help and completion) runs
// that subcommand (runSubcommand: through cobra, or in the wrapper-only
// build by the full one); anything else is the root's flags, parsed by
// pflag, then MONITOR [ARGS...]. Cobra for every line measured 10-14% more
// instructions before the window (README's performance section). So
// "--dry-run learn" runs a monitor named learn.
func runCommandLine(args []string) error {
	if len(args) > 0 && isCommandName(args[0]) {
		return runSubcommand(args)
	}
	var f rootFlags
	fl := f.flagSet()
	switch err := fl.Parse(args); {
	case errors.Is(err, pflag.ErrHelp):
		return runSubcommand([]string{"help"})
	case err != nil:
		return fmt.Errorf("%w (see --help)", err)
	}
	if f.version {
		return printVersion(os.Stdout)
	}
	for _, pair := range rootExclusive {
		if fl.Changed(pair[0]) && fl.Changed(pair[1]) {
			return fmt.Errorf("--%s and --%s cannot go together (see --help)", pair[0], pair[1])
		}
	}
	return runMonitor(os.Stdout, os.Stderr, &f, fl.Args())
}

// rootExclusive are the root's flags that cannot go together.
var rootExclusive = [][2]string{{"unconfined", "bundle"}, {"audit", "default-action"}, {"audit", "unconfined"}}

// flagSet is the root's flags alone, without cobra, parsing into f.
func (f *rootFlags) flagSet() *pflag.FlagSet {
	fl := pflag.NewFlagSet("urunc-seccomp-exec", pflag.ContinueOnError)
	fl.SetOutput(io.Discard)  // runCommandLine reports what this refuses
	fl.Usage = func() {}      // and -h prints cobra's help
	fl.SetInterspersed(false) // flags stop at MONITOR
	f.define(fl)
	return fl
}

// define defines the root's flags in fl.
func (f *rootFlags) define(fl *pflag.FlagSet) {
	f.policy.add(fl, "") // --monitor: by default, the one MONITOR's name selects
	fl.StringVar(&f.opts.DefaultAction, "default-action", "", "override the policy's default action: "+strings.Join(filters.ActionNames(), ", "))
	fl.BoolVar(&f.dryRun, "dry-run", false, "print the command that would run and a summary of the filter; run nothing")
	fl.BoolVar(&f.opts.Unconfined, "unconfined", false, "no seccomp allowlist (as --security-opt seccomp=unconfined); solo5-spt still filters itself; the floor, Landlock, the capability drop and no_new_privs stay")
	fl.BoolVar(&f.opts.Unrestricted, "unrestricted", false, "no Landlock, no floor, no capability drop, inherited descriptors kept (not the allowlist: see --unconfined)")
	fl.IntVar(&f.opts.PreserveFds, "preserve-fds", 0, "the monitor also inherits descriptors 3 to 3+`N`-1 (as runc's); every other one but 0-2 and those its command line names is closed")
	fl.StringVar(&f.opts.Bundle, "bundle", "", "OCI bundle `DIR`: seccomp on exactly when its config.json has linux.seccomp (as urunc decides)")
	fl.BoolVar(&f.audit, "audit", false, "run with the default action turned into log: nothing is stopped, the kernel logs what would be (dmesg | grep type=1326)")
	fl.BoolVarP(&f.verbose, "verbose", "v", false, "say on stderr what was decided")
	fl.StringSliceVar(&f.opts.Require, "require", nil, "fail (125) rather than run without this protection: landlock")
	fl.BoolVar(&f.opts.AllowOtherTaps, "allow-other-taps", false, "run a monitor that attaches its tap by name even where another tap in its network namespace is open to it")
	fl.BoolVar(&f.version, "version", false, "print the version")
}

// commandNames are the first words that run a subcommand: theirs, and
// cobra's help, completion and shell-completion requests (spelled here:
// the wrapper-only build links no cobra; TestFirstWordDispatch compares).
var commandNames = []string{"version", "policy", "explain", "learn", "diagnose", "check",
	"help", "completion", "__complete", "__completeNoDesc"}

func isCommandName(word string) bool { return slices.Contains(commandNames, word) }

func printVersion(out io.Writer) error {
	_, err := fmt.Fprintf(out, "urunc-seccomp-exec %s (%s/%s)\n", version, runtime.GOOS, runtime.GOARCH)
	return err
}

// runMonitor runs the monitor the root's flags and args say, with out and
// errOut the command's streams.
func runMonitor(out, errOut io.Writer, f *rootFlags, args []string) error {
	f.opts.Arch = runtime.GOARCH
	switch {
	case f.audit:
		f.opts.DefaultAction = "log"
		fmt.Fprintln(errOut, "urunc-seccomp-exec: AUDIT MODE: the monitor is NOT confined; calls the policy would deny are only logged by the kernel (dmesg | grep type=1326)")
	case f.opts.DefaultAction == "allow" || f.opts.DefaultAction == "log":
		fmt.Fprintf(errOut, "urunc-seccomp-exec: --default-action %s: the monitor is NOT confined; calls the policy does not list are allowed\n", f.opts.DefaultAction)
	}
	if err := f.policy.options(&f.opts); err != nil {
		return err
	}
	return prepareAndExec(out, errOut, f.opts, args, f.dryRun, f.verbose)
}

// prepareAndExec plans and then execs (or prints, for --dry-run).
func prepareAndExec(out, errOut io.Writer, opts wrapper.Options, args []string, dryRun, verbose bool) error {
	plan, err := wrapper.Prepare(embedded, opts, args)
	if err != nil {
		return err
	}
	if verbose && !dryRun { // a dry run prints the decisions on out
		for _, n := range plan.Describe() {
			fmt.Fprintf(errOut, "urunc-seccomp-exec: %s\n", n)
		}
	}
	if dryRun {
		return printPlan(out, plan)
	}
	if plan.Policy == nil && plan.Reach == nil {
		return wrapper.ExecUnfiltered(plan.Path, plan.Argv, os.Environ())
	}
	if plan.Reach != nil && wrapper.LandlockABI() == 0 {
		fmt.Fprintln(errOut, "urunc-seccomp-exec: Landlock is not available on this kernel: the monitor's filesystem access is not restricted (--require landlock makes this an error)")
	}
	return wrapper.ExecFiltered(plan, os.Environ())
}

// printPlan prints the command line (shell-quoted) and the filter summary.
func printPlan(out io.Writer, plan *wrapper.Plan) error {
	words := []string{shellQuote(plan.Path)}
	for _, a := range plan.Argv[1:] {
		words = append(words, shellQuote(a))
	}
	fmt.Fprintln(out, strings.Join(words, " "))
	if plan.Argv[0] != plan.Path {
		fmt.Fprintf(out, "argv[0]: %s\n", shellQuote(plan.Argv[0]))
	}
	monitor := "(none: --policy)"
	if plan.Monitor != nil {
		monitor = plan.Monitor.Name
	}
	fmt.Fprintf(out, "monitor: %s\n", monitor)
	for _, n := range plan.Describe() {
		fmt.Fprintf(out, "decision: %s\n", n)
	}
	if plan.Policy == nil {
		fmt.Fprintln(out, "filter: none of ours")
		return nil
	}
	n, err := plan.Instructions()
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "filter: policy %s, arch %s, default action %s, %d rules, %d instructions\n",
		plan.PolicyName, plan.Policy.Arch.Name, plan.Policy.DefaultAction, len(plan.Policy.Rules), n)
	return nil
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_=/.,:+@%") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
