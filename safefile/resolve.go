package safefile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"
)

// OpenResolved opens path as an O_PATH descriptor, resolving it one
// component at a time as the kernel does, but only through what no user
// other than root and the caller can change: every folder it walks
// through is owned by root or the caller and writable by nobody else, or
// sticky (/tmp: there nobody can rename or remove an entry they do not
// own), and every symbolic link it follows is owned by root or the caller
// (links: false refuses every link). A link or folder another user
// controls could point the monitor's grant at any file: a uid-1000 link to
// /, or to a root-only file, through a folder uid 1000 owns. urunc's
// devmapper paths (root's /dev/mapper/X -> ../dm-N) resolve. The final
// object may be anyone's: it is what the path names, checked by the
// caller on the descriptor. An error wraps ENOENT or ENOTDIR when a
// component does not exist.
func OpenResolved(path string, links bool) (int, error) {
	if path == "" {
		return -1, &os.PathError{Op: "open", Path: path, Err: unix.ENOENT}
	}
	r := resolver{path: path, links: links, uid: uint32(os.Geteuid()), final: unix.O_PATH}
	return r.open(path)
}

// OpenResolvedRead is OpenResolved, the final object opened for reading
// (O_RDONLY|O_NONBLOCK) instead of O_PATH: to read a regular file's
// header. Its caller checks it is the object an O_PATH open found.
func OpenResolvedRead(path string) (int, error) {
	r := resolver{path: path, links: true, uid: uint32(os.Geteuid()), final: unix.O_RDONLY | unix.O_NONBLOCK | unix.O_NOCTTY}
	return r.open(path)
}

// maxLinks is the kernel's own bound on links followed in one lookup.
const maxLinks = 40

type resolver struct {
	path     string // as given, for messages
	links    bool
	uid      uint32
	followed int
	final    int // how the final object is opened: O_PATH, or for reading
}

// open resolves path: from / when absolute, else from the working
// folder, as the kernel does (the folders above it are not walked).
func (r *resolver) open(path string) (int, error) {
	start := "."
	if filepath.IsAbs(path) {
		start = "/"
	}
	dir, err := unix.Open(start, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return -1, err
	}
	rest := splitPath(path)
	for len(rest) > 0 {
		name := rest[0]
		rest = rest[1:]
		if name == "." {
			continue
		}
		var st unix.Stat_t
		if err := unix.Fstat(dir, &st); err != nil {
			unix.Close(dir)
			return -1, err
		}
		if err := r.trustedFolder(dir, &st); err != nil {
			unix.Close(dir)
			return -1, err
		}
		flags := unix.O_PATH
		if len(rest) == 0 {
			flags = r.final
		}
		fd, err := openat(dir, name, flags)
		if errors.Is(err, unix.ELOOP) && flags != unix.O_PATH { // a link: read it as one
			fd, err = openat(dir, name, unix.O_PATH)
		}
		if err != nil {
			unix.Close(dir)
			return -1, &os.PathError{Op: "open", Path: r.path, Err: err}
		}
		if err := unix.Fstat(fd, &st); err != nil {
			unix.Close(fd)
			unix.Close(dir)
			return -1, err
		}
		switch {
		case st.Mode&unix.S_IFMT == unix.S_IFLNK:
			target, err := r.link(fd, &st)
			unix.Close(fd)
			if err != nil {
				unix.Close(dir)
				return -1, err
			}
			if strings.HasPrefix(target, "/") {
				unix.Close(dir)
				if dir, err = openRoot(); err != nil {
					return -1, err
				}
			}
			rest = append(splitPath(target), rest...)
		case len(rest) == 0:
			unix.Close(dir)
			return fd, nil
		case st.Mode&unix.S_IFMT != unix.S_IFDIR:
			unix.Close(fd)
			unix.Close(dir)
			return -1, &os.PathError{Op: "open", Path: r.path, Err: unix.ENOTDIR}
		default:
			unix.Close(dir)
			dir = fd
		}
	}
	return dir, nil // the path was / (or resolved to it)
}

// trustedFolder checks a folder the walk goes through.
func (r *resolver) trustedFolder(fd int, st *unix.Stat_t) error {
	if st.Uid != 0 && st.Uid != r.uid {
		return fmt.Errorf("%s: it goes through %s, a folder owned by uid %d, who could swap what it holds: keep the file in a folder only root or this user owns", r.path, fdPath(fd), st.Uid)
	}
	if st.Mode&0o022 != 0 && st.Mode&unix.S_ISVTX == 0 {
		return fmt.Errorf("%s: it goes through %s, a folder others can write (and not sticky), who could swap what it holds: chmod go-w it, or move the file", r.path, fdPath(fd))
	}
	return nil
}

// link checks the link fd (its status st) and returns its target.
func (r *resolver) link(fd int, st *unix.Stat_t) (string, error) {
	if !r.links {
		return "", fmt.Errorf("%s goes through a symbolic link (%s): name the file itself, in folders only root or this user can change", r.path, fdPath(fd))
	}
	if st.Uid != 0 && st.Uid != r.uid {
		return "", fmt.Errorf("%s goes through %s, a symbolic link owned by uid %d, who could point it anywhere: name its target itself", r.path, fdPath(fd), st.Uid)
	}
	if r.followed++; r.followed > maxLinks {
		return "", &os.PathError{Op: "open", Path: r.path, Err: unix.ELOOP}
	}
	buf := make([]byte, unix.PathMax)
	n, err := unix.Readlinkat(fd, "", buf) // this very link, not its name again
	if err != nil {
		return "", &os.PathError{Op: "readlink", Path: r.path, Err: err}
	}
	return string(buf[:n]), nil
}

func openRoot() (int, error) {
	return unix.Open("/", unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
}

func openat(dir int, name string, flags int) (int, error) {
	for {
		fd, err := unix.Openat(dir, name, flags|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
		if !errors.Is(err, unix.EINTR) {
			return fd, err
		}
	}
}

// splitPath splits a path into its names ("" dropped: a//b is a/b).
func splitPath(p string) []string {
	var out []string
	for _, n := range strings.Split(p, "/") {
		if n != "" {
			out = append(out, n)
		}
	}
	return out
}

// fdPath names what fd is, for messages: its path where /proc says it.
func fdPath(fd int) string {
	if p, err := os.Readlink(fmt.Sprintf("/proc/self/fd/%d", fd)); err == nil {
		return p
	}
	return "a component"
}

// TrustedFolder checks that the folder fd (named path) is one only root or
// this user can change, as OpenResolved checks the folders it walks
// through: for a file created in it.
func TrustedFolder(fd int, path string) error {
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return &os.PathError{Op: "fstat", Path: path, Err: err}
	}
	if st.Mode&unix.S_IFMT != unix.S_IFDIR {
		return &os.PathError{Op: "open", Path: path, Err: unix.ENOTDIR}
	}
	r := resolver{path: path, uid: uint32(os.Geteuid())}
	return r.trustedFolder(fd, &st)
}
