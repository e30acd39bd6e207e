/*
 * result.h - what a run achieved, measured by the actors' own checks: the
 * result the views read, the words the transcripts write for it, and the
 * result one side of a networked run can claim from its own log.
 */
#ifndef TLSSIM_RESULT_H
#define TLSSIM_RESULT_H

#include "engine/event.h"

#include <stdbool.h>

#define SIM_STAGE_COUNT 8
#define SIM_REASON_MAX 256

/* Who read the application data besides the two ends. */
enum sim_reader {
    SIM_READER_NOBODY,
    SIM_READER_EVE,       /* the listener, from her recording */
    SIM_READER_MALLORY,   /* the attacker in the middle, as it passed */
};

/* How the reader got at it. */
enum sim_read_how {
    SIM_READ_NOT,
    SIM_READ_LEAKED_KEY,  /* a leaked long-term key opened the recorded key transport */
    SIM_READ_MITM,        /* the user accepted Mallory's certificate (or a bare key) */
    SIM_READ_CLEAR,       /* the negotiated suite encrypts nothing */
};

/* Whether forward secrecy was put to the test, and how it came out. */
enum sim_forward_secrecy {
    SIM_FS_NOT_TESTED,    /* no key leaked */
    SIM_FS_HELD,          /* the leaked key opened nothing recorded */
    SIM_FS_BROKEN,        /* the leaked key opened the recording */
};

/* What the run achieved, as measured by the actors' own checks.  Every
 * member comes from a check event or an actor's state, never from text;
 * stages are the running protocol's own numbers. */
struct sim_result {
    bool completed;                  /* both sides read each other's data */
    bool handshake_done;             /* keys agreed (and Finished checked, when sent) */
    bool aborted;                    /* a check failed and a side gave up */
    bool alert;                      /* aborted after the handshake: a record was
                                        rejected (real TLS: a bad_record_mac alert) */
    int aborted_at;                  /* the stage that aborted, or 0 */
    enum sim_actor aborted_by;       /* who gave up */
    const char *reason_id;           /* the failed check's id (fact.h), or NULL */
    const char *reason_code;         /* its reason code, e.g. "self_signed", or NULL */
    char reason[SIM_REASON_MAX];     /* why it aborted, for a student */
    bool cert_rejected;              /* a certificate check failed */
    const char *cert_failed_id;      /* the first that failed, e.g. "cert.issuer" */
    bool cert_overridden;            /* the user clicked "Continue anyway" */
    bool server_authenticated;       /* the client's checks tied the key to the server */
    bool bare_key;                   /* the client took a bare key that nothing vouched for */
    int tamper_at;                   /* the stage where a message was first changed, or 0 */
    bool tamper_detected;            /* a receiver's check failed on a changed message */
    int tamper_detected_at;          /* where, or 0 */
    const char *tamper_detected_by;  /* the check id that caught it, or NULL */
    bool eve_read_plaintext;         /* an attacker read the application data */
    enum sim_reader reader;
    enum sim_read_how read_how;
    bool downgraded;                 /* a suite that encrypts nothing was negotiated */
    bool downgrade_caught;           /* a Finished check failed on the changed hello */
    const char *downgrade_caught_by; /* the check id that caught it, when not a Finished */
    enum sim_forward_secrecy forward_secrecy;
    bool one_side;                   /* measured by one side of a networked run alone
                                        (engine_new_observed): who else read the data,
                                        tampering it did not catch and forward secrecy are
                                        unknown there, not "nobody" or "none" */
};

/* Words for the result's enums, as the JSON transcript writes them. */
const char *sim_reader_name(enum sim_reader reader);
const char *sim_read_how_name(enum sim_read_how how);
const char *sim_forward_secrecy_name(enum sim_forward_secrecy fs);

/* How a networked connection ended, as one side knows it. */
struct sim_observed_end {
    bool completed;        /* this side verified the last message of stage 8 */
    bool by_remote;        /* not completed: the other side ended it (it said so, closed,
                              or fell silent); else this side gave up */
    const char *reason;    /* not completed: why, in words */
};

/* The result that local can claim from its own log when stage (0..8) is
 * shown, with end (NULL while the connection is on) counted once stage
 * reaches the log's last stage; what it cannot know stays unclaimed. */
void sim_result_from_log(const struct sim_log *log, enum sim_actor local, int stage,
                         const struct sim_observed_end *end, struct sim_result *out);

#endif
