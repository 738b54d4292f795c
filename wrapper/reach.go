package wrapper

import (
	"debug/elf"
	"fmt"
	"strings"
	"sync"

	"github.com/landlock-lsm/go-landlock/landlock"
	ll "github.com/landlock-lsm/go-landlock/landlock/syscall"

	"urunc-seccomp-exec/filters"
)

// Reach is what a monitor may do beyond its seccomp policy, derived from
// its command line by its adapter: the files it may open (those the command
// line names and what its dynamic loader needs, each with the rights it
// needs), the capabilities it keeps, and calls its options add. Everything
// else on the filesystem is closed to it by Landlock, which also keeps it
// from ptracing (so from writing the memory of) any process outside its
// domain and, on newer kernels, from TCP, abstract UNIX sockets and signals
// to other processes.
type Reach struct {
	Paths        []PathRight
	Capabilities []Capability // kept at execve; every other one is dropped
	Calls        []Call       // system calls the command line asks for beyond the policy
}

// Call is one system call the command line adds to the policy, with an
// ioctl request (low 32 bits) when it is an ioctl, and on which
// architecture ("" every one).
type Call struct {
	Name    string
	Request uint32
	Arch    string
	Why     string
}

// PathRight is one path and what may be done with it.
type PathRight struct {
	Path  string
	Right Right
}

// Right is a set of Landlock filesystem rights, named for what it allows.
type Right int

const (
	Read        Right = iota // read the file
	ReadWrite                // read and write (and truncate) the file
	Device                   // read, write and ioctl the device
	Execute                  // execute the file (and read it)
	ReadTree                 // read files under the folder
	CreateFiles              // create and write files in the folder
)

func (r Right) String() string {
	return [...]string{"read", "read-write", "device", "execute", "read files under", "create files in"}[r]
}

func (r Right) access() landlock.AccessFSSet {
	const read, write = ll.AccessFSReadFile, ll.AccessFSWriteFile | ll.AccessFSTruncate
	return [...]landlock.AccessFSSet{read, read | write, read | write | ll.AccessFSIoctlDev, read | ll.AccessFSExecute, read, write | ll.AccessFSMakeReg | ll.AccessFSReadDir}[r]
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
	f, err := openRaw(exe)
	if err != nil {
		return nil, fmt.Errorf("monitor %s: %v", exe, err)
	}
	defer f.Close()
	if interp, ok := scriptInterpreter(f); ok {
		ir, err := dynamicReach(interp)
		if err != nil {
			return nil, err
		}
		r.Paths = append(r.Paths, ir.Paths...)
		return r, nil
	}
	err = withELF(f, func(f *elf.File) error {
		for _, p := range f.Progs {
			if p.Type != elf.PT_INTERP {
				continue
			}
			buf := make([]byte, min(p.Filesz, 4096))
			if _, err := p.ReadAt(buf, 0); err != nil {
				return fmt.Errorf("its ELF interpreter: %v", err)
			}
			r.Paths = append(r.Paths, PathRight{strings.TrimRight(string(buf), "\x00"), Execute})
			r.Paths = append(r.Paths, loaderPaths...)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("monitor %s: reading its ELF headers for its interpreter: %v: give a complete ELF binary (or a #! script)", exe, err)
	}
	return r, nil
}

// scriptInterpreter is the interpreter a #! script names.
func scriptInterpreter(f rawFile) (string, bool) {
	head := make([]byte, 256)
	n, _ := f.ReadAt(head, 0)
	line, _, _ := strings.Cut(string(head[:n]), "\n")
	if !strings.HasPrefix(line, "#!") {
		return "", false
	}
	fields := strings.Fields(line[2:])
	if len(fields) == 0 {
		return "", false
	}
	return fields[0], true
}

// landlockConfig is every restriction go-landlock knows, downgraded to what
// the kernel supports (best effort: an older kernel restricts less).
var landlockConfig = landlock.V9.BestEffort()

// Ruleset builds the Landlock ruleset for the reach: a file descriptor to
// enforce on the exec'ing thread with landlock_restrict_self(2), its
// flags, and the kernel's Landlock ABI (0: none, fd -1).
func (r *Reach) Ruleset() (fd int, flags uint32, abi int, err error) {
	if abi = LandlockABI(); abi < 1 {
		return -1, 0, 0, nil
	}
	var rules []landlock.Rule
	for _, p := range r.Paths {
		rules = append(rules, landlock.PathAccess(p.Right.access(), p.Path).IgnoreIfMissing())
	}
	fd, flags, err = landlockConfig.NewRulesetFD(rules...)
	if err != nil {
		return -1, 0, abi, fmt.Errorf("building the Landlock ruleset: %v: every path the monitor's command line names must be one the wrapper can open (--dry-run -v lists them)", err)
	}
	return fd, flags, abi, nil
}

// LandlockABI is the kernel's Landlock ABI version, 0 when it has none (too
// old, or landlock not in the LSM list); asked of the kernel once.
var LandlockABI = sync.OnceValue(func() int {
	abi, err := ll.LandlockGetABIVersion()
	if err != nil {
		return 0
	}
	return abi
})

// AddTo adds the calls to the policy p (resolved for arch), each unless p
// allows it already, and reports whether it added any.
func (r *Reach) AddTo(p *filters.Policy, arch string) (added bool) {
	for _, c := range r.Calls {
		if c.Arch != "" && c.Arch != arch {
			continue
		}
		nr := p.Arch.MustNumber(c.Name)
		rule := filters.Rule{Name: c.Name, Nr: nr, Action: filters.Allow, File: "the command line"}
		if c.Request != 0 {
			rule.Conditions = []filters.Condition{{Arg: 1, Op: filters.Equal, Value: uint64(c.Request), Width: 32}}
		}
		if p.Decide(filters.SeccompData{Nr: nr, Arch: uint32(p.Arch.ID), Args: [6]uint64{0, uint64(c.Request)}}) != filters.Allow {
			p.Rules = append(p.Rules, rule)
			added = true
		}
	}
	return added
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
	for _, c := range r.Calls {
		out = append(out, "seccomp: also allowed: "+c.Name+" ("+c.Why+")")
	}
	for _, p := range r.Paths {
		out = append(out, fmt.Sprintf("landlock: %s %s", p.Right, p.Path))
	}
	return out
}
