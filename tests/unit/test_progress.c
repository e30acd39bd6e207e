/*
 * test_progress.c - the progress file: its path, a save and load round
 * trip, atomic replacement, and damaged files kept aside.
 */
#define _XOPEN_SOURCE 700

#include "course/progress.h"
#include "unit.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char dir[64];

/* Make a fresh temporary directory for one test in dir. */
static void fresh_dir(void)
{
    snprintf(dir, sizeof dir, "/tmp/tlssim-progress-XXXXXX");
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
}

/* Remove dir and what is in it (one level of subdirectories is enough here). */
static void remove_tree(const char *path)
{
    DIR *d = opendir(path);
    struct dirent *de;
    char sub[512];

    if (d == NULL) {
        unlink(path);
        return;
    }
    while ((de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        snprintf(sub, sizeof sub, "%s/%s", path, de->d_name);
        remove_tree(sub);
    }
    closedir(d);
    rmdir(path);
}

/* Count the entries of path whose names start with prefix. */
static int count_files(const char *path, const char *prefix)
{
    DIR *d = opendir(path);
    struct dirent *de;
    int n = 0;

    if (d == NULL)
        return -1;
    while ((de = readdir(d)) != NULL)
        if (strncmp(de->d_name, prefix, strlen(prefix)) == 0)
            n++;
    closedir(d);
    return n;
}

/* Write text to path as it is. */
static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs(text, f);
    fclose(f);
}

static void test_path(void)
{
    char out[PROGRESS_PATH_MAX], err[PROGRESS_ERR_MAX];

    CU_ASSERT_EQUAL(progress_path(out, sizeof out, "/state", "/home/a", err, sizeof err), 0);
    CU_ASSERT_STRING_EQUAL(out, "/state/tlssim/progress");
    CU_ASSERT_EQUAL(progress_path(out, sizeof out, "", "/home/a", err, sizeof err), 0);
    CU_ASSERT_STRING_EQUAL(out, "/home/a/.local/state/tlssim/progress");
    CU_ASSERT_EQUAL(progress_path(out, sizeof out, "relative", "/home/a", err, sizeof err), 0);
    CU_ASSERT_STRING_EQUAL(out, "/home/a/.local/state/tlssim/progress");
    CU_ASSERT_EQUAL(progress_path(out, sizeof out, NULL, NULL, err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "HOME"));
    CU_ASSERT_EQUAL(progress_path(out, 10, "/state", NULL, err, sizeof err), -1);
}

