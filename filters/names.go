package filters

import (
	"fmt"

	"github.com/elastic/go-seccomp-bpf/arch"
)

// abis are the tables a call in an audit record may be named from:
// the policies' architectures and the 32-bit ABIs they kill.
var abis = []*arch.Info{arch.X86_64, arch.AARCH64, arch.I386, arch.ARM}

// SyscallName names a call seen by seccomp (an AUDIT_ARCH_* value and a
// number) and its ABI, and the Go name of the architecture when a policy
// can allow it ("" for i386, arm and x32 calls, which filters kill).
func SyscallName(auditArch, nr uint32) (name, abi, goArch string) {
	for _, info := range abis {
		if uint32(info.ID) != auditArch {
			continue
		}
		if info == arch.X86_64 && nr&x32Bit != 0 {
			info, nr = arch.X32, nr&^x32Bit
		}
		name = info.SyscallNumbers[int(nr)]
		if name == "" {
			name = fmt.Sprintf("syscall %d", nr)
		}
		for _, a := range Arches {
			if i, _ := arch.GetInfo(a); i == info {
				goArch = a
			}
		}
		return name, info.Name, goArch
	}
	return fmt.Sprintf("syscall %d", nr), fmt.Sprintf("audit arch %#x", auditArch), ""
}
