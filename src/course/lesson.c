/*
 * lesson.c - the lesson parser: lines to keywords, keywords to steps, and
 * every mistake to a diagnostic at its line and column.
 */
#include "course/lesson.h"

#include "base/bytes.h"
#include "base/fileio.h"
#include "engine/options.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define STAGE_MAX 8
#define CLIP 48   /* characters of a user's word quoted in a message */

enum keyword {
    KW_NONE,
    KW_TITLE,
    KW_STEP,
    KW_SAY,
    KW_CODE,
    KW_SET,
    KW_STAGE,
    KW_POINT,
    KW_QUIZ,
    KW_CHOICE,
    KW_CORRECT,
    KW_WHY,
    KW_AWAIT,
    KW_HINT,
};

static const char *const keyword_names[] = {
    "", "title", "step", "say", "code", "set", "stage", "point", "quiz", "choice", "correct",
    "why", "await", "hint",
};
#define KEYWORD_COUNT (sizeof keyword_names / sizeof keyword_names[0])

static const char *const pane_names[] = {"client", "server", "ca", "eve", "wire"};
#define PANE_COUNT (sizeof pane_names / sizeof pane_names[0])

static const char *const await_names[] = {"", "stage", "tamper", "mitm", "leak-key", "files"};
#define AWAIT_COUNT (sizeof await_names / sizeof await_names[0])

/* Where a keyword stood, kept so a problem found later can point at it. */
struct spot {
    unsigned line;
    unsigned col;
    char *source;
};

/* One line split into its keyword and its argument. */
struct line {
    const char *text;       /* the whole line, clean UTF-8 */
    const char *source;     /* the line as diagnostics show it */
    enum keyword kw;
    unsigned kwcol;
    const char *arg;        /* the rest after the keyword, trimmed; "" if none */
    unsigned argcol;        /* where arg starts, or just after the keyword */
};

struct parser {
    const char *file;
    struct diags *diags;
    struct lesson *l;
    unsigned lineno;
    char *first_source;     /* line 1, for problems with the file as a whole */
    bool failed;            /* a problem was found, listed or not */
    bool stopped;           /* too many problems: stop looking */
    bool too_many_steps;
    unsigned title_line;    /* of the first title line, even one with a mistake */
    /* The step being read. */
    struct lesson_step *step;
    enum keyword prev;      /* the keyword of the step's previous line */
    bool paragraph_open;
    bool text_too_long;
    struct spot step_spot;
    struct spot quiz_spot;
    struct spot await_spot;
    struct spot choice_spot[LESSON_CHOICES_MAX];
    bool have_correct;
    size_t step_diags;      /* problems reported before the step began */
    /* The string join() added to last, its length and its room. */
    char **join_at;
    const char *join_text;
    size_t join_len, join_cap;
};

/* Report a problem at column col of the current line. */
__attribute__((format(printf, 4, 5))) static void error_at(struct parser *p, const struct line *ln,
                                                         unsigned col, const char *fmt, ...)
{
    va_list ap;

    p->failed = true;
    va_start(ap, fmt);
    if (!p->stopped && !diags_vadd(p->diags, p->file, p->lineno, col, ln ? ln->source : NULL,
                                   fmt, ap))
        p->stopped = true;
    va_end(ap);
}

/* Report a problem with the line at spot s. */
__attribute__((format(printf, 3, 4))) static void error_on(struct parser *p, const struct spot *s,
                                                         const char *fmt, ...)
{
    va_list ap;

    p->failed = true;
    va_start(ap, fmt);
    if (!p->stopped && !diags_vadd(p->diags, p->file, s->line, s->col, s->source, fmt, ap))
        p->stopped = true;
    va_end(ap);
}

/* Remember where the keyword of line ln stands. */
static void spot_set(struct spot *s, const struct parser *p, const struct line *ln)
{
    free(s->source);
    s->line = p->lineno;
    s->col = ln->kwcol;
    s->source = xstrdup(ln->source);
}

/* Forget a remembered place. */
static void spot_clear(struct spot *s)
{
    free(s->source);
    memset(s, 0, sizeof *s);
}

