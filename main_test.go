//go:build !wrapperonly

package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"urunc-seccomp-exec/safefile/safefiletest"
	"urunc-seccomp-exec/wrapper"
)

// TestFirstWordDispatch: the first word alone picks a subcommand, and the
// words that do are exactly the command tree's; anything else is a monitor
// run, whose flag errors are the wrapper's own (125, one line).
func TestFirstWordDispatch(t *testing.T) {
	cmd := rootCommand()
	cmd.InitDefaultHelpCmd()
	cmd.InitDefaultCompletionCmd()
	var tree []string
	for _, c := range cmd.Commands() {
		tree = append(tree, c.Name())
	}
	for _, name := range tree {
		if !isCommandName(name) {
			t.Errorf("the command %q is not run by its name", name)
		}
	}
	for _, name := range []string{cobra.ShellCompRequestCmd, cobra.ShellCompNoDescRequestCmd} {
		if !isCommandName(name) {
			t.Errorf("cobra's %q is not run by its name", name)
		}
	}
	for _, name := range commandNames {
		if !slices.Contains(tree, name) && !strings.HasPrefix(name, "__") {
			t.Errorf("%q runs a subcommand the tree does not have", name)
		}
	}
	for _, tc := range []struct {
		args []string
		code int
		says string
	}{
		{[]string{"--dry-run", "learn"}, 127, "learn"}, // a monitor named learn
		{[]string{"--monitor", "solo5-hvt", "policy"}, 127, "policy"},
		{[]string{"--nosuch", "x"}, 125, "unknown flag: --nosuch (see --help)"},
		{[]string{"--monitor"}, 125, "flag needs an argument"},
		{[]string{"--unconfined", "--bundle", "b", "x"}, 125, "--unconfined and --bundle cannot go together"},
		{[]string{"--audit", "--default-action", "log", "x"}, 125, "--audit and --default-action cannot go together"},
	} {
		err := runCommandLine(tc.args)
		if code, _ := exitCode(err); code != tc.code || err == nil || !strings.Contains(err.Error(), tc.says) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%q: %v (exit %d), want exit %d saying %q", tc.args, err, code, tc.code, tc.says)
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
		{fmt.Errorf("--bundle: %w", fmt.Errorf("lookup: %w", wrapper.NotFoundf("x"))), 127, false},
	} {
		if code, quiet := exitCode(tc.err); code != tc.code || quiet != tc.quiet {
			t.Errorf("%v: exit %d (quiet %v), want %d (%v)", tc.err, code, quiet, tc.code, tc.quiet)
		}
	}
	if wrapper.ExitNotExecutable != 126 || wrapper.ExitNotFound != 127 {
		t.Error("the window's exit codes differ from the README's")
	}
}

// TestCheckRefusesUnknownRequire: check takes --require as the wrapper
// does, and refuses what names no protection.
func TestCheckRefusesUnknownRequire(t *testing.T) {
	cmd := rootCommand()
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
