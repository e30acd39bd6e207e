/*
 * stage_text_tls13.h - the words of each stage of real TLS 1.3 in the
 * walk: its name, and the fragments of "what happens" and "unlike the
 * teaching flow" that are chosen by what this run measured.
 *
 * Owns the TLS 1.3 fragment table (its prose is in engine/narration/tls13.txt,
 * from which the build makes the C table), in the shape of stage_text.h: each
 * fragment says in which situations it is shown and which claims (fact.h)
 * its sentences make.  Stage 1 is the teaching flow's own stage (the same
 * keys and certificates), so its "what happens" comes from stage_text.h.
 */
#ifndef TLSSIM_STAGE_TEXT_TLS13_H
#define TLSSIM_STAGE_TEXT_TLS13_H

#include "engine/stage_text.h"

#include <stdbool.h>
#include <stddef.h>

/* What a TLS 1.3 run measured when a stage has run. */
enum t13_situation {
    T13_ABORTED_BEFORE = 1u << 0,  /* the run was aborted at an earlier stage */
    T13_ABORTED_HERE = 1u << 1,    /* the run was aborted at this stage */
    T13_TAMPERED_HERE = 1u << 2,   /* Mallory changed a record of this stage */
    T13_BY_RECORD_MAC = 1u << 3,   /* the abort: a protected record did not open */
    T13_BY_CV = 1u << 4,           /* the abort: CertificateVerify did not verify */
    T13_BY_FINISHED = 1u << 5,     /* the abort: a Finished did not match */
    T13_BY_CERT = 1u << 6,         /* the abort: a certificate check failed */
    T13_BY_VERSION = 1u << 7,      /* the abort: no TLS 1.3 in the ClientHello */
    T13_MITM = 1u << 8,            /* Mallory answers in the server's place */
    T13_DOWNGRADE = 1u << 9,       /* Mallory takes TLS 1.3 out of the ClientHello */
    T13_SECRETS_MATCH = 1u << 10,  /* the client and its peer hold the same handshake traffic secrets */
    T13_FS_HELD = 1u << 11,        /* a leaked key opened nothing (known at the end) */
    T13_COMPLETED = 1u << 12,      /* both sides read each other's data */
    T13_INTERMEDIATE = 1u << 13,   /* the Certificate message carries an intermediate's */
    T13_ALERT = 1u << 14,          /* aborted after the handshake was complete */
    T13_HELLO_CHANGED = 1u << 15,  /* a hello was changed at stage 2 or 3 */
    T13_LEAK = 1u << 16,           /* the server's key leaks after the session */
    T13_HRR = 1u << 17,            /* the first ClientHello has no key share */
    T13_CHAIN = 1u << 18,          /* an intermediate CA issued the server's certificate */
};

/* TLS 1.3's fragments (struct stage_fragment), in the order they are
 * joined: made at build time from engine/narration/tls13.txt by
 * gen/narration.awk. */
extern const struct stage_fragment stage_fragments_tls13[];
extern const size_t stage_fragments_tls13_count;

/* The short name of TLS 1.3 stage 1..8, for the stage bar; NULL outside. */
const char *stage_text_tls13_name(int stage);

/* Build the "what happens" (real == false) or "unlike the teaching flow"
 * text of stage for situation sit (teach_sit: the teaching flow's bits,
 * which stage 1 uses), in a new string the caller frees; *claims gets the
 * union of the claims of the fragments chosen. */
char *stage_text_tls13_compose(int stage, unsigned sit, unsigned teach_sit, bool real,
                               unsigned *claims);

#endif
