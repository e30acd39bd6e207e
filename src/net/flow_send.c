/*
 * flow_send.c - sending a hand-stepped flow client's output, and naming
 * the flight that waits in it.
 */
#include "net/flow_send.h"

#include "engine/wire.h"
#include "net/flow.h"
#include "net/frame.h"
#include "net/net_sock.h"

#include <stdbool.h>
#include <stdio.h>

int flow_send_upto(int fd, struct flow_client *fc, size_t *sent, size_t limit)
{
    struct bytes *out = flow_client_out(fc);

    while (*sent < limit && *sent < out->len) {
        ssize_t n = net_send_some(fd, out->data + *sent, limit - *sent);
        if (n < 0)
            return -1;
        if (n == 0)
            return 0;
        *sent += (size_t)n;
    }
    if (*sent < out->len)
        return 0;
    out->len = 0;
    *sent = 0;
    return 0;
}

int flow_send_describe(const struct bytes *out, size_t from, char *what, size_t size,
                       size_t *end)
{
    int first = 0;
    size_t used = 0;

    what[0] = '\0';
    while (out->len - from >= NET_FRAME_HEADER_BYTES) {
        const uint8_t *p = out->data + from;
        size_t whole = net_frame_size(p);
        if (whole > out->len - from)
            break;
        int stage;
        bool more;
        const uint8_t *msg;
        size_t msg_len;
        char err[FLOW_ERR_MAX];
        if (p[1] == NET_FRAME_FLIGHT &&
            flow_flight_decode(p + NET_FRAME_HEADER_BYTES, whole - NET_FRAME_HEADER_BYTES,
                               &stage, &more, &msg, &msg_len, err, sizeof err) == 0 &&
            used < size) {
            if (first != 0 && stage != first)
                break;
            first = stage;
            *end = from + whole;
            int n = snprintf(what + used, size - used, "%s%s (%zu B)", used > 0 ? " + " : "",
                             wire_type_name(msg[0]), msg_len);
            used += n > 0 ? (size_t)n : 0;
        }
        from += whole;
    }
    return first;
}
