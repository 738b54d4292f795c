package filters

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"urunc-seccomp-exec/abi"

	"golang.org/x/net/bpf"
)

// We compile ourselves instead of calling go-seccomp-bpf's Policy.Assemble:
// its assembler leaves an argument word in the accumulator after a failed
// argument check and then compares it with syscall numbers, so one
// conditional rule can allow another syscall (TestGoSeccompBPFBypass shows
// it). It also builds a linear chain and only for the build's architecture.

// Offsets in struct seccomp_data (little-endian: the low word of an
// argument comes first).
const (
	offNr   = 0
	offArch = 4
	offArgs = 16
)

// MaxInstructions is the kernel's limit on a filter (BPF_MAXINSNS).
const MaxInstructions = 4096

// Program is a compiled filter: the instructions, in order, with a comment
// for each that says what it decides (for the asm export).
type Program struct {
	Policy       *Policy
	Instructions []bpf.Instruction
	Comments     []string
}

// Raw returns the program as handed to seccomp(2).
func (p *Program) Raw() ([]bpf.RawInstruction, error) {
	return bpf.Assemble(p.Instructions)
}

// The program, front to back:
//
//	ld arch; jeq AUDIT_ARCH else kill      foreign ABIs (i386 int 0x80) die
//	ld nr; jeq HOT -> its argument checks  the hottest call first (KVM_RUN)
//	jge 0x40000000 -> kill                 x32 ABI (x86-64 only)
//	balanced jge search over nr ranges     leaves jump straight to a return
//	argument checks, per syscall           each test reloads what it reads
//	returns                                shared while within jump reach
//
// Only nr and arch are read before a leaf returns, so every unconditional
// allow is cacheable by the kernel (seccomp_cache_prepare, Linux >= 5.11).

// Compile turns a policy into a BPF program.
func Compile(p *Policy) (*Program, error) {
	e := &emitter{rets: map[uint32]int{}}
	def := p.DefaultAction

	// Argument checks, one block per conditional syscall.
	blocks := map[uint32]int{}
	var conditional []uint32
	for _, r := range p.Rules {
		if len(r.Conditions) > 0 && !slices.Contains(conditional, r.Nr) {
			conditional = append(conditional, r.Nr)
		}
	}
	hot := map[uint32]bool{}
	for _, name := range p.Hot {
		hot[p.Arch.MustNumber(name)] = true
	}
	// Hot blocks are emitted last so they sit nearest their dispatch.
	sort.SliceStable(conditional, func(i, j int) bool { return !hot[conditional[i]] && hot[conditional[j]] })
	for _, nr := range conditional {
		blocks[nr] = e.ruleBlock(p.RulesFor(nr), def)
	}

	// The search over syscall numbers that reach it.
	limit := uint64(1) << 32
	if p.Arch.ID == abi.X86_64.ID {
		limit = abi.X32Bit
	}
	leaves := map[uint32]leaf{}
	for _, r := range p.Rules {
		if hot[r.Nr] {
			continue // decided before the search
		}
		if len(r.Conditions) == 0 {
			leaves[r.Nr] = leaf{ret: r.Action.Ret()}
		} else if _, done := leaves[r.Nr]; !done { // once per syscall: longest walks its whole block
			leaves[r.Nr] = leaf{block: blocks[r.Nr], conditional: true, cost: e.longest(blocks[r.Nr])}
		}
	}
	search := e.search(mergeRanges(leaves, def.Ret(), limit), func(nr uint64) string {
		if name := p.Arch.CallName(uint32(nr)); name != "" {
			return fmt.Sprintf("nr >= %d (%s)", nr, name)
		}
		return fmt.Sprintf("nr >= %d", nr)
	})

	kill := KindKillProcess
	next := search
	if p.Arch.ID == abi.X86_64.ID {
		next = e.jump(bpf.JumpGreaterOrEqual, abi.X32Bit, e.ret(uint32(kill)), next, "x32 ABI: kill")
	}
	for i := len(p.Hot) - 1; i >= 0; i-- {
		nr := p.Arch.MustNumber(p.Hot[i])
		target, ok := blocks[nr]
		if !ok {
			target = e.ret(p.ruleAction(nr, def).Ret())
		}
		next = e.jump(bpf.JumpEqual, nr, target, next, "hot: "+p.Hot[i])
	}
	e.emit(bpf.LoadAbsolute{Off: offNr, Size: 4}, "load syscall number")
	e.jump(bpf.JumpEqual, uint32(p.Arch.ID), e.label(), e.ret(uint32(kill)), "foreign architecture: kill")
	e.emit(bpf.LoadAbsolute{Off: offArch, Size: 4}, "load architecture")

	prog := e.program(p)
	if n := len(prog.Instructions); n > MaxInstructions {
		return nil, fmt.Errorf("the policy compiles to %d instructions, over the kernel's limit of %d: merge rules or split the policy", n, MaxInstructions)
	}
	return prog, nil
}

