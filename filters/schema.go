package filters

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"urunc-seccomp-exec/abi"
)

// Source is a policy as written, before it is resolved for an architecture.
// The keys are go-seccomp-bpf's YAML keys (default_action, syscalls, action,
// names, names_with_args, arguments, argument, operation, value) plus a few
// of this project's, each optional: default_errno, errno, hot, arch and width;
// in policies.yaml also name, monitor, versions, extends and fallback.
type Source struct {
	File          string
	Line          int
	Name          string
	Monitor       string
	Versions      *VersionRange
	Extends       string
	Fallback      bool
	LoosenDefault bool    // overlays: may set a looser default action
	DefaultAction *Action // nil: inherited (extends) or an error
	Hot           []string
	Groups        []Group
}

// Group is one entry of syscalls: an action for a list of names and for a
// list of names with argument conditions, optionally for one architecture.
type Group struct {
	File     string
	Line     int
	Action   Action
	Arch     string // "" = every architecture
	Names    []WrittenName
	WithArgs []WrittenRule
}

// WrittenName is a syscall name and the line it is written on.
type WrittenName struct {
	Name string
	Line int
}

// WrittenRule is one names_with_args entry, with its line.
type WrittenRule struct {
	WrittenName
	Conditions []Condition
}

// Arches are the architectures policies are written for, by Go name.
var Arches = abi.PolicyArches

// ArchABI returns the native ABI of a Go architecture policies are
// written for.
func ArchABI(name string) (*abi.ABI, error) {
	if slices.Contains(Arches, name) {
		if a, ok := abi.ForGo(name); ok {
			return a, nil
		}
	}
	return nil, fmt.Errorf("unsupported architecture %q (use one of %v)", name, Arches)
}

var policyKeys = []string{"default_action", "default_errno", "hot", "syscalls"}
var catalogKeys = append([]string{"name", "monitor", "versions", "extends", "fallback"}, policyKeys...)

// ParsePolicy reads a single policy file (the --policy and overlay form):
// policy keys, plus monitor (the monitor whose policy an overlay extends;
// wrapper.ReadPolicy refuses one it does not know in a --policy file).
func ParsePolicy(file string, data []byte) (*Source, error) {
	root, err := parseYAML(file, data)
	if err != nil {
		return nil, err
	}
	return parseSource(file, root, append([]string{"monitor"}, policyKeys...))
}

// fields checks that n is a mapping with only the allowed keys, each once.
func fields(file string, n *node, what string, allowed ...string) (map[string]*node, error) {
	if n.kind != mappingNode {
		return nil, fmt.Errorf("%s:%d: %s must be a mapping of keys (%s)", file, n.line, what, strings.Join(allowed, ", "))
	}
	out := map[string]*node{}
	for i := 0; i+1 < len(n.content); i += 2 {
		k, v := n.content[i], n.content[i+1]
		known := false
		for _, a := range allowed {
			known = known || a == k.value
		}
		if !known {
			return nil, fmt.Errorf("%s:%d: unknown key %q in %s (known keys: %s)", file, k.line, k.value, what, strings.Join(allowed, ", "))
		}
		if _, dup := out[k.value]; dup {
			return nil, fmt.Errorf("%s:%d: key %q given twice in %s: keep one", file, k.line, k.value, what)
		}
		out[k.value] = v
	}
	return out, nil
}

func scalar(file string, n *node, what string) (string, error) {
	if n.kind != scalarNode || n.value == "" {
		return "", fmt.Errorf("%s:%d: %s must be a single non-empty value", file, n.line, what)
	}
	return n.value, nil
}

func sequence(file string, n *node, what string) ([]*node, error) {
	if n.kind != sequenceNode {
		return nil, fmt.Errorf("%s:%d: %s must be a list", file, n.line, what)
	}
	return n.content, nil
}

func parseUint(s string) (uint64, error) { return strconv.ParseUint(s, 0, 64) }

