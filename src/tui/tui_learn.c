/*
 * tui_learn.c - the tutorial on the walkthrough's screen: a guide that
 * writes the narration pane and reads the lesson's keys first.
 *
 * Keys mean what they mean in the walkthrough wherever they can: next and
 * back move through the lesson's steps, or through the simulator's stages
 * while a checkpoint waits for the student to get somewhere.  A quiz takes
 * a-d or 1-4, then Enter.  The what-if keys (t, m, k, ...) stay the
 * walkthrough's; the guide only hears what they did.
 */
#include "config.h"

#include "tui/tui_learn.h"

#include "course/lesson_check.h"
#include "tui/tui_content.h"
#include "tui/tui_curses.h"
#include "tui/tui_draw.h"
#include "tui/tui_text.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define STATUS_MAX 320

/* What the last answer to the step's quiz was. */
enum feedback {
    FEEDBACK_NONE,
    FEEDBACK_WRONG,
    FEEDBACK_RIGHT,
};

/* The guide's state: the lesson, and what the student did at this step. */
struct learn {
    struct tui_lesson *lesson;
    struct tutor *tutor;
    struct tui *ui;
    const struct tui_glyphs *glyphs;
    int picked;                    /* the answer chosen, or -1 */
    int answered;                  /* the answer the feedback is about */
    enum feedback feedback;
    bool own_narration;            /* n: the simulator's narration instead */
    bool notice_shown;             /* the notice goes once the student moves on */
    char title[160];
    char status[STATUS_MAX];       /* a note on what just happened, or "" */
};

/* The pane a point draws the eye to, in words. */
static const char *pane_words(enum lesson_pane pane)
{
    static const char *const words[] = {
        [LESSON_PANE_CLIENT] = "the client's pane", [LESSON_PANE_SERVER] = "the server's pane",
        [LESSON_PANE_CA] = "the CA's pane", [LESSON_PANE_EVE] = "Eve's list (wire pane)",
        [LESSON_PANE_WIRE] = "the wire",
    };
    return (size_t)pane < sizeof words / sizeof words[0] ? words[pane] : "?";
}

static bool is_enter_key(int key)
{
    return key == '\n' || key == '\r' || key == KEY_ENTER;
}

/* The answer a key picks (0-based), or -1 when it picks none. */
static int answer_for(int key)
{
    if (key >= 'a' && key <= 'd')
        return key - 'a';
    if (key >= 'A' && key <= 'D')
        return key - 'A';
    if (key >= '1' && key <= '4')
        return key - '1';
    return -1;
}

/* True while the step waits for the student to step the simulator on: the
 * next and back keys then move the simulator, not the lesson. */
static bool stepping(const struct learn *g)
{
    const struct lesson_step *s = tutor_step(g->tutor);

    return s != NULL && s->await == LESSON_AWAIT_STAGE && tutor_waiting(g->tutor);
}

/* True while the step's quiz is what the student is to do now. */
static bool quiz_active(const struct learn *g)
{
    return !tutor_waiting(g->tutor) && tutor_quiz_pending(g->tutor);
}

/* Put a note under the step. */
__attribute__((format(printf, 2, 3))) static void set_status(struct learn *g, const char *fmt,
                                                             ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(g->status, sizeof g->status, fmt, ap);
    va_end(ap);
}

/* Show the tutor's current step: its options and stage in the simulator,
 * its text and points; the end of the lesson when there is no step. */
