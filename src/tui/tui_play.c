/*
 * tui_play.c - the on-screen demo player: the loop that asks the demo
 * driver what to show next, waits as the script says (or as the presenter
 * says), and draws the walkthrough's screen with the caption at its foot.
 *
 * Waits never block the keyboard: a sleep is a deadline checked between
 * keys, a pause is a flag that a key clears.  Jumps (back, markers) replay
 * the script quietly with demo_run_seek and take the caption shown at the
 * place they land on from the script itself.
 */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif

#include "config.h"

#include "tui/tui_play.h"

#include "base/die.h"
#include "base/exit_status.h"
#include "engine/engine.h"
#include "tui/tui_cast.h"
#include "tui/tui_content.h"
#include "tui/tui_curses.h"
#include "tui/tui_draw.h"
#include "tui/tui_layout.h"
#include "tui/tui_screen.h"
#include "tui/tui_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PLAY_POLL_MS 100
#define PLAY_SPEED_MIN 100
#define PLAY_SPEED_MAX 10000
#define PLAY_DOCS_MAX 16
#define TUI_CAST_TERM "xterm-256color"   /* the terminal a recording is made for */
#define PLAY_LOOP_REST_MS 5000   /* a pause, and the last screen, of a looping script */
#define PLAY_CAPTION_MAX 1024

struct player {
    const struct demo_script *script;
    struct demo_run *run;
    struct tui_play_settings play;
    struct tui_theme theme;
    struct tui_view view;
    struct tui_layout layout;
    struct tui_windows windows;
    int scroll[TUI_PANE_COUNT];
    char caption[PLAY_CAPTION_MAX];
    bool paused;          /* the presenter paused (Space) or stepped (.) */
    bool at_pause;        /* the script's `pause` waits for a key */
    bool ended;           /* the driver said END */
    bool next_script;     /* the presenter went on to the next script */
    bool help_open;       /* the key overlay is up; the script holds meanwhile */
    bool paused_before_help; /* restored when the overlay closes */
    long long wake_ms;    /* a sleep runs until then; 0 when none */
    unsigned dirty;
    struct tui_key_doc docs[PLAY_DOCS_MAX];   /* the player's keys, from the key table */
    size_t doc_count;
    char key_hint[160];   /* what the foot shows when the script has no caption up */
    FILE *cast;           /* the recording being written, or NULL on a terminal */
    FILE *screen_file;    /* what curses writes while recording */
    long screen_seen;     /* how much of it is in the recording */
    long long clock_ms;   /* the recording's virtual clock */
    FILE *no_keys;        /* the recording's keyboard: /dev/null */
    struct engine *held;  /* a stage between two of the script's (, or . inside a
                           * "step 2"), shown instead of the script's; or NULL */
    int held_until;       /* the stage the script shows at its next move */
};

/* Milliseconds of a monotonic clock, or of the recording's virtual one. */
static long long now_ms(const struct player *p)
{
    struct timespec ts;

    if (p->cast != NULL)
        return p->clock_ms;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Put what curses wrote since the last call into the recording, stamped
 * with the virtual clock. */
static void cast_flush(struct player *p)
{
    char buf[4096];

    if (p->cast == NULL)
        return;
    fflush(p->screen_file);
    if (fseek(p->screen_file, p->screen_seen, SEEK_SET) != 0)
        return;
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p->screen_file)) > 0) {
        tui_cast_event(p->cast, p->clock_ms, buf, n);
        p->screen_seen += (long)n;
    }
    fseek(p->screen_file, 0, SEEK_END);
}

/* Fit the windows to the terminal's current size. */
static void play_relayout(struct player *p)
{
    tui_layout_compute_player(LINES, COLS, &p->layout);
    tui_windows_refit(&p->windows, &p->layout, &p->theme, &p->view);
    p->dirty |= TUI_DIRTY_ALL;
}

/* The player's keys from the key table, and the short line of them. */
static void fill_docs(struct player *p)
{
    p->doc_count = tui_keys_docs(TUI_MODE_PLAY, p->theme.glyphs, p->docs, PLAY_DOCS_MAX);
    p->key_hint[0] = '\0';
    for (size_t i = 0; i < p->doc_count; i++) {
        size_t used = strlen(p->key_hint);
        if (p->docs[i].short_key != NULL)
            snprintf(p->key_hint + used, sizeof p->key_hint - used, "%s%s %s",
                     used ? "  " : "", p->docs[i].short_key, p->docs[i].short_what);
    }
}

