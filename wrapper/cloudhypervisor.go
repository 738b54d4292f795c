package wrapper

import (
	"cmp"
	"fmt"
	"strings"

	"urunc-seccomp-exec/filters"
)

// CloudHypervisor filters itself by default; --seccomp false or log would
// switch that off or make it advisory.
var CloudHypervisor = Monitor{
	NeedsKVM:  true,
	Name:      "cloud-hypervisor",
	Prefix:    "cloud-hypervisor",
	OwnFilter: true,
	Args:      cloudHypervisorArgs,
	Reach:     cloudHypervisorReach,
}

func cloudHypervisorArgs(args []string, unconfined bool) ([]string, []string, error) {
	words, err := chScan(args)
	if err != nil {
		return nil, nil, err
	}
	var occ []option
	var notes []string
	for _, w := range words {
		if w.name != "seccomp" {
			continue
		}
		occ = append(occ, w)
		if w.value() != "true" {
			notes = append(notes, "replaced --seccomp "+w.value())
		}
	}
	want := "true"
	if unconfined {
		want = "false"
	}
	out := append(without(args, occ), "--seccomp", want)
	return out, append(notes, "cloud-hypervisor --seccomp "+want), nil
}

// cloud-hypervisor's reach comes from its options (clap: --name VALUE,
// --name=VALUE; --disk, --net, --pmem and --vsock take several values),
// each path granted as the object it names (grant.go). Its taps it
// attaches by name, so it gets /dev/net/tun, for taps it can attach
// without a capability (tap.go). What the wrapper cannot reason about is
// refused.

// chKind is what a cloud-hypervisor option's values name.
type chKind int

const (
	chFlag     chKind = iota // no value
	chValue                  // a value naming nothing on the host
	chReadFile               // --kernel, --initramfs, --firmware
	chLog                    // a file it writes: --log-file
	chParsed                 // key=value lists, read by chValueReach
)

// chOptions are the options the wrapper knows, by name, and whether they
// take several values.
var chOptions = map[string]struct {
	kind  chKind
	multi bool
}{
	"v": {chFlag, false}, "vv": {chFlag, false}, "vvv": {chFlag, false}, "landlock": {chFlag, false},
	"watchdog": {chFlag, false}, "pvpanic": {chFlag, false}, "version": {chFlag, false}, "V": {chFlag, false},
	"cmdline": {chValue, false}, "cpus": {chValue, false}, "platform": {chValue, false}, "balloon": {chValue, false},
	"numa": {chValue, true}, "seccomp": {chValue, false}, "memory": {chParsed, false},
	"kernel": {chReadFile, false}, "initramfs": {chReadFile, false}, "firmware": {chReadFile, false},
	"log-file": {chLog, false},
	"disk":     {chParsed, true}, "net": {chParsed, true}, "pmem": {chParsed, true}, "vsock": {chParsed, false},
	"serial": {chParsed, false}, "console": {chParsed, false}, "api-socket": {chParsed, false},
	"rng": {chParsed, false}, "event-monitor": {chParsed, false},
}

func chRefuse(opt, value, why string) error {
	return fmt.Errorf("cloud-hypervisor: --%s %s: %s; remove it, or pass --unrestricted to run cloud-hypervisor without Landlock", opt, value, why)
}

func cloudHypervisorReach(exe string, args []string, _ *filters.Version) (*Reach, error) {
	r, err := newReach(exe, PathRight{Path: "/dev/kvm", Right: Device})
	if err != nil {
		return nil, err
	}
	words, err := chScan(args)
	if err != nil {
		return nil, err
	}
	for _, w := range words {
		for _, v := range w.values {
			if err := r.addCloudHypervisor(w.name, chOptions[w.name].kind, v); err != nil {
				return nil, err
			}
		}
	}
	return r, nil
}

// addCloudHypervisor grants what one value of option name reaches.
func (r *Reach) addCloudHypervisor(name string, kind chKind, value string) error {
	add := func(path string, right Right, o object) error {
		return r.grant("cloud-hypervisor --"+name, path, right, o)
	}
	switch kind {
	case chValue:
		return nil
	case chReadFile:
		return add(value, Read, aFile)
	case chLog:
		return r.addCreated("cloud-hypervisor --"+name, value)
	}
	k, err := chValues(value)
	if err != nil {
		return chRefuse(name, value, err.Error())
	}
	switch name {
	case "memory":
		if k["file"] != "" {
			return chRefuse(name, value, "a file-backed memory is not confined")
		}
		return nil
	case "disk", "pmem":
		path := k["path"]
		if name == "pmem" {
			path = k["file"]
		}
		vhost, err := chToggle(k["vhost_user"])
		if err != nil || vhost || k["socket"] != "" || path == "" {
			return chRefuse(name, value, "only disks given by path= (pmem: file=) are confined")
		}
		readOnly, err := chToggle(k["readonly"])
		if err != nil {
			return chRefuse(name, value, err.Error())
		}
		right := ReadWrite
		if readOnly {
			right = Read
		}
		return add(path, right, anImage)
	case "net":
		if vhost, err := chToggle(k["vhost_user"]); err != nil || vhost || k["socket"] != "" || k["fd"] != "" {
			return chRefuse(name, value, "only taps given by tap=NAME are confined")
		}
		if k["ip"] != "" || k["mask"] != "" {
			return chRefuse(name, value, "ip= and mask= configure the host's tap, which needs CAP_NET_ADMIN; configure the tap's address before")
		}
		if k["tap"] == "" {
			return chRefuse(name, value, "a net without tap= is a tap cloud-hypervisor creates, which needs CAP_NET_ADMIN; create it first and name it")
		}
		if err := r.attachByName(k["tap"]); err != nil {
			return err
		}
		// It brings the tap up through an AF_INET socket (SIOCSIFFLAGS;
		// its vmm filter allows socket(AF_INET) for that).
		r.Inet = "cloud-hypervisor configures its tap through one"
		return add("/dev/net/tun", Device, aDevice)
	case "vsock":
		r.Connect = "its vsock connects to " + k["socket"] + "_PORT for the guest's connections"
		return r.addSocket("cloud-hypervisor --vsock", k["socket"], true)
	case "api-socket", "event-monitor":
		path := cmp.Or(k["path"], k[""])
		if path == "" {
			return nil // fd=N: a descriptor the caller passed
		}
		if name == "event-monitor" {
			return r.addCreated("cloud-hypervisor --event-monitor", path)
		}
		return r.addSocket("cloud-hypervisor --api-socket", path, true)
	case "serial", "console":
		switch {
		case k[""] == "off" || k[""] == "null" || k[""] == "tty":
			return nil
		case k["file"] != "":
			return r.addCreated("cloud-hypervisor --"+name, k["file"])
		case k["socket"] != "":
			return r.addSocket("cloud-hypervisor --"+name, k["socket"], true)
		}
		return chRefuse(name, value, "only off, null, tty, file= and socket= are confined")
	case "rng":
		return add(cmp.Or(k["src"], "/dev/urandom"), Read, aDevice)
	}
	return nil
}

