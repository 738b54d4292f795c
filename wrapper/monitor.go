// Package wrapper decides how a monitor is confined and executes it in
// place: the per-monitor adapters (argument rewriting, refusals), the
// lookup of the monitor binary, and the install-and-exec step.
package wrapper

import (
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"

	"urunc-seccomp-exec/filters"
)

// Monitor is one monitor adapter: how that monitor is confined.
type Monitor struct {
	Name string // as in policies.yaml and --monitor
	// Prefix of the binary's base name that selects this adapter.
	Prefix string
	// OwnFilter: the monitor confines itself (when its arguments say so);
	// the wrapper installs no BPF of its own.
	OwnFilter bool
	// NeedsKVM: it cannot run without /dev/kvm (QEMU can emulate, and
	// solo5-spt runs its unikernel as a process).
	NeedsKVM bool
	// Args returns the monitor's arguments (without argv[0]) rewritten for
	// the wanted confinement, and what it changed, or an error (exit 125)
	// for an argument that would switch the monitor's own filter off.
	Args func(args []string, unconfined bool) ([]string, []string, error)
	// Version, if set, reads the version the monitor at path was built
	// as from its file (nil and why when it does not say), for the
	// policy and the reach (--monitor-version gives it instead).
	Version func(path string) (*filters.Version, string)
	// Reach, if set, is what the monitor at exe may reach given its
	// arguments and its version (nil: unknown); Landlock closes the rest
	// of the filesystem to it.
	Reach func(exe string, args []string, version *filters.Version) (*Reach, error)
}

// Monitors lists the adapters; adding a monitor is adding one file with its
// Monitor value and an entry here.
var Monitors = []*Monitor{&Solo5HVT, &Solo5SPT, &QEMU, &Firecracker, &CloudHypervisor}

// ByName returns the adapter called name, or nil.
func ByName(name string) *Monitor {
	for _, m := range Monitors {
		if m.Name == name {
			return m
		}
	}
	return nil
}

// ForBinary returns the adapter whose prefix the binary's base name has.
func ForBinary(base string) *Monitor {
	for _, m := range Monitors {
		if strings.HasPrefix(base, m.Prefix) {
			return m
		}
	}
	return nil
}

// Names lists the adapters' names, sorted, for messages.
func Names() []string {
	var out []string
	for _, m := range Monitors {
		out = append(out, m.Name)
	}
	sort.Strings(out)
	return out
}

// passThrough keeps the arguments as they are.
func passThrough(args []string, _ bool) ([]string, []string, error) {
	return args, nil, nil
}

// occurrence is where a monitor's grammar found an option in args: the
// indexes [start, end) of its words, and its value.
type occurrence struct {
	start, end int
	value      string
}

// without returns args with the occurrences (of one or more options, each
// found in args) removed.
func without(args []string, occ ...[]occurrence) []string {
	all := slices.Concat(occ...)
	slices.SortFunc(all, func(a, b occurrence) int { return a.start - b.start })
	var out []string
	next := 0
	for _, o := range all {
		if o.start < next {
			continue // inside one already removed
		}
		out = append(out, args[next:o.start]...)
		next = o.end
	}
	return append(out, args[next:]...)
}

func warn(format string, a ...any) {
	fmt.Fprintf(os.Stderr, "urunc-seccomp-exec: "+format+"\n", a...)
}
