package filters

// The source-level export: a resolved policy, or its rules as an overlay,
// in the project's YAML schema.

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// WriteYAML writes the resolved policy in the project's schema, with each
// syscall's number for the architecture as a comment.
func WriteYAML(w io.Writer, p *Policy) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s: %d rules\n", p.Arch.Name, len(p.Rules))
	writeAction(&b, "", "default_action", "default_errno", p.DefaultAction)
	if len(p.Hot) > 0 {
		fmt.Fprintf(&b, "hot: [%s]\n", strings.Join(p.Hot, ", "))
	}
	writeSyscalls(&b, p)
	_, err := io.WriteString(w, b.String())
	return err
}

// OverlayGroup is rules an overlay adds: for the architecture Arch (its
// Go name, amd64 or arm64), or for every one when Arch is "". A Commented
// group is written commented out, for an operator to uncomment knowingly.
type OverlayGroup struct {
	Arch      string
	Policy    *Policy
	Commented bool
}

// WriteOverlay writes an overlay for monitor that adds the groups' rules:
// no default action, so the embedded one stays (an overlay cannot loosen
// it unless it says so and the command line allows it). learn and
// diagnose both write their overlays with it.
func WriteOverlay(w io.Writer, monitor string, groups ...OverlayGroup) error {
	var b strings.Builder
	prefix := "# " // only commented rules: nothing to load as it is
	for _, g := range groups {
		if !g.Commented {
			fmt.Fprintf(&b, "# %s: %d rules added to %s's policy\n", g.Policy.Arch.Name, len(g.Policy.Rules), monitor)
			prefix = ""
		}
	}
	fmt.Fprintf(&b, "%smonitor: %s\n%ssyscalls:\n", prefix, monitor, prefix)
	for _, g := range groups {
		var rules strings.Builder
		writeRules(&rules, g.Policy, g.Arch)
		if !g.Commented {
			b.WriteString(rules.String())
			continue
		}
		b.WriteString("  # uncomment only if you know why the monitor needs these\n")
		for _, line := range strings.SplitAfter(strings.TrimSuffix(rules.String(), "\n"), "\n") {
			b.WriteString("  # " + strings.TrimPrefix(line, "  "))
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeSyscalls writes the syscalls list of p.
func writeSyscalls(b *strings.Builder, p *Policy) {
	b.WriteString("syscalls:\n")
	writeRules(b, p, "")
}

// writeRules writes p's rules as items of a syscalls list, each with an
// arch key when arch is not "".
func writeRules(b *strings.Builder, p *Policy, arch string) {
	archLine := ""
	if arch != "" {
		archLine = "    arch: " + arch + "\n"
	}
	// Unconditional rules grouped by action; conditional ones in order.
	byAction := map[Action][]Rule{}
	var actions []Action
	for _, r := range p.Rules {
		if len(r.Conditions) == 0 {
			if _, seen := byAction[r.Action]; !seen {
				actions = append(actions, r.Action)
			}
			byAction[r.Action] = append(byAction[r.Action], r)
		}
	}
	for _, a := range actions {
		rules := byAction[a]
		sort.Slice(rules, func(i, j int) bool { return rules[i].Name < rules[j].Name })
		writeAction(b, "  - ", "action", "errno", a)
		b.WriteString(archLine + "    names:\n")
		for _, r := range rules {
			fmt.Fprintf(b, "      - %-24s # %d\n", r.Name, r.Nr)
		}
	}
	var last *Action
	for _, r := range p.Rules {
		if len(r.Conditions) == 0 {
			continue
		}
		if last == nil || *last != r.Action {
			a := r.Action
			last = &a
			writeAction(b, "  - ", "action", "errno", a)
			b.WriteString(archLine + "    names_with_args:\n")
		}
		fmt.Fprintf(b, "      - name: %s   # %d\n        arguments:\n", r.Name, r.Nr)
		for _, c := range r.Conditions {
			width := ""
			if c.Width == 32 {
				width = ", width: 32"
			}
			fmt.Fprintf(b, "          - {argument: %d, operation: %s, value: %#x%s}\n", c.Arg, c.Op, c.Value, width)
		}
	}
}

func writeAction(b *strings.Builder, indent, key, errnoKey string, a Action) {
	name := a.Kind.String()
	fmt.Fprintf(b, "%s%s: %s\n", indent, key, name)
	if a.Kind == KindErrno {
		fmt.Fprintf(b, "%s%s: %s\n", strings.Repeat(" ", len(indent)), errnoKey, errnoName(a.Errno))
	}
}