const char *lesson_pane_name(enum lesson_pane pane)
{
    return (size_t)pane < PANE_COUNT ? pane_names[pane] : "?";
}

const char *lesson_await_name(enum lesson_await await)
{
    return (size_t)await < AWAIT_COUNT ? await_names[await] : "?";
}

/* Index of word in names[first..count), or -1. */
static int lookup(const char *word, const char *const *names, size_t first, size_t count)
{
    for (size_t i = first; i < count; i++)
        if (strcmp(word, names[i]) == 0)
            return (int)i;
    return -1;
}

/* Write " (did you mean 'x'?)" for word into buf, or an empty string. */
static const char *did_you_mean(const char *word, const char *const *names, size_t count,
                                char *buf, size_t n)
{
    const char *s = diag_suggest(word, names, count);

    if (s == NULL)
        buf[0] = '\0';
    else
        snprintf(buf, n, " (did you mean '%s'?)", s);
    return buf;
}

/* Split the first word off text (at a space or tab); returns it as a new
 * string and sets *rest to what follows, trimmed on the left. */
static char *split_word(const char *text, const char **rest)
{
    size_t n = strcspn(text, " \t");
    char *word = xcalloc(1, n + 1);

    memcpy(word, text, n);
    text += n;
    text += strspn(text, " \t");
    *rest = text;
    return word;
}

/* Parse a whole number from 0 to max that is all of text; -1 if it is not one. */
static int small_number(const char *text, int max)
{
    int v = 0;

    if (*text == '\0')
        return -1;
    for (; *text; text++) {
        if (*text < '0' || *text > '9')
            return -1;
        v = v * 10 + (*text - '0');
        if (v > max)
            return -1;
    }
    return v;
}

/* Join b onto the string *a with sep between them, or set *a to b.  The
 * parser remembers the string it joined onto last and its room, which
 * grows geometrically, so that a question of a thousand 'quiz' lines is
 * read in linear time rather than copied whole at each line. */
static void join(struct parser *p, char **a, const char *sep, const char *b)
{
    size_t more = strlen(sep) + strlen(b);

    if (*a == NULL) {
        *a = xstrdup(b);
        return;
    }
    if (p->join_at != a || p->join_text != *a) {   /* a string new to the parser */
        p->join_at = a;
        p->join_len = strlen(*a);
        p->join_cap = p->join_len + 1;
    }
    if (p->join_len + more + 1 > p->join_cap) {
        p->join_cap = 2 * (p->join_len + more + 1);
        *a = xrealloc(*a, p->join_cap);
    }
    memcpy(*a + p->join_len, sep, strlen(sep));
    memcpy(*a + p->join_len + strlen(sep), b, strlen(b) + 1);
    p->join_len += more;
    p->join_text = *a;
}

/* Count narration bytes against the step's limit; false once over it. */
static bool text_fits(struct parser *p, const struct line *ln, size_t more)
{
    size_t used = 0;

    for (size_t i = 0; i < p->step->text_count; i++)
        used += strlen(p->step->texts[i].text) + 1;
    if (used + more <= LESSON_TEXT_MAX)
        return true;
    if (!p->text_too_long)
        error_at(p, ln, ln->kwcol,
                 "this step has more than %d bytes of narration; split it into two steps",
                 LESSON_TEXT_MAX);
    p->text_too_long = true;
    return false;
}

/* Start a new narration block of the given kind with text. */
static void add_text(struct lesson_step *s, enum lesson_text_kind kind, const char *text)
{
    s->texts = xrealloc(s->texts, (s->text_count + 1) * sizeof *s->texts);
    s->texts[s->text_count].kind = kind;
    s->texts[s->text_count].text = xstrdup(text);
    s->text_count++;
}

