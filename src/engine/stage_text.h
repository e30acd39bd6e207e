/*
 * stage_text.h - the words of each stage: its name, what happens and why,
 * and what real TLS does differently.  Content only; no logic.
 */
#ifndef TLSSIM_STAGE_TEXT_H
#define TLSSIM_STAGE_TEXT_H

#include <stdbool.h>

struct stage_text {
    const char *name;       /* short, for the stage bar */
    const char *narration;  /* what happens at this stage and why */
    const char *real_tls;   /* what TLS 1.2 / 1.3 does here instead */
};

/* The text of stage 1..8 for the key-transport flow or the ephemeral one,
 * or NULL outside that range. */
const struct stage_text *stage_text_get(int stage, bool ephemeral);

#endif
