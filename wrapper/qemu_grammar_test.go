package wrapper

import (
	"context"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestQEMUGrammarIsQEMUs asks the QEMU installed here what qemuGrammar
// says: every option its -help lists is in the table, and for each in the
// table, QEMU reads the word after it as its value exactly when the table
// says so (given last, it answers "requires an argument"; followed by an
// option it does not have, a flag lets QEMU reach that word and refuse
// it). And every option the reach knows (qemuOptions) is QEMU's, with a
// value exactly when the reach reads one.
func TestQEMUGrammarIsQEMUs(t *testing.T) {
	for name, kind := range qemuOptions {
		takes, ok := qemuGrammar[name]
		if !ok || takes != (kind != qFlag) {
			t.Errorf("-%s: the reach reads it with a value: %v; QEMU's grammar: %v (known %v)", name, kind != qFlag, takes, ok)
		}
	}
	qemu, err := exec.LookPath("qemu-system-x86_64")
	if err != nil {
		t.Skip("qemu-system-x86_64 is not installed (apt-get install qemu-system-x86)")
	}
	help, err := exec.Command(qemu, "-help").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range regexp.MustCompile(`(?m)^-([A-Za-z0-9_-]+)(?:/-([A-Za-z0-9_-]+))?(?: or -([A-Za-z0-9_-]+))?`).FindAllStringSubmatch(string(help), -1) {
		for _, name := range m[1:] {
			if name = strings.TrimPrefix(name, "-"); name != "" {
				if _, ok := qemuGrammar[name]; !ok {
					t.Errorf("QEMU's -help lists -%s, which qemuGrammar lacks", name)
				}
			}
		}
	}
	// Each probe ends at once (QEMU refuses it) or is ended after 1.5 s
	// (it started, paused: -S). It runs in a folder of its own: an option
	// that names a file (-D, -pidfile) creates "-no-such-option" there.
	dir := t.TempDir()
	probe := func(args ...string) string {
		ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
		defer cancel()
		cmd := exec.CommandContext(ctx, qemu, append([]string{"-S", "-machine", "none", "-display", "none", "-nodefaults"}, args...)...)
		cmd.Dir = dir
		out, _ := cmd.CombinedOutput()
		return string(out)
	}
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	for name, takes := range qemuGrammar {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			var qemuTakes bool
			switch out := probe("-"+name, "-no-such-option"); {
			case strings.Contains(out, "-no-such-option: invalid option"):
				qemuTakes = false
			case strings.Contains(probe("-"+name), "requires an argument"):
				qemuTakes = true
			default:
				t.Errorf("-%s: QEMU's answer says neither: %q", name, out)
				return
			}
			if qemuTakes != takes {
				t.Errorf("-%s: QEMU reads a value after it: %v; qemuGrammar: %v", name, qemuTakes, takes)
			}
		}()
	}
	wg.Wait()
}

// TestGrammarsDriveTheReach: every option a monitor's grammar has is
// either one its reach reads or one it refuses as unknown to it; none is
// passed through unread. QEMU's grammar (every option QEMU has) is wider
// than its reach table; cloud-hypervisor's and Firecracker's grammars are
// their reach tables, so each of their options scans.
func TestGrammarsDriveTheReach(t *testing.T) {
	const unknown = "does not know what this option lets QEMU reach"
	for name, takes := range qemuGrammar {
		args := []string{"-" + name}
		if takes {
			args = append(args, "none")
		}
		_, err := qemuReach("/bin/true", args, nil)
		_, reads := qemuOptions[name]
		switch {
		case !reads && (err == nil || !strings.Contains(err.Error(), unknown)):
			t.Errorf("-%s: not in the reach table, yet not refused as unknown: %v", name, err)
		case reads && err != nil && strings.Contains(err.Error(), unknown):
			t.Errorf("-%s: in the reach table, yet refused as unknown: %v", name, err)
		}
	}
	for name, o := range chOptions {
		args := []string{"--" + name}
		if o.kind != chFlag {
			args = append(args, "x")
		}
		if words, err := chScan(args); err != nil || len(words) != 1 || words[0].name != name {
			t.Errorf("cloud-hypervisor --%s: scanned as %+v (%v)", name, words, err)
		}
	}
	for name, takes := range firecrackerFlags {
		args := []string{"--" + name}
		if takes {
			args = append(args, "x")
		}
		if words, err := firecrackerScan(args); err != nil || len(words) != 1 || words[0].name != name {
			t.Errorf("firecracker --%s: scanned as %+v (%v)", name, words, err)
		}
	}
}