// ruleAction is the action of an unconditional rule for nr, or def.
func (p *Policy) ruleAction(nr uint32, def Action) Action {
	for _, r := range p.RulesFor(nr) {
		if len(r.Conditions) == 0 {
			return r.Action
		}
	}
	return def
}

type leaf struct {
	ret         uint32 // return value, when not conditional
	block       int    // label of the argument checks, when conditional
	conditional bool
	cost        int // instructions on the longest path through the block
}

// nrRange is a run of syscall numbers [lo, hi] with one outcome.
type nrRange struct {
	lo, hi uint64
	leaf   leaf
}

// mergeRanges covers [0, limit) with ranges of equal outcome.
func mergeRanges(leaves map[uint32]leaf, def uint32, limit uint64) []nrRange {
	nrs := make([]uint32, 0, len(leaves))
	for nr := range leaves {
		if uint64(nr) < limit {
			nrs = append(nrs, nr)
		}
	}
	sort.Slice(nrs, func(i, j int) bool { return nrs[i] < nrs[j] })
	var out []nrRange
	add := func(lo, hi uint64, l leaf) {
		if n := len(out); n > 0 && !l.conditional && !out[n-1].leaf.conditional && out[n-1].leaf.ret == l.ret {
			out[n-1].hi = hi
			return
		}
		out = append(out, nrRange{lo, hi, l})
	}
	next := uint64(0)
	for _, nr := range nrs {
		if uint64(nr) > next {
			add(next, uint64(nr)-1, leaf{ret: def})
		}
		add(uint64(nr), uint64(nr), leaves[nr])
		next = uint64(nr) + 1
	}
	if next < limit {
		add(next, limit-1, leaf{ret: def})
	}
	return out
}

// emitter builds a program back to front, so that every jump's target is
// already placed when the jump is written. A label is the count of
// instructions emitted when its instruction was, so a jump written now to
// label L skips e.label()-L instructions.
type emitter struct {
	rev      []bpf.Instruction // back to front
	comments []string
	rets     map[uint32]int // label of a return with that value
}

func (e *emitter) label() int { return len(e.rev) }

func (e *emitter) emit(in bpf.Instruction, comment string) int {
	e.rev = append(e.rev, in)
	e.comments = append(e.comments, comment)
	return e.label()
}

// ret returns a label for "return v", shared with an earlier one while a
// jump from here can still reach it.
func (e *emitter) ret(v uint32) int {
	if l, ok := e.rets[v]; ok && e.label()-l < 250 {
		return l
	}
	l := e.emit(bpf.RetConstant{Val: v}, ActionFromRet(v).String())
	e.rets[v] = l
	return l
}

// jump emits "if A cond k goto t else goto f" and returns its label. Only
// the kernel's native tests (jeq, jgt, jge, jset) are emitted; a target
// beyond a conditional jump's 255-instruction reach gets a "ja" trampoline.
func (e *emitter) jump(cond bpf.JumpTest, k uint32, t, f int, comment string) int {
	if e.label()-t > 255 {
		t = e.emit(bpf.Jump{Skip: uint32(e.label() - t)}, "")
	}
	if e.label()-f > 255 {
		f = e.emit(bpf.Jump{Skip: uint32(e.label() - f)}, "")
	}
	return e.emit(bpf.JumpIf{Cond: cond, Val: k, SkipTrue: uint8(e.label() - t), SkipFalse: uint8(e.label() - f)}, comment)
}

func (e *emitter) load(off uint32, comment string) int {
	return e.emit(bpf.LoadAbsolute{Off: off, Size: 4}, comment)
}

