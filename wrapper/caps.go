package wrapper

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// Capability is one Linux capability a monitor keeps, and why.
type Capability struct {
	Number int
	Name   string
	Why    string
}

// CapNetAdmin attaches a tap owned by another user (TUNSETIFF).
var CapNetAdmin = Capability{unix.CAP_NET_ADMIN, "CAP_NET_ADMIN", "--net: names a tap another user owns"}

// tapNeedsNetAdmin says whether attaching the existing tap needs
// CAP_NET_ADMIN: only when it has an owner or group that is not the
// caller's (tun_not_capable in drivers/net/tun.c). Measured: solo5-hvt
// v0.9.3 and v0.12.1 attach an ownerless tap and answer pings with no
// capability at all (v0.12.1's SIOCETHTOOL, which fails then, is
// optional to it). Creating a tap, changing links or addresses over
// netlink, and ethtool settings all need it, so it is kept only then; and
// when /sys does not say (urunc's monitor root has no /sys).
func tapNeedsNetAdmin(iface string) bool {
	owner, err := os.ReadFile("/sys/class/net/" + iface + "/owner")
	if err != nil {
		return true
	}
	group, err := os.ReadFile("/sys/class/net/" + iface + "/group")
	if err != nil {
		return true
	}
	if o := strings.TrimSpace(string(owner)); o != "-1" && o != strconv.Itoa(os.Geteuid()) {
		return true
	}
	g := strings.TrimSpace(string(group))
	if g == "-1" || g == strconv.Itoa(os.Getegid()) {
		return false
	}
	groups, _ := os.Getgroups()
	n, err := strconv.Atoi(g)
	return err != nil || !slices.Contains(groups, n)
}

// dropCapabilities leaves the calling thread, which must be locked and will
// execve next, with nothing to hand a program but keep: under no_new_privs a
// program exec'd as root still gets every capability in the bounding set,
// so the bounding set is emptied (but for keep), and the inheritable and
// ambient sets cleared. Emptying it needs CAP_SETPCAP. Not as root that
// matters not: execve grants a non-root program no capability under
// no_new_privs. As root without it (a runtime that dropped it), left lists
// what stays in the bounding set, which the monitor will get.
func dropCapabilities(keep []Capability) (left []int, err error) {
	kept := map[int]bool{}
	for _, c := range keep {
		kept[c.Number] = true
	}
	// Ambient (Linux 4.3): cleared; EINVAL on an older kernel, which has none.
	if err := unix.Prctl(unix.PR_CAP_AMBIENT, unix.PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0); err != nil && !errors.Is(err, unix.EINVAL) {
		return nil, fmt.Errorf("clearing the ambient capabilities: %v", err)
	}
	for c := 0; c < 64; c++ {
		if kept[c] {
			continue
		}
		if err := unix.Prctl(unix.PR_CAPBSET_DROP, uintptr(c), 0, 0, 0); errors.Is(err, unix.EINVAL) {
			break // past the kernel's last capability
		} else if errors.Is(err, unix.EPERM) {
			if os.Geteuid() != 0 {
				return nil, nil // not root: nothing a program could get
			}
			return boundingSet(keep), nil
		} else if err != nil {
			return nil, fmt.Errorf("dropping capability %d from the bounding set: %v", c, err)
		}
	}
	hdr := unix.CapUserHeader{Version: unix.LINUX_CAPABILITY_VERSION_3}
	var data [2]unix.CapUserData
	if err := unix.Capget(&hdr, &data[0]); err != nil {
		return nil, fmt.Errorf("capget: %v", err)
	}
	data[0].Inheritable, data[1].Inheritable = 0, 0
	if err := unix.Capset(&hdr, &data[0]); err != nil {
		return nil, fmt.Errorf("clearing the inheritable capabilities: %v", err)
	}
	return nil, nil
}

// boundingSet lists the capabilities in the calling thread's bounding set,
// but keep.
func boundingSet(keep []Capability) []int {
	var out []int
	for c := 0; c < 64; c++ {
		in, err := unix.PrctlRetInt(unix.PR_CAPBSET_READ, uintptr(c), 0, 0, 0)
		if err != nil {
			break // past the last capability
		}
		if in == 1 && !slices.ContainsFunc(keep, func(k Capability) bool { return k.Number == c }) {
			out = append(out, c)
		}
	}
	return out
}

// CanDropCapabilities says whether this process, if root, can empty the
// bounding set before it execs a monitor (it needs CAP_SETPCAP), and if
// not, which capabilities a monitor would keep.
func CanDropCapabilities() (ok bool, left []int) {
	if os.Geteuid() != 0 {
		return true, nil
	}
	hdr := unix.CapUserHeader{Version: unix.LINUX_CAPABILITY_VERSION_3}
	var data [2]unix.CapUserData
	if err := unix.Capget(&hdr, &data[0]); err == nil && data[0].Effective&(1<<unix.CAP_SETPCAP) != 0 {
		return true, nil
	}
	return false, boundingSet(nil)
}
