/*
 * connect_step.h - the stepping mode of `tlssim connect` on a terminal:
 * before each flight the client sends, show what is about to go and wait
 * for one key (→ or Enter sends, q quits), while the socket is watched so
 * that a peer that gives up is noticed at once.  The terminal is given
 * back on every way out: the key, q, end of input, Ctrl-C or SIGTERM
 * (exit 128 + the signal) and die().
 */
#ifndef TLSSIM_CONNECT_STEP_H
#define TLSSIM_CONNECT_STEP_H

#include <stdbool.h>
#include <stdint.h>

enum connect_step_answer {
    CONNECT_STEP_SEND,          /* → or Enter: send the flight */
    CONNECT_STEP_QUIT,          /* q: stop here */
    CONNECT_STEP_EOF,           /* the input ended: nobody is there to press a key */
    CONNECT_STEP_PEER,          /* the socket has something (bytes, or its end) */
    CONNECT_STEP_ERROR,         /* the terminal could not be read */
};

/* Take over the terminal's signals for the run: Ctrl-C and SIGTERM give the
 * terminal back and exit 128 + the signal; SIGPIPE is ignored. */
void connect_step_begin(void);

/* Print heading and what is about to be sent, then wait, with the terminal
 * in raw mode, for a key on stdin or for sock to become readable. */
enum connect_step_answer connect_step_wait(int sock, const char *heading, const char *what);

/* Why a run stops before a flight, in words for each answer that stops it. */
struct connect_step_stops {
    const char *quit;           /* q */
    const char *eof;            /* the input ended */
    const char *unreadable;     /* the terminal could not be read */
};

/* Ask before a flight as connect_step_wait() does: NULL when the run goes
 * on (the flight goes, or, with *peer_ready set, the peer spoke first and
 * it does not), else why it stops there, in the words of stops. */
const char *connect_step_ask(int sock, const char *heading, const char *what,
                             const struct connect_step_stops *stops, bool *peer_ready);

/* Whole seconds since the last connect_step_wait began. */
int64_t connect_step_waited_s(void);

/* Why the run ends when the peer gave up while the student was asked:
 * how long it waited and what to do (a static buffer). */
const char *connect_step_gone_reason(void);

#endif