/* The marker whose section the command at pos (the next to run) is in:
 * the last one before it, or -1 before the first. */
static long current_mark(const struct demo_script *s, size_t pos)
{
    return demo_script_find_mark(s, pos, -1);
}

/* The last line of the foot: the script's markers by name, the current
 * one marked, and how far into the script the player is, as a bar. */
static void draw_strip(struct player *p, WINDOW *win, int y)
{
    const struct demo_script *s = p->script;
    long here = current_mark(s, demo_run_position(p->run));
    int w = getmaxx(win), x = 1;
    char progress[64], item[DEMO_MARK_MAX + 8];

    size_t pos = demo_run_position(p->run), count = s->count ? s->count : 1;
    int bar = 10, full = (int)(pos * (size_t)bar / count);
    snprintf(progress, sizeof progress, " %s%.*s%.*s %3zu%% ", p->play.loop ? "loop " : "",
             full, "##########", bar - full, "----------", pos * 100 / count);
    int pw = (int)strlen(progress);
    for (size_t k = 0; k < s->count; k++) {
        if (s->cmds[k].op != DEMO_MARK)
            continue;
        bool current = (long)k == here;
        snprintf(item, sizeof item, current ? "[%s]" : "%s", s->cmds[k].name);
        int iw = tui_text_width(item, strlen(item));
        if (x + iw + 1 > w - pw - 1)
            break;
        wattrset(win, (int)p->theme.attr[current ? TUI_ROLE_STAGE_CURRENT : TUI_ROLE_DIM]);
        mvwaddstr(win, y, x, item);
        x += iw + 1;
    }
    wattrset(win, (int)p->theme.attr[TUI_ROLE_KEY]);
    mvwaddstr(win, y, w - pw - 1, progress);
    wattrset(win, (int)p->theme.attr[TUI_ROLE_NORMAL]);
}

/* The foot: the result bar, then the caption's lines, then the strip of
 * markers and progress; the caption takes the result bar's line too while
 * there is no result to show.  The player's state goes in front of the
 * caption. */
static void draw_caption(struct player *p)
{
    WINDOW *bar = p->windows.result_bar, *help = p->windows.key_help;
    bool result = p->view.engine != NULL && tui_content_result_due(p->view.engine);
    char text[PLAY_CAPTION_MAX + 64];
    struct tui_lines lines;

    if (bar == NULL || help == NULL)
        return;
    const char *state = p->ended ? (p->cast != NULL ? "[end] "
                                    : p->play.loop  ? "[end: it plays again soon; q quits] "
                                    : p->play.more ? "[end: Space next script, q quits] "
                                                   : "[end: q quits] ")
                        : p->at_pause ? "[Space: go on] "
                        : p->paused   ? "[paused] "
                                      : "";
    const char *caption = p->caption[0] != '\0' || state[0] != '\0' ? p->caption
                                                                    : p->key_hint;
    if (p->play.speed != 1000)
        snprintf(text, sizeof text, "[x%lu.%lu] %s%s", p->play.speed / 1000,
                 p->play.speed % 1000 / 100, state, caption);
    else
        snprintf(text, sizeof text, "%s%s", state, caption);
    tui_lines_init(&lines, getmaxx(help) - 2, p->theme.ascii);
    tui_lines_wrap(&lines, TUI_ROLE_KEY, "", TUI_ROLE_HEADING, 0, text);
    if (result) {
        tui_draw_result_bar(bar, &p->view);
    } else {
        werase(bar);
        tui_draw_lines(bar, &p->theme, &lines, 0, 1, 1, 0);
        wnoutrefresh(bar);
    }
    werase(help);
    tui_draw_lines(help, &p->theme, &lines, 0, 1, getmaxy(help) - 1, result ? 0 : 1);
    draw_strip(p, help, getmaxy(help) - 1);
    wnoutrefresh(help);
    tui_lines_free(&lines);
}

