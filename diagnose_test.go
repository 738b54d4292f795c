//go:build !wrapperonly

package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"urunc-seccomp-exec/filters"
	"urunc-seccomp-exec/kernlog"
	"urunc-seccomp-exec/safefile/safefiletest"
	"urunc-seccomp-exec/wrapper"
)

// record makes a kernel record of a call by a program.
func record(exe string, arch, nr, code uint32) kernlog.Record {
	return kernlog.Record{Time: time.Unix(1795760608, 0), PID: 42, Comm: filepath.Base(exe), Exe: exe, Arch: arch, Nr: nr, Code: code}
}

func TestDiagnoseWritesAValidOverlay(t *testing.T) {
	const amd64, i386, kill, logged = 0xc000003e, 0x40000003, 0x80000000, 0x7ffc0000
	records := []kernlog.Record{
		record("/usr/bin/solo5-hvt", amd64, 110, kill),  // getppid: plain name
		record("/usr/bin/solo5-hvt", amd64, 110, kill),  // the same again: one line, "2 times"
		record("/usr/bin/solo5-hvt", amd64, 99, logged), // sysinfo, logged in --audit mode
		record("/usr/bin/solo5-hvt", amd64, 16, kill),   // ioctl: allowed only by request
		record("/usr/bin/solo5-hvt", amd64, 165, kill),  // mount: never for a monitor
		record("/usr/bin/solo5-hvt", i386, 20, kill),    // i386 getpid: no overlay can allow it
		record("/usr/bin/solo5-hvt", amd64, 12, kill),   // brk: already allowed
	}
	var out bytes.Buffer
	if err := diagnose(&out, io.Discard, records, "test", 0, 0); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{
		"KILLED   getppid (x86_64 110) in solo5-hvt (/usr/bin/solo5-hvt) pid 42 at ",
		"(2 times, the last)",
		"LOGGED   sysinfo (x86_64 99)",
		"KILLED   getpid (i386 20)",
		"# amd64: ioctl: the policy allows these only with certain arguments",
		"# amd64: mount: hardened profiles never allow these",
		"# getpid (i386) is a call of another ABI",
		"# amd64: brk: solo5-hvt's policy already allows these",
		"    arch: amd64\n    names:\n      - getppid                  # 110\n      - sysinfo                  # 99\n",
		"  # - action: allow\n  #   arch: amd64\n  #   names:\n  #     - mount                    # 165\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	// The YAML part is an overlay the wrapper accepts, and it allows exactly
	// getppid and sysinfo on top of the embedded policy.
	yaml := text[strings.Index(text, "monitor: solo5-hvt"):]
	dir := safefiletest.TrustedDir(t)
	if err := os.WriteFile(filepath.Join(dir, "local.yaml"), []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	overlays, err := wrapper.LoadOverlays(dir)
	if err != nil {
		t.Fatal(err)
	}
	cat, err := embedded.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	base := cat.Select("solo5-hvt", nil)
	src, err := base.WithOverlay(overlays[0], false)
	if err != nil {
		t.Fatal(err)
	}
	before, _ := base.Resolve("amd64")
	after, err := src.Resolve("amd64")
	if err != nil {
		t.Fatalf("the printed overlay does not resolve: %v\n%s", err, yaml)
	}
	for _, c := range []struct {
		nr   uint32
		want bool
	}{{110, true}, {99, true}, {165, false}, {16, false}} {
		d := filters.SeccompData{Nr: c.nr, Arch: amd64}
		if got := after.Decide(d) == filters.Allow; got != c.want || before.Decide(d) == filters.Allow {
			t.Errorf("syscall %d: allowed with the overlay %v (want %v), before %v", c.nr, got, c.want, before.Decide(d))
		}
	}
}
