package wrapper

import (
	"bytes"
	"debug/elf"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"

	"urunc-seccomp-exec/filters"
	"urunc-seccomp-exec/safefile"
)

// Solo5HVT gets our BPF filter, chosen by its version (read from its
// binary), and a Reach derived from its command line (Landlock, no
// capabilities); its arguments pass through untouched (empty strings and
// word-split command lines included).
var Solo5HVT = Monitor{
	NeedsKVM: true,
	Name:     "solo5-hvt",
	Prefix:   "solo5-hvt",
	Args:     passThrough,
	Version:  Solo5Version,
	Reach:    solo5Reach,
}

// Solo5SPT always installs its own filter and cannot be unconfined; the
// wrapper confines what it reaches as solo5-hvt's, without /dev/kvm (spt
// runs the unikernel as a process).
var Solo5SPT = Monitor{
	Name:      "solo5-spt",
	Prefix:    "solo5-spt",
	OwnFilter: true,
	Version:   Solo5Version,
	Reach: func(exe string, args []string, version *filters.Version) (*Reach, error) {
		return solo5TenderReach(exe, args, version, false)
	},
	Args: func(args []string, unconfined bool) ([]string, []string, error) {
		if unconfined {
			warn("solo5-spt always filters itself: it cannot run unconfined, running it unchanged")
			return args, []string{"solo5-spt's own filter (it cannot be unconfined)"}, nil
		}
		return args, []string{"solo5-spt's own seccomp filter"}, nil
	},
}

// solo5VersionFormat is how a Solo5 tender prints its version
// (tenders/hvt/hvt_main.c: fprintf(stderr, "%s tender, version %s\n",
// prog, SOLO5_VERSION)). A file holding it is a Solo5 tender, and
// SOLO5_VERSION (git describe --tags --always --dirty: v0.12.1,
// v0.12.1-3-gabc1234, v0.12.1-dirty) is a C string of its own in the same
// file.
const solo5VersionFormat = "%s tender, version %s\n"

// maxTenderBytes bounds what is read of a tender (solo5-hvt is about
// 200 KB; a static one with debug information a few MB).
const maxTenderBytes = 32 << 20

// Solo5Version reads the version a Solo5 tender was built as from its file,
// without running it: nothing the wrapper did not write runs unfiltered.
// nil and the reason when the file does not say (not a tender, no version
// string, or several different ones).
func Solo5Version(path string) (*filters.Version, string) {
	data, err := tenderStrings(path)
	if err != nil {
		return nil, err.Error()
	}
	if !bytes.Contains(data, []byte(solo5VersionFormat)) {
		return nil, "no Solo5 version line in " + path
	}
	var found []string
	var version filters.Version
	for rest := data; ; {
		i := bytes.Index(rest, []byte("\x00v"))
		if i < 0 {
			break
		}
		s := rest[i+1:]
		end := bytes.IndexByte(s, 0)
		if end < 0 {
			break
		}
		if v, ok := tenderVersion(s[:end]); ok && !slices.Contains(found, string(s[:end])) {
			found = append(found, string(s[:end]))
			version = v
		}
		rest = s[end:] // from the NUL, so that the next string is seen
	}
	switch len(found) {
	case 0:
		return nil, "no version string in " + path
	case 1:
		return &version, found[0]
	}
	return nil, fmt.Sprintf("several version strings in %s (%s)", path, strings.Join(found, ", "))
}

// tenderStrings returns the bytes of an ELF tender's read-only data
// sections (.rodata*), where its C strings are: 10 KB of solo5-hvt's
// 178 KB. A file that is not ELF, or has no such section, is read whole.
func tenderStrings(path string) ([]byte, error) {
	var data []byte
	raw, err := safefile.Open(path)
	if err != nil {
		return nil, err
	}
	defer raw.Close()
	err = withELF(raw, func(f *elf.File) error {
		for _, s := range f.Sections {
			if s.Type != elf.SHT_PROGBITS || !strings.HasPrefix(s.Name, ".rodata") {
				continue
			}
			if uint64(len(data))+s.Size > maxTenderBytes {
				return fmt.Errorf("%s: its read-only data is over %d bytes", path, maxTenderBytes)
			}
			b, err := s.Data()
			if err != nil {
				return err
			}
			data = append(data, b...)
		}
		return nil
	})
	if err != nil || len(data) == 0 {
		return safefile.Read(path, maxTenderBytes)
	}
	return data, nil
}

// tenderVersion parses s as a whole SOLO5_VERSION string: v, three numbers,
// then nothing or a git describe suffix (-N-gHASH, -dirty).
func tenderVersion(s []byte) (filters.Version, bool) {
	var v filters.Version
	if len(s) > 64 || len(s) == 0 || s[0] != 'v' {
		return v, false
	}
	i := 1
	for k := range v {
		start := i
		for i < len(s) && i-start < 5 && s[i] >= '0' && s[i] <= '9' {
			v[k] = v[k]*10 + int(s[i]-'0')
			i++
		}
		if i == start {
			return v, false
		}
		if k < len(v)-1 {
			if i == len(s) || s[i] != '.' {
				return v, false
			}
			i++
		}
	}
	if i < len(s) && s[i] != '-' {
		return v, false
	}
	for ; i < len(s); i++ {
		if s[i] <= ' ' || s[i] > '~' {
			return v, false
		}
	}
	return v, true
}

