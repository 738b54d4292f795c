package wrapper

import (
	"errors"
	"fmt"
)

// Errors about the monitor itself, which the CLI ends with exit codes of
// their own (main.exitCode); every other error of this package is the
// wrapper's own.
var (
	ErrNotFound      = errors.New("monitor not found")
	ErrNotExecutable = errors.New("monitor not executable")
)

// The exit codes of those two, for the one place that cannot return an
// error to the CLI: an execve that fails after the filter is in place
// (exec_unsafe.go). They are the CLI's too (TestExitCodes).
const (
	ExitNotExecutable = 126
	ExitNotFound      = 127
)

// monitorError is a message about the monitor that errors.Is matches to
// its kind, ErrNotFound or ErrNotExecutable.
type monitorError struct {
	kind error
	msg  string
}

func (e *monitorError) Error() string { return e.msg }
func (e *monitorError) Unwrap() error { return e.kind }

// NotFoundf is an error saying the monitor is not found (ErrNotFound).
func NotFoundf(format string, a ...any) error {
	return &monitorError{ErrNotFound, fmt.Sprintf(format, a...)}
}

// NotExecutablef is an error saying the monitor cannot be executed
// (ErrNotExecutable).
func NotExecutablef(format string, a ...any) error {
	return &monitorError{ErrNotExecutable, fmt.Sprintf(format, a...)}
}
