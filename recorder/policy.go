package recorder

import (
	"fmt"
	"sort"
	"strings"

	"urunc-seccomp-exec/filters"
)

// ArgMasks says which argument bits of a syscall a set of policies checks:
// by syscall number, a mask per argument (see ArgMasks.Keep).
type ArgMasks map[uint32][6]uint64

// Checked returns the argument bits that the policies' conditions look at,
// so that a learned policy restricts the same arguments they do, and only
// those (all policies must be for one architecture).
func Checked(policies ...*filters.Policy) ArgMasks {
	m := ArgMasks{}
	for _, p := range policies {
		for _, r := range p.Rules {
			for _, c := range r.Conditions {
				mask := m[r.Nr]
				if c.Width == 32 {
					mask[c.Arg] |= 0xffffffff
				} else {
					mask[c.Arg] = ^uint64(0)
				}
				m[r.Nr] = mask
			}
		}
	}
	return m
}

// Keep records the checked arguments of calls made with archID.
func (m ArgMasks) Keep(archID uint32) ArgsToKeep {
	return func(a, nr uint32) [6]uint64 {
		if a != archID {
			return [6]uint64{}
		}
		return m[nr]
	}
}

// Policy turns a recording into the policy that allows exactly what was
// recorded: each syscall by name, and where its arguments are checked, one
// rule per distinct combination of their values (Equal, at the width the
// mask says). Calls of another ABI (i386, x32) are an error: the filter
// would kill them whatever the policy says.
func (r Recording) Policy(arch string, checked ArgMasks) (*filters.Policy, error) {
	info, err := filters.ArchABI(arch)
	if err != nil {
		return nil, err
	}
	p := &filters.Policy{Arch: info, DefaultAction: filters.Action{Kind: filters.KindKillProcess}}
	type counted struct {
		rule filters.Rule
		n    int // how often the call was made
	}
	var rules []counted
	perNr := map[uint32]int{}
	total := 0
	for c, n := range r {
		if !info.Native(c.Arch, c.Nr) {
			return nil, fmt.Errorf("the program made a call of another ABI (audit arch %#x, number %#x): a %s filter kills those, so the program cannot run under one", c.Arch, c.Nr, arch)
		}
		name := info.CallName(c.Nr)
		if name == "" {
			return nil, fmt.Errorf("the program made syscall %d, which has no name for %s in the syscall table", c.Nr, arch)
		}
		perNr[c.Nr] += n
		total += n
		mask := checked[c.Nr]
		rule := filters.Rule{Name: name, Nr: c.Nr, Action: filters.Allow}
		for i, bits := range mask {
			switch bits {
			case 0:
			case 0xffffffff:
				rule.Conditions = append(rule.Conditions, filters.Condition{Arg: i, Op: filters.Equal, Value: c.Args[i], Width: 32})
			default:
				rule.Conditions = append(rule.Conditions, filters.Condition{Arg: i, Op: filters.Equal, Value: c.Args[i], Width: 64})
			}
		}
		rules = append(rules, counted{rule, n}) // one rule per distinct call
	}
	sort.Slice(rules, func(i, j int) bool { // by name, the most used value first
		a, b := rules[i], rules[j]
		if a.rule.Name != b.rule.Name {
			return a.rule.Name < b.rule.Name
		}
		return a.n > b.n || (a.n == b.n && fmt.Sprint(a.rule.Conditions) < fmt.Sprint(b.rule.Conditions))
	})
	for _, c := range rules {
		p.Rules = append(p.Rules, c.rule)
	}
	// The most used call goes first when it dominates (KVM_RUN's ioctl).
	var hot uint32
	for nr, n := range perNr {
		if n > perNr[hot] || (n == perNr[hot] && nr < hot) {
			hot = nr
		}
	}
	if total > 0 && perNr[hot]*4 > total {
		p.Hot = []string{info.CallName(hot)}
	}
	return p, nil
}

// Diff is how a policy compares with a recording.
type Diff struct {
	Denied   []string // calls the policy would deny with its default action or another action, "name" or "name(arg=value)" with the action
	Unused   []string // allow rules no recorded call reached
	Answered []string // calls answered with errno instead of run, with the errno
}

// decide returns what p does with c, as the filter would, and the index
// of the rule that decides (-1: the default action).
func decide(p *filters.Policy, c Call) (filters.Action, int) {
	return p.Match(filters.SeccompData{Nr: c.Nr, Arch: c.Arch, Args: c.Args})
}

// denies reports whether p stops c: any action but allow and errno (an
// errno answer is deliberate, such as clone3's ENOSYS).
func denies(a filters.Action) bool {
	return a != filters.Allow && a.Kind != filters.KindErrno
}

// DeniedBy returns the recorded calls p would stop: what an overlay for p
// must add.
func (r Recording) DeniedBy(p *filters.Policy) Recording {
	out := Recording{}
	for c, n := range r {
		if a, _ := decide(p, c); c.Arch == uint32(p.Arch.ID) && denies(a) {
			out[c] = n
		}
	}
	return out
}

// Compare decides every recorded call with the policy (as the filter
// would) and reports what it lacks and what it allows that was never used.
func (r Recording) Compare(p *filters.Policy) Diff {
	var d Diff
	used := map[int]bool{} // index into p.Rules
	seen := map[string]bool{}
	for c := range r {
		if c.Arch != uint32(p.Arch.ID) {
			continue
		}
		action, at := decide(p, c)
		used[at] = true
		if action == filters.Allow {
			continue
		}
		entry := fmt.Sprintf("%s%s: %s", p.Arch.CallName(c.Nr), describeArgs(c, p), action)
		if seen[entry] {
			continue
		}
		seen[entry] = true
		if denies(action) {
			d.Denied = append(d.Denied, entry)
		} else {
			d.Answered = append(d.Answered, entry)
		}
	}
	for i, rule := range p.Rules {
		if !used[i] && rule.Action == filters.Allow {
			d.Unused = append(d.Unused, rule.Name+describeConditions(rule.Conditions))
		}
	}
	for _, s := range [][]string{d.Denied, d.Unused, d.Answered} {
		sort.Strings(s)
	}
	return d
}

// describeArgs names the arguments of c that p's rules for it check.
func describeArgs(c Call, p *filters.Policy) string {
	var parts []string
	done := map[int]bool{}
	for _, rule := range p.RulesFor(c.Nr) {
		for _, cond := range rule.Conditions {
			if !done[cond.Arg] {
				done[cond.Arg] = true
				parts = append(parts, fmt.Sprintf("arg%d=%#x", cond.Arg, c.Args[cond.Arg]))
			}
		}
	}
	if len(parts) == 0 {
		return ""
	}
	sort.Strings(parts)
	return "(" + strings.Join(parts, ", ") + ")"
}

func describeConditions(conds []filters.Condition) string {
	if len(conds) == 0 {
		return ""
	}
	var parts []string
	for _, c := range conds {
		parts = append(parts, fmt.Sprintf("arg%d %s %#x", c.Arg, c.Op, c.Value))
	}
	return "(" + strings.Join(parts, ", ") + ")"
}