static void enter_step(struct learn *g)
{
    const struct lesson *l = g->tutor->lesson;
    const struct lesson_step *s = tutor_step(g->tutor);
    struct sim_options o;
    char err[ENGINE_ERR_MAX > SIM_OPTION_ERR_MAX ? ENGINE_ERR_MAX : SIM_OPTION_ERR_MAX];

    g->picked = -1;
    g->feedback = FEEDBACK_NONE;
    g->status[0] = '\0';
    if (s == NULL) {
        snprintf(g->title, sizeof g->title, "%s %s the end", g->lesson->heading,
                 g->glyphs->dash);
        tui_set_step(g->ui, g->title, NULL, 0);
        return;
    }
    snprintf(g->title, sizeof g->title, "Step %zu of %zu %s %s", g->tutor->step + 1,
             l->step_count, g->glyphs->dash, g->lesson->heading);
    int stage = s->stage;
    if (stage < 0) {
        stage = lesson_check_stage(l, g->tutor->step);
        if (engine_stage(tui_engine(g->ui)) > stage)
            stage = engine_stage(tui_engine(g->ui));
    }
    if (tutor_options(g->tutor, &o, err, sizeof err) != 0 ||
        tui_show(g->ui, &o, stage, err, sizeof err) != 0)
        set_status(g, "The simulator cannot show this step: %s.", err);
    if (s->await == LESSON_AWAIT_FILES && !g->tutor->await_met) {
        tutor_skip_await(g->tutor);
        set_status(g, "The tutorial cannot watch files being written, so this checkpoint is "
                      "passed: run 'tlssim files DIR' in another terminal to write them.");
    }
    if (s->await == LESSON_AWAIT_STAGE)
        tutor_notify(g->tutor, LESSON_AWAIT_STAGE, engine_stage(tui_engine(g->ui)));
    tui_set_step(g->ui, g->title, s->points, s->point_count);
}

/* Save the student's place, keeping the reason when it cannot be saved. */
static void save_place(struct learn *g)
{
    char err[TUI_LEARN_ERR_MAX];

    if (g->lesson->save(g->lesson->save_ctx, err, sizeof err) == 0)
        return;
    snprintf(g->lesson->save_error, sizeof g->lesson->save_error, "%s", err);
    set_status(g, "Your progress was not saved: %s", err);
}

/* What the checkpoint asks for, with the keys that do it. */
static void checkpoint_text(const struct learn *g, const struct lesson_step *s, char *buf,
                            size_t n)
{
    static const char *const todo[] = {
        [LESSON_AWAIT_NONE] = "",
        [LESSON_AWAIT_TAMPER] = "press t to have Mallory change a byte of this stage's message.",
        [LESSON_AWAIT_MITM] = "press m to put Mallory in the middle.",
        [LESSON_AWAIT_LEAK_KEY] = "press k to leak the server's private key to Eve.",
        [LESSON_AWAIT_FILES] = "write out the key, CSR and certificate files.",
    };

    if (s->await == LESSON_AWAIT_STAGE)
        snprintf(buf, n, "step the simulator on to stage %d with %s or Space (or a digit).",
                 s->await_stage, g->glyphs->key_right);
    else
        snprintf(buf, n, "%s", todo[s->await]);
}

/* The quiz: the question, the answers (the picked one marked), and the
 * why of the last answer. */
static void quiz_lines(const struct learn *g, struct tui_lines *out, const struct lesson_quiz *q)
{
    bool solved = !tutor_quiz_pending(g->tutor);
    char label[16];

    tui_lines_blank(out);
    tui_lines_wrap(out, TUI_ROLE_HEADING, "Quiz: ", TUI_ROLE_NORMAL, 6, q->question);
    for (size_t i = 0; i < q->choice_count; i++) {
        bool right = solved && i == q->correct;
        snprintf(label, sizeof label, " %s%c) ", right ? g->glyphs->pass : " ", (char)('a' + i));
        enum tui_role role = right                    ? TUI_ROLE_PASS
                             : (int)i == g->picked && !solved ? TUI_ROLE_HIGHLIGHT
                                                       : TUI_ROLE_NORMAL;
        tui_lines_wrap(out, right ? TUI_ROLE_PASS : TUI_ROLE_KEY, label, role, 5,
                       q->choices[i].text);
    }
    if (g->feedback == FEEDBACK_WRONG) {
        tui_lines_blank(out);
        tui_lines_wrap(out, TUI_ROLE_FAIL, "Not quite. ", TUI_ROLE_NORMAL, 0,
                       q->choices[g->answered].why);
        tui_lines_add(out, TUI_ROLE_DIM, "Try again.");
    } else if (g->feedback == FEEDBACK_RIGHT) {
        tui_lines_blank(out);
        const char *why = q->choices[g->answered].why;
        tui_lines_wrap(out, TUI_ROLE_PASS, "Right. ", TUI_ROLE_NORMAL, 0, why ? why : "");
    }
}

