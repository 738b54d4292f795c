package safefile_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"urunc-seccomp-exec/safefile"
	"urunc-seccomp-exec/safefile/safefiletest"
)

func TestRead(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "policy.yaml")
	os.WriteFile(file, []byte("12345"), 0o644)
	fifo := filepath.Join(dir, "fifo")
	if err := unix.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	if data, err := safefile.Read(file, 5); err != nil || string(data) != "12345" {
		t.Errorf("safefile.Read(5 bytes, limit 5) = %q, %v", data, err)
	}
	for _, tc := range []struct{ path, want string }{
		{file + "x", "no such file"},
		{fifo, "not a regular file"}, // without O_NONBLOCK, open would wait for a writer
		{"/dev/zero", "not a regular file"},
		{dir, "not a regular file"},
	} {
		if _, err := safefile.Read(tc.path, 1<<20); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("safefile.Read(%s) = %v, want %q", tc.path, err, tc.want)
		}
	}
	if _, err := safefile.Read(file, 4); err == nil || !strings.Contains(err.Error(), "over the limit of 4") {
		t.Errorf("safefile.Read(5 bytes, limit 4) = %v", err)
	}
}

func TestTrustedDir(t *testing.T) {
	if d, err := safefile.OpenTrustedDir(filepath.Join(t.TempDir(), "absent")); d != nil || err != nil {
		t.Errorf("an absent folder: %v, %v; want no folder and no error", d, err)
	}
	// Everyone can write /tmp: nothing below it is trusted.
	if _, err := safefile.OpenTrustedDir(t.TempDir()); err == nil || !strings.Contains(err.Error(), "which others than root and this user can change") {
		t.Errorf("a folder under /tmp: %v", err)
	}

	root := safefiletest.TrustedDir(t)
	good := filepath.Join(root, "policies.d")
	os.Mkdir(good, 0o755)
	os.WriteFile(filepath.Join(good, "a.yaml"), []byte("a"), 0o644)
	os.WriteFile(filepath.Join(good, "open.yaml"), []byte("o"), 0o644)
	os.Chmod(filepath.Join(good, "open.yaml"), 0o666)
	os.WriteFile(filepath.Join(root, "target.yaml"), []byte("t"), 0o644)
	os.Symlink(filepath.Join(root, "target.yaml"), filepath.Join(good, "link.yaml"))
	d, err := safefile.OpenTrustedDir(good)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if names, err := d.Names(3); err != nil || len(names) != 3 {
		t.Errorf("Names(3) = %v, %v", names, err)
	}
	d2, _ := safefile.OpenTrustedDir(good)
	if _, err := d2.Names(2); err == nil || !strings.Contains(err.Error(), "more than 2 entries") {
		t.Errorf("Names(2) of 3 = %v", err)
	}
	d2.Close()
	if data, err := d.ReadTrusted("a.yaml", 10); err != nil || string(data) != "a" {
		t.Errorf("ReadTrusted(a.yaml) = %q, %v", data, err)
	}
	for name, want := range map[string]string{
		"link.yaml": "is a symbolic link",
		"open.yaml": "writable by group or others",
		"none.yaml": "no such file",
	} {
		if _, err := d.ReadTrusted(name, 10); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ReadTrusted(%s) = %v, want %q", name, err, want)
		}
	}

	open := filepath.Join(root, "open")
	os.Mkdir(open, 0o755)
	os.Chmod(open, 0o777)
	if _, err := safefile.OpenTrustedDir(open); err == nil || !strings.Contains(err.Error(), "writable by group or others") {
		t.Errorf("a 0777 folder: %v", err)
	}
	inner := filepath.Join(open, "policies.d")
	os.Mkdir(inner, 0o755)
	if _, err := safefile.OpenTrustedDir(inner); err == nil || !strings.Contains(err.Error(), "is inside "+open) {
		t.Errorf("a folder inside a 0777 folder: %v", err)
	}
	// A link to a trusted folder is followed, and the folder's real path
	// checked.
	os.Symlink(good, filepath.Join(root, "alias.d"))
	if d, err := safefile.OpenTrustedDir(filepath.Join(root, "alias.d")); err != nil {
		t.Errorf("a link to a trusted folder: %v", err)
	} else {
		d.Close()
	}
	os.Symlink(inner, filepath.Join(root, "sneaky.d"))
	if _, err := safefile.OpenTrustedDir(filepath.Join(root, "sneaky.d")); err == nil {
		t.Error("a link to a folder inside a 0777 folder is trusted")
	}

	if os.Geteuid() == 0 {
		os.Chown(filepath.Join(good, "a.yaml"), 1000, 1000)
		if _, err := d.ReadTrusted("a.yaml", 10); err == nil || !strings.Contains(err.Error(), "owned by uid 1000") {
			t.Errorf("a file owned by uid 1000, read as root: %v", err)
		}
	}
}
