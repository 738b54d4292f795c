// Package wrapper decides how a monitor is confined and executes it in
// place: the per-monitor adapters (argument rewriting, refusals), the
// lookup of the monitor binary, and the install-and-exec step.
package wrapper

import (
	"fmt"
	"os"
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

// option is one option of a monitor's command line as that monitor's own
// parser reads it (qemuScan, chScan, firecrackerScan), for the argument
// rewrite and the reach alike: its name without dashes ("" for a word
// that is no option), the word as written, its values, and the words
// [start, end) it takes in args.
type option struct {
	name, word string
	values     []string
	start, end int
}

// value is the option's first value, "" for a flag.
func (o option) value() string {
	if len(o.values) == 0 {
		return ""
	}
	return o.values[0]
}

// without returns args without the words of opts (found in args, in order).
func without(args []string, opts []option) []string {
	var out []string
	next := 0
	for _, o := range opts {
		out = append(out, args[next:o.start]...)
		next = o.end
	}
	return append(out, args[next:]...)
}

func warn(format string, a ...any) {
	fmt.Fprintf(os.Stderr, "urunc-seccomp-exec: "+format+"\n", a...)
}
