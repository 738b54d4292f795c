package wrapper

import (
	"cmp"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"

	"urunc-seccomp-exec/filters"
)

// QEMUSandbox is the strictest -sandbox QEMU has; the same as urunc's.
const QEMUSandbox = "on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny"

// QEMU confines itself with its own seccomp sandbox (-sandbox, built on
// libseccomp). If this QEMU was built without it, QEMU itself refuses the
// option and its own error reaches the user unchanged.
var QEMU = Monitor{
	Name:      "qemu",
	Prefix:    "qemu-system-",
	OwnFilter: true,
	Args:      qemuArgs,
	Reach:     qemuReach,
}

func qemuArgs(args []string, unconfined bool) ([]string, []string, error) {
	words, err := qemuScan(args)
	if err != nil {
		return nil, nil, err
	}
	var occ []option
	for _, o := range words {
		if o.name != "sandbox" {
			continue
		}
		if !unconfined && sandboxOff(o.value()) {
			return nil, nil, fmt.Errorf("qemu: %q %q would turn QEMU's sandbox off: remove it, or pass --unconfined to run QEMU without a sandbox", o.word, o.value())
		}
		occ = append(occ, o)
	}
	rest := without(args, occ)
	var notes []string
	if len(occ) > 0 {
		notes = append(notes, fmt.Sprintf("replaced %d -sandbox option(s)", len(occ)))
	}
	if unconfined {
		return rest, append(notes, "QEMU without -sandbox (unconfined)"), nil
	}
	out := append([]string{"-sandbox", QEMUSandbox}, rest...)
	return out, append(notes, "QEMU's own sandbox: -sandbox "+QEMUSandbox), nil
}

// sandboxOff reports whether a -sandbox value disables the sandbox: its
// first element "off" or an enable=off.
func sandboxOff(value string) bool {
	parts := strings.Split(value, ",")
	if strings.EqualFold(parts[0], "off") {
		return true
	}
	for _, p := range parts {
		if k, v, ok := strings.Cut(p, "="); ok && k == "enable" && (v == "off" || v == "false" || v == "no") {
			return true
		}
	}
	return false
}

// QEMU's reach is derived from its command line as solo5-hvt's is, each
// path granted as the object it names (grant.go): what each option lets it
// open, its own firmware and module folders, /dev/kvm, and no capability.
// A tap named by ifname= is attached by the wrapper and passed as fd=
// (QEMU takes one natively), so QEMU gets neither /dev/net/tun nor
// CAP_NET_ADMIN. An option the wrapper cannot reason about is refused:
// it would otherwise be silently granted nothing (QEMU then fails) or, worse,
// be thought confined when it is not.

// qemuDataPaths are the folders Debian's QEMU reads firmware, option ROMs
// and keymaps from (its -L default, SeaBIOS, iPXE, EDK2); its modules are
// under /usr/lib, which the loader's paths grant.
var qemuDataPaths = []string{"/usr/share/qemu", "/usr/share/seabios", "/usr/lib/ipxe/qemu", "/usr/share/ipxe",
	"/usr/share/OVMF", "/usr/share/AAVMF", "/usr/share/qemu-efi-aarch64", "/usr/share/ovmf"}

// qemuKind is what a QEMU option's value names.
type qemuKind int

const (
	qFlag      qemuKind = iota // no value
	qValue                     // a value that names nothing on the host
	qReadFile                  // a file QEMU reads: -kernel, -initrd, -bios, -dtb
	qReadTree                  // a folder QEMU reads: -L
	qWriteFile                 // a file QEMU creates or writes: -pidfile, -D
	qParsed                    // a value with keys, read by qemuReach
)

// qemuOptions are the options the wrapper knows, by name without dashes.
var qemuOptions = map[string]qemuKind{
	"enable-kvm": qFlag, "nodefaults": qFlag, "no-reboot": qFlag, "no-shutdown": qFlag, "nographic": qFlag,
	"S": qFlag, "no-user-config": qFlag, "mem-prealloc": qFlag,
	"version": qFlag, // prints its version and exits (check runs it)
	"m":       qValue, "cpu": qValue, "smp": qValue, "machine": qValue, "M": qValue, "accel": qValue,
	"display": qValue, "vga": qValue, "name": qValue, "uuid": qValue, "boot": qValue, "rtc": qValue,
	"global": qValue, "k": qValue, "append": qValue, "numa": qValue, "overcommit": qValue, "d": qValue,
	"msg": qValue, "action": qValue, "sandbox": qValue,
	"kernel": qReadFile, "initrd": qReadFile, "bios": qReadFile, "dtb": qReadFile,
	"L":       qReadTree,
	"pidfile": qWriteFile, "D": qWriteFile,
	"drive": qParsed, "blockdev": qParsed, "netdev": qParsed, "nic": qParsed, "device": qParsed,
	"chardev": qParsed, "serial": qParsed, "monitor": qParsed, "qmp": qParsed, "object": qParsed,
	"fsdev": qParsed, "parallel": qParsed,
}

