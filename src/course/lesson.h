/*
 * lesson.h - the lesson file format: parsing a .lesson file into a lesson.
 *
 * Owns struct lesson (a title and its steps).  The parser reads any bytes
 * without crashing and reports every problem it finds, each at its
 * file:line:col (see diag.h), before anything runs.  The format is
 * described for authors in doc/lesson-format.md.  Nothing here draws or
 * runs a lesson; see tutor.h for that.
 */
#ifndef TLSSIM_LESSON_H
#define TLSSIM_LESSON_H

#include "base/diag.h"

#include <stdbool.h>
#include <stddef.h>

#define LESSON_FILE_MAX (1024 * 1024)  /* bytes in one lesson file */
#define LESSON_LINE_MAX 1000           /* bytes in one line, without its newline */
#define LESSON_TITLE_MAX 100           /* characters in a title */
#define LESSON_NAME_MAX 40             /* characters in a step name */
#define LESSON_STEPS_MAX 100
#define LESSON_TEXT_MAX 4000           /* bytes of narration in one step */
#define LESSON_SETS_MAX 16             /* set lines in one step */
#define LESSON_POINTS_MAX 8            /* point lines in one step */
#define LESSON_CHOICES_MIN 2
#define LESSON_CHOICES_MAX 4

/* One block of narration: a paragraph to wrap, or code lines to show as they are. */
enum lesson_text_kind {
    LESSON_TEXT_PARAGRAPH,
    LESSON_TEXT_CODE,
};

struct lesson_text {
    enum lesson_text_kind kind;
    char *text;            /* a paragraph, or code lines joined by '\n' */
};

/* Where a point line draws the student's eye. */
enum lesson_pane {
    LESSON_PANE_CLIENT,
    LESSON_PANE_SERVER,
    LESSON_PANE_CA,
    LESSON_PANE_EVE,
    LESSON_PANE_WIRE,
};

/* What a checkpoint waits for the student to do in the simulator. */
enum lesson_await {
    LESSON_AWAIT_NONE,
    LESSON_AWAIT_STAGE,    /* step the simulator to await_stage */
    LESSON_AWAIT_TAMPER,   /* change a byte of a message on the wire */
    LESSON_AWAIT_MITM,     /* put a man in the middle */
    LESSON_AWAIT_LEAK_KEY, /* leak the server's long-term private key */
    LESSON_AWAIT_FILES,    /* write out the key, CSR and certificate files */
};

struct lesson_setting {
    char *name;            /* a name from the engine's option table */
    char *value;           /* its value; for a switch "on", "off" or NULL (on) */
};

struct lesson_point {
    enum lesson_pane pane;
    char *what;            /* the value or wire field to highlight */
    unsigned line;         /* where it stands, for problems found after parsing */
    unsigned col;          /* of what */
    char *source;          /* the line as diagnostics show it */
};

struct lesson_choice {
    char *text;
    char *why;             /* why it is wrong (or, for the correct one, why it is right); may be NULL */
    bool correct;
};

struct lesson_quiz {
    char *question;        /* NULL when the step has no quiz */
    struct lesson_choice choices[LESSON_CHOICES_MAX];
    size_t choice_count;
    size_t correct;        /* index of the correct choice */
};

struct lesson_step {
    char *name;            /* from "step NAME", or NULL */
    unsigned line;         /* where the step starts */
    struct lesson_text *texts;
    size_t text_count;
    struct lesson_setting *settings;
    size_t setting_count;
    int stage;             /* 0..8 to show, or -1 to leave the stage alone */
    struct lesson_point *points;
    size_t point_count;
    struct lesson_quiz quiz;
    enum lesson_await await;
    int await_stage;       /* for LESSON_AWAIT_STAGE */
    char *hint;            /* help shown on request (? in the tutorial), or NULL */
};

struct lesson {
    char *file;            /* the name it was parsed under */
    char *title;
    struct lesson_step *steps;
    size_t step_count;
};

/* Parse len bytes of text (any bytes at all) named file; returns 0 and sets
 * *out, or -1 with every problem appended to diags and *out set to NULL. */
int lesson_parse(const char *file, const char *text, size_t len, struct lesson **out,
                 struct diags *diags) __attribute__((warn_unused_result));

/* Read and parse the lesson file at path, as lesson_parse() does. */
int lesson_load(const char *path, struct lesson **out, struct diags *diags)
    __attribute__((warn_unused_result));

/* Free a lesson and everything in it; NULL is allowed. */
void lesson_free(struct lesson *l);

/* The printable name of a pane: "client", "server", "ca", "eve", "wire". */
const char *lesson_pane_name(enum lesson_pane pane);

/* The keyword of a checkpoint kind: "stage", "tamper", "mitm", ... */
const char *lesson_await_name(enum lesson_await await);

#endif
