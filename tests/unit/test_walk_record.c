/*
 * test_walk_record.c - a recorded walkthrough is a demo script that parses
 * and replays to the stage and options the walk ended with: options first,
 * switches turned on and off again, tampering turned off, quoted text.
 */
#define _POSIX_C_SOURCE 200809L /* mkstemp */

#include "course/demo.h"
#include "engine/engine.h"
#include "unit.h"
#include "course/walk_record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Play the script at path to its end; the engine's stage and options
 * afterwards go to *stage and *opts.  Returns the last action before END. */
static enum demo_do replay(const char *path, int *stage, struct sim_options *opts)
{
    struct demo_script s;
    struct demo_action a;
    enum demo_do last = DEMO_DO_END, what;

    CU_ASSERT_EQUAL_FATAL(demo_load(path, &s), 0);
    struct demo_run *r = demo_run_new(&s, NULL, NULL);
    CU_ASSERT_FATAL(r != NULL);
    while ((what = demo_run_next(r, &a)) != DEMO_DO_END) {
        last = what;
        if (what == DEMO_DO_FAILED || what == DEMO_DO_ERROR)
            demo_run_print_problem(r, stderr);
    }
    *stage = engine_stage(demo_run_engine(r));
    *opts = *engine_options(demo_run_engine(r));
    demo_run_free(r);
    demo_script_free(&s);
    return last;
}

static void test_round_trip(void)
{
    char path[] = "/tmp/tlssim-record-XXXXXX";
    char err[256];
    struct sim_options o, got;
    struct walk_record *rec;
    int stage;
    int fd = mkstemp(path);

    CU_ASSERT_FATAL(fd >= 0);
    close(fd);
    sim_options_default(&o);
    CU_ASSERT_EQUAL(sim_options_set(&o, "seed", "42", err, sizeof err), 0);
    CU_ASSERT_EQUAL(sim_options_set(&o, "message", "say \"hi\" \\ #1", err, sizeof err), 0);
    CU_ASSERT_EQUAL_FATAL(walk_record_open(&rec, path, &o, err, sizeof err), 0);
    walk_record_stage(rec, 1);
    walk_record_stage(rec, 3);
    o.mitm = true;
    o.accept_bad_cert = true;
    walk_record_options(rec, &o, 3);
    walk_record_stage(rec, 7);
    o.tamper_stage = 7;
    walk_record_options(rec, &o, 7);
    o.tamper_stage = 0;
    o.mitm = false;
    walk_record_options(rec, &o, 7);
    walk_record_options(rec, &o, 7); /* nothing changed: nothing written */
    walk_record_stage(rec, 8);
    CU_ASSERT_EQUAL(walk_record_close(rec, err, sizeof err), 0);

    CU_ASSERT_EQUAL(replay(path, &stage, &got), DEMO_DO_RESULT);
    CU_ASSERT_EQUAL(stage, 8);
    CU_ASSERT(got.seeded && got.seed == 42);
    CU_ASSERT_STRING_EQUAL(got.message, o.message);
    CU_ASSERT_FALSE(got.mitm);
    CU_ASSERT_TRUE(got.accept_bad_cert);
    CU_ASSERT_EQUAL(got.tamper_stage, 0);
    remove(path);
}

static void test_unwritable(void)
{
    struct sim_options o;
    struct walk_record *rec = (struct walk_record *)&o;
    char err[256] = "";

    sim_options_default(&o);
    CU_ASSERT_EQUAL(walk_record_open(&rec, "/nonexistent-dir/x.demo", &o, err, sizeof err), -1);
    CU_ASSERT_PTR_NULL(rec);
    unit_expect_contains(err, "cannot write /nonexistent-dir/x.demo");
    CU_ASSERT_EQUAL(walk_record_close(NULL, err, sizeof err), 0);
}

int main(void)
{
    static const struct unit_test tests[] = {
        {"a recorded session replays to the same stage and options", test_round_trip},
        {"a file that cannot be written is reported", test_unwritable},
        {NULL, NULL},
    };
    return unit_run("walk_record", tests);
}
