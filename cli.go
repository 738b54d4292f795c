package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/pflag"

	"urunc-seccomp-exec/filters"
	"urunc-seccomp-exec/wrapper"
)

// The CLI's conventions, for every command: errors are returned, never
// printed or exited on where they happen; run prints one line and ends
// with exitCode's status.

// The wrapper's own exit code (as runc and podman use it); 126 and 127 are
// the monitor's (wrapper.ExitNotExecutable, wrapper.ExitNotFound).
const exitWrapper = 125

// exitStatus ends the wrapper with that status and no message (check's 1,
// and learn's: the status of the program it ran).
type exitStatus int

func (s exitStatus) Error() string { return fmt.Sprintf("exit status %d", int(s)) }

// exitCode is the status the wrapper ends with for err, and whether it
// ends without a message: 0 for none; an exitStatus's own, quietly; 127
// and 126 when the monitor (or learn's command) is not found or cannot be
// executed; 125 for every other error.
func exitCode(err error) (code int, quiet bool) {
	var status exitStatus
	switch {
	case err == nil:
		return 0, true
	case errors.As(err, &status):
		return int(status), true
	case errors.Is(err, wrapper.ErrNotFound):
		return wrapper.ExitNotFound, false
	case errors.Is(err, wrapper.ErrNotExecutable):
		return wrapper.ExitNotExecutable, false
	}
	return exitWrapper, false
}

// policyFlags choose a policy the same way on every command: a monitor's
// embedded policy (for a version, with the overlays the wrapper applies),
// or a policy file.
type policyFlags struct {
	monitor, version, file, overlays string
	allowLoosen                      bool
}

// add defines the flags in fl, with --monitor defaulting to monitor.
func (p *policyFlags) add(fl *pflag.FlagSet, monitor string) {
	fl.StringVar(&p.monitor, "monitor", monitor, "the monitor (its adapter and embedded policy): "+strings.Join(wrapper.Names(), ", "))
	fl.StringVar(&p.version, "monitor-version", "", "the solo5-hvt version (such as v0.12.1) whose embedded policy applies, instead of the one read from the monitor's binary")
	fl.StringVar(&p.file, "policy", "", "the policy in `FILE` instead of an embedded one, for any program")
	fl.StringVar(&p.overlays, "overlays", overlayDir(), "folder of overlay `DIR`/*.yaml extending the embedded policies (env "+overlayDirEnv+`; "" for none)`)
	fl.BoolVar(&p.allowLoosen, "allow-loosen", false, "let an overlay that says loosen_default_action: true loosen the default action (a file alone cannot)")
}

// readPolicy reads --policy FILE; nil when it is not given.
func (p *policyFlags) readPolicy() (*filters.Source, error) {
	if p.file == "" {
		return nil, nil
	}
	src, err := wrapper.ReadPolicy(p.file)
	if err != nil {
		return nil, fmt.Errorf("--policy: %w", err)
	}
	return src, nil
}

// options sets the policy choice in o, reading --policy FILE.
func (p *policyFlags) options(o *wrapper.Options) (err error) {
	o.Monitor, o.MonitorVersion, o.Overlays, o.AllowLoosen = p.monitor, p.version, p.overlays, p.allowLoosen
	o.Policy, err = p.readPolicy()
	return err
}

// args are the flags as given, for a run of this program.
func (p *policyFlags) args() []string {
	out := []string{"--overlays", p.overlays}
	for _, f := range [][2]string{{"--monitor", p.monitor}, {"--policy", p.file}, {"--monitor-version", p.version}} {
		if f[1] != "" {
			out = append(out, f[0], f[1])
		}
	}
	if p.allowLoosen {
		out = append(out, "--allow-loosen")
	}
	return out
}

// resolve returns the chosen policy for arch without a monitor binary at
// hand (policy, explain): the file, or the monitor's embedded policy for
// --monitor-version (else the one for every version) with the overlays,
// chosen as the wrapper chooses it.
func (p *policyFlags) resolve(arch string) (*filters.Policy, error) {
	opts := wrapper.Options{Arch: arch}
	if err := p.options(&opts); err != nil {
		return nil, err
	}
	v, err := wrapper.ParseMonitorVersion(p.version)
	if err != nil {
		return nil, err
	}
	return wrapper.PolicyFor(embedded, opts, v)
}
