package recorder

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"urunc-seccomp-exec/filters"
	"urunc-seccomp-exec/safefile/safefiletest"
	"urunc-seccomp-exec/wrapper"
)

// The test binary doubles as a traced program: RECORDER_HELPER picks what
// it does instead of running the tests.
func TestMain(m *testing.M) {
	switch os.Getenv("RECORDER_HELPER") {
	case "thread":
		// getpriority only from a second thread: the recorder must follow it.
		runtime.LockOSThread() // keep the main goroutine off the new thread
		done := make(chan int)
		go func() {
			runtime.LockOSThread()
			p, _ := unix.Getpriority(unix.PRIO_PROCESS, 0)
			done <- p
		}()
		<-done
		os.Exit(4)
	case "ioctl":
		// Two ioctl requests with high-word garbage, on stdin.
		unix.Syscall(unix.SYS_IOCTL, 0, 0xffffffff0000ae00, 0)
		unix.Syscall(unix.SYS_IOCTL, 0, 0x5401, 0)
		unix.Syscall(unix.SYS_IOCTL, 0, 0x5401, 0)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

var amd64ID = uint32(0xc000003e)

func nr(t *testing.T, name string) uint32 {
	info, err := filters.ArchABI(runtime.GOARCH)
	if err != nil {
		t.Skip(err)
	}
	n, ok := info.Number(name)
	if !ok {
		t.Fatalf("no syscall %s", name)
	}
	return uint32(n)
}

func trace(t *testing.T, keep ArgsToKeep, argv ...string) (Recording, unix.WaitStatus) {
	t.Helper()
	if keep == nil {
		keep = func(uint32, uint32) [6]uint64 { return [6]uint64{} }
	}
	rec, ws, err := Run(argv, nil, nil, nil, keep)
	if err != nil {
		t.Fatalf("Run(%q): %v", argv, err)
	}
	return rec, ws
}

func names(t *testing.T, r Recording) map[string]bool {
	info, _ := filters.ArchABI(runtime.GOARCH)
	out := map[string]bool{}
	for c := range r {
		out[info.CallName(c.Nr)] = true
	}
	return out
}

func TestExitStatusKept(t *testing.T) {
	for _, c := range []struct {
		script string
		check  func(unix.WaitStatus) bool
		want   string
	}{
		{"exit 3", func(ws unix.WaitStatus) bool { return ws.Exited() && ws.ExitStatus() == 3 }, "exit 3"},
		{"kill -KILL $$", func(ws unix.WaitStatus) bool { return ws.Signaled() && ws.Signal() == unix.SIGKILL }, "killed by SIGKILL"},
		// The signal must reach the program: its trap turns it into exit 7.
		{`trap "exit 7" USR1; kill -USR1 $$; sleep 5`, func(ws unix.WaitStatus) bool { return ws.Exited() && ws.ExitStatus() == 7 }, "exit 7 from the USR1 trap"},
		// A stop signal is not a kill: the program goes on.
		{`kill -STOP $$; exit 5`, func(ws unix.WaitStatus) bool { return ws.Exited() && ws.ExitStatus() == 5 }, "exit 5 after SIGSTOP"},
	} {
		_, ws := trace(t, nil, "/bin/sh", "-c", c.script)
		if !c.check(ws) {
			t.Errorf("sh -c %q: status %#x, want %s", c.script, ws, c.want)
		}
	}
}

func TestChildrenFollowed(t *testing.T) {
	// The shell forks and execs /bin/true: its execve is recorded, and the
	// child's own calls after it.
	rec, ws := trace(t, nil, "/bin/sh", "-c", "/bin/true; exit 0")
	if ws.ExitStatus() != 0 {
		t.Fatalf("status %#x", ws)
	}
	got := names(t, rec)
	for _, want := range []string{"execve", "exit_group", "wait4"} {
		if !got[want] {
			t.Errorf("%s not recorded; got %v", want, got)
		}
	}
}

func TestThreadsFollowed(t *testing.T) {
	t.Setenv("RECORDER_HELPER", "thread")
	rec, ws := trace(t, nil, os.Args[0])
	if ws.ExitStatus() != 4 {
		t.Fatalf("status %#x, want exit 4", ws)
	}
	if !names(t, rec)["getpriority"] {
		t.Errorf("getpriority, made only by a second thread, not recorded")
	}
}

func TestKeptArguments(t *testing.T) {
	if runtime.GOARCH != "amd64" {
		t.Skip("audit arch constant for amd64")
	}
	t.Setenv("RECORDER_HELPER", "ioctl")
	ioctl := nr(t, "ioctl")
	keep := ArgMasks{ioctl: {1: 0xffffffff}}.Keep(amd64ID)
	rec, _ := trace(t, keep, os.Args[0])
	if n := rec[Call{Arch: amd64ID, Nr: ioctl, Args: [6]uint64{1: 0xae00}}]; n != 1 {
		t.Errorf("ioctl 0xae00 (low 32 bits of a sign-extended request) recorded %d times, want 1", n)
	}
	if n := rec[Call{Arch: amd64ID, Nr: ioctl, Args: [6]uint64{1: 0x5401}}]; n != 2 {
		t.Errorf("ioctl 0x5401 recorded %d times, want 2", n)
	}

	p, err := rec.Policy("amd64", ArgMasks{ioctl: {1: 0xffffffff}})
	if err != nil {
		t.Fatal(err)
	}
	var rules []filters.Rule
	for _, r := range p.Rules {
		if r.Name == "ioctl" {
			rules = append(rules, r)
		}
	}
	if len(rules) < 2 || rules[0].Conditions[0] != (filters.Condition{Arg: 1, Op: filters.Equal, Value: 0x5401, Width: 32}) {
		t.Fatalf("ioctl rules %+v: want Equal width-32 rules, the most used (0x5401) first", rules)
	}
	// The learned policy decides like the recording: both requests
	// allowed, sign-extended or not; any other request denied.
	for _, c := range []struct {
		req  uint64
		want filters.Action
	}{{0xae00, filters.Allow}, {0xffffffff0000ae00, filters.Allow}, {0x5401, filters.Allow}, {0xae01, p.DefaultAction}} {
		if got := p.Decide(filters.SeccompData{Nr: ioctl, Arch: amd64ID, Args: [6]uint64{1: c.req}}); got != c.want {
			t.Errorf("ioctl %#x: %v, want %v", c.req, got, c.want)
		}
	}
}

func TestPolicyRefusesOtherABIs(t *testing.T) {
	for _, c := range []Call{{Arch: 0x40000003, Nr: 20}, {Arch: amd64ID, Nr: 0x40000001}} {
		if _, err := (Recording{c: 1}).Policy("amd64", nil); err == nil {
			t.Errorf("a recording with %+v gave a policy; want an error (the filter kills those)", c)
		}
	}
}

func TestCompare(t *testing.T) {
	info, _ := filters.ArchABI("amd64")
	mmap, getppid, ioctl := uint32(info.MustNumber("mmap")), uint32(info.MustNumber("getppid")), uint32(info.MustNumber("ioctl"))
	p := &filters.Policy{Arch: info, DefaultAction: filters.Action{Kind: 0x80000000}, Rules: []filters.Rule{
		{Name: "mmap", Nr: mmap, Action: filters.Allow},
		{Name: "ioctl", Nr: ioctl, Action: filters.Allow, Conditions: []filters.Condition{{Arg: 1, Op: filters.Equal, Value: 0xae80, Width: 32}}},
		{Name: "ioctl", Nr: ioctl, Action: filters.Allow, Conditions: []filters.Condition{{Arg: 1, Op: filters.Equal, Value: 0xae00, Width: 32}}},
	}}
	rec := Recording{
		{Arch: amd64ID, Nr: mmap}:                              5,
		{Arch: amd64ID, Nr: getppid}:                           1,
		{Arch: amd64ID, Nr: ioctl, Args: [6]uint64{1: 0xae80}}: 9,
		{Arch: amd64ID, Nr: ioctl, Args: [6]uint64{1: 0x5401}}: 1,
	}
	d := rec.Compare(p)
	want := []string{"getppid: kill_process", "ioctl(arg1=0x5401): kill_process"}
	if len(d.Denied) != 2 || d.Denied[0] != want[0] || d.Denied[1] != want[1] {
		t.Errorf("denied %q, want %q", d.Denied, want)
	}
	if len(d.Unused) != 1 || d.Unused[0] != "ioctl(arg1 Equal 0xae00)" {
		t.Errorf("unused %q, want the 0xae00 ioctl rule only", d.Unused)
	}
}

func TestSignalsToTheTracerReachTheProgram(t *testing.T) {
	// The program sends SIGTERM to its parent, the tracer: it must survive
	// and pass it on, and the program's trap turns it into exit 9. SIGINT
	// to the tracer is let pass (not forwarded): the program goes on.
	_, ws := trace(t, nil, "/bin/sh", "-c", `trap 'kill $p; exit 9' TERM; trap "exit 8" INT; sleep 5 & p=$!; kill -INT $PPID; kill -TERM $PPID; wait; exit 1`)
	if !ws.Exited() || ws.ExitStatus() != 9 {
		t.Errorf("status %#x, want exit 9 (SIGTERM forwarded, SIGINT not)", ws)
	}
}

// TestDeniedAsOverlayFits: what learn --overlay writes for calls the
// embedded hvt policy lacks (a plain call, an unknown ioctl request, clone
// with namespace flags) is an overlay the wrapper accepts, and under it
// exactly those calls pass; clone3, answered ENOSYS on purpose, is left.
func TestDeniedAsOverlayFits(t *testing.T) {
	data, err := os.ReadFile("../policies.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cat, err := filters.ParseCatalog("policies.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	base := cat.Select("solo5-hvt", nil)
	embedded, err := base.Resolve("amd64")
	if err != nil {
		t.Fatal(err)
	}
	info := embedded.Arch
	call := func(name string, args ...uint64) Call {
		c := Call{Arch: amd64ID, Nr: info.MustNumber(name)}
		copy(c.Args[:], args)
		return c
	}
	const cloneNewNS = 0x20000 | 0x10000 // CLONE_NEWNS | CLONE_THREAD
	rec := Recording{
		call("read"): 10, call("getppid"): 1,
		call("ioctl", 0, 0xae80): 5, call("ioctl", 0, 0x1234): 1,
		call("clone", cloneNewNS): 1, call("clone3"): 1,
	}
	checked := Checked(embedded)
	for c := range rec { // as the recorder keeps them
		masked := c
		for i, m := range checked[c.Nr] {
			masked.Args[i] &= m
		}
		if masked != c {
			t.Fatalf("test call %+v has bits the recorder would drop", c)
		}
	}
	lacking, err := rec.DeniedBy(embedded).Policy("amd64", checked)
	if err != nil {
		t.Fatal(err)
	}
	if got := lacking.Names(); strings.Join(got, " ") != "clone getppid ioctl" {
		t.Fatalf("lacking %v, want clone getppid ioctl", got)
	}
	var b strings.Builder
	if err := filters.WriteOverlay(&b, "solo5-hvt", filters.OverlayGroup{Policy: lacking}); err != nil {
		t.Fatal(err)
	}
	dir := safefiletest.TrustedDir(t)
	if err := os.WriteFile(filepath.Join(dir, "learned.yaml"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	overlays, err := wrapper.LoadOverlays(dir)
	if err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	src, err := base.WithOverlay(overlays[0], false)
	if err != nil {
		t.Fatal(err)
	}
	with, err := src.Resolve("amd64")
	if err != nil {
		t.Fatalf("the overlay does not fit: %v\n%s", err, b.String())
	}
	for c := range rec {
		d := filters.SeccompData{Nr: c.Nr, Arch: c.Arch, Args: c.Args}
		if got, want := with.Decide(d), embedded.Decide(d); c.Nr == call("clone3").Nr {
			if got != want {
				t.Errorf("clone3: %v with the overlay, want %v as before", got, want)
			}
		} else if got != filters.Allow {
			t.Errorf("%+v: %v with the overlay, want allow", c, got)
		}
	}
	// Nothing beyond: another ioctl request and other clone flags stay denied.
	for _, c := range []Call{call("ioctl", 0, 0x1235), call("clone", 0x20000)} {
		if got := with.Decide(filters.SeccompData{Nr: c.Nr, Arch: c.Arch, Args: c.Args}); got == filters.Allow {
			t.Errorf("%+v allowed by the overlay", c)
		}
	}
}
