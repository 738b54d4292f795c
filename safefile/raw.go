package safefile

import (
	"io"
	"slices"

	"golang.org/x/sys/unix"
)

// File is a file read with plain system calls, the one way this program
// reads files. os.File registers a non-blocking file with Go's network
// poller: on the exec path that was an epoll instance, an eventfd, a
// poller thread's wake-ups and four fcntl calls a file, for files read
// once.
type File int

// Open opens path for reading. O_NONBLOCK: a FIFO put where a file should
// be does not block (regular files ignore the flag).
func Open(path string) (File, error) {
	for {
		fd, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC|unix.O_NONBLOCK, 0)
		if err != unix.EINTR {
			return File(fd), err
		}
	}
}

// ReadAt reads len(p) bytes at off, or what is left with io.EOF.
func (f File) ReadAt(p []byte, off int64) (int, error) {
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

func (f File) Close() error { return unix.Close(int(f)) }

// ReadHead returns up to n bytes from the start of the file at path.
func ReadHead(path string, n int) ([]byte, error) {
	f, err := Open(path)
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

// readAll reads f from its start up to its end, or limit bytes and one
// more (to tell a file over the limit).
func (f File) readAll(limit int64) ([]byte, error) {
	var buf []byte
	for {
		if len(buf) == cap(buf) {
			buf = slices.Grow(buf, 4096)
		}
		end := min(int64(cap(buf)), limit+1)
		n, err := f.ReadAt(buf[len(buf):end], int64(len(buf)))
		buf = buf[:len(buf)+n]
		if err == io.EOF || int64(len(buf)) > limit {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
}
