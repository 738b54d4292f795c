package wrapper

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"urunc-seccomp-exec/filters"
	"urunc-seccomp-exec/safefile"
)

// Firecracker installs its own built-in seccomp filters per thread unless
// told not to (--no-seccomp; before v1.0, --seccomp-level 0 or 1) or given
// another filter (--seccomp-filter). Every spelling of those is read:
// --name, --name=VALUE, and a single dash, whatever the value.
var Firecracker = Monitor{
	NeedsKVM:  true,
	Name:      "firecracker",
	Prefix:    "firecracker",
	OwnFilter: true,
	Args:      firecrackerArgs,
	Reach:     firecrackerReach,
}

// firecrackerFullSeccomp is --seccomp-level's value for the full filters
// (Firecracker before v1.0; the default there).
const firecrackerFullSeccomp = "2"

func firecrackerArgs(args []string, unconfined bool) ([]string, []string, error) {
	words, err := firecrackerScan(args)
	if err != nil {
		return nil, nil, err
	}
	var off []option
	for _, w := range words {
		switch w.name {
		case "no-seccomp", "seccomp-filter", "seccomp-level":
		default:
			continue
		}
		off = append(off, w)
		switch {
		case unconfined:
		case w.name == "no-seccomp":
			return nil, nil, fmt.Errorf("firecracker: %q would turn Firecracker's filters off: remove it, or pass --unconfined", w.word)
		case w.name == "seccomp-filter":
			return nil, nil, fmt.Errorf("firecracker: %q replaces Firecracker's built-in filters with an unchecked one: remove it, or pass --unconfined", w.word)
		case w.value() != firecrackerFullSeccomp:
			return nil, nil, fmt.Errorf("firecracker: %q %q would weaken Firecracker's filters (only level %s is full): remove it, or pass --unconfined", w.word, w.value(), firecrackerFullSeccomp)
		}
	}
	if unconfined {
		return append(without(args, off), "--no-seccomp"), []string{"firecracker --no-seccomp (unconfined)"}, nil
	}
	return args, []string{"Firecracker's built-in seccomp filters"}, nil
}

// Firecracker's reach comes from its flags and its JSON configuration
// (--config-file, as urunc starts it: --no-api --config-file FILE), each
// path granted as the object it names (grant.go). Its taps it attaches by
// name (it takes no descriptor), so it gets /dev/net/tun, for taps it can
// attach without a capability (tap.go). What the wrapper cannot reason
// about is refused.

// firecrackerFlags are its options, by name: true if it takes a value.
var firecrackerFlags = map[string]bool{
	"version": false, "no-api": false, "boot-timer": false, "show-level": false, "show-log-origin": false, "no-seccomp": false, "seccomp-filter": true, // refused by firecrackerArgs unless unconfined
	"id": true, "level": true, "http-api-max-payload-size": true, "mmds-size-limit": true,
	"start-time-us": true, "start-time-cpu-us": true, "parent-cpu-time-us": true, "seccomp-level": true,
	"config-file": true, "api-sock": true, "log-path": true, "metrics-path": true,
}

// firecrackerDefaultAPISock is where Firecracker creates its API socket
// unless --no-api or --api-sock.
const firecrackerDefaultAPISock = "/run/firecracker.socket"

// maxFirecrackerConfig bounds --config-file (urunc's is a few hundred bytes).
const maxFirecrackerConfig = 1 << 20

// firecrackerConfig is the part of Firecracker's configuration that names
// host objects; the sections listed in firecrackerSections name none.
type firecrackerConfig struct {
	BootSource struct {
		Kernel string `json:"kernel_image_path"`
		Initrd string `json:"initrd_path"`
	} `json:"boot-source"`
	Drives []struct {
		Path     string `json:"path_on_host"`
		ReadOnly bool   `json:"is_read_only"`
		Socket   string `json:"socket"`
		IOEngine string `json:"io_engine"`
	} `json:"drives"`
	Net []struct {
		Tap string `json:"host_dev_name"`
	} `json:"network-interfaces"`
	Vsock *struct {
		UDS string `json:"uds_path"`
	} `json:"vsock"`
	Logger *struct {
		Path string `json:"log_path"`
	} `json:"logger"`
	Metrics *struct {
		Path string `json:"metrics_path"`
	} `json:"metrics"`
}

// firecrackerSections are the configuration's top-level keys the wrapper
// reads (or knows name nothing on the host).
var firecrackerSections = []string{"boot-source", "drives", "network-interfaces", "vsock", "logger", "metrics",
	"machine-config", "balloon", "entropy", "mmds-config", "cpu-config"}

