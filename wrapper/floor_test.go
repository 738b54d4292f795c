package wrapper

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"urunc-seccomp-exec/filters"
)

// TestFloorDecides: the floor as compiled with its exec guard, run in the
// emulator, decides each call as the threat model says, on both
// architectures: what Landlock cannot govern is EPERM (a terminal ioctl
// also with high bits set, which the kernel drops), exec other than the
// wrapper's own and another ABI kill, a monitor's ordinary calls pass;
// connect and AF_INET pass only where the reach says it needs them.
func TestFloorDecides(t *testing.T) {
	const path, argv, envp = 0x7000_1000, 0x7000_2000, 0x7000_3000
	eperm := filters.Action{Kind: filters.KindErrno, Errno: uint16(unix.EPERM)}
	kill := filters.Action{Kind: filters.KindKillProcess}
	for _, arch := range filters.Arches {
		for _, tc := range []struct {
			name  string
			reach *Reach
			call  string
			args  [6]uint64
			want  filters.Action
		}{
			{"fchmodat", nil, "fchmodat", [6]uint64{0, 0, 0o4777}, eperm},
			{"fchown", nil, "fchown", [6]uint64{3, 1000, 1000}, eperm},
			{"fsetxattr", nil, "fsetxattr", [6]uint64{}, eperm},
			{"keyctl", nil, "keyctl", [6]uint64{11}, eperm},
			{"shmat", nil, "shmat", [6]uint64{}, eperm},
			{"io_uring_setup", nil, "io_uring_setup", [6]uint64{1}, eperm},
			{"udp", nil, "socket", [6]uint64{unix.AF_INET, unix.SOCK_DGRAM}, eperm},
			{"udp6", nil, "socket", [6]uint64{unix.AF_INET6, unix.SOCK_DGRAM}, eperm},
			{"unix socket", nil, "socket", [6]uint64{unix.AF_UNIX, unix.SOCK_STREAM}, filters.Allow},
			{"tap's inet socket", &Reach{Inet: "a tap"}, "socket", [6]uint64{unix.AF_INET, unix.SOCK_DGRAM}, filters.Allow},
			{"connect", &Reach{}, "connect", [6]uint64{3}, eperm},
			{"connect named", &Reach{Paths: []PathRight{{Path: "/run/x.sock", Right: Connect}}}, "connect", [6]uint64{3}, filters.Allow},
			{"TIOCSTI", nil, "ioctl", [6]uint64{0, tiocsti}, eperm},
			{"TIOCSTI high bits", nil, "ioctl", [6]uint64{0, 0xffffffff00000000 | tiocsti}, eperm},
			{"TIOCLINUX", nil, "ioctl", [6]uint64{0, tioclinux}, eperm},
			{"KVM_RUN", nil, "ioctl", [6]uint64{5, 0xae80}, filters.Allow},
			{"read", nil, "read", [6]uint64{}, filters.Allow},
			{"the wrapper's execve", nil, "execve", [6]uint64{path, argv, envp}, filters.Allow},
			{"another execve", nil, "execve", [6]uint64{path, argv, envp + 8}, kill},
			{"execveat", nil, "execveat", [6]uint64{}, kill},
		} {
			floor, err := FloorPolicy(arch, tc.reach)
			if err != nil {
				t.Fatal(err)
			}
			prog, err := filters.Compile(WithExecGuard(floor, path, argv, envp))
			if err != nil {
				t.Fatal(err)
			}
			d := filters.SeccompData{Nr: floor.Arch.MustNumber(tc.call), Arch: uint32(floor.Arch.ID), Args: tc.args}
			ret, _, err := filters.Emulate(prog.Instructions, d)
			if got := filters.ActionFromRet(ret); err != nil || got != tc.want {
				t.Errorf("%s %s: %v (%v), want %v", arch, tc.name, got, err, tc.want)
			}
		}
		floor, _ := FloorPolicy(arch, nil)
		prog, _ := filters.Compile(WithExecGuard(floor, path, argv, envp))
		for _, name := range floorDenied { // each of them, whatever its arguments
			if nr, ok := floor.Arch.Number(name); ok {
				ret, _, _ := filters.Emulate(prog.Instructions, filters.SeccompData{Nr: nr, Arch: uint32(floor.Arch.ID), Args: [6]uint64{1, 2, 3}})
				if got := filters.ActionFromRet(ret); got != eperm {
					t.Errorf("%s %s: %v, want %v", arch, name, got, eperm)
				}
			}
		}
		foreign := filters.SeccompData{Nr: 15, Arch: uint32(floor.Arch.ID) ^ 1}
		if ret, _, _ := filters.Emulate(prog.Instructions, foreign); filters.ActionFromRet(ret) != kill {
			t.Errorf("%s: a call of another ABI: %v, want kill", arch, filters.ActionFromRet(ret))
		}
	}
}

