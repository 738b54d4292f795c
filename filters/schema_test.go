package filters

import (
	"fmt"
	"strings"
	"testing"

	seccomp "github.com/elastic/go-seccomp-bpf"
)

func TestPolicyErrors(t *testing.T) {
	for _, tc := range []struct{ name, yaml, want string }{
		{"empty", "", "the file is empty"},
		{"malformed", "default_action: [kill\n", "test.yaml"},
		{"unknown key", "default_action: kill_process\nsyscals: []\n", `test.yaml:2: unknown key "syscals"`},
		{"no syscalls", "default_action: kill_process\n", "has no syscalls"},
		{"bad action", "default_action: kill_process\nsyscalls:\n  - action: alow\n    names: [read]\n", `test.yaml:3: unknown action "alow"`},
		{"bad default", "default_action: nope\nsyscalls:\n  - action: allow\n    names: [read]\n", `test.yaml:1: unknown action "nope"`},
		{"unknown syscall", "default_action: kill_process\nsyscalls:\n  - action: allow\n    names:\n      - read\n      - frobnicate\n", `test.yaml:6: unknown syscall "frobnicate" for amd64`},
		{"duplicate", "default_action: kill_process\nsyscalls:\n  - action: allow\n    names: [read, write, read]\n", `syscall "read" is listed twice`},
		{"both", "default_action: kill_process\nsyscalls:\n  - action: allow\n    names: [ioctl]\n    names_with_args:\n      - name: ioctl\n        arguments: [{argument: 1, operation: Equal, value: 1}]\n", "both unconditional"},
		{"arg index", "default_action: kill_process\nsyscalls:\n  - action: allow\n    names_with_args:\n      - name: ioctl\n        arguments: [{argument: 6, operation: Equal, value: 1}]\n", "use an index from 0 to 5"},
		{"bad op", "default_action: kill_process\nsyscalls:\n  - action: allow\n    names_with_args:\n      - name: ioctl\n        arguments: [{argument: 1, operation: Equals, value: 1}]\n", `unknown operation "Equals"`},
		{"bad value", "default_action: kill_process\nsyscalls:\n  - action: allow\n    names_with_args:\n      - name: ioctl\n        arguments: [{argument: 1, operation: Equal, value: -1}]\n", "not an unsigned 64-bit number"},
		{"bad width", "default_action: kill_process\nsyscalls:\n  - action: allow\n    names_with_args:\n      - name: ioctl\n        arguments: [{argument: 1, operation: Equal, value: 1, width: 16}]\n", `width "16"`},
		{"wide value", "default_action: kill_process\nsyscalls:\n  - action: allow\n    names_with_args:\n      - name: ioctl\n        arguments: [{argument: 1, operation: Equal, value: 0x100000000, width: 32}]\n", "does not fit width 32"},
		{"errno without errno action", "default_action: kill_process\nsyscalls:\n  - action: allow\n    errno: ENOSYS\n    names: [read]\n", "goes only with action errno"},
		{"bad errno", "default_action: kill_process\nsyscalls:\n  - action: errno\n    errno: ENOPE\n    names: [read]\n", `unknown errno "ENOPE"`},
		{"empty group", "default_action: kill_process\nsyscalls:\n  - action: allow\n", "names no syscall"},
		{"no action", "default_action: kill_process\nsyscalls:\n  - names: [read]\n", "has no action"},
		{"two documents", "default_action: kill_process\nsyscalls:\n  - action: allow\n    names: [read]\n---\nfoo: 1\n", "a second YAML document"},
		{"bad arch", "default_action: kill_process\nsyscalls:\n  - action: allow\n    arch: mips\n    names: [read]\n", `unsupported architecture "mips"`},
		{"hot unknown", "default_action: kill_process\nhot: [nosuch]\nsyscalls:\n  - action: allow\n    names: [read]\n", `hot: unknown syscall "nosuch"`},
		{"alias", "default_action: kill_process\nsyscalls:\n  - action: allow\n    names: &io [read, write]\n  - action: log\n    names: *io\n", "test.yaml:4: YAML anchors and aliases"},
		{"alias bomb", aliasBomb(9), "YAML anchors and aliases"},
		{"merge key", "default_action: kill_process\nsyscalls:\n  - action: allow\n    names: [read]\n  - <<: {action: allow}\n    names: [write]\n", "test.yaml:5: YAML anchors and aliases"},
		{"syntax error", "default_action: kill_process\nsyscalls:\n  - action: allow\n    names: [read\n", "test.yaml:"},
		{"tab indent", "default_action: kill_process\nsyscalls:\n\t- action: allow\n", "test.yaml:3:"},
		{"null name", "default_action: kill_process\nsyscalls:\n  - action: allow\n    names_with_args:\n      - name: null\n        arguments: [{argument: 1, operation: Equal, value: 1}]\n", "test.yaml:5: name must be a single non-empty value"},
		{"a list as key", "? [a, b]\n: 1\n", "test.yaml:2:"},
		{"too large to parse", manyRules(5000), "test.yaml: 80009 YAML separators, over 16384: too large to parse"},
		{"dense", "default_action: kill_process\nsyscalls:\n  - action: allow\n    names: [" + strings.Repeat("a,", 40000) + "a]\n", "YAML separators, over 16384"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src, err := ParsePolicy("test.yaml", []byte(tc.yaml))
			if err == nil {
				_, err = src.Resolve("amd64")
			}
			if err == nil {
				t.Fatalf("accepted; want an error containing %q", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %q does not contain %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("error spans lines: %q", err)
			}
		})
	}
}

