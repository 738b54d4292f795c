package filters

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/ from the compiler's output")

// TestGoldenAsm pins the program the compiler emits for each embedded
// policy and architecture (policy --format asm), so that a change of
// layout, jump or trampoline shows in review as a diff of testdata/. The
// other tests prove the programs decide right; this one says they did not
// change unseen. After a deliberate change: go test ./filters -run
// TestGoldenAsm -update, and read the diff.
func TestGoldenAsm(t *testing.T) {
	for _, s := range embedded(t).Sources {
		for _, arch := range Arches {
			p, err := s.Resolve(arch)
			if err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			if err := WriteAsm(&got, mustCompile(t, p)); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", s.Name+"."+arch+".asm") // README.md quotes solo5-hvt.amd64.asm (TestREADMEQuotesGoldenAsm)
			if *update {
				if err := os.WriteFile(path, got.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v: run go test ./filters -run TestGoldenAsm -update", err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				g, w := strings.Split(got.String(), "\n"), strings.Split(string(want), "\n")
				i := 0
				for i < len(g) && i < len(w) && g[i] == w[i] {
					i++
				}
				t.Errorf("%s: the compiler's output differs from line %d:\n got: %s\nwant: %s\nif that is meant, run go test ./filters -run TestGoldenAsm -update and review the diff",
					path, i+1, at(g, i), at(w, i))
			}
		}
	}
}

func at(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return "(end)"
}
