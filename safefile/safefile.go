// Package safefile reads the files operators hand the wrapper (policies,
// overlays, bundle configs): regular files only, never blocking on a FIFO,
// never more than a size limit, and, where a file can loosen the sandbox,
// only from folders that nobody but root and the user can change.
package safefile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// Read returns the contents of the regular file at path, at most limit
// bytes. A FIFO, device or folder is refused without being read, so that
// /dev/zero or a pipe cannot hang the wrapper or fill its memory.
func Read(path string, limit int64) ([]byte, error) {
	fd, err := unix.Open(path, unix.O_RDONLY|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: path, Err: err}
	}
	return readFd(fd, path, limit, nil)
}

// readFd reads the regular file fd (and closes it), checking its status with
// check first when check is not nil.
func readFd(fd int, path string, limit int64, check func(*unix.Stat_t) error) ([]byte, error) {
	f := File(fd)
	defer f.Close()
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return nil, &os.PathError{Op: "fstat", Path: path, Err: err}
	}
	if st.Mode&unix.S_IFMT != unix.S_IFREG {
		return nil, fmt.Errorf("%s is not a regular file (a FIFO, device or folder): give a file", path)
	}
	if check != nil {
		if err := check(&st); err != nil {
			return nil, err
		}
	}
	if st.Size > limit {
		return nil, fmt.Errorf("%s is %d bytes, over the limit of %d: is it the right file?", path, st.Size, limit)
	}
	data, err := f.readAll(limit)
	if err != nil {
		return nil, &os.PathError{Op: "read", Path: path, Err: err}
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s grew over the limit of %d bytes while read: is it the right file?", path, limit)
	}
	return data, nil
}

// Dir is a folder opened after checking that it can be trusted.
type Dir struct {
	Path string
	f    *os.File
}

// OpenTrustedDir opens dir, after checking that nobody but root and this
// user can change what it holds: after symlinks are resolved, dir and every
// folder above it is owned by root or this user and writable by its owner
// only (as sshd's StrictModes walks up from authorized_keys). A dir that
// does not exist gives nil and no error.
func OpenTrustedDir(dir string) (*Dir, error) {
	real, err := filepath.EvalSymlinks(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("%w: make the folder readable by the user running the wrapper, or point elsewhere", err)
	}
	if real, err = filepath.Abs(real); err != nil {
		return nil, err
	}
	if err := trustedParents(dir, filepath.Dir(real)); err != nil {
		return nil, err
	}
	fd, err := unix.Open(real, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: real, Err: err}
	}
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		unix.Close(fd)
		return nil, &os.PathError{Op: "fstat", Path: real, Err: err}
	}
	if err := trusted(dir, &st); err != nil {
		unix.Close(fd)
		return nil, err
	}
	return &Dir{Path: dir, f: os.NewFile(uintptr(fd), dir)}, nil
}

// trustedParents checks that parent (symlinks resolved) and every folder
// above it can be changed by nobody but root and this user. They are
// checked by path: nobody else can rename a folder inside a folder they
// cannot write, so the checked path stays what it was.
func trustedParents(dir, parent string) error {
	for p := parent; ; p = filepath.Dir(p) {
		var st unix.Stat_t
		if err := unix.Lstat(p, &st); err != nil {
			return &os.PathError{Op: "lstat", Path: p, Err: err}
		}
		if trusted(p, &st) != nil {
			return fmt.Errorf("%s is inside %s, which others than root and this user can change: keep it in a folder whose every parent only they can write (such as /var/lib/...)", dir, p)
		}
		if p == "/" {
			return nil
		}
	}
}

// OpenTrustedFolder opens the folder at path as an O_PATH descriptor, for a
// grant that covers what is beneath it: it must be a folder itself, not a
// symbolic link to one (its target could be switched after the check), and
// it and every folder above it must be changeable by nobody but root and
// this user, as OpenTrustedDir checks.
func OpenTrustedFolder(path string) (int, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return -1, err
	}
	var st unix.Stat_t
	if err := unix.Lstat(abs, &st); err != nil {
		return -1, fmt.Errorf("%w: create the folder first", &os.PathError{Op: "lstat", Path: path, Err: err})
	}
	if st.Mode&unix.S_IFMT == unix.S_IFLNK {
		return -1, fmt.Errorf("%s is a symbolic link: name the folder itself (a link's target can change after it is checked)", path)
	}
	parent, err := filepath.EvalSymlinks(filepath.Dir(abs))
	if err != nil {
		return -1, err
	}
	if err := trustedParents(path, parent); err != nil {
		return -1, err
	}
	fd, err := unix.Open(filepath.Join(parent, filepath.Base(abs)), unix.O_PATH|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return -1, fmt.Errorf("%w: name a folder", &os.PathError{Op: "open", Path: path, Err: err})
	}
	if err := unix.Fstat(fd, &st); err != nil {
		unix.Close(fd)
		return -1, &os.PathError{Op: "fstat", Path: path, Err: err}
	}
	if err := trusted(path, &st); err != nil {
		unix.Close(fd)
		return -1, err
	}
	return fd, nil
}

// Close releases the folder.
func (d *Dir) Close() error { return d.f.Close() }

// Names lists the folder's entries, at most max of them (once: it reads
// the folder to its end).
func (d *Dir) Names(max int) ([]string, error) {
	names, err := d.f.Readdirnames(max + 1)
	if err != nil && err != io.EOF {
		return nil, fmt.Errorf("%s: %w", d.Path, err)
	}
	if len(names) > max {
		return nil, fmt.Errorf("%s holds more than %d entries: keep only the files meant for it there", d.Path, max)
	}
	return names, nil
}

// ReadTrusted reads the regular file name in the folder, at most limit
// bytes, opened once and checked on that descriptor: not a symbolic link
// (its target could be switched between a check and the read), owned by
// root or this user, writable by its owner only.
func (d *Dir) ReadTrusted(name string, limit int64) ([]byte, error) {
	path := filepath.Join(d.Path, name)
	fd, err := unix.Openat(int(d.f.Fd()), name, unix.O_RDONLY|unix.O_NOFOLLOW|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
	if errors.Is(err, unix.ELOOP) {
		return nil, fmt.Errorf("%s is a symbolic link: put the file itself in the folder (a link's target can change after it is checked)", path)
	} else if err != nil {
		return nil, fmt.Errorf("%w: make it readable by the user running the wrapper, or remove it", &os.PathError{Op: "open", Path: path, Err: err})
	}
	return readFd(fd, path, limit, func(st *unix.Stat_t) error { return trusted(path, st) })
}

// trusted says why path (whose status is st) could be changed by someone
// other than root and this user, and how to fix it.
func trusted(path string, st *unix.Stat_t) error {
	if st.Mode&0o022 != 0 {
		return fmt.Errorf("%s is writable by group or others, so anyone could loosen the sandbox: chmod go-w %s", path, path)
	}
	if st.Uid != 0 && int(st.Uid) != os.Geteuid() {
		return fmt.Errorf("%s is owned by uid %d, not root or this user: chown root %s", path, st.Uid, path)
	}
	return nil
}
