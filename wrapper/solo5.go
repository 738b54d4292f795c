package wrapper

import (
	"bytes"
	"debug/elf"
	"fmt"
	"slices"
	"strings"

	"urunc-seccomp-exec/filters"
	"urunc-seccomp-exec/safefile"
)

// Solo5HVT gets our BPF filter, chosen by its version (read from its
// binary), and a Reach derived from its command line (Landlock, no
// capabilities); its arguments pass through untouched (empty strings and
// word-split command lines included).
var Solo5HVT = Monitor{
	Name:   "solo5-hvt",
	Prefix: "solo5-hvt",
	Args:   passThrough,
	Reach:  solo5Reach,
}

// Solo5SPT always installs its own filter and cannot be unconfined.
var Solo5SPT = Monitor{
	Name:      "solo5-spt",
	Prefix:    "solo5-spt",
	OwnFilter: true,
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
	raw, err := openRaw(path)
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
	unikernel string   // "" if none
	blocks    []string // --block:NAME=PATH
	taps      []string // --net:NAME=TAP (not --net:NAME=@FD)
	dumpcore  string   // --dumpcore=DIR (solo5-hvt-debug)
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
			if _, path, ok := strings.Cut(a, "="); ok && path != "" {
				s.blocks = append(s.blocks, path)
			}
		case strings.HasPrefix(a, "--dumpcore="):
			s.dumpcore = strings.TrimPrefix(a, "--dumpcore=")
		case strings.HasPrefix(a, "--net:"):
			if _, iface, ok := strings.Cut(a, "="); ok && iface != "" && !strings.HasPrefix(iface, "@") {
				s.taps = append(s.taps, iface)
			}
		case strings.HasPrefix(a, "--"):
		default:
			s.unikernel = a
			return s
		}
	}
	return s
}

// solo5Reach is what solo5-hvt's command line names: its unikernel (read),
// each --block:NAME=PATH (read-write), /dev/kvm, and with --net:NAME=TAP
// /dev/net/tun (devices); /dev/urandom for a random MAC.
func solo5Reach(exe string, args []string) (*Reach, error) {
	r, err := dynamicReach(exe)
	if err != nil {
		return nil, err
	}
	r.Paths = append(r.Paths, PathRight{"/dev/kvm", Device}, PathRight{"/dev/urandom", Read})
	s := parseSolo5Args(args)
	for _, b := range s.blocks {
		r.Paths = append(r.Paths, PathRight{b, ReadWrite})
	}
	// It needs no capability for /dev/kvm, its unikernel or blocks.
	if len(s.taps) > 0 {
		r.Paths = append(r.Paths, PathRight{"/dev/net/tun", Device})
	}
	for _, tap := range s.taps {
		if tapNeedsNetAdmin(tap) {
			r.Capabilities = []Capability{CapNetAdmin}
		}
	}
	if s.unikernel != "" {
		r.Paths = append(r.Paths, PathRight{s.unikernel, Read})
	}
	if s.dumpcore != "" {
		r.Paths = append(r.Paths, PathRight{s.dumpcore, CreateFiles})
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