func parseSource(file string, n *node, allowed []string) (*Source, error) {
	f, err := fields(file, n, "the policy", allowed...)
	if err != nil {
		return nil, err
	}
	src := &Source{File: file, Line: n.line}
	for _, key := range []struct {
		name string
		into *string
	}{{"name", &src.Name}, {"monitor", &src.Monitor}, {"extends", &src.Extends}} {
		if v, ok := f[key.name]; ok {
			if *key.into, err = scalar(file, v, key.name); err != nil {
				return nil, err
			}
		}
	}
	for key, into := range map[string]*bool{"fallback": &src.Fallback, "loosen_default_action": &src.LoosenDefault} {
		if v, ok := f[key]; ok {
			b, ok := v.boolean()
			if !ok {
				return nil, fmt.Errorf("%s:%d: %s must be true or false", file, v.line, key)
			}
			*into = b
		}
	}
	if v, ok := f["versions"]; ok {
		if src.Versions, err = parseVersionRange(file, v); err != nil {
			return nil, err
		}
	}
	if v, ok := f["default_action"]; ok {
		a, err := parseActionNode(file, v, f["default_errno"])
		if err != nil {
			return nil, err
		}
		src.DefaultAction = &a
	} else if v, ok := f["default_errno"]; ok {
		return nil, fmt.Errorf("%s:%d: default_errno needs default_action: errno", file, v.line)
	}
	if v, ok := f["hot"]; ok {
		items, err := sequence(file, v, "hot")
		if err != nil {
			return nil, err
		}
		for _, it := range items {
			name, err := scalar(file, it, "a hot syscall")
			if err != nil {
				return nil, err
			}
			src.Hot = append(src.Hot, name)
		}
	}
	v, ok := f["syscalls"]
	if !ok {
		if src.Extends == "" {
			return nil, fmt.Errorf("%s:%d: the policy has no syscalls: add a syscalls list", file, n.line)
		}
		return src, nil
	}
	groups, err := sequence(file, v, "syscalls")
	if err != nil {
		return nil, err
	}
	for _, g := range groups {
		group, err := parseGroup(file, g)
		if err != nil {
			return nil, err
		}
		src.Groups = append(src.Groups, group)
	}
	return src, nil
}

func parseActionNode(file string, v, errnoNode *node) (Action, error) {
	name, err := scalar(file, v, "action")
	if err != nil {
		return Action{}, err
	}
	a, err := ParseAction(name)
	if err != nil {
		return Action{}, fmt.Errorf("%s:%d: %w", file, v.line, err)
	}
	if errnoNode != nil {
		if a.Kind != actionKinds["errno"] {
			return Action{}, fmt.Errorf("%s:%d: an errno value goes only with action errno", file, errnoNode.line)
		}
		s, err := scalar(file, errnoNode, "errno")
		if err != nil {
			return Action{}, err
		}
		if a.Errno, err = ParseErrno(s); err != nil {
			return Action{}, fmt.Errorf("%s:%d: %w", file, errnoNode.line, err)
		}
	}
	return a, nil
}

func parseGroup(file string, n *node) (Group, error) {
	f, err := fields(file, n, "a syscalls group", "action", "errno", "arch", "names", "names_with_args")
	if err != nil {
		return Group{}, err
	}
	g := Group{File: file, Line: n.line}
	v, ok := f["action"]
	if !ok {
		return g, fmt.Errorf("%s:%d: the group has no action: add action: allow (or errno, trap, log, kill_thread, kill_process)", file, n.line)
	}
	if g.Action, err = parseActionNode(file, v, f["errno"]); err != nil {
		return g, err
	}
	if v, ok := f["arch"]; ok {
		if g.Arch, err = scalar(file, v, "arch"); err != nil {
			return g, err
		}
		if _, err := ArchABI(g.Arch); err != nil {
			return g, fmt.Errorf("%s:%d: %w", file, v.line, err)
		}
	}
	if v, ok := f["names"]; ok {
		items, err := sequence(file, v, "names")
		if err != nil {
			return g, err
		}
		for _, it := range items {
			name, err := scalar(file, it, "a syscall name")
			if err != nil {
				return g, err
			}
			g.Names = append(g.Names, WrittenName{name, it.line})
		}
	}
	if v, ok := f["names_with_args"]; ok {
		items, err := sequence(file, v, "names_with_args")
		if err != nil {
			return g, err
		}
		for _, it := range items {
			r, err := parseRule(file, it)
			if err != nil {
				return g, err
			}
			g.WithArgs = append(g.WithArgs, r)
		}
	}
	if len(g.Names)+len(g.WithArgs) == 0 {
		return g, fmt.Errorf("%s:%d: the group names no syscall: add names or names_with_args", file, n.line)
	}
	return g, nil
}

func parseRule(file string, n *node) (WrittenRule, error) {
	f, err := fields(file, n, "a names_with_args entry", "name", "arguments")
	if err != nil {
		return WrittenRule{}, err
	}
	r := WrittenRule{WrittenName: WrittenName{Line: n.line}}
	v, ok := f["name"]
	if !ok {
		return r, fmt.Errorf("%s:%d: the entry has no name: add name: SYSCALL", file, n.line)
	}
	if r.Name, err = scalar(file, v, "name"); err != nil {
		return r, err
	}
	v, ok = f["arguments"]
	if !ok {
		return r, fmt.Errorf("%s:%d: %s has no arguments: list conditions, or move it to names", file, n.line, r.Name)
	}
	items, err := sequence(file, v, "arguments")
	if err != nil {
		return r, err
	}
	if len(items) == 0 {
		return r, fmt.Errorf("%s:%d: %s has an empty arguments list: list conditions, or move it to names", file, v.line, r.Name)
	}
	for _, it := range items {
		c, err := parseCondition(file, it)
		if err != nil {
			return r, err
		}
		r.Conditions = append(r.Conditions, c)
	}
	return r, nil
}

