// Package filters turns a seccomp allowlist into a BPF program and proves it:
// the policy model and its YAML schema, validation, the compiler, a reference
// evaluator, an emulator and the exports (OCI JSON, raw BPF, assembly).
package filters

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"golang.org/x/sys/unix"

	"urunc-seccomp-exec/abi"
)

// Action is what the filter answers for a call: its kind, plus the errno
// returned when the kind is errno.
type Action struct {
	Kind  ActionKind
	Errno uint16 // only with Kind == KindErrno
}

// ActionKind is a SECCOMP_RET_* action. Values and names are
// go-seccomp-bpf's seccomp.Action (TestActionKindsAreGoSeccompBPFs); the
// type is our own because importing that package builds its syscall maps
// at every start of the wrapper (see package abi).
type ActionKind uint32

const (
	KindKillProcess ActionKind = unix.SECCOMP_RET_KILL_PROCESS
	KindKillThread  ActionKind = unix.SECCOMP_RET_KILL_THREAD
	KindTrap        ActionKind = unix.SECCOMP_RET_TRAP
	KindErrno       ActionKind = unix.SECCOMP_RET_ERRNO
	KindLog         ActionKind = unix.SECCOMP_RET_LOG
	KindAllow       ActionKind = unix.SECCOMP_RET_ALLOW
)

// Allow is the allow action.
var Allow = Action{Kind: KindAllow}

// Actions the schema accepts, by name (go-seccomp-bpf's names).
var actionKinds = map[string]ActionKind{
	"allow":        KindAllow,
	"errno":        KindErrno,
	"trap":         KindTrap,
	"log":          KindLog,
	"kill_thread":  KindKillThread,
	"kill_process": KindKillProcess,
}

func (k ActionKind) String() string {
	for name, kind := range actionKinds {
		if kind == k {
			return name
		}
	}
	return "unknown"
}

// ActionNames lists the accepted action names, sorted, for error messages.
func ActionNames() []string { return slices.Sorted(maps.Keys(actionKinds)) }

// ParseAction reads an action name; errno defaults to EPERM.
func ParseAction(name string) (Action, error) {
	kind, ok := actionKinds[name]
	if !ok {
		return Action{}, fmt.Errorf("unknown action %q (use one of %v)", name, ActionNames())
	}
	a := Action{Kind: kind}
	if kind == KindErrno {
		a.Errno = uint16(unix.EPERM)
	}
	return a, nil
}

// Ret is the 32-bit value a BPF program returns for the action.
func (a Action) Ret() uint32 {
	if a.Kind == KindErrno {
		return uint32(a.Kind) | uint32(a.Errno)
	}
	return uint32(a.Kind)
}

func (a Action) String() string {
	if a.Kind == KindErrno {
		return fmt.Sprintf("errno(%s)", errnoName(a.Errno))
	}
	return a.Kind.String()
}

// ActionFromRet names a BPF return value, as the kernel would act on it.
func ActionFromRet(ret uint32) Action {
	kind := ActionKind(ret & unix.SECCOMP_RET_ACTION_FULL)
	if kind == KindErrno {
		return Action{Kind: kind, Errno: uint16(ret & unix.SECCOMP_RET_DATA)}
	}
	return Action{Kind: kind}
}

// Op is an argument comparison; the names are go-seccomp-bpf's.
type Op string

const (
	Equal          Op = "Equal"
	NotEqual       Op = "NotEqual"
	GreaterThan    Op = "GreaterThan"
	GreaterOrEqual Op = "GreaterOrEqual"
	LessThan       Op = "LessThan"
	LessOrEqual    Op = "LessOrEqual"
	BitsSet        Op = "BitsSet"    // any bit of Value set in the argument
	BitsNotSet     Op = "BitsNotSet" // no bit of Value set in the argument
)

// Ops lists every operation.
var Ops = []Op{Equal, NotEqual, GreaterThan, GreaterOrEqual, LessThan, LessOrEqual, BitsSet, BitsNotSet}

// Condition compares one argument of the call with a constant. Width 32
// compares only the low 32 bits: libcs pass ioctl request numbers
// sign-extended (musl), so 0xc008ae05 may arrive as 0xffffffffc008ae05.
type Condition struct {
	Arg   int
	Op    Op
	Value uint64
	Width int // 64 or 32
}

// Holds reports whether the condition is true for the argument value.
func (c Condition) Holds(arg uint64) bool {
	v := c.Value
	if c.Width == 32 {
		arg, v = uint64(uint32(arg)), uint64(uint32(v))
	}
	switch c.Op {
	case Equal:
		return arg == v
	case NotEqual:
		return arg != v
	case GreaterThan:
		return arg > v
	case GreaterOrEqual:
		return arg >= v
	case LessThan:
		return arg < v
	case LessOrEqual:
		return arg <= v
	case BitsSet:
		return arg&v != 0
	case BitsNotSet:
		return arg&v == 0
	}
	panic("filters: unknown operation " + string(c.Op))
}

