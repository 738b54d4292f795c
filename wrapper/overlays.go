package wrapper

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"urunc-seccomp-exec/filters"
	"urunc-seccomp-exec/safefile"
)

// Reading the operator's policy files: --policy FILE, and the overlay
// folder. The compiler (filters) parses what is read here.

// OverlayExt is the file name ending of overlays in their folder.
const OverlayExt = ".yaml"

// MaxFileBytes bounds a policy or overlay file (policies.yaml, with every
// embedded policy and its comments, is 11 KB).
const MaxFileBytes = 1 << 20

// MaxOverlays bounds the files read from an overlay folder.
const MaxOverlays = 256

// ReadPolicy reads and parses the policy file at path (--policy): a regular
// file of at most MaxFileBytes.
func ReadPolicy(path string) (*filters.Source, error) {
	data, err := safefile.Read(path, MaxFileBytes)
	if err != nil {
		return nil, err
	}
	src, err := filters.ParsePolicy(path, data)
	if err == nil && src.Monitor != "" && ByName(src.Monitor) == nil {
		return nil, fmt.Errorf("%s: monitor: %q is no monitor this wrapper knows (%s): fix the name or remove the key", path, src.Monitor, strings.Join(Names(), ", "))
	}
	return src, err
}

// LoadOverlays reads every *.yaml in dir, in name order. A folder that
// does not exist holds no overlays. Because an overlay loosens a sandbox,
// it is read only from a folder that nobody but root and the user can
// change, each file opened once and checked on that descriptor
// (safefile.OpenTrustedDir, Dir.ReadTrusted).
func LoadOverlays(dir string) ([]*filters.Source, error) {
	d, err := safefile.OpenTrustedDir(dir)
	if err != nil {
		return nil, fmt.Errorf("overlays: %w", err)
	}
	if d == nil {
		return nil, nil
	}
	defer d.Close()
	entries, err := d.Names(MaxOverlays)
	if err != nil {
		return nil, fmt.Errorf("overlays: %w", err)
	}
	var names []string
	for _, n := range entries {
		if filepath.Ext(n) == OverlayExt {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	var out []*filters.Source
	for _, n := range names {
		data, err := d.ReadTrusted(n, MaxFileBytes)
		if err != nil {
			return nil, fmt.Errorf("overlay %w", err)
		}
		src, err := filters.ParseOverlay(filepath.Join(dir, n), data)
		if err != nil {
			return nil, err
		}
		out = append(out, src)
	}
	return out, nil
}

// applyOverlays extends the plan's embedded policy with its overlays.
func applyOverlays(src *filters.Source, plan *Plan, dir string, allowLoosen bool) (*filters.Source, error) {
	src, applied, err := ApplyOverlays(src, plan.Monitor.Name, dir, allowLoosen)
	for _, file := range applied {
		plan.PolicyName += " + overlay " + file
		plan.Notes = append(plan.Notes, "overlay applied: "+file)
	}
	return src, err
}

// ApplyOverlays extends the embedded policy src of monitor with the
// overlays in dir that name it, in file order, and says which it applied.
// Every overlay must name a monitor with such a policy. "" is no folder.
func ApplyOverlays(src *filters.Source, monitor, dir string, allowLoosen bool) (*filters.Source, []string, error) {
	if dir == "" {
		return src, nil, nil
	}
	overlays, err := LoadOverlays(dir)
	if err != nil {
		return nil, nil, err
	}
	var applied []string
	for _, o := range overlays {
		m := ByName(o.Monitor)
		switch {
		case m == nil:
			return nil, nil, fmt.Errorf("%s:%d: unknown monitor %q: use one of %s", o.File, o.Line, o.Monitor, strings.Join(Names(), ", "))
		case m.OwnFilter:
			return nil, nil, fmt.Errorf("%s:%d: %s filters itself: overlays extend only the wrapper's own filters (solo5-hvt)", o.File, o.Line, o.Monitor)
		case m.Name != monitor:
			continue
		}
		if src, err = src.WithOverlay(o, allowLoosen); err != nil {
			return nil, nil, err
		}
		applied = append(applied, o.File)
	}
	return src, applied, nil
}
