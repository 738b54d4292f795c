// Command bench measures side by side what scripts/bench.sh reports:
// instructions executed by our program and by go-seccomp-bpf's linear
// program for the same policy, and wrapper start-up against programs that
// only exec (Go and C) and a C wrapper built on libseccomp (interleaved
// runs, medians).
//
//	bench insns POLICIES.YAML OUT.bpf     (writes go-seccomp-bpf's program to OUT.bpf)
//	bench rules POLICIES.YAML OUT         (the hvt policy as libseccomp-wrapper's rules)
//	bench startup N DIR                   (DIR: the binaries bench.sh builds)
//	bench monitor N NAME -- PLAIN... -- WRAPPED...  (a monitor's whole run, both ways)
//	bench compare N PROGRAM...            (each PROGRAM /bin/true: median CPU and page faults)
package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	seccomp "github.com/elastic/go-seccomp-bpf"
	"golang.org/x/net/bpf"

	"urunc-seccomp-exec/filters"
	"urunc-seccomp-exec/wrapper"
)

func main() {
	var err error
	switch {
	case len(os.Args) == 4 && os.Args[1] == "insns":
		err = insns(os.Args[2], os.Args[3])
	case len(os.Args) == 4 && os.Args[1] == "rules":
		err = rules(os.Args[2], os.Args[3])
	case len(os.Args) > 5 && os.Args[1] == "monitor":
		// bench monitor N NAME -- PLAIN... -- WRAPPED...
		n, _ := strconv.Atoi(os.Args[2])
		rest := os.Args[5:]
		i := slices.Index(rest, "--")
		if i < 0 {
			err = errors.New("usage: bench monitor N NAME -- PLAIN -- WRAPPED")
			break
		}
		err = monitorRun(n, os.Args[3], rest[i+1:], rest[:i])
	case len(os.Args) > 3 && os.Args[1] == "compare":
		n, _ := strconv.Atoi(os.Args[2])
		err = compare(n, os.Args[3:])
	case len(os.Args) == 4 && os.Args[1] == "startup":
		n, _ := strconv.Atoi(os.Args[2])
		err = startup(n, os.Args[3])
	default:
		err = fmt.Errorf("usage: bench insns POLICIES.YAML OUT.bpf | bench rules POLICIES.YAML OUT | bench startup N DIR")
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

type stats struct{ min, max, sum, n int }

func (s *stats) add(v int) {
	if s.n == 0 || v < s.min {
		s.min = v
	}
	s.max = max(s.max, v)
	s.sum += v
	s.n++
}

// hvtPolicy is the embedded solo5-hvt policy for version ("" for the
// one for every version), resolved for arch.
func hvtPolicy(catalogFile, version, arch string) (*filters.Policy, error) {
	data, err := os.ReadFile(catalogFile)
	if err != nil {
		return nil, err
	}
	cat, err := filters.ParseCatalog(catalogFile, data)
	if err != nil {
		return nil, err
	}
	v, err := wrapper.ParseMonitorVersion(version)
	if err != nil {
		return nil, err
	}
	return cat.Select("solo5-hvt", v).Resolve(arch)
}

func insns(catalogFile, out string) error {
	p, err := hvtPolicy(catalogFile, "", "amd64")
	if err != nil {
		return err
	}
	ours, err := filters.Compile(p)
	if err != nil {
		return err
	}
	// go-seccomp-bpf gets the same allow rules with the same conditions
	// (64-bit compares: it has no 32-bit width). Its assembler is wrong with
	// conditions (a bypass), but its speed is what is measured here.
	lib := seccomp.Policy{DefaultAction: seccomp.ActionKillProcess}
	group := seccomp.SyscallGroup{Action: seccomp.ActionAllow}
	for _, r := range p.Rules {
		if r.Action != filters.Allow {
			continue
		}
		if len(r.Conditions) == 0 {
			group.Names = append(group.Names, r.Name)
			continue
		}
		var conds seccomp.ArgumentConditions
		for _, c := range r.Conditions {
			conds = append(conds, seccomp.Condition{Argument: uint32(c.Arg), Operation: seccomp.Operation(c.Op), Value: c.Value})
		}
		group.NamesWithCondtions = append(group.NamesWithCondtions, seccomp.NameWithConditions{Name: r.Name, Conditions: conds})
	}
	lib.Syscalls = []seccomp.SyscallGroup{group}
	theirs, err := lib.Assemble()
	if err != nil {
		return err
	}
	if err := writeRaw(out, theirs); err != nil {
		return err
	}
	var a, b stats
	for _, c := range p.Arch.Calls() {
		d := filters.SeccompData{Nr: c.Nr, Arch: p.Arch.ID}
		_, n1, _ := filters.Emulate(ours.Instructions, d)
		_, n2, _ := filters.Emulate(theirs, d)
		a.add(n1)
		b.add(n2)
	}
	kvmRun := filters.SeccompData{Nr: uint32(p.Arch.MustNumber("ioctl")), Arch: uint32(p.Arch.ID), Args: [6]uint64{5, 0xae80}}
	_, k1, _ := filters.Emulate(ours.Instructions, kvmRun)
	_, k2, _ := filters.Emulate(theirs, kvmRun)
	fmt.Printf("1. instructions executed, solo5-hvt policy (amd64), over all %d syscalls\n", a.n)
	fmt.Printf("   %-28s %8s %8s %8s %10s %8s\n", "", "min", "avg", "max", "KVM_RUN", "length")
	fmt.Printf("   %-28s %8d %8.1f %8d %10d %8d\n", "ours (tree, args checked)", a.min, float64(a.sum)/float64(a.n), a.max, k1, len(ours.Instructions))
	fmt.Printf("   %-28s %8d %8.1f %8d %10d %8d\n", "go-seccomp-bpf (linear, same)", b.min, float64(b.sum)/float64(b.n), b.max, k2, len(theirs))
	fmt.Printf("   %-28s %8.2f %8.2f %8.2f %10.2f\n", "ratio ours/theirs", float64(a.min)/float64(b.min), float64(a.sum)/float64(b.sum), float64(a.max)/float64(b.max), float64(k1)/float64(k2))
	return nil
}

// writeRaw writes go-seccomp-bpf's program as seccomp(2) takes it.
func writeRaw(path string, prog []bpf.Instruction) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := filters.WriteBPF(f, &filters.Program{Instructions: prog}); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// rules writes the embedded solo5-hvt policy for v0.12.1 on this
// architecture as libseccomp-wrapper's RULES.
func rules(catalogFile, out string) error {
	p, err := hvtPolicy(catalogFile, "v0.12.1", runtime.GOARCH)
	if err != nil {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "default %d\n", p.DefaultAction.Ret())
	for _, r := range p.Rules {
		fmt.Fprintf(&b, "%d %d %d", r.Nr, r.Action.Ret(), len(r.Conditions))
		for _, c := range r.Conditions {
			fmt.Fprintf(&b, " %d %s %d %d", c.Arg, c.Op, c.Value, c.Width)
		}
		b.WriteString("\n")
	}
	return os.WriteFile(out, []byte(b.String()), 0o644)
}

// command is one row of the start-up table: argv, with files it is
// given as descriptors 3 and up (bwrap's --seccomp 3).
type command struct {
	name  string
	argv  []string
	files []string
}

// startup runs each command in turn, n rounds, and prints the median wall
// time (fork, exec, wait), CPU time (user and system, the exec'd program's
// included, the same for each) and minor page faults of each, with the
// ratios the README's performance table quotes. DIR holds what bench.sh
// built, and equal.args the Landlock paths for the equal-protection C
// wrapper (what the wrapper's --dry-run -v lists).
func startup(n int, dir string) error {
	w := filepath.Join(dir, "urunc-seccomp-exec")
	equalArgs, err := os.ReadFile(filepath.Join(dir, "equal.args"))
	if err != nil {
		return err
	}
	equal := append([]string{filepath.Join(dir, "equal-wrapper"), filepath.Join(dir, "ours.bpf")}, strings.Fields(string(equalArgs))...)
	cmds := []command{
		{name: "direct exec of /bin/true", argv: []string{"/bin/true"}},
		{name: "C exec-only", argv: []string{filepath.Join(dir, "cexeconly"), "/bin/true"}},
		{name: "Go exec-only", argv: []string{filepath.Join(dir, "execonly"), "/bin/true"}},
		{name: "Go exec-only, the wrapper's libraries linked", argv: []string{filepath.Join(dir, "execonly-deps"), "/bin/true"}},
		{name: "C libseccomp wrapper, same rules + guard", argv: []string{filepath.Join(dir, "libseccomp-wrapper"), filepath.Join(dir, "rules.txt"), "/bin/true"}},
		{name: "C, equal protections (equal-wrapper.c)", argv: append(equal, "--", "/bin/true")},
		{name: "urunc-seccomp-exec, embedded hvt policy", argv: []string{w, "--monitor", "solo5-hvt", "--monitor-version", "v0.12.1", "/bin/true"}},
		{name: "urunc-seccomp-exec --policy FILE", argv: []string{w, "--policy", filepath.Join(dir, "true.yaml"), "/bin/true"}},
		// No --monitor-version: the version is looked for in the binary.
		{name: "urunc-seccomp-exec, version read from binary", argv: []string{w, "--monitor", "solo5-hvt", "/bin/true"}},
	}
	// The rows the ratios compare, by their position above.
	const goOnly, goDeps, cLib, cEqual, ours, oursPolicy, oursRead = 2, 3, 4, 5, 6, 7, 8
	bwrap, _ := exec.LookPath("bwrap")
	if bwrap != "" { // the same filter and capability drop, in bubblewrap
		cmds = append(cmds, command{name: "bubblewrap --cap-drop ALL --seccomp", argv: []string{bwrap, "--dev-bind", "/", "/", "--cap-drop", "ALL", "--seccomp", "3", "/bin/true"}, files: []string{filepath.Join(dir, "bwrap.bpf")}})
	}
	times := make([][]time.Duration, len(cmds))
	cpu := make([][]time.Duration, len(cmds))
	faults := make([][]int64, len(cmds))
	for range n {
		for j, c := range cmds {
			d, t, f, err := runOnce(c)
			if err != nil {
				return err
			}
			times[j], cpu[j], faults[j] = append(times[j], d), append(cpu[j], t), append(faults[j], f)
		}
	}
	wall := make([]float64, len(cmds))
	cpus := make([]float64, len(cmds))
	flt := make([]float64, len(cmds))
	fmt.Printf("3. start-up, %d interleaved rounds, medians (fork+exec+wait of each command)\n", n)
	fmt.Printf("   %-44s %10s %10s %14s\n", "", "wall µs", "cpu µs", "page faults")
	for j, c := range cmds {
		slices.Sort(times[j])
		slices.Sort(cpu[j])
		slices.Sort(faults[j])
		wall[j], cpus[j], flt[j] = us(times[j][n/2]), us(cpu[j][n/2]), float64(faults[j][n/2])
		fmt.Printf("   %-44s %10.0f %10.0f %14.0f\n", c.name, wall[j], cpus[j], flt[j])
	}
	fmt.Println("   the commands (B: the bench folder):")
	for _, c := range cmds {
		fmt.Printf("     %-44s %s\n", c.name+":", strings.ReplaceAll(strings.Join(c.argv, " "), dir+"/", "B/"))
	}
	fmt.Printf("   cpu, ours (embedded) / C equal protections:    %.2f   (goal <= 1.2)\n", cpus[ours]/cpus[cEqual])
	if bwrap != "" {
		fmt.Printf("   cpu, ours (embedded) / bubblewrap:             %.2f   (goal <= 1.0)\n", cpus[ours]/cpus[len(cmds)-1])
		fmt.Printf("   wall, ours (embedded) / bubblewrap:            %.2f\n", wall[ours]/wall[len(cmds)-1])
	} else {
		fmt.Println("   (no bwrap: the bubblewrap row is skipped; apt-get install bubblewrap)")
	}
	fmt.Printf("   wall, ours (embedded) / C equal protections:   %.2f\n", wall[ours]/wall[cEqual])
	fmt.Printf("   wall, ours (embedded) / Go exec-only:          %.2f\n", wall[ours]/wall[goOnly])
	fmt.Printf("   wall, ours (embedded) / C libseccomp:          %.2f\n", wall[ours]/wall[cLib])
	fmt.Printf("   wall, ours (--policy) / Go exec-only:          %.2f\n", wall[oursPolicy]/wall[goOnly])
	fmt.Printf("   wall, version read / given:                    %.2f\n", wall[oursRead]/wall[ours])
	fmt.Printf("   page faults, ours (embedded) / C equal protections: %.2f   Go exec-only: %.2f\n", flt[ours]/flt[cEqual], flt[ours]/flt[goOnly])
	fmt.Printf("   page faults, the libraries alone / Go exec-only: %.2f\n", flt[goDeps]/flt[goOnly])
	return nil
}

// compare runs each program with /bin/true, n rounds interleaved, and
// prints the median CPU time and page faults of each, and their difference
// from the first.
func compare(n int, programs []string) error {
	cpu := make([][]time.Duration, len(programs))
	faults := make([][]int64, len(programs))
	for range n {
		for j, p := range programs {
			_, t, f, err := runOnce(command{argv: []string{p, "/bin/true"}})
			if err != nil {
				return err
			}
			cpu[j], faults[j] = append(cpu[j], t), append(faults[j], f)
		}
	}
	var cpu0 float64
	var faults0 int64
	for j, p := range programs {
		slices.Sort(cpu[j])
		slices.Sort(faults[j])
		c, f := us(cpu[j][n/2]), faults[j][n/2]
		if j == 0 {
			cpu0, faults0 = c, f
		}
		fmt.Printf("   %-44s %8.0f µs cpu (%+6.0f) %6d faults (%+4d)\n", filepath.Base(p), c, c-cpu0, f, f-faults0)
	}
	return nil
}

// runOnce runs c and returns its wall time, CPU time and minor faults.
func runOnce(c command) (wall, cpu time.Duration, faults int64, err error) {
	cmd := exec.Command(c.argv[0], c.argv[1:]...)
	for _, name := range c.files {
		f, err := os.Open(name)
		if err != nil {
			return 0, 0, 0, err
		}
		defer f.Close()
		cmd.ExtraFiles = append(cmd.ExtraFiles, f)
	}
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return 0, 0, 0, fmt.Errorf("%v: %w", c.argv, err)
	}
	wall = time.Since(start)
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	return wall, cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(), ru.Minflt, nil
}

// monitorRun runs a KVM monitor's whole run, wrapped and not, n rounds
// interleaved, and prints the medians and their ratio.
func monitorRun(n int, name string, wrapped, plain []string) error {
	var tw, tp []time.Duration
	for range n {
		for _, c := range []struct {
			argv []string
			out  *[]time.Duration
		}{{plain, &tp}, {wrapped, &tw}} {
			cmd := exec.Command(c.argv[0], c.argv[1:]...)
			start := time.Now()
			err := cmd.Run()
			var exit *exec.ExitError
			if err != nil && !errors.As(err, &exit) {
				return fmt.Errorf("%v: %w", c.argv, err)
			}
			*c.out = append(*c.out, time.Since(start))
		}
	}
	slices.Sort(tw)
	slices.Sort(tp)
	fmt.Printf("   %-44s unwrapped %7.0f µs, wrapped %7.0f µs: %.3f   (goal <= 1.12)\n", name, us(tp[n/2]), us(tw[n/2]), us(tw[n/2])/us(tp[n/2]))
	fmt.Printf("     commands: %s; %s\n", strings.Join(plain, " "), strings.Join(wrapped, " "))
	return nil
}

func us(d time.Duration) float64 { return float64(d) / float64(time.Microsecond) }
