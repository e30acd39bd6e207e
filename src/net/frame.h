/*
 * frame.h - the frames tlssim's networked classroom sends over TCP, and a
 * reader that cuts them out of a byte stream.
 *
 * A frame is a 6-byte header — version (1 byte), type (1 byte), payload
 * length (4 bytes, big-endian) — and the payload.  Every length is checked
 * against the limit of its type as soon as the header is in, so a peer that
 * announces a huge frame is refused before anything is buffered for it.
 * No sockets here: the caller feeds the bytes it read and sends the bytes
 * net_frame_encode() wrote.  doc/network-protocol.md describes the format.
 *
 * Call order: net_reader_init, then net_reader_feed and net_reader_next in
 * turn as bytes arrive, then net_reader_free.  A frame that next hands out
 * points into the reader and stays valid until the next feed or next.
 */
#ifndef TLSSIM_NET_FRAME_H
#define TLSSIM_NET_FRAME_H

#include "base/bytes.h"

#include <stddef.h>
#include <stdint.h>

#define NET_PROTOCOL_VERSION 1
#define NET_FRAME_HEADER_BYTES 6
#define NET_NAME_MAX 32                /* bytes of a student's name */
#define NET_REASON_MAX 200             /* bytes of the reason a BYE gives */
#define NET_STATE_MAX 4096             /* bytes of a STATE payload */
#define NET_WELCOME_MAX 2048           /* bytes of a WELCOME payload (a server's settings) */
#define NET_FLIGHT_MAX (2 + 16384)     /* bytes of a FLIGHT payload: stage, more, message */
#define NET_TRUST_MAX 4096             /* bytes of a TRUST payload (a DER certificate) */
#define NET_FRAME_ERR_MAX 400

/* The first bytes of a HELLO payload, so that a server that also speaks
 * real TLS on the same port knows a classroom peer at once. */
#define NET_HELLO_MAGIC "tlssim"
#define NET_HELLO_MAGIC_BYTES 6

enum net_frame_type {
    NET_FRAME_HELLO = 1,     /* a peer says who it is: role and name */
    NET_FRAME_WELCOME = 2,   /* the server takes the peer */
    NET_FRAME_STATE = 3,     /* the presenter's run: options and stage */
    NET_FRAME_BYE = 4,       /* the sender closes, and says why */
    NET_FRAME_PING = 5,      /* are you there? (answered by PONG) */
    NET_FRAME_PONG = 6,
    NET_FRAME_FLIGHT = 7,    /* one message of the eight-stage flow */
    NET_FRAME_TRUST = 8,     /* the server offers its CA's certificate */
};

/* Who a peer is, as its HELLO says. */
enum net_role {
    NET_ROLE_FOLLOWER = 1,   /* a student's screen following the projector */
    NET_ROLE_CLIENT = 2,     /* a student's client of the eight-stage flow (connect) */
};

struct net_frame {
    enum net_frame_type type;
    const uint8_t *payload;
    size_t len;
};

struct net_reader {
    struct bytes buf;   /* bytes fed and not yet handed out as frames */
    size_t used;        /* bytes of buf already handed out */
};

/* The largest payload a frame of type may carry; 0 for a type that does
 * not exist. */
size_t net_frame_limit(int type);

/* The name of a frame type ("HELLO", ...), or "unknown". */
const char *net_frame_type_name(int type);

/* The whole size (header and payload) of the frame whose header starts at
 * p, as the header says; p must hold NET_FRAME_HEADER_BYTES. */
size_t net_frame_size(const uint8_t *p);

/* Append the frame (type, payload) to out. */
void net_frame_encode(struct bytes *out, enum net_frame_type type, const uint8_t *payload,
                      size_t len);

void net_reader_init(struct net_reader *r);

/* Hand the reader n more bytes from the stream. */
void net_reader_feed(struct net_reader *r, const uint8_t *data, size_t n);

/* The next whole frame: 1 with *f set, 0 when more bytes are needed, or -1
 * with a sentence in err when the stream cannot be a classroom stream (a
 * version or type this reader does not know, a length over the type's
 * limit); after -1 the connection should be closed. */
int net_reader_next(struct net_reader *r, struct net_frame *f, char *err, size_t errlen);

/* How many bytes are buffered and not yet a whole frame. */
size_t net_reader_pending(const struct net_reader *r);

void net_reader_free(struct net_reader *r);

/* Write a HELLO payload for role and name into out. */
void net_hello_encode(struct bytes *out, enum net_role role, const char *name);

/* Read a HELLO payload: 0 with *role and name (NUL-terminated, room for
 * NET_NAME_MAX + 1) set, or -1 with a sentence in err (no magic, an
 * unknown role, a name too long, empty or with control characters). */
int net_hello_decode(const uint8_t *p, size_t len, enum net_role *role, char *name, char *err,
                     size_t errlen);

#endif
