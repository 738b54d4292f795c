package filters

import (
	"encoding/binary"
	"fmt"

	"golang.org/x/net/bpf"
)

// SeccompData is the kernel's struct seccomp_data: what a filter sees of a call.
type SeccompData struct {
	Nr   uint32
	Arch uint32
	IP   uint64
	Args [6]uint64
}

// Bytes lays the data out as the kernel does on a little-endian machine.
func (d SeccompData) Bytes() []byte {
	b := make([]byte, 64)
	binary.LittleEndian.PutUint32(b[0:], d.Nr)
	binary.LittleEndian.PutUint32(b[4:], d.Arch)
	binary.LittleEndian.PutUint64(b[8:], d.IP)
	for i, a := range d.Args {
		binary.LittleEndian.PutUint64(b[16+8*i:], a)
	}
	return b
}

// Decide is the reference evaluator: the action the policy means for a
// call, read straight from the rules, without BPF. Compiled programs are
// tested against it.
func (p *Policy) Decide(d SeccompData) Action {
	a, _ := p.Match(d)
	return a
}

// Match is Decide, also naming the rule that decides: its index in
// p.Rules, or -1 for the default action and for calls of another ABI.
func (p *Policy) Match(d SeccompData) (Action, int) {
	kill := Action{Kind: KindKillProcess}
	if !p.Arch.Native(d.Arch, d.Nr) {
		return kill, -1 // another ABI: i386's int 0x80 or x32 on x86-64
	}
	for i, r := range p.Rules {
		if r.Nr != d.Nr {
			continue
		}
		holds := true
		for _, c := range r.Conditions {
			holds = holds && c.Holds(d.Args[c.Arg])
		}
		if holds {
			return r.Action, i
		}
	}
	return p.DefaultAction, -1
}

// Emulate executes a seccomp program on a call as the kernel would and returns
// the action value and how many instructions ran. It reads seccomp_data in
// the machine's byte order; x/net/bpf's VM reads loads big-endian and counts
// nothing, so it serves only as a second executor in the tests.
func Emulate(prog []bpf.Instruction, d SeccompData) (ret uint32, steps int, err error) {
	data := d.Bytes()
	var a uint32
	for pc := 0; pc < len(prog); pc++ {
		steps++
		switch in := prog[pc].(type) {
		case bpf.LoadAbsolute:
			if in.Size != 4 || in.Off%4 != 0 || in.Off+4 > uint32(len(data)) {
				return 0, steps, fmt.Errorf("instruction %d: load of %d bytes at %d is not a seccomp_data word", pc, in.Size, in.Off)
			}
			a = binary.LittleEndian.Uint32(data[in.Off:])
		case bpf.ALUOpConstant:
			if in.Op != bpf.ALUOpAnd {
				return 0, steps, fmt.Errorf("instruction %d: unsupported ALU operation %v", pc, in.Op)
			}
			a &= in.Val
		case bpf.Jump:
			pc += int(in.Skip)
		case bpf.JumpIf:
			if jumpHolds(in.Cond, a, in.Val) {
				pc += int(in.SkipTrue)
			} else {
				pc += int(in.SkipFalse)
			}
		case bpf.RetConstant:
			return in.Val, steps, nil
		default:
			return 0, steps, fmt.Errorf("instruction %d: %v is not supported", pc, in)
		}
	}
	return 0, steps, fmt.Errorf("the program ran off its end")
}

func jumpHolds(cond bpf.JumpTest, a, k uint32) bool {
	switch cond {
	case bpf.JumpEqual:
		return a == k
	case bpf.JumpNotEqual:
		return a != k
	case bpf.JumpGreaterThan:
		return a > k
	case bpf.JumpLessThan:
		return a < k
	case bpf.JumpGreaterOrEqual:
		return a >= k
	case bpf.JumpLessOrEqual:
		return a <= k
	case bpf.JumpBitsSet:
		return a&k != 0
	case bpf.JumpBitsNotSet:
		return a&k == 0
	}
	return false
}

// CacheableAllows emulates the kernel's action cache (seccomp_is_const_allow
// in kernel/seccomp.c) on the assembled program: for each syscall number
// below n it runs the program knowing only nr and arch, and reports the
// numbers that reach "allow" without reading anything else. The kernel
// never runs BPF for those.
func CacheableAllows(raw []bpf.RawInstruction, archID uint32, n int) map[uint32]bool {
	out := map[uint32]bool{}
	for nr := 0; nr < n; nr++ {
		if constAllow(raw, uint32(nr), archID) {
			out[uint32(nr)] = true
		}
	}
	return out
}

// Opcodes the kernel's cache emulation understands.
const (
	opLdAbsW = 0x20 // BPF_LD | BPF_W | BPF_ABS
	opRetK   = 0x06 // BPF_RET | BPF_K
	opJa     = 0x05 // BPF_JMP | BPF_JA
	opJeqK   = 0x15 // BPF_JMP | BPF_JEQ | BPF_K
	opJgtK   = 0x25
	opJgeK   = 0x35
	opJsetK  = 0x45
	opAndK   = 0x54 // BPF_ALU | BPF_AND | BPF_K
)

func constAllow(raw []bpf.RawInstruction, nr, archID uint32) bool {
	var a uint32
	for pc := 0; pc < len(raw); pc++ {
		in := raw[pc]
		switch in.Op {
		case opLdAbsW:
			switch in.K {
			case offNr:
				a = nr
			case offArch:
				a = archID
			default:
				return false // a non-constant load
			}
		case opRetK:
			return in.K == uint32(KindAllow)
		case opJa:
			pc += int(in.K)
		case opJeqK, opJgtK, opJgeK, opJsetK:
			var holds bool
			switch in.Op {
			case opJeqK:
				holds = a == in.K
			case opJgtK:
				holds = a > in.K
			case opJgeK:
				holds = a >= in.K
			case opJsetK:
				holds = a&in.K != 0
			}
			if holds {
				pc += int(in.Jt)
			} else {
				pc += int(in.Jf)
			}
		case opAndK:
			a &= in.K
		default:
			return false
		}
	}
	return false
}
