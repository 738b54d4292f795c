package wrapper

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

// A tap the monitor's command line names is reached one of two ways, and
// the monitor never keeps CAP_NET_ADMIN: with it, a root monitor owns the
// host's network (links, namespaces, other VMs' taps, ethtool settings).
//
//   - The wrapper attaches the tap itself (TUNSETIFF, with its own
//     privileges) and hands the monitor the descriptor as --net:NAME=@FD.
//     The monitor then gets neither /dev/net/tun nor a capability, so it
//     cannot attach any other tap. Solo5 before v0.10 takes @FD.
//   - Solo5 v0.10 and later refuse @FD: tap_attach() returns before it
//     sets the MTU it reports, and the caller rejects the unset MTU
//     ("Could not attach interface: @5: Success"). There the monitor
//     attaches by name, so it gets /dev/net/tun, and the wrapper checks
//     on the kernel's own word (rtnetlink's IFLA_TUN_OWNER and
//     IFLA_TUN_GROUP, which need no /sys) that it can do so without a
//     capability; otherwise it refuses to run.

// Tap is a tap the command line names that the wrapper attaches and
// passes to the monitor as a descriptor.
type Tap struct {
	Arg   int    // index in the monitor's arguments of the word naming it
	Iface string // the host's tap
	// Word is that word with the descriptor in place of the name: a
	// format with one %d (--net:NAME=@%d; tap,id=net0,fd=%d).
	Word  string
	Flags uint16 // TUNSETIFF's flags: IFF_TAP|IFF_NO_PI, and IFF_VNET_HDR for QEMU
}

// attachTaps attaches each tap and rewrites its word in args (the
// monitor's, without argv[0]). It returns the descriptors, which the
// monitor must inherit.
func attachTaps(args []string, taps []Tap) ([]int, error) {
	var fds []int
	for _, t := range taps {
		fd, err := attachTap(t.Iface, t.Flags)
		if err != nil {
			for _, f := range fds {
				unix.Close(f)
			}
			return nil, err
		}
		fds = append(fds, fd)
		args[t.Arg] = fmt.Sprintf(t.Word, fd)
	}
	return fds, nil
}

// attachTap attaches the existing tap iface with flags, as the monitor
// would (Solo5: IFF_TAP|IFF_NO_PI), and refuses to create one: a tap
// TUNSETIFF created is not persistent, and closing its descriptor removes
// it again.
func attachTap(iface string, flags uint16) (int, error) {
	if len(iface) >= unix.IFNAMSIZ {
		return -1, fmt.Errorf("--net: %q is longer than a network interface name can be (%d)", iface, unix.IFNAMSIZ-1)
	}
	fd, err := unix.Open("/dev/net/tun", unix.O_RDWR|unix.O_CLOEXEC, 0)
	if err != nil {
		return -1, fmt.Errorf("--net: opening /dev/net/tun to attach tap %s: %w", iface, err)
	}
	ifr, err := unix.NewIfreq(iface)
	if err != nil {
		unix.Close(fd)
		return -1, fmt.Errorf("--net: tap %q: %w", iface, err)
	}
	ifr.SetUint16(flags)
	if err := unix.IoctlIfreq(fd, unix.TUNSETIFF, ifr); err != nil {
		unix.Close(fd)
		fix := "create it (ip tuntap add " + iface + " mode tap), ownerless or owned by this user"
		if errors.Is(err, unix.EBUSY) {
			fix = "another process has it attached"
		} else if errors.Is(err, unix.EINVAL) {
			fix = "is it a tun device rather than a tap?"
		}
		return -1, fmt.Errorf("--net: attaching tap %s: %w: %s", iface, err, fix)
	}
	got, _ := unix.NewIfreq("")
	if err := unix.IoctlIfreq(fd, unix.TUNGETIFF, got); err != nil || got.Uint16()&unix.IFF_PERSIST == 0 || got.Name() != iface {
		unix.Close(fd)
		return -1, fmt.Errorf("--net: there is no tap %s (the wrapper does not create one): create it first (ip tuntap add %s mode tap)", iface, iface)
	}
	return fd, nil
}

// tapFacts is what the kernel says of a tun link over rtnetlink: that it
// is a tap, its owner and group (-1: none set), whether it is multi-queue
// and how many queues are attached.
type tapFacts struct {
	tap          bool
	owner, group int64
	multiQueue   bool
	queues       uint32
}

