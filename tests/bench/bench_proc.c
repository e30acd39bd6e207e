/*
 * bench_proc.c - figures only a real process gives: how long tlssim takes
 * from exec to its first full frame on a terminal (a pseudo-terminal whose
 * output is read until the frame's last line has arrived), and the peak
 * resident memory of a run, from the kernel's account of the child.
 */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE
#endif

#include "config.h"

#include "bench.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef HAVE_FORKPTY
#include <pty.h>
#endif

#define STARTUP_REPS 30
#define STARTUP_TARGET_MS 20.0
#define MEMORY_TARGET_MIB 8.0
#define FRAME_WAIT_MS 10000
#define OUTPUT_MAX (256 * 1024)
/* The end of the key-help line, the last line of the first frame. */
#define FRAME_LAST_TEXT "hex/decoded"

/* Wait for pid and return its peak resident memory in MiB (0 when unknown);
 * *status gets its exit status. */
static double reap(pid_t pid, int *status)
{
    struct rusage ru;

    while (wait4(pid, status, 0, &ru) < 0)
        if (errno != EINTR)
            return 0;
    return (double)ru.ru_maxrss / 1024.0;  /* Linux counts kilobytes */
}

void bench_memory(struct bench_row *row, const char *tlssim)
{
    double peak[5];
    int n = 0;

    *row = (struct bench_row){.what = "peak memory, walk --plain --seed 42", .unit = "MiB",
                              .target = MEMORY_TARGET_MIB};
    for (int i = 0; i < 5; i++) {
        int status;
        pid_t pid = fork();
        if (pid < 0)
            break;
        if (pid == 0) {
            int null = open("/dev/null", O_WRONLY);
            if (null >= 0)
                dup2(null, STDOUT_FILENO);
            execl(tlssim, tlssim, "walk", "--plain", "--seed", "42", (char *)NULL);
            _exit(127);
        }
        double mib = reap(pid, &status);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            snprintf(row->note, sizeof row->note, "%s did not run", tlssim);
            return;
        }
        peak[n++] = mib;
    }
    row->value = bench_median(peak, n);
    row->measured = n > 0;
    snprintf(row->note, sizeof row->note, "ru_maxrss of the child");
}

#ifdef HAVE_FORKPTY
/* Read what the program writes to the terminal until the first frame is
 * complete; returns the seconds it took from start, or -1. */
static double read_first_frame(int master, double start)
{
    static char buf[OUTPUT_MAX + 1];
    size_t len = 0;

    while (len < OUTPUT_MAX) {
        struct pollfd p = {.fd = master, .events = POLLIN};
        int r = poll(&p, 1, FRAME_WAIT_MS);
        if (r <= 0)
            return -1;
        ssize_t n = read(master, buf + len, OUTPUT_MAX - len);
        if (n <= 0)
            return -1;
        len += (size_t)n;
        buf[len] = '\0';
        if (strstr(buf, FRAME_LAST_TEXT) != NULL)
            return bench_now() - start;
    }
    return -1;
}

/* Read and drop the rest of the output, so the child never blocks on it. */
static void drain(int master)
{
    char buf[4096];
    struct pollfd p = {.fd = master, .events = POLLIN};

    while (poll(&p, 1, 1000) > 0 && read(master, buf, sizeof buf) > 0)
        ;
}

void bench_startup(struct bench_row *startup, struct bench_row *tui_memory, const char *tlssim)
{
    double t[STARTUP_REPS], peak[STARTUP_REPS];
    int n = 0;
    struct winsize ws = {.ws_row = 24, .ws_col = 80};

    *startup = (struct bench_row){.what = "start-up to the first full frame, 80x24",
                                  .unit = "ms", .target = STARTUP_TARGET_MS};
    *tui_memory = (struct bench_row){.what = "peak memory, TUI to its first frame",
                                     .unit = "MiB", .target = MEMORY_TARGET_MIB};
    for (int i = 0; i < STARTUP_REPS; i++) {
        int master, status;
        double start = bench_now();
        pid_t pid = forkpty(&master, NULL, NULL, &ws);
        if (pid < 0) {
            snprintf(startup->note, sizeof startup->note, "forkpty: %s", strerror(errno));
            return;
        }
        if (pid == 0) {
            setenv("TERM", "xterm-256color", 1);
            setenv("LC_ALL", "C.UTF-8", 1);
            execl(tlssim, tlssim, "walk", "--seed", "42", "--no-animation", (char *)NULL);
            _exit(127);
        }
        double took = read_first_frame(master, start);
        if (took >= 0 && write(master, "q", 1) != 1)
            took = -1;
        if (took < 0)
            kill(pid, SIGTERM);
        drain(master);
        double mib = reap(pid, &status);
        close(master);
        if (took < 0) {
            snprintf(startup->note, sizeof startup->note, "no full frame from %s", tlssim);
            return;
        }
        t[n] = took * 1000;
        peak[n++] = mib;
    }
    startup->value = bench_median(t, n);
    startup->measured = true;
    snprintf(startup->note, sizeof startup->note, "exec to last line, pseudo-terminal");
    tui_memory->value = bench_median(peak, n);
    tui_memory->measured = true;
    snprintf(tui_memory->note, sizeof tui_memory->note, "ru_maxrss of the child");
}
#else
void bench_startup(struct bench_row *startup, struct bench_row *tui_memory, const char *tlssim)
{
    *startup = (struct bench_row){.what = "start-up to the first full frame, 80x24",
                                  .unit = "ms", .note = "no forkpty() on this system"};
    *tui_memory = (struct bench_row){.what = "peak memory, TUI to its first frame",
                                     .unit = "MiB", .note = "no forkpty() on this system"};
}
#endif
