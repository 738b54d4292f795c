package wrapper

// CloudHypervisor filters itself by default; --seccomp false or log would
// switch that off or make it advisory.
var CloudHypervisor = Monitor{
	Name:      "cloud-hypervisor",
	Prefix:    "cloud-hypervisor",
	OwnFilter: true,
	Args:      cloudHypervisorArgs,
}

func cloudHypervisorArgs(args []string, unconfined bool) ([]string, []string, error) {
	occ := findOption(args, "seccomp", false)
	var notes []string
	for _, o := range occ {
		if o.value != "true" {
			notes = append(notes, "replaced "+args[o.start]+" "+o.value)
		}
	}
	want := "true"
	if unconfined {
		want = "false"
	}
	out := append(without(args, occ), "--seccomp", want)
	return out, append(notes, "cloud-hypervisor --seccomp "+want), nil
}
