package filters

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"math/rand"
	"strconv"
	"strings"
	"testing"
	"urunc-seccomp-exec/abi"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/net/bpf"
)

// fromOCI reads an OCI profile back into a policy, as libseccomp would
// decide it: the inverse of ToOCI for the forms ToOCI writes.
func fromOCI(t *testing.T, s *specs.LinuxSeccomp, like *Policy) *Policy {
	t.Helper()
	action := func(a specs.LinuxSeccompAction, errno *uint) Action {
		for kind, name := range ociActions {
			if string(a) == name {
				out := Action{Kind: kind}
				if errno != nil {
					out.Errno = uint16(*errno)
				}
				return out
			}
		}
		t.Fatalf("unknown OCI action %s", a)
		return Action{}
	}
	p := &Policy{Arch: like.Arch, DefaultAction: action(s.DefaultAction, s.DefaultErrnoRet)}
	for _, sc := range s.Syscalls {
		for _, name := range sc.Names {
			r := Rule{Name: name, Nr: like.Arch.MustNumber(name), Action: action(sc.Action, sc.ErrnoRet)}
			for _, a := range sc.Args {
				c := Condition{Arg: int(a.Index), Value: a.Value, Width: 64}
				for op, name := range ociOps {
					if string(a.Op) == name {
						c.Op = op
					}
				}
				switch a.Op {
				case specs.OpMaskedEqual:
					switch {
					case a.Value == 0xffffffff:
						c.Op, c.Value, c.Width = Equal, a.ValueTwo, 32
					case a.ValueTwo == 0:
						c.Op = BitsNotSet
					default:
						c.Op = BitsSet // a single bit, as ToOCI writes it
					}
				}
				r.Conditions = append(r.Conditions, c)
			}
			p.Rules = append(p.Rules, r)
		}
	}
	return p
}

func TestOCIRoundTrip(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	for _, src := range embedded(t).Sources {
		for _, a := range Arches {
			p, _ := src.Resolve(a)
			var buf bytes.Buffer
			if err := WriteOCI(&buf, p); err != nil {
				t.Fatal(err)
			}
			var spec specs.LinuxSeccomp
			dec := json.NewDecoder(&buf)
			dec.DisallowUnknownFields()
			if err := dec.Decode(&spec); err != nil {
				t.Fatalf("the OCI types do not read our export: %v", err)
			}
			back := fromOCI(t, &spec, p)
			execve := uint32(p.Arch.MustNumber("execve"))
			for _, d := range inputsFor(p, r) {
				if !p.Arch.Native(d.Arch, d.Nr) || d.Nr == execve {
					continue // the export adds execve; OCI leaves ABIs to libseccomp
				}
				if got, want := back.Decide(d), p.Decide(d); got != want {
					t.Fatalf("%s/%s: nr %d %#x: OCI means %s, the policy %s", src.Name, a, d.Nr, d.Args, got, want)
				}
			}
		}
	}
}

func TestOCIRefusesWhatItCannotSay(t *testing.T) {
	for _, c := range []Condition{
		{Arg: 1, Op: GreaterThan, Value: 5, Width: 32},
		{Arg: 1, Op: NotEqual, Value: 5, Width: 32},
		{Arg: 1, Op: BitsSet, Value: 6, Width: 64},
	} {
		p := mustResolve(t, "default_action: kill_process\nsyscalls: [{action: allow, names: [read]}]\n", "amd64")
		p.Rules = append(p.Rules, Rule{Name: "ioctl", Nr: 16, Action: Allow, Conditions: []Condition{c}})
		if _, err := ToOCI(p); err == nil {
			t.Errorf("%+v exported although OCI cannot say it", c)
		}
	}
}

// TestBPFExport decodes the raw export and checks it is the program that
// explain runs, instruction for instruction; and that asm lists it whole.
func TestBPFExport(t *testing.T) {
	for _, src := range embedded(t).Sources {
		p, _ := src.Resolve("amd64")
		prog := mustCompile(t, p)
		var buf bytes.Buffer
		if err := WriteBPF(&buf, prog); err != nil {
			t.Fatal(err)
		}
		b := buf.Bytes()
		if len(b) != 8*len(prog.Instructions) {
			t.Fatalf("%d bytes for %d instructions", len(b), len(prog.Instructions))
		}
		raw := make([]bpf.RawInstruction, len(b)/8)
		for i := range raw {
			raw[i] = bpf.RawInstruction{Op: binary.LittleEndian.Uint16(b[8*i:]), Jt: b[8*i+2], Jf: b[8*i+3], K: binary.LittleEndian.Uint32(b[8*i+4:])}
		}
		decoded, ok := bpf.Disassemble(raw)
		if !ok {
			t.Fatal("the export does not disassemble")
		}
		for _, d := range inputsFor(p, rand.New(rand.NewSource(4))) {
			r1, n1, _ := Emulate(prog.Instructions, d)
			r2, n2, err := Emulate(decoded, d)
			if err != nil || r1 != r2 || n1 != n2 {
				t.Fatalf("decoded export: %#x in %d, compiled: %#x in %d (%v)", r2, n2, r1, n1, err)
			}
		}
		var asm bytes.Buffer
		if err := WriteAsm(&asm, prog); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(asm.String()), "\n")
		if len(lines) != len(prog.Instructions) || !strings.HasPrefix(strings.TrimSpace(lines[len(lines)-1]), strconv.Itoa(len(lines)-1)+" ") {
			t.Fatalf("asm has %d lines for %d instructions", len(lines), len(prog.Instructions))
		}
	}
}

// TestWriteOverlayCommentedOnly: an overlay of commented groups alone
// (diagnose, when every call seen is one no monitor should make) loads as
// nothing: every line is a comment.
func TestWriteOverlayCommentedOnly(t *testing.T) {
	mount := abi.X86_64.MustNumber("mount")
	p := &Policy{Arch: abi.X86_64, Rules: []Rule{{Name: "mount", Nr: mount, Action: Action{Kind: KindAllow}}}}
	var b strings.Builder
	if err := WriteOverlay(&b, "solo5-hvt", OverlayGroup{Arch: "amd64", Policy: p, Commented: true}); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(b.String()), "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), "#") && strings.TrimSpace(line) != "" {
			t.Errorf("a line that loads: %q in\n%s", line, b.String())
		}
	}
	if !strings.Contains(b.String(), "#     - mount") {
		t.Errorf("the commented group lacks mount:\n%s", b.String())
	}
}
