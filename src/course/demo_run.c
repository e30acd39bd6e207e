/*
 * demo_run.c - the demo driver: walks a parsed script over an engine and
 * says, one action at a time, what a front end should show.
 *
 * `set` lines gather options; the first other command after them starts a
 * new run with those options (after the outcome of the previous run, if
 * there was one).  Moving commands set a goal stage, which the engine then
 * reaches one stage at a time so that each stage is shown as it is reached.
 */
#include "course/demo.h"

#include "base/bytes.h"
#include "course/demo_expect.h"
#include "course/sim_open.h"

#include <stdlib.h>
#include <string.h>

struct demo_run {
    const struct demo_script *s;
    demo_text_fn text;
    void *ctx;
    struct sim_options opts;      /* as set so far */
    struct engine *e;
    bool stale;                   /* options were set after e was made */
    bool result_due;              /* the run has begun and its outcome is not shown yet */
    bool finishing;               /* no command is left to run */
    bool done;
    bool quiet;                   /* seeking: expects are skipped */
    int goal;                     /* the stage the engine is moving to */
    size_t pc;                    /* the next command */
    const struct demo_cmd *current;
    const struct demo_cmd *problem;
    char *expected;               /* after FAILED */
    char *actual;
    char error[ENGINE_ERR_MAX];   /* after ERROR */
};

/* Put the run back before its first command. */
static void run_reset(struct demo_run *r)
{
    engine_free(r->e);
    free(r->expected);
    free(r->actual);
    const struct demo_script *s = r->s;
    demo_text_fn text = r->text;
    void *ctx = r->ctx;
    memset(r, 0, sizeof *r);
    r->s = s;
    r->text = text;
    r->ctx = ctx;
    sim_options_default(&r->opts);
}

struct demo_run *demo_run_new(const struct demo_script *s, demo_text_fn text, void *ctx)
{
    struct demo_run *r = xcalloc(1, sizeof *r);

    r->s = s;
    r->text = text;
    r->ctx = ctx;
    run_reset(r);
    return r;
}

/* Fill the action and return its kind. */
static enum demo_do say(struct demo_run *r, struct demo_action *a, enum demo_do what,
                        const struct demo_cmd *cmd)
{
    a->what = what;
    a->cmd = cmd;
    a->stage = r->e ? engine_stage(r->e) : 0;
    return what;
}

/* Stop the run with an error made by the engine or the options. */
static enum demo_do fail_to_run(struct demo_run *r, struct demo_action *a,
                                const struct demo_cmd *cmd)
{
    r->problem = cmd;
    r->done = true;
    return say(r, a, DEMO_DO_ERROR, cmd);
}

/* Begin a new run with the options set so far. */
static enum demo_do start_run(struct demo_run *r, struct demo_action *a,
                              const struct demo_cmd *cmd)
{
    engine_free(r->e);
    r->e = NULL;
    if (sim_open_engine(&r->opts, &r->e, r->error, sizeof r->error) != 0)
        return fail_to_run(r, a, cmd);
    r->stale = false;
    r->goal = 0;
    r->result_due = true;
    return say(r, a, DEMO_DO_START, cmd);
}

/* The action of each command that only the front end acts on. */
static const enum demo_do front_end_action[] = {
    [DEMO_PAUSE] = DEMO_DO_PAUSE,
    [DEMO_SLEEP] = DEMO_DO_SLEEP,
    [DEMO_CAPTION] = DEMO_DO_CAPTION,
    [DEMO_MARK] = DEMO_DO_MARK,
};

/* Run one command that does not need an engine action of its own; returns
 * true when it produced an action for the front end. */