func qemuRefuse(opt, value, why string) error {
	return fmt.Errorf("qemu: %s %s: %s; remove it, or pass --unrestricted to run QEMU without Landlock (its seccomp sandbox stays)", opt, value, why)
}

// qemuReach reads QEMU's command line (args after the adapter's rewrite)
// for what it may reach.
func qemuReach(exe string, args []string, _ *filters.Version) (*Reach, error) {
	// /dev/null: QEMU probes file locking on it at start.
	r, err := newReach(exe, PathRight{Path: "/dev/kvm", Right: Device}, PathRight{Path: "/dev/urandom", Right: Read}, PathRight{Path: "/dev/null", Right: ReadWrite})
	if err != nil {
		return nil, err
	}
	add := r.grant
	for _, dir := range qemuDataPaths {
		if err := add("QEMU's data", dir, ReadTree, aSystemTree); err != nil {
			return nil, err
		}
	}
	words, err := qemuScan(args)
	if err != nil {
		return nil, err
	}
	for _, o := range words {
		word, name, value := o.word, o.name, o.value()
		if name == "" {
			// A word that is no option: QEMU reads it as a disk image
			// (hda), which the wrapper does not guess at.
			return nil, qemuRefuse(word, "", "a word without an option is a disk image to QEMU; name it with -drive file=")
		}
		kind, known := qemuOptions[name]
		if !known {
			return nil, qemuRefuse(word, "", "the wrapper does not know what this option lets QEMU reach, and will not guess")
		}
		if kind == qFlag {
			continue
		}
		i := o.start + 1 // the value's word
		switch kind {
		case qReadFile:
			err = add(word, value, Read, aFile)
		case qReadTree:
			err = add(word, value, ReadTree, aSystemTree)
		case qWriteFile:
			err = r.addCreated("qemu "+word, value)
		case qParsed:
			err = r.addQemuParsed(word, name, value, i)
		}
		if err != nil {
			return nil, err
		}
	}
	return r, nil
}