/* Draw what is dirty, with the caption on top, in one doupdate. */
static void play_render(struct player *p)
{
    struct tui_chrome chrome = {p->docs,  p->doc_count, TUI_PANE_WIRE, p->scroll,
                                p->help_open, NULL,     NULL,          NULL, NULL};

    if (p->dirty == 0)
        return;
    p->view.engine = p->held != NULL ? p->held : demo_run_engine(p->run);
    if (p->view.engine == NULL) {
        p->dirty = 0;
        return;
    }
    /* the foot is drawn here, not by tui_draw_screen, so it never flickers */
    tui_draw_screen(&p->windows, &p->layout, &p->view, &chrome, p->dirty & ~TUI_DIRTY_KEY_HELP);
    if (!p->layout.too_small) {
        draw_caption(p);
        if (p->help_open && p->windows.help != NULL) {
            /* the overlay stays on top of the foot it overlaps */
            touchwin(p->windows.help);
            wnoutrefresh(p->windows.help);
        }
    }
    doupdate();
    cast_flush(p);
    p->dirty = 0;
}

/* The caption the script shows just before command pos, or "". */
static void caption_before(struct player *p, size_t pos)
{
    p->caption[0] = '\0';
    for (size_t k = pos; k > 0; k--) {
        if (p->script->cmds[k - 1].op == DEMO_CAPTION) {
            snprintf(p->caption, sizeof p->caption, "%s", p->script->cmds[k - 1].text);
            return;
        }
    }
}

/* Let go of a held stage: the script's own is shown again. */
static void release(struct player *p)
{
    if (p->held != NULL) {
        engine_free(p->held);
        p->held = NULL;
        p->dirty |= TUI_DIRTY_ALL & ~TUI_DIRTY_SCREEN;
    }
}

/* Show stage of the run on screen, which the script passes inside one
 * move, from an engine of its own; false when that cannot be made. */
static bool hold(struct player *p, int stage, int until)
{
    const struct engine *e = p->held != NULL ? p->held : demo_run_engine(p->run);
    struct engine *fresh = NULL;
    char err[ENGINE_ERR_MAX];

    if (e == NULL || engine_new(engine_options(e), &fresh, err, sizeof err) != 0)
        return false;
    engine_goto(fresh, stage);
    release(p);
    p->held = fresh;
    p->held_until = until;
    p->paused = true;
    p->dirty |= TUI_DIRTY_ALL & ~TUI_DIRTY_SCREEN;
    return true;
}

/* Replay quietly up to command pos and show where that lands, paused when
 * pause is set; -1 when the engine failed on the way. */
static int jump_to(struct player *p, size_t pos, bool pause)
{
    struct demo_action a;

    release(p);
    if (demo_run_seek(p->run, pos) != 0)
        return -1;
    if (demo_run_engine(p->run) == NULL && demo_run_next(p->run, &a) == DEMO_DO_ERROR)
        return -1;
    caption_before(p, demo_run_position(p->run));
    memset(p->scroll, 0, sizeof p->scroll);
    p->at_pause = false;
    p->ended = false;
    p->wake_ms = 0;
    p->paused = pause;
    p->dirty |= TUI_DIRTY_ALL;
    return 0;
}

/* The command that brought the stage on screen, the last step, back or
 * goto before command pos; -1 when there is none. */
static long last_move_before(const struct demo_script *s, size_t pos)
{
    for (size_t k = pos; k > 0; k--) {
        enum demo_op op = s->cmds[k - 1].op;
        if (op == DEMO_STEP || op == DEMO_BACK || op == DEMO_GOTO)
            return (long)(k - 1);
    }
    return -1;
}

/* How the loop goes on after an action: keep going, stop the whole play
 * with a status, or a stage was shown (for the `.` key). */
enum flow { FLOW_ON, FLOW_SHOWN, FLOW_STOP };

/* Ask the driver for the next piece and act on it; *status is set when the
 * run must stop (an expect failed or the engine could not run). */
static enum flow advance(struct player *p, int *status)
{
    struct demo_action a;

