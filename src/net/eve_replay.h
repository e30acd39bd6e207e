/*
 * eve_replay.h - `tlssim eve FILE`: Eve goes through a relay's recording
 * afterwards, with or without the server's leaked private key, and shows
 * what it opens.  In key-transport mode the key opens the sealed session
 * key and with it every record; in ephemeral mode it opens nothing, for the
 * secret came from key shares whose private halves no longer exist.
 */
#ifndef TLSSIM_NET_EVE_REPLAY_H
#define TLSSIM_NET_EVE_REPLAY_H

#include "base/crypt.h"
#include "net/recording.h"

#include <stdbool.h>
#include <stdio.h>

/* What Eve made of a recording. */
struct eve_replay_result {
    size_t flows;          /* connections that carried the eight-stage flow */
    size_t opened;         /* of which the key opened (records read) */
    size_t tls;            /* connections that carried TLS records */
};

/* Replay every connection of rec to Eve, with the leaked secret key sk
 * (NULL: she has none), and show on out what she learns; plain: one line
 * per message instead of one per field. */
void eve_replay(FILE *out, const struct recording *rec,
                const uint8_t sk[CRYPT_SIGN_SECRETKEYBYTES], bool plain,
                struct eve_replay_result *result);

#endif
