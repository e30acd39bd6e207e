/*
 * tui_learn.c - the tutorial on the walkthrough's screen: a guide that
 * writes the narration pane and reads the lesson's keys first.
 *
 * Keys come from the one key table (tui_keys.h), in the tutorial's modes:
 * next and back page through the step first, then move through the
 * lesson's steps, or through the simulator's stages while a checkpoint
 * waits for the student to get somewhere.  While a quiz waits, its letters
 * (or numbers) pick and Enter answers, once the question and every answer
 * are on screen; the what-if keys are off then.  Otherwise the what-if
 * keys (t, m, s, ...) stay the walkthrough's; the guide only hears what
 * they did.
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
    int quiz_first, quiz_last;     /* the quiz's lines in the pane, or -1 */
    char pick_keys[32];            /* the quiz's own letters and numbers ... */
    char pick_short[8];            /* ... and their range, "a-c" */
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

/* The answer a key of TUI_ACT_PICK picks (0-based). */
static int answer_for(int key)
{
    if (key >= 'a' && key <= 'd')
        return key - 'a';
    if (key >= 'A' && key <= 'D')
        return key - 'A';
    return key - '1';
}

/* The last letter and number of the step's quiz, e.g. 'c' and '3'. */
static void quiz_range(const struct learn *g, char *letter, char *digit)
{
    const struct lesson_step *s = tutor_step(g->tutor);
    size_t n = s != NULL && s->quiz.choice_count > 0 ? s->quiz.choice_count : 1;

    *letter = (char)('a' + n - 1);
    *digit = (char)('1' + n - 1);
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
    static const struct {
        enum tui_action key;   /* the what-if that meets it, named from the key table */
        const char *what;
    } todo[] = {
        [LESSON_AWAIT_NONE] = {TUI_ACT_NONE, ""},
        [LESSON_AWAIT_TAMPER] = {TUI_ACT_TAMPER,
                                 "have Mallory change a byte of this stage's message."},
        [LESSON_AWAIT_MITM] = {TUI_ACT_MITM, "put Mallory in the middle."},
        [LESSON_AWAIT_LEAK_KEY] = {TUI_ACT_LEAK_KEY, "leak the server's private key to Eve."},
        [LESSON_AWAIT_FILES] = {TUI_ACT_NONE, "write out the key, CSR and certificate files."},
    };
    char key[16];

    if (s->await == LESSON_AWAIT_STAGE) {
        snprintf(buf, n, "step the simulator on to stage %d with %s or Space (or a digit).",
                 s->await_stage, g->glyphs->key_right);
    } else if (todo[s->await].key == TUI_ACT_NONE) {
        snprintf(buf, n, "%s", todo[s->await].what);
    } else {
        tui_keys_name(tui_keys_first(TUI_MODE_LESSON, todo[s->await].key), key, sizeof key);
        snprintf(buf, n, "press %s to %s", key, todo[s->await].what);
    }
}

/* The quiz: the question, the answers (the picked one marked), and the
 * why of the last answer. */
static void quiz_lines(struct learn *g, struct tui_lines *out, const struct lesson_quiz *q)
{
    bool solved = !tutor_quiz_pending(g->tutor);
    char label[16];

    tui_lines_blank(out);
    g->quiz_first = (int)out->count;
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
    g->quiz_last = (int)out->count - 1;
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
    char pick[96], letter, digit;

    quiz_range(g, &letter, &digit);
    snprintf(pick, sizeof pick, "Answer with a letter (a-%c) or a number (1-%c), then Enter.",
             letter, digit);
    if (tutor_waiting(g->tutor))
        next = "Waiting for the checkpoint.";
    else if (tutor_quiz_pending(g->tutor))
        next = g->picked < 0 ? pick : "Enter answers; another letter picks again.";
    else if (g->tutor->step + 1 == g->tutor->lesson->step_count)
        next = "Next: the end of the lesson.";
    else
        next = "Next step: Right, Space or Enter.  Back: Left.";
    tui_lines_blank(out);
    tui_lines_add(out, TUI_ROLE_DIM, next);
    if (tutor_step(g->tutor) != NULL && tutor_step(g->tutor)->hint != NULL)
        tui_lines_add(out, TUI_ROLE_DIM, "Stuck? ? shows a hint.");
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

    g->quiz_first = g->quiz_last = -1;
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
            snprintf(line, sizeof line, "%.*s", (int)len, p);
            tui_lines_code(out, TUI_ROLE_HEX, 4, line);
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
                      "stage 8 (s again undoes it).");
        notify(g, LESSON_AWAIT_LEAK_KEY, stage);
    }
    tui_refresh(ui, g->status[0] != '\0');
}

