package kernlog

import (
	"strings"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	for _, c := range []struct {
		line string
		want Record
	}{
		{ // dmesg, as this machine's kernel prints it
			`[ 1480.656678] audit: type=1326 audit(1795760608.656:629): auid=4294967295 uid=0 gid=0 ses=4294967295 pid=24009 comm="testmon" exe="/e2e/build/testmon" sig=31 arch=c000003e syscall=272 compat=0 ip=0x7ff0119830f7 code=0x80000000`,
			Record{Time: time.Unix(1795760608, 656e6), Serial: 629, PID: 24009, Comm: "testmon", Exe: "/e2e/build/testmon", Arch: 0xc000003e, Nr: 272, Code: 0x80000000},
		},
		{ // auditd's audit.log; a comm with a space comes hex-encoded
			`type=SECCOMP msg=audit(1700000000.001:7): auid=0 uid=0 gid=0 ses=1 subj=unconfined pid=42 comm=736F6C3520687674 exe="/usr/bin/solo5-hvt" sig=0 arch=c00000b7 syscall=222 compat=0 ip=0x1 code=0x7ffc0000` + "\x1dAUID=\"root\"",
			Record{Time: time.Unix(1700000000, 1e6), Serial: 7, PID: 42, Comm: "sol5 hvt", Exe: "/usr/bin/solo5-hvt", Arch: 0xc00000b7, Nr: 222, Code: 0x7ffc0000},
		},
		{ // /dev/kmsg message part, an i386 call from a 64-bit process
			`audit: type=1326 audit(1795760608.664:630): auid=4294967295 uid=0 gid=0 ses=4294967295 pid=5 comm="x" exe="/x" sig=31 arch=40000003 syscall=20 compat=1 ip=0x1 code=0x0`,
			Record{Time: time.Unix(1795760608, 664e6), Serial: 630, PID: 5, Comm: "x", Exe: "/x", Arch: 0x40000003, Nr: 20, Compat: true, Code: 0},
		},
	} {
		got, ok := Parse(c.line)
		if !ok {
			t.Errorf("Parse(%q) failed", c.line)
			continue
		}
		if !got.Time.Equal(c.want.Time) {
			t.Errorf("time %v, want %v", got.Time, c.want.Time)
		}
		got.Time = c.want.Time
		if got != c.want {
			t.Errorf("Parse:\n got %+v\nwant %+v", got, c.want)
		}
	}
}

func TestParseAuditdCodeWithTrailer(t *testing.T) {
	// auditd appends enriched fields after a 0x1d separator; code must stop there.
	line := "type=SECCOMP msg=audit(1.0:1): pid=1 comm=\"a\" exe=\"/a\" arch=c000003e syscall=9 compat=0 code=0x80000000\x1dAUID=\"unset\""
	r, ok := Parse(line)
	if !ok || r.Code != 0x80000000 {
		t.Fatalf("Parse = %+v, %v: want code 0x80000000", r, ok)
	}
}

func TestParseIgnoresOtherLines(t *testing.T) {
	for _, line := range []string{
		"",
		"[    0.000000] Linux version 6.18",
		"audit: type=1400 audit(1.0:1): apparmor=DENIED pid=1 comm=\"x\"",
		"audit: type=1326 audit(garbage): pid=1",
		"audit: type=1326 audit(1.0:1): pid=1 comm=\"x\" arch=c000003e code=0x0", // no syscall
	} {
		if r, ok := Parse(line); ok {
			t.Errorf("Parse(%q) = %+v, want no record", line, r)
		}
	}
}

func TestParseAll(t *testing.T) {
	log := "noise\n" +
		"audit: type=1326 audit(1.0:1): pid=1 comm=\"a\" exe=\"/a\" arch=c000003e syscall=9 compat=0 code=0x80000000\n" +
		"more noise\n" +
		"audit: type=1326 audit(2.0:2): pid=2 comm=\"b\" exe=\"/b\" arch=c000003e syscall=10 compat=0 code=0x7ffc0000\n"
	recs, err := ParseAll(strings.NewReader(log))
	if err != nil || len(recs) != 2 || recs[0].Nr != 9 || recs[1].PID != 2 {
		t.Fatalf("ParseAll = %+v, %v", recs, err)
	}
}

// The syslog(2) fallback (no /dev/kmsg, as in some containers) reads the
// same records as /dev/kmsg.
func TestSyslogFallbackReadsTheSameRecords(t *testing.T) {
	lines, err := readKmsg("/dev/kmsg")
	if err != nil {
		t.Skipf("/dev/kmsg: %v", err)
	}
	var last *Record
	for _, l := range lines {
		if r, ok := Parse(l); ok {
			last = &r
		}
	}
	if last == nil {
		t.Skip("no seccomp record in the kernel log yet")
	}
	fallback, err := readSyslog()
	if err != nil {
		t.Fatalf("syslog(2): %v", err)
	}
	for _, l := range fallback {
		if r, ok := Parse(l); ok && r == *last {
			return
		}
	}
	t.Errorf("syslog(2) lacks the record /dev/kmsg has: %+v", *last)
}
