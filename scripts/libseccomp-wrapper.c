/*
 * libseccomp-wrapper RULES PROGRAM [ARGS...]: the C anchor of scripts/bench.sh. It
 * does what urunc-seccomp-exec does for solo5-hvt, with libseccomp: builds
 * the filter from RULES (written by `bench rules`: the embedded policy,
 * resolved), adds a guard that allows exactly its own execve, loads it
 * (libseccomp sets no_new_privs) and execs PROGRAM.
 *
 * RULES: a line "default RET", then one line per rule:
 * "NR RET NCOND [ARG OP VALUE WIDTH]...", OP one of filters.Op's names.
 */
#include <err.h>
#include <errno.h>
#include <seccomp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

static enum scmp_compare op(const char *name, uint64_t *value, uint64_t *mask, int width)
{
    *mask = width == 32 ? 0xffffffffu : ~0ull;
    if (!strcmp(name, "Equal"))
        return width == 32 ? SCMP_CMP_MASKED_EQ : SCMP_CMP_EQ;
    if (!strcmp(name, "NotEqual") && width == 64)
        return SCMP_CMP_NE;
    if (!strcmp(name, "GreaterThan") && width == 64)
        return SCMP_CMP_GT;
    if (!strcmp(name, "GreaterOrEqual") && width == 64)
        return SCMP_CMP_GE;
    if (!strcmp(name, "LessThan") && width == 64)
        return SCMP_CMP_LT;
    if (!strcmp(name, "LessOrEqual") && width == 64)
        return SCMP_CMP_LE;
    if (!strcmp(name, "BitsSet") && *value && !(*value & (*value - 1))) { /* one bit: (arg & bit) == bit */
        *mask = *value;
        return SCMP_CMP_MASKED_EQ;
    }
    if (!strcmp(name, "BitsNotSet")) { /* (arg & value) == 0 */
        *mask = *value;
        *value = 0;
        return SCMP_CMP_MASKED_EQ;
    }
    errx(125, "operation %s (width %d) has no libseccomp equivalent here", name, width);
}

int main(int argc, char **argv)
{
    if (argc < 3)
        errx(125, "usage: libseccomp-wrapper RULES PROGRAM [ARGS...]");
    FILE *f = fopen(argv[1], "r");
    if (!f)
        err(125, "%s", argv[1]);
    uint32_t def;
    if (fscanf(f, "default %u", &def) != 1)
        errx(125, "%s: no default line", argv[1]);
    /* Under valgrind, which has no seccomp(2), libseccomp's probe of the
     * kernel's API level fails; bench.sh sets the level it would find. */
    const char *api = getenv("LIBSECCOMP_WRAPPER_API");
    if (api && seccomp_api_set(atoi(api)) < 0)
        errx(125, "seccomp_api_set(%s)", api);
    scmp_filter_ctx ctx = seccomp_init(def);
    if (!ctx)
        errx(125, "seccomp_init");
    int nr, n;
    uint32_t ret;
    while (fscanf(f, "%d %u %d", &nr, &ret, &n) == 3) {
        struct scmp_arg_cmp conds[6];
        unsigned used = 0;
        if (n > 6)
            errx(125, "%d conditions", n);
        for (int i = 0; i < n; i++) {
            char name[32];
            unsigned arg;
            int width;
            uint64_t value, mask;
            if (fscanf(f, "%u %31s %lu %d", &arg, name, &value, &width) != 4)
                errx(125, "%s: a short condition", argv[1]);
            enum scmp_compare cmp = op(name, &value, &mask, width);
            struct scmp_arg_cmp c = cmp == SCMP_CMP_MASKED_EQ ? (struct scmp_arg_cmp){arg, cmp, mask, value}
                                                              : (struct scmp_arg_cmp){arg, cmp, value, 0};
            /* libseccomp takes one comparison per argument: two masked
             * tests of disjoint bits are one ((a & (m1|m2)) == v1|v2). */
            unsigned j = 0;
            while (j < used && !(conds[j].arg == arg && conds[j].op == SCMP_CMP_MASKED_EQ && cmp == SCMP_CMP_MASKED_EQ &&
                                 !(conds[j].datum_a & mask)))
                j++;
            if (j < used) {
                conds[j].datum_a |= mask;
                conds[j].datum_b |= value;
            } else {
                conds[used++] = c;
            }
        }
        int e = seccomp_rule_add_array(ctx, ret, nr, used, conds);
        if (e < 0)
            errx(125, "rule for syscall %d: %s", nr, strerror(-e));
    }
    fclose(f);
    /* The guard: execve only with these exact pointers, as the wrapper's. */
    int e = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(execve), 3, SCMP_A0(SCMP_CMP_EQ, (uintptr_t)argv[2]),
                             SCMP_A1(SCMP_CMP_EQ, (uintptr_t)&argv[2]), SCMP_A2(SCMP_CMP_EQ, (uintptr_t)environ));
    if (e < 0)
        errx(125, "the execve guard: %s", strerror(-e));
    if ((e = seccomp_load(ctx)) < 0)
        errx(125, "seccomp_load: %s", strerror(-e));
    execve(argv[2], &argv[2], environ);
    return 126;
}