// solo5Args is what a solo5-hvt command line names.
type solo5Args struct {
	unikernel string      // "" if none
	blocks    [][2]string // --block:NAME=PATH: the option and its path
	taps      []Tap       // --net:NAME=TAP (not --net:NAME=@FD)
	fds       []int       // --net:NAME=@FD
	dumpcore  string      // --dumpcore=DIR (solo5-hvt-debug)
}

// parseSolo5Args reads args as hvt_main.c does: options start with --, "--"
// ends them, the first other word is the unikernel, and the rest is the
// unikernel's own command line.
func parseSolo5Args(args []string) solo5Args {
	var s solo5Args
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			if i+1 < len(args) {
				s.unikernel = args[i+1]
			}
			return s
		case strings.HasPrefix(a, "--block:"):
			if opt, path, ok := strings.Cut(a, "="); ok && path != "" {
				s.blocks = append(s.blocks, [2]string{opt, path})
			}
		case strings.HasPrefix(a, "--dumpcore="):
			s.dumpcore = strings.TrimPrefix(a, "--dumpcore=")
		case strings.HasPrefix(a, "--net:"):
			name, iface, ok := strings.Cut(strings.TrimPrefix(a, "--net:"), "=")
			switch {
			case !ok || iface == "":
			case strings.HasPrefix(iface, "@"):
				if fd, err := strconv.Atoi(iface[1:]); err == nil && fd >= 0 {
					s.fds = append(s.fds, fd)
				}
			default:
				s.taps = append(s.taps, Tap{Arg: i, Iface: iface, Word: "--net:" + strings.ReplaceAll(name, "%", "%%") + "=@%d", Flags: unix.IFF_TAP | unix.IFF_NO_PI})
			}
		case strings.HasPrefix(a, "--"):
		default:
			s.unikernel = a
			return s
		}
	}
	return s
}

// solo5TakesTapFds: Solo5 before v0.10.0 accepts a tap as --net:NAME=@FD;
// from v0.10.0 tap_attach() never sets the MTU for @FD and the tender
// refuses it (see tap.go).
var solo5TakesTapFds = filters.Version{0, 10, 0}

// solo5Reach is what solo5-hvt's command line names, each path resolved
// once (grant.go): its unikernel (read; a regular file), each
// --block:NAME=PATH (read-write; a regular file or a block device, which
// never grows), /dev/kvm, /dev/urandom for a random MAC, its taps (attached
// by the wrapper where the version takes @FD, else /dev/net/tun for a tap
// it can attach without a capability), and --dumpcore's folder.
func solo5Reach(exe string, args []string, version *filters.Version) (*Reach, error) {
	return solo5TenderReach(exe, args, version, true)
}

// solo5TenderReach is a Solo5 tender's reach, with /dev/kvm for hvt.
func solo5TenderReach(exe string, args []string, version *filters.Version, kvm bool) (*Reach, error) {
	devices := []PathRight{{Path: "/dev/urandom", Right: Read}}
	if kvm {
		devices = append(devices, PathRight{Path: "/dev/kvm", Right: Device})
	}
	r, err := newReach(exe, devices...)
	if err != nil {
		return nil, err
	}
	add := r.grant
	s := parseSolo5Args(args)
	if s.unikernel != "" {
		if err := add("the unikernel", s.unikernel, Read, aFile); err != nil {
			return nil, err
		}
	}
	for _, b := range s.blocks {
		if err := add(b[0], b[1], ReadWrite, anImage); err != nil {
			return nil, err
		}
	}
	r.Fds = s.fds
	if len(s.taps) > 0 {
		if version != nil && version.Less(solo5TakesTapFds) {
			r.Taps = s.taps
			r.Notes = append(r.Notes, fmt.Sprintf("net: the wrapper attaches %d tap(s) and passes each as --net:NAME=@FD (Solo5 %s takes them): no /dev/net/tun, no capability", len(s.taps), version))
		} else {
			for _, t := range s.taps {
				if err := r.attachByName(t.Iface); err != nil {
					return nil, err
				}
			}
			if err := add("", "/dev/net/tun", Device, aDevice); err != nil {
				return nil, err
			}
			// tap_attach() reads the tap's MTU through an AF_INET socket
			// (SIOCGIFMTU) from v0.10 on; under the floor that needs one.
			r.Inet = "Solo5 reads its tap's MTU through one"
			r.Notes = append(r.Notes, "net: the monitor attaches its tap(s) by name (Solo5 v0.10 and later refuse --net:NAME=@FD): each is one it can attach without a capability; another such tap in this network namespace stays attachable to it")
		}
	}
	if s.dumpcore != "" {
		if err := add("--dumpcore", s.dumpcore, CreateFiles, aFolder); err != nil {
			return nil, err
		}
		r.Calls = append(r.Calls, dumpcoreCalls...)
	}
	return r, nil
}

// dumpcoreCalls are what solo5-hvt-debug --dumpcore=DIR adds to a run
// (learn --monitor on v0.9.3 and v0.12.1, test_dumpcore), on top of the
// embedded policy, when and only when the command line asks for a core.
var dumpcoreCalls = []Call{
	{Name: "getpid", Why: "--dumpcore: names the core file"},
	{Name: "mincore", Why: "--dumpcore: finds the guest pages to dump"},
	{Name: "ioctl", Request: 0x8138ae83, Arch: "amd64", Why: "--dumpcore: KVM_GET_SREGS, the vCPU state for the core"},
}
