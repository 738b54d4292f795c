package wrapper

import (
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"golang.org/x/sys/unix"
)

// TestFileSizeLimit: the limit is each image's own bound (a raw file's
// size, a qcow2 image's virtual size and metadata), 64 MiB where the
// monitor creates a file, and none where it creates files in a folder.
func TestFileSizeLimit(t *testing.T) {
	dir := t.TempDir()
	raw := filepath.Join(dir, "raw.img")
	os.WriteFile(raw, make([]byte, 1<<20), 0o644)
	qcow := filepath.Join(dir, "disk.qcow2")
	h := make([]byte, 512)
	copy(h, "QFI\xfb")
	binary.BigEndian.PutUint32(h[4:], 3)
	binary.BigEndian.PutUint32(h[20:], 16)      // 64 KiB clusters
	binary.BigEndian.PutUint64(h[24:], 256<<20) // 256 MiB virtual
	os.WriteFile(qcow, h, 0o644)
	limit := func(add func(r *Reach) error) int64 {
		r := &Reach{}
		if err := add(r); err != nil {
			t.Fatal(err)
		}
		n, _ := r.fileSizeLimit()
		return n
	}
	image := func(p string) func(r *Reach) error {
		return func(r *Reach) error { return r.grant("-drive", p, ReadWrite, anImage) }
	}
	if got := limit(image(raw)); got != 1<<20 {
		t.Errorf("a raw 1 MiB image: %d, want 1 MiB", got)
	}
	if got := limit(image(qcow)); got < 256<<20 || got > 300<<20 {
		t.Errorf("a qcow2 image of 256 MiB: %d, want its virtual size plus metadata", got)
	}
	if got := limit(func(r *Reach) error { return r.addCreated("-D", filepath.Join(dir, "qemu.log")) }); got != createdFileBound {
		t.Errorf("a log: %d, want %d", got, createdFileBound)
	}
	if got := limit(func(r *Reach) error {
		r.Paths = append(r.Paths, PathRight{Path: "/var/cores", Right: CreateFiles, fd: 3})
		return image(raw)(r)
	}); got != 0 {
		t.Errorf("with --dumpcore: %d, want no limit", got)
	}
	if got := limit(func(r *Reach) error { return r.grant("-drive", raw, Read, anImage) }); got != 0 {
		t.Errorf("a read-only image: %d, want no limit (nothing written)", got)
	}
	// A real qcow2 image filled to its virtual size stays within the bound.
	if _, err := exec.LookPath("qemu-img"); err != nil {
		t.Skip("no qemu-img (Debian's qemu-utils) to fill a real qcow2 image")
	}
	full := filepath.Join(dir, "full.qcow2")
	if out, err := exec.Command("qemu-img", "create", "-f", "qcow2", "-o", "preallocation=full", full, "64M").CombinedOutput(); err != nil {
		t.Fatalf("qemu-img: %v %s", err, out)
	}
	var st unix.Stat_t
	unix.Stat(full, &st)
	if got := limit(image(full)); got < st.Size {
		t.Errorf("a fully allocated 64 MiB qcow2 image is %d bytes, its bound %d", st.Size, got)
	}
}