// TestFloorWidenedByTheCommandLine: the floor lets through what a command
// line needs, and only then: connect for a vsock (Firecracker and
// cloud-hypervisor connect to PATH_PORT for the guest's connections),
// AF_INET for a tap configured through one; Firecracker's io_uring drives
// are refused rather than left to fail under the floor.
func TestFloorWidenedByTheCommandLine(t *testing.T) {
	dir := t.TempDir()
	k := filepath.Join(dir, "kernel")
	os.WriteFile(k, []byte("k"), 0o644)
	config := func(extra string) string {
		p := filepath.Join(dir, "fc.json")
		os.WriteFile(p, []byte(`{"boot-source":{"kernel_image_path":"`+k+`"}`+extra+`}`), 0o644)
		return p
	}
	decide := func(r *Reach, call string, args ...uint64) filters.Action {
		floor, err := FloorPolicy("amd64", r)
		if err != nil {
			t.Fatal(err)
		}
		var a [6]uint64
		copy(a[:], args)
		return floor.Decide(filters.SeccompData{Nr: floor.Arch.MustNumber(call), Arch: uint32(floor.Arch.ID), Args: a})
	}
	r, err := firecrackerReach("/bin/true", []string{"--no-api", "--config-file", config("")}, nil)
	if err != nil || decide(r, "connect", 3) == filters.Allow {
		t.Errorf("firecracker without vsock: %v, connect %v", err, decide(r, "connect", 3))
	}
	r, err = firecrackerReach("/bin/true", []string{"--no-api", "--config-file", config(`,"vsock":{"guest_cid":3,"uds_path":"` + dir + `/v.sock"}`)}, nil)
	if err != nil || decide(r, "connect", 3) != filters.Allow || decide(r, "socket", unix.AF_INET) == filters.Allow {
		t.Errorf("firecracker with vsock: %v: connect %v, AF_INET %v", err, decide(r, "connect", 3), decide(r, "socket", unix.AF_INET))
	}
	_, err = firecrackerReach("/bin/true", []string{"--no-api", "--config-file", config(`,"drives":[{"drive_id":"d","path_on_host":"` + k + `","io_engine":"Async"}]`)}, nil)
	if err == nil || !strings.Contains(err.Error(), "io_engine Async is io_uring") {
		t.Errorf("firecracker with an Async drive: %v, want a refusal", err)
	}
	r, err = cloudHypervisorReach("/bin/true", []string{"--kernel", k, "--vsock", "cid=3,socket=" + dir + "/v.sock"}, nil)
	if err != nil || decide(r, "connect", 3) != filters.Allow {
		t.Errorf("cloud-hypervisor with vsock: %v, connect %v", err, decide(r, "connect", 3))
	}
}

// TestEmbeddedPoliciesCoverTheFloor: solo5-hvt's allowlists deny whatever
// the floor denies, on every architecture, so no floor is stacked on their
// KVM_RUN path; a policy that allows one of those calls is named.
func TestEmbeddedPoliciesCoverTheFloor(t *testing.T) {
	c, err := catalog(t).Catalog()
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range c.Sources {
		for _, arch := range filters.Arches {
			p, err := src.Resolve(arch)
			if err != nil {
				t.Fatal(err)
			}
			if gaps := floorGaps(p); len(gaps) > 0 {
				t.Errorf("%s for %s allows what the floor denies: %v", src.Name, arch, gaps)
			}
		}
	}
	p, _ := c.Sources[0].Resolve("amd64")
	loose := *p
	loose.Rules = append(slices.Clone(p.Rules), filters.Rule{Name: "fchmodat", Nr: p.Arch.MustNumber("fchmodat"), Action: filters.Allow})
	if gaps := floorGaps(&loose); len(gaps) != 1 || !strings.HasPrefix(gaps[0], "fchmodat") {
		t.Errorf("a policy allowing fchmodat: gaps %v, want fchmodat named", gaps)
	}
}