func parseCondition(file string, n *node) (Condition, error) {
	f, err := fields(file, n, "an argument condition", "argument", "operation", "value", "width")
	if err != nil {
		return Condition{}, err
	}
	c := Condition{Width: 64}
	for _, key := range []string{"argument", "operation", "value"} {
		if _, ok := f[key]; !ok {
			return c, fmt.Errorf("%s:%d: the condition has no %s: write argument, operation and value", file, n.line, key)
		}
	}
	s, err := scalar(file, f["argument"], "argument")
	if err != nil {
		return c, err
	}
	idx, err := strconv.Atoi(s)
	if err != nil || idx < 0 || idx > 5 {
		return c, fmt.Errorf("%s:%d: argument %q is out of range: use an index from 0 to 5", file, f["argument"].line, s)
	}
	c.Arg = idx
	if s, err = scalar(file, f["operation"], "operation"); err != nil {
		return c, err
	}
	for _, op := range Ops {
		if strings.EqualFold(string(op), s) {
			c.Op = op
		}
	}
	if c.Op == "" {
		return c, fmt.Errorf("%s:%d: unknown operation %q (use one of %v)", file, f["operation"].line, s, Ops)
	}
	if s, err = scalar(file, f["value"], "value"); err != nil {
		return c, err
	}
	if c.Value, err = parseUint(s); err != nil {
		return c, fmt.Errorf("%s:%d: value %q is not an unsigned 64-bit number (decimal or 0x hex)", file, f["value"].line, s)
	}
	if v, ok := f["width"]; ok {
		if s, err = scalar(file, v, "width"); err != nil {
			return c, err
		}
		if s != "32" && s != "64" {
			return c, fmt.Errorf("%s:%d: width %q: use 64 (the whole argument) or 32 (its low 32 bits)", file, v.line, s)
		}
		c.Width, _ = strconv.Atoi(s)
		if c.Width == 32 && c.Value > 0xffffffff {
			return c, fmt.Errorf("%s:%d: value %#x does not fit width 32", file, f["value"].line, c.Value)
		}
	}
	return c, nil
}

// Resolve turns a source (with what it extends already merged in) into the
// policy for one architecture: groups for other architectures are dropped,
// names become numbers, and the result is validated.
func (s *Source) Resolve(archName string) (*Policy, error) {
	info, err := ArchABI(archName)
	if err != nil {
		return nil, err
	}
	if s.DefaultAction == nil {
		return nil, fmt.Errorf("%s:%d: the policy has no default_action: add default_action: kill_process", s.File, s.Line)
	}
	p := &Policy{Arch: info, DefaultAction: *s.DefaultAction, Hot: s.Hot}
	number := func(file string, sp WrittenName) (uint32, error) {
		nr, ok := info.Number(sp.Name)
		if !ok {
			return 0, fmt.Errorf("%s:%d: unknown syscall %q for %s: check the spelling, or put it in a group with arch: for the architectures that have it", file, sp.Line, sp.Name, archName)
		}
		return nr, nil
	}
	for _, g := range s.Groups {
		if g.Arch != "" && g.Arch != archName {
			continue
		}
		for _, sp := range g.Names {
			nr, err := number(g.File, sp)
			if err != nil {
				return nil, err
			}
			p.Rules = append(p.Rules, Rule{Name: sp.Name, Nr: nr, Action: g.Action, File: g.File, Line: sp.Line})
		}
		for _, r := range g.WithArgs {
			nr, err := number(g.File, r.WrittenName)
			if err != nil {
				return nil, err
			}
			p.Rules = append(p.Rules, Rule{Name: r.Name, Nr: nr, Action: g.Action, Conditions: r.Conditions, File: g.File, Line: r.Line})
		}
	}
	p.Rules = dropRepeats(p.Rules)
	if err := p.validate(s.File); err != nil {
		return nil, err
	}
	return p, nil
}

// dropRepeats removes a rule that repeats one of another file exactly
// (an overlay that restates an embedded rule, such as a learned policy put
// in policies.d); within one file a repeat stays an error.
func dropRepeats(rules []Rule) []Rule {
	if len(rules) == 0 || rules[len(rules)-1].File == rules[0].File {
		return rules // one file (overlays come last)
	}
	var out []Rule
	for _, r := range rules {
		repeat := false
		for _, o := range out {
			repeat = repeat || (o.File != r.File && o.Nr == r.Nr && o.Action == r.Action && slices.Equal(o.Conditions, r.Conditions))
		}
		if !repeat {
			out = append(out, r)
		}
	}
	return out
}
