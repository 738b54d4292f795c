//go:build !wrapperonly

package main

import (
	"bytes"
	"context"
	"debug/buildinfo"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/sys/unix"

	"urunc-seccomp-exec/filters"
	"urunc-seccomp-exec/kernlog"
	"urunc-seccomp-exec/wrapper"
)

// checker prints one PASS or FAIL line per check and remembers failures.
type checker struct {
	out    io.Writer
	failed int
}

func (c *checker) pass(what, format string, a ...any) {
	fmt.Fprintf(c.out, "PASS %-9s %s\n", what, fmt.Sprintf(format, a...))
}

// warn: a protection is missing, but the wrapper still runs.
func (c *checker) warn(what, format string, a ...any) {
	fmt.Fprintf(c.out, "WARN %-9s %s\n", what, fmt.Sprintf(format, a...))
}

// skip: a check that was not made, and how to make it.
func (c *checker) skip(what, format string, a ...any) {
	fmt.Fprintf(c.out, "SKIP %-9s %s\n", what, fmt.Sprintf(format, a...))
}

func (c *checker) fail(what, format string, a ...any) {
	c.failed++
	fmt.Fprintf(c.out, "FAIL %-9s %s\n", what, fmt.Sprintf(format, a...))
}

func checkCommand() *cobra.Command {
	var pf policyFlags
	var require []string
	cmd := &cobra.Command{
		Use:   "check [--monitor NAME] [--monitor-version V] [--policy FILE] [--overlays DIR] [MONITOR]",
		Short: "Preflight: can this host confine MONITOR? One PASS/FAIL line per check, with the fix",
		Long: `check tests what the wrapper needs on this host: seccomp in the kernel and
its actions, no_new_privs, /dev/kvm, the overlays; and with MONITOR: that it
is found, its version and policy, and a real run of MONITOR --version under
that policy through this wrapper (the dynamic loader and libc start-up).
Exit status 1 if any check fails.`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) > 1 {
				return fmt.Errorf("check takes one MONITOR at most (got %d): urunc-seccomp-exec check [flags] [MONITOR]", len(args))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := wrapper.CheckRequire(require); err != nil {
				return err
			}
			c := &checker{out: cmd.OutOrStdout()}
			opts := wrapper.Options{Arch: runtime.GOARCH, Monitor: pf.monitor, MonitorVersion: pf.version,
				Overlays: pf.overlays, AllowLoosen: pf.allowLoosen, Require: require}
			checkSeccomp(c)
			checkNoNewPrivs(c)
			var t *target
			if len(args) == 1 {
				t = findTarget(c, &opts, args[0])
			}
			monitor := monitorFor(opts.Monitor, args)
			checkProtections(c, opts, monitor)
			checkKVM(c, monitor)
			checkOverlays(c, opts.Overlays, opts.AllowLoosen)
			if t != nil {
				checkMonitor(c, opts, &pf, t)
			} else if len(args) == 0 {
				c.skip("monitor", "none named: check [--monitor NAME] MONITOR also checks that monitor: its version, its policy and a run of MONITOR --version through the wrapper")
			}
			if c.failed > 0 {
				fmt.Fprintf(c.out, "%d check(s) failed\n", c.failed)
				return exitStatus(1)
			}
			return nil
		},
	}
	pf.add(cmd.Flags(), "") // --monitor: by default, the one MONITOR's name selects
	cmd.Flags().StringSliceVar(&require, "require", nil, "FAIL rather than WARN when this protection is missing, as the wrapper with --require does: landlock")
	return cmd
}

// checkProtections reports what confines the monitor (m; nil: any)
// beyond seccomp here: Landlock and the capabilities it keeps.
func checkProtections(c *checker, opts wrapper.Options, m *wrapper.Monitor) {
	who := "the monitor"
	if m != nil {
		who = m.Name
	}
	switch abi := wrapper.LandlockABI(); {
	case abi > 0:
		c.pass("landlock", "ABI %d: %s may open only what its command line names and execute only itself and its loader", abi, who)
	case slices.Contains(opts.Require, "landlock"):
		c.fail("landlock", "not available on this kernel: use Linux 5.13 or later with landlock in its lsm= list")
	default:
		c.warn("landlock", "not available on this kernel (Linux 5.13 or later, landlock in lsm=): %s's files are limited by seccomp alone", who)
	}
	checkFloor(c, m, who)
	switch {
	case os.Geteuid() == 0:
		c.pass("caps", "root: %s's capabilities are dropped at execve", who)
	default:
		c.pass("caps", "not root: %s, exec'd under no_new_privs, gets no capability", who)
	}
}

