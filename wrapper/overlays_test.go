package wrapper

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"urunc-seccomp-exec/safefile/safefiletest"
)

func overlayDir(t *testing.T, files map[string]string) string {
	return safefiletest.TrustedDirWith(t, files)
}

func TestOverlayTrust(t *testing.T) {
	if _, err := LoadOverlays(filepath.Join(t.TempDir(), "absent")); err != nil {
		t.Errorf("a missing folder: %v, want no overlays", err)
	}
	dir := overlayDir(t, map[string]string{"x.yaml": "monitor: solo5-hvt\nsyscalls:\n  - action: allow\n    names: [getppid]\n"})
	os.Chmod(filepath.Join(dir, "x.yaml"), 0o666)
	if _, err := LoadOverlays(dir); err == nil || !strings.Contains(err.Error(), "writable by group or others") {
		t.Errorf("a world-writable overlay: %v, want refused", err)
	}
	os.Chmod(filepath.Join(dir, "x.yaml"), 0o644)
	os.Chmod(dir, 0o777)
	if _, err := LoadOverlays(dir); err == nil || !strings.Contains(err.Error(), "writable by group or others") {
		t.Errorf("a world-writable folder: %v, want refused", err)
	}
	os.Chmod(dir, 0o755)
	if os.Geteuid() != 0 {
		t.Skip("the owner check needs root to give a file away")
	}
	if err := os.Chown(filepath.Join(dir, "x.yaml"), 1000, 1000); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadOverlays(dir); err == nil || !strings.Contains(err.Error(), "owned by uid 1000, not root or this user") {
		t.Errorf("an overlay owned by uid 1000: %v, want refused", err)
	}
}

// TestPolicyFileNamesAKnownMonitor: a --policy file's monitor key, when
// given, names a monitor the wrapper knows; a typo is an error, not
// silently ignored.
func TestPolicyFileNamesAKnownMonitor(t *testing.T) {
	dir := t.TempDir()
	for monitor, ok := range map[string]bool{"solo5-hvt": true, "nosuch": false, "": true} {
		file := filepath.Join(dir, "p.yaml")
		body := "default_action: kill_process\nsyscalls:\n  - action: allow\n    names: [read]\n"
		if monitor != "" {
			body = "monitor: " + monitor + "\n" + body
		}
		if err := os.WriteFile(file, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := ReadPolicy(file)
		if (err == nil) != ok || (!ok && !strings.Contains(err.Error(), `monitor: "nosuch" is no monitor this wrapper knows`)) {
			t.Errorf("monitor %q: %v", monitor, err)
		}
	}
}
