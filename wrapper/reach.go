package wrapper

import (
	"debug/elf"
	"fmt"
	"io"
	"strings"
	"sync"

	"golang.org/x/sys/unix"

	"github.com/landlock-lsm/go-landlock/landlock"
	ll "github.com/landlock-lsm/go-landlock/landlock/syscall"

	"urunc-seccomp-exec/filters"
	"urunc-seccomp-exec/safefile"
)

// Reach is what a monitor may do beyond its seccomp policy, derived from
// its command line by its adapter: the objects it may open (those the
// command line names and what its dynamic loader needs, each with the
// rights it needs, each resolved once: grant.go), the taps the wrapper
// attaches for it, the descriptors it keeps, how large it may grow a file,
// and calls its options add. Everything else on the filesystem is closed to
// it by Landlock, which also keeps it from ptracing (so from writing the
// memory of) any process outside its domain and, on newer kernels, from
// TCP, abstract UNIX sockets and signals to other processes. It keeps no
// capability.
type Reach struct {
	Paths []PathRight
	Calls []Call // system calls the command line asks for beyond the policy
	// Taps are attached by the wrapper and handed over as descriptors
	// (tap.go): the monitor then needs neither /dev/net/tun nor a
	// capability.
	Taps []Tap
	// Words are arguments the wrapper replaces, by index in the monitor's
	// arguments, with what confines the same thing more tightly.
	Words map[int]string
	// Fds are the inherited descriptors the command line names (@N); every
	// other one but 0, 1 and 2 (and --preserve-fds) is closed at execve.
	Fds []int
	// FileSizeLimit, if not 0, is the monitor's RLIMIT_FSIZE: no file it
	// writes grows past it (its block images never grow).
	FileSizeLimit int64
	// ByName are the taps the monitor attaches by name itself (it holds
	// /dev/net/tun); Prepare checks no other tap is open to it.
	ByName []string
	// Inet, if set, says why the monitor needs AF_INET/AF_INET6 sockets
	// (to configure its tap through one); the floor denies them otherwise.
	Inet string
	// Connect, if set, says why the monitor connects to unix sockets the
	// command line does not name one by one (the floor denies connect
	// otherwise): a hybrid vsock's PATH_PORT sockets.
	Connect string
	Notes   []string // what was decided about the above, for --dry-run -v
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

// PathRight is one object the monitor may reach and what it may do with
// it: the path as named, and the descriptor the grant is made on.
type PathRight struct {
	Path  string
	Right Right
	fd    int // -1: nothing granted (the path did not exist), or created at start (dir)
	size  int64
	kind  uint32 // S_IFREG, S_IFBLK, ...
	// dir, if not 0, is the folder in which the file name is created at
	// start (a file the monitor writes that does not exist yet): planning,
	// and so --dry-run, creates nothing.
	dir     int
	name    string
	created bool // a file the monitor writes (addCreated), not an image
}

// Right is a set of Landlock filesystem rights, named for what it allows.
type Right int

const (
	Read          Right = iota // read the file
	ReadWrite                  // read and write (and truncate) the file
	Device                     // read, write and ioctl the device
	Execute                    // execute the file (and read it)
	ReadTree                   // read files under the folder
	CreateFiles                // create and write files in the folder
	CreateSockets              // create unix sockets in the folder
	Connect                    // connect to the unix socket (where the ABI governs it)
	ShareTree                  // read, write, create and remove files and folders under the folder (a 9p share)
)

func (r Right) String() string {
	return [...]string{"read", "read-write", "device", "execute", "read files under", "create files in",
		"create sockets in", "connect to", "share (read, write, create, remove) under"}[r]
}

func (r Right) access() landlock.AccessFSSet {
	const read, write = ll.AccessFSReadFile, ll.AccessFSWriteFile | ll.AccessFSTruncate
	const tree = read | write | ll.AccessFSReadDir | ll.AccessFSMakeReg | ll.AccessFSMakeDir | ll.AccessFSRemoveFile | ll.AccessFSRemoveDir | ll.AccessFSMakeSym
	return [...]landlock.AccessFSSet{read, read | write, read | write | ll.AccessFSIoctlDev, read | ll.AccessFSExecute, read,
		write | ll.AccessFSMakeReg | ll.AccessFSReadDir, ll.AccessFSMakeSock, ll.AccessFSResolveUnix, tree}[r]
}

// loaderPaths is what a dynamic loader reads on Debian-like systems: its
// cache and the library folders (read only: executable mappings of
// libraries are mmap(2), which Landlock does not govern). They are the
// system's, not the command line's.
var loaderPaths = []struct {
	path  string
	right Right
	obj   object
}{
	{"/etc/ld.so.cache", Read, aFile},
	{"/lib", ReadTree, aSystemTree}, {"/lib64", ReadTree, aSystemTree}, {"/usr/lib", ReadTree, aSystemTree},
	{"/usr/lib64", ReadTree, aSystemTree}, {"/usr/local/lib", ReadTree, aSystemTree},
}

// maxInterpreterDepth is how many #! interpreters the kernel follows
// before it gives up (BINPRM_MAX_RECURSION in fs/exec.c).
const maxInterpreterDepth = 4

// executableReach is what running the executable at exe needs: executing
// it and what the kernel loads for it, each granted on the descriptor its
// headers were read from: for an ELF binary, the first PT_INTERP only (the
// one the kernel uses) and the loader's files; for a #! script, its
// interpreter's needs.
func executableReach(exe string) ([]PathRight, error) {
	return executableReachDepth(exe, "monitor", 0)
}

func executableReachDepth(exe, what string, depth int) ([]PathRight, error) {
	if depth > maxInterpreterDepth {
		return nil, fmt.Errorf("%s %s: more than %d #! interpreters in a row: the kernel will not run it", what, exe, maxInterpreterDepth)
	}
	f, err := safefile.Open(exe)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", what, exe, err)
	}
	var st unix.Stat_t
	if err := unix.Fstat(int(f), &st); err != nil || st.Mode&unix.S_IFMT != unix.S_IFREG {
		f.Close()
		return nil, NotExecutablef("%s %s is not a regular file: give the program itself", what, exe)
	}
	paths := []PathRight{{Path: exe, Right: Execute, fd: int(f), size: st.Size, kind: unix.S_IFREG}}
	if interp, ok := scriptInterpreter(f); ok {
		ip, err := executableReachDepth(interp, "the interpreter of "+exe, depth+1)
		if err != nil {
			return nil, err
		}
		return append(paths, ip...), nil
	}
	var interp string
	err = withELF(f, func(f *elf.File) error {
		interp, err = elfInterpreter(f)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("%s %s: reading its ELF headers for its interpreter: %w: give a complete ELF binary (or a #! script)", what, exe, err)
	}
	if interp == "" {
		return paths, nil // static
	}
	g, err := grantPath("the ELF interpreter of", interp, Execute, aFile)
	if err != nil {
		return nil, err
	}
	if g.fd < 0 {
		return nil, NotFoundf("%s %s: its ELF interpreter %s does not exist: install it, or give a static binary", what, exe, interp)
	}
	paths = append(paths, g)
	for _, l := range loaderPaths {
		g, err := grantPath("the loader's", l.path, l.right, l.obj)
		if err != nil {
			return nil, err
		}
		paths = append(paths, g)
	}
	return paths, nil
}

// elfInterpreter is the interpreter the kernel loads for f: its first
// PT_INTERP, up to the first NUL (binfmt_elf stops at the first PT_INTERP
// and opens it as a C string); "" for a static binary.
func elfInterpreter(f *elf.File) (string, error) {
	for _, p := range f.Progs {
		if p.Type != elf.PT_INTERP {
			continue
		}
		if p.Filesz < 2 || p.Filesz > unix.PathMax {
			return "", fmt.Errorf("its PT_INTERP is %d bytes, which the kernel refuses", p.Filesz)
		}
		buf := make([]byte, p.Filesz)
		if _, err := p.ReadAt(buf, 0); err != nil {
			return "", fmt.Errorf("its ELF interpreter: %w", err)
		}
		name, _, _ := strings.Cut(string(buf), "\x00")
		if name == "" {
			return "", fmt.Errorf("its PT_INTERP is empty")
		}
		return name, nil
	}
	return "", nil
}

// scriptInterpreter is the interpreter a #! script names.
func scriptInterpreter(f safefile.File) (string, bool) {
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
// flags, and the kernel's Landlock ABI (0: none, fd -1). go-landlock makes
// the ruleset (what it handles, downgraded to the kernel's ABI); the rules
// are added here, on the descriptors the grants were checked on, since
// go-landlock opens rules by path again.
func (r *Reach) Ruleset() (fd int, flags uint32, abi int, err error) {
	if abi = LandlockABI(); abi < 1 {
		return -1, 0, 0, nil
	}
	fd, flags, err = landlockConfig.NewRulesetFD()
	if err != nil {
		return -1, 0, abi, fmt.Errorf("building the Landlock ruleset: %w", err)
	}
	handled := uint64(landlockConfig.HandledAccessFS & handledAtABI(abi))
	for _, p := range r.Paths {
		access := uint64(p.Right.access()) & handled
		if p.fd < 0 || access == 0 {
			continue
		}
		if err := ll.LandlockAddPathBeneathRule(fd, &ll.PathBeneathAttr{ParentFd: p.fd, AllowedAccess: access}, 0); err != nil {
			unix.Close(fd)
			return -1, 0, abi, fmt.Errorf("adding the Landlock rule for %s %s: %w", p.Right, p.Path, err)
		}
	}
	return fd, flags, abi, nil
}

// handledAtABI is the filesystem rights a kernel of Landlock ABI abi
// handles.
func handledAtABI(abi int) landlock.AccessFSSet {
	versions := []landlock.Config{landlock.V1, landlock.V2, landlock.V3, landlock.V4, landlock.V5, landlock.V6, landlock.V7, landlock.V8, landlock.V9}
	return versions[min(abi, len(versions))-1].HandledAccessFS
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

// AllowCallsIn allows the calls the command line asks for in the seccomp
// policy p (resolved for arch), each unless p allows it already, and
// reports whether it added any.
func (r *Reach) AllowCallsIn(p *filters.Policy, arch string) (added bool) {
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
	out := []string{"capabilities: none kept at execve (permitted, effective, inheritable and ambient sets emptied; under no_new_privs execve grants none)"}
	out = append(out, r.Notes...)
	for _, c := range r.Calls {
		out = append(out, "seccomp: also allowed: "+c.Name+" ("+c.Why+")")
	}
	for _, p := range r.Paths {
		if p.fd < 0 && p.dir > 0 {
			out = append(out, fmt.Sprintf("landlock: %s %s (created at start, in a folder only root or this user can change)", p.Right, p.Path))
			continue
		}
		if p.fd < 0 {
			out = append(out, fmt.Sprintf("landlock: nothing for %s (it does not exist)", p.Path))
			continue
		}
		out = append(out, fmt.Sprintf("landlock: %s %s (%s)", p.Right, p.Path, p.Resolved()))
	}
	return out
}

// withELF reads the ELF headers of f for fn.
func withELF(f io.ReaderAt, fn func(*elf.File) error) error {
	e, err := elf.NewFile(f)
	if err != nil {
		return err
	}
	return fn(e)
}
