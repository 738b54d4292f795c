package filters

import (
	"fmt"
	"strconv"
	"strings"
)

// EmbeddedFile names the catalog compiled into the binary, in messages.
const EmbeddedFile = "policies.yaml (embedded)"

// Catalog is the set of named policies in policies.yaml: each for one
// monitor and a range of its versions; one per monitor is the fallback used
// when the version is unknown.
type Catalog struct {
	Sources []*Source // in file order, extends already merged in
}

// ParseCatalog reads policies.yaml: a top-level key policies with a list.
// It resolves nothing: the wrapper resolves only the policy it uses, and
// Check validates all of them (the tests run it on the embedded file).
func ParseCatalog(file string, data []byte) (*Catalog, error) {
	sources, err := ParseSources(file, data)
	if err != nil {
		return nil, err
	}
	return NewCatalog(sources)
}

// ParseSources reads the policies of policies.yaml as written, each
// extends not yet merged in (the form the binary embeds, see NewCatalog).
func ParseSources(file string, data []byte) ([]*Source, error) {
	root, err := parseYAML(file, data)
	if err != nil {
		return nil, err
	}
	top, err := fields(file, root, "the catalog", "policies")
	if err != nil {
		return nil, err
	}
	list, ok := top["policies"]
	if !ok {
		return nil, fmt.Errorf("%s:%d: no policies list: a catalog is a list under policies:, each with name and monitor", file, root.line)
	}
	items, err := sequence(file, list, "policies")
	if err != nil {
		return nil, err
	}
	var out []*Source
	for _, it := range items {
		src, err := parseSource(file, it, catalogKeys)
		if err != nil {
			return nil, err
		}
		if src.Name == "" || src.Monitor == "" {
			return nil, fmt.Errorf("%s:%d: a catalog policy needs name and monitor", file, src.Line)
		}
		out = append(out, src)
	}
	return out, nil
}

// NewCatalog merges into each policy the one it extends, which must come
// above it.
func NewCatalog(sources []*Source) (*Catalog, error) {
	c := &Catalog{}
	byName := map[string]*Source{}
	for _, src := range sources {
		if _, dup := byName[src.Name]; dup {
			return nil, fmt.Errorf("%s:%d: policy name %q used twice", src.File, src.Line, src.Name)
		}
		if src.Extends != "" {
			base, ok := byName[src.Extends]
			if !ok {
				return nil, fmt.Errorf("%s:%d: extends %q: no policy of that name above this one", src.File, src.Line, src.Extends)
			}
			src = base.InheritedBy(src)
		}
		byName[src.Name] = src
		c.Sources = append(c.Sources, src)
	}
	return c, nil
}

// Check validates every policy for every architecture, and that each
// monitor has one fallback that allows all its other policies allow.
func (c *Catalog) Check() error {
	fallbacks := map[string]int{}
	for _, s := range c.Sources {
		if s.Fallback {
			fallbacks[s.Monitor]++
		}
		for _, a := range Arches {
			if _, err := s.Resolve(a); err != nil {
				return fmt.Errorf("policy %s: %w", s.Name, err)
			}
		}
	}
	for _, m := range c.Monitors() {
		if fallbacks[m] != 1 {
			return fmt.Errorf("monitor %s has %d fallback policies: mark exactly one with fallback: true", m, fallbacks[m])
		}
		fb := c.Select(m, nil)
		for _, s := range c.Sources {
			if s.Monitor != m || s == fb {
				continue
			}
			for _, a := range Arches {
				wide, _ := fb.Resolve(a)
				narrow, _ := s.Resolve(a)
				if err := wide.Covers(narrow); err != nil {
					return fmt.Errorf("fallback policy %s must allow all that %s allows on %s: %w", fb.Name, s.Name, a, err)
				}
			}
		}
	}
	return nil
}

// Monitors lists the monitors that have policies, in file order.
func (c *Catalog) Monitors() []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range c.Sources {
		if !seen[s.Monitor] {
			seen[s.Monitor] = true
			out = append(out, s.Monitor)
		}
	}
	return out
}

// Select picks the policy for a monitor and version: the first whose range
// holds the version, else the monitor's fallback (for a nil or unmatched
// version). It returns nil if the monitor has no policy.
func (c *Catalog) Select(monitor string, v *Version) *Source {
	var fallback *Source
	for _, s := range c.Sources {
		if s.Monitor != monitor {
			continue
		}
		if v != nil && s.Versions != nil && s.Versions.Holds(*v) {
			return s
		}
		if s.Fallback {
			fallback = s
		}
	}
	return fallback
}

// Version is a release number major.minor.patch.
type Version [3]int

// ParseVersion finds the first x.y.z (optionally v-prefixed) in s, such as
// the line "solo5-hvt tender, version v0.12.1": the leftmost match of
// v?(\d+)\.(\d+)\.(\d+), by hand, since a package-level regexp is compiled at
// every start of the wrapper (TestParseVersionIsThePattern).
func ParseVersion(s string) (Version, bool) {
	for start := range len(s) {
		var v Version
		i := start
		for k := range v {
			j := i
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			if j == i || (k < 2 && (j == len(s) || s[j] != '.')) {
				break
			}
			v[k], _ = strconv.Atoi(s[i:j])
			if k == 2 {
				return v, true
			}
			i = j + 1
		}
	}
	return Version{}, false
}

func (v Version) String() string { return fmt.Sprintf("v%d.%d.%d", v[0], v[1], v[2]) }

// Less reports whether v comes before w.
func (v Version) Less(w Version) bool {
	for i := range v {
		if v[i] != w[i] {
			return v[i] < w[i]
		}
	}
	return false
}

// VersionRange holds versions from From (inclusive) to Below (exclusive);
// either end may be open.
type VersionRange struct {
	From, Below *Version
}

// Holds reports whether v is in the range.
func (r VersionRange) Holds(v Version) bool {
	return (r.From == nil || !v.Less(*r.From)) && (r.Below == nil || v.Less(*r.Below))
}

func (r VersionRange) String() string {
	var parts []string
	if r.From != nil {
		parts = append(parts, ">= "+r.From.String())
	}
	if r.Below != nil {
		parts = append(parts, "< "+r.Below.String())
	}
	return strings.Join(parts, ", ")
}

func parseVersionRange(file string, n *node) (*VersionRange, error) {
	f, err := fields(file, n, "versions", "from", "below")
	if err != nil {
		return nil, err
	}
	r := &VersionRange{}
	for key, into := range map[string]**Version{"from": &r.From, "below": &r.Below} {
		if v, ok := f[key]; ok {
			s, err := scalar(file, v, key)
			if err != nil {
				return nil, err
			}
			ver, ok := ParseVersion(s)
			if !ok {
				return nil, fmt.Errorf("%s:%d: versions.%s %q is not a version like 0.11.0", file, v.line, key, s)
			}
			*into = &ver
		}
	}
	return r, nil
}
