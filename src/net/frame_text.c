/*
 * frame_text.c - the words a frame carries, made safe to print.
 */
#include "net/frame_text.h"

size_t net_frame_text(const struct net_frame *f, char stand_in, char *text, size_t size)
{
    size_t n = f->len < size - 1 ? f->len : size - 1;

    for (size_t i = 0; i < n; i++)
        text[i] = f->payload[i] < 0x20 || f->payload[i] == 0x7f ? stand_in : (char)f->payload[i];
    text[n] = '\0';
    return n;
}