// addQemuParsed reads the options whose values have keys.
func (r *Reach) addQemuParsed(word, name, value string, arg int) error {
	add := func(path string, right Right, o object) error { return r.grant(word, path, right, o) }
	k, err := qemuKeys(value, name != "drive" && name != "blockdev")
	if err != nil {
		return qemuRefuse(word, value, err.Error())
	}
	switch name {
	case "drive", "blockdev":
		file := k["file"]
		if name == "blockdev" {
			if strings.HasPrefix(value, "{") {
				return qemuRefuse(word, value, "JSON block graphs are not read by the wrapper; use key=value")
			}
			file = k["filename"] // file= is another node's name there
		}
		if file == "" {
			return nil
		}
		if strings.Contains(strings.SplitN(file, "/", 2)[0], ":") {
			return qemuRefuse(word, value, "a protocol (nbd:, http:, json:) reaches beyond the file the wrapper can grant")
		}
		if snapshot, err := qemuBoolKey(k, "snapshot"); err != nil {
			return qemuRefuse(word, value, err.Error())
		} else if snapshot {
			return qemuRefuse(word, value, "snapshot=on writes a temporary file outside what the command line names")
		}
		readOnly, err := qemuBoolKey(k, "readonly", "read-only")
		if err != nil {
			return qemuRefuse(word, value, err.Error())
		}
		right := ReadWrite
		if readOnly {
			right = Read
		}
		return add(file, right, anImage)
	case "netdev", "nic":
		switch k[""] {
		case "none":
			return nil
		case "tap":
		default:
			return qemuRefuse(word, value, "only tap networking is confined (user, socket and bridge networking reach the host's network or run a helper)")
		}
		if s, ok := k["script"]; ok && s != "no" || k["downscript"] != "" && k["downscript"] != "no" {
			return qemuRefuse(word, value, "a tap script runs a program; give script=no,downscript=no")
		}
		if _, ok := k["script"]; !ok {
			return qemuRefuse(word, value, "QEMU runs /etc/qemu-ifup unless told not to; give script=no,downscript=no")
		}
		if vhost, err := qemuBoolKey(k, "vhost"); err != nil {
			return qemuRefuse(word, value, err.Error())
		} else if vhost {
			if err := add("/dev/vhost-net", Device, aDevice); err != nil {
				return err
			}
		}
		if fd, ok := k["fd"]; ok {
			if n, err := strconv.Atoi(fd); err == nil && n >= 0 {
				r.Fds = append(r.Fds, n)
			}
			return nil
		}
		iface := k["ifname"]
		if iface == "" {
			return qemuRefuse(word, value, "a tap without ifname= or fd= is one QEMU creates")
		}
		// The same value with the tap as a descriptor: ifname= and the
		// scripts out (QEMU refuses them beside fd=), fd=%d in.
		kept := []string{"tap"}
		for _, p := range splitQemuValue(value)[1:] {
			key, _, _ := strings.Cut(p, "=")
			if key != "ifname" && key != "script" && key != "downscript" {
				kept = append(kept, strings.ReplaceAll(p, "%", "%%"))
			}
		}
		r.Taps = append(r.Taps, Tap{Arg: arg, Iface: iface, Word: strings.Join(append(kept, "fd=%d"), ","),
			Flags: unix.IFF_TAP | unix.IFF_NO_PI | unix.IFF_VNET_HDR})
		return nil
	case "device":
		for _, key := range []string{"file", "romfile"} {
			if f := k[key]; f != "" {
				if err := add(f, Read, aFile); err != nil {
					return err
				}
			}
		}
		if strings.HasPrefix(k[""], "vhost-vsock") {
			return add("/dev/vhost-vsock", Device, aDevice)
		}
		return nil
	case "serial", "monitor", "parallel", "qmp":
		switch {
		case value == "stdio" || value == "null" || value == "none" || value == "mon:stdio":
			return nil
		case strings.HasPrefix(value, "file:") && name == "serial":
			return r.addCreated("qemu "+word, strings.TrimPrefix(value, "file:"))
		case strings.HasPrefix(value, "unix:") && (name == "qmp" || name == "monitor" || name == "serial"):
			k, err := qemuKeys(strings.TrimPrefix(value, "unix:"), true)
			if err != nil {
				return qemuRefuse(word, value, err.Error())
			}
			return r.addQemuSocket(word, value, k[""], k)
		}
		return qemuRefuse(word, value, "only stdio, null, none, file: (-serial) and unix: sockets are confined")
	case "chardev":
		switch k[""] {
		case "stdio", "null":
			return nil
		case "file":
			return r.addCreated("qemu "+word, k["path"])
		case "socket":
			if k["path"] == "" {
				return qemuRefuse(word, value, "only unix sockets (path=) are confined; TCP reaches the host's network")
			}
			return r.addQemuSocket(word, value, k["path"], k)
		}
		return qemuRefuse(word, value, "only stdio, null, file and unix socket character devices are confined")
	case "object":
		switch k[""] {
		case "memory-backend-ram", "memory-backend-memfd", "rng-builtin", "iothread", "throttle-group":
			return nil
		case "rng-random":
			return add(cmp.Or(k["filename"], "/dev/urandom"), Read, aDevice)
		case "memory-backend-file":
			return r.addQemuMemoryFile(word, value, k, arg)
		}
		return qemuRefuse(word, value, "this object may reach files the wrapper cannot name")
	case "fsdev":
		if k[""] != "local" || k["path"] == "" {
			return qemuRefuse(word, value, "only -fsdev local,path=DIR is confined")
		}
		return add(k["path"], ShareTree, aSystemTree)
	}
	return nil
}

// splitQemuValue splits a QEMU option value at its single commas, keeping
// each part as written (",," stays).
func splitQemuValue(value string) []string {
	var parts []string
	start := 0
	for i := 0; i < len(value); i++ {
		if value[i] != ',' {
			continue
		}
		if i+1 < len(value) && value[i+1] == ',' {
			i++
			continue
		}
		parts = append(parts, value[start:i])
		start = i + 1
	}
	return append(parts, value[start:])
}

