package wrapper

import (
	"fmt"
	"slices"

	"golang.org/x/sys/unix"

	"urunc-seccomp-exec/filters"
)

// WithExecGuard returns a copy of policy that allows execve only with these
// exact pathname, argv and envp pointers: the wrapper's own call. The
// monitor's address space, after execve, has other pointers, so it cannot
// exec anything unless it rebuilds that exact memory layout on purpose.
// A policy that allows execve unconditionally is left as written.
func WithExecGuard(policy *filters.Policy, path, argv, envp uintptr) *filters.Policy {
	nr := uint32(policy.Arch.MustNumber("execve"))
	for _, r := range policy.RulesFor(nr) {
		if len(r.Conditions) == 0 {
			return policy
		}
	}
	guard := filters.Rule{Name: "execve", Nr: nr, Action: filters.Allow, Conditions: []filters.Condition{
		{Arg: 0, Op: filters.Equal, Value: uint64(path), Width: 64},
		{Arg: 1, Op: filters.Equal, Value: uint64(argv), Width: 64},
		{Arg: 2, Op: filters.Equal, Value: uint64(envp), Width: 64},
	}}
	out := *policy
	out.Rules = append([]filters.Rule{guard}, policy.Rules...)
	return &out
}

// GuardedProgram is an embedded policy compiled with its exec guard at
// build time (go generate): compiling at start-up cost 0.65 M
// instructions, more than everything else the wrapper then did before
// execve (callgrind; README's performance section has today's figures). Only the guard's pointers are left to fill in, as gVisor's
// precompiledseccomp does.
type GuardedProgram struct {
	Name     string          // the embedded policy's name
	Arch     string          // Go architecture
	Resolved *filters.Policy // the policy, resolved for Arch, without the guard
	Filter   []unix.SockFilter
	// Words are the indexes of the instructions whose K is the guard's
	// path, argv and envp pointer: low word, then high word, of each.
	Words [6]uint16
}

// Patched returns a copy of the filter with the guard's pointers filled in.
func (g *GuardedProgram) Patched(path, argv, envp uintptr) []unix.SockFilter {
	out := slices.Clone(g.Filter)
	for i, v := range [3]uint64{uint64(path), uint64(argv), uint64(envp)} {
		out[g.Words[2*i]].K = uint32(v)
		out[g.Words[2*i+1]].K = uint32(v >> 32)
	}
	return out
}

// sentinels are two sets of guard pointers whose twelve words differ from
// each other and from any value a policy here compares with.
var sentinels = [2][3]uintptr{
	{0x5eed0001_0a0b0c01, 0x5eed0002_0a0b0c02, 0x5eed0003_0a0b0c03},
	{0x6eed0001_1a1b1c01, 0x6eed0002_1a1b1c02, 0x6eed0003_1a1b1c03},
}

// PrecompileGuarded compiles policy with the exec guard twice, with two
// sets of sentinel pointers, and finds the guard's words as the only
// instructions that differ. Anything else differing (a layout that depends
// on the pointers' values) is an error. TestGuardedProgramIsCompiled checks
// the patched program against a compile, for pointers of every shape.
func PrecompileGuarded(policy *filters.Policy, name, arch string) (*GuardedProgram, error) {
	var progs [2][]unix.SockFilter
	for i, s := range sentinels {
		f, err := compileGuarded(policy, s[0], s[1], s[2])
		if err != nil {
			return nil, err
		}
		progs[i] = f
	}
	a, b := progs[0], progs[1]
	if len(a) != len(b) {
		return nil, fmt.Errorf("%s/%s: the program's length depends on the guard's pointers", name, arch)
	}
	g := &GuardedProgram{Name: name, Arch: arch, Resolved: policy, Filter: a}
	found := 0
	for i := range a {
		if a[i] == b[i] {
			continue
		}
		w := slices.Index(guardWords(sentinels[0]), a[i].K)
		if w < 0 || a[i].Code != b[i].Code || a[i].Jt != b[i].Jt || a[i].Jf != b[i].Jf || b[i].K != guardWords(sentinels[1])[w] {
			return nil, fmt.Errorf("%s/%s: instruction %d depends on the guard's pointers beyond its K", name, arch, i)
		}
		g.Words[w] = uint16(i)
		found++
	}
	if found != len(g.Words) {
		return nil, fmt.Errorf("%s/%s: %d guard words found, want 6 (does the policy allow execve unconditionally?)", name, arch, found)
	}
	return g, nil
}

// PrecompileCatalog compiles every policy of the catalog with the exec
// guard for every architecture: what go generate embeds
// (scripts/gencatalog) and what its drift tests compare with.
func PrecompileCatalog(c *filters.Catalog) ([]GuardedProgram, error) {
	var out []GuardedProgram
	for _, s := range c.Sources {
		for _, arch := range filters.Arches {
			p, err := s.Resolve(arch)
			if err != nil {
				return nil, err
			}
			g, err := PrecompileGuarded(p, s.Name, arch)
			if err != nil {
				return nil, err
			}
			out = append(out, *g)
		}
	}
	return out, nil
}

// guardWords are the six K values the guard compares with, in Words order.
func guardWords(p [3]uintptr) []uint32 {
	var out []uint32
	for _, v := range p {
		out = append(out, uint32(v), uint32(uint64(v)>>32))
	}
	return out
}

// compileGuarded compiles policy with the guard for these pointers into
// the filter seccomp(2) takes.
func compileGuarded(policy *filters.Policy, path, argv, envp uintptr) ([]unix.SockFilter, error) {
	prog, err := filters.Compile(WithExecGuard(policy, path, argv, envp))
	if err != nil {
		return nil, err
	}
	raw, err := prog.Raw()
	if err != nil {
		return nil, fmt.Errorf("assembling the filter: %w", err)
	}
	filter := make([]unix.SockFilter, len(raw))
	for i, in := range raw {
		filter[i] = unix.SockFilter{Code: in.Op, Jt: in.Jt, Jf: in.Jf, K: in.K}
	}
	return filter, nil
}
