package wrapper

import (
	"encoding/binary"
	"fmt"

	"golang.org/x/sys/unix"

	"urunc-seccomp-exec/safefile"
)

// What the monitor writes is bounded by RLIMIT_FSIZE, one limit for every
// file it writes (the kernel has no other per-file bound a process cannot
// lift): its block images never grow past their size (raw: the file's
// size; qcow2: the virtual size its header states plus the metadata QEMU
// may add), and files it creates (logs, pid files, a serial port's file)
// grow to createdFileBound. The limit is the largest of these, so a small
// image beside a log may grow to the log's bound, no further. A write past
// it ends the monitor with SIGXFSZ (exit 153; EFBIG where SIGXFSZ is
// ignored). It is not set where it would stop a legitimate write: a folder
// the monitor creates files in (--dumpcore: a core as large as guest
// memory; a 9p share: the guest's own files), or standard output or error
// that is a regular file (a log the runtime keeps).

// createdFileBound is how large a file the monitor creates may grow.
const createdFileBound = 64 << 20

// fileSizeLimit is the RLIMIT_FSIZE for the reach (0: none), and why.
func (r *Reach) fileSizeLimit() (int64, string) {
	var limit int64
	for _, p := range r.Paths {
		switch {
		case p.Right == CreateFiles || p.Right == ShareTree:
			return 0, fmt.Sprintf("file size: not limited (%s %s: the monitor creates files there whose size the wrapper cannot know)", p.Right, p.Path)
		case p.Right != ReadWrite || p.kind != unix.S_IFREG || (p.fd < 0 && p.dir <= 0):
		case p.created:
			limit = max(limit, createdFileBound)
		default:
			limit = max(limit, imageBound(p))
		}
	}
	if limit == 0 {
		return 0, ""
	}
	for _, fd := range []int{1, 2} {
		var st unix.Stat_t
		if unix.Fstat(fd, &st) == nil && st.Mode&unix.S_IFMT == unix.S_IFREG {
			return 0, fmt.Sprintf("file size: not limited (fd %d is a regular file, which the limit would stop growing)", fd)
		}
	}
	return limit, fmt.Sprintf("file size: at most %d bytes (RLIMIT_FSIZE: each block image's size, a qcow2 image's virtual size and metadata, %d for files the monitor creates; a write past it ends the monitor with SIGXFSZ)", limit, createdFileBound)
}

// imageBound is how large the image file p may grow: a qcow2 image to its
// virtual size plus its metadata, any other file not at all. The header
// is read from the same file the grant is on (checked by device and
// inode), opened again for reading: a grant's descriptor is O_PATH.
func imageBound(p PathRight) int64 {
	fd, err := safefile.OpenResolvedRead(p.Path)
	if err != nil {
		return p.size
	}
	defer unix.Close(fd)
	var granted, read unix.Stat_t
	var h [32]byte
	if unix.Fstat(p.fd, &granted) != nil || unix.Fstat(fd, &read) != nil || granted.Dev != read.Dev || granted.Ino != read.Ino {
		return p.size
	}
	if n, err := unix.Pread(fd, h[:], 0); err != nil || n < len(h) || string(h[:4]) != "QFI\xfb" {
		return p.size
	}
	return max(p.size, qcow2Bound(binary.BigEndian.Uint32(h[20:]), binary.BigEndian.Uint64(h[24:])))
}

// qcow2Bound is the largest file a qcow2 image of virtual size and
// clusters of 1<<clusterBits bytes becomes once every cluster is
// allocated: the data, an L2 entry (8 bytes) per cluster, the L1 table, a
// refcount (at most 8 bytes) per cluster of all of these, and a few
// clusters of header and refcount table; then doubled, for what QEMU
// leaks on a crash or preallocates, and never past 1 TiB more than size
// (a header may lie).
func qcow2Bound(clusterBits uint32, size uint64) int64 {
	if clusterBits < 9 || clusterBits > 21 || size > 1<<50 {
		return 0 // not a header QEMU opens: the file's own size stands
	}
	c := uint64(1) << clusterBits
	clusters := (size + c - 1) / c
	meta := clusters*8 + (clusters*8+c-1)/c*8
	total := size + 2*meta + 8*c
	total += (total + c - 1) / c * 8
	return int64(size + 2*(total-size))
}
