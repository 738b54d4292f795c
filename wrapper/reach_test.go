package wrapper

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"urunc-seccomp-exec/filters"
	"urunc-seccomp-exec/safefile/safefiletest"
)

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// granted is the right r grants on path, and whether it grants anything.
func granted(r *Reach, path string) (Right, bool) {
	for _, p := range r.Paths {
		if p.Path == path && (p.fd >= 0 || p.dir > 0) { // granted, or to be created at start
			return p.Right, true
		}
	}
	return 0, false
}

func TestSolo5Reach(t *testing.T) {
	exe := "/bin/true" // a dynamic ELF: the monitor, its interpreter, the loader's files
	dir := t.TempDir()
	k, disk := filepath.Join(dir, "k.hvt"), filepath.Join(dir, "disk.img")
	os.WriteFile(k, []byte("unikernel"), 0o644)
	os.WriteFile(disk, make([]byte, 4096), 0o644)
	for _, tc := range []struct {
		name string
		args []string
		want map[string]Right // beyond the monitor's and the loader's
		not  []string         // paths that must not be reachable
	}{
		{"urunc's argv", []string{"--mem=256", k, "", "", "Hello_Solo5"},
			map[string]Right{k: Read}, []string{"Hello_Solo5", "/dev/net/tun"}},
		{"block, --", []string{"--mem=64", "--block:storage=" + disk, "--net-mac:service0=02:00:00:00:00:01", "--", k, "--block:x=/etc/shadow"},
			map[string]Right{disk: ReadWrite, k: Read}, []string{"/etc/shadow", "/dev/net/tun"}},
		{"net on a passed fd", []string{"--net:service0=@5", k},
			map[string]Right{k: Read}, []string{"/dev/net/tun"}},
		{"after the unikernel, the unikernel's words", []string{k, "--block:z=/etc/passwd"},
			map[string]Right{k: Read}, []string{"/etc/passwd"}},
	} {
		r, err := solo5Reach(exe, tc.args, nil)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		want := map[string]Right{exe: Execute, "/etc/ld.so.cache": Read}
		if _, err := os.Stat("/dev/kvm"); err == nil {
			want["/dev/kvm"] = Device
		}
		for p, right := range tc.want {
			want[p] = right
		}
		for p, right := range want {
			if got, ok := granted(r, p); !ok || got != right {
				t.Errorf("%s: %s: granted %v (%v), want %s", tc.name, p, got, ok, right)
			}
		}
		for _, p := range tc.not {
			if got, ok := granted(r, p); ok {
				t.Errorf("%s: %q is reachable (%s)", tc.name, p, got)
			}
		}
		executable := 0
		for _, got := range r.Paths {
			if got.Right == Execute {
				executable++
			}
		}
		if executable != 2 {
			t.Errorf("%s: %d executable paths, want the monitor and its interpreter: %v", tc.name, executable, r.Paths)
		}
	}
	if r, _ := solo5Reach(exe, []string{"--net:s=@5", k}, nil); len(r.Fds) != 1 || r.Fds[0] != 5 || len(r.Taps) != 0 {
		t.Errorf("a tap passed as an fd: keeps fds %v, taps %v; want fd 5 only", r.Fds, r.Taps)
	}
	// A tap named on a version that takes @FD: the wrapper attaches it.
	v093 := filters.Version{0, 9, 3}
	r, err := solo5Reach(exe, []string{"--mem=2", "--net:service0=tap7", k}, &v093)
	if err != nil || len(r.Taps) != 1 || r.Taps[0] != (Tap{Arg: 1, Iface: "tap7", Word: "--net:service0=@%d", Flags: unix.IFF_TAP | unix.IFF_NO_PI}) {
		t.Errorf("v0.9.3 with a tap: %v, taps %v", err, r.Taps)
	} else if _, ok := granted(r, "/dev/net/tun"); ok {
		t.Errorf("v0.9.3 with a tap attached by the wrapper: /dev/net/tun is granted")
	}
	// From v0.10 the monitor attaches by name: a tap the kernel does not
	// know is refused, never run on a guess.
	if _, err := solo5Reach(exe, []string{"--net:service0=no-such-tap7", k}, nil); err == nil || !strings.Contains(err.Error(), "there is no tap no-such-tap7") {
		t.Errorf("an unknown tap, unknown version: %v, want refused", err)
	}

	// --dumpcore=DIR: the core file in DIR, and the calls that write it,
	// only then.
	if r, _ := solo5Reach(exe, []string{k}, nil); len(r.Calls) != 0 {
		t.Errorf("without --dumpcore: adds %v", r.Calls)
	}
	cores := trustedTempDir(t)
	r, err = solo5Reach(exe, []string{"--dumpcore=" + cores, k}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if right, ok := granted(r, cores); !ok || right != CreateFiles || len(r.Calls) != 3 {
		t.Errorf("--dumpcore: %v, %v", r.Paths, r.Calls)
	}
	c, err := filters.ParseCatalog("policies.yaml", mustRead(t, "../policies.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := c.Select("solo5-hvt", nil).Resolve("amd64")
	if err != nil {
		t.Fatal(err)
	}
	getpid := filters.SeccompData{Nr: uint32(p.Arch.MustNumber("getpid")), Arch: uint32(p.Arch.ID)}
	sregs := filters.SeccompData{Nr: uint32(p.Arch.MustNumber("ioctl")), Arch: uint32(p.Arch.ID), Args: [6]uint64{5, 0x8138ae83}}
	if p.Decide(getpid) == filters.Allow || p.Decide(sregs) == filters.Allow {
		t.Fatal("the embedded policy already allows getpid or KVM_GET_SREGS: the test proves nothing")
	}
	r.AllowCallsIn(p, "amd64")
	if p.Decide(getpid) != filters.Allow || p.Decide(sregs) != filters.Allow {
		t.Errorf("--dumpcore: getpid %v, KVM_GET_SREGS %v; want allow", p.Decide(getpid), p.Decide(sregs))
	}
	if _, err := filters.Compile(p); err != nil {
		t.Errorf("the policy with --dumpcore's calls: %v", err)
	}

	// A script: the script and its interpreter, with the interpreter's.
	script := filepath.Join(t.TempDir(), "solo5-hvt")
	os.WriteFile(script, []byte("#!/bin/sh\nexit 0\n"), 0o755)
	r, err = solo5Reach(script, []string{k}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := granted(r, script); !ok {
		t.Errorf("a script monitor: not granted: %v", r.Paths)
	}
	if _, ok := granted(r, "/bin/sh"); !ok {
		t.Errorf("a script monitor: its interpreter not granted: %v", r.Paths)
	}

	// Missing paths grant nothing and are not an error (the monitor then
	// fails to open them as it would anyway).
	r, err = solo5Reach(exe, []string{"--block:x=/no/such/disk", "/no/such/k.hvt"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := granted(r, "/no/such/disk"); ok {
		t.Error("a missing block is granted")
	}
	if LandlockABI() > 0 {
		fd, _, _, err := r.Ruleset()
		if err != nil || fd < 0 {
			t.Errorf("ruleset with missing paths: fd %d, %v", fd, err)
		}
		unix.Close(fd)
	}
}

// trustedTempDir is a folder whose every parent only root or this user can
// write, as --dumpcore requires (/tmp is writable by all).
func trustedTempDir(t *testing.T) string { return safefiletest.TrustedDir(t) }

// Each path the command line names is granted as exactly the object it
// names, of the kind its option means: a symlink to / (which another user
// may point anywhere) or a folder is refused, never granted as a tree.
func TestGrantRefusesWhatThePathDoesNotMean(t *testing.T) {
	dir := t.TempDir()
	k := filepath.Join(dir, "k.hvt")
	os.WriteFile(k, []byte("unikernel"), 0o644)
	toRoot := filepath.Join(dir, "root-link")
	os.Symlink("/", toRoot)
	sub := filepath.Join(dir, "sub")
	os.Mkdir(sub, 0o755)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--block:storage=" + toRoot, k}, "is a folder, not a regular file or a block device"},
		{[]string{"--block:storage=" + sub, k}, "is a folder, not a regular file or a block device"},
		{[]string{"--block:storage=/dev/null", k}, "is a character device, not a regular file or a block device"},
		{[]string{toRoot}, "is a folder, not a regular file"},
		{[]string{"--", sub}, "is a folder, not a regular file"},
		{[]string{"--dumpcore=" + toRoot, k}, "is a symbolic link"},
	} {
		_, err := solo5Reach("/bin/true", tc.args, nil)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want an error saying %q", tc.args, err, tc.want)
		}
	}
	trusted := trustedTempDir(t)
	file := filepath.Join(trusted, "file")
	os.WriteFile(file, nil, 0o644)
	if _, err := solo5Reach("/bin/true", []string{"--dumpcore=" + file, k}, nil); err == nil || !strings.Contains(err.Error(), "name a folder") {
		t.Errorf("--dumpcore on a file: %v", err)
	}
	// A folder others can write: another user could put a link in it.
	open := filepath.Join(trusted, "open")
	os.Mkdir(open, 0o777)
	os.Chmod(open, 0o777)
	if _, err := solo5Reach("/bin/true", []string{"--dumpcore=" + open, k}, nil); err == nil || !strings.Contains(err.Error(), "writable by group or others") {
		t.Errorf("--dumpcore on a 0777 folder: %v", err)
	}
}

// The grant is made on the object the path named when the wrapper looked:
// a link flipped afterwards does not move it.
func TestGrantIsTheObjectOpened(t *testing.T) {
	dir := t.TempDir()
	a, b, link := filepath.Join(dir, "a.img"), filepath.Join(dir, "b.img"), filepath.Join(dir, "link")
	os.WriteFile(a, []byte("a"), 0o644)
	os.WriteFile(b, []byte("b"), 0o644)
	os.Symlink(a, link)
	g, err := grantPath("--block:x", link, ReadWrite, anImage)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(g.fd)
	os.Remove(link)
	os.Symlink(b, link)
	var got, want unix.Stat_t
	unix.Fstat(g.fd, &got)
	unix.Stat(a, &want)
	if got.Ino != want.Ino || got.Dev != want.Dev {
		t.Errorf("the grant follows the flipped link: inode %d, want a.img's %d", got.Ino, want.Ino)
	}
	if r := g.Resolved(); !strings.Contains(r, a) && !strings.Contains(r, "inode") {
		t.Errorf("Resolved() = %q, want a.img named", r)
	}
}

// elfWithInterps writes a minimal ELF64 file whose program headers are one
// PT_INTERP for each string given, in order.
func elfWithInterps(t *testing.T, interps ...string) string {
	t.Helper()
	const ehsize, phentsize = 64, 56
	data := make([]byte, ehsize+phentsize*len(interps))
	copy(data, "\x7fELF\x02\x01\x01")
	le := binary.LittleEndian
	le.PutUint16(data[16:], 2)  // ET_EXEC
	le.PutUint16(data[18:], 62) // EM_X86_64
	le.PutUint32(data[20:], 1)
	le.PutUint64(data[32:], ehsize) // e_phoff
	le.PutUint16(data[52:], ehsize)
	le.PutUint16(data[54:], phentsize)
	le.PutUint16(data[56:], uint16(len(interps)))
	for i, s := range interps {
		ph := data[ehsize+i*phentsize:]
		le.PutUint32(ph[0:], 3) // PT_INTERP
		le.PutUint64(ph[8:], uint64(len(data)))
		le.PutUint64(ph[32:], uint64(len(s)))
		le.PutUint64(ph[40:], uint64(len(s)))
		data = append(data, s...)
	}
	path := filepath.Join(t.TempDir(), "solo5-hvt")
	if err := os.WriteFile(path, data, 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

// Only the first PT_INTERP is what the kernel loads, up to its first NUL;
// a later one is never granted, and one that is not a regular file is
// refused.
func TestOnlyTheKernelsInterpreterIsGranted(t *testing.T) {
	loader := "/lib64/ld-linux-x86-64.so.2"
	if _, err := os.Stat(loader); err != nil {
		loader = "/bin/true" // any regular file will do as the first
	}
	r, err := solo5Reach(elfWithInterps(t, loader+"\x00", "/\x00"), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := granted(r, loader); !ok {
		t.Errorf("the first PT_INTERP %s is not granted: %v", loader, r.Paths)
	}
	if _, ok := granted(r, "/"); ok {
		t.Errorf("a second PT_INTERP naming / is granted")
	}
	for _, interps := range [][]string{{"/\x00", loader + "\x00"}, {"/\x00" + loader + "\x00"}, {"/etc\x00"}} {
		if _, err := solo5Reach(elfWithInterps(t, interps...), nil, nil); err == nil || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("first PT_INTERP %q: %v, want refused", interps[0], err)
		}
	}
	if _, err := solo5Reach(elfWithInterps(t, "/no/such/ld.so\x00"), nil, nil); err == nil {
		t.Error("a missing interpreter: no error")
	}
}

// A #! script that names itself is refused as the kernel refuses it, not
// followed until the stack runs out.
func TestScriptInterpreterDepth(t *testing.T) {
	script := filepath.Join(t.TempDir(), "solo5-hvt")
	os.WriteFile(script, []byte("#!"+script+"\n"), 0o755)
	if _, err := solo5Reach(script, nil, nil); err == nil || !strings.Contains(err.Error(), "interpreters in a row") {
		t.Errorf("a script that is its own interpreter: %v", err)
	}
}

func TestParseSolo5Args(t *testing.T) {
	s := parseSolo5Args([]string{"--mem=64", "--net:a=tap0", "--net:b=@7", "--net:c=", "--block:d=/x", "--", "k.hvt", "--net:e=tap9"})
	if len(s.taps) != 1 || s.taps[0] != (Tap{Arg: 1, Iface: "tap0", Word: "--net:a=@%d", Flags: unix.IFF_TAP | unix.IFF_NO_PI}) {
		t.Errorf("taps %v", s.taps)
	}
	if len(s.fds) != 1 || s.fds[0] != 7 || s.unikernel != "k.hvt" || len(s.blocks) != 1 {
		t.Errorf("parsed %+v", s)
	}
}
