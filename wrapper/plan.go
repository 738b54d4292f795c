package wrapper

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/sys/unix"

	"urunc-seccomp-exec/filters"
	"urunc-seccomp-exec/safefile"
)

// Options are the wrapper's flags.
type Options struct {
	Monitor        string          // --monitor: adapter name; "" = from the binary's name
	Policy         *filters.Source // --policy: our BPF from this file, for any monitor
	DefaultAction  string          // --default-action
	Unconfined     bool            // --unconfined
	Bundle         string          // --bundle: seccomp on iff config.json has linux.seccomp
	MonitorVersion string          // --monitor-version: instead of reading it from the binary
	Arch           string          // the architecture to build the filter for
	Overlays       string          // folder of overlays extending embedded policies; "" = none
	Require        []string        // --require: protections whose absence is an error (landlock)
	AllowLoosen    bool            // --allow-loosen: an overlay may loosen the default action
	Unrestricted   bool            // --unrestricted: no Landlock, capability drop or descriptor closing
	AllowOtherTaps bool            // --allow-other-taps: another tap open to a monitor that attaches by name is the operator's choice
	PreserveFds    int             // --preserve-fds: descriptors 3 to 3+N-1 are inherited too
	// Executable, if set, is the program to exec, while argv[0] stays what
	// the caller gave (drop-in mode: started under a monitor's name).
	Executable string
}

// Plan is what the wrapper will execute and how it is confined.
type Plan struct {
	Path       string           // the executable
	Argv       []string         // argv, argv[0] as given
	Monitor    *Monitor         // nil: a program with only --policy
	Policy     *filters.Policy  // our BPF filter; nil: none of ours
	PolicyName string           // where Policy came from
	Program    *GuardedProgram  // Policy compiled at build time; nil: compiled at start
	Version    *filters.Version // the monitor's version, given or read from its file; nil: unknown
	Arch       string           // the architecture the filter is for (Go's name)
	Reach      *Reach           // what the monitor may reach; nil: not restricted beyond seccomp
	Confined   bool             // false: --unconfined (or a bundle without seccomp): no seccomp allowlist of ours
	Floor      bool             // Policy is the floor (floor.go): no allowlist of ours bounds the monitor
	// PreserveFds: descriptors 3 to 3+N-1 are inherited (with a Reach,
	// the others but those the command line names are closed).
	PreserveFds int
	Notes       []string // what was decided, for --dry-run and --verbose
}

// Embedded are the policies built into the binary: the catalog, and its
// policies compiled with the exec guard for each architecture.
type Embedded struct {
	Catalog  func() (*filters.Catalog, error) // called only when an embedded policy is needed
	Programs []GuardedProgram
}

// program returns the precompiled program of an embedded policy, or nil.
func (e *Embedded) program(name, arch string) *GuardedProgram {
	for i := range e.Programs {
		if g := &e.Programs[i]; g.Name == name && g.Arch == arch {
			return g
		}
	}
	return nil
}

// Prepare decides everything before anything runs, in three steps: the
// monitor and its arguments (planMonitor), the seccomp policy
// (choosePolicy), and what else confines it (planReach).
func Prepare(embedded *Embedded, opts Options, argv []string) (*Plan, error) {
	override, err := checkFlags(opts)
	if err != nil {
		return nil, err
	}
	plan, err := planMonitor(opts, argv, override != nil || opts.Policy != nil)
	if err != nil {
		return nil, err
	}
	if plan.Confined && (opts.Policy != nil || !plan.Monitor.OwnFilter) {
		if err := choosePolicy(embedded, opts, override, plan); err != nil {
			return nil, err
		}
	} else if !plan.Confined && (plan.Monitor == nil || !plan.Monitor.OwnFilter) {
		plan.Notes = append(plan.Notes, "no seccomp allowlist (unconfined): the floor alone, unless --unrestricted")
	}
	// Landlock, the capability drop and the descriptors are not seccomp:
	// --unconfined leaves them on; --unrestricted turns them off.
	if opts.Unrestricted {
		plan.Notes = append(plan.Notes, "--unrestricted: no Landlock, no floor, no capability drop, no write bound, inherited descriptors kept")
	} else if plan.Monitor != nil && plan.Monitor.Reach != nil {
		if err := planReach(plan, opts); err != nil {
			return nil, err
		}
		if err := planFloor(plan, opts.Arch); err != nil {
			return nil, err
		}
	}
	return plan, nil
}