// readTaps dumps the links of this network namespace and reads each tun
// link's facts, by name.
func readTaps() (map[string]tapFacts, error) {
	rib, err := syscall.NetlinkRIB(unix.RTM_GETLINK, unix.AF_UNSPEC)
	if err != nil {
		return nil, fmt.Errorf("asking the kernel about its taps over rtnetlink: %w", err)
	}
	msgs, err := syscall.ParseNetlinkMessage(rib)
	if err != nil {
		return nil, fmt.Errorf("reading the kernel's links: %w", err)
	}
	taps := map[string]tapFacts{}
	for i := range msgs {
		if msgs[i].Header.Type != unix.RTM_NEWLINK {
			continue
		}
		attrs, err := syscall.ParseNetlinkRouteAttr(&msgs[i])
		if err != nil {
			continue
		}
		var name string
		var info []byte
		for _, a := range attrs {
			switch a.Attr.Type {
			case unix.IFLA_IFNAME:
				name = strings.TrimRight(string(a.Value), "\x00")
			case unix.IFLA_LINKINFO:
				info = a.Value
			}
		}
		kind, data := nested(info, unix.IFLA_INFO_KIND), nested(info, unix.IFLA_INFO_DATA)
		if strings.TrimRight(string(kind), "\x00") != "tun" {
			if name != "" {
				taps[name] = tapFacts{owner: -1, group: -1} // a link, not a tap
			}
			continue
		}
		f := tapFacts{owner: -1, group: -1}
		if t := nested(data, unix.IFLA_TUN_TYPE); len(t) == 1 && t[0] == unix.IFF_TAP {
			f.tap = true
		}
		if o := nested(data, unix.IFLA_TUN_OWNER); len(o) == 4 {
			f.owner = int64(binary.NativeEndian.Uint32(o))
		}
		if g := nested(data, unix.IFLA_TUN_GROUP); len(g) == 4 {
			f.group = int64(binary.NativeEndian.Uint32(g))
		}
		if m := nested(data, unix.IFLA_TUN_MULTI_QUEUE); len(m) == 1 {
			f.multiQueue = m[0] != 0
		}
		if q := nested(data, unix.IFLA_TUN_NUM_QUEUES); len(q) == 4 {
			f.queues = binary.NativeEndian.Uint32(q)
		}
		taps[name] = f
	}
	return taps, nil
}

// attachable: this process could attach the tap without a capability
// (tun_not_capable in drivers/net/tun.c: no owner or this user, no group
// or one of its groups).
func (f tapFacts) attachable() bool {
	groups, _ := unix.Getgroups()
	ownerOK := f.owner == -1 || f.owner == int64(os.Geteuid())
	groupOK := f.group == -1 || f.group == int64(os.Getegid()) || slices.Contains(groups, int(f.group))
	return f.tap && ownerOK && groupOK
}

// nested is the value of the attribute of type typ among the netlink
// attributes in b, or nil.
func nested(b []byte, typ uint16) []byte {
	for len(b) >= 4 {
		l := int(binary.NativeEndian.Uint16(b))
		t := binary.NativeEndian.Uint16(b[2:]) & 0x3fff // without NLA_F_NESTED and NLA_F_NET_BYTEORDER
		if l < 4 || l > len(b) {
			return nil
		}
		if t == typ {
			return b[4:l]
		}
		b = b[min((l+3)&^3, len(b)):]
	}
	return nil
}

// attachByName lets the monitor attach the tap iface by name (it gets
// /dev/net/tun): refused for a tap it could attach by name only with
// CAP_NET_ADMIN (an owner that is not the caller, or a group it is not
// in), or one the kernel does not know as a tap in this network
// namespace. Prepare then checks no other tap there is open to it
// (checkOtherTaps).
func (r *Reach) attachByName(iface string) error {
	taps, err := readTaps()
	if err != nil {
		return fmt.Errorf("--net: %w: the wrapper keeps no capability on a guess; pass the tap as an open descriptor (--net:NAME=@FD)", err)
	}
	f, found := taps[iface]
	switch {
	case !found:
		return fmt.Errorf("--net: there is no tap %s in this network namespace: create it first (ip tuntap add %s mode tap)", iface, iface)
	case !f.tap:
		return fmt.Errorf("--net: %s is not a tap: give a tap device (ip tuntap add NAME mode tap)", iface)
	case !f.attachable():
		return fmt.Errorf("--net: tap %s belongs to uid %d gid %d (-1: none): attaching it would need CAP_NET_ADMIN, with which the monitor could reconfigure the host's network; make it ownerless or the monitor's (ip tuntap add %s mode tap user %d), or pass it open as --net:NAME=@FD",
			iface, f.owner, f.group, iface, os.Geteuid())
	}
	r.ByName = append(r.ByName, iface)
	return nil
}

// checkOtherTaps refuses to run a monitor that attaches taps by name (so
// holds /dev/net/tun: seccomp cannot see a tap's name, Landlock only the
// device) when another tap in this network namespace is open to it too:
// one it could attach without a capability that no process has attached,
// or a multi-queue one, to which it could add a queue beside another VM's.
// Under urunc each monitor's namespace holds its own tap only.
func checkOtherTaps(named []string) error {
	taps, err := readTaps()
	if err != nil {
		return fmt.Errorf("--net: %w", err)
	}
	for name, f := range taps {
		if slices.Contains(named, name) || !f.attachable() || (f.queues > 0 && !f.multiQueue) {
			continue
		}
		how := "attached by no process"
		if f.multiQueue {
			how = "multi-queue"
		}
		return fmt.Errorf("--net: the monitor attaches its tap by name, and tap %s in this network namespace is open to it too (owner %d, group %d, -1: none; %s): run the monitor in a network namespace of its own (as urunc does), give %s an owner (ip tuntap add %s mode tap user UID), or pass --allow-other-taps",
			name, f.owner, f.group, how, name, name)
	}
	return nil
}
