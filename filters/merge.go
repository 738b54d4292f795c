package filters

// The two ways a policy source grows: a catalog policy that extends
// another (InheritedBy), and an operator's overlay (WithOverlay).

import "fmt"

// InheritedBy returns add, a catalog policy that says extends: base, as
// a whole: base's groups, then add's, under add's name, monitor, versions
// and fallback; add's default action and hot list where it gives them.
func (base *Source) InheritedBy(add *Source) *Source {
	out := *add
	out.Groups = append(append([]Group(nil), base.Groups...), add.Groups...)
	if out.DefaultAction == nil {
		out.DefaultAction = base.DefaultAction
	}
	if out.Hot == nil {
		out.Hot = base.Hot
	}
	return &out
}

// strictness orders default actions: a higher number stops more.
var strictness = map[ActionKind]int{
	KindAllow: 0, KindLog: 1, KindErrno: 2,
	KindTrap: 3, KindKillThread: 4, KindKillProcess: 5,
}

// WithOverlay returns base, under its own name, extended by an operator's
// overlay o. Unlike InheritedBy it guards the default action: o's rules
// are added after base's; o's default action replaces base's only if it
// is as strict, or if o says loosen_default_action: true and allowLoosen
// (the command line's --allow-loosen) agrees; o's hot list, if any,
// replaces base's.
func (base *Source) WithOverlay(o *Source, allowLoosen bool) (*Source, error) {
	if o.Monitor != base.Monitor {
		return nil, fmt.Errorf("%s:%d: the overlay is for monitor %s, not %s", o.File, o.Line, o.Monitor, base.Monitor)
	}
	out := *base
	out.Groups = append(append([]Group(nil), base.Groups...), o.Groups...)
	if o.DefaultAction != nil {
		looser := base.DefaultAction != nil && strictness[o.DefaultAction.Kind] < strictness[base.DefaultAction.Kind]
		if looser && !o.LoosenDefault {
			return nil, fmt.Errorf("%s:%d: default_action %s is looser than %s's %s: remove it, or add loosen_default_action: true if that is meant",
				o.File, o.Line, *o.DefaultAction, base.Name, *base.DefaultAction)
		}
		// A file alone never loosens: whoever could write it (a
		// compromised monitor, say) must not weaken every later run.
		if looser && !allowLoosen {
			return nil, fmt.Errorf("%s:%d: default_action %s is looser than %s's %s: an overlay loosens it only when the command line says --allow-loosen too",
				o.File, o.Line, *o.DefaultAction, base.Name, *base.DefaultAction)
		}
		out.DefaultAction = o.DefaultAction
	}
	if o.Hot != nil {
		out.Hot = o.Hot
	}
	return &out, nil
}
