/*
 * bench_render.c - what showing a run costs: the plain transcript of all
 * eight stages, and a frame of the TUI drawn into a curses screen that
 * writes to nowhere (newterm on /dev/null): repainted whole, as after a
 * resize, and stepped, as on a keypress.
 */
#define _POSIX_C_SOURCE 200809L

#include "bench.h"

#include "engine/engine.h"
#include "tui/tui_content.h"
#include "tui/tui_curses.h"
#include "tui/tui_draw.h"
#include "tui/tui_layout.h"
#include "tui/tui_theme.h"
#include "views/view_plain.h"

#include <stdio.h>
#include <stdlib.h>

#define PLAIN_REPS 200
#define FRAME_REPS 300
#define FRAME_TARGET_MS 1.0
#define BENCH_TERM "xterm-256color"

struct plain_ctx {
    const struct engine *e;
    FILE *out;
};

/* The whole plain transcript of a finished run, flushed. */
static void plain_transcript(void *ctx)
{
    struct plain_ctx *p = ctx;

    view_plain_header(p->out, p->e);
    for (int stage = 1; stage <= SIM_STAGE_COUNT; stage++)
        view_plain_stage(p->out, p->e, stage);
    view_plain_result(p->out, p->e);
    fflush(p->out);
}

void bench_plain(struct bench_row *row)
{
    struct plain_ctx p;

    *row = (struct bench_row){.what = "plain transcript of all 8 stages", .unit = "us"};
    p.e = bench_engine_at(SIM_STAGE_COUNT);
    p.out = fopen("/dev/null", "w");
    if (p.e != NULL && p.out != NULL) {
        plain_transcript(&p);
        row->value = bench_median_us(plain_transcript, NULL, &p, PLAIN_REPS);
        row->measured = true;
        snprintf(row->note, sizeof row->note, "to /dev/null");
    }
    if (p.out != NULL)
        fclose(p.out);
    engine_free((struct engine *)p.e);
}

/* The TUI's state for one frame: what render() in tui.c keeps. */
struct frame_ctx {
    const struct engine *engines[2];   /* at stages 7 and 8 */
    struct tui_theme theme;
    struct tui_layout layout;
    struct tui_windows windows;
    struct tui_view view;
    int scroll[TUI_PANE_COUNT];
};

/* The key-help line's items, as the TUI lists them. */
static const struct tui_key_doc frame_docs[] = {
    {"Right", "next stage", "->", "next"},
    {"Left", "previous stage", "<-", "back"},
    {"1-8", "jump to a stage", "1-8", "stage"},
    {"?", "this help", "?", "help"},
    {"q", "quit", "q", "quit"},
};

/* Draw every region of the screen and show what changed, as render() does. */
static void draw_frame(void *ctx)
{
    struct frame_ctx *f = ctx;
    struct tui_windows *w = &f->windows;

    tui_draw_header(w->header, &f->view);
    tui_draw_stage_bar(w->stage_bar, &f->view);
    tui_draw_wire_line(w->wire_line, &f->view, NULL);
    for (int p = 0; p < TUI_PANE_COUNT; p++)
        if (w->pane[p] != NULL)
            tui_draw_pane(w->pane[p], &f->view, (enum tui_pane)p, p == TUI_PANE_WIRE,
                          &f->scroll[p]);
    tui_draw_key_help(w->key_help, &f->view, frame_docs,
                      sizeof frame_docs / sizeof frame_docs[0]);
    doupdate();
}

/* A whole repaint, as after a resize: every cell goes out again. */
static void repaint_frame(void *ctx)
{
    clearok(curscr, TRUE);
    draw_frame(ctx);
}

/* A step: the next stage's content drawn over the last one's (the engines
 * at stages 7 and 8 take turns), and only the difference goes out. */
static void step_frame(void *ctx)
{
    struct frame_ctx *f = ctx;

    f->view.engine = f->view.engine == f->engines[0] ? f->engines[1] : f->engines[0];
    draw_frame(ctx);
}

void bench_tui_frame(struct bench_row *repaint, struct bench_row *step, int rows, int cols)
{
    struct frame_ctx f = {0};
    struct engine *e7 = bench_engine_at(SIM_STAGE_COUNT - 1);
    struct engine *e8 = bench_engine_at(SIM_STAGE_COUNT);
    FILE *in = fopen("/dev/null", "r"), *out = fopen("/dev/null", "w");
    SCREEN *screen = NULL;

    *repaint = (struct bench_row){.unit = "ms", .target = FRAME_TARGET_MS};
    snprintf(repaint->what, sizeof repaint->what, "TUI frame at %dx%d, whole repaint", cols,
             rows);
    *step = (struct bench_row){.unit = "ms", .target = FRAME_TARGET_MS};
    snprintf(step->what, sizeof step->what, "TUI frame at %dx%d, a step (7 and 8)", cols, rows);
    if (e7 == NULL || e8 == NULL || in == NULL || out == NULL)
        goto done;
    screen = newterm(BENCH_TERM, out, in);
    if (screen == NULL) {
        snprintf(repaint->note, sizeof repaint->note, "no terminfo entry for %s", BENCH_TERM);
        goto done;
    }
    resize_term(rows, cols);
    tui_theme_setup(&f.theme, TUI_THEME_DEFAULT, false);
    tui_layout_compute(rows, cols, &f.layout);
    if (f.layout.too_small || tui_windows_create(&f.windows, &f.layout, &f.theme) != 0) {
        snprintf(repaint->note, sizeof repaint->note, "curses could not make the windows");
        goto done;
    }
    f.engines[0] = e7;
    f.engines[1] = e8;
    f.view.engine = e8;
    f.view.theme = &f.theme;
    f.view.glyphs = f.theme.glyphs;
    f.view.ca_pane = tui_layout_has_ca_pane(&f.layout);
    repaint_frame(&f);
    repaint->value = bench_median_us(repaint_frame, NULL, &f, FRAME_REPS) / 1000;
    repaint->measured = true;
    snprintf(repaint->note, sizeof repaint->note, "stage 8, as after a resize; %s", BENCH_TERM);
    step->value = bench_median_us(step_frame, NULL, &f, FRAME_REPS) / 1000;
    step->measured = true;
    snprintf(step->note, sizeof step->note, "what changed goes out, as on a keypress");
    tui_windows_destroy(&f.windows);
done:
    if (screen != NULL) {
        endwin();
        delscreen(screen);
    }
    if (in != NULL)
        fclose(in);
    if (out != NULL)
        fclose(out);
    engine_free(e7);
    engine_free(e8);
}
