/*
 * fuzz_common.c - the helpers every fuzz target shares (see fuzz.h).
 */
#include "fuzz.h"

#include "base/crypt.h"

#include <stdlib.h>

void fuzz_crypt_init(void)
{
    static int started;

    if (started)
        return;
    if (crypt_init() != 0) {
        fputs("fuzz: libsodium could not start\n", stderr);
        abort();
    }
    started = 1;
}

FILE *fuzz_sink(void)
{
    static FILE *sink;

    if (sink == NULL) {
        sink = fopen("/dev/null", "w");
        if (sink == NULL) {
            perror("fuzz: /dev/null");
            abort();
        }
    }
    return sink;
}

void fuzz_fail(const char *what, const char *file, int line)
{
    fprintf(stderr, "%s:%d: invariant broken: %s\n", file, line, what);
    abort();
}
