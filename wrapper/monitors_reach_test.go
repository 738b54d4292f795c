package wrapper

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// Each monitor's command line (and Firecracker's configuration) grants
// what it names, and the wrapper refuses what it cannot reason about.
func TestMonitorsReach(t *testing.T) {
	dir := t.TempDir()
	file := func(name string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(name), 0o644)
		return p
	}
	k, initrd, disk, ro := file("kernel"), file("initrd"), file("disk.img"), file("ro.img")
	// urunc's fc.json (pkg/unikontainers/hypervisors/firecracker.go), with a drive, a read-only one and vsock.
	fc := filepath.Join(dir, "fc.json")
	os.WriteFile(fc, []byte(`{"boot-source":{"kernel_image_path":"`+k+`","boot_args":"console=ttyS0","initrd_path":"`+initrd+`"},
		"machine-config":{"vcpu_count":1,"mem_size_mib":256,"smt":false,"track_dirty_pages":false},
		"drives":[{"drive_id":"rootfs","is_read_only":false,"is_root_device":true,"path_on_host":"`+disk+`"},
		          {"drive_id":"ro","is_read_only":true,"is_root_device":false,"path_on_host":"`+ro+`"}],
		"vsock":{"guest_cid":3,"uds_path":"`+dir+`/vaccel.sock","vsock_id":"root"}}`), 0o644)
	type grant struct {
		path  string
		right Right
	}
	for _, tc := range []struct {
		name  string
		reach func(exe string, args []string) (*Reach, error)
		args  []string
		want  []grant
		not   []string
	}{
		{"firecracker as urunc runs it", func(e string, a []string) (*Reach, error) { return firecrackerReach(e, a, nil) },
			[]string{"--no-api", "--config-file", fc},
			[]grant{{fc, Read}, {k, Read}, {initrd, Read}, {disk, ReadWrite}, {ro, Read}, {dir, CreateSockets}}, []string{"/run"}},
		{"firecracker with its API socket", func(e string, a []string) (*Reach, error) { return firecrackerReach(e, a, nil) },
			[]string{"--api-sock", dir + "/fc.sock", "--log-path", dir + "/fc.log"},
			[]grant{{dir, CreateSockets}, {dir + "/fc.log", ReadWrite}}, []string{fc}},
		{"cloud-hypervisor", func(e string, a []string) (*Reach, error) { return cloudHypervisorReach(e, a, nil) },
			[]string{"--kernel", k, "--initramfs=" + initrd, "--disk", "path=" + disk, "path=" + ro + ",readonly=on", "--cmdline", "console=hvc0", "--serial", "tty", "--console", "off", "--seccomp", "true"},
			[]grant{{k, Read}, {initrd, Read}, {disk, ReadWrite}, {ro, Read}}, []string{fc}},
		{"solo5-spt", func(e string, a []string) (*Reach, error) { return Solo5SPT.Reach(e, a, nil) },
			[]string{"--mem=64", "--block:storage=" + disk, k},
			[]grant{{k, Read}, {disk, ReadWrite}}, []string{"/dev/kvm", fc}},
	} {
		r, err := tc.reach("/bin/true", tc.args)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		for _, w := range tc.want {
			if got, ok := granted(r, w.path); !ok || got != w.right {
				t.Errorf("%s: %s: granted %s (%v), want %s", tc.name, w.path, got, ok, w.right)
			}
		}
		for _, p := range tc.not {
			if got, ok := granted(r, p); ok {
				t.Errorf("%s: %s is granted (%s)", tc.name, p, got)
			}
		}
	}

	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"boot-source":{"kernel_image_path":"`+k+`"},"snapshot":{"path":"/"}}`), 0o644)
	vhost := filepath.Join(dir, "vhost.json")
	os.WriteFile(vhost, []byte(`{"drives":[{"drive_id":"x","socket":"/run/vhost.sock"}]}`), 0o644)
	for _, tc := range []struct {
		name  string
		reach func(exe string, args []string) (*Reach, error)
		args  []string
		want  string
	}{
		{"firecracker unknown flag", func(e string, a []string) (*Reach, error) { return firecrackerReach(e, a, nil) }, []string{"--describe-snapshot", "/x"}, "does not know"},
		{"firecracker unknown section", func(e string, a []string) (*Reach, error) { return firecrackerReach(e, a, nil) }, []string{"--no-api", "--config-file", bad}, `section "snapshot"`},
		{"firecracker vhost-user drive", func(e string, a []string) (*Reach, error) { return firecrackerReach(e, a, nil) }, []string{"--no-api", "--config-file", vhost}, "vhost-user drive"},
		{"firecracker config is a folder", func(e string, a []string) (*Reach, error) { return firecrackerReach(e, a, nil) }, []string{"--no-api", "--config-file", dir}, "not a regular file"},
		{"firecracker a tap that does not exist", func(e string, a []string) (*Reach, error) { return firecrackerReach(e, a, nil) }, []string{"--no-api", "--config-file", writeJSON(t, dir, `{"network-interfaces":[{"iface_id":"net1","host_dev_name":"no-such-tap9"}]}`)}, "there is no tap no-such-tap9"},
		{"cloud-hypervisor vfio", func(e string, a []string) (*Reach, error) { return cloudHypervisorReach(e, a, nil) }, []string{"--device", "path=/sys/bus/pci/devices/0000:00:01.0"}, "does not know"},
		{"cloud-hypervisor vhost-user disk", func(e string, a []string) (*Reach, error) { return cloudHypervisorReach(e, a, nil) }, []string{"--disk", "vhost_user=true,socket=/run/x"}, "only disks given by path="},
		{"cloud-hypervisor net ip=", func(e string, a []string) (*Reach, error) { return cloudHypervisorReach(e, a, nil) }, []string{"--net", "tap=tap0,ip=10.0.0.1,mask=255.255.255.0"}, "CAP_NET_ADMIN"},
		{"cloud-hypervisor disk linked to /", func(e string, a []string) (*Reach, error) { return cloudHypervisorReach(e, a, nil) }, []string{"--disk", "path=/"}, "is a folder"},
		{"cloud-hypervisor serial pty", func(e string, a []string) (*Reach, error) { return cloudHypervisorReach(e, a, nil) }, []string{"--serial", "pty"}, "only off, null, tty"},
	} {
		_, err := tc.reach("/bin/true", tc.args)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want an error saying %q", tc.name, err, tc.want)
		}
	}
}

func writeJSON(t *testing.T, dir, data string) string {
	t.Helper()
	f, err := os.CreateTemp(dir, "*.json")
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(data)
	f.Close()
	return f.Name()
}

func TestQEMUReach(t *testing.T) {
	dir := t.TempDir()
	disk := filepath.Join(dir, "a,b.img")
	os.WriteFile(disk, nil, 0o644)
	r, err := qemuReach("/bin/true", []string{"-m", "64M", "-drive", "format=raw,if=none,id=b0,file=" + strings.ReplaceAll(disk, ",", ",,"),
		"-netdev", "tap,id=net0,script=no,downscript=no,ifname=tap0,vhost=off", "-pidfile", dir + "/qemu.pid"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, ok := granted(r, disk); !ok || got != ReadWrite {
		t.Errorf("a drive whose name has a comma (,,): %s %v", got, ok)
	}
	if len(r.Taps) != 1 || r.Taps[0].Arg != 5 || r.Taps[0].Word != "tap,id=net0,vhost=off,fd=%d" || r.Taps[0].Iface != "tap0" {
		t.Errorf("the tap: %+v", r.Taps)
	}
	if _, ok := granted(r, dir+"/qemu.pid"); !ok {
		t.Error("-pidfile is not granted")
	}
	if _, err := os.Lstat(dir + "/qemu.pid"); err == nil {
		t.Error("planning created -pidfile: --dry-run must create nothing")
	}
	if err := r.createFiles(); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Lstat(dir + "/qemu.pid"); err != nil || !st.Mode().IsRegular() {
		t.Errorf("-pidfile not created at start: %v", err)
	}
	os.Symlink("/etc/passwd", dir+"/link.pid")
	for _, args := range [][]string{
		{"-readconfig", "/etc/qemu.cfg"}, {"disk.img"}, {"-netdev", "user,id=n"}, {"-netdev", "tap,id=n,ifname=t"},
		{"-netdev", "tap,id=n,ifname=t,script=/etc/qemu-ifup,downscript=no"}, {"-drive", "file=nbd:host:1"},
		{"-drive", "file=" + disk + ",snapshot=on"}, {"-blockdev", `{"driver":"file"}`}, {"-chardev", "socket,id=c,host=0.0.0.0,port=1"},
		{"-serial", "pty"}, {"-object", "memory-backend-file,id=m,mem-path=/proc"}, {"-pidfile", dir + "/link.pid"}, {"-kernel", "/"},
	} {
		if _, err := qemuReach("/bin/true", args, nil); err == nil {
			t.Errorf("%q: not refused", args)
		}
	}
}

// urunc's virtiofs memory (mem-path=/tmp, a tmpfs folder) runs as the same
// shared memory from memfd, with no folder to create files in.
func TestQEMUMemoryFile(t *testing.T) {
	var fs unix.Statfs_t
	if unix.Statfs("/dev/shm", &fs) != nil || fs.Type != unix.TMPFS_MAGIC {
		t.Skip("no tmpfs at /dev/shm here")
	}
	r, err := qemuReach("/bin/true", []string{"-object", "memory-backend-file,id=mem,size=256M,mem-path=/dev/shm,share=on"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Words[1]; got != "memory-backend-memfd,id=mem,size=256M,share=on" {
		t.Errorf("replaced with %q", got)
	}
	if _, ok := granted(r, "/dev/shm"); ok {
		t.Error("the folder is granted")
	}
}