/* title TEXT: the lesson's one title, before any step. */
static void kw_title(struct parser *p, const struct line *ln)
{
    if (p->title_line != 0) {
        error_at(p, ln, ln->kwcol, "a second title (the first is on line %u); keep one",
                 p->title_line);
        return;
    }
    p->title_line = p->lineno;
    if (p->l->step_count > 0) {
        error_at(p, ln, ln->kwcol, "the title comes after the first step; move it to the top");
        return;
    }
    if (*ln->arg == '\0') {
        error_at(p, ln, ln->argcol, "'title' needs the lesson's title after it");
        return;
    }
    if (diag_column(ln->arg, strlen(ln->arg)) - 1 > LESSON_TITLE_MAX) {
        error_at(p, ln, ln->argcol, "the title is longer than %d characters; shorten it",
                 LESSON_TITLE_MAX);
        return;
    }
    p->l->title = xstrdup(ln->arg);
}

/* True when name is a valid step name: letters, digits and '-'. */
static bool step_name_ok(const char *name)
{
    if (*name == '\0' || strlen(name) > LESSON_NAME_MAX)
        return false;
    for (; *name; name++)
        if (!((*name >= 'a' && *name <= 'z') || (*name >= 'A' && *name <= 'Z') ||
              (*name >= '0' && *name <= '9') || *name == '-'))
            return false;
    return true;
}

/* Check what a finished step must have: a whole quiz, something to show. */
static void finish_step(struct parser *p)
{
    struct lesson_step *s = p->step;
    struct lesson_quiz *q;

    if (s == NULL)
        return;
    q = &s->quiz;
    if (q->question != NULL) {
        if (q->choice_count < LESSON_CHOICES_MIN)
            error_on(p, &p->quiz_spot,
                     "the quiz has %zu choice%s; give it %d to %d 'choice' and 'correct' lines",
                     q->choice_count, q->choice_count == 1 ? "" : "s", LESSON_CHOICES_MIN,
                     LESSON_CHOICES_MAX);
        else if (!p->have_correct)
            error_on(p, &p->quiz_spot,
                     "the quiz has no right answer; write 'correct' instead of 'choice' before it");
        for (size_t i = 0; i < q->choice_count; i++)
            if (!q->choices[i].correct && q->choices[i].why == NULL)
                error_on(p, &p->choice_spot[i],
                         "this wrong choice has no 'why'; add a 'why' line under it that says "
                         "why it is wrong");
    }
    if (s->await == LESSON_AWAIT_STAGE && s->stage >= s->await_stage)
        error_on(p, &p->await_spot,
                 "this checkpoint is met before the student does anything, since the step "
                 "shows stage %d; await a later stage", s->stage);
    /* A step whose lines had mistakes may well be empty because of them. */
    if (s->text_count == 0 && q->question == NULL && s->await == LESSON_AWAIT_NONE &&
        p->diags->count == p->step_diags)
        error_on(p, &p->step_spot,
                 "this step shows the student nothing; give it a 'say', 'quiz' or 'await' line");
    spot_clear(&p->step_spot);
    spot_clear(&p->quiz_spot);
    spot_clear(&p->await_spot);
    for (size_t i = 0; i < LESSON_CHOICES_MAX; i++)
        spot_clear(&p->choice_spot[i]);
    p->step = NULL;
}

/* step [NAME]: close the step before and open a new one. */
static void kw_step(struct parser *p, const struct line *ln)
{
    struct lesson *l = p->l;
    char clip[CLIP];

    finish_step(p);
    if (p->too_many_steps)
        return;
    if (l->step_count == LESSON_STEPS_MAX) {
        error_at(p, ln, ln->kwcol, "more than %d steps; split the lesson in two",
                 LESSON_STEPS_MAX);
        p->too_many_steps = true;
        return;
    }
    if (*ln->arg != '\0' && !step_name_ok(ln->arg)) {
        error_at(p, ln, ln->argcol,
                 "step name '%s' is not one word of up to %d letters, digits and '-'",
                 diag_clip(ln->arg, clip, sizeof clip), LESSON_NAME_MAX);
    } else if (*ln->arg != '\0') {
        for (size_t i = 0; i < l->step_count; i++)
            if (l->steps[i].name && strcmp(l->steps[i].name, ln->arg) == 0)
                error_at(p, ln, ln->argcol, "a second step named '%s' (the first is on line %u)",
                         ln->arg, l->steps[i].line);
    }
    l->steps = xrealloc(l->steps, (l->step_count + 1) * sizeof *l->steps);
    p->step = &l->steps[l->step_count++];
    memset(p->step, 0, sizeof *p->step);
    p->step->line = p->lineno;
    spot_set(&p->step_spot, p, ln);
    p->step->stage = -1;
    p->step->name = *ln->arg && step_name_ok(ln->arg) ? xstrdup(ln->arg) : NULL;
    p->prev = KW_NONE;
    p->paragraph_open = false;
    p->text_too_long = false;
    p->have_correct = false;
    p->step_diags = p->diags->count;
}

