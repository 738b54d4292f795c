package wrapper

import (
	"syscall"

	"golang.org/x/sys/unix"

	"urunc-seccomp-exec/filters"
)

// Install-and-exec. The filter goes on this thread only, right before
// execve, and is inherited across it; the other Go threads end at execve.
// With SECCOMP_FILTER_FLAG_TSYNC (what go-seccomp-bpf's LoadFilter and
// urunc do) every Go runtime thread is filtered and dies whenever it calls
// futex, nanosleep or clone before the exec: measured on Linux 6.18, 1,842
// of 3,000 wrapped runs of /bin/true were killed that way. The window from
// seccomp(2) to execve(2) is in exec_unsafe.go.

// ExecFiltered compiles policy with a guard that allows exactly this
// execve, restricts the calling thread to reach (Landlock and capabilities;
// nil: neither), installs the filter on it and execve's path in place. It returns only
// on failure, before anything was executed.
func ExecFiltered(path string, argv, env []string, policy *filters.Policy, reach *Reach) error {
	w, err := newWindow(path, argv, env)
	if err != nil {
		return err
	}
	if reach != nil {
		if w.landlockFD, w.landlockFlags, _, err = reach.Ruleset(); err != nil {
			return Errorf(ExitWrapper, "%v", err)
		}
		w.dropCaps, w.keepCaps = true, reach.Capabilities
	}
	pathp, argvp, envp := w.execPointers()
	prog, err := filters.Compile(WithExecGuard(policy, pathp, argvp, envp))
	if err != nil {
		return Errorf(ExitWrapper, "%w", err)
	}
	raw, err := prog.Raw()
	if err != nil {
		return Errorf(ExitWrapper, "assembling the filter: %v", err)
	}
	filter := make([]unix.SockFilter, len(raw))
	for i, in := range raw {
		filter[i] = unix.SockFilter{Code: in.Op, Jt: in.Jt, Jf: in.Jf, K: in.K}
	}
	return w.installAndExec(filter)
}

// ExecUnfiltered execve's path in place with no filter of ours, with the
// signal dispositions and mask the monitor gets from ExecFiltered too.
func ExecUnfiltered(path string, argv, env []string) error {
	lockForExec()
	if err := syscall.Exec(path, argv, env); err != nil {
		return Errorf(execFailureCode(err), "execve %s: %v", path, err)
	}
	return nil
}

// execFailureCode is the exit code for an execve that failed with errno e.
func execFailureCode(e error) int {
	if e == unix.ENOENT || e == unix.ENOTDIR {
		return ExitNotFound
	}
	return ExitNotExecutable
}
