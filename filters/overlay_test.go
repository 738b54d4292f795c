package filters

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"urunc-seccomp-exec/safefile/safefiletest"
)

const overlayBase = `policies:
  - name: mon
    monitor: solo5-hvt
    fallback: true
    default_action: kill_process
    syscalls:
      - action: allow
        names: [read, write]
        names_with_args:
          - name: ioctl
            arguments: [{argument: 1, operation: Equal, value: 0xae80, width: 32}]
`

func overlayDir(t *testing.T, files map[string]string) string {
	return safefiletest.TrustedDirWith(t, files)
}

// applied loads the overlays of dir onto the base policy for amd64, as
// without --allow-loosen.
func applied(t *testing.T, dir string) (*Policy, error) { return appliedLoosen(t, dir, false) }

func appliedLoosen(t *testing.T, dir string, allowLoosen bool) (*Policy, error) {
	t.Helper()
	c, err := ParseCatalog("policies.yaml", []byte(overlayBase))
	if err != nil {
		t.Fatal(err)
	}
	src := c.Select("solo5-hvt", nil)
	overlays, err := parseDir(dir)
	if err != nil {
		return nil, err
	}
	for _, o := range overlays {
		if src, err = src.WithOverlay(o, allowLoosen); err != nil {
			return nil, err
		}
	}
	return src.Resolve("amd64")
}

// parseDir parses the overlays in dir, in name order (the wrapper reads
// them: wrapper.LoadOverlays).
func parseDir(dir string) ([]*Source, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var out []*Source
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			return nil, err
		}
		src, err := ParseOverlay(n, data)
		if err != nil {
			return nil, err
		}
		out = append(out, src)
	}
	return out, nil
}

func TestOverlayAddsCalls(t *testing.T) {
	dir := overlayDir(t, map[string]string{
		"a.yaml": "monitor: solo5-hvt\nsyscalls:\n  - action: allow\n    names: [getppid]\n",
		// Restating embedded rules (a learned policy put here) is harmless.
		"b.yaml": "monitor: solo5-hvt\ndefault_action: kill_process\nsyscalls:\n  - action: allow\n    names: [read]\n    names_with_args:\n" +
			"      - name: ioctl\n        arguments: [{argument: 1, operation: Equal, value: 0xae80, width: 32}]\n" +
			"      - name: ioctl\n        arguments: [{argument: 1, operation: Equal, value: 0x5401, width: 32}]\n",
		"notes.txt": "not an overlay",
	})
	p, err := applied(t, dir)
	if err != nil {
		t.Fatal(err)
	}
	ioctl, getppid := uint32(p.Arch.MustNumber("ioctl")), uint32(p.Arch.MustNumber("getppid"))
	for _, c := range []struct {
		d    SeccompData
		want Action
	}{
		{SeccompData{Nr: getppid}, Allow},
		{SeccompData{Nr: ioctl, Args: [6]uint64{1: 0x5401}}, Allow},
		{SeccompData{Nr: ioctl, Args: [6]uint64{1: 0xae80}}, Allow},
		{SeccompData{Nr: ioctl, Args: [6]uint64{1: 0xae81}}, p.DefaultAction},
	} {
		c.d.Arch = uint32(p.Arch.ID)
		if got := p.Decide(c.d); got != c.want {
			t.Errorf("%+v: %v, want %v", c.d, got, c.want)
		}
	}
	if p.DefaultAction.String() != "kill_process" {
		t.Errorf("default %v", p.DefaultAction)
	}
}

func TestOverlayErrors(t *testing.T) {
	for _, tc := range []struct{ name, yaml, want string }{
		{"no monitor", "syscalls:\n  - action: allow\n    names: [getppid]\n", "x.yaml:1: the overlay names no monitor"},
		{"unknown syscall", "monitor: solo5-hvt\nsyscalls:\n  - action: allow\n    names:\n      - getpid\n      - frob\n", `x.yaml:6: unknown syscall "frob"`},
		{"unconditional over conditional", "monitor: solo5-hvt\nsyscalls:\n  - action: allow\n    names: [ioctl]\n", `x.yaml:4: syscall "ioctl" is both unconditional`},
		{"other action", "monitor: solo5-hvt\nsyscalls:\n  - action: errno\n    names: [read]\n", `x.yaml:4: syscall "read" is listed twice (first at policies.yaml:8)`},
		{"looser default", "monitor: solo5-hvt\ndefault_action: log\nsyscalls:\n  - action: allow\n    names: [getppid]\n", "x.yaml:1: default_action log is looser than mon's kill_process"},
		{"bad key", "monitor: solo5-hvt\nfallback: true\nsyscalls: []\n", `x.yaml:2: unknown key "fallback"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := overlayDir(t, map[string]string{"x.yaml": tc.yaml})
			_, err := applied(t, dir)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
			if err != nil && !strings.Contains(err.Error(), filepath.Join(dir, "x.yaml")) && tc.name != "other action" {
				t.Errorf("error %v does not name the overlay's path", err)
			}
		})
	}
}

func TestOverlayDefaultAction(t *testing.T) {
	stricter := overlayDir(t, map[string]string{"x.yaml": "monitor: solo5-hvt\ndefault_action: kill_process\nsyscalls:\n  - action: allow\n    names: [getppid]\n"})
	if _, err := applied(t, stricter); err != nil {
		t.Errorf("an equally strict default: %v", err)
	}
	loosened := overlayDir(t, map[string]string{"x.yaml": "monitor: solo5-hvt\ndefault_action: log\nloosen_default_action: true\nsyscalls:\n  - action: allow\n    names: [getppid]\n"})
	if _, err := applied(t, loosened); err == nil || !strings.Contains(err.Error(), "--allow-loosen") {
		t.Errorf("loosen_default_action: true, without --allow-loosen: %v, want refused", err)
	}
	p, err := appliedLoosen(t, loosened, true)
	if err != nil || p.DefaultAction.String() != "log" {
		t.Errorf("loosen_default_action: true and --allow-loosen: %v, %v; want default log", p, err)
	}
}