/* Answer the quiz with the picked choice. */
static void answer(struct learn *g)
{
    char letter, digit;

    quiz_range(g, &letter, &digit);
    if (g->picked < 0) {
        set_status(g, "Pick an answer first: a letter (a-%c) or a number (1-%c).", letter,
                   digit);
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

/* Whether the quiz's question and every answer are on screen. */
static bool quiz_on_screen(const struct learn *g, const struct tui *ui)
{
    struct tui_scroll st;

    tui_narration_window(ui, &st);
    if (g->quiz_first < 0)
        return true;
    bool fits = g->quiz_last - g->quiz_first < st.rows;
    return (st.first <= g->quiz_first || !fits) && g->quiz_last < st.first + st.rows &&
           g->quiz_last >= st.first;
}

/* Scroll the narration so that the whole quiz shows, with the text just
 * above it where there is room. */
static void show_quiz(struct learn *g, struct tui *ui)
{
    struct tui_scroll st;

    tui_narration_window(ui, &st);
    int first = g->quiz_last - st.rows + 1;
    if (first > g->quiz_first)
        first = g->quiz_first;
    tui_narration_scroll_to(ui, first < 0 ? 0 : first);
}

/* Show the next page of the step, stopping where the quiz would be cut;
 * false when the step is on screen to its end. */
static bool page_down(struct learn *g, struct tui *ui)
{
    struct tui_scroll st;

    tui_narration_window(ui, &st);
    if (st.first >= st.max)
        return false;
    int next = st.first + st.rows;
    if (g->quiz_first > st.first && !quiz_on_screen(g, ui) &&
        (g->quiz_first < next || g->quiz_last >= next + st.rows) &&
        g->quiz_first < next + st.rows)
        next = g->quiz_first;
    tui_narration_scroll_to(ui, next > st.max ? st.max : next);
    return true;
}

/* Show the page before; false at the top of the step. */
static bool page_up(struct tui *ui)
{
    struct tui_scroll st;

    tui_narration_window(ui, &st);
    if (st.first <= 0)
        return false;
    tui_narration_scroll_to(ui, st.first > st.rows ? st.first - st.rows : 0);
    return true;
}

/* A key that picks or answers at the quiz: refused, with the quiz
 * brought on screen, until the question and every answer have been. */
static void quiz_key(struct learn *g, struct tui *ui, int k, enum tui_action action)
{
    const struct lesson_quiz *q = &tutor_step(g->tutor)->quiz;
    char letter, digit;

    quiz_range(g, &letter, &digit);
    if (!quiz_on_screen(g, ui)) {
        show_quiz(g, ui);
        tui_note(ui, "Read the question and every answer first: here they are.");
        return;
    }
    if (action == TUI_ACT_ANSWER) {
        answer(g);
        tui_refresh(ui, true);
        return;
    }
    if ((size_t)answer_for(k) < q->choice_count) {
        g->picked = answer_for(k);
        g->status[0] = '\0';
    } else {
        char note[64];
        snprintf(note, sizeof note, "This quiz has answers a to %c (or 1 to %c).", letter,
                 digit);
        tui_note(ui, note);
    }
    tui_refresh(ui, false);
}

/* Next: the rest of the step first, then on (or the checkpoint's wait). */
static enum tui_guide_key next_key(struct learn *g, struct tui *ui)
{
    char letter, digit;

    if (page_down(g, ui))
        return TUI_KEY_TAKEN;
    if (stepping(g))
        return TUI_KEY_PASS;
    quiz_range(g, &letter, &digit);
    if (tutor_waiting(g->tutor)) {
        char what[160];
        checkpoint_text(g, tutor_step(g->tutor), what, sizeof what);
        set_status(g, "The checkpoint waits: %s", what);
    } else if (tutor_quiz_pending(g->tutor)) {
        set_status(g, "Answer the quiz first: a letter (a-%c) or a number (1-%c), then Enter.",
                   letter, digit);
    } else {
        advance(g);
        tui_refresh(ui, false);
        return TUI_KEY_TAKEN;
    }
    tui_refresh(ui, true);
    return TUI_KEY_TAKEN;
}

/* Back: the page before, then the step before. */
static enum tui_guide_key back_key(struct learn *g, struct tui *ui)
{
    if (page_up(ui))
        return TUI_KEY_TAKEN;
    if (stepping(g))
        return TUI_KEY_PASS;
    if (!tutor_back(g->tutor)) {
        set_status(g, "This is the first step.");
    } else {
        enter_step(g);
        set_status(g, "You finished this step before; Right goes on.");
    }
    tui_refresh(ui, false);
    return TUI_KEY_TAKEN;
}

/* Every key the lesson takes before the walkthrough does. */
static enum tui_guide_key key(void *ctx, struct tui *ui, int k, enum tui_action action)
{
    struct learn *g = ctx;

    if (tutor_step(g->tutor) == NULL) {
        if (action == TUI_ACT_NEXT)
            return TUI_KEY_QUIT;
        if (action != TUI_ACT_BACK)
            return TUI_KEY_PASS;
        tutor_back(g->tutor);
        enter_step(g);
        tui_refresh(ui, false);
        return TUI_KEY_TAKEN;
    }
    switch (action) {
    case TUI_ACT_PICK:
    case TUI_ACT_ANSWER:
        quiz_key(g, ui, k, action);
        return TUI_KEY_TAKEN;
    case TUI_ACT_NEXT:
        return next_key(g, ui);
    case TUI_ACT_BACK:
        return back_key(g, ui);
    case TUI_ACT_NARRATION:
        g->own_narration = !g->own_narration;
        tui_set_guide_text(ui, !g->own_narration);
        tui_refresh(ui, false);
        return TUI_KEY_TAKEN;
    default:
        return TUI_KEY_PASS;
    }
}

/* The keys that hold now: a quiz's, or a step's. */
static unsigned mode(void *ctx)
{
    const struct learn *g = ctx;

    return tutor_step(g->tutor) != NULL && quiz_active(g) ? TUI_MODE_QUIZ : TUI_MODE_LESSON;
}

/* The keys of the mode, for the help line and the help overlay, with the
 * quiz's own range of answers. */
static size_t keys(void *ctx, struct tui_key_doc *docs, size_t max)
{
    struct learn *g = ctx;
    size_t n = tui_keys_docs(mode(ctx), g->glyphs, docs, max);
    char letter, digit;

    quiz_range(g, &letter, &digit);
    snprintf(g->pick_short, sizeof g->pick_short, "a-%c", letter);
    snprintf(g->pick_keys, sizeof g->pick_keys, "a-%c  1-%c", letter, digit);
    for (size_t i = 0; i < n; i++) {
        if (docs[i].short_what != NULL && strcmp(docs[i].short_what, "pick") == 0) {
            docs[i].keys = g->pick_keys;
            docs[i].short_key = g->pick_short;
        }
    }
    return n;
}

/* The step's hint for the help overlay, or NULL. */
static const char *hint(void *ctx)
{
    const struct learn *g = ctx;
    const struct lesson_step *s = tutor_step(g->tutor);

    return s != NULL ? s->hint : NULL;
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
    struct learn g = {.lesson = l, .tutor = l->tutor, .picked = -1, .quiz_first = -1,
                      .quiz_last = -1};
    struct tui_guide guide = {
        .ctx = &g, .start = start, .mode = mode, .key = key, .moved = moved,
        .whatif = whatif, .keys = keys, .text = lesson_text, .hint = hint,
    };
    struct sim_options o;
    char err[SIM_OPTION_ERR_MAX];

    if (tutor_options(l->tutor, &o, err, sizeof err) != 0)
        sim_options_default(&o);
    return tui_run_guided(&o, settings, &guide);
}