    switch (demo_run_next(p->run, &a)) {
    case DEMO_DO_START:
    case DEMO_DO_STAGE:
    case DEMO_DO_BACK:
        release(p);
        memset(p->scroll, 0, sizeof p->scroll);
        p->dirty |= TUI_DIRTY_ALL & ~TUI_DIRTY_SCREEN;
        return a.what == DEMO_DO_START ? FLOW_ON : FLOW_SHOWN;
    case DEMO_DO_CAPTION:
        snprintf(p->caption, sizeof p->caption, "%s", a.text ? a.text : "");
        p->dirty |= TUI_DIRTY_KEY_HELP;
        return FLOW_ON;
    case DEMO_DO_PAUSE:
        if (p->play.loop || p->cast != NULL) {   /* nobody is there to press a key */
            p->wake_ms = now_ms(p) + PLAY_LOOP_REST_MS * 1000LL / (long long)p->play.speed;
            return FLOW_ON;
        }
        p->at_pause = true;
        p->dirty |= TUI_DIRTY_KEY_HELP;
        return FLOW_ON;
    case DEMO_DO_SLEEP:
        p->wake_ms = now_ms(p) + (long long)a.ms * 1000 / (long long)p->play.speed;
        return FLOW_ON;
    case DEMO_DO_MARK:
        return FLOW_ON;
    case DEMO_DO_RESULT:
        p->dirty |= TUI_DIRTY_ALL & ~TUI_DIRTY_SCREEN;
        return FLOW_SHOWN;
    case DEMO_DO_FAILED:
        *status = EXIT_CHECK_FAILED;
        return FLOW_STOP;
    case DEMO_DO_ERROR:
        *status = EXIT_USAGE;
        return FLOW_STOP;
    case DEMO_DO_END:
        p->ended = true;
        p->dirty |= TUI_DIRTY_KEY_HELP;
        if (p->play.loop || p->cast != NULL)
            p->wake_ms = now_ms(p) + PLAY_LOOP_REST_MS * 1000LL / (long long)p->play.speed;
        return FLOW_SHOWN;
    }
    return FLOW_ON;
}

/* Whether the script may go on by itself now. */
static bool may_go_on(const struct player *p)
{
    return !p->paused && !p->at_pause && !p->ended && p->wake_ms == 0;
}

/* Run the script on until a stage is shown or the end, skipping waits. */
static enum flow step_once(struct player *p, int *status)
{
    if (p->held != NULL && engine_stage(p->held) + 1 < p->held_until) {
        /* still inside the script's move: one stage on, held */
        hold(p, engine_stage(p->held) + 1, p->held_until);
        return FLOW_SHOWN;
    }
    int from = p->held != NULL ? engine_stage(p->held) : -1;
    release(p);
    p->at_pause = false;
    p->wake_ms = 0;
    p->paused = true;
    while (!p->ended) {
        enum flow f = advance(p, status);
        const struct engine *e = demo_run_engine(p->run);
        /* from a held stage, on past the stages the script shows up to it */
        if (f == FLOW_STOP || (f == FLOW_SHOWN && (e == NULL || engine_stage(e) > from)))
            return f;
        p->at_pause = false;
        p->wake_ms = 0;
    }
    return FLOW_ON;
}

/* Change the speed by a factor of two up or down, within its bounds. */
static void change_speed(struct player *p, bool faster)
{
    unsigned long s = faster ? p->play.speed * 2 : p->play.speed / 2;

    if (s < PLAY_SPEED_MIN)
        s = PLAY_SPEED_MIN;
    if (s > PLAY_SPEED_MAX)
        s = PLAY_SPEED_MAX;
    p->play.speed = s;
    p->dirty |= TUI_DIRTY_KEY_HELP;
}

/* The marker after (direction 1) or before (-1) marker here (-1: the
 * start), in script order; before the first one, the start (0); -1 when
 * there is none after. */
static long mark_from(const struct demo_script *s, long here, int direction)
{
    if (direction > 0) {
        for (size_t k = (size_t)(here + 1); k < s->count; k++)
            if (s->cmds[k].op == DEMO_MARK)
                return (long)k;
        return -1;
    }
    long k = here > 0 ? demo_script_find_mark(s, (size_t)here, -1) : -1;
    return k >= 0 ? k : 0;
}

/* Jump to the marker after (direction 1) or before (-1) the current one,
 * in script order.  The section's own caption shows at once on landing. */
static enum flow jump_mark(struct player *p, int direction, int *status)
{
    long k = mark_from(p->script, current_mark(p->script, demo_run_position(p->run)), direction);

