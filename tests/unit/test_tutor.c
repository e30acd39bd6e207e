/*
 * test_tutor.c - running a lesson: checkpoints, scoring, resuming, and
 * the options in force at each step; and finding lessons in a directory.
 */
#define _XOPEN_SOURCE 700

#include "course/catalog.h"
#include "course/tutor.h"
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char lesson_text[] = "title T\n"
                                  "step\nsay one\nset seed 5\n"
                                  "step\nawait stage 3\nquiz q\nchoice a\nwhy no\ncorrect b\n"
                                  "step\nset message hello\nquiz q\ncorrect a\nchoice b\nwhy no\n";

static struct lesson *load(void)
{
    struct diags d = {0};
    struct lesson *l = NULL;

    CU_ASSERT_EQUAL(lesson_parse("t.lesson", lesson_text, strlen(lesson_text), &l, &d), 0);
    diags_free(&d);
    return l;
}

static void test_run_through(void)
{
    struct lesson *l = load();
    struct progress p = {0};
    struct tutor t;
    struct sim_options o;
    char err[SIM_OPTION_ERR_MAX];

    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    tutor_start(&t, l, progress_entry(&p, "01-t", 0), false);
    CU_ASSERT_EQUAL(t.entry->total, 3);
    CU_ASSERT_PTR_EQUAL(tutor_step(&t), &l->steps[0]);
    CU_ASSERT_FALSE(tutor_waiting(&t));
    CU_ASSERT_FALSE(tutor_quiz_pending(&t));
    CU_ASSERT_EQUAL(tutor_options(&t, &o, err, sizeof err), 0);
    CU_ASSERT_TRUE(o.seeded);
    CU_ASSERT_EQUAL(o.seed, 5);
    CU_ASSERT_TRUE(tutor_advance(&t));
    CU_ASSERT_EQUAL(p.entries[0].step, 1);

    /* The checkpoint holds the step until the simulator reaches stage 3. */
    CU_ASSERT_TRUE(tutor_waiting(&t));
    CU_ASSERT_FALSE(tutor_advance(&t));
    CU_ASSERT_FALSE(tutor_notify(&t, LESSON_AWAIT_TAMPER, 0));
    CU_ASSERT_FALSE(tutor_notify(&t, LESSON_AWAIT_STAGE, 2));
    CU_ASSERT_TRUE(tutor_notify(&t, LESSON_AWAIT_STAGE, 4));
    CU_ASSERT_FALSE(tutor_waiting(&t));
    CU_ASSERT_TRUE(tutor_quiz_pending(&t));
    CU_ASSERT_FALSE(tutor_advance(&t));
    CU_ASSERT_FALSE(tutor_answer(&t, 0));
    CU_ASSERT_FALSE(tutor_answer(&t, 7));
    CU_ASSERT_TRUE(tutor_answer(&t, 1));
    CU_ASSERT_TRUE(tutor_advance(&t));
    CU_ASSERT_EQUAL(p.entries[0].answered, 1);
    CU_ASSERT_EQUAL(p.entries[0].correct, 0);

    /* Options set in earlier steps stay in force. */
    CU_ASSERT_EQUAL(tutor_options(&t, &o, err, sizeof err), 0);
    CU_ASSERT_EQUAL(o.seed, 5);
    CU_ASSERT_STRING_EQUAL(o.message, "hello");
    CU_ASSERT_TRUE(tutor_answer(&t, 0));
    CU_ASSERT_TRUE(tutor_advance(&t));
    CU_ASSERT_PTR_NULL(tutor_step(&t));
    CU_ASSERT_FALSE(tutor_advance(&t));
    CU_ASSERT_TRUE(progress_done(&p.entries[0]));
    CU_ASSERT_EQUAL(p.entries[0].answered, 2);
    CU_ASSERT_EQUAL(p.entries[0].correct, 1);

    /* Opening a finished lesson starts it over. */
    tutor_start(&t, l, &p.entries[0], false);
    CU_ASSERT_EQUAL(t.step, 0);
    CU_ASSERT_EQUAL(p.entries[0].answered, 0);
    progress_free(&p);
    lesson_free(l);
}

