/*
 * twointerp: copy a dynamic ELF64 program and give the copy a second
 * PT_INTERP naming PATH (its first PT_NOTE header, after the real
 * PT_INTERP, is turned into one, and PATH is appended to the file). The
 * kernel loads only the first PT_INTERP and the copy still runs; a wrapper
 * that grants every PT_INTERP would grant PATH too.
 *
 * usage: twointerp IN OUT PATH
 */
#include <elf.h>
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int main(int argc, char **argv)
{
    if (argc != 4)
        errx(2, "usage: twointerp IN OUT PATH");
    FILE *in = fopen(argv[1], "rb");
    if (!in)
        err(1, "%s", argv[1]);
    static unsigned char buf[64 << 20];
    size_t n = fread(buf, 1, sizeof buf, in);
    fclose(in);
    Elf64_Ehdr *eh = (Elf64_Ehdr *)buf;
    if (n < sizeof *eh || memcmp(eh->e_ident, ELFMAG, SELFMAG) || eh->e_ident[EI_CLASS] != ELFCLASS64)
        errx(1, "%s: not an ELF64 file", argv[1]);
    int seen_interp = 0;
    for (int i = 0; i < eh->e_phnum; i++) {
        Elf64_Phdr *ph = (Elf64_Phdr *)(buf + eh->e_phoff + (size_t)i * eh->e_phentsize);
        if (ph->p_type == PT_INTERP)
            seen_interp = 1;
        else if (ph->p_type == PT_NOTE && seen_interp) {
            size_t len = strlen(argv[3]) + 1;
            if (n + len > sizeof buf)
                errx(1, "%s: too large", argv[1]);
            ph->p_type = PT_INTERP;
            ph->p_offset = n;
            ph->p_vaddr = ph->p_paddr = 0;
            ph->p_filesz = ph->p_memsz = len;
            memcpy(buf + n, argv[3], len);
            n += len;
            FILE *out = fopen(argv[2], "wb");
            if (!out || fwrite(buf, 1, n, out) != n || fclose(out))
                err(1, "%s", argv[2]);
            chmod(argv[2], 0755);
            return 0;
        }
    }
    errx(1, "%s: no PT_INTERP followed by a PT_NOTE", argv[1]);
}
