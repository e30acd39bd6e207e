/*
 * test_walk_record.c - a recorded walkthrough is a demo script that parses
 * and replays to the stage and options the walk ended with: options first,
 * switches turned on and off again, tampering turned off, quoted text.
 */
#define _POSIX_C_SOURCE 200809L /* mkstemp, mkdtemp, symlink */

#include "course/demo.h"
#include "engine/engine.h"
#include "unit.h"
#include "course/walk_record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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
    CU_ASSERT_EQUAL_FATAL(walk_record_open(&rec, path, &o, true, err, sizeof err), 0);
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

    /* Every change is in the script, in order, even those that end where
     * they began (the replay below could not tell them from no change). */
    char text[1024] = "";
    FILE *f = fopen(path, "r");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    text[fread(text, 1, sizeof text - 1, f)] = '\0';
    fclose(f);
    CU_ASSERT_STRING_EQUAL(text,
                           "# Recorded with tlssim --record; replay with tlssim play.\n"
                           "set seed 42\n"
                           "set message \"say \\\"hi\\\" \\\\ #1\"\n"
                           "step\n"
                           "goto 3\n"
                           "set mitm\n"
                           "set accept-bad-cert\n"
                           "goto 3\n"
                           "goto 7\n"
                           "set tamper 7\n"
                           "goto 7\n"
                           "set tamper off\n"
                           "set mitm off\n"
                           "goto 7\n"
                           "step\n"
                           "expect stage 8\n");

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
    CU_ASSERT_EQUAL(walk_record_open(&rec, "/nonexistent-dir/x.demo", &o, true, err,
                                     sizeof err), -1);
    CU_ASSERT_PTR_NULL(rec);
    unit_expect_contains(err, "cannot write into the directory '/nonexistent-dir'");
    CU_ASSERT_EQUAL(walk_record_close(NULL, err, sizeof err), 0);
}

/* What is at path, whole, as text (at most 255 bytes). */
static const char *contents(const char *path)
{
    static char text[256];
    FILE *f = fopen(path, "r");

    text[0] = '\0';
    if (f != NULL) {
        text[fread(text, 1, sizeof text - 1, f)] = '\0';
        fclose(f);
    }
    return text;
}

/* An existing file is replaced only when asked, and then at once (the old
 * contents stay until the walk ends); a symbolic link, a FIFO and a
 * directory are never written to. */
static void test_targets(void)
{
    char dir[] = "/tmp/tlssim-record-XXXXXX", path[128], other[128], err[256];
    struct sim_options o;
    struct walk_record *rec;

    sim_options_default(&o);
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/old.demo", dir);
    FILE *f = fopen(path, "w");
    fputs("keep me\n", f);
    fclose(f);
    CU_ASSERT_EQUAL(walk_record_open(&rec, path, &o, false, err, sizeof err), -1);
    unit_expect_contains(err, "already exists; add --force");
    CU_ASSERT_STRING_EQUAL(contents(path), "keep me\n");

    CU_ASSERT_EQUAL_FATAL(walk_record_open(&rec, path, &o, true, err, sizeof err), 0);
    walk_record_stage(rec, 1);
    CU_ASSERT_STRING_EQUAL(contents(path), "keep me\n");   /* not yet replaced */
    CU_ASSERT_EQUAL(walk_record_close(rec, err, sizeof err), 0);
    unit_expect_contains(contents(path), "expect stage 1\n");

    snprintf(other, sizeof other, "%s/link.demo", dir);
    CU_ASSERT_EQUAL(symlink(path, other), 0);
    CU_ASSERT_EQUAL(walk_record_open(&rec, other, &o, true, err, sizeof err), -1);
    unit_expect_contains(err, "is not a regular file");
    remove(other);
    CU_ASSERT_EQUAL(mkfifo(other, 0600), 0);
    CU_ASSERT_EQUAL(walk_record_open(&rec, other, &o, true, err, sizeof err), -1);
    unit_expect_contains(err, "is not a regular file");
    remove(other);
    CU_ASSERT_EQUAL(walk_record_open(&rec, dir, &o, true, err, sizeof err), -1);
    unit_expect_contains(err, "is not a regular file");

    /* nothing but the script is left behind */
    CU_ASSERT_EQUAL(remove(path), 0);
    CU_ASSERT_EQUAL(rmdir(dir), 0);
}

int main(void)
{
    static const struct unit_test tests[] = {
        {"a recorded session replays to the same stage and options", test_round_trip},
        {"a file that cannot be written is reported", test_unwritable},
        {"existing files, links and FIFOs", test_targets},
        {NULL, NULL},
    };
    return unit_run("walk_record", tests);
}
