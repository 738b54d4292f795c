package filters

// The program-level exports: raw BPF and numbered assembly.

import (
	"encoding/binary"
	"fmt"
	"io"
	"strings"
)

// WriteBPF writes the program exactly as handed to seccomp(2): struct
// sock_filter records {u16 code; u8 jt; u8 jf; u32 k}, little-endian, the
// format libseccomp's scmp_bpf_disasm and scmp_bpf_sim read.
func WriteBPF(w io.Writer, prog *Program) error {
	raw, err := prog.Raw()
	if err != nil {
		return err
	}
	buf := make([]byte, 8*len(raw))
	for i, in := range raw {
		binary.LittleEndian.PutUint16(buf[8*i:], in.Op)
		buf[8*i+2], buf[8*i+3] = in.Jt, in.Jf
		binary.LittleEndian.PutUint32(buf[8*i+4:], in.K)
	}
	_, err = w.Write(buf)
	return err
}

// WriteAsm writes one numbered instruction per line, with what it decides.
func WriteAsm(w io.Writer, prog *Program) error {
	for i, in := range prog.Instructions {
		line := fmt.Sprintf("%4d  %-24v", i, in)
		if c := prog.Comments[i]; c != "" {
			line += " ; " + c
		}
		if _, err := fmt.Fprintln(w, strings.TrimRight(line, " ")); err != nil {
			return err
		}
	}
	return nil
}
