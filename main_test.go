package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"urunc-seccomp-exec/safefile/safefiletest"
	"urunc-seccomp-exec/wrapper"
)

// TestLazyCommandTree: the root decides whether to build the subcommands
// as cobra would find one, and the names it knows them by are theirs.
func TestLazyCommandTree(t *testing.T) {
	for _, s := range subcommands {
		if got := s.build().Name(); got != s.name {
			t.Errorf("subcommand listed as %q is named %q", s.name, got)
		}
	}
	full := rootCommand(&rootFlags{})
	addSubcommands(full)
	for _, args := range [][]string{
		{}, {"solo5-hvt"}, {"/usr/bin/solo5-hvt", "policy"}, {"policy"}, {"check", "solo5-hvt"},
		{"--monitor", "solo5-hvt", "policy"}, {"--monitor=solo5-hvt", "policy"}, {"--dry-run", "learn"},
		{"-v", "explain"}, {"--", "policy"}, {"--policy", "explain"}, {"--nosuchflag", "policy", "x"},
		{"--unconfined", "--bundle", "b", "diagnose"}, {"--monitor"}, {"version"}, {"qemu-system-x86_64", "-h"},
	} {
		found, _, _ := full.Find(args)
		want := found != full
		if got := wantsSubcommand(rootCommand(&rootFlags{}).Flags(), args); got != want {
			t.Errorf("%q: builds the subcommands: %v, cobra finds %q", args, got, found.Name())
		}
	}
	for _, args := range [][]string{{"help"}, {"--help"}, {"-h"}, {"completion", "bash"}, {"__complete", ""}} {
		if !wantsSubcommand(rootCommand(&rootFlags{}).Flags(), args) {
			t.Errorf("%q: the subcommands are not built", args)
		}
	}
}

// TestREADMEQuotesGoldenAsm: the assembly README.md quotes is the head of
// the golden output filters' TestGoldenAsm pins for the policy that
// "policy --format asm" prints on amd64 (solo5-hvt, no version given).
func TestREADMEQuotesGoldenAsm(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	const cmd = "$ urunc-seccomp-exec policy --format asm | head -6\n"
	_, quoted, ok := strings.Cut(string(readme), cmd)
	if !ok {
		t.Fatalf("README.md no longer quotes %q", cmd)
	}
	golden, err := os.ReadFile("filters/testdata/solo5-hvt.amd64.asm")
	if err != nil {
		t.Fatal(err)
	}
	want := strings.SplitAfterN(string(golden), "\n", 7)
	if got := strings.SplitAfterN(quoted, "\n", 7); strings.Join(got[:6], "") != strings.Join(want[:6], "") {
		t.Errorf("README.md quotes:\n%swhile filters/testdata/solo5-hvt.amd64.asm begins:\n%s", strings.Join(got[:6], ""), strings.Join(want[:6], ""))
	}
}

// TestExitCodes: the statuses the README documents, whatever wraps the
// error on its way up.
func TestExitCodes(t *testing.T) {
	for _, tc := range []struct {
		err   error
		code  int
		quiet bool
	}{
		{nil, 0, true},
		{exitStatus(1), 1, true},
		{fmt.Errorf("learn: %w", exitStatus(3)), 3, true},
		{wrapper.NotFoundf("monitor x not found"), 127, false},
		{fmt.Errorf("check: %w", wrapper.NotFoundf("monitor x not found")), 127, false},
		{wrapper.NotExecutablef("monitor x is a directory"), 126, false},
		{errors.New("a bad flag"), 125, false},
		{fmt.Errorf("flattened: %v", wrapper.NotFoundf("x")), 125, false},
	} {
		if code, quiet := exitCode(tc.err); code != tc.code || quiet != tc.quiet {
			t.Errorf("%v: exit %d (quiet %v), want %d (%v)", tc.err, code, quiet, tc.code, tc.quiet)
		}
	}
	if wrapper.ExitNotExecutable != 126 || wrapper.ExitNotFound != 127 {
		t.Error("the window's exit codes differ from the README's")
	}
}