// checkFlags checks every flag before anything is read or run, and returns
// --default-action's action (nil: not given).
func checkFlags(opts Options) (*filters.Action, error) {
	var override *filters.Action
	if opts.DefaultAction != "" {
		a, err := filters.ParseAction(opts.DefaultAction)
		if err != nil {
			return nil, fmt.Errorf("--default-action: %w", err)
		}
		override = &a
	}
	if opts.PreserveFds < 0 || opts.PreserveFds > maxPreserveFds {
		return nil, fmt.Errorf("--preserve-fds %d: give a count from 0 to %d", opts.PreserveFds, maxPreserveFds)
	}
	if err := CheckRequire(opts.Require); err != nil {
		return nil, err
	}
	if asks := asksFilter(opts, override); opts.Unconfined && asks != "" {
		return nil, fmt.Errorf("--unconfined and %s contradict each other (no filter, and a filter): drop one", asks)
	}
	return override, nil
}

// asksFilter names the flag that asks for a filter of ours, or "".
func asksFilter(opts Options, override *filters.Action) string {
	switch {
	case opts.Policy != nil:
		return "--policy"
	case override != nil:
		return "--default-action"
	}
	return ""
}

// planMonitor finds the monitor, decides whether seccomp is on (flags,
// bundle), picks its adapter, rewrites its arguments and reads its
// version. wantsFilter: a flag asks for a filter of ours.
func planMonitor(opts Options, argv []string, wantsFilter bool) (*Plan, error) {
	if len(argv) == 0 || argv[0] == "" {
		return nil, fmt.Errorf("no monitor given: usage: urunc-seccomp-exec [flags] MONITOR [ARGS...]")
	}
	exe := cmp.Or(opts.Executable, argv[0])
	path, err := Lookup(exe)
	if err != nil {
		return nil, err
	}
	plan := &Plan{Path: path, Confined: !opts.Unconfined, PreserveFds: opts.PreserveFds}
	if opts.Bundle != "" {
		if plan.Confined, err = BundleWantsSeccomp(opts.Bundle); err != nil {
			return nil, err
		}
		plan.Notes = append(plan.Notes, fmt.Sprintf("bundle %s: seccomp %s", opts.Bundle, onOff(plan.Confined)))
		if !plan.Confined && wantsFilter {
			asks := "--policy"
			if opts.Policy == nil {
				asks = "--default-action"
			}
			return nil, fmt.Errorf("bundle %s has no linux.seccomp, so the monitor runs without seccomp, but %s asks for a filter: drop %s, or add linux.seccomp to its config.json", opts.Bundle, asks, asks)
		}
	}
	switch {
	case opts.Monitor != "":
		if plan.Monitor = ByName(opts.Monitor); plan.Monitor == nil {
			return nil, fmt.Errorf("unknown --monitor %q: use one of %s", opts.Monitor, strings.Join(Names(), ", "))
		}
	default:
		plan.Monitor = ForBinary(filepath.Base(exe))
	}
	if plan.Monitor == nil && opts.Policy == nil {
		return nil, fmt.Errorf("%s is not a monitor this wrapper knows (%s): pass --monitor NAME, or --policy FILE to confine any program",
			filepath.Base(argv[0]), strings.Join(Names(), ", "))
	}
	args := argv[1:]
	if plan.Monitor != nil {
		var notes []string
		if args, notes, err = plan.Monitor.Args(args, !plan.Confined); err != nil {
			return nil, err
		}
		plan.Notes = append(plan.Notes, notes...)
		if plan.Monitor.Version != nil {
			if plan.Version, err = monitorVersion(plan, opts); err != nil {
				return nil, err
			}
		}
	}
	plan.Argv = append([]string{argv[0]}, args...)
	return plan, nil
}

// PolicyFor is the seccomp policy the wrapper would install under opts for
// the monitor opts names (its embedded policy for version, nil: unknown,
// with the overlays; or --policy's), without a monitor binary at hand:
// the one choice that running, policy and explain share.
func PolicyFor(embedded *Embedded, opts Options, version *filters.Version) (*filters.Policy, error) {
	override, err := checkFlags(opts)
	if err != nil {
		return nil, err
	}
	plan := &Plan{Version: version}
	if opts.Policy == nil {
		if plan.Monitor = ByName(opts.Monitor); plan.Monitor == nil {
			return nil, fmt.Errorf("unknown monitor %q: use one of %s", opts.Monitor, strings.Join(Names(), ", "))
		}
	}
	if err := choosePolicy(embedded, opts, override, plan); err != nil {
		return nil, err
	}
	return plan.Policy, nil
}

