package wrapper

import (
	"fmt"
	"strings"

	"golang.org/x/sys/unix"

	"urunc-seccomp-exec/abi"
	"urunc-seccomp-exec/filters"
)

// The floor: a small seccomp filter of the wrapper's own, for every monitor
// whose reach it confines but whose calls no allowlist of ours bounds
// (QEMU, Firecracker, cloud-hypervisor and solo5-spt, which filter
// themselves, and any monitor under --unconfined). Landlock governs opening
// files, not what the floor denies: changing a file's mode, owner or
// extended attributes (a root monitor made a root-owned copy of head
// setuid 4777), keyrings, SysV IPC, TCP/UDP sockets, connect to a pathname
// unix socket (Landlock from ABI 9 only), typing into the operator's
// terminal (TIOCSTI, TIOCLINUX), io_uring (its operations bypass seccomp:
// IORING_OP_SOCKET, _CONNECT, _SETXATTR), and exec after the monitor's own
// (the loader Landlock grants could run any program). It is a denylist
// whose default is allow: the monitor's own filter (or none, unconfined)
// still decides everything else. Denied calls answer EPERM, as to an
// unprivileged process, so a monitor that probes (QEMU tries io_uring
// first) goes on; exec and another ABI's calls kill, since no monitor
// has a reason for them. solo5-hvt's allowlist denies all of it already:
// no floor is stacked on its KVM_RUN path.

// floorDenied are the calls the floor answers EPERM, whatever their
// arguments (names an architecture lacks are skipped).
var floorDenied = []string{
	"chmod", "fchmod", "fchmodat", "fchmodat2",
	"chown", "fchown", "fchownat", "lchown",
	"setxattr", "lsetxattr", "fsetxattr", "setxattrat", "removexattr", "lremovexattr", "fremovexattr", "removexattrat",
	"keyctl", "add_key", "request_key",
	"shmget", "shmat", "shmctl", "shmdt", "semget", "semop", "semtimedop", "semctl", "msgget", "msgsnd", "msgrcv", "msgctl",
	"io_uring_setup", "io_uring_enter", "io_uring_register",
}

// The terminal ioctls the floor denies, compared on the low 32 bits as the
// kernel reads the request (an unsigned int): a request with high bits set
// reaches the same handler.
const (
	tiocsti   = 0x5412
	tioclinux = 0x541c
)

// always holds for every value: the exec guard's catch-all, since a call
// is either unconditional or conditional in a policy, and the guard is
// conditional.
var always = []filters.Condition{{Arg: 0, Op: filters.GreaterOrEqual, Value: 0, Width: 64}}

// FloorPolicy is the floor for arch, widened where r, the monitor's
// reach, needs it: connect where its command line names a socket it
// connects to, AF_INET and AF_INET6 sockets where it configures a tap
// through one (r.Inet).
func FloorPolicy(arch string, r *Reach) (*filters.Policy, error) {
	a, ok := abi.ForGo(arch)
	if !ok {
		return nil, fmt.Errorf("the floor: no system call table for %s", arch)
	}
	eperm := filters.Action{Kind: filters.KindErrno, Errno: uint16(unix.EPERM)}
	kill := filters.Action{Kind: filters.KindKillProcess}
	p := &filters.Policy{Arch: a, DefaultAction: filters.Allow, Hot: []string{"ioctl"}}
	add := func(name string, action filters.Action, conds ...filters.Condition) {
		if nr, ok := a.Number(name); ok {
			p.Rules = append(p.Rules, filters.Rule{Name: name, Nr: nr, Action: action, Conditions: conds, File: "the floor"})
		}
	}
	for _, request := range []uint64{tiocsti, tioclinux} {
		add("ioctl", eperm, filters.Condition{Arg: 1, Op: filters.Equal, Value: request, Width: 32})
	}
	for _, name := range floorDenied {
		add(name, eperm)
	}
	if r == nil || r.Inet == "" {
		for _, family := range []uint64{unix.AF_INET, unix.AF_INET6} {
			add("socket", eperm, filters.Condition{Arg: 0, Op: filters.Equal, Value: family, Width: 32})
		}
	}
	if r == nil || !r.connects() {
		add("connect", eperm)
	}
	add("execve", kill, always...) // after the guard WithExecGuard puts first
	add("execveat", kill)
	return p, nil
}