// TestFastPathParsesAsCobra: running a monitor, the root's flags parsed by
// pflag alone give what cobra's root gives; what the fast path leaves to
// cobra is what cobra refuses or answers itself.
func TestFastPathParsesAsCobra(t *testing.T) {
	for _, args := range [][]string{
		{"solo5-hvt"}, {"solo5-hvt", "--mem=2", "kernel", "-v"}, {"--monitor", "solo5-hvt", "/bin/true", "--policy", "x"},
		{"--monitor=solo5-hvt", "--monitor-version", "v0.12.1", "--overlays", "", "/bin/true"},
		{"-v", "--dry-run", "--require", "landlock", "--require=landlock", "x"}, {"--policy", "p.yaml", "--", "--monitor", "x"},
		{"--bundle", "b", "--allow-loosen", "--default-action", "errno", "qemu-system-x86_64", "-sandbox", "off"},
		{"--audit", "x"}, {"--unconfined", "firecracker", "--no-seccomp"}, {"--", "x"}, {},
	} {
		var fast rootFlags
		fl := fast.flagSet()
		if err := fl.Parse(args); err != nil || exclusiveConflict(fl) {
			t.Fatalf("%q: the fast path refuses it (%v)", args, err)
		}
		var slow rootFlags
		var slowArgs []string
		cmd := rootCommand(&slow)
		cmd.RunE = func(_ *cobra.Command, a []string) error { slowArgs = a; return nil }
		cmd.SetArgs(args)
		if err := cmd.Execute(); err != nil {
			t.Fatalf("%q: cobra: %v", args, err)
		}
		if !reflect.DeepEqual(fast, slow) || !slices.Equal(fl.Args(), slowArgs) {
			t.Errorf("%q: fast %+v %q, cobra %+v %q", args, fast, fl.Args(), slow, slowArgs)
		}
	}
	for _, args := range [][]string{{"--nosuch", "x"}, {"-h"}, {"--version"}, {"--unconfined", "--bundle", "b", "x"}, {"--audit", "--default-action", "log", "x"}, {"--monitor"}} {
		var f rootFlags
		fl := f.flagSet()
		if fl.Parse(args) == nil && !exclusiveConflict(fl) {
			t.Errorf("%q: the fast path runs it; cobra must answer", args)
		}
	}
}

// TestCheckRefusesUnknownRequire: check takes --require as the wrapper
// does, and refuses what names no protection.
func TestCheckRefusesUnknownRequire(t *testing.T) {
	cmd := rootCommand(&rootFlags{})
	addSubcommands(cmd)
	cmd.SetArgs([]string{"check", "--require", "selinux"})
	cmd.SetOut(io.Discard)
	err := cmd.Execute()
	if code, _ := exitCode(err); code != 125 || err == nil || !strings.Contains(err.Error(), `--require "selinux": the protections it knows are: landlock`) {
		t.Fatalf("check --require selinux: %v (exit %d)", err, code)
	}
}

// TestInspectionLoosensOnlyWhenAsked: policy and explain show an overlay
// that loosens the default action as the wrapper applies it: refused
// without --allow-loosen, applied with it.
func TestInspectionLoosensOnlyWhenAsked(t *testing.T) {
	dir := safefiletest.TrustedDir(t)
	overlay := "monitor: solo5-hvt\nloosen_default_action: true\ndefault_action: log\nsyscalls:\n  - action: allow\n    names: [getppid]\n"
	if err := os.WriteFile(filepath.Join(dir, "loose.yaml"), []byte(overlay), 0o644); err != nil {
		t.Fatal(err)
	}
	pf := policyFlags{monitor: "solo5-hvt", overlays: dir}
	if _, err := pf.resolve("amd64"); err == nil || !strings.Contains(err.Error(), "--allow-loosen") {
		t.Fatalf("without --allow-loosen: %v, want the overlay refused", err)
	}
	pf.allowLoosen = true
	p, err := pf.resolve("amd64")
	if err != nil || p.DefaultAction.String() != "log" {
		t.Fatalf("with --allow-loosen: %v %v, want default log", p, err)
	}
}
