package safefile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// TestOpenResolved: links and folders root or the caller own resolve as
// the kernel resolves them (the same inode as stat), those another user
// could change are refused, whatever they point at.
func TestOpenResolved(t *testing.T) {
	dir := t.TempDir()
	os.Chmod(dir, 0o755)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.WriteFile(filepath.Join(dir, "img"), []byte("x"), 0o644))
	must(os.Mkdir(filepath.Join(dir, "sub"), 0o755))
	must(os.Symlink("../img", filepath.Join(dir, "sub", "rel")))
	must(os.Symlink(filepath.Join(dir, "img"), filepath.Join(dir, "abs")))
	must(os.Symlink("sub/rel", filepath.Join(dir, "chain")))
	must(os.Symlink("loop", filepath.Join(dir, "loop")))
	must(os.Mkdir(filepath.Join(dir, "open"), 0o777))
	must(os.Chmod(filepath.Join(dir, "open"), 0o777))
	must(os.WriteFile(filepath.Join(dir, "open", "img"), []byte("x"), 0o644))
	must(os.Mkdir(filepath.Join(dir, "sticky"), 0o777))
	must(unix.Chmod(filepath.Join(dir, "sticky"), 0o1777))
	must(os.WriteFile(filepath.Join(dir, "sticky", "img"), []byte("x"), 0o644))
	for _, ok := range []string{"img", "abs", "sub/rel", "chain", "sub/../img", "./sub/./rel", "sticky/img", "sub", "/"} {
		p := ok
		if !strings.HasPrefix(ok, "/") {
			p = filepath.Join(dir, ok)
		}
		fd, err := OpenResolved(p, true)
		if err != nil {
			t.Errorf("%s: %v", ok, err)
			continue
		}
		var got, want unix.Stat_t
		unix.Fstat(fd, &got)
		unix.Close(fd)
		if err := unix.Stat(p, &want); err != nil || got.Ino != want.Ino || got.Dev != want.Dev {
			t.Errorf("%s: resolved to inode %d, the kernel to %d (%v)", ok, got.Ino, want.Ino, err)
		}
	}
	for _, tc := range []struct {
		path  string
		links bool
		want  string
	}{
		{"loop", true, "too many levels"},
		{"open/img", true, "a folder others can write"},
		{"abs", false, "goes through a symbolic link"},
		{"nosuch", true, "no such file"},
		{"img/x", true, "not a directory"},
	} {
		fd, err := OpenResolved(filepath.Join(dir, tc.path), tc.links)
		if err == nil {
			unix.Close(fd)
			t.Errorf("%s: opened, want an error saying %q", tc.path, tc.want)
		} else if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.path, err, tc.want)
		}
	}
	if _, err := OpenResolved(filepath.Join(dir, "nosuch"), true); !errors.Is(err, unix.ENOENT) {
		t.Errorf("a missing file: %v, want ENOENT", err)
	}
	if os.Geteuid() != 0 {
		t.Skip("links and folders owned by another user need root to make")
	}
	// Another user's link to /, and to a root-only file through its folder.
	must(os.Symlink("/", filepath.Join(dir, "theirs")))
	must(os.Lchown(filepath.Join(dir, "theirs"), 1000, 1000))
	must(os.Mkdir(filepath.Join(dir, "theirdir"), 0o755))
	must(os.Chown(filepath.Join(dir, "theirdir"), 1000, 1000))
	must(os.Symlink(filepath.Join(dir, "img"), filepath.Join(dir, "theirdir", "mine")))
	for path, want := range map[string]string{
		"theirs":         "a symbolic link owned by uid 1000",
		"theirs/etc":     "a symbolic link owned by uid 1000",
		"theirdir/mine":  "a folder owned by uid 1000",
		"sticky/../open": "", // the folder itself: the final object may be anyone's
	} {
		fd, err := OpenResolved(filepath.Join(dir, path), true)
		switch {
		case want == "" && err != nil:
			t.Errorf("%s: %v", path, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("%s: %v, want %q", path, err, want)
		}
		if err == nil {
			unix.Close(fd)
		}
	}
}
