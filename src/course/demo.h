/*
 * demo.h - demo scripts: the .demo format, parsed, checked and run.
 *
 * Owns the parsed form of a script (one command a line), the problems found
 * in it at file:line:col, and the driver that walks a script over an engine
 * one command at a time and tells a front end what to show next.  Showing it
 * is the front end's business: nothing here prints, apart from the printer of
 * a failed run's problem, which takes a FILE *.  Problems in the script itself
 * are collected and printed by diag.h.  The format is described in
 * doc/demo-format.md.
 */
#ifndef TLSSIM_DEMO_H
#define TLSSIM_DEMO_H

#include "base/diag.h"
#include "engine/engine.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define DEMO_FILE_MAX (1024 * 1024)  /* bytes read from one script */
#define DEMO_LINE_MAX 4096           /* bytes in one line */
#define DEMO_SLEEP_MAX_MS 600000     /* the longest sleep: ten minutes */
#define DEMO_MARK_MAX 64             /* bytes in a marker name */

enum demo_op {
    DEMO_SET,       /* set an engine option: name, text (NULL for a switch) */
    DEMO_STEP,      /* run number more stages */
    DEMO_BACK,      /* go number stages back */
    DEMO_GOTO,      /* go to stage number (0..8) */
    DEMO_PAUSE,     /* wait for the presenter */
    DEMO_SLEEP,     /* wait ms milliseconds (scaled by the player's speed) */
    DEMO_CAPTION,   /* show text */
    DEMO_MARK,      /* a place to jump to, called name */
    DEMO_EXPECT,    /* assert on the engine or on the text shown */
};

enum demo_expect_kind {
    DEMO_EXPECT_STAGE,   /* the engine is at stage number */
    DEMO_EXPECT_RESULT,  /* the outcome has property outcome */
    DEMO_EXPECT_REASON,  /* the reason for aborting contains text */
    DEMO_EXPECT_CHECK,   /* the latest check whose name contains text came out pass */
    DEMO_EXPECT_KNOWS,   /* actor knows the value called text */
    DEMO_EXPECT_TEXT,    /* text appears in the plain transcript of the current stage */
};

enum demo_outcome {
    DEMO_OUTCOME_COMPLETED,
    DEMO_OUTCOME_ABORTED,
    DEMO_OUTCOME_INCOMPLETE,        /* neither, yet */
    DEMO_OUTCOME_TAMPER_DETECTED,
    DEMO_OUTCOME_EVE_READ_PLAINTEXT,
    DEMO_OUTCOME_ALERT,             /* a record refused after the handshake completed */
    DEMO_OUTCOME_CERT_OVERRIDDEN,   /* the user clicked past a certificate warning */
    DEMO_OUTCOME_FS_HELD,           /* a leaked key opened nothing recorded */
    DEMO_OUTCOME_FS_BROKEN,         /* a leaked key opened the recording */
};

/* One command of a script; the fields its kind does not use are zero. */
struct demo_cmd {
    enum demo_op op;
    unsigned line;
    char *source;                 /* the line as written, for messages */
    char *name;                   /* set: the option; mark: the marker */
    char *text;                   /* set: the value or NULL; caption; expect: what to find */
    int number;                   /* step, back: a count; goto, expect stage: a stage */
    unsigned ms;                  /* sleep */
    enum demo_expect_kind expect;
    bool negate;                  /* expect not ... */
    bool any_actor;               /* expect check without an actor */
    enum sim_actor actor;
    bool pass;                    /* expect check: the outcome wanted */
    enum demo_outcome outcome;    /* expect result */
};

struct demo_script {
    char *file;
    struct demo_cmd *cmds;
    size_t count;
    struct diags errors;          /* every problem found; print with diags_print */
};

/* Parse len bytes of script text named file into out, collecting every
 * problem in out->errors; returns 0 when there are none, -1 otherwise.
 * Any bytes at all are safe to pass. */
int demo_parse(const char *file, const char *data, size_t len, struct demo_script *out);

/* Read the script at path and parse it; returns 0, or -1 with the reason
 * (it cannot be read, it is too big, or its problems) in out->errors. */
int demo_load(const char *path, struct demo_script *out);

/* The index of the next mark after command index from (direction > 0) or
 * the last one before it (direction < 0); -1 when there is none. */
long demo_script_find_mark(const struct demo_script *s, size_t from, int direction);

/* Free everything the script holds and leave it empty. */
void demo_script_free(struct demo_script *s);

/* What the driver asks the front end to do next. */
enum demo_do {
    DEMO_DO_START,    /* a run has begun at stage 0: show its opening */
    DEMO_DO_STAGE,    /* the engine ran stage 'stage': show it */
    DEMO_DO_BACK,     /* the engine went back to stage 'stage': show it again */
    DEMO_DO_CAPTION,  /* show text */
    DEMO_DO_PAUSE,    /* wait for a key (a headless player goes on) */
    DEMO_DO_SLEEP,    /* wait ms milliseconds at speed 1 */
    DEMO_DO_MARK,     /* a marker called text has been passed */
    DEMO_DO_RESULT,   /* the run is over: show its outcome */
    DEMO_DO_FAILED,   /* an expect failed: see demo_run_print_problem; exit 1 */
    DEMO_DO_ERROR,    /* the engine could not run: see demo_run_print_problem; exit 2 */
    DEMO_DO_END,      /* nothing more to do; asked again, the answer stays the same */
};

struct demo_action {
    enum demo_do what;
    const struct demo_cmd *cmd;   /* the command behind it, or NULL at the end */
    int stage;                    /* the engine's stage afterwards */
    const char *text;             /* caption or marker name */
    unsigned ms;
};

/* Render the text a front end shows for stage (0: the opening) as a new
 * string, for `expect text`; NULL when there is nothing to compare. */
typedef char *(*demo_text_fn)(const struct engine *e, int stage, void *ctx);

struct demo_run;

/* Start driving script s (which must have parsed cleanly); text may be NULL,
 * and then every `expect text` fails with a note saying why. */
struct demo_run *demo_run_new(const struct demo_script *s, demo_text_fn text, void *ctx);

/* Do the next piece of the script and say what to show in *a. */
enum demo_do demo_run_next(struct demo_run *r, struct demo_action *a);

/* The engine of the current run, or NULL before the first START. */
const struct engine *demo_run_engine(const struct demo_run *r);

/* The index of the next command to run (s->count at the end). */
size_t demo_run_position(const struct demo_run *r);

/* Replay the script from the start up to command index pos without waits or
 * expects, for jumping; returns 0, or -1 after an ERROR (the front end then
 * redraws from demo_run_engine). */
int demo_run_seek(struct demo_run *r, size_t pos);

/* Print why the run stopped after FAILED or ERROR: file:line, the command,
 * what was expected and what was found. */
void demo_run_print_problem(const struct demo_run *r, FILE *out);

/* Free the run and its engine; NULL is allowed. */
void demo_run_free(struct demo_run *r);

/* Read a decimal such as "2", "0.25" or "1.5" (at most three decimals) as
 * thousandths into *out; returns 0, or -1 if text is not one. */
int demo_parse_thousandths(const char *text, unsigned long *out);

#endif