// checkFloor says what bounds what Landlock at this kernel's ABI does not
// govern, for the monitor m (nil: any): its allowlist, or the floor.
func checkFloor(c *checker, m *wrapper.Monitor, who string) {
	const beyond = "modes, owners, xattrs, keyrings, SysV IPC, io_uring, TCP/UDP sockets, connect, TIOCSTI, a second exec"
	abi := wrapper.LandlockABI()
	switch {
	case m != nil && !m.OwnFilter:
		c.pass("floor", "what Landlock ABI %d does not govern (%s): %s's allowlist denies it (a UDP socket it allows cannot send); under --unconfined, the wrapper's floor", abi, beyond, who)
	case m != nil:
		c.pass("floor", "what Landlock ABI %d does not govern (%s): the wrapper's floor, stacked under %s's own filter", abi, beyond, who)
	default:
		c.pass("floor", "what Landlock ABI %d does not govern (%s): solo5-hvt's allowlist, or the wrapper's floor under monitors that filter themselves and under --unconfined", abi, beyond)
	}
	if abi < 9 {
		c.pass("connect", "Landlock governs connect to a unix socket by path from ABI 9; at ABI %d the allowlist or the floor denies connect unless the command line names a socket", abi)
	}
}

func monitorFor(name string, args []string) *wrapper.Monitor {
	if name != "" {
		return wrapper.ByName(name)
	}
	if len(args) == 1 {
		return wrapper.ForBinary(filepath.Base(args[0]))
	}
	return nil
}

func checkSeccomp(c *checker) {
	mode, err := unix.PrctlRetInt(unix.PR_GET_SECCOMP, 0, 0, 0, 0)
	if err != nil {
		c.fail("seccomp", "the kernel has no seccomp (%v): use a kernel built with CONFIG_SECCOMP_FILTER", err)
		return
	}
	if mode == 2 {
		// Filters stack: one around this process (urunc's own, a container
		// profile) also bounds the monitor, and may deny what we allow.
		defer c.warn("stacked", "this process already runs under a seccomp filter: it also bounds the monitor; if it kills, check it is not urunc's own hvt filter (see README)")
	}
	data, err := os.ReadFile("/proc/sys/kernel/seccomp/actions_avail")
	if err != nil {
		c.pass("seccomp", "supported (the actions are not readable here: %v)", err)
		return
	}
	avail := strings.Fields(string(data))
	has := map[string]bool{}
	for _, a := range avail {
		has[a] = true
	}
	for _, need := range []string{"kill_process", "errno", "allow"} {
		if !has[need] {
			c.fail("seccomp", "the kernel lacks the %s action (it has: %s): use Linux 4.14 or later", need, strings.Join(avail, " "))
			return
		}
	}
	note := ""
	if !has["log"] {
		note = " (no log action: --audit will not work)"
	}
	c.pass("seccomp", "filters supported; actions: %s%s", strings.Join(avail, " "), note)
}

// checkNoNewPrivs sets no_new_privs on a thread of its own, which then
// ends with the check (a locked goroutine's thread exits with it).
func checkNoNewPrivs(c *checker) {
	done := make(chan error)
	go func() {
		runtime.LockOSThread() // never unlocked: the thread goes away
		if err := unix.Prctl(unix.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0); err != nil {
			done <- err
			return
		}
		v, err := unix.PrctlRetInt(unix.PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0)
		if err == nil && v != 1 {
			err = fmt.Errorf("reads back %d", v)
		}
		done <- err
	}()
	if err := <-done; err != nil {
		c.fail("nnp", "PR_SET_NO_NEW_PRIVS failed (%v): an unprivileged process needs it to install a filter; check the LSM policy (AppArmor, SELinux)", err)
		return
	}
	c.pass("nnp", "no_new_privs can be set")
}

