package wrapper

import (
	"fmt"
	"runtime"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"

	"urunc-seccomp-exec/filters"
)

// Install-and-exec. The filter goes on this thread only, right before
// execve, and is inherited across it; the other Go threads die at execve.
// With SECCOMP_FILTER_FLAG_TSYNC (what go-seccomp-bpf's LoadFilter does)
// every Go runtime thread is filtered and dies whenever it calls futex,
// nanosleep or clone: 1,842 of 3,000 wrapped runs were killed that way
// (reference, section 1). Between seccomp(2) and execve(2) nothing may
// allocate, block or make another system call.

// Error is a failure of the wrapper, with the exit code to use: 125 its own error, 126 monitor not executable, 127 monitor not found.
type Error struct {
	Code int
	Err  error
}

func (e *Error) Error() string { return e.Err.Error() }

// Errorf is an error that ends the wrapper with code (125, 126, 127).
func Errorf(code int, format string, a ...any) error {
	return &Error{code, fmt.Errorf(format, a...)}
}

// ExecFiltered compiles policy with a guard that allows exactly this
// execve, installs it on the calling thread and execve's path in place.
// It returns only on failure, before anything was executed.
func ExecFiltered(path string, argv, env []string, policy *filters.Policy) error {
	pathp, argvp, envp, err := execArgs(path, argv, env)
	if err != nil {
		return err
	}
	guarded := WithExecGuard(policy, uintptr(unsafe.Pointer(pathp)),
		uintptr(unsafe.Pointer(&argvp[0])), uintptr(unsafe.Pointer(&envp[0])))
	prog, err := filters.Compile(guarded)
	if err != nil {
		return Errorf(125, "%w", err)
	}
	raw, err := prog.Raw()
	if err != nil {
		return Errorf(125, "assembling the filter: %v", err)
	}
	filter := make([]unix.SockFilter, len(raw))
	for i, in := range raw {
		filter[i] = unix.SockFilter{Code: in.Op, Jt: in.Jt, Jf: in.Jf, K: in.K}
	}
	fprog := &unix.SockFprog{Len: uint16(len(filter)), Filter: &filter[0]}
	msg := new(failureMessage)
	msg.init(path)

	// Never unlocked: if execve fails, this thread carries the filter and
	// the process must end from it.
	runtime.LockOSThread()
	stage, errno := installAndExec(fprog, pathp, &argvp[0], &envp[0], msg)
	runtime.KeepAlive(filter)
	runtime.KeepAlive(argvp)
	runtime.KeepAlive(envp)
	switch stage {
	case stageNoNewPrivs:
		return Errorf(125, "prctl(PR_SET_NO_NEW_PRIVS): %v", errno)
	case stageSeccomp:
		return Errorf(125, "installing the filter with seccomp(2): %v (is the kernel built with CONFIG_SECCOMP_FILTER?)", errno)
	}
	panic("unreachable: installAndExec returned after execve") // it exits the process itself
}

// ExecUnfiltered execve's path in place with no filter of ours.
func ExecUnfiltered(path string, argv, env []string) error {
	if err := syscall.Exec(path, argv, env); err != nil {
		return Errorf(execFailureCode(err), "execve %s: %v", path, err)
	}
	return nil
}

func execArgs(path string, argv, env []string) (*byte, []*byte, []*byte, error) {
	pathp, err := unix.BytePtrFromString(path)
	if err != nil {
		return nil, nil, nil, Errorf(125, "monitor path %q: %v", path, err)
	}
	argvp, err := syscall.SlicePtrFromStrings(argv)
	if err != nil {
		return nil, nil, nil, Errorf(125, "an argument holds a NUL byte: %v", err)
	}
	envp, err := syscall.SlicePtrFromStrings(env)
	if err != nil {
		return nil, nil, nil, Errorf(125, "an environment variable holds a NUL byte: %v", err)
	}
	return pathp, argvp, envp, nil
}

// WithExecGuard returns a copy of policy that allows execve only with these
// exact pathname, argv and envp pointers: the wrapper's own call. The
// monitor's address space, after execve, has other pointers, so it cannot
// exec anything unless it rebuilds that exact memory layout on purpose.
// A policy that allows execve unconditionally is left as written.
func WithExecGuard(policy *filters.Policy, path, argv, envp uintptr) *filters.Policy {
	nr := uint32(policy.Arch.SyscallNames["execve"])
	for _, r := range policy.RulesFor(nr) {
		if len(r.Conditions) == 0 {
			return policy
		}
	}
	guard := filters.Rule{Name: "execve", Nr: nr, Action: filters.Allow, Conditions: []filters.Condition{
		{Arg: 0, Op: filters.Equal, Value: uint64(path), Width: 64},
		{Arg: 1, Op: filters.Equal, Value: uint64(argv), Width: 64},
		{Arg: 2, Op: filters.Equal, Value: uint64(envp), Width: 64},
	}}
	out := *policy
	out.Rules = append([]filters.Rule{guard}, policy.Rules...)
	return &out
}

func execFailureCode(err error) int {
	switch err {
	case unix.ENOENT, unix.ENOTDIR:
		return 127
	case unix.EACCES, unix.ENOEXEC, unix.EISDIR, unix.EPERM, unix.ETXTBSY:
		return 126
	}
	return 126
}

const (
	stageNoNewPrivs = 1
	stageSeccomp    = 2
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

// installAndExec is the whole window between filter and exec. It is
// nosplit, so the Go scheduler cannot preempt it (no futex, no signal-driven
// rescheduling), and makes raw system calls only.
//
//go:nosplit
func installAndExec(prog *unix.SockFprog, path *byte, argv, envp **byte, msg *failureMessage) (stage int, errno syscall.Errno) {
	// no_new_privs: required for an unprivileged seccomp(2), and a setuid
	// binary exec'd later gains nothing.
	if _, _, e := syscall.RawSyscall(unix.SYS_PRCTL, unix.PR_SET_NO_NEW_PRIVS, 1, 0); e != 0 {
		return stageNoNewPrivs, e
	}
	// flags 0: this thread only (no TSYNC, see above).
	if _, _, e := syscall.RawSyscall(unix.SYS_SECCOMP, unix.SECCOMP_SET_MODE_FILTER, 0, uintptr(unsafe.Pointer(prog))); e != 0 {
		return stageSeccomp, e
	}
	_, _, e := syscall.RawSyscall(unix.SYS_EXECVE, uintptr(unsafe.Pointer(path)), uintptr(unsafe.Pointer(argv)), uintptr(unsafe.Pointer(envp)))
	// Still here: execve failed under the filter. Report and exit from
	// this thread with raw calls; if the policy denies write or
	// exit_group, its default action ends the process instead.
	n := msg.n
	n += formatErrno(msg.buf[n:], uint(e))
	msg.buf[n] = '\n'
	syscall.RawSyscall(unix.SYS_WRITE, 2, uintptr(unsafe.Pointer(&msg.buf[0])), uintptr(n+1))
	code := uintptr(126)
	if e == unix.ENOENT || e == unix.ENOTDIR {
		code = 127
	}
	syscall.RawSyscall(unix.SYS_EXIT_GROUP, code, 0, 0)
	return 0, e
}

//go:nosplit
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