/* What the student can do next, in one line. */
static void next_line(const struct learn *g, struct tui_lines *out)
{
    const char *next;

    if (tutor_waiting(g->tutor))
        next = "Waiting for the checkpoint.";
    else if (tutor_quiz_pending(g->tutor))
        next = g->picked < 0 ? "Answer with a letter (a-d) or a number (1-4), then Enter."
                             : "Enter answers; another letter picks again.";
    else if (g->tutor->step + 1 == g->tutor->lesson->step_count)
        next = "Next: the end of the lesson.";
    else
        next = "Next step: Right, Space or Enter.  Back: Left.";
    tui_lines_blank(out);
    tui_lines_add(out, TUI_ROLE_DIM, next);
}

/* The end of the lesson: the score, and how to leave. */
static void end_lines(const struct learn *g, struct tui_lines *out)
{
    const struct progress_entry *e = g->tutor->entry;
    char line[160];

    tui_lines_wrap(out, TUI_ROLE_NORMAL, "", TUI_ROLE_NORMAL, 0,
                   "That is the end of this lesson. Your place is saved.");
    if (e->answered > 0) {
        snprintf(line, sizeof line, "Quizzes right at the first try: %u of %u.", e->correct,
                 e->answered);
        tui_lines_add(out, TUI_ROLE_PASS, line);
    }
    tui_lines_blank(out);
    tui_lines_add(out, TUI_ROLE_DIM, "Right, Space, Enter or q: leave.  Left: look back.");
}

/* The narration pane: the step (or, after n, the simulator's own). */
static bool lesson_text(void *ctx, struct tui_lines *out, const struct tui_view *v)
{
    struct learn *g = ctx;
    const struct lesson_step *s = tutor_step(g->tutor);
    char line[256];

    if (g->own_narration)
        return false;
    if (g->lesson->notice != NULL && !g->notice_shown) {
        tui_lines_wrap(out, TUI_ROLE_FAIL, "", TUI_ROLE_FAIL, 0, g->lesson->notice);
        tui_lines_blank(out);
    }
    if (s == NULL) {
        end_lines(g, out);
        goto status;
    }
    for (size_t i = 0; i < s->text_count; i++) {
        if (i > 0)
            tui_lines_blank(out);
        if (s->texts[i].kind == LESSON_TEXT_PARAGRAPH) {
            tui_lines_wrap(out, TUI_ROLE_NORMAL, "", TUI_ROLE_NORMAL, 0, s->texts[i].text);
            continue;
        }
        for (const char *p = s->texts[i].text;; p++) {
            size_t len = strcspn(p, "\n");
            snprintf(line, sizeof line, "    %.*s", (int)len, p);
            tui_lines_add(out, TUI_ROLE_HEX, line);
            p += len;
            if (*p == '\0')
                break;
        }
    }
    if (s->point_count > 0)
        tui_lines_blank(out);
    for (size_t i = 0; i < s->point_count; i++) {
        const struct lesson_point *pt = &s->points[i];
        bool shown = lesson_check_find(v->engine, pt->pane, pt->what, NULL, NULL);
        snprintf(line, sizeof line, "%s Look at %s: ", g->glyphs->arrow_right,
                 pane_words(pt->pane));
        tui_lines_add(out, TUI_ROLE_NORMAL, line);
        tui_lines_append(out, shown ? TUI_ROLE_HIGHLIGHT : TUI_ROLE_DIM, pt->what);
        if (!shown)
            tui_lines_append(out, TUI_ROLE_DIM, " (not on screen at this stage)");
    }
    if (s->await != LESSON_AWAIT_NONE && !tutor_reviewing(g->tutor)) {
        char what[160];
        checkpoint_text(g, s, what, sizeof what);
        tui_lines_blank(out);
        if (tutor_waiting(g->tutor)) {
            snprintf(line, sizeof line, " Now %s", what);
            tui_lines_wrap(out, TUI_ROLE_BADGE, " Checkpoint ", TUI_ROLE_NORMAL, 2, line);
        } else {
            snprintf(line, sizeof line, "%s Checkpoint done.", g->glyphs->pass);
            tui_lines_add(out, TUI_ROLE_PASS, line);
        }
    }
    if (s->quiz.question != NULL && !tutor_waiting(g->tutor))
        quiz_lines(g, out, &s->quiz);
    next_line(g, out);
status:
    if (g->status[0] != '\0') {
        tui_lines_blank(out);
        tui_lines_wrap(out, TUI_ROLE_KEY, "", TUI_ROLE_KEY, 0, g->status);
    }
    return true;
}

