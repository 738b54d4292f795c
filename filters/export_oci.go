package filters

// The policy-level export: OCI runtime-spec LinuxSeccomp JSON.

import (
	"encoding/json"
	"fmt"
	"io"

	"urunc-seccomp-exec/abi"
)

// OCI runtime-spec LinuxSeccomp, as runc and crun read it.
type OCISeccomp struct {
	DefaultAction   string       `json:"defaultAction"`
	DefaultErrnoRet *uint        `json:"defaultErrnoRet,omitempty"`
	Architectures   []string     `json:"architectures"`
	Syscalls        []OCISyscall `json:"syscalls"`
}

// OCISyscall is one entry of OCISeccomp.Syscalls: names with one action,
// allowed when all Args hold.
type OCISyscall struct {
	Names    []string `json:"names"`
	Action   string   `json:"action"`
	ErrnoRet *uint    `json:"errnoRet,omitempty"`
	Args     []OCIArg `json:"args,omitempty"`
}

// OCIArg is one argument comparison of an OCISyscall (libseccomp's
// scmp_arg_cmp: SCMP_CMP_MASKED_EQ compares arg & Value with ValueTwo).
type OCIArg struct {
	Index    uint   `json:"index"`
	Value    uint64 `json:"value"`
	ValueTwo uint64 `json:"valueTwo"`
	Op       string `json:"op"`
}

var ociActions = map[ActionKind]string{
	KindAllow:       "SCMP_ACT_ALLOW",
	KindErrno:       "SCMP_ACT_ERRNO",
	KindTrap:        "SCMP_ACT_TRAP",
	KindLog:         "SCMP_ACT_LOG",
	KindKillThread:  "SCMP_ACT_KILL_THREAD",
	KindKillProcess: "SCMP_ACT_KILL_PROCESS",
}

var ociArches = map[uint32]string{
	abi.X86_64.ID:  "SCMP_ARCH_X86_64",
	abi.AARCH64.ID: "SCMP_ARCH_AARCH64",
}

func ociAction(a Action) (string, *uint) {
	if a.Kind == KindErrno {
		e := uint(a.Errno)
		return ociActions[a.Kind], &e
	}
	return ociActions[a.Kind], nil
}

// ToOCI converts the policy to the OCI runtime-spec's LinuxSeccomp. It adds
// an unconditional execve: runc and crun install the filter and then exec
// the container's process (the wrapper's exec-once guard is ours alone).
// What OCI cannot say exactly is refused, never loosened: ordered
// comparisons and NotEqual on the low 32 bits, BitsSet with more than one
// bit, and one syscall's conditional rules with different actions (libseccomp
// does not keep our first-match order).
func ToOCI(p *Policy) (*OCISeccomp, error) {
	out := &OCISeccomp{Architectures: []string{ociArches[p.Arch.ID]}}
	out.DefaultAction, out.DefaultErrnoRet = ociAction(p.DefaultAction)
	hasExecve := false
	actionOf := map[uint32]Action{}
	for _, r := range p.Rules {
		hasExecve = hasExecve || r.Name == "execve"
		if len(r.Conditions) > 0 {
			if prev, ok := actionOf[r.Nr]; ok && prev != r.Action {
				return nil, fmt.Errorf("%s has conditional rules with different actions (%s, %s): OCI cannot keep their order", r.Name, prev, r.Action)
			}
			actionOf[r.Nr] = r.Action
		}
		s := OCISyscall{Names: []string{r.Name}}
		s.Action, s.ErrnoRet = ociAction(r.Action)
		for _, c := range r.Conditions {
			arg, err := ociArg(c)
			if err != nil {
				return nil, fmt.Errorf("%s (line %d): %w", r.Name, r.Line, err)
			}
			s.Args = append(s.Args, arg)
		}
		// Merge with the previous entry when it has the same action and no args.
		if n := len(out.Syscalls); n > 0 && len(s.Args) == 0 && len(out.Syscalls[n-1].Args) == 0 &&
			out.Syscalls[n-1].Action == s.Action && sameErrno(out.Syscalls[n-1].ErrnoRet, s.ErrnoRet) {
			out.Syscalls[n-1].Names = append(out.Syscalls[n-1].Names, r.Name)
			continue
		}
		out.Syscalls = append(out.Syscalls, s)
	}
	if !hasExecve {
		out.Syscalls = append(out.Syscalls, OCISyscall{Names: []string{"execve"}, Action: "SCMP_ACT_ALLOW"})
	}
	return out, nil
}

func sameErrno(a, b *uint) bool { return (a == nil && b == nil) || (a != nil && b != nil && *a == *b) }

// ociOps are the 64-bit comparisons OCI has one-to-one.
var ociOps = map[Op]string{
	Equal: "SCMP_CMP_EQ", NotEqual: "SCMP_CMP_NE", GreaterThan: "SCMP_CMP_GT",
	GreaterOrEqual: "SCMP_CMP_GE", LessThan: "SCMP_CMP_LT", LessOrEqual: "SCMP_CMP_LE",
}

func ociArg(c Condition) (OCIArg, error) {
	a := OCIArg{Index: uint(c.Arg), Value: c.Value}
	if c.Width == 32 {
		switch c.Op {
		case Equal: // (arg & 0xffffffff) == value
			a.Op, a.Value, a.ValueTwo = "SCMP_CMP_MASKED_EQ", 0xffffffff, c.Value
			return a, nil
		case BitsNotSet:
			a.Op, a.Value, a.ValueTwo = "SCMP_CMP_MASKED_EQ", c.Value&0xffffffff, 0
			return a, nil
		case BitsSet:
			c.Value &= 0xffffffff
		default:
			return a, fmt.Errorf("%s on the low 32 bits has no OCI form", c.Op)
		}
	}
	if op, ok := ociOps[c.Op]; ok {
		a.Op = op
		return a, nil
	}
	switch c.Op {
	case BitsNotSet:
		a.Op, a.ValueTwo = "SCMP_CMP_MASKED_EQ", 0
	case BitsSet: // any of the bits: exact only for a single bit
		if c.Value == 0 || c.Value&(c.Value-1) != 0 {
			return a, fmt.Errorf("BitsSet %#x (any of several bits) has no OCI form", c.Value)
		}
		a.Op, a.Value, a.ValueTwo = "SCMP_CMP_MASKED_EQ", c.Value, c.Value
	}
	return a, nil
}

// WriteOCI writes the OCI JSON, indented.
func WriteOCI(w io.Writer, p *Policy) error {
	o, err := ToOCI(p)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(o)
}
