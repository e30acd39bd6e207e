/*
 * demo_expect.c - judging `expect` lines against the engine's state.
 */
#include "course/demo_expect.h"

#include "base/bytes.h"
#include "base/crypt.h"
#include "base/text.h"

#include <stdlib.h>
#include <string.h>

#define LISTED_MAX 12  /* names listed when the one wanted is missing */

/* A copy of s with every run of spaces, tabs and newlines made one space,
 * and none at either end. */
static char *squeeze_spaces(const char *s)
{
    char *out = xcalloc(1, strlen(s) + 1);
    size_t o = 0;
    bool gap = false;

    for (; *s; s++) {
        if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
            gap = o > 0;
            continue;
        }
        if (gap)
            out[o++] = ' ';
        gap = false;
        out[o++] = *s;
    }
    out[o] = '\0';
    return out;
}

/* Append the NUL-terminated string s to b. */
static void append(struct bytes *b, const char *s)
{
    bytes_append(b, s, strlen(s));
}

/* Turn b into a string the caller frees. */
static char *finish(struct bytes *b)
{
    bytes_append_byte(b, 0);
    return (char *)b->data;
}

/* expect stage N: the engine has run exactly N stages. */
static bool judge_stage(const struct demo_cmd *cmd, const struct engine *e, char **expected,
                        char **actual)
{
    int stage = engine_stage(e);

    *expected = xasprintf("%sstage %d", cmd->negate ? "not " : "", cmd->number);
    *actual = stage == 0 ? xstrdup("stage 0 (nothing has run yet)")
                         : xasprintf("stage %d (%s)", stage, engine_stage_name(stage));
    return stage == cmd->number;
}

static const char *const outcome_words[] = {
    [DEMO_OUTCOME_COMPLETED] = "completed",
    [DEMO_OUTCOME_ABORTED] = "aborted",
    [DEMO_OUTCOME_INCOMPLETE] = "incomplete",
    [DEMO_OUTCOME_TAMPER_DETECTED] = "tamper-detected",
    [DEMO_OUTCOME_EVE_READ_PLAINTEXT] = "eve-read-plaintext",
    [DEMO_OUTCOME_ALERT] = "alert",
    [DEMO_OUTCOME_CERT_OVERRIDDEN] = "cert-overridden",
    [DEMO_OUTCOME_FS_HELD] = "forward-secrecy-held",
    [DEMO_OUTCOME_FS_BROKEN] = "forward-secrecy-broken",
};

/* Whether the outcome so far, r, has the property outcome. */
static bool outcome_holds(const struct sim_result *r, enum demo_outcome outcome)
{
    switch (outcome) {
    case DEMO_OUTCOME_COMPLETED: return r->completed;
    case DEMO_OUTCOME_ABORTED: return r->aborted && !r->alert;
    case DEMO_OUTCOME_ALERT: return r->alert;
    case DEMO_OUTCOME_CERT_OVERRIDDEN: return r->cert_overridden;
    case DEMO_OUTCOME_FS_HELD: return r->forward_secrecy == SIM_FS_HELD;
    case DEMO_OUTCOME_FS_BROKEN: return r->forward_secrecy == SIM_FS_BROKEN;
    case DEMO_OUTCOME_INCOMPLETE: return !r->completed && !r->aborted;
    case DEMO_OUTCOME_TAMPER_DETECTED: return r->tamper_detected;
    case DEMO_OUTCOME_EVE_READ_PLAINTEXT: return r->eve_read_plaintext;
    }
    return false;
}

/* expect result WORD: one property of the outcome so far. */
static bool judge_result(const struct demo_cmd *cmd, const struct engine *e, char **expected,
                         char **actual)
{
    const struct sim_result *r = engine_result(e);
    char state[SIM_REASON_MAX + 64];

    if (r->completed)
        snprintf(state, sizeof state, "completed");
    else if (r->alert)
        snprintf(state, sizeof state, "closed by a bad_record_mac alert at stage %d (%s)",
                 r->aborted_at, r->reason);
    else if (r->aborted)
        snprintf(state, sizeof state, "aborted at stage %d (%s)", r->aborted_at, r->reason);
    else
        snprintf(state, sizeof state, "incomplete (stage %d of %d)", engine_stage(e),
                 SIM_STAGE_COUNT);
    *expected = xasprintf("%sresult %s", cmd->negate ? "not " : "", outcome_words[cmd->outcome]);
    *actual = xasprintf("%s; tamper-detected: %s; eve-read-plaintext: %s", state,
                        r->tamper_detected ? "yes" : "no", r->eve_read_plaintext ? "yes" : "no");
    return outcome_holds(r, cmd->outcome);
}

/* expect reason TEXT: the run was aborted for a reason containing TEXT. */
static bool judge_reason(const struct demo_cmd *cmd, const struct engine *e, char **expected,
                         char **actual)
{
    const struct sim_result *r = engine_result(e);

    *expected = xasprintf("%sreason containing \"%s\"", cmd->negate ? "no " : "a ", cmd->text);
    if (!r->aborted) {
        *actual = xstrdup("no reason: the handshake has not been aborted");
        return false;
    }
    *actual = xasprintf("reason \"%s\"", r->reason);
    return text_contains_fold(r->reason, cmd->text);
}

/* expect check [ACTOR] NAME pass|fail: the latest check whose title holds
 * NAME, or whose id is NAME, came out so. */