// choosePolicy sets the plan's seccomp policy: --policy's, or the
// monitor's embedded one for its version with the overlays; the embedded
// policy as built keeps its precompiled program.
func choosePolicy(embedded *Embedded, opts Options, override *filters.Action, plan *Plan) error {
	var src, embeddedSrc *filters.Source
	if opts.Policy != nil {
		src, plan.PolicyName = opts.Policy, opts.Policy.File
	} else {
		c, err := embedded.Catalog()
		if err != nil {
			return err
		}
		if embeddedSrc, plan.PolicyName, err = selectPolicy(c, plan.Monitor, plan.Version); err != nil {
			return err
		}
		if src, err = applyOverlays(embeddedSrc, plan, opts.Overlays, opts.AllowLoosen); err != nil {
			return err
		}
	}
	var err error
	if src == embeddedSrc && override == nil {
		plan.Program = embedded.program(src.Name, opts.Arch)
	}
	if plan.Program != nil {
		p := *plan.Program.Resolved
		p.Rules = slices.Clip(p.Rules) // what the reach adds goes to a copy
		plan.Policy = &p
	} else if plan.Policy, err = src.Resolve(opts.Arch); err != nil {
		return err
	}
	if override != nil {
		plan.Policy.DefaultAction = *override
	}
	plan.Arch = opts.Arch
	return nil
}

// maxPreserveFds bounds --preserve-fds (runc's has no bound; a runtime
// passes a handful).
const maxPreserveFds = 1 << 16

// CheckRequire refuses a --require value that names no protection.
func CheckRequire(require []string) error {
	for _, r := range require {
		if r != "landlock" {
			return fmt.Errorf("--require %q: the protections it knows are: landlock", r)
		}
	}
	return nil
}

// planReach derives what the monitor may reach from its command line and
// version, and allows the calls its options ask for in the plan's policy
// (which then is compiled at start, not precompiled); it refuses to go on
// without Landlock when --require landlock says so.
func planReach(plan *Plan, opts Options) error {
	abi := LandlockABI()
	if abi == 0 && slices.Contains(opts.Require, "landlock") {
		return fmt.Errorf("--require landlock: this kernel has no Landlock (Linux 5.13 or later, with landlock in its lsm= list): drop --require landlock to run without it")
	}
	reach, err := plan.Monitor.Reach(plan.Path, plan.Argv[1:], plan.Version)
	if err != nil {
		return err
	}
	plan.Reach = reach
	if len(reach.ByName) > 0 {
		if opts.AllowOtherTaps {
			reach.Notes = append(reach.Notes, "net: --allow-other-taps: other taps in this network namespace may be open to the monitor")
		} else if err := checkOtherTaps(reach.ByName); err != nil {
			return err
		}
	}
	var why string
	if reach.FileSizeLimit, why = reach.fileSizeLimit(); why != "" {
		reach.Notes = append(reach.Notes, why)
	}
	for i, w := range reach.Words {
		plan.Notes = append(plan.Notes, fmt.Sprintf("replaced %s with %s", plan.Argv[i+1], w))
		plan.Argv[i+1] = w
	}
	if plan.Policy != nil && reach.AllowCallsIn(plan.Policy, opts.Arch) {
		plan.Program = nil
	}
	return nil
}

// Describe is what was decided, one line each, for --dry-run and -v: the
// notes, the seccomp filter, and what the monitor may reach.
func (p *Plan) Describe() []string {
	out := slices.Clone(p.Notes)
	if p.Policy != nil {
		out = append(out, fmt.Sprintf("seccomp filter: policy %s for %s, default action %s", p.PolicyName, p.Arch, p.Policy.DefaultAction))
	}
	if p.Reach == nil {
		return out
	}
	if abi := LandlockABI(); abi == 0 {
		out = append(out, "landlock: not available on this kernel: the monitor's filesystem access is not restricted")
	} else {
		out = append(out, fmt.Sprintf("landlock ABI %d: the monitor may open only these (and use no TCP, abstract sockets or signals outside itself where the ABI has them):", abi))
	}
	out = append(out, p.Reach.Describe()...)
	kept := "0, 1, 2"
	if p.PreserveFds > 0 {
		kept += fmt.Sprintf(", 3 to %d (--preserve-fds)", 2+p.PreserveFds)
	}
	for _, fd := range p.Reach.Fds {
		kept += fmt.Sprintf(", %d (its command line's)", fd)
	}
	return append(out, "descriptors: the monitor inherits "+kept+"; every other one is closed at execve (--preserve-fds N keeps 3 to 3+N-1)")
}

// Instructions is the length of the plan's filter as installed (with the
// exec guard); 0 without one.
func (p *Plan) Instructions() (int, error) {
	if p.Policy == nil {
		return 0, nil
	}
	if p.Program != nil {
		return len(p.Program.Filter), nil
	}
	prog, err := filters.Compile(WithExecGuard(p.Policy, 0, 0, 0))
	if err != nil {
		return 0, err
	}
	return len(prog.Instructions), nil
}