static bool run_command(struct demo_run *r, struct demo_action *a, const struct demo_cmd *cmd)
{
    int stage = engine_stage(r->e);

    switch (cmd->op) {
    case DEMO_STEP:
        r->goal = stage + cmd->number > SIM_STAGE_COUNT ? SIM_STAGE_COUNT : stage + cmd->number;
        return false;
    case DEMO_BACK:
        r->goal = stage - cmd->number < 0 ? 0 : stage - cmd->number;
        return false;
    case DEMO_GOTO:
        r->goal = cmd->number;
        return false;
    case DEMO_PAUSE:
    case DEMO_SLEEP:
    case DEMO_CAPTION:
    case DEMO_MARK:
        /* the front end's alone: a wait, a caption, a marker passed */
        a->ms = cmd->ms;
        a->text = cmd->op == DEMO_MARK ? cmd->name : cmd->text;
        say(r, a, front_end_action[cmd->op], cmd);
        return true;
    case DEMO_EXPECT:
        if (r->quiet)
            return false;
        free(r->expected);
        free(r->actual);
        if (demo_expect_judge(cmd, r->e, r->text, r->ctx, &r->expected, &r->actual)) {
            free(r->expected);
            free(r->actual);
            r->expected = r->actual = NULL;
            return false;
        }
        r->problem = cmd;
        r->finishing = true;
        say(r, a, DEMO_DO_FAILED, cmd);
        return true;
    case DEMO_SET:
        break;
    }
    return false;
}

enum demo_do demo_run_next(struct demo_run *r, struct demo_action *a)
{
    memset(a, 0, sizeof *a);
    for (;;) {
        if (r->done)
            return say(r, a, DEMO_DO_END, NULL);
        if (r->e != NULL && engine_stage(r->e) < r->goal) {
            engine_step(r->e);
            return say(r, a, DEMO_DO_STAGE, r->current);
        }
        if (r->e != NULL && engine_stage(r->e) > r->goal) {
            engine_goto(r->e, r->goal);
            return say(r, a, DEMO_DO_BACK, r->current);
        }
        if (r->finishing || r->pc == r->s->count) {
            r->finishing = true;
            if (r->e == NULL)
                return start_run(r, a, NULL);
            if (r->result_due) {
                r->result_due = false;
                return say(r, a, DEMO_DO_RESULT, NULL);
            }
            r->done = true;
            continue;
        }
        const struct demo_cmd *cmd = &r->s->cmds[r->pc];
        if (cmd->op == DEMO_SET) {
            if (sim_options_set(&r->opts, cmd->name, cmd->text, r->error, sizeof r->error) != 0)
                return fail_to_run(r, a, cmd);
            r->stale = true;
            r->pc++;
            continue;
        }
        if (r->e == NULL || r->stale) {
            if (r->result_due) {
                r->result_due = false;
                return say(r, a, DEMO_DO_RESULT, cmd);
            }
            return start_run(r, a, cmd);
        }
        r->pc++;
        r->current = cmd;
        if (run_command(r, a, cmd))
            return a->what;
    }
}

const struct engine *demo_run_engine(const struct demo_run *r)
{
    return r->e;
}

size_t demo_run_position(const struct demo_run *r)
{
    return r->pc;
}

int demo_run_seek(struct demo_run *r, size_t pos)
{
    struct demo_action a;
    int status = 0;

    run_reset(r);
    r->quiet = true;
    while (!r->done && (r->pc < pos || (r->e != NULL && engine_stage(r->e) != r->goal))) {
        if (demo_run_next(r, &a) == DEMO_DO_ERROR) {
            status = -1;
            break;
        }
    }
    r->quiet = false;
    return status;
}

void demo_run_print_problem(const struct demo_run *r, FILE *out)
{
    const struct demo_cmd *cmd = r->problem;
    unsigned line = cmd ? cmd->line : 0;

    if (r->expected != NULL && cmd != NULL) {
        const char *source = cmd->source;
        while (*source == ' ' || *source == '\t')
            source++;
        fprintf(out, "%s:%u: expect failed: %s\n  expected: %s\n  actual:   %s\n", r->s->file,
                line, source, r->expected, r->actual);
    } else if (r->error[0] != '\0') {
        if (line > 0)
            fprintf(out, "%s:%u: ", r->s->file, line);
        else
            fprintf(out, "%s: ", r->s->file);
        fprintf(out, "error: the simulation cannot run with these options: %s\n", r->error);
    }
}

void demo_run_free(struct demo_run *r)
{
    if (r == NULL)
        return;
    engine_free(r->e);
    free(r->expected);
    free(r->actual);
    free(r);
}
