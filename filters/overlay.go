package filters

import (
	"fmt"
	"path/filepath"
	"sort"

	"urunc-seccomp-exec/safefile"
)

// OverlayExt is the file name ending of overlays in their folder.
const OverlayExt = ".yaml"

// MaxFileBytes bounds a policy or overlay file (policies.yaml, with every
// embedded policy and its comments, is 10 KB).
const MaxFileBytes = 1 << 20

// MaxOverlays bounds the files read from an overlay folder.
const MaxOverlays = 256

// LoadOverlays reads every *.yaml in dir, in name order. A folder that
// does not exist holds no overlays. Because an overlay loosens a sandbox,
// it is read only from a folder that nobody but root and the user can
// change, each file opened once and checked on that descriptor
// (safefile.OpenTrustedDir, Dir.ReadTrusted).
func LoadOverlays(dir string) ([]*Source, error) {
	d, err := safefile.OpenTrustedDir(dir)
	if err != nil {
		return nil, fmt.Errorf("overlays: %v", err)
	}
	if d == nil {
		return nil, nil
	}
	defer d.Close()
	entries, err := d.Names(MaxOverlays)
	if err != nil {
		return nil, fmt.Errorf("overlays: %v", err)
	}
	var names []string
	for _, n := range entries {
		if filepath.Ext(n) == OverlayExt {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	var out []*Source
	for _, n := range names {
		data, err := d.ReadTrusted(n, MaxFileBytes)
		if err != nil {
			return nil, fmt.Errorf("overlay %v", err)
		}
		src, err := parseOverlay(filepath.Join(dir, n), data)
		if err != nil {
			return nil, err
		}
		out = append(out, src)
	}
	return out, nil
}

// parseOverlay reads one overlay: a policy that names its monitor.
func parseOverlay(file string, data []byte) (*Source, error) {
	root, err := parseYAML(file, data)
	if err != nil {
		return nil, err
	}
	src, err := parseSource(file, root, append([]string{"monitor", "loosen_default_action"}, policyKeys...))
	if err != nil {
		return nil, err
	}
	if src.Monitor == "" {
		return nil, fmt.Errorf("%s:%d: the overlay names no monitor: add monitor: solo5-hvt (the monitor whose policy it extends)", file, src.Line)
	}
	return src, nil
}
