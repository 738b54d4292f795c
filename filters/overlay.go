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

// strictness orders default actions: a higher number stops more.
var strictness = map[ActionKind]int{
	KindAllow: 0, KindLog: 1, KindErrno: 2,
	KindTrap: 3, KindKillThread: 4, KindKillProcess: 5,
}

// Overlay returns base extended by an overlay: its rules are added after
// base's; its default action replaces base's only if it is as strict, or
// if the overlay says loosen_default_action: true and allowLoosen (the
// command line's --allow-loosen) agrees; its hot list, if any,
// replaces base's.
func (base *Source) Overlay(o *Source, allowLoosen bool) (*Source, error) {
	if o.Monitor != base.Monitor {
		return nil, fmt.Errorf("%s:%d: the overlay is for monitor %s, not %s", o.File, o.Line, o.Monitor, base.Monitor)
	}
	out := *base
	out.Groups = append(append([]Group(nil), base.Groups...), o.Groups...)
	if o.DefaultAction != nil {
		looser := base.DefaultAction != nil && strictness[o.DefaultAction.Kind] < strictness[base.DefaultAction.Kind]
		if looser && !o.LoosenDefault {
			return nil, fmt.Errorf("%s:%d: default_action %s is looser than %s's %s: remove it, or add loosen_default_action: true if that is meant",
				o.File, o.Line, *o.DefaultAction, base.Name, *base.DefaultAction)
		}
		// A file alone never loosens: whoever could write it (a
		// compromised monitor, say) must not weaken every later run.
		if looser && !allowLoosen {
			return nil, fmt.Errorf("%s:%d: default_action %s is looser than %s's %s: an overlay loosens it only when the command line says --allow-loosen too",
				o.File, o.Line, *o.DefaultAction, base.Name, *base.DefaultAction)
		}
		out.DefaultAction = o.DefaultAction
	}
	if o.Hot != nil {
		out.Hot = o.Hot
	}
	return &out, nil
}
