//go:build !wrapperonly

package main

import (
	"os"
	"reflect"
	"testing"

	"urunc-seccomp-exec/filters"
	"urunc-seccomp-exec/wrapper"
)

// TestGeneratedCatalog: the catalog compiled into the binary is exactly
// policies.yaml as the parser reads it.
func TestGeneratedCatalog(t *testing.T) {
	data, err := os.ReadFile("policies.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want, err := filters.ParseSources(filters.EmbeddedFile, data)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(generatedSources, want) {
		t.Fatal("catalog_gen.go differs from policies.yaml: run go generate")
	}
}

// TestGeneratedPrograms: the programs compiled into the binary are the
// catalog's policies compiled now (wrapper's TestGuardedProgramIsCompiled
// shows they equal a compile with any pointers).
func TestGeneratedPrograms(t *testing.T) {
	c, err := embedded.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	want, err := wrapper.PrecompileCatalog(c)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(generatedPrograms, want) {
		t.Fatal("catalog_gen.go's programs differ from the policies compiled now: run go generate")
	}
}
