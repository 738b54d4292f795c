package filters

import (
	"fmt"
	"os"
	"runtime"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// BenchmarkCompile: embedded YAML to assembled BPF for solo5-hvt (amd64).
func BenchmarkCompile(b *testing.B) {
	data, err := os.ReadFile("../policies.yaml")
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < b.N; i++ {
		c, err := ParseCatalog("policies.yaml", data)
		if err != nil {
			b.Fatal(err)
		}
		if i == 0 {
			if err := c.Check(); err != nil {
				b.Fatal(err)
			}
		}
		p, _ := c.Select("solo5-hvt", nil).Resolve("amd64")
		prog, err := Compile(p)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := prog.Raw(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCompileResolved: only the compiler and assembler, from a
// resolved policy (what the wrapper does after choosing the policy).
func BenchmarkCompileResolved(b *testing.B) {
	c := embedded(b)
	p, _ := c.Select("solo5-hvt", nil).Resolve("amd64")
	for i := 0; i < b.N; i++ {
		prog, _ := Compile(p)
		if _, err := prog.Raw(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkInstall times seccomp(2) alone, each time on a fresh OS thread
// (a thread keeps its filters; the goroutine exits locked, so the runtime
// drops the thread).
func BenchmarkInstall(b *testing.B) {
	c := embedded(b)
	p, _ := c.Select("solo5-hvt", nil).Resolve(runtime.GOARCH)
	// Default allow: each benchmark thread must still be able to exit.
	p.DefaultAction = Allow
	prog, _ := Compile(p)
	raw, _ := prog.Raw()
	filter := make([]unix.SockFilter, len(raw))
	for i, in := range raw {
		filter[i] = unix.SockFilter{Code: in.Op, Jt: in.Jt, Jf: in.Jf, K: in.K}
	}
	fprog := &unix.SockFprog{Len: uint16(len(filter)), Filter: &filter[0]}
	var total time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		done := make(chan time.Duration)
		go func() {
			runtime.LockOSThread()
			if _, _, e := unix.RawSyscall(unix.SYS_PRCTL, unix.PR_SET_NO_NEW_PRIVS, 1, 0); e != 0 {
				panic(e)
			}
			start := time.Now()
			_, _, e := unix.RawSyscall(unix.SYS_SECCOMP, unix.SECCOMP_SET_MODE_FILTER, 0, uintptr(unsafe.Pointer(fprog)))
			d := time.Since(start)
			if e != 0 {
				panic(e)
			}
			done <- d
		}()
		total += <-done
	}
	b.ReportMetric(float64(total.Nanoseconds())/float64(b.N), "ns/install")
}

// BenchmarkCompileManyRules: n conditional rules of one syscall, resolved
// and compiled (refused over 4096 instructions: the work is done first).
// Linear: the time per rule stays flat as n grows (before the cost walk ran
// once per syscall, 2000 rules took 3.8 s and 5000 took 22 s).
func BenchmarkCompileManyRules(b *testing.B) {
	for _, n := range []int{500, 1000, 2000, 4000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			src := manySource(n)
			for i := 0; i < b.N; i++ {
				p, err := src.Resolve("amd64")
				if err != nil {
					b.Fatal(err)
				}
				Compile(p)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/rule")
		})
	}
}
