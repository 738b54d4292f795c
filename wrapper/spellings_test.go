package wrapper

import (
	"os"
	"path/filepath"
	"testing"
)

// TestSpellingsAsTheMonitorReadsThem: each way a monitor's own parser
// spells read-only (or splits a value) grants what that monitor then
// does; a spelling it refuses is refused here too (125), never guessed.
// QEMU: qapi_bool_parse (on/yes/true/y, off/no/false/n, exact case), for
// -drive's readonly and -blockdev's read-only. cloud-hypervisor:
// option_parser's Toggle (on/true/off/false, any case) and split_commas
// (commas in [...] and "..." do not split).
func TestSpellingsAsTheMonitorReadsThem(t *testing.T) {
	dir := t.TempDir()
	img, secret := filepath.Join(dir, "disk.img"), filepath.Join(dir, "secret")
	for _, p := range []string{img, secret} {
		os.WriteFile(p, []byte("x"), 0o644)
	}
	qemu := func(opt, v string) (*Reach, error) { return qemuReach("/bin/true", []string{opt, v}, nil) }
	ch := func(v string) (*Reach, error) { return cloudHypervisorReach("/bin/true", []string{"--disk", v}, nil) }
	const refused = Right(-1)
	for _, tc := range []struct {
		name  string
		reach func() (*Reach, error)
		path  string
		want  Right // refused: an error
	}{
		{"qemu readonly=on", func() (*Reach, error) { return qemu("-drive", "file="+img+",format=raw,readonly=on") }, img, Read},
		{"qemu readonly=true", func() (*Reach, error) { return qemu("-drive", "file="+img+",format=raw,readonly=true") }, img, Read},
		{"qemu readonly=yes", func() (*Reach, error) { return qemu("-drive", "file="+img+",format=raw,readonly=yes") }, img, Read},
		{"qemu readonly=y", func() (*Reach, error) { return qemu("-drive", "file="+img+",format=raw,readonly=y") }, img, Read},
		{"qemu readonly bare", func() (*Reach, error) { return qemu("-drive", "file="+img+",format=raw,readonly") }, img, Read},
		{"qemu read-only=yes", func() (*Reach, error) { return qemu("-drive", "file="+img+",format=raw,read-only=yes") }, img, Read},
		{"qemu readonly=off", func() (*Reach, error) { return qemu("-drive", "file="+img+",format=raw,readonly=off") }, img, ReadWrite},
		{"qemu readonly=n", func() (*Reach, error) { return qemu("-drive", "file="+img+",format=raw,readonly=n") }, img, ReadWrite},
		{"qemu no readonly", func() (*Reach, error) { return qemu("-drive", "file="+img+",format=raw") }, img, ReadWrite},
		{"qemu readonly=ON (QEMU refuses)", func() (*Reach, error) { return qemu("-drive", "file="+img+",readonly=ON") }, img, refused},
		{"qemu readonly=1 (QEMU refuses)", func() (*Reach, error) { return qemu("-drive", "file="+img+",readonly=1") }, img, refused},
		{"qemu both spellings", func() (*Reach, error) { return qemu("-drive", "file="+img+",readonly=on,read-only=off") }, img, refused},
		{"qemu readonly twice (QEMU took the first)", func() (*Reach, error) { return qemu("-drive", "file="+img+",readonly=y,readonly=n") }, img, refused},
		{"qemu a bare readonly first", func() (*Reach, error) { return qemu("-drive", "readonly,file="+img+",format=raw") }, img, Read},
		{"qemu noreadonly", func() (*Reach, error) { return qemu("-drive", "file="+img+",format=raw,noreadonly") }, img, ReadWrite},
		{"qemu file twice", func() (*Reach, error) { return qemu("-drive", "file="+secret+",file="+img) }, img, refused},
		{"qemu blockdev read-only=true", func() (*Reach, error) {
			return qemu("-blockdev", "driver=file,node-name=d,filename="+img+",read-only=true")
		}, img, Read},
		{"qemu snapshot=yes", func() (*Reach, error) { return qemu("-drive", "file="+img+",snapshot=yes") }, img, refused},
		{"qemu a comma in the path (,,)", func() (*Reach, error) {
			return qemu("-drive", "file="+img+",,x,format=raw")
		}, img + ",x", refused - 1}, // does not exist: nothing granted, and not img
		{"qemu a socket server=yes", func() (*Reach, error) { return qemu("-chardev", "socket,id=c,path="+dir+"/s.sock,server=yes") }, dir, CreateSockets},
		{"qemu a socket server=1 (QEMU refuses)", func() (*Reach, error) { return qemu("-chardev", "socket,id=c,path="+dir+"/s.sock,server=1") }, dir, refused},
		{"ch readonly=on", func() (*Reach, error) { return ch("path=" + img + ",readonly=on") }, img, Read},
		{"ch readonly=ON", func() (*Reach, error) { return ch("path=" + img + ",readonly=ON") }, img, Read},
		{"ch readonly=True", func() (*Reach, error) { return ch("path=" + img + ",readonly=True") }, img, Read},
		{"ch readonly=off", func() (*Reach, error) { return ch("path=" + img + ",readonly=off") }, img, ReadWrite},
		{"ch readonly=yes (it refuses)", func() (*Reach, error) { return ch("path=" + img + ",readonly=yes") }, img, refused},
		{"ch a list in brackets", func() (*Reach, error) { return ch("path=" + img + ",serial=[a,path=" + secret + ",b]") }, secret, refused - 1},
		{"ch a list in brackets, the disk", func() (*Reach, error) { return ch("path=" + img + ",serial=[a,path=" + secret + ",b]") }, img, ReadWrite},
		{"ch a comma in quotes", func() (*Reach, error) { return ch(`path=` + img + `,serial="a,path=` + secret + `"`) }, secret, refused - 1},
		{"ch the last path wins", func() (*Reach, error) { return ch("path=" + secret + ",path=" + img) }, img, ReadWrite},
		{"ch a quoted path", func() (*Reach, error) { return ch(`path="` + img + `"`) }, img, ReadWrite},
		{"ch unbalanced", func() (*Reach, error) { return ch("path=" + img + ",serial=[a") }, img, refused},
	} {
		r, err := tc.reach()
		switch {
		case tc.want == refused:
			if err == nil {
				t.Errorf("%s: granted, want refused", tc.name)
			}
		case err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.want == refused-1: // must not be granted at all
			if got, ok := granted(r, tc.path); ok {
				t.Errorf("%s: %s granted %s, want nothing", tc.name, tc.path, got)
			}
		default:
			if got, ok := granted(r, tc.path); !ok || got != tc.want {
				t.Errorf("%s: %s granted %s (%v), want %s", tc.name, tc.path, got, ok, tc.want)
			}
		}
	}
}
