/*
 * stage_text.h - the words of each stage of the teaching protocol: its name,
 * and the fragments of "what happens" and "in real TLS" that are chosen by
 * what this run measured.
 *
 * Owns the fragment table (its prose is in engine/narration/teach.txt, from
 * which the build makes the C table).  Each fragment says in which
 * situations it is shown (bits that must be set, bits that must be clear)
 * and which claims (fact.h) its sentences make, so a test can hold every
 * sentence shown against the run's result.  Content and selection only; no
 * engine state.
 */
#ifndef TLSSIM_STAGE_TEXT_H
#define TLSSIM_STAGE_TEXT_H

#include <stdbool.h>
#include <stddef.h>

struct bytes;

/* What the engine knows about the run when a stage has run: the bits a
 * fragment's choice depends on. */
enum stage_situation {
    SIT_EPHEMERAL = 1u << 0,      /* ephemeral key shares, not key transport */
    SIT_BARE_KEY = 1u << 1,       /* --cert none: the server has no certificate */
    SIT_SELF_SIGNED = 1u << 2,    /* the server signed its own certificate */
    SIT_LOADED = 1u << 3,         /* keys and certificates came from --certs files */
    SIT_CA_ISSUED = 1u << 4,      /* the server enrols with a CA in this run */
    SIT_MITM = 1u << 5,           /* Mallory sits in the middle */
    SIT_MITM_RELAY = 1u << 6,     /* ... and the client took her key: she relays */
    SIT_CLEAR = 1u << 7,          /* the negotiated suite encrypts nothing */
    SIT_ABORTED_BEFORE = 1u << 8, /* the run was aborted at an earlier stage */
    SIT_ABORTED_HERE = 1u << 9,   /* the run was aborted at this stage */
    SIT_READ = 1u << 10,          /* an attacker has read the application's message */
    SIT_FS_HELD = 1u << 11,       /* a leaked key opened nothing (known at the end) */
    SIT_FS_BROKEN = 1u << 12,     /* a leaked key opened the recording */
    SIT_FINISHED = 1u << 13,      /* Finished messages are exchanged */
    SIT_ALERT = 1u << 14,         /* a record was rejected after the handshake */
    SIT_APP_LAYER = 1u << 15,     /* the application encrypts its data itself */
    SIT_CERT_REJECTED = 1u << 16, /* a certificate check failed */
    SIT_OVERRIDDEN = 1u << 17,    /* the user clicked past the warning */
    SIT_DOWNGRADE = 1u << 18,     /* Mallory strips the strong suites */
    SIT_HELLO_CHANGED = 1u << 19, /* a hello was changed and nothing has caught it yet */
    SIT_COMPLETED = 1u << 20,     /* both sides read each other's data */
    SIT_TAMPERED_HERE = 1u << 21, /* a message of this stage was changed first */
    SIT_CHAIN = 1u << 22,         /* an intermediate CA issued the server's certificate */
    SIT_SENDS_INTERMEDIATE = 1u << 23, /* ... and the server sends the intermediate's */
    SIT_REVOKED = 1u << 24,       /* the certificate was rejected as revoked */
    SIT_ISSUER_NOT_CA = 1u << 25, /* ... rejected: an issuer on its path is not a CA */
    SIT_ONE_SIDE = 1u << 26,      /* one side of a networked run: the other's steps are unseen */
    SIT_NEW_KEY_CA = 1u << 27,    /* serve's what-if: a keypair made for this connection, */
    SIT_NEW_KEY_SELF = 1u << 28,  /* ... certified by a CA on its machine, or self-signed */
    SIT_ENDED_UNCHECKED = 1u << 29, /* one side: the run ended here, no check of its failed */
};

/* One piece of a stage's narration, in the tables of either protocol. */
struct stage_fragment {
    int stage;
    bool real;          /* an "in real TLS" (or "unlike the teaching flow") fragment */
    unsigned need;      /* situation bits that must be set */
    unsigned deny;      /* situation bits that must be clear */
    unsigned claims;    /* what its sentences assert */
    const char *text;
};

/* The teaching protocol's fragments, in the order they are joined: made at
 * build time from engine/narration/teach.txt by gen/narration.awk. */
extern const struct stage_fragment stage_fragments_teach[];
extern const size_t stage_fragments_teach_count;

/* Append to out, each after a space when out is not empty, the text of
 * every fragment in list (count of them) for stage, real and situation
 * sit that makes none of the claims in unknown, and add their claims to
 * *claims. */
void stage_text_join(const struct stage_fragment *list, size_t count, int stage, unsigned sit,
                     bool real, unsigned unknown, struct bytes *out, unsigned *claims);

/* The short name of stage 1..8, for the stage bar; NULL outside. */
const char *stage_text_name(int stage);

/* Build the "what happens" (real == false) or "in real TLS" text of stage
 * for situation sit: the matching fragments joined by spaces, in a new
 * string the caller frees; *claims gets the union of their claims. */
char *stage_text_compose(int stage, unsigned sit, bool real, unsigned *claims);

/* stage_text_compose() without the fragments that make a claim in unknown
 * (fact.h's claim bits): for one side of a networked run, which cannot
 * know what an attacker did or how the other side got its keys. */
char *stage_text_compose_known(int stage, unsigned sit, bool real, unsigned unknown,
                               unsigned *claims);

#endif
