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

// WriteOverlay writes p's rules as an overlay for monitor: no default
// action, so the embedded one stays (see Source.Overlay).
func WriteOverlay(w io.Writer, monitor string, p *Policy) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s: %d rules added to %s's policy\nmonitor: %s\n", p.Arch.Name, len(p.Rules), monitor, monitor)
	writeSyscalls(&b, p)
	_, err := io.WriteString(w, b.String())
	return err
}

// writeSyscalls writes the syscalls list of p.
func writeSyscalls(b *strings.Builder, p *Policy) {
	b.WriteString("syscalls:\n")
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
		b.WriteString("    names:\n")
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
			b.WriteString("    names_with_args:\n")
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
