/*
 * tui_layout.c - the geometry of the screen.
 */
#include "tui/tui_layout.h"

#include <string.h>

#define NARRATION_MIN_ROWS 7
#define NARRATION_MAX_ROWS 14
#define LESSON_MAX_ROWS 24
#define LESSON_ROOMY_ROWS 30   /* below this the lesson takes three fifths */

/* A full-width strip of h rows starting at row y. */
static struct tui_rect strip(int y, int h, int cols)
{
    return (struct tui_rect){.y = y, .x = 0, .h = h, .w = cols};
}

/* The layout of a rows x cols terminal whose narration pane takes
 * share_num / share_den of the body, within NARRATION_MIN_ROWS and max_rows,
 * over a foot of foot_rows: the result bar, then the key-help lines. */
static void compute(int rows, int cols, int share_num, int share_den, int max_rows,
                    int foot_rows, struct tui_layout *out)
{
    memset(out, 0, sizeof *out);
    out->rows = rows;
    out->cols = cols;
    if (rows < TUI_MIN_ROWS || cols < TUI_MIN_COLS) {
        out->too_small = true;
        return;
    }
    out->header = strip(0, 1, cols);
    out->stage_bar = strip(1, 1, cols);
    out->wire_line = strip(2, 1, cols);
    out->result_bar = strip(rows - foot_rows, 1, cols);
    out->key_help = strip(rows - foot_rows + 1, foot_rows - 1, cols);

    /* Between the wire line and the result bar: actor panes over the
     * narration, which takes about two fifths of the height. */
    int body_top = 3;
    int body_rows = rows - foot_rows - body_top;
    int narration_rows = body_rows * share_num / share_den;
    if (narration_rows < NARRATION_MIN_ROWS)
        narration_rows = NARRATION_MIN_ROWS;
    if (narration_rows > max_rows)
        narration_rows = max_rows;
    int pane_rows = body_rows - narration_rows;
    out->pane[TUI_PANE_NARRATION] =
        (struct tui_rect){.y = body_top + pane_rows, .x = 0, .h = narration_rows, .w = cols};
    if (cols >= TUI_COMPARE_MIN_COLS) {
        int half = cols / 2;
        out->compare[0] = (struct tui_rect){body_top + pane_rows, 0, narration_rows, half};
        out->compare[1] =
            (struct tui_rect){body_top + pane_rows, half, narration_rows, cols - half};
    }

    /* The wire pane is a little wider than the actors: it holds whole messages. */
    int actors = cols >= TUI_CA_PANE_MIN_COLS ? 3 : 2;
    int wire_w = actors == 3 ? cols * 31 / 100 : cols - 2 * (cols * 13 / 40);
    int side_w = (cols - wire_w) / actors;
    int extra = cols - wire_w - side_w * actors;   /* the rounding goes to the wire */
    wire_w += extra;

    int x = 0;
    out->pane[TUI_PANE_CLIENT] = (struct tui_rect){body_top, x, pane_rows, side_w};
    x += side_w;
    out->pane[TUI_PANE_WIRE] = (struct tui_rect){body_top, x, pane_rows, wire_w};
    x += wire_w;
    out->pane[TUI_PANE_SERVER] = (struct tui_rect){body_top, x, pane_rows, side_w};
    x += side_w;
    if (actors == 3)
        out->pane[TUI_PANE_CA] = (struct tui_rect){body_top, x, pane_rows, side_w};
}

void tui_layout_compute(int rows, int cols, struct tui_layout *out)
{
    compute(rows, cols, 2, 5, NARRATION_MAX_ROWS, 2, out);
}

void tui_layout_compute_lesson(int rows, int cols, int pane_lines, struct tui_layout *out)
{
    bool small = rows < LESSON_ROOMY_ROWS;

    compute(rows, cols, small ? 3 : 1, small ? 5 : 2, LESSON_MAX_ROWS, 2, out);
    if (out->too_small || pane_lines < 0)
        return;
    /* The actor panes keep only the rows they fill, none when they have
     * nothing to show; the lesson takes the rest. */
    int pane_rows = out->pane[TUI_PANE_CLIENT].h;
    int want = pane_lines == 0 ? 0 : pane_lines + 2;
    if (want >= pane_rows)
        return;
    int gain = pane_rows - want;
    for (int p = 0; p < TUI_PANE_NARRATION; p++) {
        out->pane[p].h = want;
        if (want == 0)
            out->pane[p].w = 0;
    }
    out->pane[TUI_PANE_NARRATION].y -= gain;
    out->pane[TUI_PANE_NARRATION].h += gain;
    for (int i = 0; i < 2; i++) {
        if (out->compare[i].w == 0)
            continue;
        out->compare[i].y -= gain;
        out->compare[i].h += gain;
    }
}

void tui_layout_compute_player(int rows, int cols, struct tui_layout *out)
{
    compute(rows, cols, 2, 5, NARRATION_MAX_ROWS, 4, out);
}

bool tui_layout_has_ca_pane(const struct tui_layout *l)
{
    return !l->too_small && l->pane[TUI_PANE_CA].w > 0;
}

bool tui_layout_can_compare(const struct tui_layout *l)
{
    return !l->too_small && l->compare[0].w > 0;
}
