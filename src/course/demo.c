/*
 * demo.c - the demo script parser: lines into commands, problems into
 * file:line:col errors, and their printer.
 *
 * A line is checked as text first (length, UTF-8, no control characters),
 * then split into words (a word in double quotes may hold spaces, \" and
 * \\), then read as one command.  A bad line never stops the parse: every
 * problem in the file is collected, up to DIAGS_MAX.
 */
#include "course/demo.h"

#include "base/bytes.h"
#include "base/diag.h"
#include "base/fileio.h"
#include "base/text.h"
#include "engine/stage_text_tls13.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define WORDS_MAX 8           /* words kept on one line; no command needs more */
#define SOURCE_SHOWN_MAX 200  /* bytes of a line quoted under an error */

struct word {
    size_t off;      /* where it starts in the line, quote included */
    char *text;      /* unquoted, unescaped */
};

/* The line being read and the script it goes into. */
struct line_ctx {
    struct demo_script *s;
    const char *line;     /* not NUL-terminated */
    size_t len;
    unsigned number;
    char *shown;          /* the line made safe to print */
    struct word words[WORDS_MAX];
    size_t word_count;
    bool full;            /* DIAGS_MAX reached: stop parsing */
    size_t cap;           /* commands allocated in s->cmds */
    /* The markers so far: an open-addressing hash of indexes into s->cmds
     * (plus one; 0 is empty), so a repeated name is found in constant time. */
    size_t *marks;
    size_t mark_cap, mark_count;
};

/* The FNV-1a hash of a marker name. */
static size_t mark_hash(const char *name)
{
    size_t h = 2166136261u;

    for (; *name; name++)
        h = (h ^ (unsigned char)*name) * 16777619u;
    return h;
}

/* The slot of marker name in c's table: where it is, or the empty slot
 * where it would go. */
static size_t *mark_slot(struct line_ctx *c, const char *name)
{
    size_t i = mark_hash(name) & (c->mark_cap - 1);

    while (c->marks[i] != 0 && strcmp(c->s->cmds[c->marks[i] - 1].name, name) != 0)
        i = (i + 1) & (c->mark_cap - 1);
    return &c->marks[i];
}

/* Add the marker of command k (already in s->cmds) to c's table, which
 * doubles when half full. */
static void mark_add(struct line_ctx *c, size_t k)
{
    if (2 * (c->mark_count + 1) > c->mark_cap) {
        size_t *old = c->marks, old_cap = c->mark_cap;
        c->mark_cap = old_cap ? 2 * old_cap : 64;
        c->marks = xcalloc(c->mark_cap, sizeof *c->marks);
        for (size_t i = 0; i < old_cap; i++)
            if (old[i] != 0)
                *mark_slot(c, c->s->cmds[old[i] - 1].name) = old[i];
        free(old);
    }
    *mark_slot(c, c->s->cmds[k].name) = k + 1;
    c->mark_count++;
}

static const char *const keywords[] = {
    "set", "step", "back", "goto", "pause", "sleep", "caption", "mark", "expect",
};

