package wrapper

import (
	"errors"
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// dropCapabilities leaves the calling thread, which must be locked and will
// execve next, with no capability to hand a program: under no_new_privs a
// program exec'd as root still gets every capability in the bounding set,
// so the bounding set is emptied, and the inheritable and ambient sets
// cleared. Emptying it needs CAP_SETPCAP. Not as root that matters not:
// execve grants a non-root program no capability under no_new_privs. As
// root without it (a runtime that dropped it), left lists what stays in
// the bounding set, which the monitor will get.
func dropCapabilities() (left []int, err error) {
	// Ambient (Linux 4.3): cleared; EINVAL on an older kernel, which has none.
	if err := unix.Prctl(unix.PR_CAP_AMBIENT, unix.PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0); err != nil && !errors.Is(err, unix.EINVAL) {
		return nil, fmt.Errorf("clearing the ambient capabilities: %w", err)
	}
	for c := 0; c < 64; c++ {
		if err := unix.Prctl(unix.PR_CAPBSET_DROP, uintptr(c), 0, 0, 0); errors.Is(err, unix.EINVAL) {
			break // past the kernel's last capability
		} else if errors.Is(err, unix.EPERM) {
			if os.Geteuid() != 0 {
				return nil, nil // not root: nothing a program could get
			}
			return boundingSet(), nil
		} else if err != nil {
			return nil, fmt.Errorf("dropping capability %d from the bounding set: %w", c, err)
		}
	}
	hdr := unix.CapUserHeader{Version: unix.LINUX_CAPABILITY_VERSION_3}
	var data [2]unix.CapUserData
	if err := unix.Capget(&hdr, &data[0]); err != nil {
		return nil, fmt.Errorf("capget: %w", err)
	}
	data[0].Inheritable, data[1].Inheritable = 0, 0
	if err := unix.Capset(&hdr, &data[0]); err != nil {
		return nil, fmt.Errorf("clearing the inheritable capabilities: %w", err)
	}
	return nil, nil
}

// boundingSet lists the capabilities in the calling thread's bounding set.
func boundingSet() []int {
	var out []int
	for c := 0; c < 64; c++ {
		in, err := unix.PrctlRetInt(unix.PR_CAPBSET_READ, uintptr(c), 0, 0, 0)
		if err != nil {
			break // past the last capability
		}
		if in == 1 {
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
	return false, boundingSet()
}
