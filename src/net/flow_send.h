/*
 * flow_send.h - the socket side of a flow client that steps by hand: send
 * the part of its output the student let go, and name the next flight that
 * waits in it.  Shared by the line stepping and the full-screen view of
 * `tlssim connect`.
 */
#ifndef TLSSIM_NET_FLOW_SEND_H
#define TLSSIM_NET_FLOW_SEND_H

#include "base/bytes.h"
#include "net/flow_client.h"

#include <stddef.h>

/* Send what fc owes the server, up to the offset limit, from *sent on;
 * once all of it went, empty the output and reset *sent.  0, or -1 when
 * the connection broke. */
int flow_send_upto(int fd, struct flow_client *fc, size_t *sent, size_t limit);

/* Name the first FLIGHT frame of out from offset from on, and those of the
 * same stage after it, as "ClientHello (58 B) + ...", in what; the stage,
 * with *end just after its last frame, or 0 when there is none. */
int flow_send_describe(const struct bytes *out, size_t from, char *what, size_t size,
                       size_t *end);

#endif
