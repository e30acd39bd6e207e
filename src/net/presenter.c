/*
 * presenter.c - the projector's sockets: accept followers, read what they
 * say, send what the hub owes them, close those the hub is done with.
 */
#define _POSIX_C_SOURCE 200809L
#include "net/presenter.h"

#include "net/net_sock.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BACKLOG 64
#define READ_CHUNK 4096
#define GOODBYE_MS 300   /* how long presenter_close waits for BYEs to go out */

/* Keep the latest event of a follower for the status line. */
static void note_event(void *ctx, const struct net_peer *peer, const char *what)
{
    struct presenter *p = ctx;

    snprintf(p->last_event, sizeof p->last_event, "%s (%s): %s",
             peer->name[0] ? peer->name : "someone", peer->addr, what);
}

int presenter_open(struct presenter *p, const char *host, const char *port,
                   const struct net_hub_limits *limits, char *err, size_t errlen)
{
    memset(p, 0, sizeof *p);
    net_ignore_sigpipe();
    p->listener = net_listen(host, port, BACKLOG, &p->port, err, errlen);
    if (p->listener < 0)
        return -1;
    net_hub_init(&p->hub, limits, note_event, p);
    return 0;
}

void presenter_publish(struct presenter *p, const struct sim_options *opts, int stage)
{
    net_hub_publish(&p->hub, opts, stage);
}

/* Take every connection waiting on the listener. */
static void accept_all(struct presenter *p, int64_t now)
{
    char addr[NET_ADDR_MAX];
    int fd;

    while ((fd = net_accept(p->listener, addr, sizeof addr)) >= 0) {
        if (net_hub_add(&p->hub, fd, addr, now) == NULL) {
            struct bytes bye = {0};
            net_hub_full_bye(&bye, p->hub.limits.max_peers);
            (void)net_send_some(fd, bye.data, bye.len);
            bytes_free(&bye);
            close(fd);
        }
    }
}

/* Read what follower fd sent, telling the hub when it is gone. */
static void read_peer(struct presenter *p, int fd, int64_t now)
{
    uint8_t buf[READ_CHUNK];
    ssize_t n = net_recv_some(fd, buf, sizeof buf);

    if (n > 0)
        net_hub_received(&p->hub, fd, buf, (size_t)n, now);
    else if (n == 0)
        net_hub_gone(&p->hub, fd, "closed the connection");
    else if (n == -1)
        net_hub_gone(&p->hub, fd, "the connection broke");
}

/* Send follower fd what it is owed, as much as its socket takes now. */
static void write_peer(struct presenter *p, int fd)
{
    const uint8_t *data;
    size_t len;

    net_hub_output(&p->hub, fd, &data, &len);
    if (len == 0)
        return;
    ssize_t n = net_send_some(fd, data, len);
    if (n > 0)
        net_hub_sent(&p->hub, fd, (size_t)n);
    else if (n < 0)
        net_hub_gone(&p->hub, fd, "the connection broke");
}

/* Close and forget every follower the hub is done with. */
static void reap(struct presenter *p)
{
    for (size_t i = 0; i < p->hub.count;) {
        struct net_peer *peer = p->hub.peers[i];
        if (peer->state == NET_PEER_CLOSED) {
            close(peer->id);
            net_hub_remove(&p->hub, peer->id);
        } else {
            i++;
        }
    }
}

void presenter_service(struct presenter *p, int timeout_ms)
{
    size_t n = p->hub.count + 1;
    struct pollfd *fds = calloc(n, sizeof *fds);
    int64_t now;

    if (fds == NULL)
        return;
    fds[0].fd = p->listener;
    fds[0].events = POLLIN;
    for (size_t i = 0; i < p->hub.count; i++) {
        const uint8_t *data;
        size_t len;
        fds[i + 1].fd = p->hub.peers[i]->id;
        fds[i + 1].events = p->hub.peers[i]->state == NET_PEER_CLOSING ? 0 : POLLIN;
        net_hub_output(&p->hub, p->hub.peers[i]->id, &data, &len);
        if (len > 0)
            fds[i + 1].events |= POLLOUT;
    }
    if (poll(fds, (nfds_t)n, timeout_ms) < 0) {
        free(fds);
        return;
    }
    now = net_now_ms();
    for (size_t i = 1; i < n; i++) {
        if (fds[i].revents & (POLLIN | POLLHUP | POLLERR))
            read_peer(p, fds[i].fd, now);
        if (fds[i].revents & POLLOUT)
            write_peer(p, fds[i].fd);
    }
    if (fds[0].revents & POLLIN)
        accept_all(p, now);
    free(fds);
    net_hub_tick(&p->hub, now);
    /* What the tick or a read queued (a PING, a BYE) goes out at once. */
    for (size_t i = 0; i < p->hub.count; i++)
        write_peer(p, p->hub.peers[i]->id);
    reap(p);
}

void presenter_status(const struct presenter *p, char *buf, size_t size)
{
    size_t following = net_hub_following(&p->hub);

    snprintf(buf, size, "presenting on port %u: %zu following", p->port, following);
}

void presenter_close(struct presenter *p)
{
    static const char reason[] = "the presenter ended the session";
    int64_t deadline = net_now_ms() + GOODBYE_MS;

    if (p->listener < 0)
        return;
    net_hub_bye_all(&p->hub, reason);
    while (p->hub.count > 0 && net_now_ms() < deadline)
        presenter_service(p, 20);
    for (size_t i = 0; i < p->hub.count; i++)
        close(p->hub.peers[i]->id);
    net_hub_free(&p->hub);
    close(p->listener);
    p->listener = -1;
}