// addQemuMemoryFile reads -object memory-backend-file. With mem-path a
// file (a DAX device, a hugetlbfs file), that object is granted. With
// mem-path a folder on tmpfs (urunc's virtiofs mode: mem-path=/tmp), QEMU
// would create and unlink a file there, which needs the right to create
// (and write) any file in the folder; the same shared memory comes from
// memory-backend-memfd (shmem too), so the wrapper runs that instead.
func (r *Reach) addQemuMemoryFile(word, value string, k map[string]string, arg int) error {
	g, err := grantPath(word, k["mem-path"], ReadWrite, anImage)
	if err == nil {
		if g.fd < 0 {
			return qemuRefuse(word, value, "its mem-path does not exist")
		}
		r.Paths = append(r.Paths, g)
		return nil
	}
	fd, oerr := openPath(k["mem-path"])
	if oerr != nil {
		return err
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	var fs unix.Statfs_t
	if unix.Fstat(fd, &st) != nil || st.Mode&unix.S_IFMT != unix.S_IFDIR || unix.Fstatfs(fd, &fs) != nil || fs.Type != unix.TMPFS_MAGIC {
		return qemuRefuse(word, value, "mem-path is a folder not on tmpfs, in which QEMU would create files")
	}
	kept := []string{"memory-backend-memfd"}
	for _, p := range splitQemuValue(value)[1:] {
		key, _, _ := strings.Cut(p, "=")
		if key != "mem-path" && key != "discard-data" && key != "align" && key != "pmem" && key != "readonly" && key != "rom" {
			kept = append(kept, p)
		}
	}
	if r.Words == nil {
		r.Words = map[int]string{}
	}
	r.Words[arg] = strings.Join(kept, ",")
	return nil
}

// qemuBool reads a boolean as QEMU does (qapi_bool_parse, for QemuOpts and
// keyval alike): on, yes, true, y and off, no, false, n, case as written;
// ok false for anything else, which QEMU itself refuses.
func qemuBool(v string) (b, ok bool) {
	switch v {
	case "on", "yes", "true", "y":
		return true, true
	case "off", "no", "false", "n":
		return false, true
	}
	return false, false
}

// qemuBoolKey is the boolean under the first of keys present in k (a
// spelling QEMU takes for the same setting: readonly, read-only), false
// when none is; an error for a value QEMU does not read as a boolean, or
// two spellings given, whose precedence the wrapper will not guess.
func qemuBoolKey(k map[string]string, keys ...string) (bool, error) {
	found, value := "", false
	for _, key := range keys {
		v, set := k[key]
		if !set {
			continue
		}
		if found != "" {
			return false, fmt.Errorf("%s and %s both given: give one", found, key)
		}
		b, ok := qemuBool(v)
		if !ok {
			return false, fmt.Errorf("%s=%s is not a boolean QEMU reads (on/off, yes/no, true/false, y/n)", key, v)
		}
		found, value = key, b
	}
	return value, nil
}

// qemuKeys reads an option value as QEMU's QemuOpts does (key=value
// parts, ",," a comma inside a value; a bare KEY is KEY=on and a bare
// noKEY is KEY=off, its deprecated short form). implied: the option has
// an implied first key (-netdev's type, -chardev's backend, -object's
// qom-type, -device's driver), given under the key ""; -drive has none
// (a bare first "readonly" is readonly=on there). A key given twice is
// an error: QEMU takes one of them, and the wrapper does not guess which
// (QEMU 7.2 read -drive readonly=y,readonly=n as read-only).
func qemuKeys(value string, implied bool) (map[string]string, error) {
	keys := map[string]string{}
	for i, p := range splitQemuValue(value) {
		p = strings.ReplaceAll(p, ",,", ",")
		k, v, ok := strings.Cut(p, "=")
		switch {
		case ok:
		case i == 0 && implied:
			k, v = "", p
		case strings.HasPrefix(p, "no"):
			k, v = strings.TrimPrefix(p, "no"), "off"
		default:
			v = "on" // a bare flag: server, readonly
		}
		if _, twice := keys[k]; twice {
			return nil, fmt.Errorf("%s is given twice: QEMU takes one of them, and the wrapper does not guess which", cmp.Or(k, "its type"))
		}
		keys[k] = v
	}
	return keys, nil
}

// qemuScan reads a QEMU command line as QEMU's own lookup_opt does: an
// option is -name or --name, followed by its value word when qemuGrammar
// says it takes one; "-name=value" is not QEMU's and is refused.
func qemuScan(args []string) ([]option, error) {
	var out []option
	for i := 0; i < len(args); i++ {
		w := args[i]
		if !strings.HasPrefix(w, "-") { // no option: a disk image to QEMU
			out = append(out, option{word: w, start: i, end: i + 1})
			continue
		}
		name := strings.TrimPrefix(strings.TrimPrefix(w, "-"), "-")
		takes, known := qemuGrammar[name]
		if !known {
			return nil, fmt.Errorf("qemu: %s is not an option QEMU has: remove it (the wrapper reads QEMU's command line as QEMU does, and does not guess)", w)
		}
		o := option{name: name, word: w, start: i}
		if takes {
			if i+1 >= len(args) {
				return nil, fmt.Errorf("qemu: %s has no value: give it one, or remove it", w)
			}
			i++
			o.values = []string{args[i]}
		}
		o.end = i + 1
		out = append(out, o)
	}
	return out, nil
}

// addQemuSocket grants the unix socket at path that QEMU serves or
// connects to, as its keys (server=on, or the bare server) say.
func (r *Reach) addQemuSocket(word, value, path string, keys map[string]string) error {
	server, err := qemuBoolKey(keys, "server")
	if err != nil {
		return qemuRefuse(word, value, err.Error())
	}
	return r.addSocket("qemu "+word, path, server)
}
