// Package abi holds the system call ABIs seccomp tells apart: each one's
// audit architecture and its syscall names and numbers, as static tables
// generated from go-seccomp-bpf's (scripts/genabi).
package abi

import (
	"cmp"
	"slices"
)

//go:generate go run ../scripts/genabi tables_gen.go

// ABI is one system call ABI.
type ABI struct {
	Name   string // go-seccomp-bpf's name: x86_64, aarch64, i386, arm, x32
	ID     uint32 // AUDIT_ARCH_* (x32 shares x86_64's, its numbers carry X32Bit)
	byNr   []Call // sorted by number
	byName []Call // sorted by name
}

// Call is a system call's name and number.
type Call struct {
	Name string
	Nr   uint32
}

// X32Bit marks an x32 call on x86_64 (__X32_SYSCALL_BIT).
const X32Bit = 0x40000000

// Native reports whether a call seen by seccomp (its AUDIT_ARCH_* value
// and number) is of a's own ABI: not another architecture's (i386's int
// 0x80 on x86_64, arm's on arm64) and, on x86_64, below X32Bit: x32
// shares x86_64's AUDIT_ARCH value and sets that bit in the number. The
// filters kill every other call (the compiled one with "jge X32Bit");
// this is the one place that says which those are.
func (a *ABI) Native(auditArch, nr uint32) bool {
	return auditArch == a.ID && (a.ID != X86_64.ID || nr < X32Bit)
}

// Number returns the number of the named call.
func (a *ABI) Number(name string) (uint32, bool) {
	i, ok := slices.BinarySearchFunc(a.byName, name, func(c Call, n string) int { return cmp.Compare(c.Name, n) })
	if !ok {
		return 0, false
	}
	return a.byName[i].Nr, true
}

// MustNumber returns the number of a call every ABI here has (execve,
// ioctl); it panics on an unknown name, a programming error.
func (a *ABI) MustNumber(name string) uint32 {
	nr, ok := a.Number(name)
	if !ok {
		panic("abi: " + a.Name + " has no system call " + name)
	}
	return nr
}

// CallName returns the name of the call with that number, "" if none.
func (a *ABI) CallName(nr uint32) string {
	i, ok := slices.BinarySearchFunc(a.byNr, nr, func(c Call, n uint32) int { return cmp.Compare(c.Nr, n) })
	if !ok {
		return ""
	}
	return a.byNr[i].Name
}

// Calls returns every call, by number. The slice is shared: do not modify.
func (a *ABI) Calls() []Call { return a.byNr }

// PolicyArches are the architectures the wrapper's policies are written
// for, by Go name; another ABI's calls are killed.
var PolicyArches = []string{"amd64", "arm64"}

// ForGo returns the native ABI of a Go architecture (amd64, arm64, 386, arm).
func ForGo(goarch string) (*ABI, bool) {
	switch goarch {
	case "amd64":
		return X86_64, true
	case "arm64":
		return AARCH64, true
	case "386":
		return I386, true
	case "arm":
		return ARM, true
	}
	return nil, false
}