static void test_round_trip(void)
{
    char path[PROGRESS_PATH_MAX], err[PROGRESS_ERR_MAX];
    struct progress p = {0}, q;
    struct progress_damage dmg;

    fresh_dir();
    snprintf(path, sizeof path, "%s/a/b/tlssim/progress", dir);
    CU_ASSERT_EQUAL(progress_load(&q, path, &dmg, err, sizeof err), 0);
    CU_ASSERT_EQUAL(q.count, 0);

    struct progress_entry *e = progress_entry(&p, "03-hellos", 7);
    e->step = 3;
    e->answered = 2;
    e->correct = 1;
    CU_ASSERT_PTR_EQUAL(progress_entry(&p, "03-hellos", 9), e);
    progress_entry(&p, "01-why", 5)->step = 5;
    snprintf(p.last, sizeof p.last, "03-hellos");
    CU_ASSERT_EQUAL_FATAL(progress_save(&p, path, err, sizeof err), 0);
    CU_ASSERT_EQUAL(progress_load(&q, path, &dmg, err, sizeof err), 0);
    CU_ASSERT_STRING_EQUAL(q.last, "03-hellos");
    CU_ASSERT_EQUAL_FATAL(q.count, 2);
    const struct progress_entry *f = progress_find(&q, "03-hellos");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(f->step, 3);
    CU_ASSERT_EQUAL(f->total, 7);
    CU_ASSERT_EQUAL(f->answered, 2);
    CU_ASSERT_EQUAL(f->correct, 1);
    CU_ASSERT_FALSE(progress_done(f));
    CU_ASSERT_FALSE(f->quiz_missed || f->quiz_solved);
    CU_ASSERT_TRUE(progress_done(progress_find(&q, "01-why")));
    CU_ASSERT_PTR_NULL(progress_find(&q, "02-keys"));

    /* Each state of a pending quiz comes back as it went (e moved when the
     * second entry was added). */
    e = progress_entry(&p, "03-hellos", 7);
    for (int m = 0; m < 2; m++) {
        for (int s = 0; s < 2; s++) {
            e->quiz_missed = m != 0;
            e->quiz_solved = s != 0;
            CU_ASSERT_EQUAL_FATAL(progress_save(&p, path, err, sizeof err), 0);
            progress_free(&q);
            CU_ASSERT_EQUAL(progress_load(&q, path, &dmg, err, sizeof err), 0);
            f = progress_find(&q, "03-hellos");
            CU_ASSERT_PTR_NOT_NULL_FATAL(f);
            CU_ASSERT_EQUAL(f->quiz_missed, m != 0);
            CU_ASSERT_EQUAL(f->quiz_solved, s != 0);
        }
    }
    e->quiz_missed = e->quiz_solved = false;
    progress_free(&q);
    write_file(path, "tlssim progress 1\nlesson 01-a step 1/3 quiz 0/0 pending missed\n");
    CU_ASSERT_EQUAL(progress_load(&q, path, &dmg, err, sizeof err), 0);
    CU_ASSERT_TRUE(progress_find(&q, "01-a")->quiz_missed);

    /* Saving again replaces the file whole and leaves no temporary file. */
    snprintf(p.last, sizeof p.last, "01-why");
    CU_ASSERT_EQUAL(progress_save(&p, path, err, sizeof err), 0);
    char parent[PROGRESS_PATH_MAX];
    snprintf(parent, sizeof parent, "%s/a/b/tlssim", dir);
    CU_ASSERT_EQUAL(count_files(parent, "progress"), 2);   /* the file and its lock */
    CU_ASSERT_EQUAL(count_files(parent, "progress.lock"), 1);
    CU_ASSERT_EQUAL(count_files(parent, ".progress"), 0);
    progress_free(&q);
    CU_ASSERT_EQUAL(progress_load(&q, path, &dmg, err, sizeof err), 0);
    CU_ASSERT_STRING_EQUAL(q.last, "01-why");

    progress_free(&p);
    progress_free(&q);
    remove_tree(dir);
}

static void test_describe(void)
{
    char buf[64];
    struct progress_entry e = {.step = 2, .total = 7, .answered = 0};

    CU_ASSERT_STRING_EQUAL(progress_describe(NULL, 7, buf, sizeof buf), "not started");
    CU_ASSERT_STRING_EQUAL(progress_describe(&e, 7, buf, sizeof buf), "step 3 of 7");
    e.answered = 2;
    e.correct = 1;
    CU_ASSERT_STRING_EQUAL(progress_describe(&e, 7, buf, sizeof buf),
                           "step 3 of 7, quiz 1/2 right");
    e.step = 7;
    CU_ASSERT_STRING_EQUAL(progress_describe(&e, 7, buf, sizeof buf), "done, quiz 1/2 right");
}

/* Load a damaged file with text; it must be moved aside whole, with the
 * damage found at line. */