/* Report a problem at byte offset off of the current line. */
static void line_error(struct line_ctx *c, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void line_error(struct line_ctx *c, size_t off, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    if (!diags_vadd(&c->s->errors, c->s->file, c->number, diag_column(c->line, off), c->shown,
                    fmt, ap))
        c->full = true;
    va_end(ap);
}

/* Report a problem at word i, or at the end of the line when there is no word i. */
static void word_error(struct line_ctx *c, size_t i, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void word_error(struct line_ctx *c, size_t i, const char *fmt, ...)
{
    va_list ap;
    size_t off = i < c->word_count ? c->words[i].off : c->len;

    va_start(ap, fmt);
    if (!diags_vadd(&c->s->errors, c->s->file, c->number, diag_column(c->line, off), c->shown,
                    fmt, ap))
        c->full = true;
    va_end(ap);
}

/* Split the line into words; returns 0, or -1 after reporting a problem. */
static int split_words(struct line_ctx *c)
{
    size_t i = 0;
    struct bytes w = {0};
    int status = -1;

    while (i < c->len) {
        while (i < c->len && (c->line[i] == ' ' || c->line[i] == '\t'))
            i++;
        if (i == c->len)
            break;
        if (c->word_count == WORDS_MAX) {
            line_error(c, i, "too many words on one line; a value with spaces goes in "
                             "double quotes");
            goto done;
        }
        size_t start = i;
        w.len = 0;
        if (c->line[i] == '"') {
            i++;
            while (i < c->len && c->line[i] != '"') {
                if (c->line[i] == '\\') {
                    if (i + 1 < c->len && (c->line[i + 1] == '"' || c->line[i + 1] == '\\')) {
                        i++;
                    } else {
                        line_error(c, i, "unknown escape in a quoted value; only \\\" and "
                                         "\\\\ are escapes");
                        goto done;
                    }
                }
                bytes_append_byte(&w, (uint8_t)c->line[i++]);
            }
            if (i == c->len) {
                line_error(c, start, "this quote is never closed; end the value with \"");
                goto done;
            }
            i++;
            if (i < c->len && c->line[i] != ' ' && c->line[i] != '\t') {
                line_error(c, i, "a closing quote must be followed by a space or the end "
                                 "of the line");
                goto done;
            }
        } else {
            if (c->line[i] == '#' && c->word_count > 0) {
                line_error(c, i, "'#' starts a comment only at the start of a line; put the "
                                 "comment on a line of its own");
                goto done;
            }
            while (i < c->len && c->line[i] != ' ' && c->line[i] != '\t') {
                if (c->line[i] == '"') {
                    line_error(c, i, "a quote inside a word; put the whole value in double "
                                     "quotes");
                    goto done;
                }
                bytes_append_byte(&w, (uint8_t)c->line[i++]);
            }
        }
        bytes_append_byte(&w, 0);
        c->words[c->word_count].off = start;
        c->words[c->word_count].text = xstrdup((const char *)w.data);
        c->word_count++;
    }
    status = 0;
done:
    bytes_free(&w);
    return status;
}

/* Read word i as a whole number from lo to hi into *out; returns 0, or -1
 * after reporting a problem that names what the number is for. */
static int word_number(struct line_ctx *c, size_t i, int lo, int hi, const char *what, int *out)
{
    const char *t = c->words[i].text;
    int v = 0;

    for (size_t k = 0; t[k]; k++) {
        if (t[k] < '0' || t[k] > '9' || k >= 4) {
            v = -1;
            break;
        }
        v = v * 10 + (t[k] - '0');
    }
    if (t[0] == '\0' || v < lo || v > hi) {
        char shown[48];
        word_error(c, i, "%s must be a whole number from %d to %d, not '%s'", what, lo, hi,
                   diag_clip(t, shown, sizeof shown));
        return -1;
    }
    *out = v;
    return 0;
}

/* Report the first word after the n a command takes, if there is one; returns -1 then. */
static int no_more_words(struct line_ctx *c, size_t n, const char *usage)
{
    if (c->word_count <= n)
        return 0;
    char shown[48];
    word_error(c, n, "unexpected '%s': %s", diag_clip(c->words[n].text, shown, sizeof shown), usage);
    return -1;
}

int demo_parse_thousandths(const char *text, unsigned long *out)
{
    unsigned long whole = 0, frac = 0;
    size_t i = 0, digits = 0;

    for (; text[i] >= '0' && text[i] <= '9'; i++) {
        if (++digits > 6)
            return -1;
        whole = whole * 10 + (unsigned long)(text[i] - '0');
    }
    if (digits == 0)
        return -1;
    if (text[i] == '.') {
        size_t f = 0;
        for (i++; text[i] >= '0' && text[i] <= '9'; i++) {
            if (++f > 3)
                return -1;
            frac = frac * 10 + (unsigned long)(text[i] - '0');
        }
        if (f == 0)
            return -1;
        for (; f < 3; f++)
            frac *= 10;
    }
    if (text[i] != '\0')
        return -1;
    *out = whole * 1000 + frac;
    return 0;
}

/* set NAME [VALUE]: the option must be in the table and its value must pass
 * the same checks as on the command line. */
static int parse_set(struct line_ctx *c, struct demo_cmd *cmd)
{
    char err[SIM_OPTION_ERR_MAX], shown[48];

    if (c->word_count < 2) {
        word_error(c, 1, "set needs an option name and its value, e.g. 'set seed 42'");
        return -1;
    }
    const char *name = c->words[1].text;
    const struct sim_option_desc *d = sim_options_find(name);
    if (d == NULL) {
        const char *names[64];
        size_t n = 0;
        for (const struct sim_option_desc *o = sim_options_table(); o->name && n < 64; o++)
            names[n++] = o->name;
        const char *like = diag_suggest(name, names, n);
        if (like != NULL)
            word_error(c, 1, "unknown option '%s'; did you mean '%s'?",
                       diag_clip(name, shown, sizeof shown), like);
        else
            word_error(c, 1, "unknown option '%s'; 'tlssim walk --help' lists the options",
                       diag_clip(name, shown, sizeof shown));
        return -1;
    }
    const char *value = c->word_count > 2 ? c->words[2].text : NULL;
    if (sim_setting_check(d, value, err, sizeof err) != 0) {
        if (d->value_name == NULL)
            word_error(c, 2, "option '%s' is a switch: 'set %s', or 'set %s on' or 'off'",
                       name, name, name);
        else
            word_error(c, 2, "%s", err);
        return -1;
    }
    if (no_more_words(c, 3, "set takes one value; put a value with spaces in double quotes"))
        return -1;
    cmd->name = xstrdup(name);
    cmd->text = value ? xstrdup(value) : NULL;
    return 0;
}

/* step [N] and back [N]: N stages, one by default. */
static int parse_count(struct line_ctx *c, struct demo_cmd *cmd)
{
    cmd->number = 1;
    if (c->word_count >= 2 &&
        word_number(c, 1, 1, SIM_STAGE_COUNT, "the number of stages", &cmd->number) != 0)
        return -1;
    return no_more_words(c, 2, "give one number of stages, or none for one");
}

/* goto STAGE: a number from 0 to 8 or a stage name. */
static int parse_goto(struct line_ctx *c, struct demo_cmd *cmd)
{
    if (c->word_count < 2) {
        word_error(c, 1, "goto needs a stage: a number from 0 to %d or a stage name such as "
                         "\"key exchange\"", SIM_STAGE_COUNT);
        return -1;
    }
    const char *t = c->words[1].text;
    if (t[0] < '0' || t[0] > '9') {
        cmd->number = -1;
        for (int k = 1; k <= SIM_STAGE_COUNT; k++)
            if (text_equal_fold(t, engine_stage_name(k)) ||
                text_equal_fold(t, stage_text_tls13_name(k)))
                cmd->number = k;
        if (cmd->number < 0) {
            char shown[48];
            word_error(c, 1, "no stage is called '%s'; give a number from 0 to %d or a stage "
                             "name such as \"key exchange\" (quoted)",
                       diag_clip(t, shown, sizeof shown), SIM_STAGE_COUNT);
            return -1;
        }
    } else if (word_number(c, 1, 0, SIM_STAGE_COUNT, "the stage", &cmd->number) != 0) {
        return -1;
    }
    return no_more_words(c, 2, "goto takes one stage; quote a stage name with spaces");
}

/* sleep TIME: seconds with up to three decimals, or whole milliseconds. */
static int parse_sleep(struct line_ctx *c, struct demo_cmd *cmd)
{
    char text[32], shown[48];
    unsigned long v;
    bool millis = false;

    if (c->word_count < 2) {
        word_error(c, 1, "sleep needs a time, e.g. 'sleep 1.5' (seconds) or 'sleep 300ms'");
        return -1;
    }
    const char *t = c->words[1].text;
    size_t n = strlen(t);
    if (n >= 2 && strcmp(t + n - 2, "ms") == 0) {
        millis = true;
        n -= 2;
    } else if (n >= 1 && t[n - 1] == 's') {
        n -= 1;
    }
    if (n == 0 || n >= sizeof text)
        goto bad;
    memcpy(text, t, n);
    text[n] = '\0';
    if (millis) {
        v = 0;
        for (size_t k = 0; k < n; k++) {
            if (text[k] < '0' || text[k] > '9' || k >= 7)
                goto bad;
            v = v * 10 + (unsigned long)(text[k] - '0');
        }
    } else if (demo_parse_thousandths(text, &v) != 0) {
        goto bad;
    }
    if (v == 0 || v > DEMO_SLEEP_MAX_MS) {
        word_error(c, 1, "sleep wants more than 0 and at most %d seconds",
                   DEMO_SLEEP_MAX_MS / 1000);
        return -1;
    }
    cmd->ms = (unsigned)v;
    return no_more_words(c, 2, "sleep takes one time");
bad:
    word_error(c, 1, "'%s' is not a time; write seconds such as 2 or 0.5, or milliseconds "
                     "such as 300ms", diag_clip(t, shown, sizeof shown));
    return -1;
}

/* caption TEXT: one non-empty word, quoted when it has spaces. */
static int parse_caption(struct line_ctx *c, struct demo_cmd *cmd)
{
    if (c->word_count < 2 || c->words[1].text[0] == '\0') {
        word_error(c, 1, "caption needs its text in double quotes, e.g. caption \"Hello\"");
        return -1;
    }
    if (no_more_words(c, 2, "put the whole caption in double quotes"))
        return -1;
    cmd->text = xstrdup(c->words[1].text);
    return 0;
}

/* mark NAME: a name of safe characters, not used before in the file. */
static int parse_mark(struct line_ctx *c, struct demo_cmd *cmd)
{
    if (c->word_count < 2) {
        word_error(c, 1, "mark needs a name, e.g. 'mark certificate'");
        return -1;
    }
    const char *t = c->words[1].text;
    size_t n = strlen(t);
    bool ok = n > 0 && n < DEMO_MARK_MAX;
    for (size_t k = 0; ok && k < n; k++)
        ok = (t[k] >= 'a' && t[k] <= 'z') || (t[k] >= 'A' && t[k] <= 'Z') ||
             (t[k] >= '0' && t[k] <= '9') || t[k] == '-' || t[k] == '_' || t[k] == '.';
    if (!ok) {
        word_error(c, 1, "a marker name is 1 to %d letters, digits, '-', '_' or '.'",
                   DEMO_MARK_MAX - 1);
        return -1;
    }
    size_t *slot = c->mark_cap > 0 ? mark_slot(c, t) : NULL;
    if (slot != NULL && *slot != 0) {
        word_error(c, 1, "marker '%s' is already on line %u; marker names must differ", t,
                   c->s->cmds[*slot - 1].line);
        return -1;
    }
    if (no_more_words(c, 2, "a marker name is one word"))
        return -1;
    cmd->name = xstrdup(t);
    return 0;
}

/* Read word i as an actor name into *out; returns 0, or -1 after reporting. */
static int word_actor(struct line_ctx *c, size_t i, enum sim_actor *out)
{
    if (i < c->word_count)
        for (int a = 0; a < SIM_ACTOR_COUNT; a++)
            if (text_equal_fold(c->words[i].text, sim_actor_name((enum sim_actor)a))) {
                *out = (enum sim_actor)a;
                return 0;
            }
    word_error(c, i, "expected an actor here: client, server, ca or eve");
    return -1;
}

/* Read word i as a non-empty value to look for into cmd->text. */
static int word_text(struct line_ctx *c, size_t i, struct demo_cmd *cmd, const char *what)
{
    if (i >= c->word_count || c->words[i].text[0] == '\0') {
        word_error(c, i, "expected %s here (in double quotes if it has spaces)", what);
        return -1;
    }
    cmd->text = xstrdup(c->words[i].text);
    return 0;
}

static const struct {
    const char *word;
    enum demo_outcome outcome;
} outcomes[] = {
    {"completed", DEMO_OUTCOME_COMPLETED},
    {"aborted", DEMO_OUTCOME_ABORTED},
    {"incomplete", DEMO_OUTCOME_INCOMPLETE},
    {"tamper-detected", DEMO_OUTCOME_TAMPER_DETECTED},
    {"eve-read-plaintext", DEMO_OUTCOME_EVE_READ_PLAINTEXT},
    {"alert", DEMO_OUTCOME_ALERT},
    {"cert-overridden", DEMO_OUTCOME_CERT_OVERRIDDEN},
    {"forward-secrecy-held", DEMO_OUTCOME_FS_HELD},
    {"forward-secrecy-broken", DEMO_OUTCOME_FS_BROKEN},
};

/* expect [not] KIND ...: the forms listed in usage below. */
static int parse_expect(struct line_ctx *c, struct demo_cmd *cmd)
{
    size_t i = 1;
    const char *usage = "expect takes: stage N, result WORD, reason \"TEXT\", "
                        "check [ACTOR] \"NAME\" pass|fail, knows ACTOR \"NAME\", text \"TEXT\"";

    if (i < c->word_count && strcmp(c->words[i].text, "not") == 0) {
        cmd->negate = true;
        i++;
    }
    if (i >= c->word_count) {
        word_error(c, i, "%s", usage);
        return -1;
    }
    const char *what = c->words[i++].text;
    if (strcmp(what, "stage") == 0) {
        cmd->expect = DEMO_EXPECT_STAGE;
        if (i >= c->word_count) {
            word_error(c, i, "expect stage needs a number from 0 to %d", SIM_STAGE_COUNT);
            return -1;
        }
        if (word_number(c, i++, 0, SIM_STAGE_COUNT, "the stage", &cmd->number) != 0)
            return -1;
    } else if (strcmp(what, "result") == 0) {
        cmd->expect = DEMO_EXPECT_RESULT;
        size_t k = 0, n = sizeof outcomes / sizeof outcomes[0];
        while (i < c->word_count && k < n && strcmp(c->words[i].text, outcomes[k].word) != 0)
            k++;
        if (i >= c->word_count || k == n) {
            word_error(c, i, "expect result wants completed, aborted, alert, incomplete, "
                             "tamper-detected, eve-read-plaintext, cert-overridden, "
                             "forward-secrecy-held or forward-secrecy-broken");
            return -1;
        }
        cmd->outcome = outcomes[k].outcome;
        i++;
    } else if (strcmp(what, "reason") == 0) {
        cmd->expect = DEMO_EXPECT_REASON;
        if (word_text(c, i++, cmd, "words of the reason for aborting") != 0)
            return -1;
    } else if (strcmp(what, "check") == 0) {
        cmd->expect = DEMO_EXPECT_CHECK;
        cmd->any_actor = c->word_count - i < 3;
        if (!cmd->any_actor && word_actor(c, i++, &cmd->actor) != 0)
            return -1;
        if (word_text(c, i++, cmd, "words of the check's name") != 0)
            return -1;
        if (i < c->word_count && strcmp(c->words[i].text, "pass") == 0) {
            cmd->pass = true;
        } else if (i >= c->word_count || strcmp(c->words[i].text, "fail") != 0) {
            word_error(c, i, "expect check ends in pass or fail");
            return -1;
        }
        i++;
    } else if (strcmp(what, "knows") == 0) {
        cmd->expect = DEMO_EXPECT_KNOWS;
        if (word_actor(c, i++, &cmd->actor) != 0 ||
            word_text(c, i++, cmd, "the name of a value, such as \"session key\",") != 0)
            return -1;
    } else if (strcmp(what, "text") == 0) {
        cmd->expect = DEMO_EXPECT_TEXT;
        if (word_text(c, i++, cmd, "the text to find") != 0)
            return -1;
    } else {
        word_error(c, i - 1, "%s", usage);
        return -1;
    }
    return no_more_words(c, i, "put a value with spaces in double quotes");
}

/* A command that takes no arguments. */
static int parse_bare(struct line_ctx *c, struct demo_cmd *cmd)
{
    return no_more_words(c, 1, "this command takes nothing after it");
}

static int (*const parsers[])(struct line_ctx *c, struct demo_cmd *cmd) = {
    [DEMO_SET] = parse_set,         [DEMO_STEP] = parse_count,     [DEMO_BACK] = parse_count,
    [DEMO_GOTO] = parse_goto,       [DEMO_PAUSE] = parse_bare,     [DEMO_SLEEP] = parse_sleep,
    [DEMO_CAPTION] = parse_caption, [DEMO_MARK] = parse_mark,      [DEMO_EXPECT] = parse_expect,
};

/* Free the strings one command owns. */
static void cmd_free(struct demo_cmd *cmd)
{
    free(cmd->source);
    free(cmd->name);
    free(cmd->text);
}

/* Read one line (without its newline) into a command, or report why not. */
static void parse_line(struct line_ctx *c)
{
    const char *why = NULL;
    size_t i;

    if (c->len > DEMO_LINE_MAX) {
        line_error(c, 0, "this line is %zu bytes long; a line may have at most %d", c->len,
                   (int)DEMO_LINE_MAX);
        return;
    }
    if (c->number == 1 && c->len >= 3 && memcmp(c->line, "\xEF\xBB\xBF", 3) == 0) {
        line_error(c, 0, "the file starts with a UTF-8 byte-order mark (bytes EF BB BF), "
                   "which a demo script must not have; save it as UTF-8 without a BOM");
        return;
    }
    i = diag_text_check(c->line, c->len, &why);
    if (i < c->len) {
        line_error(c, i, "%s in the line; a demo script is UTF-8 text", why);
        return;
    }
    for (i = 0; i < c->len && (c->line[i] == ' ' || c->line[i] == '\t'); i++)
        ;
    if (i == c->len || c->line[i] == '#')
        return;
    if (split_words(c) != 0)
        return;

    struct demo_cmd cmd = {0};
    size_t k = 0, n = sizeof keywords / sizeof keywords[0];
    while (k < n && strcmp(c->words[0].text, keywords[k]) != 0)
        k++;
    if (k == n) {
        char shown[48];
        const char *like = diag_suggest(c->words[0].text, keywords, n);
        if (like != NULL)
            word_error(c, 0, "unknown command '%s'; did you mean '%s'?",
                       diag_clip(c->words[0].text, shown, sizeof shown), like);
        else
            word_error(c, 0, "unknown command '%s'; the commands are set, step, back, goto, "
                             "pause, sleep, caption, mark and expect ('#' starts a comment "
                             "line)", diag_clip(c->words[0].text, shown, sizeof shown));
        return;
    }
    cmd.op = (enum demo_op)k;
    cmd.line = c->number;
    cmd.source = xstrdup(c->shown);
    if (parsers[k](c, &cmd) != 0) {
        cmd_free(&cmd);
        return;
    }
    if (c->s->count == c->cap) {   /* geometric growth: linear for long scripts */
        c->cap = c->cap ? 2 * c->cap : 64;
        c->s->cmds = xrealloc(c->s->cmds, c->cap * sizeof *c->s->cmds);
    }
    c->s->cmds[c->s->count++] = cmd;
    if (cmd.op == DEMO_MARK)
        mark_add(c, c->s->count - 1);
}

/* Report every set that no other command follows: its options would never
 * be used.  A line in error after them may be the command meant to follow,
 * so then they are left alone. */
static void check_trailing_sets(struct demo_script *s)
{
    size_t first = s->count;

    while (first > 0 && s->cmds[first - 1].op == DEMO_SET)
        first--;
    if (first < s->count && s->errors.count > 0 &&
        s->errors.items[s->errors.count - 1].line > s->cmds[first].line)
        return;
    for (size_t k = first; k < s->count; k++) {
        const struct demo_cmd *cmd = &s->cmds[k];
        if (!diags_add(&s->errors, s->file, cmd->line, 1, cmd->source,
                       "nothing follows this 'set'; options apply to the commands after "
                       "them, so add a step or remove it"))
            return;
    }
}

int demo_parse(const char *file, const char *data, size_t len, struct demo_script *out)
{
    struct line_ctx c = {.s = out};
    size_t pos = 0;

    memset(out, 0, sizeof *out);
    out->file = xstrdup(file);
    while (pos < len && !c.full) {
        const char *nl = memchr(data + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - data) : len;
        c.line = data + pos;
        c.len = end - pos;
        if (c.len > 0 && c.line[c.len - 1] == '\r')
            c.len--;
        c.number++;
        c.shown = diag_text_printable(c.line, c.len, SOURCE_SHOWN_MAX);
        c.word_count = 0;
        parse_line(&c);
        for (size_t k = 0; k < c.word_count; k++)
            free(c.words[k].text);
        free(c.shown);
        pos = end + 1;
    }
    free(c.marks);
    if (!c.full)
        check_trailing_sets(out);
    return out->errors.count == 0 ? 0 : -1;
}

int demo_load(const char *path, struct demo_script *out)
{
    struct bytes data = {0};
    int errnum, status = -1;

    memset(out, 0, sizeof *out);
    switch (fileio_read_file(path, DEMO_FILE_MAX, &data, &errnum)) {
    case FILEIO_OK:
        status = demo_parse(path, data.len ? (const char *)data.data : "", data.len, out);
        bytes_free(&data);
        return status;
    case FILEIO_CANNOT_OPEN:
        diags_add(&out->errors, path, 1, 1, NULL, "cannot open the demo script: %s",
                  strerror(errnum));
        break;
    case FILEIO_CANNOT_READ:
        diags_add(&out->errors, path, 1, 1, NULL, "cannot read the demo script: %s",
                  strerror(errnum));
        break;
    case FILEIO_NOT_REGULAR:
        diags_add(&out->errors, path, 1, 1, NULL,
                  "cannot read the demo script: it is not a regular file");
        break;
    case FILEIO_TOO_LARGE:
        diags_add(&out->errors, path, 1, 1, NULL,
                  "the file is over %d bytes long, too long for a demo script", DEMO_FILE_MAX);
        break;
    }
    out->file = xstrdup(path);
    return status;
}

long demo_script_find_mark(const struct demo_script *s, size_t from, int direction)
{
    if (direction > 0) {
        for (size_t k = from + 1; k < s->count; k++)
            if (s->cmds[k].op == DEMO_MARK)
                return (long)k;
    } else {
        for (size_t k = from < s->count ? from : s->count; k > 0; k--)
            if (s->cmds[k - 1].op == DEMO_MARK)
                return (long)(k - 1);
    }
    return -1;
}

void demo_script_free(struct demo_script *s)
{
    for (size_t i = 0; i < s->count; i++)
        cmd_free(&s->cmds[i]);
    diags_free(&s->errors);
    free(s->cmds);
    free(s->file);
    memset(s, 0, sizeof *s);
}