// search emits a binary search over the ranges of a loaded word and returns
// the label of its root. A leaf costs no instruction: its parent jumps to
// the return or to the argument checks directly. The split balances the
// weights 2^cost of the leaves, so a leaf with a long block sits nearer
// the root and the longest path stays near log2(sum of 2^cost) (Kraft).
// name gives a comment for a range's first value.
func (e *emitter) search(ranges []nrRange, name func(uint64) string) int {
	if len(ranges) == 1 {
		l := ranges[0].leaf
		if l.conditional {
			return l.block
		}
		return e.ret(l.ret)
	}
	weights := make([]float64, len(ranges)+1) // prefix sums
	for i, r := range ranges {
		weights[i+1] = weights[i] + math.Exp2(float64(r.leaf.cost))
	}
	mid, best := 1, math.Inf(1)
	for m := 1; m < len(ranges); m++ {
		if w := math.Max(weights[m], weights[len(ranges)]-weights[m]); w < best {
			mid, best = m, w
		}
	}
	right := e.search(ranges[mid:], name)
	left := e.search(ranges[:mid], name)
	lo := ranges[mid].lo
	return e.jump(bpf.JumpGreaterOrEqual, uint32(lo), right, left, name(lo))
}

// longest counts the instructions on the longest path from label to a
// return, in the code emitted so far.
func (e *emitter) longest(label int) int {
	memo := map[int]int{}
	var walk func(l int) int
	walk = func(l int) int {
		if n, ok := memo[l]; ok {
			return n
		}
		n := 1
		switch in := e.rev[l-1].(type) {
		case bpf.RetConstant:
		case bpf.Jump:
			n += walk(l - 1 - int(in.Skip))
		case bpf.JumpIf:
			n += max(walk(l-1-int(in.SkipTrue)), walk(l-1-int(in.SkipFalse)))
		default:
			n += walk(l - 1)
		}
		memo[l] = n
		return n
	}
	return walk(label)
}

// ruleBlock emits the argument checks of one syscall: its rules in order,
// the first whose conditions all hold decides, else the default action.
func (e *emitter) ruleBlock(rules []Rule, def Action) int {
	if isSwitch(rules) {
		return e.valueSwitch(rules, def)
	}
	// next is where a failing rule goes: the following rule's entry, or its
	// first test (skipping its load) when the accumulator already holds the
	// word that rule loads first.
	next := target{label: e.ret(def.Ret())}
	for i := len(rules) - 1; i >= 0; i-- {
		r := rules[i]
		pass := e.ret(r.Action.Ret())
		var first target
		for j := len(r.Conditions) - 1; j >= 0; j-- {
			first = e.condition(r.Name, r.Conditions[j], pass, next)
			pass = first.label
		}
		next = first
	}
	return next.label
}

// target is a label, plus (where it starts with a load) the label just
// after that load and the offset of the word loaded.
type target struct {
	label, afterLoad int
	word             uint32
	loads            bool
}

// failTo returns where to go on failure with word in the accumulator.
func (t target) failTo(word uint32) int {
	if t.loads && t.word == word {
		return t.afterLoad
	}
	return t.label
}

// isSwitch reports whether every rule is one 32-bit Equal test of the same
// argument (ioctl request numbers): then the word is loaded once and
// searched.
func isSwitch(rules []Rule) bool {
	for _, r := range rules {
		if len(r.Conditions) != 1 {
			return false
		}
		c := r.Conditions[0]
		if c.Op != Equal || c.Width != 32 || c.Arg != rules[0].Conditions[0].Arg {
			return false
		}
	}
	return len(rules) > 1
}

// valueSwitch emits: load the word; test the first rule's value (the hot
// one, such as KVM_RUN); then a balanced search over the other values.
// Where a value repeats, the first rule wins, as in the rule chain.
func (e *emitter) valueSwitch(rules []Rule, def Action) int {
	first := rules[0]
	c := first.Conditions[0]
	leaves := map[uint32]leaf{}
	for _, r := range rules[1:] {
		v := uint32(r.Conditions[0].Value)
		if _, seen := leaves[v]; !seen && v != uint32(c.Value) {
			leaves[v] = leaf{ret: r.Action.Ret()}
		}
	}
	rest := e.search(mergeRanges(leaves, def.Ret(), 1<<32), func(v uint64) string {
		return fmt.Sprintf("%s: arg%d >= %#x (low 32 bits)", first.Name, c.Arg, v)
	})
	e.jump(bpf.JumpEqual, uint32(c.Value), e.ret(first.Action.Ret()), rest,
		fmt.Sprintf("%s: arg%d == %#x (low 32 bits)", first.Name, c.Arg, c.Value))
	return e.load(offArgs+8*uint32(c.Arg), fmt.Sprintf("load arg%d low word", c.Arg))
}

