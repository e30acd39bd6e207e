/*
 * tui.h - the classroom walkthrough on a terminal, drawn with ncurses.
 *
 * Owns the terminal while it runs: the screen, the keyboard, the signals
 * that must not leave a broken terminal behind.  It reads the engine and
 * steps it; it never decides anything the engine decides.  A guide (the
 * tutorial) can ride along: it sees each key first, hears of every stage
 * change and every what-if key, writes the narration pane and puts runs of
 * its own on the screen.
 */
#ifndef TLSSIM_TUI_H
#define TLSSIM_TUI_H

#include "engine/engine.h"
#include "engine/options.h"
#include "tui/tui_glyphs.h"
#include "tui/tui_keys.h"
#include "tui/tui_whatif.h"

#include <stdbool.h>
#include <stddef.h>

struct tui;
struct tui_lines;
struct tui_view;
struct lesson_point;

struct walk_record;

/* Someone off the screen who keeps in step with it: the classroom's
 * presenter, which sends every change to its followers, or a follower,
 * whose screen shows what a presenter shows.  Every hook gets ctx first. */
struct tui_sync {
    void *ctx;
    /* A follower: the keys that move the run are the presenter's, not ours
     * (the screen has TUI_MODE_FOLLOW), and the certificate warning, whose
     * answer would change the run, is never opened here. */
    bool follower;
    /* The run on the screen is now opts at stage (also once at the start);
     * may be NULL. */
    void (*changed)(void *ctx, const struct sim_options *opts, int stage);
    /* Each turn of the loop, at least every INPUT_POLL_MS: do what is due
     * without waiting (a follower puts the presenter's run on screen with
     * tui_show); false to end the view. */
    bool (*idle)(void *ctx, struct tui *ui);
    /* A few words for the header, e.g. "presenting on port 4455: 3 following". */
    void (*status)(void *ctx, char *buf, size_t size);
};

/* A run that happens elsewhere, shown as one side saw it (`tlssim connect`):
 * the screen shows engine, an observed engine (engine.h) that the driver
 * owns and brings up to date in idle.  The keys move over the stages
 * reached; → at the last one reached, and the answers to the overlays, go
 * to the driver.  Every hook gets ctx first and writes what the key line
 * should say into note (size bytes), or leaves it empty. */
struct tui_remote {
    void *ctx;
    struct engine *engine;
    /* Each turn of the loop, at least every INPUT_POLL_MS: read the network
     * and engine_observe what is new, without waiting; true once the
     * connection is over. */
    bool (*idle)(void *ctx);
    /* → or Enter at the last stage reached: send the flight that waits, if one does. */
    void (*next)(void *ctx, char *note, size_t size);
    /* The certificate warning was answered: go_on is "Continue anyway". */
    void (*warning)(void *ctx, bool go_on, char *note, size_t size);
    /* The question that waits for the student (the CA's fingerprint), or NULL ... */
    const char *(*question)(void *ctx);
    /* ... and its answer. */
    void (*answer)(void *ctx, bool yes, char *note, size_t size);
    /* The header's words, e.g. "connected to 127.0.0.1:4433". */
    void (*status)(void *ctx, char *buf, size_t size);
    /* What → does now, for the result bar while no result is due, with
     * the keys named in the glyphs g. */
    void (*prompt)(void *ctx, const struct tui_glyphs *g, char *buf, size_t size);
};

struct tui_settings {
    bool animate;               /* let messages travel along the wire */
    enum tui_theme_id theme;
    bool force_ascii;           /* ASCII box lines even in a UTF-8 locale */
    struct walk_record *record; /* where stage moves and what-ifs are written, or NULL */
    const struct tui_sync *sync; /* who keeps in step with the screen, or NULL */
};

/* What a guide does with a key it saw first. */
enum tui_guide_key {
    TUI_KEY_PASS,      /* not the guide's: the walkthrough handles it */
    TUI_KEY_TAKEN,     /* the guide handled it */
    TUI_KEY_QUIT,      /* leave, as q does */
};

