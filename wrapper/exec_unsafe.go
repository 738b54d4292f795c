package wrapper

import (
	"fmt"
	"runtime"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// The raw window: no_new_privs, Landlock, seccomp(2) and execve(2), with
// nothing in between. From seccomp(2) on, any system call the policy lacks
// kills the process, the policy is the operator's (it may lack even
// rt_sigreturn), and the Go runtime must not get a chance to make one.
// Preconditions:
//
//   - The goroutine is locked to its thread (lockForExec), never unlocked:
//     the filter, the Landlock domain, the capability sets and the signal
//     mask restored are all this thread's, and execve hands them on.
//   - Go's signal handlers are reset to SIG_DFL and the signal mask the
//     process was started with is restored (lockForExec, by the runtime
//     hook Go's own fork-and-exec calls in the child). No Go handler can
//     then run under the filter. Measured before this: a process-directed
//     SIGURG, SIGCHLD or SIGWINCH storm killed 216 to 245 of 300 wrapped
//     runs at the handler's rt_sigreturn, and one SIGTERM a run, at
//     offsets spread over start-up, 29 of 2,000 (the runtime's exit path
//     ended them, not SIGTERM): e2e test signal_window. A signal in the
//     window now acts as on the freshly exec'd monitor: ignored, or it ends
//     the process. Async preemption needs no switch: its signal is ignored.
//   - The capabilities are dropped (dropCapabilities, Go calls before the
//     window) and everything is allocated before: argv, envp, the filter,
//     the Landlock ruleset and the failure message. installAndExec is
//     nosplit (no stack growth, no preemption point) and makes raw system
//     calls only.
//   - The filter allows execve with exactly these pointers (WithExecGuard).

// restoreSignalsForExec resets Go's signal handlers to SIG_DFL and restores
// the thread's signal mask to the one the process started with; Go calls it
// in a forked child right before execve. SIGHUP and SIGINT ignored at start
// stay ignored; another signal ignored at start (SIGPIPE) comes back as
// SIG_DFL, since Go put its handler over it and keeps the old disposition
// private: the same as for Go's own children, and for the monitor when
// urunc (Go) execs it directly. Its signature is kept stable for outside
// callers: https://go.dev/issue/67401 ("Do not remove or change the type
// signature").
//
//go:linkname restoreSignalsForExec syscall.runtime_AfterForkInChild
func restoreSignalsForExec()

// lockForExec pins the goroutine to its thread for good and prepares the
// thread's signals for execve (see the preconditions above). After it,
// the process must exec or exit: Go no longer handles signals.
func lockForExec() {
	runtime.LockOSThread()
	restoreSignalsForExec()
}

// window holds what the raw window uses, allocated before it opens.
type window struct {
	path          *byte
	argv, envp    []*byte
	msg           failureMessage
	landlockFD    int // a Landlock ruleset to enforce; -1: none
	landlockFlags uint32
	dropCaps      bool // empty the thread's capability sets
}

func newWindow(path string, argv, env []string) (*window, error) {
	w := &window{landlockFD: -1}
	var err error
	if w.path, err = unix.BytePtrFromString(path); err != nil {
		return nil, fmt.Errorf("monitor path %q: %w", path, err)
	}
	if w.argv, err = syscall.SlicePtrFromStrings(argv); err != nil {
		return nil, fmt.Errorf("an argument holds a NUL byte: %w", err)
	}
	if w.envp, err = syscall.SlicePtrFromStrings(env); err != nil {
		return nil, fmt.Errorf("an environment variable holds a NUL byte: %w", err)
	}
	w.msg.init(path)
	return w, nil
}

// execPointers are execve's three arguments, for WithExecGuard.
func (w *window) execPointers() (path, argv, envp uintptr) {
	return uintptr(unsafe.Pointer(w.path)), uintptr(unsafe.Pointer(&w.argv[0])), uintptr(unsafe.Pointer(&w.envp[0]))
}

// open opens the window (installAndExec): it returns only if
// no_new_privs, Landlock or the filter could not be set, before anything
// was executed. No filter (nil): no seccomp(2), the rest as with one.
func (w *window) open(filter []unix.SockFilter) error {
	var prog *unix.SockFprog
	if len(filter) > 0 {
		prog = &unix.SockFprog{Len: uint16(len(filter)), Filter: &filter[0]}
	}
	lockForExec()
	if w.dropCaps { // per thread, so on the one that execs; a Go call, before the window
		if err := dropCapabilities(); err != nil {
			return err
		}
	}
	stage, errno := installAndExec(prog, w.landlockFD, w.landlockFlags, w.path, &w.argv[0], &w.envp[0], &w.msg)
	runtime.KeepAlive(filter)
	runtime.KeepAlive(w)
	switch stage {
	case stageNoNewPrivs:
		return fmt.Errorf("prctl(PR_SET_NO_NEW_PRIVS): %w", errno)
	case stageLandlock:
		return fmt.Errorf("landlock_restrict_self(2): %w", errno)
	case stageSeccomp:
		return fmt.Errorf("installing the filter with seccomp(2): %w (is the kernel built with CONFIG_SECCOMP_FILTER?)", errno)
	}
	panic("unreachable: installAndExec returned after execve") // it exits the process itself
}

const (
	stageNoNewPrivs = 1
	stageLandlock   = 2
	stageSeccomp    = 3
)

// failureMessage is written if execve fails after the filter is in place.
// It is built before, since nothing may allocate after seccomp(2).
type failureMessage struct {
	buf [512]byte
	n   int
}

func (m *failureMessage) init(path string) {
	m.n = copy(m.buf[:], fmt.Sprintf("urunc-seccomp-exec: execve %s failed after the filter was installed: errno ", path))
	if m.n > len(m.buf)-8 {
		m.n = len(m.buf) - 8
	}
}

// installAndExec is the whole window between filter and exec. nosplit and
// norace, as gVisor's seccomp_unsafe.go: no stack growth, no preemption
// point, and no race-detector calls (which are Go calls) in it.
//
//go:nosplit
//go:norace
func installAndExec(prog *unix.SockFprog, landlockFD int, landlockFlags uint32, path *byte, argv, envp **byte, msg *failureMessage) (stage int, errno syscall.Errno) {
	// no_new_privs: required for an unprivileged seccomp(2) and Landlock,
	// and a setuid binary exec'd later gains nothing.
	if _, _, e := syscall.RawSyscall(unix.SYS_PRCTL, unix.PR_SET_NO_NEW_PRIVS, 1, 0); e != 0 {
		return stageNoNewPrivs, e
	}
	// Landlock on this thread only: execve keeps it (its ruleset fd is
	// close-on-exec).
	if landlockFD >= 0 {
		if _, _, e := syscall.RawSyscall(unix.SYS_LANDLOCK_RESTRICT_SELF, uintptr(landlockFD), uintptr(landlockFlags), 0); e != 0 {
			return stageLandlock, e
		}
	}
	// flags 0: this thread only (no TSYNC, see exec.go). No program:
	// --unconfined, no filter of ours.
	if prog != nil {
		if _, _, e := syscall.RawSyscall(unix.SYS_SECCOMP, unix.SECCOMP_SET_MODE_FILTER, 0, uintptr(unsafe.Pointer(prog))); e != 0 {
			return stageSeccomp, e
		}
	}
	_, _, e := syscall.RawSyscall(unix.SYS_EXECVE, uintptr(unsafe.Pointer(path)), uintptr(unsafe.Pointer(argv)), uintptr(unsafe.Pointer(envp)))
	// Still here: execve failed under the filter. Report and exit from
	// this thread with raw calls; if the policy denies write or
	// exit_group, its default action ends the process instead.
	n := msg.n
	n += formatErrno(msg.buf[n:], uint(e))
	msg.buf[n] = '\n'
	syscall.RawSyscall(unix.SYS_WRITE, 2, uintptr(unsafe.Pointer(&msg.buf[0])), uintptr(n+1))
	code := uintptr(ExitNotExecutable)
	if e == unix.ENOENT || e == unix.ENOTDIR {
		code = ExitNotFound
	}
	syscall.RawSyscall(unix.SYS_EXIT_GROUP, code, 0, 0)
	return 0, e
}

//go:nosplit
//go:norace
func formatErrno(b []byte, e uint) int {
	var digits [8]byte
	i := len(digits)
	for {
		i--
		digits[i] = byte('0' + e%10)
		e /= 10
		if e == 0 || i == 0 {
			break
		}
	}
	return copy(b, digits[i:])
}