// ParseMonitorVersion reads --monitor-version; "" is nil (not given).
func ParseMonitorVersion(s string) (*filters.Version, error) {
	if s == "" {
		return nil, nil
	}
	v, ok := filters.ParseVersion(s)
	if !ok {
		return nil, fmt.Errorf("--monitor-version %q is not a version like v0.12.1", s)
	}
	return &v, nil
}

// monitorVersion is the version the plan's monitor was built as:
// --monitor-version, else read from its binary; nil if it does not say.
func monitorVersion(plan *Plan, opts Options) (*filters.Version, error) {
	version, err := ParseMonitorVersion(opts.MonitorVersion)
	if err != nil {
		return nil, err
	}
	name := strings.SplitN(plan.Monitor.Name, "-", 2)[0] // solo5
	if version != nil {
		plan.Notes = append(plan.Notes, name+" version "+version.String())
		return version, nil
	}
	version, seen := plan.Monitor.Version(plan.Path)
	if version == nil {
		plan.Notes = append(plan.Notes, fmt.Sprintf("%s version unknown (%s): the policy for all known versions", name, seen))
		return nil, nil
	}
	how := "read from the binary"
	if seen != version.String() {
		how += ": " + seen
	}
	plan.Notes = append(plan.Notes, fmt.Sprintf("%s version %s (%s)", name, version, how))
	return version, nil
}

// selectPolicy picks the embedded policy of the monitor, by version
// (nil: unknown) for Solo5.
func selectPolicy(catalog *filters.Catalog, m *Monitor, version *filters.Version) (*filters.Source, string, error) {
	src := catalog.Select(m.Name, version)
	if src == nil {
		return nil, "", fmt.Errorf("no embedded policy for monitor %s: pass --policy FILE", m.Name)
	}
	name := src.Name + " (embedded"
	if src.Versions != nil {
		name += ", for " + src.Versions.String()
	}
	return src, name + ")", nil
}

// Lookup finds the monitor as execve would: a name with a slash is a path,
// a bare name is searched in PATH. It checks that it can be executed, so
// that a failing execve after the filter is installed stays unlikely.
func Lookup(name string) (string, error) {
	if strings.Contains(name, "/") {
		return name, checkExecutable(name)
	}
	var firstErr error
	for _, dir := range filepath.SplitList(os.Getenv("PATH")) {
		if dir == "" {
			dir = "."
		}
		p := filepath.Join(dir, name)
		err := checkExecutable(p)
		if err == nil {
			return p, nil
		}
		if errors.Is(err, ErrNotExecutable) && firstErr == nil {
			firstErr = err
		}
	}
	if firstErr != nil {
		return "", firstErr
	}
	return "", NotFoundf("monitor %q not found in PATH (%s): install it, or give its full path", name, os.Getenv("PATH"))
}

func checkExecutable(path string) error {
	st, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return NotFoundf("monitor %s not found: check the path", path)
		}
		return NotExecutablef("monitor %s: %v", path, err)
	}
	if st.IsDir() {
		return NotExecutablef("monitor %s is a directory: give the monitor binary", path)
	}
	if !st.Mode().IsRegular() {
		return NotExecutablef("monitor %s is not a regular file", path)
	}
	if err := unix.Access(path, unix.X_OK); err != nil || st.Mode()&0o111 == 0 {
		return NotExecutablef("monitor %s is not executable: chmod +x it, or check the mount is not noexec", path)
	}
	magic, err := safefile.ReadHead(path, 4)
	if err != nil {
		return nil // execute-only: execve may still work
	}
	if len(magic) < 4 || (string(magic) != "\x7fELF" && string(magic[:2]) != "#!") {
		return NotExecutablef("monitor %s is neither an ELF binary nor a #! script", path)
	}
	return nil
}

// maxBundleConfig bounds an OCI bundle's config.json (a whole Docker
// seccomp profile in it is about 30 KB).
const maxBundleConfig = 4 << 20

// BundleWantsSeccomp reads an OCI bundle's config.json as urunc does:
// seccomp is on exactly when linux.seccomp is present; its contents are not
// used.
func BundleWantsSeccomp(bundle string) (bool, error) {
	path := filepath.Join(bundle, "config.json")
	data, err := safefile.Read(path, maxBundleConfig)
	if err != nil {
		return false, fmt.Errorf("--bundle: %w", err)
	}
	var spec struct {
		Linux *struct {
			Seccomp json.RawMessage `json:"seccomp"`
		} `json:"linux"`
	}
	if err := json.Unmarshal(data, &spec); err != nil {
		return false, fmt.Errorf("--bundle: %s: %w", path, err)
	}
	return spec.Linux != nil && len(spec.Linux.Seccomp) > 0 && string(spec.Linux.Seccomp) != "null", nil
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}
