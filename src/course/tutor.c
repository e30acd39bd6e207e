/*
 * tutor.c - the lesson runner's state: steps, checkpoints and scores.
 */
#include "course/tutor.h"

#include <string.h>

/* Clear what the student has done at the current step; a step finished
 * before (one looked at again) has nothing left to do. */
static void step_reset(struct tutor *t)
{
    bool done = t->step < t->entry->step;
    bool current = t->step == t->entry->step;

    t->await_met = done;
    t->quiz_solved = done || (current && t->entry->quiz_solved);
    t->quiz_missed = current && t->entry->quiz_missed;
}

void tutor_start(struct tutor *t, const struct lesson *l, struct progress_entry *entry,
                 bool restart)
{
    memset(t, 0, sizeof *t);
    t->lesson = l;
    t->entry = entry;
    /* finished means as saved and as the lesson is now: a lesson that grew
     * since goes on with its new steps, as 'tlssim lessons' says */
    bool finished = progress_done(entry) && entry->step >= l->step_count;
    entry->total = (unsigned)l->step_count;
    if (restart || finished) {
        entry->step = 0;
        entry->answered = 0;
        entry->correct = 0;
        entry->quiz_missed = false;
        entry->quiz_solved = false;
    }
    if (entry->step > entry->total)
        entry->step = entry->total;
    t->step = entry->step;
    step_reset(t);
}

const struct lesson_step *tutor_step(const struct tutor *t)
{
    return t->step < t->lesson->step_count ? &t->lesson->steps[t->step] : NULL;
}

int tutor_options(const struct tutor *t, struct sim_options *o, char *err, size_t errlen)
{
    sim_options_default(o);
    for (size_t i = 0; i <= t->step && i < t->lesson->step_count; i++) {
        const struct lesson_step *s = &t->lesson->steps[i];
        for (size_t j = 0; j < s->setting_count; j++)
            if (sim_options_set(o, s->settings[j].name, s->settings[j].value, err, errlen) != 0)
                return -1;
    }
    return 0;
}

bool tutor_waiting(const struct tutor *t)
{
    const struct lesson_step *s = tutor_step(t);

    return s != NULL && s->await != LESSON_AWAIT_NONE && !t->await_met;
}

bool tutor_notify(struct tutor *t, enum lesson_await what, int stage)
{
    const struct lesson_step *s = tutor_step(t);

    if (!tutor_waiting(t) || what != s->await)
        return false;
    if (what == LESSON_AWAIT_STAGE && stage < s->await_stage)
        return false;
    t->await_met = true;
    return true;
}

void tutor_skip_await(struct tutor *t)
{
    t->await_met = true;
}

bool tutor_quiz_pending(const struct tutor *t)
{
    const struct lesson_step *s = tutor_step(t);

    return s != NULL && s->quiz.question != NULL && !t->quiz_solved;
}

bool tutor_answer(struct tutor *t, size_t choice)
{
    const struct lesson_step *s = tutor_step(t);

    if (!tutor_quiz_pending(t) || choice >= s->quiz.choice_count)
        return false;
    bool right = choice == s->quiz.correct;
    if (right)
        t->quiz_solved = true;
    else
        t->quiz_missed = true;
    if (t->step == t->entry->step) {
        /* kept in the entry, so that quitting or going back forgets nothing */
        t->entry->quiz_missed = t->quiz_missed;
        t->entry->quiz_solved = t->quiz_solved;
    }
    return right;
}

bool tutor_advance(struct tutor *t)
{
    const struct lesson_step *s = tutor_step(t);

    if (s == NULL || tutor_waiting(t) || tutor_quiz_pending(t))
        return false;
    if (t->step == t->entry->step) {
        if (s->quiz.question != NULL) {
            t->entry->answered++;
            if (!t->quiz_missed)
                t->entry->correct++;
        }
        t->entry->step = (unsigned)t->step + 1;
        t->entry->quiz_missed = false;
        t->entry->quiz_solved = false;
    }
    t->step++;
    step_reset(t);
    return true;
}

bool tutor_back(struct tutor *t)
{
    if (t->step == 0)
        return false;
    t->step--;
    step_reset(t);
    return true;
}

bool tutor_reviewing(const struct tutor *t)
{
    return t->step < t->entry->step;
}