static void expect_damaged(const char *text, unsigned line)
{
    char path[PROGRESS_PATH_MAX], err[PROGRESS_ERR_MAX], kept[4096] = {0};
    struct progress p;
    struct progress_damage dmg;

    fresh_dir();
    snprintf(path, sizeof path, "%s/progress", dir);
    write_file(path, text);
    CU_ASSERT_EQUAL(progress_load(&p, path, &dmg, err, sizeof err), 1);
    CU_ASSERT_EQUAL(p.count, 0);
    CU_ASSERT_EQUAL(dmg.line, line);
    CU_ASSERT_NOT_EQUAL(dmg.reason[0], '\0');
    CU_ASSERT_EQUAL(access(path, F_OK), -1);
    FILE *f = fopen(dmg.kept_as, "rb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    size_t n = fread(kept, 1, sizeof kept - 1, f);
    fclose(f);
    CU_ASSERT_EQUAL(n, strlen(text));
    CU_ASSERT_STRING_EQUAL(kept, text);
    progress_free(&p);
    remove_tree(dir);
}

static void test_damaged(void)
{
    expect_damaged("", 1);
    expect_damaged("garbage\n", 1);
    expect_damaged("tlssim progress 2\n", 1);
    expect_damaged("tlssim progress 1\nlast 01-a\nlast 01-b\n", 3);
    expect_damaged("tlssim progress 1\nlesson 01-a step 4/3 quiz 0/0\n", 2);
    expect_damaged("tlssim progress 1\nlesson 01-a step 1/3 quiz 2/1\n", 2);
    expect_damaged("tlssim progress 1\nlesson 01-a step 1/3 quiz 0/0\nlesson 01-a step 1/3 "
                   "quiz 0/0\n", 3);
    expect_damaged("tlssim progress 1\nlesson ../x step 1/3 quiz 0/0\n", 2);
    expect_damaged("tlssim progress 1\nlesson 01-a step 1/3 quiz 0/0", 2);
    expect_damaged("tlssim progress 1\nlesson 01-a step 1/99999999999 quiz 0/0\n", 2);
    expect_damaged("tlssim progress 1\nlesson 01-a  step 1/3 quiz 0/0\n", 2);
    expect_damaged("tlssim progress 1\n\n", 2);
    expect_damaged("tlssim progress 1\nlesson 01-a step 1/3 quiz 0/0 pending\n", 2);
    expect_damaged("tlssim progress 1\nlesson 01-a step 1/3 quiz 0/0 pending maybe\n", 2);
    expect_damaged("tlssim progress 1\nlesson 01-a step 1/3 quiz 0/0 waiting right\n", 2);
}

/* A damaged file larger than tlssim reads is still kept aside whole. */
static void test_damaged_large(void)
{
    char path[PROGRESS_PATH_MAX], err[PROGRESS_ERR_MAX];
    struct progress p;
    struct progress_damage dmg;
    struct stat st;
    enum { LARGE = 3 * 1024 * 1024 };

    fresh_dir();
    snprintf(path, sizeof path, "%s/progress", dir);
    FILE *f = fopen(path, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    for (int i = 0; i < LARGE; i++)
        fputc('x', f);
    fclose(f);
    CU_ASSERT_EQUAL(progress_load(&p, path, &dmg, err, sizeof err), 1);
    CU_ASSERT_EQUAL(access(path, F_OK), -1);
    CU_ASSERT_EQUAL_FATAL(stat(dmg.kept_as, &st), 0);
    CU_ASSERT_EQUAL(st.st_size, LARGE);
    progress_free(&p);
    remove_tree(dir);
}

static void test_damaged_never_overwritten(void)
{
    char path[PROGRESS_PATH_MAX], err[PROGRESS_ERR_MAX];
    struct progress p;
    struct progress_damage dmg;

    fresh_dir();
    snprintf(path, sizeof path, "%s/progress", dir);
    for (int i = 0; i < 3; i++) {
        write_file(path, i == 0 ? "one\n" : i == 1 ? "two\n" : "three\n");
        CU_ASSERT_EQUAL(progress_load(&p, path, &dmg, err, sizeof err), 1);
    }
    CU_ASSERT_EQUAL(count_files(dir, "progress.damaged-"), 3);
    CU_ASSERT_EQUAL(count_files(dir, "progress"), 3);
    remove_tree(dir);
}

static void test_save_fails_cleanly(void)
{
    char path[PROGRESS_PATH_MAX], blocker[PROGRESS_PATH_MAX], err[PROGRESS_ERR_MAX];
    struct progress p = {0};

    fresh_dir();
    snprintf(blocker, sizeof blocker, "%s/file", dir);
    write_file(blocker, "not a directory\n");
    snprintf(path, sizeof path, "%s/file/tlssim/progress", dir);
    CU_ASSERT_EQUAL(progress_save(&p, path, err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "cannot make the directory"));
    remove_tree(dir);
}

/* Two sessions that loaded the same file each save a lesson of their own:
 * the file keeps both, and a lesson only one of them changed keeps that
 * change, while the last lesson is the one the later session opened. */
static void test_sessions_merge(void)
{
    char path[PROGRESS_PATH_MAX], err[PROGRESS_ERR_MAX];
    struct progress a, b, q;
    struct progress_damage dmg;

    fresh_dir();
    snprintf(path, sizeof path, "%s/progress", dir);
    write_file(path, "tlssim progress 1\nlast 01-a\nlesson 01-a step 1/3 quiz 0/0\n"
               "lesson 02-b step 0/4 quiz 0/0\n");
    CU_ASSERT_EQUAL_FATAL(progress_load(&a, path, &dmg, err, sizeof err), 0);
    CU_ASSERT_EQUAL_FATAL(progress_load(&b, path, &dmg, err, sizeof err), 0);
    progress_entry(&a, "01-a", 3)->step = 3;
    progress_entry(&a, "05-e", 2)->step = 1;
    progress_entry(&b, "02-b", 4)->step = 2;
    progress_entry(&b, "06-f", 5)->step = 4;
    snprintf(b.last, sizeof b.last, "06-f");
    CU_ASSERT_EQUAL_FATAL(progress_save(&a, path, err, sizeof err), 0);
    CU_ASSERT_EQUAL_FATAL(progress_save(&b, path, err, sizeof err), 0);
    /* b now holds what a saved too */
    CU_ASSERT_EQUAL(progress_find(&b, "01-a")->step, 3);
    CU_ASSERT_EQUAL_FATAL(progress_load(&q, path, &dmg, err, sizeof err), 0);
    CU_ASSERT_EQUAL(q.count, 4);
    CU_ASSERT_STRING_EQUAL(q.last, "06-f");
    CU_ASSERT_EQUAL(progress_find(&q, "01-a")->step, 3);
    CU_ASSERT_EQUAL(progress_find(&q, "02-b")->step, 2);
    CU_ASSERT_PTR_NOT_NULL(progress_find(&q, "05-e"));
    CU_ASSERT_EQUAL(progress_find(&q, "06-f")->step, 4);
    progress_free(&q);

    /* When both changed one lesson, the further one stays; a save that
     * changed nothing takes what the file holds. */
    progress_entry(&a, "02-b", 4)->step = 3;
    progress_entry(&b, "02-b", 4)->step = 1;
    CU_ASSERT_EQUAL_FATAL(progress_save(&a, path, err, sizeof err), 0);
    CU_ASSERT_EQUAL_FATAL(progress_save(&b, path, err, sizeof err), 0);
    CU_ASSERT_EQUAL(progress_find(&b, "02-b")->step, 3);
    CU_ASSERT_EQUAL_FATAL(progress_save(&a, path, err, sizeof err), 0);
    CU_ASSERT_STRING_EQUAL(a.last, "06-f");
    CU_ASSERT_EQUAL_FATAL(progress_load(&q, path, &dmg, err, sizeof err), 0);
    CU_ASSERT_EQUAL(progress_find(&q, "02-b")->step, 3);
    CU_ASSERT_EQUAL(q.count, 4);
    progress_free(&q);
    progress_free(&a);
    progress_free(&b);
    remove_tree(dir);
}

#define RACE_SAVES 40

/* One of two processes: RACE_SAVES times, load the file, add a lesson of
 * its own and save; exits 0 when every save worked. */
static void race_child(const char *path, int who)
{
    char err[PROGRESS_ERR_MAX], name[PROGRESS_NAME_MAX];
    struct progress p;
    struct progress_damage dmg;

    for (int i = 0; i < RACE_SAVES; i++) {
        if (progress_load(&p, path, &dmg, err, sizeof err) != 0)
            _exit(3);
        snprintf(name, sizeof name, "p%d-%02d", who, i);
        progress_entry(&p, name, 2)->step = 1;
        if (progress_save(&p, path, err, sizeof err) != 0) {
            fprintf(stderr, "save: %s\n", err);
            _exit(4);
        }
        progress_free(&p);
    }
    _exit(0);
}

/* Two processes that load and save at the same moments lose nothing. */
static void test_two_processes(void)
{
    char path[PROGRESS_PATH_MAX], err[PROGRESS_ERR_MAX];
    struct progress q;
    struct progress_damage dmg;
    pid_t pid[2];

    fresh_dir();
    snprintf(path, sizeof path, "%s/progress", dir);
    for (int who = 0; who < 2; who++) {
        pid[who] = fork();
        CU_ASSERT_FATAL(pid[who] >= 0);
        if (pid[who] == 0)
            race_child(path, who);
    }
    for (int who = 0; who < 2; who++) {
        int status = -1;
        CU_ASSERT_EQUAL(waitpid(pid[who], &status, 0), pid[who]);
        CU_ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    CU_ASSERT_EQUAL_FATAL(progress_load(&q, path, &dmg, err, sizeof err), 0);
    CU_ASSERT_EQUAL(q.count, 2 * RACE_SAVES);
    CU_ASSERT_EQUAL(count_files(dir, ".progress"), 0);
    progress_free(&q);
    remove_tree(dir);
}

/* A FIFO where the file should be is refused at once, never waited on. */
static void test_fifo_refused(void)
{
    char path[PROGRESS_PATH_MAX], err[PROGRESS_ERR_MAX];
    struct progress p = {0};
    struct progress_damage dmg;

    fresh_dir();
    snprintf(path, sizeof path, "%s/progress", dir);
    CU_ASSERT_EQUAL_FATAL(mkfifo(path, 0600), 0);
    alarm(10);  /* a blocking open would hang here: the alarm ends the test */
    CU_ASSERT_EQUAL(progress_load(&p, path, &dmg, err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "not a regular file"));
    CU_ASSERT_EQUAL(progress_save(&p, path, err, sizeof err), -1);
    alarm(0);
    remove_tree(dir);
}

/* The largest progress file loads in linear time: 30,000 lessons in well
 * under the two seconds the pairwise duplicate check took. */
static void test_large_file_fast(void)
{
    char path[PROGRESS_PATH_MAX], err[PROGRESS_ERR_MAX];
    struct progress p;
    struct progress_damage dmg;
    struct timespec t0, t1;

    fresh_dir();
    snprintf(path, sizeof path, "%s/progress", dir);
    FILE *f = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs("tlssim progress 1\n", f);
    for (int i = 0; i < 30000; i++)
        fprintf(f, "lesson l%05d step 1/2 quiz 0/0\n", (i * 7919) % 30000);
    fclose(f);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    CU_ASSERT_EQUAL(progress_load(&p, path, &dmg, err, sizeof err), 0);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    CU_ASSERT_EQUAL(p.count, 30000);
    double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    CU_ASSERT(s < 1.0);
    if (s >= 1.0)
        fprintf(stderr, "loading 30,000 lessons took %.2f s\n", s);
    progress_free(&p);
    /* a repeated lesson is still found, on the line of its second copy */
    f = fopen(path, "a");
    fputs("lesson l00007 step 0/2 quiz 0/0\n", f);
    fclose(f);
    CU_ASSERT_EQUAL(progress_load(&p, path, &dmg, err, sizeof err), 1);
    CU_ASSERT_EQUAL(dmg.line, 30002);
    CU_ASSERT_STRING_EQUAL(dmg.reason, "a second line for the same lesson");
    progress_free(&p);
    remove_tree(dir);
}

int main(void)
{
    static const struct unit_test tests[] = {
        {"where the file lives", test_path},
        {"save, load, replace", test_round_trip},
        {"progress in words", test_describe},
        {"damaged files moved aside whole", test_damaged},
        {"damaged copies never overwritten", test_damaged_never_overwritten},
        {"a damaged file larger than is read is kept whole", test_damaged_large},
        {"a save that cannot work says why", test_save_fails_cleanly},
        {"two sessions' saves are merged", test_sessions_merge},
        {"two processes saving at once lose nothing", test_two_processes},
        {"a FIFO is refused, never waited on", test_fifo_refused},
        {"the largest file loads in linear time", test_large_file_fast},
        {NULL, NULL},
    };
    return unit_run("progress", tests);
}