/* Tell the tutor what the student did; when it met the checkpoint, say so
 * after the note already there. */
static void notify(struct learn *g, enum lesson_await what, int stage)
{
    char before[STATUS_MAX];

    if (!tutor_notify(g->tutor, what, stage))
        return;
    const struct lesson_step *s = tutor_step(g->tutor);
    snprintf(before, sizeof before, "%s", g->status);
    set_status(g, "%s%sCheckpoint done. %s", before, before[0] ? " " : "",
               s->quiz.question != NULL ? "Now the quiz above." : "Right or Enter: next step.");
}

/* The walkthrough's keys moved the simulator. */
static void moved(void *ctx, struct tui *ui, int stage)
{
    struct learn *g = ctx;

    g->status[0] = '\0';
    notify(g, LESSON_AWAIT_STAGE, stage);
    tui_refresh(ui, g->status[0] != '\0');
}

/* The walkthrough's what-if key w rebuilt the run with opts: tell the
 * tutor when that meets a checkpoint. */
static void whatif(void *ctx, struct tui *ui, enum tui_whatif w, const struct sim_options *opts)
{
    struct learn *g = ctx;
    int stage = engine_stage(tui_engine(ui));

    g->status[0] = '\0';
    if (w == TUI_WHATIF_TAMPER && opts->tamper_stage != 0) {
        set_status(g, "Mallory changes the message of stage %d on its way. Step on to see who "
                      "notices.", opts->tamper_stage);
        notify(g, LESSON_AWAIT_TAMPER, stage);
    } else if (w == TUI_WHATIF_MITM && opts->mitm) {
        notify(g, LESSON_AWAIT_MITM, stage);
    } else if (w == TUI_WHATIF_LEAK_KEY && opts->leak_key) {
        set_status(g, "The server's private key will leak to Eve after the session: see "
                      "stage 8 (k again undoes it).");
        notify(g, LESSON_AWAIT_LEAK_KEY, stage);
    }
    tui_refresh(ui, g->status[0] != '\0');
}

/* Answer the quiz with the picked choice. */
static void answer(struct learn *g)
{
    if (g->picked < 0) {
        set_status(g, "Pick an answer first: a letter (a-d) or a number (1-4).");
        return;
    }
    g->answered = g->picked;
    g->feedback = tutor_answer(g->tutor, (size_t)g->picked) ? FEEDBACK_RIGHT : FEEDBACK_WRONG;
    if (g->feedback == FEEDBACK_WRONG)
        g->picked = -1;
    g->status[0] = '\0';
}

/* Move on to the next step, saving the place (a failure to is the one
 * note that stays); past the last, the end. */
static void advance(struct learn *g)
{
    if (!tutor_advance(g->tutor))
        return;
    g->notice_shown = true;
    g->status[0] = '\0';
    save_place(g);
    char kept[STATUS_MAX];
    snprintf(kept, sizeof kept, "%s", g->status);
    enter_step(g);
    if (kept[0] != '\0')
        snprintf(g->status, sizeof g->status, "%s", kept);
}

/* Every key the lesson takes before the walkthrough does. */
static enum tui_guide_key key(void *ctx, struct tui *ui, int k)
{
    struct learn *g = ctx;
    bool to_end = false;

    if (tutor_step(g->tutor) == NULL) {
        if (tui_key_is_next(k))
            return TUI_KEY_QUIT;
        if (!tui_key_is_back(k))
            return TUI_KEY_PASS;
        tutor_back(g->tutor);
        enter_step(g);
        tui_refresh(ui, false);
        return TUI_KEY_TAKEN;
    }
    if (quiz_active(g) && answer_for(k) >= 0) {
        const struct lesson_quiz *q = &tutor_step(g->tutor)->quiz;
        if ((size_t)answer_for(k) < q->choice_count) {
            g->picked = answer_for(k);
            g->status[0] = '\0';
        } else {
            set_status(g, "This quiz has answers a to %c.", (char)('a' + q->choice_count - 1));
        }
        to_end = true;
    } else if (quiz_active(g) && is_enter_key(k)) {
        answer(g);
        to_end = true;
    } else if (tui_key_is_next(k) || tui_key_is_back(k)) {
        if (stepping(g))
            return TUI_KEY_PASS;
        if (tui_key_is_back(k)) {
            if (!tutor_back(g->tutor)) {
                set_status(g, "This is the first step.");
            } else {
                enter_step(g);
                set_status(g, "You finished this step before; Right goes on.");
            }
        } else if (tutor_waiting(g->tutor)) {
            char what[160];
            checkpoint_text(g, tutor_step(g->tutor), what, sizeof what);
            set_status(g, "The checkpoint waits: %s", what);
            to_end = true;
        } else if (tutor_quiz_pending(g->tutor)) {
            set_status(g, "Answer the quiz first: a letter (a-d) or a number (1-4), then Enter.");
            to_end = true;
        } else {
            advance(g);
        }
    } else if (k == 'n') {
        g->own_narration = !g->own_narration;
        tui_set_guide_text(ui, !g->own_narration);
    } else {
        return TUI_KEY_PASS;
    }
    tui_refresh(ui, to_end);
    return TUI_KEY_TAKEN;
}

