package abi

import (
	"testing"

	"github.com/elastic/go-seccomp-bpf/arch"
)

// TestTablesMatchGoSeccompBPF: the generated tables are go-seccomp-bpf's,
// number for number (go generate ./abi refreshes them).
func TestTablesMatchGoSeccompBPF(t *testing.T) {
	for _, c := range []struct {
		ours   *ABI
		theirs *arch.Info
	}{{X86_64, arch.X86_64}, {AARCH64, arch.AARCH64}, {I386, arch.I386}, {ARM, arch.ARM}, {X32, arch.X32}} {
		if c.ours.Name != c.theirs.Name || c.ours.ID != uint32(c.theirs.ID) {
			t.Errorf("%s %#x, go-seccomp-bpf: %s %#x", c.ours.Name, c.ours.ID, c.theirs.Name, uint32(c.theirs.ID))
		}
		if len(c.ours.Calls()) != len(c.theirs.SyscallNumbers) {
			t.Errorf("%s: %d calls, go-seccomp-bpf %d: run go generate ./abi", c.ours.Name, len(c.ours.Calls()), len(c.theirs.SyscallNumbers))
		}
		for nr, name := range c.theirs.SyscallNumbers {
			if got := c.ours.CallName(uint32(nr)); got != name {
				t.Errorf("%s: call %d is %q, go-seccomp-bpf: %q", c.ours.Name, nr, got, name)
			}
			n, ok := c.ours.Number(name)
			if !ok {
				t.Errorf("%s: no number for %s", c.ours.Name, name)
				continue
			}
			// x32 names a few calls twice; the number found must name it.
			if back := c.ours.CallName(n); back != name || (c.ours != X32 && int(n) != c.theirs.SyscallNames[name]) {
				t.Errorf("%s: %s is %d, go-seccomp-bpf: %d", c.ours.Name, name, n, c.theirs.SyscallNames[name])
			}
		}
	}
	if _, ok := X86_64.Number("no_such_call"); ok {
		t.Error("an unknown name has a number")
	}
	if X86_64.CallName(100000) != "" {
		t.Error("an unknown number has a name")
	}
}

func TestForGo(t *testing.T) {
	for goarch, want := range map[string]*ABI{"amd64": X86_64, "arm64": AARCH64, "386": I386, "arm": ARM} {
		if a, ok := ForGo(goarch); !ok || a != want {
			t.Errorf("ForGo(%s) = %v", goarch, a)
		}
	}
	if _, ok := ForGo("riscv64"); ok {
		t.Error("riscv64 has an ABI here")
	}
}
