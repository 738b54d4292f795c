package wrapper

import "fmt"

// Firecracker installs its own built-in seccomp filters per thread unless
// told not to (--no-seccomp; before v1.0, --seccomp-level 0 or 1) or given
// another filter (--seccomp-filter). Every spelling of those is read:
// --name, --name=VALUE, and a single dash, whatever the value.
var Firecracker = Monitor{
	Name:      "firecracker",
	Prefix:    "firecracker",
	OwnFilter: true,
	Args:      firecrackerArgs,
}

// firecrackerFullSeccomp is --seccomp-level's value for the full filters
// (Firecracker before v1.0; the default there).
const firecrackerFullSeccomp = "2"

func firecrackerArgs(args []string, unconfined bool) ([]string, []string, error) {
	noSeccomp := findFlag(args, "no-seccomp")
	custom := findOption(args, "seccomp-filter", true)
	level := findOption(args, "seccomp-level", true)
	if unconfined {
		out := without(args, custom, level, noSeccomp)
		return append(out, "--no-seccomp"), []string{"firecracker --no-seccomp (unconfined)"}, nil
	}
	if len(noSeccomp) > 0 {
		return nil, nil, fmt.Errorf("firecracker: %q would turn Firecracker's filters off: remove it, or pass --unconfined", args[noSeccomp[0].start])
	}
	if len(custom) > 0 {
		return nil, nil, fmt.Errorf("firecracker: %q replaces Firecracker's built-in filters with an unchecked one: remove it, or pass --unconfined", args[custom[0].start])
	}
	for _, o := range level {
		if o.missing || o.value != firecrackerFullSeccomp {
			return nil, nil, fmt.Errorf("firecracker: %q %q would weaken Firecracker's filters (only level %s is full): remove it, or pass --unconfined", args[o.start], o.value, firecrackerFullSeccomp)
		}
	}
	return args, []string{"Firecracker's built-in seccomp filters"}, nil
}
