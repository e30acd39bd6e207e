/*
 * tui_connect.h - `tlssim connect` of the eight-stage flow in the
 * walkthrough's full screen: the client's own panes, the server's as what
 * arrived on the wire, each flight sent when the student presses →, the
 * question about the CA's fingerprint and the certificate warning as
 * overlays, and the socket watched all the while.
 */
#ifndef TLSSIM_TUI_CONNECT_H
#define TLSSIM_TUI_CONNECT_H

#include "net/flow_client.h"
#include "tui/tui.h"

struct tui_connect {
    int fd;                        /* connected to the server */
    struct flow_client *fc;        /* the caller's: fed, stepped and answered here */
    const char *host, *port;       /* for the header and the messages */
    int timeout_s;                 /* how long to wait for each answer of the server */
    struct tui_settings settings;  /* theme, ASCII, animation */
};

/* Wait (up to timeout_s) for the server's settings, then show the
 * connection until the student quits.  Returns -1 when the connection
 * ended before the screen opened (fc says why), else the screen's exit
 * status (tui_run's); a connection still on at q is ended (fc says where). */
int tui_connect_run(const struct tui_connect *c);

#endif
