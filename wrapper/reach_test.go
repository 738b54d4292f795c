package wrapper

import (
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"

	"urunc-seccomp-exec/filters"
)

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestSolo5Reach(t *testing.T) {
	exe := "/bin/true" // a dynamic ELF: the monitor, its interpreter, the loader's files
	for _, tc := range []struct {
		name string
		args []string
		want []PathRight // beyond the monitor's and the loader's
		not  []string    // paths that must not be reachable
	}{
		{"urunc's argv", []string{"--mem=256", "/unikernel/test.hvt", "", "", "Hello_Solo5"},
			[]PathRight{{"/unikernel/test.hvt", Read}}, []string{"Hello_Solo5", "/dev/net/tun"}},
		{"block, net, --", []string{"--mem=64", "--block:storage=/var/disk.img", "--net:service0=tap0", "--net-mac:service0=02:00:00:00:00:01", "--", "k.hvt", "--block:x=/etc/shadow"},
			[]PathRight{{"/var/disk.img", ReadWrite}, {"/dev/net/tun", Device}, {"k.hvt", Read}}, []string{"/etc/shadow"}},
		{"net on a passed fd", []string{"--net:service0=@5", "k.hvt"},
			[]PathRight{{"k.hvt", Read}}, []string{"/dev/net/tun"}},
		{"odd paths as given", []string{"--block:a=/dev/fd/3", "--block:b=rel/disk", "--block:c=", "rel/k.hvt"},
			[]PathRight{{"/dev/fd/3", ReadWrite}, {"rel/disk", ReadWrite}, {"rel/k.hvt", Read}}, []string{""}},
		{"after the unikernel, the unikernel's words", []string{"k.hvt", "--block:z=/etc/passwd"},
			[]PathRight{{"k.hvt", Read}}, []string{"/etc/passwd"}},
	} {
		r, err := solo5Reach(exe, tc.args)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		always := []PathRight{{exe, Execute}, {"/dev/kvm", Device}, {"/etc/ld.so.cache", Read}}
		for _, w := range append(always, tc.want...) {
			if !slices.Contains(r.Paths, w) {
				t.Errorf("%s: lacks %s %s: %v", tc.name, w.Right, w.Path, r.Paths)
			}
		}
		for _, p := range tc.not {
			for _, got := range r.Paths {
				if got.Path == p {
					t.Errorf("%s: %q is reachable (%s)", tc.name, p, got.Right)
				}
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

	// Capabilities: none without a tap; CAP_NET_ADMIN for a tap /sys does
	// not show (it may be owned by another user).
	if r, _ := solo5Reach(exe, []string{"--block:a=/d", "k.hvt"}); len(r.Capabilities) != 0 {
		t.Errorf("no tap: keeps %v", r.Capabilities)
	}
	if r, _ := solo5Reach(exe, []string{"--net:s=no-such-tap-here", "k.hvt"}); !slices.Equal(r.Capabilities, []Capability{CapNetAdmin}) {
		t.Errorf("an unknown tap: keeps %v, want CAP_NET_ADMIN", r.Capabilities)
	}
	if r, _ := solo5Reach(exe, []string{"--net:s=@5", "k.hvt"}); len(r.Capabilities) != 0 {
		t.Errorf("a tap passed as an fd: keeps %v", r.Capabilities)
	}

	// --dumpcore=DIR: the core file in DIR, and the calls that write it,
	// only then.
	if r, _ := solo5Reach(exe, []string{"k.hvt"}); len(r.Calls) != 0 {
		t.Errorf("without --dumpcore: adds %v", r.Calls)
	}
	r, _ := solo5Reach(exe, []string{"--dumpcore=/var/cores", "k.hvt"})
	if !slices.Contains(r.Paths, PathRight{"/var/cores", CreateFiles}) || len(r.Calls) != 3 {
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
	r.AddTo(p, "amd64")
	if p.Decide(getpid) != filters.Allow || p.Decide(sregs) != filters.Allow {
		t.Errorf("--dumpcore: getpid %v, KVM_GET_SREGS %v; want allow", p.Decide(getpid), p.Decide(sregs))
	}
	if _, err := filters.Compile(p); err != nil {
		t.Errorf("the policy with --dumpcore's calls: %v", err)
	}

	// A script: the script and its interpreter, with the interpreter's.
	script := filepath.Join(t.TempDir(), "solo5-hvt")
	os.WriteFile(script, []byte("#!/bin/sh\nexit 0\n"), 0o755)
	r, err = solo5Reach(script, []string{"k.hvt"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(r.Paths, PathRight{script, Execute}) || !slices.Contains(r.Paths, PathRight{"/bin/sh", Execute}) {
		t.Errorf("a script monitor: %v", r.Paths)
	}

	// Missing paths are skipped, not an error (the monitor then fails to
	// open them as it would anyway).
	if LandlockABI() > 0 {
		r, _ := solo5Reach(exe, []string{"--block:x=/no/such/disk", "/no/such/k.hvt"})
		fd, _, _, err := r.Ruleset()
		if err != nil || fd < 0 {
			t.Errorf("ruleset with missing paths: fd %d, %v", fd, err)
		}
		syscall.Close(fd)
	}
}
