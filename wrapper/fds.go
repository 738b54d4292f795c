package wrapper

import (
	"errors"
	"fmt"
	"math"

	"golang.org/x/sys/unix"
)

// keepOnlyFds marks every descriptor from 3 up close-on-exec but those in
// keep, so that the monitor inherits its standard streams and what its
// command line names, not whatever the runtime happened to leave open (an
// open /etc/shadow, a socket, a log it could rewrite). Close-on-exec, not
// closed: the Go runtime's own descriptors stay usable until execve.
func keepOnlyFds(keep []int) error {
	if err := unix.CloseRange(3, math.MaxUint32, unix.CLOSE_RANGE_CLOEXEC); err != nil {
		// Before Linux 5.11: one fcntl a descriptor, up to the limit.
		var lim unix.Rlimit
		if err := unix.Getrlimit(unix.RLIMIT_NOFILE, &lim); err != nil {
			return fmt.Errorf("reading RLIMIT_NOFILE to close inherited descriptors: %w", err)
		}
		for fd := 3; uint64(fd) < min(lim.Cur, 1<<20); fd++ {
			unix.FcntlInt(uintptr(fd), unix.F_SETFD, unix.FD_CLOEXEC)
		}
	}
	for _, fd := range keep {
		if _, err := unix.FcntlInt(uintptr(fd), unix.F_SETFD, 0); err != nil && !errors.Is(err, unix.EBADF) {
			return fmt.Errorf("keeping descriptor %d for the monitor: %w", fd, err)
		}
	}
	return nil
}
