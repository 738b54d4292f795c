//go:build !wrapperonly

package main

import (
	"encoding/json"
	"fmt"
	"runtime"
	"strconv"

	"github.com/spf13/cobra"

	"urunc-seccomp-exec/filters"
)

// inspected is what policy and explain look at: a policy, for any
// architecture.
type inspected struct {
	policy policyFlags
	arch   string
}

func (in *inspected) flags(cmd *cobra.Command) {
	in.policy.add(cmd.Flags(), "solo5-hvt")
	cmd.Flags().StringVar(&in.arch, "arch", runtime.GOARCH, "architecture: "+fmt.Sprint(filters.Arches))
	cmd.MarkFlagsMutuallyExclusive("monitor", "policy")
}

func (in *inspected) resolve() (*filters.Policy, error) { return in.policy.resolve(in.arch) }

func policyCommand() *cobra.Command {
	var choice inspected
	var format string
	cmd := &cobra.Command{
		Use:   "policy [--monitor NAME | --policy FILE] [--arch ARCH] [--monitor-version V] [--overlays DIR] [--format yaml|oci|bpf|asm]",
		Short: "Print the effective policy: YAML, OCI JSON, raw BPF or numbered assembly",
		Long: `Print the effective policy (embedded, plus the overlays the wrapper would
apply) for any architecture:
  yaml  the project's schema, syscall numbers as comments
  oci   OCI runtime-spec LinuxSeccomp JSON (runc, crun); refuses what OCI cannot say exactly
  bpf   the raw program as handed to seccomp(2): little-endian struct sock_filter records
  asm   numbered instructions with what each decides
bpf and asm are the program without the wrapper's exec-once execve rule,
which it adds at install time with its own pointers.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			p, err := choice.resolve()
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			switch format {
			case "yaml":
				return filters.WriteYAML(out, p)
			case "oci":
				if err := filters.WriteOCI(out, p); err != nil {
					return fmt.Errorf("--format oci: %w", err)
				}
				return nil
			case "bpf", "asm":
				prog, err := filters.Compile(p)
				if err != nil {
					return err
				}
				if format == "bpf" {
					return filters.WriteBPF(out, prog)
				}
				return filters.WriteAsm(out, prog)
			}
			return fmt.Errorf("unknown --format %q: use yaml, oci, bpf or asm", format)
		},
	}
	choice.flags(cmd)
	cmd.Flags().StringVar(&format, "format", "yaml", "yaml, oci, bpf or asm")
	return cmd
}

// explanation is one decision, also the --json form.
type explanation struct {
	Syscall      string `json:"syscall"`
	Nr           uint32 `json:"nr"`
	Arch         string `json:"arch"`
	Decision     string `json:"decision"`
	Instructions int    `json:"instructions"`
}

func explainCommand() *cobra.Command {
	var choice inspected
	var asJSON, all bool
	cmd := &cobra.Command{
		Use:   "explain [--monitor NAME | --policy FILE] [--arch ARCH] [--monitor-version V] [--overlays DIR] [--json] (--all | SYSCALL [ARG0 ... ARG5])",
		Short: "Run the compiled filter on one call (or every syscall) and print the decision",
		Long: `Run the compiled filter in an emulator on a call and print the decision and how
many instructions ran. SYSCALL is a name or a number; arguments take decimal
or 0x hex. --all prints one line per syscall of the architecture.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := choice.resolve()
			if err != nil {
				return err
			}
			prog, err := filters.Compile(p)
			if err != nil {
				return err
			}
			var calls []filters.SeccompData
			switch {
			case all && len(args) > 0:
				return fmt.Errorf("--all takes no SYSCALL: drop the SYSCALL, or --all to explain one call")
			case all:
				for _, c := range p.Arch.Calls() {
					calls = append(calls, filters.SeccompData{Nr: c.Nr, Arch: p.Arch.ID})
				}
			case len(args) == 0 || len(args) > 7:
				return fmt.Errorf("give a SYSCALL and up to 6 arguments, or --all")
			default:
				d, err := parseCall(p, args)
				if err != nil {
					return err
				}
				calls = append(calls, d)
			}
			out := cmd.OutOrStdout()
			for _, d := range calls {
				ret, steps, err := filters.Emulate(prog.Instructions, d)
				if err != nil {
					return err
				}
				e := explanation{Syscall: p.Arch.CallName(d.Nr), Nr: d.Nr, Arch: p.Arch.Name,
					Decision: filters.ActionFromRet(ret).String(), Instructions: steps}
				if e.Syscall == "" {
					e.Syscall = strconv.Itoa(int(d.Nr))
				}
				if asJSON {
					if err := json.NewEncoder(out).Encode(e); err != nil {
						return err
					}
					continue
				}
				fmt.Fprintf(out, "%-24s %4d  %-14s %2d instructions\n", e.Syscall, e.Nr, e.Decision, e.Instructions)
			}
			return nil
		},
	}
	choice.flags(cmd)
	cmd.Flags().BoolVar(&asJSON, "json", false, `print {"syscall","nr","arch","decision","instructions"}`)
	cmd.Flags().BoolVar(&all, "all", false, "every syscall of the architecture, with zero arguments")
	return cmd
}

// parseCall reads SYSCALL [ARG0 ... ARG5] for the policy's architecture.
func parseCall(p *filters.Policy, args []string) (filters.SeccompData, error) {
	d := filters.SeccompData{Arch: uint32(p.Arch.ID)}
	if nr, ok := p.Arch.Number(args[0]); ok {
		d.Nr = nr
	} else if n, err := strconv.ParseUint(args[0], 0, 32); err == nil {
		d.Nr = uint32(n)
	} else {
		return d, fmt.Errorf("unknown syscall %q for %s: give a name or a number", args[0], p.Arch.Name)
	}
	for i, a := range args[1:] {
		v, err := strconv.ParseUint(a, 0, 64)
		if err != nil {
			return d, fmt.Errorf("argument %d %q: give a decimal or 0x hex number", i, a)
		}
		d.Args[i] = v
	}
	return d, nil
}
