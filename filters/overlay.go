package filters

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"syscall"

	seccomp "github.com/elastic/go-seccomp-bpf"
)

// OverlayExt is the file name ending of overlays in their folder.
const OverlayExt = ".yaml"

// LoadOverlays reads every *.yaml in dir, in name order. A folder that
// does not exist holds no overlays. Because an overlay loosens a sandbox,
// the folder and its files must be writable by their owner only, and owned
// by root or by the user running the wrapper.
func LoadOverlays(dir string) ([]*Source, error) {
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("overlays: %v: make the folder readable by the user running the wrapper, or point --overlays elsewhere", err)
	}
	if err := safeToTrust(dir); err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if filepath.Ext(e.Name()) == OverlayExt && !e.IsDir() {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	var out []*Source
	for _, n := range names {
		path := filepath.Join(dir, n)
		if err := safeToTrust(path); err != nil {
			return nil, err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("overlay %v: make it readable by the user running the wrapper, or remove it", err)
		}
		src, err := parseOverlay(path, data)
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

func safeToTrust(path string) error {
	st, err := os.Lstat(path)
	if err != nil {
		return fmt.Errorf("overlay %v: fix or remove it", err)
	}
	if st.Mode()&os.ModeSymlink != 0 {
		if st, err = os.Stat(path); err != nil {
			return fmt.Errorf("overlay %v: fix or remove the link", err)
		}
	}
	owner := st.Sys().(*syscall.Stat_t).Uid
	if st.Mode().Perm()&0o022 != 0 {
		return fmt.Errorf("%s is writable by group or others, so anyone could loosen the sandbox: chmod go-w %s", path, path)
	}
	if owner != 0 && int(owner) != os.Geteuid() {
		return fmt.Errorf("%s is owned by uid %d, not root or this user: chown root %s", path, owner, path)
	}
	return nil
}

// strictness orders default actions: a higher number stops more.
var strictness = map[seccomp.Action]int{
	seccomp.ActionAllow: 0, seccomp.ActionLog: 1, seccomp.ActionErrno: 2,
	seccomp.ActionTrap: 3, seccomp.ActionKillThread: 4, seccomp.ActionKillProcess: 5,
}

// Overlay returns base extended by an overlay: its rules are added after
// base's; its default action replaces base's only if it is as strict, or
// if the overlay says loosen_default_action: true; its hot list, if any,
// replaces base's.
func (base *Source) Overlay(o *Source) (*Source, error) {
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
		out.DefaultAction = o.DefaultAction
	}
	if o.Hot != nil {
		out.Hot = o.Hot
	}
	return &out, nil
}
