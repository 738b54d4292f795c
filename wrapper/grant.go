package wrapper

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"

	"urunc-seccomp-exec/safefile"
)

// A grant is made on what a path named when the wrapper looked, never on
// the path: the wrapper opens it once, checks on that descriptor what it
// is, and Landlock's rule is made on the descriptor. A path another user
// swaps afterwards (a symlink flipped to /) then reaches nothing new: the
// monitor's open of it is checked against the object granted.

// object is what kind of object a path must be to be granted.
type object int

const (
	aFile       object = iota // a regular file: the unikernel, the monitor, its interpreter
	anImage                   // a block image: a regular file or a block device
	aDevice                   // a character device: /dev/kvm, /dev/net/tun, /dev/urandom
	aFolder                   // a folder the option means as one (--dumpcore): real, only root or the caller can change it
	aSystemTree               // a folder the monitor reads, or a system folder (/lib, /usr/lib)
	aSocket                   // a unix socket the monitor connects to
)

func (o object) String() string {
	return [...]string{"a regular file", "a regular file or a block device", "a character device", "a folder", "a folder", "a socket"}[o]
}

// grantPath opens path and checks that it is the object o, for the right
// r; option names it in errors (--block:storage). A path that does not
// exist is granted nothing (fd -1): the monitor fails on it itself, and
// whatever is put there later is not granted.
func grantPath(option, path string, r Right, o object) (PathRight, error) {
	g := PathRight{Path: path, Right: r, fd: -1}
	named := strings.TrimSpace(option + " " + path) // --block:storage /img, or /dev/kvm
	var fd int
	var err error
	if o == aFolder {
		fd, err = safefile.OpenTrustedFolder(path)
		if err != nil {
			return g, fmt.Errorf("%s=%s: %w", option, path, err)
		}
	} else {
		fd, err = openPath(path)
		switch {
		case errors.Is(err, unix.ENOENT) || errors.Is(err, unix.ENOTDIR):
			return g, nil
		case errors.Is(err, unix.EACCES) || errors.Is(err, unix.EPERM):
			return g, fmt.Errorf("%s: %w: make it readable by the user running the wrapper", named, err)
		case err != nil:
			return g, fmt.Errorf("%s: %w", strings.TrimSpace(option+":"), err)
		}
	}
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		unix.Close(fd)
		return g, fmt.Errorf("%s: fstat: %w", named, err)
	}
	kind := st.Mode & unix.S_IFMT
	ok := false
	switch o {
	case aFile:
		ok = kind == unix.S_IFREG
	case anImage:
		ok = kind == unix.S_IFREG || kind == unix.S_IFBLK
	case aDevice:
		ok = kind == unix.S_IFCHR
	case aFolder, aSystemTree:
		ok = kind == unix.S_IFDIR
	case aSocket:
		ok = kind == unix.S_IFSOCK
	}
	if !ok {
		unix.Close(fd)
		return g, fmt.Errorf("%s is %s, not %s: name %s itself (the wrapper grants exactly the object a path names)",
			named, describeMode(kind), o, o)
	}
	g.fd, g.size, g.kind = fd, st.Size, kind
	return g, nil
}

// openPath opens path for use as a Landlock rule's anchor (O_PATH: no
// read, no open side effect on a device or FIFO), following symlinks as
// the monitor's own open will (urunc's devmapper paths are links to
// /dev/dm-N), but only links and folders no other user can change
// (safefile.OpenResolved).
func openPath(path string) (int, error) {
	return safefile.OpenResolved(path, true)
}

// Resolved is what the path named when it was opened, for --dry-run -v
// (asked only then: a run does not pay for it): its kind and its path from
// /proc when there is one (urunc's monitor root has no /proc), else its
// device and inode.
func (g PathRight) Resolved() string {
	var st unix.Stat_t
	if g.fd < 0 || unix.Fstat(g.fd, &st) != nil {
		return ""
	}
	what := describeMode(st.Mode & unix.S_IFMT)
	if p, err := os.Readlink("/proc/self/fd/" + strconv.Itoa(g.fd)); err == nil {
		return what + " " + p
	}
	return fmt.Sprintf("%s, device %d:%d inode %d", what, unix.Major(st.Dev), unix.Minor(st.Dev), st.Ino)
}

func describeMode(kind uint32) string {
	switch kind {
	case unix.S_IFREG:
		return "a regular file"
	case unix.S_IFDIR:
		return "a folder"
	case unix.S_IFBLK:
		return "a block device"
	case unix.S_IFCHR:
		return "a character device"
	case unix.S_IFIFO:
		return "a FIFO"
	case unix.S_IFSOCK:
		return "a socket"
	}
	return "of an unknown kind"
}

