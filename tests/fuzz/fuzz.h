/*
 * fuzz.h - what every fuzz target shares: the entry point libFuzzer calls,
 * and the few helpers the targets need.
 *
 * Each target (fuzz_*.c) feeds one input parser any bytes at all.  Built
 * with --enable-fuzzing it links libFuzzer, which calls the entry point
 * with ever new inputs; otherwise it links driver.c, whose main() replays
 * the files named on its command line, so that make check runs every seed
 * and every past crash through the same code.
 */
#ifndef TLSSIM_FUZZ_H
#define TLSSIM_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Feed one input to the target's parser; returns 0 (anything else is
 * reserved by libFuzzer). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Start libsodium once; aborts when it cannot start, as no input could be tested. */
void fuzz_crypt_init(void);

/* A stream that discards what is written to it, opened once, for the
 * printers a target exercises. */
FILE *fuzz_sink(void);

/* Say which invariant failed, and where, then abort: a target checks what
 * it parsed (round trips, bounds), so a replay fails on a wrong answer
 * even in a build without sanitizers. */
void fuzz_fail(const char *what, const char *file, int line) __attribute__((noreturn));

#define FUZZ_CHECK(cond)                                  \
    do {                                                  \
        if (!(cond))                                      \
            fuzz_fail(#cond, __FILE__, __LINE__);         \
    } while (0)

#endif
