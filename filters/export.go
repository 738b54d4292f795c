package filters

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"urunc-seccomp-exec/abi"
)

// WriteBPF writes the program exactly as handed to seccomp(2): struct
// sock_filter records {u16 code; u8 jt; u8 jf; u32 k}, little-endian, the
// format libseccomp's scmp_bpf_disasm and scmp_bpf_sim read.
func WriteBPF(w io.Writer, prog *Program) error {
	raw, err := prog.Raw()
	if err != nil {
		return err
	}
	buf := make([]byte, 8*len(raw))
	for i, in := range raw {
		binary.LittleEndian.PutUint16(buf[8*i:], in.Op)
		buf[8*i+2], buf[8*i+3] = in.Jt, in.Jf
		binary.LittleEndian.PutUint32(buf[8*i+4:], in.K)
	}
	_, err = w.Write(buf)
	return err
}

// WriteAsm writes one numbered instruction per line, with what it decides.
func WriteAsm(w io.Writer, prog *Program) error {
	for i, in := range prog.Instructions {
		line := fmt.Sprintf("%4d  %-24v", i, in)
		if c := prog.Comments[i]; c != "" {
			line += " ; " + c
		}
		if _, err := fmt.Fprintln(w, strings.TrimRight(line, " ")); err != nil {
			return err
		}
	}
	return nil
}

// WriteYAML writes the resolved policy in the project's schema, with each
// syscall's number for the architecture as a comment.
func WriteYAML(w io.Writer, p *Policy) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s: %d rules\n", p.Arch.Name, len(p.Rules))
	writeAction(&b, "", "default_action", "default_errno", p.DefaultAction)
	if len(p.Hot) > 0 {
		fmt.Fprintf(&b, "hot: [%s]\n", strings.Join(p.Hot, ", "))
	}
	writeSyscalls(&b, p)
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteOverlay writes p's rules as an overlay for monitor: no default
// action, so the embedded one stays (see Source.Overlay).
func WriteOverlay(w io.Writer, monitor string, p *Policy) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s: %d rules added to %s's policy\nmonitor: %s\n", p.Arch.Name, len(p.Rules), monitor, monitor)
	writeSyscalls(&b, p)
	_, err := io.WriteString(w, b.String())
	return err
}

// writeSyscalls writes the syscalls list of p.
func writeSyscalls(b *strings.Builder, p *Policy) {
	b.WriteString("syscalls:\n")
	// Unconditional rules grouped by action; conditional ones in order.
	byAction := map[Action][]Rule{}
	var actions []Action
	for _, r := range p.Rules {
		if len(r.Conditions) == 0 {
			if _, seen := byAction[r.Action]; !seen {
				actions = append(actions, r.Action)
			}
			byAction[r.Action] = append(byAction[r.Action], r)
		}
	}
	for _, a := range actions {
		rules := byAction[a]
		sort.Slice(rules, func(i, j int) bool { return rules[i].Name < rules[j].Name })
		writeAction(b, "  - ", "action", "errno", a)
		b.WriteString("    names:\n")
		for _, r := range rules {
			fmt.Fprintf(b, "      - %-24s # %d\n", r.Name, r.Nr)
		}
	}
	var last *Action
	for _, r := range p.Rules {
		if len(r.Conditions) == 0 {
			continue
		}
		if last == nil || *last != r.Action {
			a := r.Action
			last = &a
			writeAction(b, "  - ", "action", "errno", a)
			b.WriteString("    names_with_args:\n")
		}
		fmt.Fprintf(b, "      - name: %s   # %d\n        arguments:\n", r.Name, r.Nr)
		for _, c := range r.Conditions {
			width := ""
			if c.Width == 32 {
				width = ", width: 32"
			}
			fmt.Fprintf(b, "          - {argument: %d, operation: %s, value: %#x%s}\n", c.Arg, c.Op, c.Value, width)
		}
	}
}

func writeAction(b *strings.Builder, indent, key, errnoKey string, a Action) {
	name := a.Kind.String()
	fmt.Fprintf(b, "%s%s: %s\n", indent, key, name)
	if a.Kind == KindErrno {
		fmt.Fprintf(b, "%s%s: %s\n", strings.Repeat(" ", len(indent)), errnoKey, errnoName(a.Errno))
	}
}

// OCI runtime-spec LinuxSeccomp, as runc and crun read it.
type OCISeccomp struct {
	DefaultAction   string       `json:"defaultAction"`
	DefaultErrnoRet *uint        `json:"defaultErrnoRet,omitempty"`
	Architectures   []string     `json:"architectures"`
	Syscalls        []OCISyscall `json:"syscalls"`
}

type OCISyscall struct {
	Names    []string `json:"names"`
	Action   string   `json:"action"`
	ErrnoRet *uint    `json:"errnoRet,omitempty"`
	Args     []OCIArg `json:"args,omitempty"`
}

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
				return nil, fmt.Errorf("%s (line %d): %v", r.Name, r.Line, err)
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
