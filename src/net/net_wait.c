/*
 * net_wait.c - the wait at the top of a poll() loop.
 */
#define _POSIX_C_SOURCE 200809L
#include "net/net_wait.h"

#include <errno.h>

void net_wait_until(int64_t *wait_ms, int64_t now, int64_t due)
{
    if (due - now < *wait_ms)
        *wait_ms = due - now < 0 ? 0 : due - now;
}

bool net_wait(struct pollfd *pfds, size_t n, int64_t wait_ms, int *failed)
{
    if (poll(pfds, (nfds_t)n, (int)wait_ms) >= 0)
        return true;
    if (errno != EINTR)
        *failed = errno;
    return false;
}
