package wrapper

import "fmt"

// The wrapper's own exit codes (as runc and podman use them); otherwise the
// monitor's status passes through.
const (
	ExitWrapper       = 125 // the wrapper's own error: a flag, a policy, the filter install
	ExitNotExecutable = 126 // the monitor exists but cannot be executed
	ExitNotFound      = 127 // no monitor at that path or in PATH
)

// Error is a failure of the wrapper with the exit code to end with.
type Error struct {
	Code int
	Err  error
}

func (e *Error) Error() string { return e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// Errorf is an error that ends the wrapper with code (ExitWrapper,
// ExitNotExecutable, ExitNotFound).
func Errorf(code int, format string, a ...any) error {
	return &Error{code, fmt.Errorf(format, a...)}
}