static void test_resume_and_restart(void)
{
    struct lesson *l = load();
    struct progress p = {0};
    struct tutor t;

    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    struct progress_entry *e = progress_entry(&p, "01-t", 3);
    e->step = 2;
    e->answered = 1;
    tutor_start(&t, l, e, false);
    CU_ASSERT_EQUAL(t.step, 2);
    CU_ASSERT_EQUAL(e->answered, 1);
    tutor_start(&t, l, e, true);
    CU_ASSERT_EQUAL(t.step, 0);
    CU_ASSERT_EQUAL(e->answered, 0);

    /* A lesson that lost steps since: the place is kept within it. */
    e->step = 2;
    e->total = 9;
    l->step_count = 2;
    tutor_start(&t, l, e, false);
    CU_ASSERT_EQUAL(e->total, 2);
    CU_ASSERT_PTR_NULL(tutor_step(&t));
    l->step_count = 3;

    /* A finished lesson that grew since: it goes on with the new step. */
    e->step = 2;
    e->total = 2;
    e->answered = 1;
    tutor_start(&t, l, e, false);
    CU_ASSERT_EQUAL(t.step, 2);
    CU_ASSERT_EQUAL(e->total, 3);
    CU_ASSERT_EQUAL(e->answered, 1);
    progress_free(&p);
    lesson_free(l);
}

/* How the current step's quiz was answered outlives quitting (a new tutor
 * on the same entry) and going back and forth: a wrong first answer still
 * scores as wrong, and a solved quiz is not asked again. */
static void test_quiz_state_kept(void)
{
    struct lesson *l = load();
    struct progress p = {0};
    struct tutor t;

    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    struct progress_entry *e = progress_entry(&p, "01-t", 3);
    e->step = 2;

    /* Wrong, quit, come back, right at once: still not right at the first try. */
    tutor_start(&t, l, e, false);
    CU_ASSERT_FALSE(tutor_answer(&t, 1));
    CU_ASSERT_TRUE(e->quiz_missed);
    CU_ASSERT_FALSE(e->quiz_solved);
    tutor_start(&t, l, e, false);
    CU_ASSERT_TRUE(tutor_quiz_pending(&t));
    CU_ASSERT_TRUE(tutor_answer(&t, 0));
    CU_ASSERT_TRUE(e->quiz_missed && e->quiz_solved);
    CU_ASSERT_TRUE(tutor_advance(&t));
    CU_ASSERT_EQUAL(e->answered, 1);
    CU_ASSERT_EQUAL(e->correct, 0);
    CU_ASSERT_FALSE(e->quiz_missed || e->quiz_solved);

    /* Wrong, back a step, forward again: the miss is not forgotten. */
    tutor_start(&t, l, e, true);
    e->step = 2;
    tutor_start(&t, l, e, false);
    CU_ASSERT_FALSE(tutor_answer(&t, 1));
    CU_ASSERT_TRUE(tutor_back(&t));
    CU_ASSERT_TRUE(tutor_advance(&t));
    CU_ASSERT_EQUAL(t.step, 2);
    CU_ASSERT_TRUE(t.quiz_missed);
    CU_ASSERT_TRUE(tutor_answer(&t, 0));
    CU_ASSERT_TRUE(tutor_advance(&t));
    CU_ASSERT_EQUAL(e->correct, 0);

    /* Right at once, then quit before moving on: the quiz is not asked
     * again, and it scores as right. */
    tutor_start(&t, l, e, true);
    e->step = 2;
    tutor_start(&t, l, e, false);
    CU_ASSERT_TRUE(tutor_answer(&t, 0));
    tutor_start(&t, l, e, false);
    CU_ASSERT_FALSE(tutor_quiz_pending(&t));
    CU_ASSERT_TRUE(tutor_advance(&t));
    CU_ASSERT_EQUAL(e->answered, 1);
    CU_ASSERT_EQUAL(e->correct, 1);

    /* Starting over clears it. */
    e->step = 2;
    tutor_start(&t, l, e, false);
    CU_ASSERT_FALSE(tutor_answer(&t, 1));
    tutor_start(&t, l, e, true);
    CU_ASSERT_FALSE(e->quiz_missed || e->quiz_solved);
    progress_free(&p);
    lesson_free(l);
}

