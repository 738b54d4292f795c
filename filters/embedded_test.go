package filters

import (
	"math/rand"
	"os"
	"regexp"
	"strconv"
	"testing"
)

// The embedded catalog is read from the repository; the binary holds the
// same policies, generated from it (TestGeneratedCatalog in package main).
func embedded(t testing.TB) *Catalog {
	t.Helper()
	data, err := os.ReadFile("../policies.yaml")
	if err != nil {
		t.Fatal(err)
	}
	c, err := ParseCatalog("policies.yaml", data)
	if err == nil {
		err = c.Check()
	}
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestEmbeddedPolicies compiles every embedded policy for every
// architecture and checks it against the reference evaluator, the kernel
// cache rule and the instruction budgets: KVM_RUN in at most 8 executed
// instructions, every other call in at most 18.
func TestEmbeddedPolicies(t *testing.T) {
	r := rand.New(rand.NewSource(11))
	for _, src := range embedded(t).Sources {
		for _, a := range Arches {
			p, err := src.Resolve(a)
			if err != nil {
				t.Fatal(err)
			}
			prog := mustCompile(t, p)
			checkEquivalent(t, p, prog, inputsFor(p, r))

			// Every unconditional allow is cached by the kernel; nothing else is.
			raw, _ := prog.Raw()
			cached := CacheableAllows(raw, uint32(p.Arch.ID), 512)
			for nr := uint32(0); nr < 512; nr++ {
				rules := p.RulesFor(nr)
				want := len(rules) == 1 && len(rules[0].Conditions) == 0 && rules[0].Action == Allow
				if cached[nr] != want {
					t.Errorf("%s/%s: nr %d (%s) cached=%v, want %v", src.Name, a, nr, p.Arch.CallName(nr), cached[nr], want)
				}
			}

			ioctl := uint32(p.Arch.MustNumber("ioctl"))
			_, steps, _ := Emulate(prog.Instructions, SeccompData{Nr: ioctl, Arch: uint32(p.Arch.ID), Args: [6]uint64{5, 0xae80}})
			if steps > 8 {
				t.Errorf("%s/%s: KVM_RUN takes %d instructions, budget 8", src.Name, a, steps)
			}
			worst := 0
			calls := inputsFor(p, r)
			for nr := uint32(0); nr < 512; nr++ {
				for _, args := range [][6]uint64{{}, {1, 0x5412}, {0xffffffff, 0xc008ae05, 16}, {2, 1, 0}, {16, 3, 0}} {
					calls = append(calls, SeccompData{Nr: nr, Arch: uint32(p.Arch.ID), Args: args})
				}
			}
			for _, d := range calls {
				if d.Arch != uint32(p.Arch.ID) {
					continue
				}
				_, n, err := Emulate(prog.Instructions, d)
				if err != nil {
					t.Fatal(err)
				}
				worst = max(worst, n)
			}
			// 18: W^X makes mmap and mprotect two conditional rules each
			// (not PROT_EXEC, or not PROT_WRITE), one more test deep.
			if worst > 18 {
				t.Errorf("%s/%s: some call takes %d instructions, budget 18", src.Name, a, worst)
			}
			t.Logf("%s/%s: %d rules, %d instructions, KVM_RUN %d, worst %d", src.Name, a, len(p.Rules), len(prog.Instructions), steps, worst)
		}
	}
}

func TestEmbeddedSelect(t *testing.T) {
	c := embedded(t)
	for _, tc := range []struct {
		version string
		want    string
	}{
		{"solo5-hvt tender, version v0.9.3", "solo5-hvt-v0.9"},
		{"solo5-hvt tender, version v0.10.1", "solo5-hvt-v0.9"},
		{"solo5-hvt tender, version v0.11.0", "solo5-hvt"},
		{"solo5-hvt tender, version v0.12.1", "solo5-hvt"},
		{"solo5-hvt tender, version v1.0.0", "solo5-hvt"},
		{"solo5-hvt tender, version v0.8.1", "solo5-hvt"}, // older than any range: fallback
		{"garbage", "solo5-hvt"},
	} {
		var v *Version
		if parsed, ok := ParseVersion(tc.version); ok {
			v = &parsed
		}
		if got := c.Select("solo5-hvt", v); got == nil || got.Name != tc.want {
			t.Errorf("%q selects %v, want %s", tc.version, got, tc.want)
		}
	}
	if c.Select("nosuch", nil) != nil {
		t.Error("an unknown monitor has a policy")
	}
}

// TestFallbackMustCover shows the catalog refuses a fallback that allows
// less than a version-specific policy.
func TestFallbackMustCover(t *testing.T) {
	c, err := ParseCatalog("c.yaml", []byte(`
policies:
  - name: old
    monitor: m
    versions: {below: 1.0.0}
    default_action: kill_process
    syscalls: [{action: allow, names: [read, write]}]
  - name: new
    monitor: m
    fallback: true
    default_action: kill_process
    syscalls: [{action: allow, names: [read]}]
`))
	if err == nil {
		err = c.Check()
	}
	if err == nil {
		t.Fatal("a fallback narrower than another policy was accepted")
	}
}

// TestParseVersionIsThePattern: ParseVersion finds what the regular
// expression it stands for finds.
func TestParseVersionIsThePattern(t *testing.T) {
	pattern := regexp.MustCompile(`v?(\d+)\.(\d+)\.(\d+)`)
	inputs := []string{"", "v0.12.1", "0.9.3", "solo5-hvt tender, version v0.12.1-7-g469c1a8", "1.2", "1.2.", ".1.2.3", "1.2x3.4.5",
		"x11.22.33.44", "v1..2.3", "12345678901234567890.1.2", "a.b.c 4.5.6", "1.2.3.4"}
	r := rand.New(rand.NewSource(1))
	for range 20000 {
		b := make([]byte, r.Intn(12))
		for i := range b {
			b[i] = "0123456789..vx"[r.Intn(14)]
		}
		inputs = append(inputs, string(b))
	}
	for _, s := range inputs {
		var want Version
		m := pattern.FindStringSubmatch(s)
		for i := 0; m != nil && i < 3; i++ {
			want[i], _ = strconv.Atoi(m[i+1])
		}
		if got, ok := ParseVersion(s); ok != (m != nil) || got != want {
			t.Fatalf("ParseVersion(%q) = %v %v, the pattern finds %v %v", s, got, ok, want, m != nil)
		}
	}
}