func checkKVM(c *checker, m *wrapper.Monitor) {
	needed := m == nil || m.NeedsKVM
	fd, err := unix.Open("/dev/kvm", unix.O_RDWR|unix.O_CLOEXEC, 0)
	if err == nil {
		defer unix.Close(fd)
		const kvmGetAPIVersion = 0xae00
		v, err := unix.IoctlRetInt(fd, kvmGetAPIVersion)
		if err != nil || v != 12 {
			c.fail("kvm", "/dev/kvm answers KVM_GET_API_VERSION with %d (%v), not 12: check the kvm module", v, err)
			return
		}
		c.pass("kvm", "/dev/kvm opens read-write, API version 12")
		return
	}
	fix := "load the kvm module (modprobe kvm_intel or kvm_amd), or enable (nested) virtualization"
	if errors.Is(err, unix.EACCES) || errors.Is(err, unix.EPERM) {
		fix = "add this user to the group that owns /dev/kvm (usually kvm), or run as root"
	}
	if !needed {
		c.pass("kvm", "/dev/kvm: %v (%s does not need it)", err, m.Name)
		return
	}
	c.fail("kvm", "/dev/kvm: %v: %s", err, fix)
}

func checkOverlays(c *checker, dir string, allowLoosen bool) {
	overlays, err := wrapper.LoadOverlays(dir)
	if err != nil {
		c.fail("overlays", "%v", err)
		return
	}
	if len(overlays) == 0 {
		c.pass("overlays", "none in %s", dir)
		return
	}
	cat, err := embedded.Catalog()
	if err != nil {
		c.fail("overlays", "%v", err)
		return
	}
	// As the wrapper applies them, on whichever policy a version selects.
	for _, base := range cat.Sources {
		src, _, err := wrapper.ApplyOverlays(base, base.Monitor, dir, allowLoosen)
		if err == nil {
			_, err = src.Resolve(runtime.GOARCH)
		}
		if err != nil {
			c.fail("overlays", "with policy %s: %v", base.Name, err)
			return
		}
	}
	var names []string
	for _, o := range overlays {
		names = append(names, o.File)
	}
	c.pass("overlays", "%d valid: %s", len(overlays), strings.Join(names, ", "))
}

// target is the monitor check was given: its path, and for a drop-in
// (this wrapper installed under a monitor's name) the real monitor it runs.
type target struct {
	path   string
	dropIn bool
}

// findTarget finds MONITOR and says what it is (the monitor line). A
// drop-in runs the real monitor from the monitor folder with the overlays
// beside it: opts is set so that the checks are of that monitor, and it is
// run through the drop-in, as urunc would start it. nil: not found.
func findTarget(c *checker, opts *wrapper.Options, monitor string) *target {
	path, err := wrapper.Lookup(monitor)
	if err != nil {
		c.fail("monitor", "%v", err)
		return nil
	}
	if !isThisWrapper(path) {
		c.pass("monitor", "%s: %s", path, versionLine(monitorFor(opts.Monitor, []string{path}), path))
		return &target{path: path}
	}
	m := dropInMonitor(path)
	if m == nil {
		c.fail("monitor", "%s is this wrapper, under a name that is no monitor's (%s): run it as urunc-seccomp-exec, or install it under the name of the monitor it stands in for", path, strings.Join(wrapper.Names(), ", "))
		return nil
	}
	real, overlays := dropInPaths(path)
	if _, err := wrapper.Lookup(real); err != nil {
		c.fail("monitor", "%s is this wrapper as a drop-in for %s, but the real monitor is not usable: %v", path, m.Name, err)
		return nil
	}
	c.pass("monitor", "%s is this wrapper as a drop-in for %s; the real monitor %s: %s", path, m.Name, real, versionLine(m, real))
	opts.Monitor, opts.Executable, opts.Overlays = m.Name, real, overlays
	return &target{path: path, dropIn: true}
}

