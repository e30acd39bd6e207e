/*
 * reader.h - a bounds-checked reader over a byte range, for the TLS 1.3
 * message parsers: big-endian integers and length-prefixed vectors.  Every
 * read fails (returns -1, leaving the reader spent) rather than run past
 * the end.
 */
#ifndef TLSSIM_TLS13_READER_H
#define TLSSIM_TLS13_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct tls13_reader {
    const uint8_t *p;
    size_t len;
};

/* A reader over len bytes at p. */
struct tls13_reader tls13_reader_of(const uint8_t *p, size_t len);

/* Read an n-byte (1 to 4) big-endian integer; 0 or -1. */
int tls13_read_uint(struct tls13_reader *r, size_t n, uint32_t *v);

/* Take len bytes as they are; 0 or -1. */
int tls13_read_bytes(struct tls13_reader *r, size_t len, const uint8_t **p);

/* Read a vector with an n-byte length prefix into a sub-reader; 0 or -1. */
int tls13_read_vector(struct tls13_reader *r, size_t n, struct tls13_reader *sub);

/* True when every byte has been read. */
bool tls13_reader_done(const struct tls13_reader *r);

#endif