/* say [TEXT]: add to the open paragraph, start one, or (with no text) end it. */
static void kw_say(struct parser *p, const struct line *ln)
{
    struct lesson_step *s = p->step;

    if (*ln->arg == '\0') {
        p->paragraph_open = false;
        return;
    }
    if (!text_fits(p, ln, strlen(ln->arg) + 1))
        return;
    if (p->prev == KW_SAY && p->paragraph_open)
        join(p, &s->texts[s->text_count - 1].text, " ", ln->arg);
    else
        add_text(s, LESSON_TEXT_PARAGRAPH, ln->arg);
    p->paragraph_open = true;
}

/* code [TEXT]: add a line, kept as written, to the step's code block. */
static void kw_code(struct parser *p, const struct line *ln)
{
    struct lesson_step *s = p->step;
    /* Code keeps its indentation: only the one separator after the keyword goes. */
    const char *text = ln->text + strspn(ln->text, " \t") + strlen("code");

    if (*text != '\0')
        text++;
    if (!text_fits(p, ln, strlen(text) + 1))
        return;
    if (p->prev == KW_CODE)
        join(p, &s->texts[s->text_count - 1].text, "\n", text);
    else
        add_text(s, LESSON_TEXT_CODE, text);
}

/* set OPTION VALUE, or set SWITCH [on|off]: checked against the engine's
 * option table, then kept. */
static void kw_set(struct parser *p, const struct line *ln)
{
    struct lesson_step *s = p->step;
    char err[SIM_OPTION_ERR_MAX], clip[CLIP], hint[CLIP + 24];
    const char *value;
    char *name = split_word(ln->arg, &value);
    unsigned valuecol = ln->argcol + (unsigned)(value - ln->arg);

    if (*name == '\0') {
        error_at(p, ln, ln->argcol, "'set' needs an option and a value, as in 'set seed 7'");
        goto done;
    }
    const struct sim_option_desc *d = sim_options_find(name);
    if (d == NULL) {
        const struct sim_option_desc *t = sim_options_table();
        size_t n = 0;
        while (t[n].name != NULL)
            n++;
        const char **names = xcalloc(n, sizeof *names);
        for (size_t i = 0; i < n; i++)
            names[i] = t[i].name;
        error_at(p, ln, ln->argcol,
                 "unknown option '%s'%s; 'tlssim walk --help' lists the options",
                 diag_clip(name, clip, sizeof clip),
                 did_you_mean(name, names, n, hint, sizeof hint));
        free(names);
        goto done;
    }
    /* A switch takes on or off, or nothing for on. */
    if (*value == '\0')
        value = NULL;
    if (sim_setting_check(d, value, err, sizeof err) != 0) {
        error_at(p, ln, valuecol, "%s", err);
        goto done;
    }
    if (s->setting_count == LESSON_SETS_MAX) {
        error_at(p, ln, ln->kwcol, "more than %d 'set' lines in one step", LESSON_SETS_MAX);
        goto done;
    }
    s->settings = xrealloc(s->settings, (s->setting_count + 1) * sizeof *s->settings);
    s->settings[s->setting_count].name = name;
    s->settings[s->setting_count].value = value ? xstrdup(value) : NULL;
    s->setting_count++;
    name = NULL;
done:
    free(name);
}

