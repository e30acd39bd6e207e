/*
 * tui_content.h - what each pane says at a stage, read from the engine's
 * events: the actors' actions, checks and knowledge, the wire as an
 * eavesdropper sees it (and what Mallory changed), the narration, the
 * result, and the forward secrecy comparison.  Builds styled lines; draws
 * nothing and changes nothing.
 */
#ifndef TLSSIM_TUI_CONTENT_H
#define TLSSIM_TUI_CONTENT_H

#include "engine/engine.h"
#include "course/lesson.h"
#include "tui/tui_layout.h"
#include "tui/tui_text.h"

#include <stdbool.h>
#include <stddef.h>

/* The state of the screen that the panes are built from. */
struct tui_theme;

struct tui_view {
    const struct engine *engine;
    const struct engine *other;   /* the same run in the other mode at stage 8, or NULL */
    const struct tui_theme *theme;     /* for the drawing code only */
    const struct tui_glyphs *glyphs;   /* the theme's glyphs */
    bool wire_decoded;      /* wire fields as decoded text instead of hex */
    bool full_values;       /* known values in full instead of one line of hex */
    bool ca_pane;           /* the CA has its own pane (else it shares SERVER's) */
    bool side_by_side;      /* room to show both runs of the comparison at once */
    bool show_other;        /* one run at a time: the other mode's is shown */
    bool warning_open;      /* the certificate warning covers the screen */
    bool whatifs_off;       /* a quiz waits: the what-if keys do nothing now */
    int warning_choice;     /* 0: go back (safe), 1: continue anyway */
    const char *note;       /* a one-line answer to the last key (in the key-help line), or NULL */
    /* A lesson, when one runs: its own narration pane (which returns false
     * to show the simulator's instead), the pane's title, and the values
     * and fields its step points at, drawn highlighted. */
    bool (*lesson_text)(void *ctx, struct tui_lines *out, const struct tui_view *v);
    void *lesson_ctx;
    const char *lesson_title;
    const char *status;                /* the header's word from a tui_sync, or NULL */
    /* A connection (tlssim connect): what → does next, for the result bar
     * while no result is due (in place of the what-if keys), and the
     * question that waits for the student (the CA's fingerprint), shown
     * where the certificate warning goes; or NULL. */
    const char *prompt;
    const char *question;
    const struct lesson_point *points;
    size_t point_count;
};

/* The two runs of the forward secrecy comparison. */
enum tui_side {
    TUI_SIDE_THIS,          /* the run on screen */
    TUI_SIDE_OTHER,         /* the same options in the other mode */
};

/* Whether the narration's place shows the forward secrecy comparison:
 * the key leaks, the other run exists, the last stage is on screen, and
 * no lesson text has the place. */
bool tui_content_comparing(const struct tui_view *v);

/* Fill out with what Eve, holding the leaked key, gets in the run of side. */
void tui_content_compare(struct tui_lines *out, const struct tui_view *v, enum tui_side side);

/* The title of side's box in the comparison, e.g. "EPHEMERAL: Eve with the leaked key". */
void tui_content_compare_title(char *buf, size_t size, const struct tui_view *v,
                               enum tui_side side);

/* The mode of the handshake as the header names it, e.g. "key transport (RSA-style)". */
const char *tui_content_mode_name(const struct engine *e);

/* Whether the result is on screen: the last stage, or the stage that aborted. */
bool tui_content_result_due(const struct engine *e);

/* The result bar: the result when it is due, else the keys of the
 * what-ifs; one line of out's width. */
void tui_content_result_bar(struct tui_lines *out, const struct tui_view *v);

/* Whether the run stopped at the client's certificate check, so that a
 * browser would show its warning (and the user has not clicked through). */
bool tui_content_cert_warning_due(const struct engine *e);

/* The certificate warning's text: headline, the reason, the two choices. */
void tui_content_cert_warning(struct tui_lines *out, const struct tui_view *v);

/* The question of v (v->question) with its two choices (no / yes). */
void tui_content_question(struct tui_lines *out, const struct tui_view *v);

/* Whether pane shows a side that is remote in e's run (engine_local_actor):
 * known only by what arrived on the wire. */
bool tui_content_pane_remote(const struct engine *e, enum tui_pane pane);

/* Fill out (already initialised for the pane's inner width) with what pane
 * shows at the engine's current stage. */
void tui_content_pane(struct tui_lines *out, const struct tui_view *v, enum tui_pane pane);

/* Where an actor sits on screen, left to right (client, Eve, server, CA),
 * so that arrows between two actors point the way the message goes. */
int tui_content_actor_column(enum sim_actor a);

/* The number of wire messages of the current stage, and the i-th of them. */
size_t tui_content_message_count(const struct engine *e);
const struct sim_event *tui_content_message(const struct engine *e, size_t i);

#endif