static bool judge_check(const struct demo_cmd *cmd, const struct engine *e, char **expected,
                        char **actual)
{
    const struct sim_event *found = NULL;
    const char *who = cmd->any_actor ? "any actor" : sim_actor_name(cmd->actor);
    struct bytes seen = {0};
    size_t listed = 0;

    for (size_t i = 0; i < engine_event_count(e); i++) {
        const struct sim_event *ev = engine_event(e, i);
        if (ev->kind != SIM_EV_CHECK || (!cmd->any_actor && ev->actor != cmd->actor))
            continue;
        if (text_contains_fold(ev->title, cmd->text) ||
            (ev->check_id != NULL && strcmp(ev->check_id, cmd->text) == 0))
            found = ev;
        if (listed++ < LISTED_MAX) {
            append(&seen, listed > 1 ? ", \"" : "\"");
            append(&seen, ev->title);
            append(&seen, "\" by ");
            append(&seen, sim_actor_name(ev->actor));
            append(&seen, ev->ok ? ": pass" : ": fail");
        }
    }
    if (listed > LISTED_MAX)
        append(&seen, ", ...");
    *expected = xasprintf("%scheck \"%s\" by %s: %s", cmd->negate ? "not " : "", cmd->text, who,
                          cmd->pass ? "pass" : "fail");
    if (found != NULL)
        *actual = xasprintf("check \"%s\" by %s: %s (%s)", found->title,
                            sim_actor_name(found->actor), found->ok ? "pass" : "fail",
                            found->text ? found->text : "");
    else if (listed == 0)
        *actual = xasprintf("no check by %s has run yet", who);
    else
        *actual = xasprintf("no check named like \"%s\" has run; the checks so far: %s",
                            cmd->text, finish(&seen));
    bytes_free(&seen);
    return found != NULL && found->ok == cmd->pass;
}

/* expect knows ACTOR NAME: a value of exactly that name is among what ACTOR knows. */
static bool judge_knows(const struct demo_cmd *cmd, const struct engine *e, char **expected,
                        char **actual)
{
    const char *who = sim_actor_name(cmd->actor);
    const struct sim_event *found = NULL;
    struct bytes seen = {0};
    size_t listed = 0;

    for (size_t i = 0; i < engine_event_count(e); i++) {
        const struct sim_event *ev = engine_event(e, i);
        if (ev->kind != SIM_EV_KNOWS || ev->actor != cmd->actor)
            continue;
        if (found == NULL && text_equal_fold(ev->title, cmd->text))
            found = ev;
        if (listed++ < LISTED_MAX) {
            append(&seen, listed > 1 ? ", \"" : "\"");
            append(&seen, ev->title);
            append(&seen, "\"");
        }
    }
    if (listed > LISTED_MAX)
        append(&seen, ", ...");
    *expected = xasprintf("%s %s \"%s\"", who, cmd->negate ? "does not know" : "knows",
                          cmd->text);
    if (found != NULL)
        *actual = xasprintf("%s knows \"%s\" since stage %d", who, found->title, found->stage);
    else if (listed == 0)
        *actual = xasprintf("%s knows nothing yet", who);
    else
        *actual = xasprintf("%s knows only: %s", who, finish(&seen));
    bytes_free(&seen);
    return found != NULL;
}

/* Returns 1 when the text is shown, 0 when it is not, -1 when there is no
 * text to look in (a failure whether or not the line is negated). */
static int judge_text(const struct demo_cmd *cmd, const struct engine *e, demo_text_fn text,
                      void *ctx, char **expected, char **actual)
{
    int stage = engine_stage(e);
    char *shown = text ? text(e, stage, ctx) : NULL;
    bool holds = false;

    *expected = xasprintf("%s\"%s\" in what stage %d shows", cmd->negate ? "no text " : "text ",
                          cmd->text, stage);
    if (shown == NULL) {
        *actual = xstrdup("this player shows no text to compare with");
        return -1;
    }
    char *hay = squeeze_spaces(shown);
    char *needle = squeeze_spaces(cmd->text);
    holds = strstr(hay, needle) != NULL;
    *actual = xasprintf("stage %d %s it", stage, holds ? "shows" : "does not show");
    /* What a stage shows includes secret keys in hex: wipe the copies. */
    free(needle);
    crypt_free(hay, strlen(hay));
    crypt_free(shown, strlen(shown));
    return holds ? 1 : 0;
}

/* How an expect line that looks at the engine alone is judged. */
typedef bool judge_fn(const struct demo_cmd *cmd, const struct engine *e, char **expected,
                      char **actual);

static judge_fn *const engine_judges[] = {
    [DEMO_EXPECT_STAGE] = judge_stage,
    [DEMO_EXPECT_RESULT] = judge_result,
    [DEMO_EXPECT_REASON] = judge_reason,
    [DEMO_EXPECT_CHECK] = judge_check,
    [DEMO_EXPECT_KNOWS] = judge_knows,
};

bool demo_expect_judge(const struct demo_cmd *cmd, const struct engine *e, demo_text_fn text,
                       void *ctx, char **expected, char **actual)
{
    bool holds = false;

    if (cmd->expect == DEMO_EXPECT_TEXT) {
        int shown = judge_text(cmd, e, text, ctx, expected, actual);
        if (shown < 0)
            return false;
        holds = shown == 1;
    } else if ((size_t)cmd->expect < sizeof engine_judges / sizeof engine_judges[0] &&
               engine_judges[cmd->expect] != NULL) {
        holds = engine_judges[cmd->expect](cmd, e, expected, actual);
    }
    return holds != cmd->negate;
}