/* stage N: the stage the simulator shows for this step. */
static void kw_stage(struct parser *p, const struct line *ln)
{
    char clip[CLIP];
    int n = small_number(ln->arg, STAGE_MAX);

    if (*ln->arg == '\0') {
        error_at(p, ln, ln->argcol, "'stage' needs a stage number from 0 to %d after it",
                 STAGE_MAX);
        return;
    }
    if (n < 0) {
        error_at(p, ln, ln->argcol, "'stage' wants a stage number from 0 to %d, not '%s'",
                 STAGE_MAX, diag_clip(ln->arg, clip, sizeof clip));
        return;
    }
    if (p->step->stage >= 0) {
        error_at(p, ln, ln->kwcol, "a second 'stage' line in this step; keep one");
        return;
    }
    p->step->stage = n;
}

/* point PANE WHAT: a highlight in one of the panes. */
static void kw_point(struct parser *p, const struct line *ln)
{
    struct lesson_step *s = p->step;
    char clip[CLIP], hint[CLIP + 24];
    const char *what;
    char *pane = split_word(ln->arg, &what);
    int i = lookup(pane, pane_names, 0, PANE_COUNT);

    if (*pane == '\0') {
        error_at(p, ln, ln->argcol, "'point' needs a pane (client, server, ca, eve or wire) "
                 "and what to highlight in it");
    } else if (i < 0) {
        error_at(p, ln, ln->argcol,
                 "'point' wants client, server, ca, eve or wire first, not '%s'%s",
                 diag_clip(pane, clip, sizeof clip),
                 did_you_mean(pane, pane_names, PANE_COUNT, hint, sizeof hint));
    } else if (*what == '\0') {
        error_at(p, ln, ln->argcol + (unsigned)(what - ln->arg),
                 "'point %s' needs the name of a value or field after it", pane);
    } else if (s->point_count == LESSON_POINTS_MAX) {
        error_at(p, ln, ln->kwcol, "more than %d 'point' lines in one step", LESSON_POINTS_MAX);
    } else {
        s->points = xrealloc(s->points, (s->point_count + 1) * sizeof *s->points);
        struct lesson_point *pt = &s->points[s->point_count++];
        pt->pane = (enum lesson_pane)i;
        pt->what = xstrdup(what);
        pt->line = p->lineno;
        pt->col = ln->argcol + (unsigned)(what - ln->arg);
        pt->source = xstrdup(ln->source);
    }
    free(pane);
}

/* quiz TEXT: the step's question, or more of it on a following line. */
static void kw_quiz(struct parser *p, const struct line *ln)
{
    struct lesson_quiz *q = &p->step->quiz;

    if (*ln->arg == '\0') {
        error_at(p, ln, ln->argcol, "'quiz' needs the question after it");
        return;
    }
    if (q->question != NULL && p->prev == KW_QUIZ) {
        join(p, &q->question, " ", ln->arg);
        return;
    }
    if (q->question != NULL) {
        error_at(p, ln, ln->kwcol,
                 "a second quiz in this step (the first is on line %u); start a new step for it",
                 p->quiz_spot.line);
        return;
    }
    q->question = xstrdup(ln->arg);
    spot_set(&p->quiz_spot, p, ln);
}

/* choice and correct: one answer of the step's quiz. */
static void kw_choice(struct parser *p, const struct line *ln)
{
    struct lesson_quiz *q = &p->step->quiz;
    bool correct = ln->kw == KW_CORRECT;

    if (q->question == NULL) {
        error_at(p, ln, ln->kwcol, "'%s' comes before any 'quiz'; put the question above it",
                 keyword_names[ln->kw]);
        return;
    }
    if (*ln->arg == '\0') {
        error_at(p, ln, ln->argcol, "'%s' needs the answer's text after it",
                 keyword_names[ln->kw]);
        return;
    }
    if (q->choice_count == LESSON_CHOICES_MAX) {
        error_at(p, ln, ln->kwcol, "more than %d choices; a quiz has %d to %d",
                 LESSON_CHOICES_MAX, LESSON_CHOICES_MIN, LESSON_CHOICES_MAX);
        return;
    }
    if (correct && p->have_correct) {
        error_at(p, ln, ln->kwcol,
                 "a second 'correct' answer; a quiz has exactly one, make the others 'choice'");
        return;
    }
    struct lesson_choice *c = &q->choices[q->choice_count];
    c->text = xstrdup(ln->arg);
    c->correct = correct;
    if (correct) {
        q->correct = q->choice_count;
        p->have_correct = true;
    }
    spot_set(&p->choice_spot[q->choice_count++], p, ln);
}

