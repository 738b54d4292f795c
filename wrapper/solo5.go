package wrapper

import (
	"bytes"
	"context"
	"os/exec"
	"time"

	"urunc-seccomp-exec/filters"
)

// Solo5HVT gets our BPF filter, chosen by its version; its arguments pass
// through untouched (empty strings and word-split command lines included).
var Solo5HVT = Monitor{
	Name:   "solo5-hvt",
	Prefix: "solo5-hvt",
	Args:   passThrough,
}

// Solo5SPT always installs its own filter and cannot be unconfined.
var Solo5SPT = Monitor{
	Name:      "solo5-spt",
	Prefix:    "solo5-spt",
	OwnFilter: true,
	Args: func(args []string, unconfined bool) ([]string, []string, error) {
		if unconfined {
			warn("solo5-spt always filters itself: it cannot run unconfined, running it unchanged")
			return args, []string{"solo5-spt's own filter (it cannot be unconfined)"}, nil
		}
		return args, []string{"solo5-spt's own seccomp filter"}, nil
	},
}

// ProbeSolo5Version runs "MONITOR --version" (Solo5 prints "solo5-hvt
// tender, version vX.Y.Z" on stderr) and parses the version. The probe runs
// no guest, and lasts at most a second; nil means unknown.
func ProbeSolo5Version(path string) (*filters.Version, string) {
	line := ProbeVersion(path)
	v, ok := filters.ParseVersion(line)
	if !ok {
		return nil, line
	}
	return &v, line
}

// ProbeVersion returns the first line "MONITOR --version" prints (on
// stdout or stderr) within a second, unfiltered: every monitor we know
// prints its version and exits without running a guest.
func ProbeVersion(path string) string {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	var out bytes.Buffer
	cmd := exec.CommandContext(ctx, path, "--version")
	cmd.Stdout, cmd.Stderr = &out, &out
	_ = cmd.Run() // the exit status does not matter, the text does
	line, _, _ := bytes.Cut(bytes.TrimSpace(out.Bytes()), []byte("\n"))
	return string(line)
}
