package wrapper

import (
	"debug/elf"
	"io"

	"golang.org/x/sys/unix"
)

// rawFile reads a file with plain system calls. os.File registers every
// file it opens with Go's network poller: on the exec path that was an
// epoll instance, an eventfd, a poller thread's wake-ups and four fcntl
// calls a file, for files read once (issue: start-up).
type rawFile int

// openRaw opens path for reading. O_NONBLOCK: a FIFO put where the monitor
// should be does not block the wrapper (regular files ignore the flag).
func openRaw(path string) (rawFile, error) {
	for {
		fd, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC|unix.O_NONBLOCK, 0)
		if err != unix.EINTR {
			return rawFile(fd), err
		}
	}
}

// ReadAt reads len(p) bytes at off, or what is left with io.EOF.
func (f rawFile) ReadAt(p []byte, off int64) (int, error) {
	n := 0
	for n < len(p) {
		m, err := unix.Pread(int(f), p[n:], off+int64(n))
		switch {
		case err == unix.EINTR:
			continue
		case err != nil:
			return n, err
		case m == 0:
			return n, io.EOF
		}
		n += m
	}
	return n, nil
}

func (f rawFile) Close() error { return unix.Close(int(f)) }

// readHead returns up to n bytes from the start of the file at path.
func readHead(path string, n int) ([]byte, error) {
	f, err := openRaw(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	buf := make([]byte, n)
	m, err := f.ReadAt(buf, 0)
	if err != nil && err != io.EOF {
		return nil, err
	}
	return buf[:m], nil
}

// withELF reads the ELF headers of f for fn.
func withELF(f rawFile, fn func(*elf.File) error) error {
	e, err := elf.NewFile(f)
	if err != nil {
		return err
	}
	return fn(e)
}
