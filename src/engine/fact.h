/*
 * fact.h - the facts a run publishes: check ids, outcomes, reason codes and
 * the claims a sentence of narration makes.
 *
 * Owns the table of stable check ids ("cert.signature", "wrap.open", ...):
 * each names one check, its title for people, and whose check it is (a
 * defender's, where passing is good news for the user, or an attacker's,
 * where passing is bad news).  Ids are dotted, lower case, and never reused
 * for another meaning; a protocol adds its own rows (nothing here assumes
 * eight stages, or any particular stage, for a check).  Views decide
 * colours, badges and words from these facts, never from English text.
 *
 * Also owns the claims: bits a narration fragment declares it asserts, so
 * that a test can hold every sentence shown against the measured result.
 */
#ifndef TLSSIM_FACT_H
#define TLSSIM_FACT_H

#include <stdbool.h>
#include <stddef.h>

/* What came of a check. */
enum fact_outcome {
    FACT_PASS,
    FACT_FAIL,
    FACT_NOT_CHECKED,   /* could not be made (e.g. no trusted key to check a signature with) */
};

/* One row of the check table. */
struct fact_check {
    const char *id;         /* stable, e.g. "cert.signature" */
    const char *title;      /* for people, e.g. "signature valid" */
    bool attacker;          /* Eve's or Mallory's check: passing is bad news for the user */
    bool detects_change;    /* a failure means a message was changed on the way */
    const char *about;      /* one sentence: what is checked */
};

/* The row for id, or NULL when no check has that id. */
const struct fact_check *fact_check_find(const char *id);

/* The number of rows and row i, for documentation and tests. */
size_t fact_check_count(void);
const struct fact_check *fact_check_at(size_t i);

/* The word for an outcome: "pass", "fail" or "not_checked". */
const char *fact_outcome_name(enum fact_outcome outcome);

/* Whether an outcome of check id is good news for the user (a defender's
 * check passing, an attacker's failing); a check not made is neither, and
 * counts as not good. */
bool fact_good_for_user(const char *id, enum fact_outcome outcome);

/* The browser's error code for a failed certificate check id, e.g.
 * "NET::ERR_CERT_AUTHORITY_INVALID"; NULL for other ids. */
const char *fact_browser_code(const char *id);

/* Claims a narration fragment makes about the run; a fragment declares the
 * set it asserts.  Opposites are separate bits, so that a fragment may
 * assert neither. */
enum fact_claim {
    CLAIM_CONFIDENTIAL = 1u << 0,     /* nobody but the two ends read the data */
    CLAIM_READ_BY_ATTACKER = 1u << 1, /* Eve or Mallory read the data */
    CLAIM_ENCRYPTED = 1u << 2,        /* the records are encrypted */
    CLAIM_IN_CLEAR = 1u << 3,         /* the records travel in the clear */
    CLAIM_CA_ISSUED = 1u << 4,        /* a CA issued the server's certificate in this run */
    CLAIM_KEY_MADE = 1u << 5,         /* the server made its keypair in this run */
    CLAIM_KEY_LOADED = 1u << 6,       /* the server loaded its keypair from files */
    CLAIM_CERT_SENT = 1u << 7,        /* the server sent a certificate */
    CLAIM_BARE_KEY = 1u << 8,         /* the server sent a bare key */
    CLAIM_SERVER_KEY_USED = 1u << 9,  /* the client's secret went to the real server's key only */
    CLAIM_MITM_RELAY = 1u << 10,      /* Mallory sat in the middle and relayed */
    CLAIM_FS_HELD = 1u << 11,         /* a leaked key opened nothing recorded */
    CLAIM_FS_BROKEN = 1u << 12,       /* a leaked key opened the recording */
    CLAIM_COMPLETED = 1u << 13,       /* both sides read each other's data */
    CLAIM_ABORTED = 1u << 14,         /* the handshake was aborted */
    CLAIM_DOWNGRADED = 1u << 15,      /* a legacy suite was negotiated */
    CLAIM_SECRET_AGREED = 1u << 16,   /* both sides hold the same secret */
    CLAIM_INTERMEDIATE_SENT = 1u << 17, /* the server sent an intermediate's certificate */
    CLAIM_CRL_FETCHED = 1u << 18,     /* the client holds the issuer's revocation list */
    CLAIM_PATH_BUILT = 1u << 19,      /* a path to a trusted root was built */
    CLAIM_REVOKED = 1u << 20,         /* the path check found the certificate revoked */
    CLAIM_ISSUER_NOT_CA = 1u << 21,   /* an issuer on the path is not a CA */
    CLAIM_COUNT_BITS = 22
};

/* The name of one claim bit, e.g. "confidential"; NULL for a bit with none. */
const char *fact_claim_name(unsigned claim);

#endif
