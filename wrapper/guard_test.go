package wrapper

import (
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"urunc-seccomp-exec/filters"
	"urunc-seccomp-exec/safefile/safefiletest"
)

// TestGuardedProgramIsCompiled: a program compiled at build time, with the
// pointers patched in, is the program compiling at start builds, for every
// embedded policy and architecture and for pointers of any shape.
func TestGuardedProgramIsCompiled(t *testing.T) {
	e := catalog(t)
	c, _ := e.Catalog()
	r := rand.New(rand.NewSource(1))
	pointers := [][3]uintptr{
		{0, 0, 0},
		{0xc000010000, 0xc000010000, 0xc000010000},
		{0x00000001_00000001, 0xffffffff_ffffffff, 0x12345678_12345678},
		sentinels[0], sentinels[1],
	}
	for range 20 {
		pointers = append(pointers, [3]uintptr{uintptr(r.Uint64()), uintptr(r.Uint64()), uintptr(r.Uint64())})
	}
	if len(e.Programs) != len(c.Sources)*len(filters.Arches) {
		t.Fatalf("%d programs for %d policies", len(e.Programs), len(c.Sources))
	}
	for _, s := range c.Sources {
		for _, arch := range filters.Arches {
			g := e.program(s.Name, arch)
			p, err := s.Resolve(arch)
			if g == nil || err != nil {
				t.Fatalf("%s/%s: no program (%v)", s.Name, arch, err)
			}
			for _, ptr := range pointers {
				want, err := compileGuarded(p, ptr[0], ptr[1], ptr[2])
				if err != nil {
					t.Fatal(err)
				}
				if got := g.Patched(ptr[0], ptr[1], ptr[2]); !slices.Equal(got, want) {
					t.Fatalf("%s/%s with pointers %#x: the patched program differs from the compiled one", s.Name, arch, ptr)
				}
			}
		}
	}
}

// TestPrecompileRefusesAnUnguardedPolicy: a policy that allows execve
// outright has no guard to patch, and gets no program.
func TestPrecompileRefusesAnUnguardedPolicy(t *testing.T) {
	src, err := filters.ParsePolicy("open.yaml", []byte("default_action: kill_process\nsyscalls:\n  - action: allow\n    names: [execve, read]\n"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := src.Resolve("amd64")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := PrecompileGuarded(p, "open", "amd64"); err == nil {
		t.Fatal("a policy without a guard was precompiled")
	}
}

// TestPrepareUsesProgramOnlyForThePolicyAsBuilt: the program compiled at
// build time is used exactly when the policy is the embedded one
// unchanged; an override, an overlay, --policy or a call the command line
// adds compiles at start.
func TestPrepareUsesProgramOnlyForThePolicyAsBuilt(t *testing.T) {
	dir := fakeMonitors(t)
	hvt := filepath.Join(dir, "solo5-hvt")
	overlay := safefiletest.TrustedDir(t)
	if err := os.WriteFile(filepath.Join(overlay, "local.yaml"), []byte("monitor: solo5-hvt\nsyscalls:\n  - action: allow\n    names: [getppid]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	own, _ := filters.ParsePolicy("own.yaml", []byte("default_action: kill_process\nsyscalls:\n  - action: allow\n    names: [read]\n"))
	for _, tc := range []struct {
		name     string
		opts     Options
		args     []string
		compiled bool
	}{
		{"as built", Options{}, nil, true},
		{"arm64", Options{Arch: "arm64"}, nil, true},
		{"an older version", Options{MonitorVersion: "v0.9.3"}, nil, true},
		{"an unknown version: the fallback", Options{MonitorVersion: "v9.0.0"}, nil, true},
		{"--default-action", Options{DefaultAction: "errno"}, nil, false},
		{"an overlay", Options{Overlays: overlay}, nil, false},
		{"--policy", Options{Policy: own}, nil, false},
		{"--dumpcore adds calls", Options{}, []string{"--dumpcore=" + trustedTempDir(t), "kernel"}, false},
	} {
		opts := tc.opts
		if opts.Arch == "" {
			opts.Arch = "amd64"
		}
		if opts.MonitorVersion == "" {
			opts.MonitorVersion = "v0.12.1"
		}
		plan, err := Prepare(catalog(t), opts, append([]string{hvt}, tc.args...))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if (plan.Program != nil) != tc.compiled {
			t.Errorf("%s: precompiled program used: %v, want %v", tc.name, plan.Program != nil, tc.compiled)
			continue
		}
		if plan.Program != nil && (plan.Program.Arch != opts.Arch || !strings.HasPrefix(plan.PolicyName, plan.Program.Name+" (")) {
			t.Errorf("%s: program of %s/%s for policy %s", tc.name, plan.Program.Name, plan.Program.Arch, plan.PolicyName)
		}
		// The policy is the one resolved now, whether it came resolved.
		c, _ := catalog(t).Catalog()
		if tc.opts.Policy == nil && tc.opts.DefaultAction == "" {
			name, _, _ := strings.Cut(plan.PolicyName, " ")
			i := slices.IndexFunc(c.Sources, func(s *filters.Source) bool { return s.Name == name })
			want, err := c.Sources[i].Resolve(opts.Arch)
			if err != nil {
				t.Fatal(err)
			}
			if tc.opts.Overlays == "" && len(tc.args) == 0 && !reflect.DeepEqual(plan.Policy, want) {
				t.Errorf("%s: the plan's policy differs from %s resolved now", tc.name, name)
			}
		}
	}
}
