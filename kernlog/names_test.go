package kernlog

import "testing"

func TestSyscallName(t *testing.T) {
	for _, c := range []struct {
		arch, nr          uint32
		name, abi, goArch string
	}{
		{0xc000003e, 9, "mmap", "x86_64", "amd64"},
		{0xc00000b7, 222, "mmap", "aarch64", "arm64"},
		{0x40000003, 11, "execve", "i386", ""},
		{0xc000003e, 0x40000000 | 59, "execve", "x32", ""},
		{0xc000003e, 99999, "syscall 99999", "x86_64", "amd64"},
		{0x1234, 1, "syscall 1", "audit arch 0x1234", ""},
	} {
		name, abi, goArch := SyscallName(c.arch, c.nr)
		if name != c.name || abi != c.abi || goArch != c.goArch {
			t.Errorf("SyscallName(%#x, %d) = %q %q %q, want %q %q %q", c.arch, c.nr, name, abi, goArch, c.name, c.abi, c.goArch)
		}
	}
}
