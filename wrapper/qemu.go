package wrapper

import (
	"fmt"
	"strings"
)

// QEMUSandbox is the strictest -sandbox QEMU has; the same as urunc's.
const QEMUSandbox = "on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny"

// QEMU confines itself with its own seccomp sandbox (-sandbox, built on
// libseccomp). If this QEMU was built without it, QEMU itself refuses the
// option and its own error reaches the user unchanged.
var QEMU = Monitor{
	Name:      "qemu",
	Prefix:    "qemu-system-",
	OwnFilter: true,
	Args:      qemuArgs,
}

func qemuArgs(args []string, unconfined bool) ([]string, []string, error) {
	occ := findOption(args, "sandbox", true)
	for _, o := range occ {
		if o.missing {
			return nil, nil, fmt.Errorf("qemu: %s has no value: give -sandbox a value or remove it", args[o.start])
		}
		if !unconfined && sandboxOff(o.value) {
			return nil, nil, fmt.Errorf("qemu: %q %q would turn QEMU's sandbox off: remove it, or pass --unconfined to run QEMU without a sandbox", args[o.start], o.value)
		}
	}
	rest := without(args, occ)
	var notes []string
	if len(occ) > 0 {
		notes = append(notes, fmt.Sprintf("replaced %d -sandbox option(s)", len(occ)))
	}
	if unconfined {
		return rest, append(notes, "QEMU without -sandbox (unconfined)"), nil
	}
	out := append([]string{"-sandbox", QEMUSandbox}, rest...)
	return out, append(notes, "QEMU's own sandbox: -sandbox "+QEMUSandbox), nil
}

// sandboxOff reports whether a -sandbox value disables the sandbox: its
// first element "off" or an enable=off.
func sandboxOff(value string) bool {
	parts := strings.Split(value, ",")
	if strings.EqualFold(parts[0], "off") {
		return true
	}
	for _, p := range parts {
		if k, v, ok := strings.Cut(p, "="); ok && k == "enable" && (v == "off" || v == "false" || v == "no") {
			return true
		}
	}
	return false
}
