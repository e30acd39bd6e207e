/*
 * net_wait.h - the wait at the top of a poll() loop (serve's, relay's):
 * how long it may sleep before the next deadline, and the poll() itself,
 * which a signal interrupts so that the loop looks at its stop flag.
 */
#ifndef TLSSIM_NET_WAIT_H
#define TLSSIM_NET_WAIT_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Shorten *wait_ms, a wait that begins at now, so that it ends by due at
 * the latest (at once when due has passed); all in net_now_ms() time. */
void net_wait_until(int64_t *wait_ms, int64_t now, int64_t due);

/* Wait up to wait_ms for the n entries of pfds.  true: poll() returned,
 * and their revents say what happened (all 0 when the time ran out);
 * false: nothing to look at, because a signal interrupted the wait (the
 * loop looks at its stop flag and waits again) or poll() failed, whose
 * errno is then in *failed. */
bool net_wait(struct pollfd *pfds, size_t n, int64_t wait_ms, int *failed);

#endif
