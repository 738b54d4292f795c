package wrapper

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"urunc-seccomp-exec/filters"
	"urunc-seccomp-exec/safefile/safefiletest"
)

// catalog returns policies.yaml as the binary embeds it: parsed, and each
// policy compiled with the exec guard for each architecture.
func catalog(t *testing.T) *Embedded {
	t.Helper()
	data, err := os.ReadFile("../policies.yaml")
	if err != nil {
		t.Fatal(err)
	}
	c, err := filters.ParseCatalog("policies.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	programs, err := PrecompileCatalog(c)
	if err != nil {
		t.Fatal(err)
	}
	return &Embedded{Catalog: func() (*filters.Catalog, error) { return c, nil }, Programs: programs}
}

// fakeMonitors makes executable files named like each monitor.
func fakeMonitors(t *testing.T) string {
	dir := t.TempDir()
	for _, name := range []string{"solo5-hvt", "solo5-spt", "qemu-system-x86_64", "firecracker", "cloud-hypervisor", "other"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("#!/bin/sh\nexit 0\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func bundle(t *testing.T, config string) string {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "config.json"), []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestPrepare(t *testing.T) {
	c := catalog(t)
	dir := fakeMonitors(t)
	withSeccomp := bundle(t, `{"ociVersion":"1.0.2","linux":{"seccomp":{"defaultAction":"SCMP_ACT_ERRNO"}}}`)
	without := bundle(t, `{"ociVersion":"1.0.2","linux":{"namespaces":[]}}`)
	nullSeccomp := bundle(t, `{"linux":{"seccomp":null}}`)
	sb := "on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny"
	policy, err := filters.ParsePolicy("p.yaml", []byte("default_action: kill_process\nsyscalls:\n  - action: allow\n    names: [read]\n"))
	if err != nil {
		t.Fatal(err)
	}
	type want struct {
		args   string // argv[1:] joined by |
		filter bool   // our BPF
		code   int    // expected error code, 0 for none
	}
	for _, tc := range []struct {
		name string
		opts Options
		argv []string
		want want
	}{
		// solo5-hvt: our filter; arguments untouched.
		{"hvt default", Options{MonitorVersion: "v0.12.1"}, []string{"solo5-hvt", "--mem=64", "k.hvt", "", "a b"}, want{"--mem=64|k.hvt||a b", true, 0}},
		{"hvt unconfined", Options{Unconfined: true}, []string{"solo5-hvt", "--mem=64", "k.hvt"}, want{"--mem=64|k.hvt", false, 0}},
		{"hvt bundle with seccomp", Options{Bundle: withSeccomp, MonitorVersion: "v0.9.3"}, []string{"solo5-hvt", "k.hvt"}, want{"k.hvt", true, 0}},
		{"hvt bundle without seccomp", Options{Bundle: without}, []string{"solo5-hvt", "k.hvt"}, want{"k.hvt", false, 0}},
		{"hvt bundle seccomp null", Options{Bundle: nullSeccomp}, []string{"solo5-hvt", "k.hvt"}, want{"k.hvt", false, 0}},
		{"hvt bad version flag", Options{MonitorVersion: "latest"}, []string{"solo5-hvt", "k.hvt"}, want{"", false, 125}},
		{"missing bundle", Options{Bundle: filepath.Join(dir, "nope")}, []string{"solo5-hvt", "k.hvt"}, want{"", false, 125}},
		{"malformed bundle", Options{Bundle: bundle(t, `{"linux":`)}, []string{"solo5-hvt", "k.hvt"}, want{"", false, 125}},

		// Contradictions: a filter asked for and none wanted.
		{"unconfined and policy", Options{Unconfined: true, Policy: policy}, []string{"solo5-hvt", "k.hvt"}, want{"", false, 125}},
		{"unconfined and default action", Options{Unconfined: true, DefaultAction: "kill_process"}, []string{"solo5-hvt", "k.hvt"}, want{"", false, 125}},
		{"bundle without seccomp and policy", Options{Bundle: without, Policy: policy}, []string{"solo5-hvt", "k.hvt"}, want{"", false, 125}},
		{"bundle without seccomp and default action", Options{Bundle: without, DefaultAction: "log"}, []string{"other"}, want{"", false, 125}},
		{"bundle with seccomp and policy", Options{Bundle: withSeccomp, Policy: policy}, []string{"other", "x"}, want{"x", true, 0}},

		// QEMU: its own sandbox, ours replaces any other, off refused.
		{"qemu default", Options{}, []string{"qemu-system-x86_64", "-m", "64", "-kernel", "k"}, want{"-sandbox|" + sb + "|-m|64|-kernel|k", false, 0}},
		{"qemu weaker sandbox", Options{}, []string{"qemu-system-x86_64", "-m", "64", "-sandbox", "on", "-kernel", "k"}, want{"-sandbox|" + sb + "|-m|64|-kernel|k", false, 0}},
		{"qemu double dash", Options{}, []string{"qemu-system-x86_64", "--sandbox", "on,spawn=allow"}, want{"-sandbox|" + sb, false, 0}},
		{"qemu equals form (QEMU: invalid option)", Options{}, []string{"qemu-system-x86_64", "-sandbox=on", "-m", "64"}, want{"", false, 125}},
		{"qemu sandbox as another option's value", Options{}, []string{"qemu-system-x86_64", "-name", "-sandbox", "-m", "64"}, want{"-sandbox|" + sb + "|-name|-sandbox|-m|64", false, 0}},
		{"qemu off refused", Options{}, []string{"qemu-system-x86_64", "-sandbox", "off"}, want{"", false, 125}},
		{"qemu enable=off refused", Options{}, []string{"qemu-system-x86_64", "--sandbox", "enable=off"}, want{"", false, 125}},
		{"qemu sandbox without value", Options{}, []string{"qemu-system-x86_64", "-m", "64", "-sandbox"}, want{"", false, 125}},
		{"qemu unconfined removes", Options{Unconfined: true}, []string{"qemu-system-x86_64", "-sandbox", "off", "-m", "64"}, want{"-m|64", false, 0}},
		{"qemu bundle without seccomp", Options{Bundle: without}, []string{"qemu-system-x86_64", "-sandbox", "on", "-m", "64"}, want{"-m|64", false, 0}},
		{"qemu bundle with seccomp", Options{Bundle: withSeccomp}, []string{"qemu-system-x86_64", "-m", "64"}, want{"-sandbox|" + sb + "|-m|64", false, 0}},

		// Firecracker: passes through; its filters cannot be switched off.
		{"firecracker default", Options{}, []string{"firecracker", "--api-sock", "/s"}, want{"--api-sock|/s", false, 0}},
		{"firecracker no-seccomp refused", Options{}, []string{"firecracker", "--no-seccomp"}, want{"", false, 125}},
		{"firecracker custom filter refused", Options{}, []string{"firecracker", "--seccomp-filter", "f.bpf"}, want{"", false, 125}},
		{"firecracker custom filter = refused", Options{}, []string{"firecracker", "--seccomp-filter=f.bpf"}, want{"", false, 125}},
		{"firecracker no-seccomp=true refused", Options{}, []string{"firecracker", "--no-seccomp=true"}, want{"", false, 125}},
		{"firecracker no-seccomp=false refused", Options{}, []string{"firecracker", "--no-seccomp=false"}, want{"", false, 125}},
		{"firecracker -no-seccomp refused", Options{}, []string{"firecracker", "-no-seccomp"}, want{"", false, 125}},
		{"firecracker seccomp-level 0 refused", Options{}, []string{"firecracker", "--seccomp-level", "0"}, want{"", false, 125}},
		{"firecracker seccomp-level=1 refused", Options{}, []string{"firecracker", "--seccomp-level=1"}, want{"", false, 125}},
		{"firecracker seccomp-level alone refused", Options{}, []string{"firecracker", "--seccomp-level"}, want{"", false, 125}},
		{"firecracker seccomp-level 2 kept", Options{}, []string{"firecracker", "--seccomp-level", "2"}, want{"--seccomp-level|2", false, 0}},
		{"firecracker -seccomp-filter refused", Options{}, []string{"firecracker", "-seccomp-filter=f"}, want{"", false, 125}},
		{"firecracker unconfined drops the level", Options{Unconfined: true}, []string{"firecracker", "--seccomp-level", "0", "--no-seccomp"}, want{"--no-seccomp", false, 0}},
		{"firecracker unconfined, a spelling it refuses", Options{Unconfined: true}, []string{"firecracker", "--seccomp-level=0"}, want{"", false, 125}},
		{"firecracker --version reads nothing else", Options{}, []string{"firecracker", "--version", "--no-seccomp"}, want{"--version|--no-seccomp", false, 0}},
		{"firecracker an option twice", Options{}, []string{"firecracker", "--api-sock", "/s", "--api-sock", "/t"}, want{"", false, 125}},
		{"firecracker --no-seccomp as a value it refuses", Options{}, []string{"firecracker", "--id", "--no-seccomp"}, want{"", false, 125}},
		{"cloud-hypervisor seccomp false as another option's values", Options{}, []string{"cloud-hypervisor", "--cmdline", "--seccomp", "false"}, want{"", false, 125}},
		{"firecracker unconfined", Options{Unconfined: true}, []string{"firecracker", "--seccomp-filter", "f", "--api-sock", "/s"}, want{"--api-sock|/s|--no-seccomp", false, 0}},
		{"firecracker unconfined already", Options{Unconfined: true}, []string{"firecracker", "--no-seccomp"}, want{"--no-seccomp", false, 0}},
		{"firecracker bundle without", Options{Bundle: without}, []string{"firecracker"}, want{"--no-seccomp", false, 0}},

		// cloud-hypervisor: --seccomp true ensured.
		{"ch default", Options{}, []string{"cloud-hypervisor", "--kernel", "k"}, want{"--kernel|k|--seccomp|true", false, 0}},
		{"ch false replaced", Options{}, []string{"cloud-hypervisor", "--seccomp", "false", "--kernel", "k"}, want{"--kernel|k|--seccomp|true", false, 0}},
		{"ch log replaced", Options{}, []string{"cloud-hypervisor", "--seccomp=log"}, want{"--seccomp|true", false, 0}},
		{"ch unconfined", Options{Unconfined: true}, []string{"cloud-hypervisor", "--seccomp", "true"}, want{"--seccomp|false", false, 0}},
		{"ch bundle with", Options{Bundle: withSeccomp}, []string{"cloud-hypervisor", "--seccomp", "false"}, want{"--seccomp|true", false, 0}},

		// solo5-spt: its own filter always.
		{"spt default", Options{}, []string{"solo5-spt", "--mem=2", "k.spt"}, want{"--mem=2|k.spt", false, 0}},
		{"spt unconfined unchanged", Options{Unconfined: true}, []string{"solo5-spt", "k.spt"}, want{"k.spt", false, 0}},

		// Anything else: only with --policy; --monitor picks an adapter.
		{"other refused", Options{}, []string{"other", "x"}, want{"", false, 125}},
		{"other as hvt", Options{Monitor: "solo5-hvt", MonitorVersion: "v0.9.3"}, []string{"other", "x"}, want{"x", true, 0}},
		{"unknown --monitor", Options{Monitor: "xen"}, []string{"other"}, want{"", false, 125}},
		{"bad default action", Options{DefaultAction: "maybe", MonitorVersion: "v0.9.3"}, []string{"solo5-hvt"}, want{"", false, 125}},
		{"empty argv", Options{}, nil, want{"", false, 125}},
		{"not found", Options{}, []string{"missing-monitor"}, want{"", false, 127}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.opts.Arch = "amd64"
			argv := append([]string(nil), tc.argv...)
			if len(argv) > 0 && argv[0] != "missing-monitor" {
				argv[0] = filepath.Join(dir, argv[0])
			}
			plan, err := Prepare(c, tc.opts, argv)
			if tc.want.code != 0 {
				if got := kindCode(err); got != tc.want.code {
					t.Fatalf("got %v (%d), want exit code %d", err, got, tc.want.code)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(plan.Argv[1:], "|"); got != tc.want.args {
				t.Errorf("args %q, want %q", got, tc.want.args)
			}
			if allowlist := plan.Policy != nil && !plan.Floor; allowlist != tc.want.filter {
				t.Errorf("our filter: %v, want %v", allowlist, tc.want.filter)
			}
			if plan.Reach != nil && plan.Policy == nil {
				t.Error("a confined reach without the floor or an allowlist under it")
			}
			if plan.Argv[0] != argv[0] {
				t.Errorf("argv[0] %q, want %q", plan.Argv[0], argv[0])
			}
		})
	}
}

func TestDefaultActionOverride(t *testing.T) {
	dir := fakeMonitors(t)
	plan, err := Prepare(catalog(t), Options{Arch: "arm64", DefaultAction: "log", MonitorVersion: "v0.12.1"},
		[]string{filepath.Join(dir, "solo5-hvt")})
	if err != nil {
		t.Fatal(err)
	}
	if plan.Policy.DefaultAction.String() != "log" || plan.Policy.Arch.Name != "aarch64" {
		t.Fatalf("default %s arch %s", plan.Policy.DefaultAction, plan.Policy.Arch.Name)
	}
}

func TestExecGuard(t *testing.T) {
	dir := fakeMonitors(t)
	plan, err := Prepare(catalog(t), Options{Arch: "amd64", MonitorVersion: "v0.12.1"}, []string{filepath.Join(dir, "solo5-hvt")})
	if err != nil {
		t.Fatal(err)
	}
	g := WithExecGuard(plan.Policy, 0x1000, 0x2000, 0x3000)
	execve := uint32(g.Arch.MustNumber("execve"))
	for _, tc := range []struct {
		args  [6]uint64
		allow bool
	}{
		{[6]uint64{0x1000, 0x2000, 0x3000}, true},
		{[6]uint64{0x1001, 0x2000, 0x3000}, false},
		{[6]uint64{0x1000, 0x2000, 0x3000 | 1<<32}, false},
		{[6]uint64{0, 0, 0}, false},
	} {
		got := g.Decide(filters.SeccompData{Nr: execve, Arch: uint32(g.Arch.ID), Args: tc.args})
		if (got == filters.Allow) != tc.allow {
			t.Errorf("execve%x: %s", tc.args[:3], got)
		}
	}
	if len(plan.Policy.RulesFor(execve)) != 0 {
		t.Error("the guard changed the original policy")
	}
}

func TestOverlays(t *testing.T) {
	dir := fakeMonitors(t)
	hvt := []string{filepath.Join(dir, "solo5-hvt")}
	write := func(text string) string {
		d := safefiletest.TrustedDir(t)
		if err := os.WriteFile(filepath.Join(d, "local.yaml"), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return d
	}
	getppid := write("monitor: solo5-hvt\nsyscalls:\n  - action: allow\n    names: [getppid]\n")
	plan, err := Prepare(catalog(t), Options{Arch: "amd64", MonitorVersion: "v0.12.1", Overlays: getppid}, hvt)
	if err != nil {
		t.Fatal(err)
	}
	nr := uint32(plan.Policy.Arch.MustNumber("getppid"))
	if got := plan.Policy.Decide(filters.SeccompData{Nr: nr, Arch: uint32(plan.Policy.Arch.ID)}); got != filters.Allow {
		t.Errorf("getppid with the overlay: %v, want allow", got)
	}
	if !strings.Contains(strings.Join(plan.Notes, "\n"), "overlay applied: "+filepath.Join(getppid, "local.yaml")) {
		t.Errorf("notes %q do not name the overlay", plan.Notes)
	}
	// --policy is exact: overlays do not touch it.
	own, _ := filters.ParsePolicy("own.yaml", []byte("default_action: kill_process\nsyscalls:\n  - action: allow\n    names: [read]\n"))
	plan, err = Prepare(catalog(t), Options{Arch: "amd64", Policy: own, Overlays: getppid}, hvt)
	if err != nil || plan.Policy.Decide(filters.SeccompData{Nr: nr, Arch: uint32(plan.Policy.Arch.ID)}) == filters.Allow {
		t.Errorf("--policy with overlays: %v; want getppid still denied", err)
	}

	for _, tc := range []struct{ name, yaml, want string }{
		{"bad syscall", "monitor: solo5-hvt\nsyscalls:\n  - action: allow\n    names: [frob]\n", `local.yaml:4: unknown syscall "frob"`},
		{"own-filter monitor", "monitor: qemu\nsyscalls:\n  - action: allow\n    names: [read]\n", "qemu filters itself"},
		{"unknown monitor", "monitor: xen\nsyscalls:\n  - action: allow\n    names: [read]\n", `unknown monitor "xen"`},
		{"looser default", "monitor: solo5-hvt\ndefault_action: allow\nsyscalls:\n  - action: allow\n    names: [read]\n", "looser than"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Prepare(catalog(t), Options{Arch: "amd64", MonitorVersion: "v0.12.1", Overlays: write(tc.yaml)}, hvt)
			if kindCode(err) != 125 || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want exit code 125 and %q", err, tc.want)
			}
		})
	}
}

// --monitor-version picks the policy of that version's range; garbage is
// refused before anything runs.
func TestMonitorVersionPicksPolicy(t *testing.T) {
	hvt := []string{filepath.Join(fakeMonitors(t), "solo5-hvt")}
	for version, want := range map[string]string{"v0.9.3": "solo5-hvt-v0.9 ", "0.10.1": "solo5-hvt-v0.9 ", "v0.11.0": "solo5-hvt ", "v0.12.1": "solo5-hvt "} {
		plan, err := Prepare(catalog(t), Options{Arch: "amd64", MonitorVersion: version}, hvt)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(plan.PolicyName, want) {
			t.Errorf("--monitor-version %s: policy %q, want %q", version, plan.PolicyName, want)
		}
	}
	if _, err := Prepare(catalog(t), Options{Arch: "amd64", MonitorVersion: "latest"}, hvt); err == nil || !strings.Contains(err.Error(), "is not a version like") {
		t.Errorf("--monitor-version latest: %v", err)
	}
}

func TestSolo5Version(t *testing.T) {
	const format = "\x00%s tender, version %s\n\x00"
	dir := t.TempDir()
	for _, tc := range []struct{ name, content, want string }{
		{"release", "\x7fELF" + format + "v0.9.3\x00", "v0.9.3"},
		{"git describe", "\x7fELF\x00v0.12.1-7-g469c1a8\x00" + format, "v0.12.1"},
		{"dirty", "\x7fELF" + format + "v0.11.0-dirty\x00", "v0.11.0"},
		{"twice the same", "\x7fELF" + format + "v0.9.3\x00v0.9.3\x00", "v0.9.3"},
		{"two versions", "\x7fELF" + format + "v0.9.3\x00v0.12.1\x00", "several version strings"},
		{"no format", "\x7fELF\x00v0.9.3\x00", "no Solo5 version line"},
		{"no version", "\x7fELF" + format + "v1.2\x00v0.9.3 beta\x00version 1.2.3\x00v0.9.3x\x00", "no version string"},
		{"unterminated", "\x7fELF" + format + "v0.9.3", "no version string"},
	} {
		path := filepath.Join(dir, tc.name)
		os.WriteFile(path, []byte(tc.content), 0o755)
		v, seen := Solo5Version(path)
		got := seen
		if v != nil {
			got = v.String()
		}
		if !strings.Contains(got, tc.want) {
			t.Errorf("%s: %v %q, want %q", tc.name, v, seen, tc.want)
		}
	}
	// A script that would leave a child behind if run: reading its version
	// runs nothing.
	marker := filepath.Join(dir, "ran")
	hvt := filepath.Join(dir, "solo5-hvt")
	os.WriteFile(hvt, []byte("#!/bin/sh\ntouch "+marker+"\nexit 0\n"+format+"v0.9.3\x00"), 0o755)
	plan, err := Prepare(catalog(t), Options{Arch: "amd64"}, []string{hvt})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(plan.PolicyName, "solo5-hvt-v0.9 ") {
		t.Errorf("policy %q for a v0.9.3 tender", plan.PolicyName)
	}
	if _, err := os.Stat(marker); err == nil {
		t.Error("the monitor was run to learn its version")
	}
}

// TestSolo5VersionFromELF: in an ELF tender, the version is read from its
// read-only data, as a compiler places SOLO5_VERSION and the format.
func TestSolo5VersionFromELF(t *testing.T) {
	gcc, err := exec.LookPath("gcc")
	if err != nil {
		t.Skip("no gcc to build an ELF tender (scripts/deps.sh installs it)")
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "tender.c")
	os.WriteFile(src, []byte(`#include <stdio.h>
char other[] = "v9.9.9"; /* writable data: not where a tender keeps its version */
int main(int argc, char **argv) { fprintf(stderr, "%s tender, version %s\n", argv[0], "v0.11.2-3-gabcdef0"); return other[0]; }
`), 0o644)
	bin := filepath.Join(dir, "tender")
	if out, err := exec.Command(gcc, "-O2", "-o", bin, src).CombinedOutput(); err != nil {
		t.Fatalf("gcc: %v: %s", err, out)
	}
	if v, seen := Solo5Version(bin); v == nil || v.String() != "v0.11.2" || seen != "v0.11.2-3-gabcdef0" {
		t.Fatalf("version %v (%s), want v0.11.2", v, seen)
	}
}

// kindCode is the exit code the CLI gives err (main.exitCode): 127 and
// 126 for the monitor's own errors, 125 for any other, 0 for none.
func kindCode(err error) int {
	switch {
	case err == nil:
		return 0
	case errors.Is(err, ErrNotFound):
		return ExitNotFound
	case errors.Is(err, ErrNotExecutable):
		return ExitNotExecutable
	}
	return 125
}
