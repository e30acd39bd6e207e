/*
 * reader.c - the bounds-checked reader of the TLS 1.3 parsers.
 */
#include "tls13/reader.h"

struct tls13_reader tls13_reader_of(const uint8_t *p, size_t len)
{
    return (struct tls13_reader){p, len};
}

int tls13_read_uint(struct tls13_reader *r, size_t n, uint32_t *v)
{
    if (n < 1 || n > 4 || r->len < n) {
        r->len = 0;
        return -1;
    }
    *v = 0;
    for (size_t i = 0; i < n; i++)
        *v = *v << 8 | r->p[i];
    r->p += n;
    r->len -= n;
    return 0;
}

int tls13_read_bytes(struct tls13_reader *r, size_t len, const uint8_t **p)
{
    if (r->len < len) {
        r->len = 0;
        return -1;
    }
    *p = r->p;
    r->p += len;
    r->len -= len;
    return 0;
}

int tls13_read_vector(struct tls13_reader *r, size_t n, struct tls13_reader *sub)
{
    uint32_t len;
    const uint8_t *p;

    if (tls13_read_uint(r, n, &len) != 0 || tls13_read_bytes(r, len, &p) != 0)
        return -1;
    *sub = tls13_reader_of(p, len);
    return 0;
}

bool tls13_reader_done(const struct tls13_reader *r)
{
    return r->len == 0;
}
