// Package safefiletest gives tests folders that safefile.OpenTrustedDir
// accepts: t.TempDir() is under /tmp, which everyone can write.
package safefiletest

import (
	"os"
	"path/filepath"
	"testing"

	"urunc-seccomp-exec/safefile"
)

// TrustedDir makes an empty folder that safefile trusts and removes it
// when the test ends. It is made in the first of these that safefile
// trusts, never in the source tree: the user's cache folder
// (urunc-seccomp-exec in it), /run when root.
func TrustedDir(t testing.TB) string {
	t.Helper()
	var bases []string
	if cache, err := os.UserCacheDir(); err == nil {
		base := filepath.Join(cache, "urunc-seccomp-exec")
		if os.MkdirAll(base, 0o700) == nil {
			bases = append(bases, base)
		}
	}
	if os.Geteuid() == 0 {
		bases = append(bases, "/run")
	}
	for _, base := range bases {
		d, err := safefile.OpenTrustedDir(base)
		if err != nil || d == nil {
			continue
		}
		d.Close()
		dir, err := os.MkdirTemp(base, ".urunc-seccomp-test-")
		if err != nil {
			continue
		}
		if err := os.Chmod(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.RemoveAll(dir) })
		return dir
	}
	t.Skipf("no folder here that only root and this user can write (tried %v): overlays cannot be tested", bases)
	return ""
}

// TrustedDirWith is TrustedDir holding the files given (name: contents),
// each 0644.
func TrustedDirWith(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := TrustedDir(t)
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