/* The keys that work now, for the help line and the help overlay. */
static size_t keys(void *ctx, struct tui_key_doc *docs, size_t max)
{
    const struct learn *g = ctx;
    const struct tui_glyphs *gl = g->glyphs;
    const char *next_what = "next step of the lesson", *back_what = "previous step";
    size_t n = 0;

    if (stepping(g)) {
        next_what = "the simulator's next stage";
        back_what = "the simulator's previous stage";
    }
    if (tutor_step(g->tutor) != NULL && quiz_active(g)) {
        docs[n++] = (struct tui_key_doc){"a b c d  1 2 3 4", "pick an answer", "a-d", "pick"};
        docs[n++] = (struct tui_key_doc){"Enter", "answer", "Enter", "answer"};
    } else {
        docs[n++] = (struct tui_key_doc){"Right Space l Enter PgDn", next_what, gl->key_right,
                                         "next"};
        docs[n++] = (struct tui_key_doc){"Left h Backspace PgUp", back_what, gl->key_left,
                                         "back"};
    }
    const struct tui_key_doc rest[] = {
        {"1 2 ... 8", "show that stage (1-4 answer a quiz)", NULL, NULL},
        {"t", "what if: tamper with this message", NULL, NULL},
        {"m", "what if: a man in the middle", NULL, NULL},
        {"k", "what if: the server key leaks later", NULL, NULL},
        {"n", "the simulator's narration, or the lesson", "n", "narration"},
        {"e", "ephemeral (TLS 1.2 ECDHE) / transport", NULL, NULL},
        {"o", "after n: the forward secrecy comparison", NULL, NULL},
        {"c", "cycle the certificate scenario", NULL, NULL},
        {"d  f", "downgrade / Finished messages on or off", NULL, NULL},
        {"p", "application-layer AES payload on or off", NULL, NULL},
        {"Tab  Shift-Tab", "focus the next / previous pane", NULL, NULL},
        {"Up Down", "scroll the focused pane", gl->key_updown, "scroll"},
        {"x", "wire fields as hex or decoded", NULL, NULL},
        {"v", "long values: shortened or in full", NULL, NULL},
        {"i", "explain the certificate of stage 3", NULL, NULL},
        {"?", "this help", "?", "help"},
        {"q  Ctrl-C", "save your place and quit", "q", "quit"},
    };
    for (size_t i = 0; i < sizeof rest / sizeof rest[0] && n < max; i++)
        docs[n++] = rest[i];
    return n;
}

/* The screen is up: show the student's step. */
static void start(void *ctx, struct tui *ui)
{
    struct learn *g = ctx;

    g->ui = ui;
    g->glyphs = tui_glyphs(ui);
    enter_step(g);
}

int tui_learn_run(struct tui_lesson *l, const struct tui_settings *settings)
{
    struct learn g = {.lesson = l, .tutor = l->tutor, .picked = -1};
    struct tui_guide guide = {
        .ctx = &g, .start = start, .key = key, .moved = moved,
        .whatif = whatif, .keys = keys, .text = lesson_text,
    };
    struct sim_options o;
    char err[SIM_OPTION_ERR_MAX];

    if (tutor_options(l->tutor, &o, err, sizeof err) != 0)
        sim_options_default(&o);
    return tui_run_guided(&o, settings, &guide);
}
