package wrapper

import "fmt"

// Firecracker installs its own built-in seccomp filters per thread unless
// told not to (--no-seccomp) or given another filter (--seccomp-filter).
var Firecracker = Monitor{
	Name:      "firecracker",
	Prefix:    "firecracker",
	OwnFilter: true,
	Args:      firecrackerArgs,
}

func firecrackerArgs(args []string, unconfined bool) ([]string, []string, error) {
	custom := findOption(args, "seccomp-filter", false)
	if unconfined {
		out := without(args, custom)
		if !hasFlag(out, "no-seccomp") {
			out = append(out, "--no-seccomp")
		}
		return out, []string{"firecracker --no-seccomp (unconfined)"}, nil
	}
	if hasFlag(args, "no-seccomp") {
		return nil, nil, fmt.Errorf("firecracker: --no-seccomp would turn Firecracker's filters off: remove it, or pass --unconfined")
	}
	if len(custom) > 0 {
		return nil, nil, fmt.Errorf("firecracker: --seccomp-filter replaces Firecracker's built-in filters with an unchecked one: remove it, or pass --unconfined")
	}
	return args, []string{"Firecracker's built-in seccomp filters"}, nil
}