/* A guide riding on the walkthrough.  Every hook gets ctx first. */
struct tui_guide {
    void *ctx;
    /* The screen is up: show the first step (tui_show, tui_set_step). */
    void (*start)(void *ctx, struct tui *ui);
    /* Which keys hold now: TUI_MODE_LESSON, or TUI_MODE_QUIZ while a quiz
     * waits for its answer. */
    unsigned (*mode)(void *ctx);
    /* A key and the action the key table gives it in that mode, before
     * the walkthrough sees it (not while its help or the certificate
     * warning is open). */
    enum tui_guide_key (*key)(void *ctx, struct tui *ui, int key, enum tui_action action);
    /* The student moved the simulator to stage with the walkthrough's keys. */
    void (*moved)(void *ctx, struct tui *ui, int stage);
    /* The student's what-if key w rebuilt the run, which now has opts. */
    void (*whatif)(void *ctx, struct tui *ui, enum tui_whatif w, const struct sim_options *opts);
    /* Fill docs (room for max) with the keys that work now; how many. */
    size_t (*keys)(void *ctx, struct tui_key_doc *docs, size_t max);
    /* Fill the narration pane; false to show the simulator's own. */
    bool (*text)(void *ctx, struct tui_lines *out, const struct tui_view *v);
    /* The step's hint for the top of the help overlay, or NULL. */
    const char *(*hint)(void *ctx);
};

/* Run the walkthrough for opts until the user quits; returns the exit
 * status: 0 after q or Ctrl-C, 128 + N after signal N (SIGINT, SIGTERM,
 * SIGHUP), 2 when the engine cannot start, with the terminal restored in
 * every case. */
int tui_run(const struct sim_options *opts, const struct tui_settings *settings);

/* Show remote's run until the user quits, with settings (their sync and
 * record unused); the exit status as tui_run's.  The engine stays the
 * driver's. */
int tui_run_remote(const struct tui_settings *settings, const struct tui_remote *remote);

/* tui_run() with guide riding along, from stage 0 of a run of opts. */
int tui_run_guided(const struct sim_options *opts, const struct tui_settings *settings,
                   const struct tui_guide *guide);

/* The run on the screen. */
const struct engine *tui_engine(const struct tui *ui);

/* Where the narration pane stands, as last drawn: its first line shown,
 * the lines it shows at once, and the largest first line (the last page). */
struct tui_scroll {
    int first, rows, max;
};
void tui_narration_window(const struct tui *ui, struct tui_scroll *out);

/* Show the narration from line first on (clamped when drawn). */
void tui_narration_scroll_to(struct tui *ui, int first);

/* Put a run of opts at stage (0..8) on the screen, without the certificate
 * warning (it opens when the student steps into a failed check): 0, or -1
 * with the engine's reason in err, the run on the screen left as it was. */
int tui_show(struct tui *ui, const struct sim_options *opts, int stage, char *err,
             size_t errlen) __attribute__((warn_unused_result));

/* Name the narration pane and point at values and fields (count may be 0;
 * points stay the guide's), scroll each pane to what is pointed at and
 * focus the narration. */
void tui_set_step(struct tui *ui, const char *title, const struct lesson_point *points,
                  size_t count);

/* Give the narration's place to the guide's text (shown) or back to the
 * simulator's narration and comparison. */
void tui_set_guide_text(struct tui *ui, bool shown);

/* Redraw the narration pane and the key help: the guide's state changed;
 * with to_end, scroll the narration to its last line (an answer's why). */
void tui_refresh(struct tui *ui, bool to_end);

/* Put a one-line note on the key line (until the next key). */
void tui_note(struct tui *ui, const char *text);

/* The box lines, arrows and marks of the theme in use. */
const struct tui_glyphs *tui_glyphs(const struct tui *ui);

#endif