func firecrackerReach(exe string, args []string, _ *filters.Version) (*Reach, error) {
	r, err := newReach(exe, PathRight{Path: "/dev/kvm", Right: Device})
	if err != nil {
		return nil, err
	}
	add := r.grant
	words, err := firecrackerScan(args)
	if err != nil {
		return nil, err
	}
	values := map[string]string{}
	noAPI := false
	for _, w := range words {
		noAPI = noAPI || w.name == "no-api"
		values[w.name] = w.value()
	}
	if !noAPI {
		if err := r.addSocket("firecracker --api-sock", cmp.Or(values["api-sock"], firecrackerDefaultAPISock), true); err != nil {
			return nil, err
		}
	}
	for _, opt := range []string{"log-path", "metrics-path"} {
		if p := values[opt]; p != "" {
			if err := r.addCreated("firecracker --"+opt, p); err != nil {
				return nil, err
			}
		}
	}
	file := values["config-file"]
	if file == "" {
		return r, nil
	}
	if err := add("firecracker --config-file", file, Read, aFile); err != nil {
		return nil, err
	}
	data, err := safefile.Read(file, maxFirecrackerConfig)
	if err != nil {
		return nil, fmt.Errorf("firecracker --config-file: %w", err)
	}
	var sections map[string]json.RawMessage
	var c firecrackerConfig
	if err := json.Unmarshal(data, &sections); err != nil {
		return nil, fmt.Errorf("firecracker --config-file %s: %w", file, err)
	}
	for key := range sections {
		if !slices.Contains(firecrackerSections, key) {
			return nil, fmt.Errorf("firecracker --config-file %s: section %q: the wrapper does not know what it lets Firecracker reach: remove it, or pass --unrestricted", file, key)
		}
	}
	if err := json.Unmarshal(data, &c); err != nil {
		return nil, fmt.Errorf("firecracker --config-file %s: %w", file, err)
	}
	for _, f := range []string{c.BootSource.Kernel, c.BootSource.Initrd} {
		if f != "" {
			if err := add("firecracker boot-source", f, Read, aFile); err != nil {
				return nil, err
			}
		}
	}
	for _, d := range c.Drives {
		if d.Socket != "" {
			return nil, fmt.Errorf("firecracker --config-file %s: a vhost-user drive (socket %s) is not confined: remove it, or pass --unrestricted", file, d.Socket)
		}
		if strings.EqualFold(d.IOEngine, "Async") {
			return nil, fmt.Errorf("firecracker --config-file %s: drive %s: io_engine Async is io_uring, whose operations seccomp never sees (the wrapper's floor denies it): use io_engine Sync (the default), or pass --unrestricted", file, d.Path)
		}
		right := ReadWrite
		if d.ReadOnly {
			right = Read
		}
		if err := add("firecracker drive", d.Path, right, anImage); err != nil {
			return nil, err
		}
	}
	for _, n := range c.Net {
		if err := r.attachByName(n.Tap); err != nil {
			return nil, err
		}
	}
	if len(c.Net) > 0 {
		if err := add("", "/dev/net/tun", Device, aDevice); err != nil {
			return nil, err
		}
		r.Notes = append(r.Notes, "net: Firecracker attaches its tap(s) by name: each is one it can attach without a capability")
	}
	if c.Vsock != nil && c.Vsock.UDS != "" {
		if err := r.addSocket("firecracker vsock", c.Vsock.UDS, true); err != nil {
			return nil, err
		}
		r.Connect = "its vsock connects to " + c.Vsock.UDS + "_PORT for the guest's connections"
	}
	if c.Logger != nil && c.Logger.Path != "" {
		if err := r.addCreated("firecracker logger", c.Logger.Path); err != nil {
			return nil, err
		}
	}
	if c.Metrics != nil && c.Metrics.Path != "" {
		if err := r.addCreated("firecracker metrics", c.Metrics.Path); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// firecrackerScan reads a Firecracker command line as its own arg_parser
// does (src/utils/src/arg_parser.rs, read at Firecracker commit 05b774f):
// every option is --name, known (firecrackerFlags) and given once; one
// that takes a value takes the next word, which must not start with "--";
// there is no --name=value and no single dash (it refuses both); words
// after "--" are not its options; with --help or --version anywhere it
// only prints, so nothing else is read. The wrapper refuses (125) what
// Firecracker would refuse, before it runs.
func firecrackerScan(args []string) ([]option, error) {
	opts := args
	if i := slices.Index(args, "--"); i >= 0 {
		opts = args[:i]
	}
	for _, info := range []string{"--help", "--version"} {
		if i := slices.Index(opts, info); i >= 0 {
			return []option{{name: info[2:], word: info, start: i, end: i + 1}}, nil
		}
	}
	var out []option
	seen := map[string]bool{}
	for i := 0; i < len(opts); i++ {
		name, isOption := strings.CutPrefix(opts[i], "--")
		takes, known := firecrackerFlags[name]
		if !isOption || !known {
			return nil, fmt.Errorf("firecracker: %q: not an option Firecracker reads (it takes --name [VALUE], no --name=VALUE), or one the wrapper does not know what it lets Firecracker reach: remove it, or pass --unrestricted to run Firecracker without Landlock", opts[i])
		}
		if seen[name] {
			return nil, fmt.Errorf("firecracker: --%s is given twice, which Firecracker refuses: give it once", name)
		}
		seen[name] = true
		w := option{name: name, word: opts[i], start: i}
		if takes {
			if i+1 >= len(opts) || strings.HasPrefix(opts[i+1], "--") {
				return nil, fmt.Errorf("firecracker: --%s has no value: give it one", name)
			}
			i++
			w.values = []string{opts[i]}
		}
		w.end = i + 1
		out = append(out, w)
	}
	return out, nil
}
