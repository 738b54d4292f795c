package main

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestE2ERegistry: e2e/run.sh's registry (the list it runs), the test
// functions of e2e/tests/*.sh, its @vm list and the README's table of e2e
// tests name the same tests.
func TestE2ERegistry(t *testing.T) {
	script, err := os.ReadFile("e2e/run.sh")
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	registry := words(regexp.MustCompile(`(?s)\nfor name in (.*?); do\n\tt \$name`).FindSubmatch(script))
	vm := words(regexp.MustCompile(`(?s)\nVM_TESTS=\((.*?)\)`).FindSubmatch(script))
	if len(registry) < 10 || len(vm) < 5 {
		t.Fatalf("cannot find the registry (%d names) or VM_TESTS (%d) in e2e/run.sh", len(registry), len(vm))
	}
	var table []string
	tests := string(readme[strings.Index(string(readme), "| e2e test |"):])
	for _, row := range regexp.MustCompile("(?m)^\\| (`[^|]*) \\|").FindAllStringSubmatch(tests, -1) {
		for _, m := range regexp.MustCompile("`([a-z0-9_]+)`").FindAllStringSubmatch(row[1], -1) {
			table = append(table, m[1])
		}
	}
	areas, _ := filepath.Glob("e2e/tests/*.sh")
	defs := string(script)
	for _, a := range areas {
		data, err := os.ReadFile(a)
		if err != nil {
			t.Fatal(err)
		}
		defs += "\n" + string(data)
	}
	for _, name := range registry {
		if !strings.Contains(defs, "\n"+name+"() {") {
			t.Errorf("e2e/run.sh runs %s but no file under e2e/ defines %s()", name, name)
		}
		if !slices.Contains(table, name) {
			t.Errorf("README's e2e table lacks %s", name)
		}
	}
	for _, name := range table {
		if !slices.Contains(registry, name) {
			t.Errorf("README's e2e table lists %s, which e2e/run.sh does not run", name)
		}
	}
	for _, name := range vm {
		if !slices.Contains(registry, name) {
			t.Errorf("VM_TESTS lists %s, which is not in the registry", name)
		}
	}
}

// words splits the first submatch on white space and line continuations.
func words(m [][]byte) []string {
	if len(m) < 2 {
		return nil
	}
	return strings.Fields(strings.ReplaceAll(string(m[1]), "\\\n", " "))
}