func TestPolicyAccepts(t *testing.T) {
	p := mustResolve(t, `
default_action: errno
default_errno: ENOSYS
hot: [ioctl]
syscalls:
  - action: allow
    names: [read]
  - action: allow
    arch: arm64
    names: [fstatat]          # arm64's name, dropped on amd64
  - action: errno
    errno: 38
    names: [clone3]
  - action: allow
    names_with_args:
      - name: ioctl
        arguments:
          - {argument: 1, operation: equal, value: 0xc008ae05, width: 32}
          - {argument: 0, operation: LessThan, value: 1024}
`, "amd64")
	if p.DefaultAction.String() != "errno(ENOSYS)" {
		t.Fatalf("default action %s", p.DefaultAction)
	}
	if got := strings.Join(p.Names(), ","); got != "clone3,ioctl,read" {
		t.Fatalf("names %s", got)
	}
	r := p.RulesFor(16)
	if len(r) != 1 || r[0].Conditions[0].Width != 32 || r[0].Conditions[0].Value != 0xc008ae05 || r[0].Line != 16 {
		t.Fatalf("ioctl rule %+v", r)
	}
}

// aliasBomb nests aliases depth levels deep, 9 wide: followed, it expands
// to 9^depth names (a "billion laughs").
func aliasBomb(depth int) string {
	var b strings.Builder
	b.WriteString("default_action: kill_process\nsyscalls:\n  - action: allow\n    names: &a0 [read]\n")
	for i := 1; i <= depth; i++ {
		fmt.Fprintf(&b, "  - action: allow\n    names: &a%d [%s]\n", i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*a%d, ", i-1), 9), ", "))
	}
	return b.String()
}

// manyRules is a policy with n conditional ioctl rules.
// manySource is n conditional rules of one syscall, as parsed.
func manySource(n int) *Source {
	kill := Action{Kind: KindKillProcess}
	g := Group{File: "many.yaml", Action: Allow}
	for i := range n {
		g.WithArgs = append(g.WithArgs, WrittenRule{WrittenName{"ioctl", i + 5}, []Condition{{Arg: 1, Op: Equal, Value: uint64(i), Width: 64}}})
	}
	return &Source{File: "many.yaml", DefaultAction: &kill, Groups: []Group{g}}
}

// TestRuleBound: more rules than a filter has instructions are refused
// before compiling (overlays can add up to that many).
func TestRuleBound(t *testing.T) {
	_, err := manySource(MaxInstructions + 1).Resolve("amd64")
	if err == nil || !strings.Contains(err.Error(), "4097 rules for x86_64: a seccomp filter holds at most 4096 instructions") {
		t.Fatalf("got %v", err)
	}
}

func manyRules(n int) string {
	var b strings.Builder
	b.WriteString("default_action: kill_process\nsyscalls:\n  - action: allow\n    names_with_args:\n")
	for i := range n {
		fmt.Fprintf(&b, "      - {name: ioctl, arguments: [{argument: 1, operation: Equal, value: %d}]}\n", i)
	}
	return b.String()
}

// TestActionKindsAreGoSeccompBPFs: our action kinds have go-seccomp-bpf's
// values and names.
func TestActionKindsAreGoSeccompBPFs(t *testing.T) {
	for name, kind := range actionKinds {
		var lib seccomp.Action
		if err := lib.Unpack(name); err != nil {
			t.Fatalf("go-seccomp-bpf has no action %q: %v", name, err)
		}
		if uint32(lib) != uint32(kind) || lib.String() != kind.String() {
			t.Errorf("%s: ours %#x %q, go-seccomp-bpf %#x %q", name, uint32(kind), kind, uint32(lib), lib)
		}
	}
	if ActionKind(0x12345678).String() != seccomp.Action(0x12345678).String() {
		t.Error("an unknown action is named differently")
	}
}

// TestOverlayBoolean: booleans are YAML 1.2's; YAML 1.1's yes is refused.
func TestOverlayBoolean(t *testing.T) {
	for text, want := range map[string]string{"true": "", "False": "", "yes": "test.yaml:2: loosen_default_action must be true or false", "[true]": "must be true or false"} {
		_, err := ParseOverlay("test.yaml", []byte("monitor: solo5-hvt\nloosen_default_action: "+text+"\nsyscalls:\n  - action: allow\n    names: [read]\n"))
		if (err == nil) != (want == "") || (err != nil && !strings.Contains(err.Error(), want)) {
			t.Errorf("loosen_default_action: %s: error %v, want %q", text, err, want)
		}
	}
}

// TestYAMLScalars: quoted, block and tagged scalars read as their text.
func TestYAMLScalars(t *testing.T) {
	p := mustResolve(t, "default_action: \"kill_process\"\nsyscalls:\n  - action: 'allow'\n    names: [\"read\", 'write', !!str close]\n  - action: |-\n      errno\n    errno: ENOSYS\n    names_with_args:\n      - name: ioctl\n        arguments: [{argument: 1, operation: Equal, value: \"0xae80\"}]\n", "amd64")
	var got []string
	for _, r := range p.Rules {
		got = append(got, fmt.Sprintf("%s %s %v", r.Name, r.Action, r.Conditions))
	}
	want := []string{"read allow []", "write allow []", "close allow []", "ioctl errno(ENOSYS) [{1 Equal 44672 64}]"}
	if strings.Join(got, "; ") != strings.Join(want, "; ") {
		t.Fatalf("rules %q, want %q", got, want)
	}
}