/* why TEXT: the explanation of the answer right above. */
static void kw_why(struct parser *p, const struct line *ln)
{
    struct lesson_quiz *q = &p->step->quiz;

    if (q->choice_count == 0 || !(p->prev == KW_CHOICE || p->prev == KW_CORRECT ||
                                  p->prev == KW_WHY)) {
        error_at(p, ln, ln->kwcol,
                 "'why' belongs right under the 'choice' or 'correct' it explains");
        return;
    }
    if (*ln->arg == '\0') {
        error_at(p, ln, ln->argcol, "'why' needs the explanation after it");
        return;
    }
    join(p, &q->choices[q->choice_count - 1].why, " ", ln->arg);
}

/* hint TEXT: help for a student who is stuck, shown on request; hint
 * lines in a row join into one. */
static void kw_hint(struct parser *p, const struct line *ln)
{
    if (*ln->arg == '\0') {
        error_at(p, ln, ln->argcol, "'hint' needs the hint after it");
        return;
    }
    if (p->step->hint != NULL && p->prev != KW_HINT) {
        error_at(p, ln, ln->kwcol, "a second 'hint' in this step; keep its lines together");
        return;
    }
    join(p, &p->step->hint, " ", ln->arg);
}

/* await WHAT: the step's one checkpoint. */
static void kw_await(struct parser *p, const struct line *ln)
{
    struct lesson_step *s = p->step;
    char clip[CLIP], hint[CLIP + 24];
    const char *rest;
    char *what = split_word(ln->arg, &rest);
    unsigned restcol = ln->argcol + (unsigned)(rest - ln->arg);
    int kind = lookup(what, await_names, 1, AWAIT_COUNT);
    int stage = 0;

    if (*what == '\0') {
        error_at(p, ln, ln->argcol, "'await' needs what to wait for: stage N, tamper, mitm, "
                 "leak-key or files");
        goto done;
    }
    if (kind < 0) {
        error_at(p, ln, ln->argcol,
                 "'await' wants stage N, tamper, mitm, leak-key or files, not '%s'%s",
                 diag_clip(what, clip, sizeof clip),
                 did_you_mean(what, await_names + 1, AWAIT_COUNT - 1, hint, sizeof hint));
        goto done;
    }
    if (kind == LESSON_AWAIT_STAGE) {
        stage = small_number(rest, STAGE_MAX);
        if (*rest == '\0') {
            error_at(p, ln, restcol, "'await stage' needs a stage number from 1 to %d after it",
                     STAGE_MAX);
            goto done;
        }
        if (stage < 1) {
            error_at(p, ln, restcol, "'await stage' wants a stage number from 1 to %d, not '%s'",
                     STAGE_MAX, diag_clip(rest, clip, sizeof clip));
            goto done;
        }
    } else if (*rest != '\0') {
        error_at(p, ln, restcol, "'await %s' takes nothing after it", what);
        goto done;
    }
    if (s->await != LESSON_AWAIT_NONE) {
        error_at(p, ln, ln->kwcol, "a second 'await' in this step; a step has one checkpoint");
        goto done;
    }
    s->await = (enum lesson_await)kind;
    spot_set(&p->await_spot, p, ln);
    s->await_stage = stage;
done:
    free(what);
}

