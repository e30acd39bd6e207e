/*
 * relay.h - `tlssim relay`: a student as Eve or Mallory between the
 * classroom's clients and the teacher's server.
 *
 * For each client that connects, the relay opens a connection to the
 * server and passes every frame both ways, showing it as Eve sees it.  The
 * first byte of a client tells the two protocols apart: a classroom frame
 * (the eight-stage flow of doc/network-protocol.md) is cut frame by frame
 * and each message of the flow goes through the walk's own Eve (she records
 * it, may flip a bit, or sits in the middle as Mallory); a TLS record
 * (0x16) is passed on unchanged, record by record, with its header shown.
 * One poll() loop serves every pair; each pair has its own timeouts.
 */
#ifndef TLSSIM_NET_RELAY_H
#define TLSSIM_NET_RELAY_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define RELAY_PAIRS_MAX 256

/* A fault the relay puts in on purpose, to show that the ends notice a
 * network that loses, repeats or swaps messages. */
enum relay_fault {
    RELAY_FAULT_NONE,
    RELAY_FAULT_DROP,        /* the first message of the stage never arrives */
    RELAY_FAULT_DUPLICATE,   /* it arrives twice */
    RELAY_FAULT_REORDER,     /* it arrives after the message that followed it */
};

struct relay_config {
    const char *listen_host;      /* an address to listen on, or NULL for every one */
    const char *listen_port;
    const char *to_host;          /* the server */
    const char *to_port;
    int tamper_stage;             /* flip one bit in that stage's first message; 0: none */
    bool mitm;                    /* Mallory: her own certificate toward the client */
    enum relay_fault fault;
    int fault_stage;
    FILE *record;                 /* every frame that passed, or NULL */
    bool plain;                   /* one line per frame */
    size_t max_pairs;             /* clients at once */
    int timeout_ms;               /* a pair silent this long is closed */
    FILE *out;                    /* where the frames are shown */
    volatile sig_atomic_t *stop;  /* set by a signal handler: the loop ends */
};

/* The stages whose message --tamper can change: 2, 3, 5, 6, 7, 8. */
bool relay_stage_ok(int stage);

/* Listen and relay until *cfg->stop is set: 0 when stopped that way, or
 * -1 with err saying what failed (the server's address cannot be found,
 * the port cannot be had, poll failed).  The server's address is looked up
 * once; each pair's connect to it goes on inside the loop, with its own
 * timeout, so that a server that does not answer stalls no other pair.
 * Prints the port it listens on as its first line. */
int relay_run(const struct relay_config *cfg, char *err, size_t errlen);

#endif
