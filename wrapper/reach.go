package wrapper

import (
	"debug/elf"
	"fmt"
	"os"
	"strings"

	"github.com/landlock-lsm/go-landlock/landlock"
	ll "github.com/landlock-lsm/go-landlock/landlock/syscall"
)

// Reach is what a monitor may open, the files its command line names and
// what its dynamic loader needs, each with the rights it needs, and the
// capabilities it keeps. Everything
// else on the filesystem is closed to it by Landlock, which also keeps it
// from ptracing (so from writing the memory of) any process outside its
// domain and, on newer kernels, from TCP, abstract UNIX sockets and signals
// to other processes.
type Reach struct {
	Paths        []PathRight
	Capabilities []Capability // kept at execve; every other one is dropped
}

// PathRight is one path and what may be done with it.
type PathRight struct {
	Path  string
	Right Right
}

// Right is a set of Landlock filesystem rights, named for what it allows.
type Right int

const (
	Read      Right = iota // read the file
	ReadWrite              // read and write (and truncate) the file
	Device                 // read, write and ioctl the device
	Execute                // execute the file (and read it)
	ReadTree               // read files under the folder
)

func (r Right) String() string {
	return [...]string{"read", "read-write", "device", "execute", "read files under"}[r]
}

func (r Right) access() landlock.AccessFSSet {
	const read, write = ll.AccessFSReadFile, ll.AccessFSWriteFile | ll.AccessFSTruncate
	return [...]landlock.AccessFSSet{read, read | write, read | write | ll.AccessFSIoctlDev, read | ll.AccessFSExecute, read}[r]
}

// loaderPaths is what a dynamic loader reads on Debian-like systems: its
// cache and the library folders (read only: executable mappings of
// libraries are mmap(2), which Landlock does not govern).
var loaderPaths = []PathRight{
	{"/etc/ld.so.cache", Read},
	{"/lib", ReadTree}, {"/lib64", ReadTree}, {"/usr/lib", ReadTree}, {"/usr/lib64", ReadTree}, {"/usr/local/lib", ReadTree},
}

// dynamicReach is what running the executable at exe needs: executing it
// and its ELF interpreter (or, for a #! script, its interpreter's needs),
// and what the loader reads.
func dynamicReach(exe string) (*Reach, error) {
	r := &Reach{Paths: []PathRight{{exe, Execute}}}
	if interp, ok := scriptInterpreter(exe); ok {
		ir, err := dynamicReach(interp)
		if err != nil {
			return nil, err
		}
		r.Paths = append(r.Paths, ir.Paths...)
		return r, nil
	}
	f, err := elf.Open(exe)
	if err != nil {
		return nil, fmt.Errorf("monitor %s: reading its ELF headers for its interpreter: %v", exe, err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type != elf.PT_INTERP {
			continue
		}
		buf := make([]byte, min(p.Filesz, 4096))
		if _, err := p.ReadAt(buf, 0); err != nil {
			return nil, fmt.Errorf("monitor %s: its ELF interpreter: %v", exe, err)
		}
		r.Paths = append(r.Paths, PathRight{strings.TrimRight(string(buf), "\x00"), Execute})
		r.Paths = append(r.Paths, loaderPaths...)
	}
	return r, nil
}

// scriptInterpreter is the interpreter a #! script names.
func scriptInterpreter(path string) (string, bool) {
	f, err := os.Open(path)
	if err != nil {
		return "", false
	}
	defer f.Close()
	buf := make([]byte, 256)
	n, _ := f.Read(buf)
	line, _, _ := strings.Cut(string(buf[:n]), "\n")
	if !strings.HasPrefix(line, "#!") {
		return "", false
	}
	fields := strings.Fields(line[2:])
	if len(fields) == 0 {
		return "", false
	}
	return fields[0], true
}

// solo5Args is what a solo5-hvt command line names.
type solo5Args struct {
	unikernel string   // "" if none
	blocks    []string // --block:NAME=PATH
	taps      []string // --net:NAME=TAP (not --net:NAME=@FD)
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
	return r, nil
}

// landlockConfig is every restriction go-landlock knows, downgraded to what
// the kernel supports (best effort: an older kernel restricts less).
var landlockConfig = landlock.V9.BestEffort()

// Ruleset builds the Landlock ruleset for the reach: a file descriptor to
// enforce on the exec'ing thread with landlock_restrict_self(2), its
// flags, and the kernel's Landlock ABI (0: none, fd -1).
func (r *Reach) Ruleset() (fd int, flags uint32, abi int, err error) {
	abi, _ = ll.LandlockGetABIVersion()
	if abi < 1 {
		return -1, 0, 0, nil
	}
	var rules []landlock.Rule
	for _, p := range r.Paths {
		rules = append(rules, landlock.PathAccess(p.Right.access(), p.Path).IgnoreIfMissing())
	}
	fd, flags, err = landlockConfig.NewRulesetFD(rules...)
	if err != nil {
		return -1, 0, abi, fmt.Errorf("building the Landlock ruleset: %v", err)
	}
	return fd, flags, abi, nil
}

// LandlockABI is the kernel's Landlock ABI version, 0 when it has none (too
// old, or landlock not in the LSM list).
func LandlockABI() int {
	abi, err := ll.LandlockGetABIVersion()
	if err != nil {
		return 0
	}
	return abi
}

// Describe lists the rules, one a line, for --dry-run -v.
func (r *Reach) Describe() []string {
	out := []string{"capabilities: none kept at execve (bounding, inheritable and ambient sets emptied)"}
	if len(r.Capabilities) > 0 {
		var kept []string
		for _, c := range r.Capabilities {
			kept = append(kept, c.Name+" ("+c.Why+")")
		}
		out[0] = "capabilities: only " + strings.Join(kept, ", ") + " kept at execve"
	}
	for _, p := range r.Paths {
		out = append(out, fmt.Sprintf("landlock: %s %s", p.Right, p.Path))
	}
	return out
}
