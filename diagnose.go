//go:build !wrapperonly

package main

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"urunc-seccomp-exec/abi"
	"urunc-seccomp-exec/filters"
	"urunc-seccomp-exec/kernlog"
	"urunc-seccomp-exec/wrapper"
)

func diagnoseCommand() *cobra.Command {
	var since time.Duration
	var pid int
	var logFile string
	cmd := &cobra.Command{
		Use:   "diagnose [--since DURATION] [--pid PID] [--log FILE]",
		Short: "Explain the kernel's seccomp records (kills, traps, logs) and print the overlay that would allow the calls",
		Long: `diagnose reads the kernel's seccomp audit records (type=1326) from
/dev/kmsg (or syslog(2), as dmesg does) and prints, for each, the program,
its PID, the call by name for its architecture and what the filter did;
then the overlay lines that would allow those calls (put them in
` + overlayDirDefault + `/local.yaml).

When auditd runs, the records go to its log instead: --log /var/log/audit/audit.log.
Reading the kernel log needs root when kernel.dmesg_restrict is 1.`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) > 0 {
				return fmt.Errorf("diagnose takes no arguments (got %q): narrow it with --pid PID or --since DURATION", args[0])
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			if since < 0 || pid < 0 {
				return fmt.Errorf("--since and --pid cannot be negative: give a duration such as 10m, a PID such as 4242")
			}
			records, source, err := readRecords(logFile)
			if err != nil {
				return err
			}
			var keep []kernlog.Record
			for _, r := range records {
				if (pid == 0 || r.PID == pid) && (since == 0 || time.Since(r.Time) <= since) {
					keep = append(keep, r)
				}
			}
			return diagnose(cmd.OutOrStdout(), cmd.ErrOrStderr(), keep, source, since, pid)
		},
	}
	cmd.Flags().DurationVar(&since, "since", 0, "only records of the last `DURATION` (such as 10m or 1h)")
	cmd.Flags().IntVar(&pid, "pid", 0, "only records of this `PID`")
	cmd.Flags().StringVar(&logFile, "log", "", "read records from `FILE` (auditd's audit.log, saved dmesg or journalctl -k output; - for stdin)")
	return cmd
}

func readRecords(logFile string) ([]kernlog.Record, string, error) {
	if logFile == "" {
		lines, err := kernlog.ReadKernel()
		if errors.Is(err, kernlog.ErrRestricted) {
			return nil, "", fmt.Errorf("cannot read the kernel log: %w: run diagnose as root, or sudo sysctl kernel.dmesg_restrict=0, or pass --log FILE", err)
		} else if err != nil {
			return nil, "", fmt.Errorf("cannot read the kernel log: %w: run diagnose as root, or pass --log FILE", err)
		}
		var out []kernlog.Record
		for _, l := range lines {
			if r, ok := kernlog.Parse(l); ok {
				out = append(out, r)
			}
		}
		return out, "the kernel log", nil
	}
	var in io.Reader = os.Stdin
	if logFile != "-" {
		f, err := os.Open(logFile)
		if err != nil {
			return nil, "", fmt.Errorf("--log: %w", err)
		}
		defer f.Close()
		in = f
	}
	records, err := kernlog.ParseAll(in)
	if err != nil {
		return nil, "", fmt.Errorf("--log %s: %w", logFile, err)
	}
	return records, logFile, nil
}

// outcome says in one word what the filter did.
func outcome(code uint32) string {
	a := filters.ActionFromRet(code)
	switch a.Kind {
	case filters.KindKillProcess:
		return "KILLED"
	case filters.KindKillThread:
		return "KILLED-THREAD"
	case filters.KindTrap:
		return "TRAPPED"
	case filters.KindLog:
		return "LOGGED"
	case filters.KindErrno:
		return "DENIED-" + a.String()
	}
	return strings.ToUpper(a.String())
}

// neverForAMonitor are calls hardened profiles (Docker's, Firecracker's,
// gVisor's) never allow a monitor: a monitor making them is compromised or
// misconfigured, so diagnose does not offer them as plain overlay lines.
var neverForAMonitor = map[string]bool{
	"add_key": true, "bpf": true, "execve": true, "execveat": true, "fsconfig": true, "fsmount": true,
	"fsopen": true, "init_module": true, "finit_module": true, "delete_module": true, "io_uring_enter": true,
	"io_uring_register": true, "io_uring_setup": true, "kexec_file_load": true, "kexec_load": true, "keyctl": true,
	"mount": true, "move_mount": true, "open_tree": true, "perf_event_open": true, "pivot_root": true,
	"process_vm_readv": true, "process_vm_writev": true, "ptrace": true, "reboot": true, "request_key": true,
	"setns": true, "swapon": true, "umount2": true, "unshare": true, "userfaultfd": true, "acct": true,
}

// reportLine is one line of diagnose's report: the same call denied to the same
// program the same way, however often.
type reportLine struct {
	outcome, comm, exe, name, abi, goArch string
	nr                                    uint32
}

