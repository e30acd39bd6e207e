/*
 * frame_text.h - the words a frame carries (a BYE's reason), made safe to
 * print: a peer's control characters never reach a terminal or a log.
 */
#ifndef TLSSIM_NET_FRAME_TEXT_H
#define TLSSIM_NET_FRAME_TEXT_H

#include "net/frame.h"

#include <stddef.h>

/* Copy the payload of f into text (size bytes, at least 1) as a string of
 * at most size - 1 bytes, each control character and DEL replaced by
 * stand_in; returns its length. */
size_t net_frame_text(const struct net_frame *f, char stand_in, char *text, size_t size);

#endif