// connects: the command line names a unix socket the monitor connects to.
func (r *Reach) connects() bool {
	if r.Connect != "" {
		return true
	}
	for _, p := range r.Paths {
		if p.Right == Connect {
			return true
		}
	}
	return false
}

// floorProbes are calls the floor denies, one of each kind, to ask another
// policy (solo5-hvt's allowlist, with its overlays) whether it denies them
// too.
var floorProbes = []struct {
	name string
	args [6]uint64
}{
	{"fchmodat", [6]uint64{0, 0, 0o4777}}, {"fchown", [6]uint64{0, 0, 0}}, {"fsetxattr", [6]uint64{}},
	{"keyctl", [6]uint64{}}, {"shmget", [6]uint64{}}, {"io_uring_setup", [6]uint64{}},
	{"socket", [6]uint64{unix.AF_INET, unix.SOCK_STREAM}}, {"connect", [6]uint64{}},
	{"ioctl", [6]uint64{0, tiocsti}}, {"ioctl", [6]uint64{0, 0xffffffff00000000 | tiocsti}}, {"execveat", [6]uint64{}},
}

// floorGaps names what policy p allows of what the floor denies (an
// overlay or a --policy file may allow it): nothing, for the embedded
// solo5-hvt policies.
func floorGaps(p *filters.Policy) []string {
	var out []string
	for _, probe := range floorProbes {
		nr, ok := p.Arch.Number(probe.name)
		if !ok {
			continue
		}
		if p.Decide(filters.SeccompData{Nr: nr, Arch: uint32(p.Arch.ID), Args: probe.args}) == filters.Allow {
			out = append(out, fmt.Sprintf("%s%v", probe.name, probe.args[:2]))
		}
	}
	return out
}

// planFloor puts the floor under a monitor no allowlist of ours bounds,
// and says what bounds what Landlock cannot govern.
func planFloor(plan *Plan, arch string) error {
	if plan.Policy != nil {
		if gaps := floorGaps(plan.Policy); len(gaps) > 0 {
			plan.Notes = append(plan.Notes, "floor: not stacked; the policy allows what it would deny: "+strings.Join(gaps, ", "))
		} else {
			plan.Notes = append(plan.Notes, "floor: not needed: the policy denies modes, owners, xattrs, keyrings, SysV IPC, io_uring, TCP sockets, connect, TIOCSTI and exec (a UDP socket it allows cannot send)")
		}
		return nil
	}
	floor, err := FloorPolicy(arch, plan.Reach)
	if err != nil {
		return err
	}
	plan.Policy, plan.PolicyName, plan.Arch, plan.Floor = floor, "the wrapper's floor", arch, true
	plan.Notes = append(plan.Notes, describeFloor(floor)...)
	if plan.Reach.Inet != "" {
		plan.Notes = append(plan.Notes, "floor: AF_INET and AF_INET6 sockets allowed: "+plan.Reach.Inet)
	}
	if plan.Reach.connects() {
		plan.Notes = append(plan.Notes, "floor: connect allowed: the command line names a socket the monitor connects to"+
			because(plan.Reach.Connect)+" (Landlock governs which from ABI 9)")
	}
	return nil
}

// describeFloor says what the floor denies, for --dry-run -v and check.
func describeFloor(p *filters.Policy) []string {
	var denied, killed []string
	for _, r := range p.Rules {
		what := r.Name
		switch r.Name {
		case "ioctl":
			what = fmt.Sprintf("ioctl %#x", r.Conditions[0].Value)
		case "socket":
			what = fmt.Sprintf("socket(family %d)", r.Conditions[0].Value)
		}
		if r.Action.Kind == filters.KindErrno {
			denied = append(denied, what)
		} else {
			killed = append(killed, what)
		}
	}
	return []string{
		"floor: a filter of the wrapper's own under the monitor's, for what Landlock does not govern: EPERM for " + strings.Join(denied, " "),
		"floor: killed: " + strings.Join(killed, ", ") + " (after the wrapper's own execve of the monitor), and every call of another ABI",
	}
}

// because is ": why", or nothing when why is empty.
func because(why string) string {
	if why == "" {
		return ""
	}
	return ": " + why
}
