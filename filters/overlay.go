package filters

import "fmt"

// ParseOverlay reads one overlay: a policy that names its monitor.
func ParseOverlay(file string, data []byte) (*Source, error) {
	root, err := parseYAML(file, data)
	if err != nil {
		return nil, err
	}
	src, err := parseSource(file, root, append([]string{"monitor", "loosen_default_action"}, policyKeys...))
	if err != nil {
		return nil, err
	}
	if src.Monitor == "" {
		return nil, fmt.Errorf("%s:%d: the overlay names no monitor: add monitor: solo5-hvt (the monitor whose policy it extends)", file, src.Line)
	}
	return src, nil
}