// Rule gives the action for one syscall when all its conditions hold (an
// empty list always holds). A syscall's rules are tried in policy order.
type Rule struct {
	Name       string
	Nr         uint32
	Action     Action
	Conditions []Condition
	File       string // where the rule is written, "" if unknown
	Line       int
}

// at is the rule's "file:line: " for messages, in file if it has none.
func (r Rule) at(file string) string {
	if r.File != "" {
		file = r.File
	}
	if r.Line > 0 {
		return fmt.Sprintf("%s:%d: ", file, r.Line)
	}
	return file + ": "
}

// Policy is one monitor's filter for one architecture, validated.
type Policy struct {
	Arch          *abi.ABI
	DefaultAction Action
	Hot           []string // syscalls dispatched first, hottest first
	Rules         []Rule
}

// RulesFor returns the rules of syscall nr in order.
func (p *Policy) RulesFor(nr uint32) []Rule {
	var out []Rule
	for _, r := range p.Rules {
		if r.Nr == nr {
			out = append(out, r)
		}
	}
	return out
}

// Names returns the syscall names that have at least one rule, sorted.
func (p *Policy) Names() []string {
	seen := map[string]bool{}
	for _, r := range p.Rules {
		seen[r.Name] = true
	}
	return slices.Sorted(maps.Keys(seen))
}

// Covers reports an error unless p decides every call the way q does
// wherever q does not apply its default action: each rule of q is in p,
// or p gives its syscall the same action unconditionally.
func (p *Policy) Covers(q *Policy) error {
	for _, r := range q.Rules {
		found := false
		for _, o := range p.RulesFor(r.Nr) {
			found = found || (o.Action == r.Action && (len(o.Conditions) == 0 || slices.Equal(o.Conditions, r.Conditions)))
		}
		if !found {
			return fmt.Errorf("%s (line %d) is missing", r.Name, r.Line)
		}
	}
	return nil
}

// validate checks what must hold whatever the source of the policy.
func (p *Policy) validate(file string) error {
	if len(p.Rules) == 0 {
		return fmt.Errorf("%s: the policy has no syscalls for %s: add at least one group under syscalls", file, p.Arch.Name)
	}
	// Every rule costs at least one instruction: refuse early what the
	// kernel's limit could never hold, before compiling it.
	if len(p.Rules) > MaxInstructions {
		return fmt.Errorf("%s: %d rules for %s: a seccomp filter holds at most %d instructions; merge rules (one names list per action)", file, len(p.Rules), p.Arch.Name, MaxInstructions)
	}
	unconditional := map[uint32]int{} // index of the rule
	for i, r := range p.Rules {
		if len(r.Conditions) == 0 {
			if prev, dup := unconditional[r.Nr]; dup {
				return fmt.Errorf("%ssyscall %q is listed twice (first at %s): remove one", r.at(file), r.Name, strings.TrimSuffix(p.Rules[prev].at(file), ": "))
			}
			unconditional[r.Nr] = i
		}
		for _, c := range r.Conditions {
			if c.Arg < 0 || c.Arg > 5 {
				return fmt.Errorf("%s%s: argument index %d is out of range: use 0 to 5", r.at(file), r.Name, c.Arg)
			}
		}
	}
	for i, r := range p.Rules { // in policy order, so the first conflict is reported
		if j, both := unconditional[r.Nr]; both && len(r.Conditions) > 0 {
			later, other := r, p.Rules[j] // report at the later rule: an overlay's, not the embedded one
			if j > i {
				later, other = other, r
			}
			return fmt.Errorf("%ssyscall %q is both unconditional and conditional (the other rule is at %s): keep one",
				later.at(file), r.Name, strings.TrimSuffix(other.at(file), ": "))
		}
	}
	for _, name := range p.Hot {
		if _, ok := p.Arch.Number(name); !ok {
			return fmt.Errorf("%s: hot: unknown syscall %q for %s", file, name, p.Arch.Name)
		}
	}
	return nil
}

func errnoName(e uint16) string {
	if name := unix.ErrnoName(unix.Errno(e)); name != "" {
		return name
	}
	return fmt.Sprint(e)
}

// ParseErrno reads an errno as a name (ENOSYS) or a number (38).
func ParseErrno(s string) (uint16, error) {
	if n, err := parseUint(s); err == nil && n > 0 && n < 4096 {
		return uint16(n), nil
	}
	for e := 1; e < 4096; e++ {
		if unix.ErrnoName(unix.Errno(e)) == s {
			return uint16(e), nil
		}
	}
	return 0, fmt.Errorf("unknown errno %q (use a name such as ENOSYS or a number from 1 to 4095)", s)
}
