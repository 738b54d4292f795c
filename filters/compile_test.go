package filters

import (
	"encoding/binary"
	"math/rand"
	"runtime"
	"sort"
	"testing"
	"urunc-seccomp-exec/abi"

	seccomp "github.com/elastic/go-seccomp-bpf"
	"golang.org/x/net/bpf"
)

// mustResolve parses a policy file text and resolves it for archName.
func mustResolve(t testing.TB, yamlText, archName string) *Policy {
	t.Helper()
	src, err := ParsePolicy("test.yaml", []byte(yamlText))
	if err != nil {
		t.Fatal(err)
	}
	p, err := src.Resolve(archName)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func mustCompile(t testing.TB, p *Policy) *Program {
	t.Helper()
	prog, err := Compile(p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := prog.Raw(); err != nil {
		t.Fatalf("assemble: %v", err)
	}
	return prog
}

// vmRun runs the program in x/net/bpf's VM, which loads words big-endian:
// each 32-bit word of seccomp_data is byte-swapped to read as the kernel reads.
func vmRun(t testing.TB, prog []bpf.Instruction, d SeccompData) uint32 {
	t.Helper()
	vm, err := bpf.NewVM(prog)
	if err != nil {
		t.Fatalf("x/net/bpf rejects the program: %v", err)
	}
	b := d.Bytes()
	for i := 0; i < len(b); i += 4 {
		binary.BigEndian.PutUint32(b[i:], binary.LittleEndian.Uint32(b[i:]))
	}
	ret, err := vm.Run(b)
	if err != nil {
		t.Fatalf("x/net/bpf VM: %v", err)
	}
	return uint32(ret)
}

// interesting returns edge values around v.
func interesting(v uint64, r *rand.Rand) []uint64 {
	return []uint64{v, v + 1, v - 1, v | 0xffffffff00000000, v & 0xffffffff, v ^ 1<<32, v ^ uint64(r.Uint32()), ^v, 0, 1 << 63}
}

// inputsFor makes calls that probe every rule of p and its edges.
func inputsFor(p *Policy, r *rand.Rand) []SeccompData {
	native := uint32(p.Arch.ID)
	var out []SeccompData
	nrs := []uint32{0, 1, ^uint32(0), abi.X32Bit, abi.X32Bit | 16, abi.X32Bit - 1, 0x7fffffff, r.Uint32(), uint32(r.Intn(500))}
	for _, rule := range p.Rules {
		nrs = append(nrs, rule.Nr, rule.Nr+1, rule.Nr-1, rule.Nr|abi.X32Bit)
	}
	for _, nr := range nrs {
		d := SeccompData{Nr: nr, Arch: native}
		for i := range d.Args {
			d.Args[i] = r.Uint64()
		}
		out = append(out, d)
		foreign := d
		foreign.Arch = uint32(abi.I386.ID)
		out = append(out, foreign)
	}
	for _, rule := range p.Rules {
		for _, c := range rule.Conditions {
			for _, v := range interesting(c.Value, r) {
				d := SeccompData{Nr: rule.Nr, Arch: native}
				// Start from arguments that satisfy the other conditions
				// of the rule where possible, then vary this one.
				for _, o := range rule.Conditions {
					d.Args[o.Arg] = satisfying(o, r)
				}
				d.Args[c.Arg] = v
				out = append(out, d)
			}
		}
	}
	return out
}

// satisfying returns a value that likely satisfies c.
func satisfying(c Condition, r *rand.Rand) uint64 {
	for i := 0; i < 64; i++ {
		for _, v := range interesting(c.Value, r) {
			if c.Holds(v) {
				return v
			}
		}
	}
	return c.Value
}

// checkEquivalent compares the compiled program with the reference evaluator
// (and x/net/bpf's VM with our emulator) on inputs.
func checkEquivalent(t testing.TB, p *Policy, prog *Program, inputs []SeccompData) {
	t.Helper()
	for _, d := range inputs {
		want := p.Decide(d).Ret()
		got, _, err := Emulate(prog.Instructions, d)
		if err != nil {
			t.Fatalf("emulator: %v", err)
		}
		if vm := vmRun(t, prog.Instructions, d); vm != got {
			t.Fatalf("emulator says %#x, x/net/bpf VM says %#x for %+v", got, vm, d)
		}
		if got != want {
			t.Fatalf("compiled program returns %s, the policy means %s, for nr=%d arch=%#x args=%#x",
				ActionFromRet(got), ActionFromRet(want), d.Nr, d.Arch, d.Args)
		}
	}
}

const twoConditional = `
default_action: kill_process
syscalls:
  - action: allow
    names_with_args:
      - name: ioctl
        arguments: [{argument: 1, operation: Equal, value: 0xae80}]
      - name: mmap
        arguments: [{argument: 2, operation: Equal, value: 3}]
  - action: allow
    names: [read, write, exit_group]
`

// TestGoSeccompBPFBypass shows the bug that makes us compile ourselves:
// go-seccomp-bpf v1.6.0 allows ioctl(fd, 9, 3) under a policy that allows
// ioctl only with request 0xae80, because after the failed check the
// accumulator holds arg 2 (3) ... and then arg 1 (9) is compared with
// syscall numbers (9 is mmap on amd64). Our program denies it.
func TestGoSeccompBPFBypass(t *testing.T) {
	if runtime.GOARCH != "amd64" {
		t.Skip("go-seccomp-bpf assembles only for the build architecture; the numbers here are amd64's")
	}
	lib := seccomp.Policy{
		DefaultAction: seccomp.ActionKillProcess,
		Syscalls: []seccomp.SyscallGroup{{
			Action: seccomp.ActionAllow,
			NamesWithCondtions: []seccomp.NameWithConditions{
				{Name: "ioctl", Conditions: seccomp.ArgumentConditions{{Argument: 1, Operation: seccomp.Equal, Value: 0xae80}}},
				{Name: "mmap", Conditions: seccomp.ArgumentConditions{{Argument: 2, Operation: seccomp.Equal, Value: 3}}},
			},
		}},
	}
	libProg, err := lib.Assemble()
	if err != nil {
		t.Fatal(err)
	}
	attack := SeccompData{Nr: 16 /* ioctl */, Arch: uint32(abi.X86_64.ID), Args: [6]uint64{3, 9, 3}}
	libRet, _, err := Emulate(libProg, attack)
	if err != nil {
		t.Fatal(err)
	}
	if libRet != uint32(KindAllow) {
		t.Logf("go-seccomp-bpf no longer allows the attack (returns %s): the bypass may be fixed upstream", ActionFromRet(libRet))
	}
	p := mustResolve(t, twoConditional, "amd64")
	prog := mustCompile(t, p)
	got, _, _ := Emulate(prog.Instructions, attack)
	if got != uint32(KindKillProcess) {
		t.Fatalf("ioctl(fd, 9, 3) got %s, want kill_process", ActionFromRet(got))
	}
	checkEquivalent(t, p, prog, append(inputsFor(p, rand.New(rand.NewSource(1))), attack))
}

// randomPolicy builds a valid random policy for archName.
func randomPolicy(r *rand.Rand, archName string) *Policy {
	info, _ := ArchABI(archName)
	var names []string
	for _, c := range info.Calls() {
		names = append(names, c.Name)
	}
	sort.Strings(names)
	actions := []Action{{Kind: KindAllow}, {Kind: KindErrno, Errno: 38}, {Kind: KindTrap},
		{Kind: KindLog}, {Kind: KindKillThread}, {Kind: KindKillProcess}, {Kind: KindErrno, Errno: 1}}
	p := &Policy{Arch: info, DefaultAction: actions[r.Intn(len(actions))]}
	used := map[string]bool{}
	values := []uint64{0, 1, 3, 0xae80, 0xffffffff, 1 << 32, 0xffffffff00000000, 0xc008ae05, 0x7E020000, ^uint64(0)}
	for i, n := 0, 1+r.Intn(60); i < n; i++ {
		name := names[r.Intn(len(names))]
		if used[name] {
			continue
		}
		used[name] = true
		nr := info.MustNumber(name)
		if r.Intn(3) > 0 {
			p.Rules = append(p.Rules, Rule{Name: name, Nr: nr, Action: actions[r.Intn(len(actions))]})
			continue
		}
		if r.Intn(3) == 0 { // a request-number switch, as for ioctl
			arg := r.Intn(6)
			for k := 0; k < 2+r.Intn(30); k++ {
				v := uint64(r.Intn(64)) // small values: neighbours and repeats
				if r.Intn(2) == 0 {
					v = uint64(r.Uint32())
				}
				p.Rules = append(p.Rules, Rule{Name: name, Nr: nr, Action: actions[r.Intn(len(actions))],
					Conditions: []Condition{{Arg: arg, Op: Equal, Value: v, Width: 32}}})
			}
			continue
		}
		for k := 0; k < 1+r.Intn(3); k++ {
			rule := Rule{Name: name, Nr: nr, Action: actions[r.Intn(len(actions))]}
			for c := 0; c < 1+r.Intn(3); c++ {
				v := values[r.Intn(len(values))]
				if r.Intn(2) == 0 {
					v = r.Uint64()
				}
				cond := Condition{Arg: r.Intn(6), Op: Ops[r.Intn(len(Ops))], Value: v, Width: 64}
				if r.Intn(3) == 0 {
					cond.Width, cond.Value = 32, uint64(uint32(v))
				}
				rule.Conditions = append(rule.Conditions, cond)
			}
			p.Rules = append(p.Rules, rule)
		}
	}
	if r.Intn(2) == 0 && len(p.Rules) > 0 {
		p.Hot = []string{p.Rules[r.Intn(len(p.Rules))].Name}
	}
	return p
}

func TestRandomPoliciesMatchReference(t *testing.T) {
	r := rand.New(rand.NewSource(42))
	for i := 0; i < 400; i++ {
		for _, a := range Arches {
			p := randomPolicy(r, a)
			if len(p.Rules) == 0 {
				continue
			}
			checkEquivalent(t, p, mustCompile(t, p), inputsFor(p, r))
		}
	}
}

// TestLongJumps builds a policy whose program needs jumps beyond 255
// instructions and checks it still assembles and decides right.
func TestLongJumps(t *testing.T) {
	info, _ := ArchABI("amd64")
	p := &Policy{Arch: info, DefaultAction: Action{Kind: KindKillProcess}}
	for nr := uint32(0); nr < 300; nr++ {
		name := info.CallName(nr)
		if name == "" {
			continue
		}
		var conds []Condition
		if nr%2 == 0 {
			conds = []Condition{{Arg: int(nr % 6), Op: GreaterThan, Value: uint64(nr) << 20, Width: 64}, {Arg: 1, Op: NotEqual, Value: 7, Width: 64}}
		}
		p.Rules = append(p.Rules, Rule{Name: name, Nr: nr, Action: Action{Kind: KindAllow}, Conditions: conds})
	}
	prog := mustCompile(t, p)
	if len(prog.Instructions) < 600 {
		t.Fatalf("only %d instructions: the test no longer needs long jumps", len(prog.Instructions))
	}
	checkEquivalent(t, p, prog, inputsFor(p, rand.New(rand.NewSource(7))))
}

func TestTooLarge(t *testing.T) {
	info, _ := ArchABI("amd64")
	p := &Policy{Arch: info, DefaultAction: Action{Kind: KindKillProcess}}
	for i := 0; i < 1500; i++ {
		p.Rules = append(p.Rules, Rule{Name: "ioctl", Nr: 16, Action: Action{Kind: KindAllow},
			Conditions: []Condition{{Arg: 1, Op: Equal, Value: uint64(i), Width: 64}}})
	}
	if _, err := Compile(p); err == nil {
		t.Fatal("a program over 4096 instructions compiled without error")
	}
}

// TestAgreesWithGoSeccompBPF uses go-seccomp-bpf as a second oracle where it
// is right: policies without argument conditions, native calls.
func TestAgreesWithGoSeccompBPF(t *testing.T) {
	if runtime.GOARCH != "amd64" && runtime.GOARCH != "arm64" {
		t.Skip("go-seccomp-bpf assembles only for the build architecture")
	}
	r := rand.New(rand.NewSource(3))
	for i := 0; i < 200; i++ {
		p := randomPolicy(r, runtime.GOARCH)
		lib := seccomp.Policy{DefaultAction: seccomp.Action(p.DefaultAction.Kind)}
		var kept []Rule
		for _, rule := range p.Rules {
			if len(rule.Conditions) > 0 || rule.Action.Kind == KindErrno || p.DefaultAction.Kind == KindErrno {
				continue // go-seccomp-bpf's errno is always EPERM; keep the comparison exact
			}
			kept = append(kept, rule)
			lib.Syscalls = append(lib.Syscalls, seccomp.SyscallGroup{Action: seccomp.Action(rule.Action.Kind), Names: []string{rule.Name}})
		}
		if len(kept) == 0 {
			continue
		}
		p.Rules, p.Hot = kept, nil
		libProg, err := lib.Assemble()
		if err != nil {
			t.Fatal(err)
		}
		prog := mustCompile(t, p)
		for _, d := range inputsFor(p, r) {
			if !p.Arch.Native(d.Arch, d.Nr) {
				continue // by design we kill foreign and x32 calls; go-seccomp-bpf does not
			}
			want, _, _ := Emulate(libProg, d)
			got, _, _ := Emulate(prog.Instructions, d)
			if got != want {
				t.Fatalf("nr %d: we return %s, go-seccomp-bpf %s", d.Nr, ActionFromRet(got), ActionFromRet(want))
			}
		}
	}
}

// TestUnconditionalAllowsAreCacheable checks the kernel's cache rule: every
// unconditional allow is decided from nr and arch alone, and no call whose
// decision needs its arguments is cached.
func TestUnconditionalAllowsAreCacheable(t *testing.T) {
	r := rand.New(rand.NewSource(5))
	for i := 0; i < 100; i++ {
		for _, a := range Arches {
			p := randomPolicy(r, a)
			if len(p.Rules) == 0 {
				continue
			}
			raw, err := mustCompile(t, p).Raw()
			if err != nil {
				t.Fatal(err)
			}
			cached := CacheableAllows(raw, uint32(p.Arch.ID), 512)
			for nr := uint32(0); nr < 512; nr++ {
				rules := p.RulesFor(nr)
				uncond := len(rules) == 1 && len(rules[0].Conditions) == 0
				wantCached := (uncond && rules[0].Action.Kind == KindAllow) ||
					(len(rules) == 0 && p.DefaultAction.Kind == KindAllow)
				if cached[nr] != wantCached {
					t.Fatalf("%s nr %d (%s): cached=%v, want %v", a, nr, p.Arch.CallName(nr), cached[nr], wantCached)
				}
			}
		}
	}
}

// FuzzCompile feeds random policies and calls built from the fuzzer's seed.
func FuzzCompile(f *testing.F) {
	for _, seed := range []int64{0, 1, 2, 99} {
		f.Add(seed, uint32(16), uint64(0xae80), uint64(3))
	}
	f.Fuzz(func(t *testing.T, seed int64, nr uint32, a1, a2 uint64) {
		r := rand.New(rand.NewSource(seed))
		a := Arches[r.Intn(len(Arches))]
		p := randomPolicy(r, a)
		if len(p.Rules) == 0 {
			return
		}
		prog := mustCompile(t, p)
		extra := SeccompData{Nr: nr, Arch: uint32(p.Arch.ID), Args: [6]uint64{a2, a1, a2, a1, a2, a1}}
		checkEquivalent(t, p, prog, append(inputsFor(p, r), extra))
	})
}

func TestEmulatorCountsInstructions(t *testing.T) {
	p := mustResolve(t, twoConditional, "amd64")
	prog := mustCompile(t, p)
	_, steps, err := Emulate(prog.Instructions, SeccompData{Nr: 0, Arch: uint32(abi.X86_64.ID)})
	if err != nil {
		t.Fatal(err)
	}
	if steps < 4 || steps > len(prog.Instructions) {
		t.Fatalf("read ran %d instructions of %d", steps, len(prog.Instructions))
	}
}
