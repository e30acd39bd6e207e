/*
 * bench_parse.c - every input kind at its size limit: the program is run on
 * a file as large as it accepts (1 MiB), made of whatever a parser could be
 * slow on (repeated names, many commands, joined lines, many blocks), and
 * the whole run is timed.  Each must stay under a second.
 */
#define _POSIX_C_SOURCE 200809L

#include "bench.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define INPUT_MAX (1024 * 1024)   /* what every reader accepts at most */
#define PARSE_REPS 3
#define PARSE_TARGET_MS 1000.0

/* Write lines made by line(i, buf) to path until the next would pass
 * INPUT_MAX bytes (after head); the number of lines written. */
static long write_input(const char *path, const char *head,
                        int (*line)(long i, char *buf, size_t n))
{
    FILE *f = fopen(path, "w");
    long used = (long)strlen(head), i = 0;
    char buf[1100];

    if (f == NULL)
        return -1;
    fputs(head, f);
    for (;; i++) {
        int w = line(i, buf, sizeof buf);
        if (used + w > INPUT_MAX)
            break;
        fputs(buf, f);
        used += w;
    }
    fclose(f);
    return i;
}

/* A demo line: a marker of a name of its own. */
static int mark_line(long i, char *buf, size_t n)
{
    return snprintf(buf, n, "mark m%ld\n", i);
}

/* A demo line: one step. */
static int step_line(long i, char *buf, size_t n)
{
    (void)i;
    return snprintf(buf, n, "step\n");
}

/* A lesson line: more of the step's one quiz question, near the longest line. */
static int quiz_line(long i, char *buf, size_t n)
{
    (void)i;
    char words[990];
    memset(words, 'w', sizeof words - 1);
    for (size_t k = 9; k < sizeof words - 1; k += 10)
        words[k] = ' ';
    words[sizeof words - 1] = '\0';
    return snprintf(buf, n, "quiz %s\n", words);
}

/* A progress line: a lesson of its own, in no order. */
static int progress_line(long i, char *buf, size_t n)
{
    return snprintf(buf, n, "lesson l%06ld step 1/2 quiz 0/0\n", (i * 7919) % 1000000);
}

/* A certificate in PEM, from the set that 'tlssim files' wrote into dir. */
static char *read_cert(const char *dir)
{
    char path[700];
    static char pem[4096];

    snprintf(path, sizeof path, "%s/certificate.crt", dir);
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return NULL;
    size_t n = fread(pem, 1, sizeof pem - 1, f);
    fclose(f);
    pem[n] = '\0';
    return pem;
}

/* The certificate pem_line() repeats, and the line maker itself. */
static const char *bundle_pem;
static int pem_line(long i, char *buf, size_t n)
{
    (void)i;
    return snprintf(buf, n, "%s", bundle_pem);
}

/* Run argv (stdout and stderr thrown away) with the environment variable
 * env set (NULL: none); the wall time in ms, or -1 when it did not run. */
static double run_ms(char *const argv[], const char *env)
{
    double start = bench_now();
    pid_t pid = fork();
    int status;

    if (pid < 0)
        return -1;
    if (pid == 0) {
        int null = open("/dev/null", O_RDWR);
        dup2(null, 0);
        dup2(null, 1);
        dup2(null, 2);
        if (env != NULL)
            putenv((char *)env);
        execv(argv[0], argv);
        _exit(127);
    }
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) > 2)
        return -1;
    return (bench_now() - start) * 1000.0;
}

/* Fill row with the median time of PARSE_REPS runs of argv. */
static void time_row(struct bench_row *row, const char *what, const char *note,
                     char *const argv[], const char *env)
{
    double t[PARSE_REPS];

    memset(row, 0, sizeof *row);
    snprintf(row->what, sizeof row->what, "%s", what);
    snprintf(row->note, sizeof row->note, "%s", note);
    row->unit = "ms";
    row->target = PARSE_TARGET_MS;
    for (int i = 0; i < PARSE_REPS; i++)
        if ((t[i] = run_ms(argv, env)) < 0)
            return;
    row->value = bench_median(t, PARSE_REPS);
    row->measured = true;
}

size_t bench_parsers(struct bench_row *rows, const char *tlssim)
{
    char dir[] = "/tmp/tlssim-bench-XXXXXX", path[6][600], note[BENCH_NOTE_MAX];
    char env[700], set[600];
    size_t n = 0;

    if (mkdtemp(dir) == NULL)
        return 0;
    snprintf(set, sizeof set, "%s/set", dir);
    char *files_argv[] = {(char *)tlssim, "files", set, "--seed", "1", NULL};
    run_ms(files_argv, NULL);
    bundle_pem = read_cert(set);
    for (int i = 0; i < 6; i++)
        snprintf(path[i], sizeof path[i], "%s/input%d", dir, i);

    long marks = write_input(path[0], "", mark_line);
    long steps = write_input(path[1], "", step_line);
    long quiz = write_input(path[2], "title Long\nstep\n", quiz_line);
    snprintf(path[3], sizeof path[3], "%s/state/tlssim", dir);
    snprintf(env, sizeof env, "%s/state", dir);
    if (mkdir(env, 0700) != 0 || mkdir(path[3], 0700) != 0)
        return 0;
    snprintf(path[3], sizeof path[3], "%s/state/tlssim/progress", dir);
    long entries = write_input(path[3], "tlssim progress 1\n", progress_line);
    long blocks = bundle_pem != NULL ? write_input(path[4], "", pem_line) : 0;

    char *play[] = {(char *)tlssim, "play", "--check", path[0], NULL};
    snprintf(note, sizeof note, "%ld distinct marks", marks);
    time_row(&rows[n++], "play --check, 1 MiB of marks", note, play, NULL);
    char *play2[] = {(char *)tlssim, "play", "--check", path[1], NULL};
    snprintf(note, sizeof note, "%ld commands", steps);
    time_row(&rows[n++], "play --check, 1 MiB of steps", note, play2, NULL);
    char *learn[] = {(char *)tlssim, "learn", "--check", path[2], NULL};
    snprintf(note, sizeof note, "%ld joined quiz lines", quiz);
    time_row(&rows[n++], "learn --check, 1 MiB quiz", note, learn, NULL);
    char *lessons[] = {(char *)tlssim, "lessons", NULL};
    snprintf(env, sizeof env, "XDG_STATE_HOME=%s/state", dir);
    snprintf(note, sizeof note, "%ld lessons in the progress file", entries);
    time_row(&rows[n++], "lessons, 1 MiB progress file", note, lessons, env);
    if (blocks > 0) {
        char *inspect[] = {(char *)tlssim, "inspect", path[4], NULL};
        snprintf(note, sizeof note, "%ld certificates in one PEM file", blocks);
        time_row(&rows[n++], "inspect, 1 MiB of PEM", note, inspect, NULL);
    }
    char cleanup[700];
    snprintf(cleanup, sizeof cleanup, "rm -rf '%s'", dir);
    if (system(cleanup) != 0)
        fprintf(stderr, "bench: could not remove %s\n", dir);
    return n;
}