// condition emits one argument test, jumping to pass or fail, and returns
// its entry. 64-bit tests compare the high word, then the low word; each
// word is loaded right before it is compared.
func (e *emitter) condition(name string, c Condition, pass int, fail target) target {
	lo := offArgs + 8*uint32(c.Arg)
	hi := lo + 4
	vl, vh := uint32(c.Value), uint32(c.Value>>32)
	what := fmt.Sprintf("%s: arg%d %s %#x", name, c.Arg, c.Op, c.Value)
	bits := c.Op == BitsSet || c.Op == BitsNotSet
	if c.Width == 32 || (bits && vh == 0) { // the high word cannot matter
		if c.Width == 32 {
			what += " (low 32 bits)"
		}
		e.lowTest(c.Op, vl, pass, fail.failTo(lo), what)
		after := e.label()
		return target{e.load(lo, fmt.Sprintf("load arg%d low word", c.Arg)), after, lo, true}
	}
	failLo, failHi := fail.failTo(lo), fail.failTo(hi)
	switch c.Op {
	case Equal, NotEqual:
		if c.Op == Equal {
			e.jump(bpf.JumpEqual, vl, pass, failLo, what)
		} else {
			e.jump(bpf.JumpEqual, vl, failLo, pass, what)
		}
		x := e.load(lo, "")
		if c.Op == Equal {
			e.jump(bpf.JumpEqual, vh, x, failHi, what+" (high word)")
		} else {
			e.jump(bpf.JumpEqual, vh, x, pass, what+" (high word)")
		}
	case GreaterThan, GreaterOrEqual, LessThan, LessOrEqual:
		above, below := pass, failHi // where hi > vh and hi < vh go
		if c.Op == LessThan || c.Op == LessOrEqual {
			above, below = failHi, pass
		}
		e.lowTest(c.Op, vl, pass, failLo, what)
		x := e.load(lo, "")
		y := e.jump(bpf.JumpEqual, vh, x, below, "")
		e.jump(bpf.JumpGreaterThan, vh, above, y, what+" (high word)")
	case BitsSet:
		e.jump(bpf.JumpBitsSet, vl, pass, failLo, what)
		x := e.load(lo, "")
		e.jump(bpf.JumpBitsSet, vh, pass, x, what+" (high word)")
	case BitsNotSet:
		e.jump(bpf.JumpBitsSet, vl, failLo, pass, what)
		x := e.load(lo, "")
		e.jump(bpf.JumpBitsSet, vh, failHi, x, what+" (high word)")
	default:
		panic("filters: unknown operation " + string(c.Op))
	}
	after := e.label()
	return target{e.load(hi, fmt.Sprintf("load arg%d high word", c.Arg)), after, hi, true}
}

// lowTest emits the comparison of the loaded word with v for op.
func (e *emitter) lowTest(op Op, v uint32, pass, fail int, comment string) {
	switch op {
	case Equal:
		e.jump(bpf.JumpEqual, v, pass, fail, comment)
	case NotEqual:
		e.jump(bpf.JumpEqual, v, fail, pass, comment)
	case GreaterThan:
		e.jump(bpf.JumpGreaterThan, v, pass, fail, comment)
	case GreaterOrEqual:
		e.jump(bpf.JumpGreaterOrEqual, v, pass, fail, comment)
	case LessThan:
		e.jump(bpf.JumpGreaterOrEqual, v, fail, pass, comment)
	case LessOrEqual:
		e.jump(bpf.JumpGreaterThan, v, fail, pass, comment)
	case BitsSet:
		e.jump(bpf.JumpBitsSet, v, pass, fail, comment)
	case BitsNotSet:
		e.jump(bpf.JumpBitsSet, v, fail, pass, comment)
	default:
		panic("filters: unknown operation " + string(op))
	}
}

// program reverses the emitted instructions into program order.
func (e *emitter) program(p *Policy) *Program {
	n := len(e.rev)
	prog := &Program{Policy: p, Instructions: make([]bpf.Instruction, n), Comments: make([]string, n)}
	for i := range e.rev {
		prog.Instructions[n-1-i] = e.rev[i]
		prog.Comments[n-1-i] = e.comments[i]
	}
	return prog
}
