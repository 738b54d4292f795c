// Package recorder runs a program under ptrace and records every system
// call that it, its threads and its children make, from its execve to the
// exit of the last of them.
package recorder

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Call is one distinct system call: the ABI it was made with (an
// AUDIT_ARCH_* value, as seccomp sees it), its number, and the arguments
// that ArgsToKeep asked for (the others are zero).
type Call struct {
	Arch uint32
	Nr   uint32
	Args [6]uint64
}

// ArgsToKeep returns, per argument, the bits of a call's arguments to record:
// 0 drops an argument, 0xffffffff keeps its low 32 bits, ^0 all of it.
// Recording only what a policy can check keeps the set of distinct calls
// small (mmap addresses differ on every run).
type ArgsToKeep func(arch, nr uint32) [6]uint64

// Recording counts each distinct call.
type Recording map[Call]int

// Add merges another recording into r.
func (r Recording) Add(o Recording) {
	for c, n := range o {
		r[c] += n
	}
}

// Run starts argv[0] (searched in PATH) with the given standard streams
// and this process's environment, traces it and every task it creates, and
// returns the calls and the wait status of the program itself. Signals
// reach the program as without the tracer, so its behaviour and exit
// status are its own.
func Run(argv []string, stdin, stdout, stderr *os.File, keep ArgsToKeep) (Recording, unix.WaitStatus, error) {
	// Every ptrace request must come from the thread that is the tracer.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()

	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = stdin, stdout, stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Ptrace: true}
	if err := cmd.Start(); err != nil {
		return nil, 0, err
	}
	pid := cmd.Process.Pid
	defer cmd.Process.Release() // reaped below with wait4, not by os/exec
	defer forwardSignals(pid)()
	var ws unix.WaitStatus
	// The first stop: SIGTRAP right after its execve.
	if _, err := unix.Wait4(pid, &ws, unix.WALL, nil); err != nil || !ws.Stopped() {
		unix.Kill(pid, unix.SIGKILL)
		return nil, ws, fmt.Errorf("%s did not stop after execve (status %#x, %w)", argv[0], ws, err)
	}
	opts := unix.PTRACE_O_TRACESYSGOOD | unix.PTRACE_O_TRACECLONE | unix.PTRACE_O_TRACEFORK |
		unix.PTRACE_O_TRACEVFORK | unix.PTRACE_O_TRACEEXEC | unix.PTRACE_O_EXITKILL
	if err := unix.PtraceSetOptions(pid, opts); err != nil {
		unix.Kill(pid, unix.SIGKILL)
		return nil, ws, fmt.Errorf("ptrace options: %w", err)
	}
	rec := Recording{}
	var status unix.WaitStatus
	started := map[int]bool{pid: true} // tasks whose first stop was seen
	if err := unix.PtraceSyscall(pid, 0); err != nil {
		unix.Kill(pid, unix.SIGKILL)
		return nil, 0, fmt.Errorf("ptrace: %w", err)
	}
	for {
		tid, err := waitStop(&ws)
		if errors.Is(err, unix.ECHILD) {
			return rec, status, nil // every task has ended
		} else if err != nil {
			return nil, 0, err
		}
		if ws.Exited() || ws.Signaled() {
			if tid == pid {
				status = ws
			}
			continue
		}
		if !ws.Stopped() {
			continue
		}
		inject := 0
		switch sig := ws.StopSignal(); {
		case sig == unix.SIGTRAP|0x80: // a syscall stop (PTRACE_O_TRACESYSGOOD)
			if err := record(tid, rec, keep); err != nil && !errors.Is(err, unix.ESRCH) {
				unix.Kill(pid, unix.SIGKILL)
				return nil, 0, err
			}
		case sig == unix.SIGTRAP && ws.TrapCause() > 0: // clone, fork, exec events
		case sig == unix.SIGSTOP && !started[tid]:
			// A new task's first stop is the tracer's, not a signal.
		default:
			// A signal for the program: deliver it. A group stop (no
			// siginfo) is resumed: a traceme tracee cannot be held in it.
			var siginfo [128]byte
			if ptrace(unix.PTRACE_GETSIGINFO, tid, 0, unsafe.Pointer(&siginfo)) == nil {
				inject = int(sig)
			}
		}
		started[tid] = true
		// ESRCH: the task was killed meanwhile (exit_group of another thread).
		if err := unix.PtraceSyscall(tid, inject); err != nil && !errors.Is(err, unix.ESRCH) {
			unix.Kill(pid, unix.SIGKILL)
			return nil, 0, fmt.Errorf("ptrace resume %d: %w", tid, err)
		}
	}
}

// forwardSignals keeps the tracer alive while the program runs: SIGTERM
// and SIGHUP sent to it go to the program, and SIGINT and SIGQUIT (which a
// terminal sends the program too) are let pass. Handlers, unlike ignored
// signals, do not reach the program through execve. It returns the undo.
func forwardSignals(pid int) func() {
	ch := make(chan os.Signal, 4)
	signal.Notify(ch, unix.SIGTERM, unix.SIGHUP, unix.SIGINT, unix.SIGQUIT)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case s := <-ch:
				if s == unix.SIGTERM || s == unix.SIGHUP {
					unix.Kill(pid, s.(unix.Signal))
				}
			case <-done:
				return
			}
		}
	}()
	return func() {
		signal.Stop(ch)
		close(done)
	}
}

// waitStop waits for any traced task to stop or end.
func waitStop(ws *unix.WaitStatus) (int, error) {
	for {
		tid, err := unix.Wait4(-1, ws, unix.WALL, nil)
		if !errors.Is(err, unix.EINTR) {
			return tid, err
		}
	}
}

// syscallInfo is struct ptrace_syscall_info (Linux 5.3), entry form.
type syscallInfo struct {
	Op   uint8
	_    [3]uint8
	Arch uint32
	IP   uint64
	SP   uint64
	Nr   uint64
	Args [6]uint64
	_    [2]uint32 // seccomp ret_data and padding
}

// record adds the call a task is entering; exit stops are ignored.
func record(tid int, rec Recording, keep ArgsToKeep) error {
	var info syscallInfo
	if err := ptrace(unix.PTRACE_GET_SYSCALL_INFO, tid, unsafe.Sizeof(info), unsafe.Pointer(&info)); err != nil {
		return fmt.Errorf("PTRACE_GET_SYSCALL_INFO (Linux 5.3 or later): %w", err)
	}
	if info.Op != unix.PTRACE_SYSCALL_INFO_ENTRY {
		return nil
	}
	c := Call{Arch: info.Arch, Nr: uint32(info.Nr)}
	mask := keep(c.Arch, c.Nr)
	for i := range c.Args {
		c.Args[i] = info.Args[i] & mask[i]
	}
	rec[c]++
	return nil
}

// ptrace makes the requests x/sys/unix has no function for.
func ptrace(req, tid int, addr uintptr, data unsafe.Pointer) error {
	_, _, e := unix.Syscall6(unix.SYS_PTRACE, uintptr(req), uintptr(tid), addr, uintptr(data), 0, 0)
	if e != 0 {
		return e
	}
	return nil
}