static void test_catalog(void)
{
    char dir[] = "/tmp/tlssim-catalog-XXXXXX", path[256], err[CATALOG_ERR_MAX];
    static const char *const names[] = {"10-ten.lesson", "02-two.lesson", "01-one.lesson",
                                        "notes.txt", "x-1.lesson", "03 bad.lesson"};
    struct catalog c;
    struct progress p = {0};

    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        FILE *f = fopen(path, "w");
        CU_ASSERT_PTR_NOT_NULL_FATAL(f);
        fclose(f);
    }
    CU_ASSERT_EQUAL_FATAL(catalog_open_dir(&c, dir, err, sizeof err), 0);
    CU_ASSERT_EQUAL_FATAL(c.count, 3);
    CU_ASSERT_STRING_EQUAL(c.entries[0].id, "01-one");
    CU_ASSERT_EQUAL(c.entries[2].number, 10);
    CU_ASSERT_PTR_EQUAL(catalog_lookup(&c, "2"), &c.entries[1]);
    CU_ASSERT_PTR_EQUAL(catalog_lookup(&c, "02"), &c.entries[1]);
    CU_ASSERT_PTR_EQUAL(catalog_lookup(&c, "ten"), &c.entries[2]);
    CU_ASSERT_PTR_EQUAL(catalog_lookup(&c, "01-one"), &c.entries[0]);
    CU_ASSERT_PTR_NULL(catalog_lookup(&c, "4"));
    CU_ASSERT_PTR_NULL(catalog_lookup(&c, ""));

    CU_ASSERT_PTR_EQUAL(catalog_next_open(&c, &p, ""), &c.entries[0]);
    progress_entry(&p, "02-two", 1)->step = 1;
    CU_ASSERT_PTR_EQUAL(catalog_next_open(&c, &p, "01-one"), &c.entries[2]);
    progress_entry(&p, "10-ten", 1)->step = 1;
    CU_ASSERT_PTR_EQUAL(catalog_next_open(&c, &p, "01-one"), &c.entries[0]);
    progress_entry(&p, "01-one", 1)->step = 1;
    CU_ASSERT_PTR_NULL(catalog_next_open(&c, &p, "01-one"));
    catalog_free(&c);

    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        unlink(path);
    }
    rmdir(dir);
    CU_ASSERT_EQUAL(catalog_open_dir(&c, dir, err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "TLSSIM_LESSONS_DIR"));
    catalog_free(&c);
    progress_free(&p);
}

static void test_back_and_review(void)
{
    struct lesson *l = load();
    struct progress p = {0};
    struct tutor t;

    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    tutor_start(&t, l, progress_entry(&p, "01-t", 0), false);
    CU_ASSERT_FALSE(tutor_back(&t));
    CU_ASSERT_TRUE(tutor_advance(&t));
    CU_ASSERT_TRUE(tutor_notify(&t, LESSON_AWAIT_STAGE, 3));
    CU_ASSERT_FALSE(tutor_answer(&t, 0));
    CU_ASSERT_TRUE(tutor_answer(&t, 1));
    CU_ASSERT_TRUE(tutor_advance(&t));
    CU_ASSERT_EQUAL(t.entry->step, 2);
    CU_ASSERT_EQUAL(t.entry->answered, 1);
    CU_ASSERT_FALSE(tutor_reviewing(&t));

    /* Back at a finished step: nothing waits, nothing scores again. */
    CU_ASSERT_TRUE(tutor_back(&t));
    CU_ASSERT_EQUAL(t.step, 1);
    CU_ASSERT_TRUE(tutor_reviewing(&t));
    CU_ASSERT_FALSE(tutor_waiting(&t));
    CU_ASSERT_FALSE(tutor_quiz_pending(&t));
    CU_ASSERT_FALSE(tutor_answer(&t, 1));
    CU_ASSERT_TRUE(tutor_back(&t));
    CU_ASSERT_EQUAL(t.step, 0);
    CU_ASSERT_TRUE(tutor_advance(&t));
    CU_ASSERT_TRUE(tutor_advance(&t));
    CU_ASSERT_EQUAL(t.step, 2);
    CU_ASSERT_EQUAL(t.entry->step, 2);
    CU_ASSERT_EQUAL(t.entry->answered, 1);
    CU_ASSERT_EQUAL(t.entry->correct, 0);

    /* The first step not yet finished asks again. */
    CU_ASSERT_FALSE(tutor_reviewing(&t));
    CU_ASSERT_TRUE(tutor_quiz_pending(&t));
    CU_ASSERT_FALSE(tutor_advance(&t));
    progress_free(&p);
    lesson_free(l);
}

int main(void)
{
    static const struct unit_test tests[] = {
        {"a lesson from start to end", test_run_through},
        {"resume and restart", test_resume_and_restart},
        {"a quiz's answers outlive quitting and going back", test_quiz_state_kept},
        {"going back to a finished step", test_back_and_review},
        {"lessons in a directory", test_catalog},
        {NULL, NULL},
    };
    return unit_run("tutor", tests);
}