func diagnose(out, errOut io.Writer, records []kernlog.Record, source string, since time.Duration, pid int) error {
	if len(records) == 0 {
		what := "no seccomp records (type=1326) in " + source
		if since > 0 {
			what += fmt.Sprintf(" in the last %s", since)
		}
		if pid > 0 {
			what += fmt.Sprintf(" for pid %d", pid)
		}
		fmt.Fprintln(errOut, "urunc-seccomp-exec: "+what)
		if _, err := os.Stat("/var/log/audit/audit.log"); err == nil && source == "the kernel log" {
			fmt.Fprintln(errOut, "urunc-seccomp-exec: auditd may hold them: diagnose --log /var/log/audit/audit.log")
		}
		return nil
	}
	var order []reportLine
	count := map[reportLine]int{}
	last := map[reportLine]kernlog.Record{}
	for _, r := range records {
		name, abi, goArch := kernlog.SyscallName(r.Arch, r.Nr)
		k := reportLine{outcome(r.Code), r.Comm, r.Exe, name, abi, goArch, r.Nr}
		if count[k] == 0 {
			order = append(order, k)
		}
		count[k]++
		last[k] = r
	}
	byArch := map[string]map[string]bool{} // Go arch -> names to allow
	var notes []string
	programs := map[string]bool{}
	for _, k := range order {
		r := last[k]
		times := ""
		if count[k] > 1 {
			times = fmt.Sprintf(" (%d times, the last)", count[k])
		}
		fmt.Fprintf(out, "%-8s %s (%s %d) in %s (%s) pid %d at %s%s\n",
			k.outcome, k.name, k.abi, k.nr, k.comm, k.exe, r.PID, r.Time.Local().Format("2006-01-02 15:04:05"), times)
		switch {
		case k.goArch == "":
			notes = append(notes, fmt.Sprintf("%s (%s) is a call of another ABI: every filter of ours kills those; no overlay can allow them", k.name, k.abi))
		default:
			if byArch[k.goArch] == nil {
				byArch[k.goArch] = map[string]bool{}
			}
			byArch[k.goArch][k.name] = true
			programs[filepath.Base(k.exe)] = true
		}
	}
	groups, more := overlayGroups(byArch)
	notes = append(notes, more...)
	fmt.Fprintf(out, "\n# To allow these calls, put the lines below in %s/local.yaml\n", overlayDirDefault)
	fmt.Fprintln(out, "# (owned by root, not writable by others); check with: urunc-seccomp-exec --dry-run -v solo5-hvt ...")
	for _, p := range slices.Sorted(maps.Keys(programs)) {
		if m := wrapper.ForBinary(p); m == nil || m.OwnFilter {
			fmt.Fprintf(out, "# %s is not a monitor the wrapper filters: overlays extend the wrapper's own policies (solo5-hvt's); with --policy FILE, add the names to FILE instead.\n", p)
		}
	}
	for _, n := range notes {
		fmt.Fprintf(out, "# %s\n", n)
	}
	if len(groups) == 0 {
		return nil
	}
	return filters.WriteOverlay(out, "solo5-hvt", groups...)
}

// overlayGroups makes one allow group per architecture, and notes for the
// names that cannot go there as plain names: the ones solo5-hvt's policy
// allows only with certain arguments (a plain name would conflict), and the
// ones no monitor should make (in a group written commented out).
func overlayGroups(byArch map[string]map[string]bool) (groups []filters.OverlayGroup, notes []string) {
	for _, a := range slices.Sorted(maps.Keys(byArch)) {
		decided := embeddedDecisions(a)
		var names, withArgs, never, allowed []string
		for _, n := range slices.Sorted(maps.Keys(byArch[a])) {
			switch d := decided[n]; {
			case neverForAMonitor[n]:
				never = append(never, n)
			case d == "arguments":
				withArgs = append(withArgs, n)
			case d == "allow":
				allowed = append(allowed, n)
			case d != "":
				notes = append(notes, fmt.Sprintf("%s: %s: solo5-hvt's policy answers it with %s on purpose (see its comment in policies.yaml)", a, n, d))
			default:
				names = append(names, n)
			}
		}
		if len(allowed) > 0 {
			notes = append(notes, fmt.Sprintf("%s: %s: solo5-hvt's policy already allows these: those records came from another filter (urunc's own, another wrapper or --policy)", a, strings.Join(allowed, ", ")))
		}
		if len(withArgs) > 0 {
			notes = append(notes, fmt.Sprintf("%s: %s: the policy allows these only with certain arguments, which the record does not carry: find them with urunc-seccomp-exec learn --monitor solo5-hvt -- MONITOR ARGS..., and add names_with_args rules", a, strings.Join(withArgs, ", ")))
		}
		if len(never) > 0 {
			notes = append(notes, fmt.Sprintf("%s: %s: hardened profiles never allow these to a monitor: find out why it made them before you allow them", a, strings.Join(never, ", ")))
		}
		if len(names) > 0 {
			groups = append(groups, filters.OverlayGroup{Arch: a, Policy: allowing(a, names)})
		}
		if len(never) > 0 {
			groups = append(groups, filters.OverlayGroup{Arch: a, Policy: allowing(a, never), Commented: true})
		}
	}
	return groups, notes
}

// allowing is a policy for the Go architecture arch that allows the named
// calls (names of that architecture's calls, from the kernel's records).
func allowing(arch string, names []string) *filters.Policy {
	native, _ := abi.ForGo(arch)
	p := &filters.Policy{Arch: native}
	for _, n := range names {
		nr, _ := native.Number(n)
		p.Rules = append(p.Rules, filters.Rule{Name: n, Nr: nr, Action: filters.Action{Kind: filters.KindAllow}})
	}
	return p
}

// embeddedDecisions says how solo5-hvt's policy (for any version) decides
// each call it names: "allow", "arguments" (allowed with some arguments
// only), or its action.
func embeddedDecisions(arch string) map[string]string {
	out := map[string]string{}
	c, err := embedded.Catalog()
	if err != nil {
		return out
	}
	p, err := c.Select(wrapper.Solo5HVT.Name, nil).Resolve(arch)
	if err != nil {
		return out
	}
	for _, r := range p.Rules {
		switch {
		case len(r.Conditions) > 0:
			out[r.Name] = "arguments"
		case r.Action == filters.Allow:
			out[r.Name] = "allow"
		default:
			out[r.Name] = r.Action.String()
		}
	}
	return out
}
