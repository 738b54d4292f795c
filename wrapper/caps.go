package wrapper

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// dropCapabilities empties the calling thread's permitted, effective and
// inheritable sets, and so its ambient set (the kernel keeps it within
// both); the thread must be locked and exec next. That is all it takes:
// under no_new_privs, execve grants a program no more than the permitted
// set it had (the kernel intersects with it, as root, for a setuid-root
// binary and for one with file capabilities alike), so the bounding set is
// left alone. One capset(2) instead of 41 prctl(PR_CAPBSET_DROP) and two
// more calls, about 100 µs on these machines; it needs no CAP_SETPCAP,
// which a runtime may have dropped. e2e: caps_not_regained, caps_dropped.
func dropCapabilities() error {
	hdr := unix.CapUserHeader{Version: unix.LINUX_CAPABILITY_VERSION_3}
	var none [2]unix.CapUserData
	if err := unix.Capset(&hdr, &none[0]); err != nil {
		return fmt.Errorf("emptying the capability sets: %w", err)
	}
	return nil
}