func checkMonitor(c *checker, opts wrapper.Options, pf *policyFlags, t *target) {
	var err error
	path := t.path
	if opts.Policy, err = pf.readPolicy(); err != nil {
		c.fail("policy", "%v", err)
		return
	}
	plan, err := wrapper.Prepare(embedded, opts, []string{path})
	if err != nil {
		c.fail("policy", "%v", err)
		return
	}
	switch {
	case plan.Policy != nil && !plan.Floor:
		n, err := plan.Instructions()
		if err != nil {
			c.fail("policy", "%s: %v", plan.PolicyName, err)
			return
		}
		// The decisions, without the filter (this line) and the reach
		// (the landlock and caps lines; --dry-run -v lists it).
		c.pass("policy", "%s: %d rules, %d instructions, default %s %v", plan.PolicyName, len(plan.Policy.Rules), n, plan.Policy.DefaultAction, plan.Notes)
		// W^X: memory both writable and executable, asked of the policy.
		p, allowed := plan.Policy, []string{}
		for _, call := range []string{"mmap", "mprotect"} {
			wx := filters.SeccompData{Nr: p.Arch.MustNumber(call), Arch: uint32(p.Arch.ID), Args: [6]uint64{0, 4096, unix.PROT_READ | unix.PROT_WRITE | unix.PROT_EXEC}}
			if p.Decide(wx) == filters.Allow {
				allowed = append(allowed, call)
			}
		}
		if len(allowed) > 0 {
			c.warn("w^x", "the policy allows %s with PROT_WRITE|PROT_EXEC: the monitor can write and run code", strings.Join(allowed, " and "))
		} else {
			c.pass("w^x", "mmap and mprotect with PROT_WRITE|PROT_EXEC: refused")
		}
	default:
		n, err := plan.Instructions()
		if err != nil {
			c.fail("policy", "the floor: %v", err)
			return
		}
		c.pass("policy", "%s filters itself; the wrapper's floor under it: %d instructions (--dry-run -v lists both)", plan.Monitor.Name, n)
	}
	if t.dropIn {
		checkRun(c, plan, path, []string{path, "--version"})
		return
	}
	self, err := os.Executable()
	if err != nil {
		c.fail("run", "cannot find this program to run the monitor through it: %v", err)
		return
	}
	checkRun(c, plan, "urunc-seccomp-exec", append(append([]string{self}, pf.args()...), "--", path, "--version"))
}

// isThisWrapper: the file at path is a build of this program (a drop-in
// installed under a monitor's name), by the module its Go build
// information names.
func isThisWrapper(path string) bool {
	info, err := buildinfo.ReadFile(path)
	return err == nil && info.Main.Path == thisModule
}

// thisModule is this program's module path, as Go's build information
// records it in every build.
const thisModule = "urunc-seccomp-exec"

// versionLine says which version the monitor's binary (m: its adapter;
// nil: none) was built as, read from the file (nothing runs unfiltered).
func versionLine(m *wrapper.Monitor, path string) string {
	if m == nil || m.Version == nil {
		return "found"
	}
	v, seen := m.Version(path)
	if v == nil {
		return "found (" + seen + ")"
	}
	return m.Name + ", version " + seen + " (read from the binary)"
}

// checkRun runs MONITOR --version through the wrapper (argv; shown as
// name), as urunc would run the monitor: filter installed, then execve.
func checkRun(c *checker, plan *wrapper.Plan, name string, argv []string) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var out bytes.Buffer
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.WaitDelay = time.Second // a child left holding the output cannot hold check
	err := cmd.Run()
	shown := strings.Join(append([]string{name}, argv[1:]...), " ")
	if err == nil {
		first, _, _ := strings.Cut(strings.TrimSpace(out.String()), "\n")
		how := "under our filter"
		if plan.Floor {
			how = "through the wrapper (the monitor's own sandbox, the floor under it)"
		}
		c.pass("run", "%s: exit 0 %s (%s)", shown, how, first)
		return
	}
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		c.fail("run", "%s: %v", shown, err)
		return
	}
	ws := ee.Sys().(syscall.WaitStatus)
	if ws.Signaled() && ws.Signal() == syscall.SIGSYS {
		c.fail("run", "%s: killed by SIGSYS%s: see urunc-seccomp-exec diagnose --pid %d, and the README's \"When a monitor is killed by SIGSYS\"",
			shown, killedAt(ee.Pid()), ee.Pid())
		return
	}
	last := strings.TrimSpace(out.String())
	if i := strings.LastIndex(last, "\n"); i >= 0 {
		last = last[i+1:]
	}
	c.fail("run", "%s: %v: %s", shown, err, last)
}

// killedAt names the call the kernel logged for a killed PID, if it can.
func killedAt(pid int) string {
	lines, err := kernlog.ReadKernel()
	if err != nil {
		return ""
	}
	for i := len(lines) - 1; i >= 0; i-- {
		if r, ok := kernlog.Parse(lines[i]); ok && r.PID == pid {
			name, abi, _ := kernlog.SyscallName(r.Arch, r.Nr)
			return fmt.Sprintf(" at %s (%s %d)", name, abi, r.Nr)
		}
	}
	return ""
}