/* Split a clean line into keyword and argument; false for a blank or comment line. */
static bool split_line(struct line *ln, char *text)
{
    size_t end = strlen(text);

    while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == '\t'))
        text[--end] = '\0';
    size_t start = strspn(text, " \t");
    if (text[start] == '\0' || text[start] == '#')
        return false;
    size_t kwlen = strcspn(text + start, " \t");
    size_t argoff = start + kwlen + strspn(text + start + kwlen, " \t");
    ln->text = text;
    ln->kwcol = diag_column(text, start);
    ln->arg = text + argoff;
    ln->argcol = diag_column(text, argoff == start + kwlen ? argoff + 1 : argoff);
    ln->kw = KW_NONE;
    for (size_t k = 1; k < KEYWORD_COUNT; k++)
        if (strlen(keyword_names[k]) == kwlen && strncmp(text + start, keyword_names[k], kwlen) == 0)
            ln->kw = (enum keyword)k;
    return true;
}

/* Handle one clean line of the file. */
static void parse_line(struct parser *p, char *text, const char *source)
{
    struct line ln = {.source = source};
    char clip[CLIP], hint[CLIP + 24];

    if (!split_line(&ln, text))
        return;
    if (ln.kw == KW_NONE) {
        const char *rest;
        char *word = split_word(ln.text + strspn(ln.text, " \t"), &rest);
        error_at(p, &ln, ln.kwcol, "unknown keyword '%s'%s; a line starts with a keyword, "
                 "or with '#' for a comment",
                 diag_clip(word, clip, sizeof clip),
                 did_you_mean(word, keyword_names + 1, KEYWORD_COUNT - 1, hint, sizeof hint));
        free(word);
        p->prev = KW_NONE;
        return;
    }
    if (ln.kw == KW_TITLE) {
        kw_title(p, &ln);
        return;
    }
    if (ln.kw == KW_STEP) {
        kw_step(p, &ln);
        return;
    }
    if (p->step == NULL) {
        if (!p->too_many_steps)
            error_at(p, &ln, ln.kwcol,
                     "'%s' is outside any step; start a step with a 'step' line above it",
                     keyword_names[ln.kw]);
        return;
    }
    if (ln.kw != KW_SAY)
        p->paragraph_open = false;
    switch (ln.kw) {
    case KW_SAY: kw_say(p, &ln); break;
    case KW_CODE: kw_code(p, &ln); break;
    case KW_SET: kw_set(p, &ln); break;
    case KW_STAGE: kw_stage(p, &ln); break;
    case KW_POINT: kw_point(p, &ln); break;
    case KW_QUIZ: kw_quiz(p, &ln); break;
    case KW_CHOICE:
    case KW_CORRECT: kw_choice(p, &ln); break;
    case KW_WHY: kw_why(p, &ln); break;
    case KW_AWAIT: kw_await(p, &ln); break;
    case KW_HINT: kw_hint(p, &ln); break;
    default: break;
    }
    p->prev = ln.kw;
}

/* Check one raw line's bytes and length, then parse it if it is clean. */
static void read_line(struct parser *p, const char *raw, size_t len)
{
    const char *why;
    char *source;

    if (len > 0 && raw[len - 1] == '\r')
        len--;  /* a file written with CRLF line ends */
    bool bom = p->lineno == 1 && len >= 3 && memcmp(raw, "\xEF\xBB\xBF", 3) == 0;
    if (bom) {  /* said once, then the line is read without it */
        raw += 3;
        len -= 3;
    }
    source = diag_text_printable(raw, len, LESSON_LINE_MAX);
    if (bom) {
        struct line whole = {.source = source};
        error_at(p, &whole, 1, "the file starts with a UTF-8 byte-order mark (bytes EF BB "
                 "BF), which a lesson must not have; save it as UTF-8 without a BOM");
    }
    if (p->lineno == 1)
        p->first_source = xstrdup(source);
    size_t bad = diag_text_check(raw, len, &why);
    struct line ln = {.source = source};
    if (bad < len) {
        char *prefix = xcalloc(1, bad + 1);
        memcpy(prefix, raw, bad);
        error_at(p, &ln, diag_column(prefix, bad), "%s in the line; a lesson is UTF-8 text", why);
        free(prefix);
        p->prev = KW_NONE;
        goto done;
    }
    char *text = xcalloc(1, len + 1);
    memcpy(text, raw, len);
    if (len > LESSON_LINE_MAX)
        error_at(p, &ln, 1, "the line is %zu bytes long; the most is %d, so split it", len,
                 LESSON_LINE_MAX);
    parse_line(p, text, source);
    free(text);
done:
    free(source);
}

