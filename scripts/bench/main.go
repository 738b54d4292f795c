// Command bench measures side by side what scripts/bench.sh reports:
// instructions executed by our program and by go-seccomp-bpf's linear
// program for the same policy, and wrapper start-up against a Go program
// that only execs and against a direct exec (paired runs, medians).
//
//	bench insns POLICIES.YAML OUT.bpf     (writes go-seccomp-bpf's program to OUT.bpf)
//	bench startup N WRAPPER EXECONLY POLICY
package main

import (
	"fmt"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"time"

	seccomp "github.com/elastic/go-seccomp-bpf"
	"golang.org/x/net/bpf"

	"urunc-seccomp-exec/filters"
)

func main() {
	var err error
	switch {
	case len(os.Args) == 4 && os.Args[1] == "insns":
		err = insns(os.Args[2], os.Args[3])
	case len(os.Args) == 6 && os.Args[1] == "startup":
		n, _ := strconv.Atoi(os.Args[2])
		err = startup(n, os.Args[3], os.Args[4], os.Args[5])
	default:
		err = fmt.Errorf("usage: bench insns POLICIES.YAML OUT.bpf | bench startup N WRAPPER EXECONLY POLICY")
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

func insns(catalogFile, out string) error {
	data, err := os.ReadFile(catalogFile)
	if err != nil {
		return err
	}
	cat, err := filters.ParseCatalog(catalogFile, data)
	if err != nil {
		return err
	}
	p, err := cat.Select("solo5-hvt", nil).Resolve("amd64")
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
		d := filters.Data{Nr: c.Nr, Arch: p.Arch.ID}
		_, n1, _ := filters.Run(ours.Instructions, d)
		_, n2, _ := filters.Run(theirs, d)
		a.add(n1)
		b.add(n2)
	}
	kvmRun := filters.Data{Nr: uint32(p.Arch.MustNumber("ioctl")), Arch: uint32(p.Arch.ID), Args: [6]uint64{5, 0xae80}}
	_, k1, _ := filters.Run(ours.Instructions, kvmRun)
	_, k2, _ := filters.Run(theirs, kvmRun)
	fmt.Printf("1. instructions executed, solo5-hvt policy (amd64), over all %d syscalls\n", a.n)
	fmt.Printf("   %-28s %8s %8s %8s %10s %8s\n", "", "min", "avg", "max", "KVM_RUN", "length")
	fmt.Printf("   %-28s %8d %8.1f %8d %10d %8d\n", "ours (tree, args checked)", a.min, float64(a.sum)/float64(a.n), a.max, k1, len(ours.Instructions))
	fmt.Printf("   %-28s %8d %8.1f %8d %10d %8d\n", "go-seccomp-bpf (linear, same)", b.min, float64(b.sum)/float64(b.n), b.max, k2, len(theirs))
	fmt.Printf("   %-28s %8.2f %8.2f %8.2f %10.2f\n", "ratio ours/theirs", float64(a.min)/float64(b.min), float64(a.sum)/float64(b.sum), float64(a.max)/float64(b.max), float64(k1)/float64(k2))
	return nil
}

func writeRaw(path string, prog []bpf.Instruction) error {
	raw, err := bpf.Assemble(prog)
	if err != nil {
		return err
	}
	buf := make([]byte, 0, 8*len(raw))
	for _, in := range raw {
		buf = append(buf, byte(in.Op), byte(in.Op>>8), in.Jt, in.Jf, byte(in.K), byte(in.K>>8), byte(in.K>>16), byte(in.K>>24))
	}
	return os.WriteFile(path, buf, 0o644)
}

// startup runs the three commands in turn, n times each, and prints the
// median wall time of each and the ratios.
func startup(n int, wrapper, execOnly, policy string) error {
	cmds := [][]string{
		{"/bin/true"},
		{execOnly, "/bin/true"},
		{wrapper, "--policy", policy, "/bin/true"},
		// The real use: the embedded solo5-hvt policy, compiled at start-up.
		{wrapper, "--monitor", "solo5-hvt", "--monitor-version", "v0.12.1", "/bin/true"},
	}
	times := make([][]time.Duration, len(cmds))
	for i := 0; i < n; i++ {
		for j, c := range cmds {
			start := time.Now()
			if err := exec.Command(c[0], c[1:]...).Run(); err != nil {
				return fmt.Errorf("%v: %v", c, err)
			}
			times[j] = append(times[j], time.Since(start))
		}
	}
	med := make([]time.Duration, len(cmds))
	for j := range times {
		sort.Slice(times[j], func(a, b int) bool { return times[j][a] < times[j][b] })
		med[j] = times[j][n/2]
	}
	fmt.Printf("3. start-up, %d paired runs each, median wall time of fork+exec+wait\n", n)
	fmt.Printf("   direct exec of /bin/true                 %8.0f µs\n", us(med[0]))
	fmt.Printf("   Go program that only execs /bin/true     %8.0f µs\n", us(med[1]))
	fmt.Printf("   urunc-seccomp-exec --policy ... /bin/true %7.0f µs\n", us(med[2]))
	fmt.Printf("   urunc-seccomp-exec, embedded hvt policy  %8.0f µs\n", us(med[3]))
	fmt.Printf("   ratio wrapper / exec-only Go: %.2f (--policy), %.2f (embedded)   wrapper / direct: %.2f\n",
		float64(med[2])/float64(med[1]), float64(med[3])/float64(med[1]), float64(med[2])/float64(med[0]))
	return nil
}

func us(d time.Duration) float64 { return float64(d) / float64(time.Microsecond) }
