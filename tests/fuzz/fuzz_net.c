/*
 * fuzz_net.c - fuzz target: a classroom byte stream, cut into frames, each
 * HELLO and STATE decoded.  A STATE that decodes must encode and decode
 * again to the same run, and the reader must never hand out a frame over
 * its type's limit; either failing aborts, so the replay of make check
 * notices it without a sanitizer too.
 */
#include "fuzz.h"

#include "net/frame.h"
#include "net/present.h"

#include <stdlib.h>
#include <string.h>

/* Decode a STATE payload; if it decodes, its encoding must decode to a run
 * whose encoding is the same bytes (the same options and stage). */
static void check_state(const uint8_t *p, size_t len)
{
    struct sim_options a, b;
    struct bytes once = {0}, twice = {0};
    char err[NET_FRAME_ERR_MAX];
    int stage_a, stage_b;

    if (net_state_decode(p, len, &a, &stage_a, err, sizeof err) != 0)
        return;
    net_state_encode(&once, &a, stage_a);
    if (net_state_decode(once.data, once.len, &b, &stage_b, err, sizeof err) != 0)
        abort();
    net_state_encode(&twice, &b, stage_b);
    if (stage_a != stage_b || once.len != twice.len || memcmp(once.data, twice.data, once.len) != 0)
        abort();
    bytes_free(&once);
    bytes_free(&twice);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct net_reader r;
    struct net_frame f;
    char err[NET_FRAME_ERR_MAX], name[NET_NAME_MAX + 1];
    enum net_role role;
    int rc;

    /* The whole input as one STATE payload and one HELLO payload ... */
    check_state(data, size);
    (void)net_hello_decode(data, size, &role, name, err, sizeof err);
    /* ... and as a stream, fed in two pieces. */
    net_reader_init(&r);
    net_reader_feed(&r, data, size / 2);
    while ((rc = net_reader_next(&r, &f, err, sizeof err)) == 1)
        if (f.len > net_frame_limit(f.type))
            abort();
    if (rc == 0) {
        net_reader_feed(&r, data + size / 2, size - size / 2);
        while ((rc = net_reader_next(&r, &f, err, sizeof err)) == 1) {
            if (f.len > net_frame_limit(f.type))
                abort();
            if (f.type == NET_FRAME_STATE)
                check_state(f.payload, f.len);
            else if (f.type == NET_FRAME_HELLO)
                (void)net_hello_decode(f.payload, f.len, &role, name, err, sizeof err);
        }
    }
    net_reader_free(&r);
    return 0;
}
