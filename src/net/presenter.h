/*
 * presenter.h - the projector's end of the classroom over TCP: a listening
 * socket, one non-blocking socket per follower, and the hub (hub.h) that
 * decides what each is sent.  Nothing here waits longer than the caller
 * allows, and no follower can make it wait at all.
 *
 * Call order: presenter_open, then presenter_publish whenever the run on
 * the projector changes and presenter_service from the caller's loop (it
 * returns at once, or after at most timeout_ms), then presenter_close.
 */
#ifndef TLSSIM_NET_PRESENTER_H
#define TLSSIM_NET_PRESENTER_H

#include "engine/options.h"
#include "net/hub.h"

#include <stddef.h>

struct presenter {
    int listener;
    unsigned port;              /* the port it listens on (the system's pick for "0") */
    struct net_hub hub;
    char last_event[160];       /* the latest "Ada follows", for a status line */
};

/* Listen on host (NULL: every address) and port; 0, or -1 with err. */
int presenter_open(struct presenter *p, const char *host, const char *port,
                   const struct net_hub_limits *limits, char *err, size_t errlen);

/* The run on the projector is now opts at stage. */
void presenter_publish(struct presenter *p, const struct sim_options *opts, int stage);

/* Accept, read, write and time out what is ready, waiting at most
 * timeout_ms (0: only what is ready now). */
void presenter_service(struct presenter *p, int timeout_ms);

/* A line for the screen: where it listens and how many follow. */
void presenter_status(const struct presenter *p, char *buf, size_t size);

/* Say goodbye to every follower (a short, bounded flush) and close all. */
void presenter_close(struct presenter *p);

#endif
