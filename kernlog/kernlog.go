// Package kernlog reads the kernel's seccomp audit records (type=1326):
// from /dev/kmsg, from syslog(2) as dmesg does, or from a saved log such as
// auditd's audit.log.
package kernlog

import (
	"bufio"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// Record is one seccomp audit record: a call a filter did not allow
// silently (killed, trapped, logged, or errno with logging on).
type Record struct {
	Time   time.Time // from audit(SECONDS.MILLIS:SERIAL)
	Serial uint64
	PID    int
	Comm   string
	Exe    string
	Arch   uint32 // AUDIT_ARCH_*
	Nr     uint32
	Compat bool
	Code   uint32 // the filter's return value: SECCOMP_RET_*
}

// Parse reads a record from one log line, in the kernel's form
// ("audit: type=1326 audit(...): ... syscall=9 ... code=0x80000000") or
// auditd's ("type=SECCOMP msg=audit(...): ..."). ok is false for any other
// line.
func Parse(line string) (r Record, ok bool) {
	at := strings.Index(line, "type=1326 ")
	if at < 0 {
		if at = strings.Index(line, "type=SECCOMP "); at < 0 {
			return r, false
		}
	}
	line = line[at:]
	open := strings.Index(line, "audit(")
	end := strings.Index(line, "):")
	if open < 0 || end < open {
		return r, false
	}
	stamp := line[open+len("audit(") : end]
	secs, serial, _ := strings.Cut(stamp, ":")
	whole, frac, _ := strings.Cut(secs, ".")
	s, err1 := strconv.ParseInt(whole, 10, 64)
	ms, err2 := strconv.ParseInt(frac, 10, 64)
	if err1 != nil || err2 != nil {
		return r, false
	}
	r.Time = time.Unix(s, ms*int64(time.Millisecond))
	r.Serial, _ = strconv.ParseUint(serial, 10, 64)

	fields := map[string]string{}
	// auditd puts its enriched fields after a 0x1d byte.
	for _, f := range strings.FieldsFunc(line[end+2:], func(c rune) bool { return c == ' ' || c == '\t' || c == 0x1d }) {
		if k, v, ok := strings.Cut(f, "="); ok {
			fields[k] = v
		}
	}
	num := func(key string, base int) (uint64, bool) {
		v, err := strconv.ParseUint(strings.TrimPrefix(fields[key], "0x"), base, 64)
		return v, err == nil
	}
	pid, ok1 := num("pid", 10)
	arch, ok2 := num("arch", 16)
	nr, ok3 := num("syscall", 10)
	code, ok4 := num("code", 16)
	if !(ok1 && ok2 && ok3 && ok4) {
		return r, false
	}
	r.PID, r.Arch, r.Nr, r.Code = int(pid), uint32(arch), uint32(nr), uint32(code)
	r.Compat = fields["compat"] == "1"
	r.Comm, r.Exe = untrusted(fields["comm"]), untrusted(fields["exe"])
	return r, true
}

// untrusted decodes an audit string field: quoted, or in hex when it holds
// spaces or quotes.
func untrusted(v string) string {
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		return v[1 : len(v)-1]
	}
	if b, err := hex.DecodeString(v); err == nil && v != "" {
		return string(b)
	}
	return v
}

// ParseAll reads every record from a log.
func ParseAll(r io.Reader) ([]Record, error) {
	var out []Record
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		if rec, ok := Parse(sc.Text()); ok {
			out = append(out, rec)
		}
	}
	return out, sc.Err()
}

// ErrRestricted means the kernel log exists but this user may not read it.
var ErrRestricted = errors.New("reading the kernel log needs root (CAP_SYSLOG) while kernel.dmesg_restrict is 1")

// ReadKernel returns the kernel log's lines: from /dev/kmsg, else (no
// /dev/kmsg, as in some containers) from syslog(2), as dmesg does.
func ReadKernel() ([]string, error) {
	lines, err := readKmsg("/dev/kmsg")
	if err == nil {
		return lines, nil
	}
	if errors.Is(err, unix.EPERM) || errors.Is(err, unix.EACCES) {
		return nil, fmt.Errorf("/dev/kmsg: %w", restricted(err))
	}
	lines, err2 := readSyslog()
	if err2 != nil {
		if errors.Is(err2, unix.EPERM) {
			err2 = restricted(err2)
		}
		return nil, fmt.Errorf("/dev/kmsg: %w; syslog(2): %w", err, err2)
	}
	return lines, nil
}

func restricted(err error) error {
	if v, _ := os.ReadFile("/proc/sys/kernel/dmesg_restrict"); strings.TrimSpace(string(v)) == "1" {
		return ErrRestricted
	}
	return err
}

// readKmsg reads every record /dev/kmsg holds now. Each read returns one
// record "PRIO,SEQ,USEC,FLAGS;MESSAGE\n"; EAGAIN marks the end, EPIPE a
// record overwritten while reading (skipped).
func readKmsg(path string) ([]string, error) {
	fd, err := unix.Open(path, unix.O_RDONLY|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	defer unix.Close(fd)
	var lines []string
	buf := make([]byte, 8192)
	for {
		n, err := unix.Read(fd, buf)
		switch {
		case errors.Is(err, unix.EAGAIN):
			return lines, nil
		case errors.Is(err, unix.EPIPE), errors.Is(err, unix.EINTR):
			continue
		case err != nil:
			return nil, err
		}
		rec := string(buf[:n])
		if _, msg, ok := strings.Cut(rec, ";"); ok {
			msg, _, _ = strings.Cut(msg, "\n") // continuation lines follow
			lines = append(lines, msg)
		}
	}
}

func readSyslog() ([]string, error) {
	size, err := unix.Klogctl(unix.SYSLOG_ACTION_SIZE_BUFFER, nil)
	if err != nil {
		return nil, err
	}
	buf := make([]byte, size)
	n, err := unix.Klogctl(unix.SYSLOG_ACTION_READ_ALL, buf)
	if err != nil {
		return nil, err
	}
	return strings.Split(string(buf[:n]), "\n"), nil
}