// chValues splits one value of a cloud-hypervisor option as its
// option_parser does (option_parser/src/lib.rs, split_commas, get and
// dequote, read at cloud-hypervisor commit 0059c6c): commas inside "..."
// or [...] do not split, and there is no ",," escape; unbalanced quotes or
// brackets are an error (it refuses them too). A later key replaces an
// earlier one, as there. Values are dequoted (get's dequote: the quotes
// go, "" outside quotes is one); its Toggle reads a value as written, so
// readonly="on" is an error there and read-only here: either way no
// write is granted that cloud-hypervisor would make. A first element
// without "=" is under the key "" (tty, off, a bare path).
func chValues(value string) (map[string]string, error) {
	var parts []string
	var cur strings.Builder
	brackets, quoted := 0, false
	for _, c := range strings.TrimSpace(value) {
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '[':
			brackets++
		case c == ']':
			if brackets == 0 {
				return nil, fmt.Errorf("an unbalanced ] (cloud-hypervisor refuses it too)")
			}
			brackets--
		case c == ',' && brackets == 0:
			parts = append(parts, cur.String())
			cur.Reset()
			continue
		}
		cur.WriteRune(c)
	}
	parts = append(parts, cur.String())
	if quoted || brackets != 0 {
		return nil, fmt.Errorf("unbalanced quotes or brackets (cloud-hypervisor refuses them too)")
	}
	k := map[string]string{}
	for i, p := range parts {
		key, v, ok := strings.Cut(p, "=")
		switch {
		case ok:
			k[key] = chDequote(strings.TrimSpace(v))
		case i == 0:
			k[""] = p
		default:
			k[p] = ""
		}
	}
	return k, nil
}

// chDequote is a value as cloud-hypervisor reads it (its dequote).
func chDequote(v string) string {
	var out strings.Builder
	prev, quoted := byte(0), false
	for i := 0; i < len(v); i++ {
		if v[i] == '"' {
			if prev == '"' && !quoted {
				out.WriteByte('"')
			}
			quoted = !quoted
		} else {
			out.WriteByte(v[i])
		}
		prev = v[i]
	}
	return out.String()
}

// chToggle reads a toggle as cloud-hypervisor's Toggle does: on, true,
// off, false or empty, in any case; anything else it refuses.
func chToggle(v string) (bool, error) {
	switch strings.ToLower(v) {
	case "on", "true":
		return true, nil
	case "", "off", "false":
		return false, nil
	}
	return false, fmt.Errorf("%q is not a toggle cloud-hypervisor reads (on, off, true, false)", v)
}

// chScan reads a cloud-hypervisor command line as its clap parser does,
// by chOptions: --name VALUE or --name=VALUE; an option that takes several
// values (--disk, --net, --pmem, --numa) takes every following word up to
// the next that starts with "-"; -v is the short flag. An option the
// table does not hold is refused (125): the wrapper does not know what it
// lets cloud-hypervisor reach, nor where its values end.
func chScan(args []string) ([]option, error) {
	var out []option
	for i := 0; i < len(args); i++ {
		name, value, hasValue := strings.Cut(strings.TrimLeft(args[i], "-"), "=")
		o, known := chOptions[name]
		if !strings.HasPrefix(args[i], "-") || !known {
			return nil, chRefuse(strings.TrimLeft(args[i], "-"), "", "the wrapper does not know what it lets cloud-hypervisor reach, and will not guess")
		}
		w := option{name: name, word: args[i], start: i}
		if o.kind != chFlag {
			if hasValue {
				w.values = []string{value}
			}
			for (!hasValue && len(w.values) == 0 || o.multi && !hasValue) && i+1 < len(args) && !strings.HasPrefix(args[i+1], "-") {
				i++
				w.values = append(w.values, args[i])
			}
			if len(w.values) == 0 {
				return nil, fmt.Errorf("cloud-hypervisor: --%s has no value: give it one", name)
			}
		}
		w.end = i + 1
		out = append(out, w)
	}
	return out, nil
}
