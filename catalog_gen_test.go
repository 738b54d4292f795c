package main

import (
	"os"
	"reflect"
	"testing"

	"urunc-seccomp-exec/filters"
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