    if (k < 0)
        return FLOW_ON;
    if (jump_to(p, (size_t)k, p->paused) != 0) {
        *status = EXIT_USAGE;
        return FLOW_STOP;
    }
    while (demo_run_position(p->run) < p->script->count) {
        enum demo_op op = p->script->cmds[demo_run_position(p->run)].op;
        if ((op != DEMO_MARK && op != DEMO_CAPTION) || advance(p, status) == FLOW_STOP)
            break;
    }
    return *status != 0 ? FLOW_STOP : FLOW_ON;
}

/* Show the stage before the one on screen, whatever brought it there (a
 * step, a jump to a marker): go back move by move until the script shows
 * that stage or an earlier one, and hold there; a stage the script passes
 * inside one move ("step 2") is shown from an engine of its own. */
static enum flow step_back(struct player *p, size_t pos, int *status)
{
    const struct engine *e = p->held != NULL ? p->held : demo_run_engine(p->run);
    int target = (e != NULL ? engine_stage(e) : 0) - 1;
    int until = e != NULL ? engine_stage(e) : 0;
    long k = last_move_before(p->script, pos);

    if (target < 0)
        return FLOW_ON;
    if (p->held != NULL) {
        until = p->held_until;
        e = demo_run_engine(p->run);
        if (e != NULL && engine_stage(e) < target) {
            hold(p, target, until);   /* still inside the same move */
            return FLOW_ON;
        }
        release(p);
        if (e != NULL && engine_stage(e) == target) {
            p->paused = true;
            return FLOW_ON;
        }
    }
    while (k >= 0) {
        if (jump_to(p, (size_t)k, true) != 0) {
            *status = EXIT_USAGE;
            return FLOW_STOP;
        }
        e = demo_run_engine(p->run);
        if (e == NULL || engine_stage(e) <= target || k == 0)
            break;
        until = engine_stage(e);
        k = last_move_before(p->script, (size_t)k);
    }
    if (e != NULL && engine_stage(e) < target)
        hold(p, target, until);
    return FLOW_ON;
}

/* Act on one key (a tui_keys.h code); FLOW_STOP with *status when the
 * play is over. */
static enum flow play_key(struct player *p, int key, int *status)
{
    enum tui_action action = tui_keys_action(TUI_MODE_PLAY, key);
    size_t pos = demo_run_position(p->run);

    if (p->help_open && action != TUI_ACT_QUIT && action != TUI_ACT_RESIZE) {
        /* any other key closes the overlay, and the script goes on as before */
        p->help_open = false;
        p->paused = p->paused_before_help;
        p->dirty |= TUI_DIRTY_ALL;
        return FLOW_ON;
    }
    if (p->layout.too_small && action != TUI_ACT_QUIT && action != TUI_ACT_RESIZE)
        return FLOW_ON;   /* nothing acts unseen while the size notice is up */
    switch (action) {
    case TUI_ACT_QUIT:
        *status = 0;
        return FLOW_STOP;
    case TUI_ACT_RESIZE:
        play_relayout(p);
        return FLOW_ON;
    case TUI_ACT_HELP:
        p->help_open = true;
        p->paused_before_help = p->paused;
        p->paused = true;
        p->dirty |= TUI_DIRTY_HELP;
        return FLOW_ON;
    case TUI_ACT_STEP:
        return step_once(p, status);
    case TUI_ACT_PAUSE:
    case TUI_ACT_NEXT:
        if (p->ended && p->play.more && !p->play.loop) {
            *status = 0;
            p->next_script = true;
            return FLOW_STOP;
        }
        if (p->at_pause)
            p->at_pause = false;
        else if (action == TUI_ACT_PAUSE)
            p->paused = !p->paused;
        else
            return step_once(p, status);
        p->dirty |= TUI_DIRTY_KEY_HELP;
        return FLOW_ON;
    case TUI_ACT_STEP_BACK:
        return step_back(p, pos, status);
    case TUI_ACT_MARK_NEXT:
    case TUI_ACT_MARK_PREV:
        return jump_mark(p, action == TUI_ACT_MARK_NEXT ? 1 : -1, status);
    case TUI_ACT_FASTER:
    case TUI_ACT_SLOWER:
        change_speed(p, action == TUI_ACT_FASTER);
        return FLOW_ON;
    case TUI_ACT_SCROLL_UP:
    case TUI_ACT_SCROLL_DOWN:
        p->scroll[TUI_PANE_WIRE] += action == TUI_ACT_SCROLL_UP ? -1 : 1;
        p->dirty |= TUI_DIRTY_PANE(TUI_PANE_WIRE);
        return FLOW_ON;
    default:
        return FLOW_ON;
    }
}

