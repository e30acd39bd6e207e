/*
 * actor_eve.h - the eavesdropper: she records every byte on the handshake
 * wire, pulls out what the bytes reveal without any key, and tries to read
 * the application data with whatever keys she holds.
 */
#ifndef TLSSIM_ACTOR_EVE_H
#define TLSSIM_ACTOR_EVE_H

#include "bytes.h"
#include "crypt.h"
#include "event.h"
#include "wire.h"

#include <stdbool.h>

#define EVE_FRAMES_MAX 16

struct eve {
    struct bytes frames[EVE_FRAMES_MAX];  /* everything recorded, in order */
    size_t frame_count;
    size_t bytes_recorded;
};

/* Record one frame seen on the wire and log what it reveals to an onlooker. */
void eve_record(struct eve *e, struct sim_log *log, const uint8_t *frame, size_t len);

/* Try to read every recorded application-data record with the keys Eve
 * holds; logs each attempt and returns true if any plaintext came out. */
bool eve_try_to_read(struct eve *e, struct sim_log *log);

/* Wipe and free everything Eve recorded. */
void eve_free(struct eve *e);

#endif
