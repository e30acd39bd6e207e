/*
 * engine.h - the handshake engine: eight stages, four actors, no drawing.
 *
 * The engine owns the actors and the wire between them.  Its state after
 * stage k is a pure function of (options, seed, k): going back replays the
 * run from the start, so no stored copy can drift from what a forward run
 * would show.  Views read the event log and the result; they never change
 * the engine.  Under --protocol tls13 stage 1 is the same and stages 2 to 8
 * run real TLS 1.3 (engine/proto_tls13.h) behind the same events and result.
 */
#ifndef TLSSIM_ENGINE_H
#define TLSSIM_ENGINE_H

#include "engine/event.h"
#include "engine/options.h"
#include "pki/certdir.h"

#include <stdbool.h>
#include <stddef.h>

#define SIM_STAGE_COUNT 8
#define SIM_REASON_MAX 256
/* Room for any reason the engine cannot start: a --certs file problem
 * (CERTDIR_ERR_MAX) and the words around it. */
#define ENGINE_ERR_MAX (CERTDIR_ERR_MAX + 256)

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

struct engine;
struct certdir;

/* The short name of stage 1..8 of the teaching flow, e.g. "key exchange". */
const char *engine_stage_name(int stage);

/* The short name of stage 1..8 of the protocol e runs, e.g. "handshake
 * secrets" under --protocol tls13. */
const char *engine_stage_title(const struct engine *e, int stage);

/* The heading of the second text of every stage: "In real TLS" for the
 * teaching flow, "Unlike the teaching flow" for TLS 1.3. */
const char *engine_compare_heading(const struct engine *e);

/* The same heading for a protocol, where no engine runs (a networked run). */
const char *sim_protocol_compare_heading(enum sim_protocol protocol);

/* Make an engine at stage 0 (nothing has happened yet); returns 0, or -1
 * with a reason in err (for example a cipher this CPU cannot run).  The
 * engine loads no files: when opts name a --certs directory, certs is the
 * set the caller loaded from it (course/sim_open.h does both), which the
 * engine copies; otherwise certs is NULL. */
int engine_new_with_certs(const struct sim_options *opts, const struct certdir *certs,
                          struct engine **out, char *err, size_t errlen)
    __attribute__((warn_unused_result));

/* engine_new_with_certs() without a certificate set. */
int engine_new(const struct sim_options *opts, struct engine **out, char *err, size_t errlen)
    __attribute__((warn_unused_result));

/* Run the next stage; returns 0, or 1 when all eight have run. */
int engine_step(struct engine *e);

/* Bring the engine to stage 0..8, replaying from the start when going back. */
void engine_goto(struct engine *e, int stage);

/* The last stage that has run (0..8). */
int engine_stage(const struct engine *e);

/* The events of every stage run so far, in order. */
size_t engine_event_count(const struct engine *e);
const struct sim_event *engine_event(const struct engine *e, size_t i);

/* The outcome so far (final once stage 8 has run). */
const struct sim_result *engine_result(const struct engine *e);

/* The options the engine was made with. */
const struct sim_options *engine_options(const struct engine *e);

/* The simulated clock, in Unix seconds (fixed for a seeded run). */
int64_t engine_clock(const struct engine *e);

/* The CA certificate (DER) in the client's trust store; false before stage 1
 * has put one there. */
bool engine_trusted_ca(const struct engine *e, const uint8_t **der, size_t *len);

/* The certificate (DER) the client received, Mallory's under a man in the
 * middle; false before one arrived or when the server sent a bare key. */
bool engine_received_certificate(const struct engine *e, const uint8_t **der, size_t *len);

/* Under --protocol tls13, where the Certificate message travels encrypted:
 * the intermediate CA's certificate (DER) the client received after the
 * server's own; false when none came, and always for the teaching flow,
 * whose frames on the wire show it. */
bool engine_received_intermediate(const struct engine *e, const uint8_t **der, size_t *len);

/* The stage at which the client receives the server's certificate: 3 in
 * the teaching flow, 5 under --protocol tls13, where it travels in the
 * encrypted Certificate message. */
int engine_certificate_stage(const struct engine *e);

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

/* An engine that runs nothing and shows one side of a networked run of
 * the teaching flow: local_actor is the side whose log engine_observe()
 * hands in (SIM_ACTOR_CLIENT for `tlssim connect`, SIM_ACTOR_SERVER for a
 * server's view of one client); its events are what that side did, knew
 * and checked, and the other side's messages as they arrived.  opts are
 * the run's settings as that side knows them (mode, cipher, Finished,
 * host).  Starts at stage 0 with nothing reached; never fails. */
struct engine *engine_new_observed(const struct sim_options *opts, enum sim_actor local_actor);

/* Show log as it stands, up to reached_stage (0..8, the last stage whose
 * events are all in log and happened), with end (NULL while the connection
 * is on), which the result shows at the last stage handed in.
 * The engine copies the events it shows (the caller keeps and frees log,
 * and may change it after) and rewrites each stage's narration from the
 * result sim_result_from_log() gives for it; the shown stage stays, or
 * drops to reached_stage.  engine_goto and engine_step then move between
 * stages 0..reached_stage, and engine_event shows the events up to the
 * shown stage.  Only for an engine made by engine_new_observed(). */
void engine_observe(struct engine *e, const struct sim_log *log, int reached_stage,
                    const struct sim_observed_end *end);

/* The last stage engine_observe() handed in; for a running engine, 8. */
int engine_reached_stage(const struct engine *e);

/* Whose view e shows: the local actor of an observed engine, which the
 * views show as this machine's; the others are remote, known only by what
 * arrived on the wire.  SIM_ACTOR_COUNT for an engine that runs every actor
 * itself (all of them are local). */
enum sim_actor engine_local_actor(const struct engine *e);

/* Wipe every secret and free the engine; NULL is allowed. */
void engine_free(struct engine *e);

#endif
