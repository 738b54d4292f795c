package filters

import (
	"errors"
	"fmt"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// The YAML reader. goccy/go-yaml parses (gopkg.in/yaml.v3 compiled two
// regular expressions at every start of the wrapper, about 0.2 M
// instructions and 30 page faults, even when it parsed nothing); its syntax
// tree becomes plain nodes with their lines, which the schema walks.

type nodeKind int

const (
	scalarNode nodeKind = iota
	mappingNode
	sequenceNode
)

// node is a YAML value: a scalar's text, a mapping's keys and values
// (key, value, key, value...) or a sequence's items.
type node struct {
	kind    nodeKind
	value   string
	line    int
	content []*node
}

// maxSeparators bounds what the parser is given, counted as YAML's
// separators (,:-[]{} and newlines), an upper bound of its tokens. The
// parser keeps about 0.8 KB a token: 5,000 conditional rules (404 KB, 80,000
// separators) took 60 MB, a megabyte of "a," 456 MB (yaml.v3: 22 and
// 176 MB; peak RSS, /usr/bin/time -f %M urunc-seccomp-exec --policy FILE
// --dry-run /bin/true). Under the 100 MB data limit of e2e's
// bounded_inputs (ulimit -d 100000), files of 32,000 separators failed to
// allocate in 6 of 10 runs and of 18,000 in none. The bound allows about 1,000 conditional rules, far beyond what a
// monitor needs (policies.yaml has 900 separators); over it a file is
// refused before it is parsed.
const maxSeparators = 1 << 14

// parseYAML parses one YAML document and returns its top-level node.
// Anchors and aliases are refused: a few KB of nested aliases expand to
// gigabytes when followed (a "billion laughs"), and a policy is short
// enough to write out.
func parseYAML(file string, data []byte) (root *node, err error) {
	defer func() { // a parser bug must not crash the wrapper
		if r := recover(); r != nil {
			root, err = nil, fmt.Errorf("%s: the YAML parser failed (%v): check the file's syntax", file, r)
		}
	}()
	if n := separators(data); n > maxSeparators {
		return nil, fmt.Errorf("%s: %d YAML separators, over %d: too large to parse for a policy (a filter holds at most %d instructions): merge rules (one names list per action)", file, n, maxSeparators, MaxInstructions)
	}
	f, err := parser.ParseBytes(data, 0)
	if err != nil {
		var syntax *yaml.SyntaxError
		if errors.As(err, &syntax) && syntax.Token != nil && syntax.Token.Position != nil {
			return nil, fmt.Errorf("%s:%d: %s", file, syntax.Token.Position.Line, syntax.Message)
		}
		return nil, fmt.Errorf("%s: %s", file, strings.ReplaceAll(err.Error(), "\n", " "))
	}
	var docs []*ast.DocumentNode
	for _, d := range f.Docs {
		if d != nil && d.Body != nil {
			docs = append(docs, d)
		}
	}
	if len(docs) == 0 {
		return nil, fmt.Errorf("%s: the file is empty: write a policy with default_action and syscalls", file)
	}
	if len(docs) > 1 {
		return nil, fmt.Errorf("%s:%d: a second YAML document: keep one document per file", file, lineOf(docs[1].Body))
	}
	return convert(file, docs[0].Body)
}

// convert turns a syntax tree node into a node.
func convert(file string, n ast.Node) (*node, error) {
	out := &node{line: lineOf(n)}
	switch n := n.(type) {
	case *ast.AnchorNode, *ast.AliasNode, *ast.MergeKeyNode:
		return nil, fmt.Errorf("%s:%d: YAML anchors and aliases (&name, *name, <<) are not accepted: write the values out", file, out.line)
	case *ast.TagNode:
		return convert(file, n.Value)
	case *ast.MappingNode:
		out.kind = mappingNode
		for _, kv := range n.Values {
			if err := out.addPair(file, kv); err != nil {
				return nil, err
			}
		}
	case *ast.MappingValueNode:
		out.kind = mappingNode
		if err := out.addPair(file, n); err != nil {
			return nil, err
		}
	case *ast.SequenceNode:
		out.kind = sequenceNode
		for _, item := range n.Values {
			c, err := convert(file, item)
			if err != nil {
				return nil, err
			}
			out.content = append(out.content, c)
		}
	case *ast.NullNode:
		// an empty value: the schema asks for what belongs there
	case *ast.LiteralNode:
		out.value = n.Value.Value
	case ast.ScalarNode:
		out.value = n.GetToken().Value
	default:
		return nil, fmt.Errorf("%s:%d: unexpected YAML (%s): write plain keys, values and lists", file, out.line, n.Type())
	}
	return out, nil
}

func (n *node) addPair(file string, kv *ast.MappingValueNode) error {
	k, err := convert(file, kv.Key)
	if err != nil {
		return err
	}
	if k.kind != scalarNode {
		return fmt.Errorf("%s:%d: a key must be a plain word", file, k.line)
	}
	v, err := convert(file, kv.Value)
	if err != nil {
		return err
	}
	n.content = append(n.content, k, v)
	return nil
}

func lineOf(n ast.Node) int {
	if n == nil {
		return 0
	}
	if t := n.GetToken(); t != nil && t.Position != nil {
		return t.Position.Line
	}
	return 0
}

// boolean reads a YAML 1.2 boolean.
func (n *node) boolean() (bool, bool) {
	if n.kind == scalarNode {
		switch n.value {
		case "true", "True", "TRUE":
			return true, true
		case "false", "False", "FALSE":
			return false, true
		}
	}
	return false, false
}

// separators counts the bytes that separate YAML tokens.
func separators(data []byte) int {
	n := 0
	for _, c := range data {
		switch c {
		case ',', ':', '-', '[', ']', '{', '}', '\n':
			n++
		}
	}
	return n
}