/* The error of a lesson file over LESSON_FILE_MAX bytes. */
static void report_too_long(struct diags *diags, const char *file)
{
    diags_add(diags, file, 1, 1, NULL, "the file is larger than %d bytes, the most a lesson "
              "may be; split it", LESSON_FILE_MAX);
}

int lesson_parse(const char *file, const char *text, size_t len, struct lesson **out,
                 struct diags *diags)
{
    struct parser p = {.file = file, .diags = diags};
    size_t errors_before = diags->count;
    size_t start = 0;

    *out = NULL;
    p.l = xcalloc(1, sizeof *p.l);
    p.l->file = xstrdup(file);
    if (len > LESSON_FILE_MAX) {
        report_too_long(diags, file);
        goto fail;
    }
    while (start < len && !p.stopped) {
        const char *nl = memchr(text + start, '\n', len - start);
        size_t end = nl ? (size_t)(nl - text) : len;
        p.lineno++;
        read_line(&p, text + start, end - start);
        start = end + 1;
    }
    finish_step(&p);
    struct spot top = {.line = 1, .col = 1, .source = p.first_source};
    if (p.title_line == 0)
        error_on(&p, &top, "the lesson has no title; put a 'title' line at the top");
    if (p.l->step_count == 0)
        error_on(&p, &top, "the lesson has no steps; a lesson is a 'title' line "
                 "and then 'step' lines, each with what it shows");
    if (p.failed) {
        diags_sort(diags, errors_before);
        goto fail;
    }
    free(p.first_source);
    *out = p.l;
    return 0;
fail:
    free(p.first_source);
    lesson_free(p.l);
    return -1;
}

int lesson_load(const char *path, struct lesson **out, struct diags *diags)
{
    struct bytes text = {0};
    int errnum, rc = -1;

    *out = NULL;
    switch (fileio_read_file(path, LESSON_FILE_MAX, &text, &errnum)) {
    case FILEIO_OK:
        rc = lesson_parse(path, text.len ? (const char *)text.data : "", text.len, out, diags);
        break;
    case FILEIO_CANNOT_OPEN:
        diags_add(diags, path, 1, 1, NULL, "cannot open the lesson: %s", strerror(errnum));
        break;
    case FILEIO_CANNOT_READ:
        diags_add(diags, path, 1, 1, NULL, "cannot read the lesson: %s", strerror(errnum));
        break;
    case FILEIO_NOT_REGULAR:
        diags_add(diags, path, 1, 1, NULL, "cannot read the lesson: it is not a regular file");
        break;
    case FILEIO_TOO_LARGE:
        report_too_long(diags, path);
        break;
    }
    bytes_free(&text);
    return rc;
}

void lesson_free(struct lesson *l)
{
    if (l == NULL)
        return;
    for (size_t i = 0; i < l->step_count; i++) {
        struct lesson_step *s = &l->steps[i];
        free(s->name);
        free(s->hint);
        for (size_t j = 0; j < s->text_count; j++)
            free(s->texts[j].text);
        free(s->texts);
        for (size_t j = 0; j < s->setting_count; j++) {
            free(s->settings[j].name);
            free(s->settings[j].value);
        }
        free(s->settings);
        for (size_t j = 0; j < s->point_count; j++) {
            free(s->points[j].what);
            free(s->points[j].source);
        }
        free(s->points);
        free(s->quiz.question);
        for (size_t j = 0; j < s->quiz.choice_count; j++) {
            free(s->quiz.choices[j].text);
            free(s->quiz.choices[j].why);
        }
    }
    free(l->steps);
    free(l->title);
    free(l->file);
    free(l);
}