// grant grants the object path names, checked as grantPath does.
func (r *Reach) grant(option, path string, right Right, o object) error {
	g, err := grantPath(option, path, right, o)
	if err == nil {
		r.Paths = append(r.Paths, g)
	}
	return err
}

// newReach is where every monitor's reach starts: executing itself and
// what the kernel loads for it (executableReach), and the character
// devices given ("" path: none), each if it exists.
func newReach(exe string, devices ...PathRight) (*Reach, error) {
	paths, err := executableReach(exe)
	if err != nil {
		return nil, err
	}
	r := &Reach{Paths: paths}
	for _, d := range devices {
		if err := r.grant("", d.Path, d.Right, aDevice); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// addCreated grants a file the monitor writes (a pid file, a log, a serial
// port's file): in a folder only root or this user can change, reached
// through no symbolic link at all, and not a link itself, so that what is
// granted is that one regular file. A file that does not exist yet is
// created at start (createFiles), never while planning.
func (r *Reach) addCreated(option, path string) error {
	if path == "" {
		return fmt.Errorf("%s names no file: give it one", option)
	}
	dir, err := safefile.OpenResolved(filepath.Dir(path), false)
	if err == nil {
		err = safefile.TrustedFolder(dir, filepath.Dir(path))
		if err != nil {
			unix.Close(dir)
		}
	}
	if err != nil {
		return fmt.Errorf("%s %s: %w", option, path, err)
	}
	name := filepath.Base(path)
	fd, err := unix.Openat(dir, name, unix.O_PATH|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if errors.Is(err, unix.ENOENT) {
		r.Paths = append(r.Paths, PathRight{Path: path, Right: ReadWrite, fd: -1, kind: unix.S_IFREG, dir: dir, name: name, created: true})
		return nil
	}
	unix.Close(dir)
	if err != nil {
		return fmt.Errorf("%s %s: %w: name a file the user running the wrapper can create", option, path, err)
	}
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil || st.Mode&unix.S_IFMT != unix.S_IFREG || !ownedHere(&st) {
		unix.Close(fd)
		switch {
		case st.Mode&unix.S_IFMT == unix.S_IFLNK:
			return fmt.Errorf("%s %s is a symbolic link: name the file itself (a link's target can change after it is checked)", option, path)
		case st.Mode&unix.S_IFMT == unix.S_IFREG:
			return fmt.Errorf("%s %s belongs to uid %d, who would read what the monitor writes: remove it, or name a file in a folder only root or this user can write", option, path, st.Uid)
		}
		return fmt.Errorf("%s %s is not a regular file: name a file", option, path)
	}
	r.Paths = append(r.Paths, PathRight{Path: path, Right: ReadWrite, fd: fd, size: st.Size, kind: unix.S_IFREG, created: true})
	return nil
}

// ownedHere: root or this user owns the file (in a sticky folder such as
// /tmp, another user may have put one there first).
func ownedHere(st *unix.Stat_t) bool {
	return st.Uid == 0 || int(st.Uid) == os.Geteuid()
}

// createFiles creates, at start, the files addCreated planned to create:
// in the folder checked then, never through a link.
func (r *Reach) createFiles() error {
	for i := range r.Paths {
		p := &r.Paths[i]
		if p.fd >= 0 || p.dir <= 0 {
			continue
		}
		fd, err := unix.Openat(p.dir, p.name, unix.O_WRONLY|unix.O_CREAT|unix.O_NOFOLLOW|unix.O_NONBLOCK|unix.O_CLOEXEC, 0o644)
		if err != nil {
			return fmt.Errorf("creating %s: %w", p.Path, err)
		}
		var st unix.Stat_t
		if err := unix.Fstat(fd, &st); err != nil || st.Mode&unix.S_IFMT != unix.S_IFREG || !ownedHere(&st) {
			unix.Close(fd)
			return fmt.Errorf("creating %s: another user's file or not a regular file is there now: name a file in a folder only root or this user can write", p.Path)
		}
		p.fd = fd
	}
	return nil
}

// addSocket grants a unix socket: a server creates it, which Landlock
// allows per folder (the socket's folder, for sockets only); a client
// connects to an existing one.
func (r *Reach) addSocket(option, path string, server bool) error {
	if path == "" {
		return fmt.Errorf("%s names no socket path: give one", option)
	}
	if server {
		return r.grant(option, filepath.Dir(path), CreateSockets, aSystemTree)
	}
	return r.grant(option, path, Connect, aSocket)
}
