/*
 * frame.c - classroom frames: encoding, and cutting them out of a stream
 * with every length checked before anything is buffered for it.
 */
#include "net/frame.h"

#include <stdio.h>
#include <string.h>

/* What each type is called and how large its payload may be. */
static const struct {
    const char *name;
    size_t limit;
} frame_types[] = {
    [NET_FRAME_HELLO] = {"HELLO", NET_HELLO_MAGIC_BYTES + 1 + NET_NAME_MAX},
    [NET_FRAME_WELCOME] = {"WELCOME", NET_WELCOME_MAX},
    [NET_FRAME_STATE] = {"STATE", NET_STATE_MAX},
    [NET_FRAME_BYE] = {"BYE", NET_REASON_MAX},
    [NET_FRAME_PING] = {"PING", 0},
    [NET_FRAME_PONG] = {"PONG", 0},
    [NET_FRAME_FLIGHT] = {"FLIGHT", NET_FLIGHT_MAX},
    [NET_FRAME_TRUST] = {"TRUST", NET_TRUST_MAX},
};
#define FRAME_TYPE_COUNT (sizeof frame_types / sizeof frame_types[0])

/* Whether type is a frame type of this protocol version. */
static int type_known(int type)
{
    return type > 0 && (size_t)type < FRAME_TYPE_COUNT && frame_types[type].name != NULL;
}

size_t net_frame_limit(int type)
{
    return type_known(type) ? frame_types[type].limit : 0;
}

const char *net_frame_type_name(int type)
{
    return type_known(type) ? frame_types[type].name : "unknown";
}

size_t net_frame_size(const uint8_t *p)
{
    return NET_FRAME_HEADER_BYTES +
           ((size_t)p[2] << 24 | (size_t)p[3] << 16 | (size_t)p[4] << 8 | p[5]);
}

void net_frame_encode(struct bytes *out, enum net_frame_type type, const uint8_t *payload,
                      size_t len)
{
    bytes_append_byte(out, NET_PROTOCOL_VERSION);
    bytes_append_byte(out, (uint8_t)type);
    bytes_append_be(out, len, 4);
    if (len > 0)
        bytes_append(out, payload, len);
}

void net_reader_init(struct net_reader *r)
{
    memset(r, 0, sizeof *r);
}

/* Drop the bytes already handed out, so the buffer holds only what is
 * still to be read. */
static void compact(struct net_reader *r)
{
    if (r->used == 0)
        return;
    memmove(r->buf.data, r->buf.data + r->used, r->buf.len - r->used);
    r->buf.len -= r->used;
    r->used = 0;
}

void net_reader_feed(struct net_reader *r, const uint8_t *data, size_t n)
{
    compact(r);
    bytes_append(&r->buf, data, n);
}

int net_reader_next(struct net_reader *r, struct net_frame *f, char *err, size_t errlen)
{
    size_t have = r->buf.len - r->used;

    if (have < 1)
        return 0;
    const uint8_t *p = r->buf.data + r->used;
    if (p[0] != NET_PROTOCOL_VERSION) {
        snprintf(err, errlen,
                 "the peer speaks protocol version %u; this tlssim speaks version %d "
                 "(is it a tlssim classroom peer of the same release?)",
                 p[0], NET_PROTOCOL_VERSION);
        return -1;
    }
    if (have < 2)
        return 0;
    if (!type_known(p[1])) {
        snprintf(err, errlen, "the peer sent a frame of unknown type %u", p[1]);
        return -1;
    }
    if (have < NET_FRAME_HEADER_BYTES)
        return 0;
    size_t len = net_frame_size(p) - NET_FRAME_HEADER_BYTES;
    if (len > net_frame_limit(p[1])) {
        snprintf(err, errlen, "the peer announced a %s frame of %zu bytes; the most is %zu",
                 net_frame_type_name(p[1]), len, net_frame_limit(p[1]));
        return -1;
    }
    if (have - NET_FRAME_HEADER_BYTES < len)
        return 0;
    f->type = (enum net_frame_type)p[1];
    f->payload = p + NET_FRAME_HEADER_BYTES;
    f->len = len;
    r->used += NET_FRAME_HEADER_BYTES + len;
    return 1;
}

size_t net_reader_pending(const struct net_reader *r)
{
    return r->buf.len - r->used;
}

void net_reader_free(struct net_reader *r)
{
    bytes_free(&r->buf);
    r->used = 0;
}

void net_hello_encode(struct bytes *out, enum net_role role, const char *name)
{
    size_t n = strlen(name);

    if (n > NET_NAME_MAX)
        n = NET_NAME_MAX;
    bytes_append(out, NET_HELLO_MAGIC, NET_HELLO_MAGIC_BYTES);
    bytes_append_byte(out, (uint8_t)role);
    bytes_append(out, name, n);
}

int net_hello_decode(const uint8_t *p, size_t len, enum net_role *role, char *name, char *err,
                     size_t errlen)
{
    if (len < NET_HELLO_MAGIC_BYTES + 1 || memcmp(p, NET_HELLO_MAGIC, NET_HELLO_MAGIC_BYTES) != 0) {
        snprintf(err, errlen, "the peer's HELLO does not start with '%s'", NET_HELLO_MAGIC);
        return -1;
    }
    if (p[NET_HELLO_MAGIC_BYTES] != NET_ROLE_FOLLOWER &&
        p[NET_HELLO_MAGIC_BYTES] != NET_ROLE_CLIENT) {
        snprintf(err, errlen, "the peer asks for role %u, which this server does not serve",
                 p[NET_HELLO_MAGIC_BYTES]);
        return -1;
    }
    size_t n = len - NET_HELLO_MAGIC_BYTES - 1;
    const uint8_t *text = p + NET_HELLO_MAGIC_BYTES + 1;
    if (n == 0 || n > NET_NAME_MAX) {
        snprintf(err, errlen, "a name must have 1 to %d bytes, not %zu", NET_NAME_MAX, n);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        if (text[i] < 0x20 || text[i] == 0x7f) {
            snprintf(err, errlen, "the name holds a control character at byte %zu", i + 1);
            return -1;
        }
    }
    *role = (enum net_role)p[NET_HELLO_MAGIC_BYTES];
    memcpy(name, text, n);
    name[n] = '\0';
    return 0;
}
