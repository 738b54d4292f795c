package kernlog

import (
	"fmt"

	"urunc-seccomp-exec/abi"
)

// abis are the tables a call in an audit record may be named from:
// the policies' architectures and the 32-bit ABIs they kill.
var abis = []*abi.ABI{abi.X86_64, abi.AARCH64, abi.I386, abi.ARM}

// SyscallName names a call seen by seccomp (an AUDIT_ARCH_* value and a
// number) and its ABI, and the Go name of the architecture when a policy
// can allow it ("" for i386, arm and x32 calls, which filters kill).
func SyscallName(auditArch, nr uint32) (name, abiName, goArch string) {
	for _, a := range abis {
		if a.ID != auditArch {
			continue
		}
		if !a.Native(auditArch, nr) { // x32's, on x86_64
			a, nr = abi.X32, nr&^abi.X32Bit
		}
		name = a.CallName(nr)
		if name == "" {
			name = fmt.Sprintf("syscall %d", nr)
		}
		for _, g := range abi.PolicyArches {
			if native, _ := abi.ForGo(g); native == a {
				goArch = g
			}
		}
		return name, a.Name, goArch
	}
	return fmt.Sprintf("syscall %d", nr), fmt.Sprintf("audit arch %#x", auditArch), ""
}
