package wrapper

import (
	"fmt"
	"slices"
	"syscall"

	"golang.org/x/sys/unix"
)

// Install-and-exec. The filter goes on this thread only, right before
// execve, and is inherited across it; the other Go threads end at execve.
// With SECCOMP_FILTER_FLAG_TSYNC (what go-seccomp-bpf's LoadFilter and
// urunc do) every Go runtime thread is filtered and dies whenever it calls
// futex, nanosleep or clone before the exec: measured on Linux 6.18, 1,842
// of 3,000 wrapped runs of /bin/true were killed that way. The window from
// seccomp(2) to execve(2) is in exec_unsafe.go.

// ExecFiltered confines the calling thread as the plan says and execve's
// the monitor in place: the plan's reach (taps attached, inherited
// descriptors but the kept ones closed at execve, RLIMIT_FSIZE, Landlock
// and no capabilities; nil: none of these), and the plan's filter with a
// guard that allows exactly this execve (nil: no filter, --unconfined). It
// returns only on failure, before anything was executed.
func ExecFiltered(plan *Plan, env []string) error {
	argv, reach := plan.Argv, plan.Reach
	var keep []int
	if reach != nil {
		argv = slices.Clone(argv)
		taps, err := attachTaps(argv[1:], reach.Taps)
		if err != nil {
			return err
		}
		for fd := 3; fd < 3+plan.PreserveFds; fd++ {
			keep = append(keep, fd)
		}
		keep = append(append(keep, reach.Fds...), taps...)
	}
	w, err := newWindow(plan.Path, argv, env)
	if err != nil {
		return err
	}
	if reach != nil {
		if err := reach.createFiles(); err != nil {
			return err
		}
		if w.landlockFD, w.landlockFlags, _, err = reach.Ruleset(); err != nil {
			return err
		}
		if err := keepOnlyFds(keep); err != nil {
			return err
		}
		if n := reach.FileSizeLimit; n > 0 {
			if err := unix.Setrlimit(unix.RLIMIT_FSIZE, &unix.Rlimit{Cur: uint64(n), Max: uint64(n)}); err != nil {
				return fmt.Errorf("setting RLIMIT_FSIZE to the largest block image (%d bytes): %w", n, err)
			}
		}
		w.dropCaps = true
	}
	var filter []unix.SockFilter
	pathp, argvp, envp := w.execPointers()
	switch {
	case plan.Policy == nil:
	case plan.Program != nil:
		filter = plan.Program.Patched(pathp, argvp, envp)
	default:
		if filter, err = compileGuarded(plan.Policy, pathp, argvp, envp); err != nil {
			return err
		}
	}
	return w.open(filter)
}

// ExecUnfiltered execve's path in place with no filter of ours, with the
// signal dispositions and mask the monitor gets from ExecFiltered too.
func ExecUnfiltered(path string, argv, env []string) error {
	lockForExec()
	if err := syscall.Exec(path, argv, env); err != nil {
		if err == unix.ENOENT || err == unix.ENOTDIR {
			return NotFoundf("execve %s: %v", path, err)
		}
		return NotExecutablef("execve %s: %v", path, err)
	}
	return nil
}
