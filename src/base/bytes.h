/*
 * bytes.h - a growable byte buffer, and hex formatting of bytes.
 *
 * Owns nothing but its own memory.  Growth failures abort with a message:
 * the simulator's buffers are small, and running out of memory is fatal.
 */
#ifndef TLSSIM_BYTES_H
#define TLSSIM_BYTES_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

struct bytes {
    uint8_t *data;
    size_t len;
    size_t cap;
};

/* Make room for len more bytes and return where they start (len is added):
 * the slow half of bytes_extend(), which moves b to a larger block. */
uint8_t *bytes_grow(struct bytes *b, size_t len);

/* Make room for len more bytes and return where they start (len is added).
 * Inline, as encoders call it for every byte they write. */
static inline uint8_t *bytes_extend(struct bytes *b, size_t len)
{
    if (len > b->cap - b->len)
        return bytes_grow(b, len);
    uint8_t *start = b->data + b->len;
    b->len += len;
    return start;
}

/* Append len bytes at p to b. */
void bytes_append(struct bytes *b, const void *p, size_t len);

/* Append one byte to b. */
static inline void bytes_append_byte(struct bytes *b, uint8_t v)
{
    *bytes_extend(b, 1) = v;
}

/* Append v as n big-endian bytes (n from 1 to 8). */
void bytes_append_be(struct bytes *b, uint64_t v, size_t n);

/* Copy len bytes at p into a new heap block (exactly len bytes, at least 1). */
uint8_t *bytes_dup(const void *p, size_t len);

/* Wipe and free b's memory, leaving it empty and reusable. */
void bytes_free(struct bytes *b);

/* Write len bytes as lower-case hex into a new string (caller frees). */
char *bytes_to_hex(const uint8_t *p, size_t len);

/* Allocate or die: malloc/calloc/strdup that abort with a message on failure. */
void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);

/* printf into a new string (caller frees); most strings are formatted
 * once, into a stack buffer that is wiped after, as they may quote secrets. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

#endif