/* The loop: go on with the script while nothing holds it, else wait for a
 * key or the end of a sleep; returns the exit status. */
static int play_loop(struct player *p)
{
    int status = 0;

    for (;;) {
        if (tui_screen_signal() != 0)
            return 128 + tui_screen_signal();
        if (p->wake_ms != 0 && now_ms(p) >= p->wake_ms) {
            p->wake_ms = 0;
            if (p->ended && p->cast != NULL)
                return 0;
            if (p->ended && p->play.loop && jump_to(p, 0, false) != 0)
                return EXIT_USAGE;
        }
        play_render(p);
        if (p->cast != NULL) {
            /* recording: no keys, and waits pass on the virtual clock */
            if (may_go_on(p)) {
                if (advance(p, &status) == FLOW_STOP)
                    return status;
            } else if (p->wake_ms != 0) {
                p->clock_ms = p->wake_ms;
            } else {
                return status;
            }
            continue;
        }
        if (may_go_on(p)) {
            wtimeout(stdscr, 0);
        } else {
            long long left = p->wake_ms != 0 ? p->wake_ms - now_ms(p) : PLAY_POLL_MS;
            wtimeout(stdscr, left < 0 ? 0 : left > PLAY_POLL_MS ? PLAY_POLL_MS : (int)left);
        }
        int key = wgetch(stdscr);
        if (key != ERR) {
            if (play_key(p, tui_screen_key(key), &status) == FLOW_STOP)
                return status;
            continue;
        }
        if (may_go_on(p) && advance(p, &status) == FLOW_STOP)
            return status;
    }
}

int tui_play(const struct demo_script *s, demo_text_fn text, void *text_ctx,
             const struct tui_play_settings *play, const struct tui_settings *settings,
             bool *quit)
{
    struct player p;
    SCREEN *screen;
    int status;

    memset(&p, 0, sizeof p);
    p.script = s;
    p.play = *play;
    p.run = demo_run_new(s, text, text_ctx);
    if (p.run == NULL) {
        fputs("tlssim play: out of memory\n", stderr);
        return EXIT_USAGE;
    }
    p.cast = play->cast;
    if (p.cast != NULL) {
        /* the recording's terminal: a file of what curses writes, no keys */
        p.screen_file = tmpfile();
        p.no_keys = fopen("/dev/null", "r");
        setenv("LINES", "24", 1);
        setenv("COLUMNS", "80", 1);
        screen = p.screen_file && p.no_keys
                     ? tui_screen_open_on(TUI_CAST_TERM, p.screen_file, p.no_keys, "cannot record")
                     : NULL;
        if (screen != NULL)
            tui_cast_header(p.cast, COLS, LINES, TUI_CAST_TERM,
                            strrchr(s->file, '/') ? strrchr(s->file, '/') + 1 : s->file);
    } else {
        screen = tui_screen_open("try --headless");
    }
    if (screen == NULL) {
        if (p.screen_file != NULL)
            fclose(p.screen_file);
        if (p.no_keys != NULL)
            fclose(p.no_keys);
        demo_run_free(p.run);
        return EXIT_USAGE;
    }
    tui_theme_setup(&p.theme, settings->theme, settings->force_ascii);
    wbkgd(stdscr, (chtype)' ' | p.theme.attr[TUI_ROLE_NORMAL]);
    p.view.theme = &p.theme;
    p.view.glyphs = p.theme.glyphs;
    fill_docs(&p);
    play_relayout(&p);
    status = play_loop(&p);
    release(&p);
    tui_windows_destroy(&p.windows);
    tui_screen_close(screen);
    if (p.cast != NULL) {
        cast_flush(&p);
        fclose(p.screen_file);
        fclose(p.no_keys);
    }
    if (status == EXIT_CHECK_FAILED || status == EXIT_USAGE)
        demo_run_print_problem(p.run, stderr);
    *quit = status == 0 && !p.next_script;
    demo_run_free(p.run);
    return status;
}
