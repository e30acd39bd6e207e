/*
 * bench.c - make bench: time the engine, the views and the program, and
 * print one Markdown table with the machine it ran on.  Figures only: a
 * target that is missed is marked, never a failure.
 *
 *   bench [TLSSIM]     (the tlssim program to run; the built one by default)
 *
 * BENCH_ONLY="tls13 serve" runs only the groups of rows it names (engine,
 * tls13, serve, tui, parsers, classroom); OPENSSL names the openssl program.
 */
#define _POSIX_C_SOURCE 200809L

#include "config.h"

#include "bench.h"

#include "base/crypt.h"
#include "tui/tui_theme.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CPU_MODEL_MAX 128

/* The CPU's model name as /proc/cpuinfo gives it, or "unknown". */
static void cpu_model(char *buf, size_t n)
{
    FILE *f = fopen("/proc/cpuinfo", "r");
    char line[256];

    snprintf(buf, n, "unknown");
    if (f == NULL)
        return;
    while (fgets(line, sizeof line, f) != NULL) {
        char *colon = strchr(line, ':');
        if (strncmp(line, "model name", 10) == 0 && colon != NULL) {
            snprintf(buf, n, "%s", colon + 2);
            buf[strcspn(buf, "\n")] = '\0';
            break;
        }
    }
    fclose(f);
}

/* Print one row: the figure, the target and whether it holds. */
static void print_row(const struct bench_row *r)
{
    char value[32] = "n/a", target[32] = "", verdict[16] = "";

    if (r->measured)
        snprintf(value, sizeof value, "%.*f %s", r->value < 10 ? 3 : 1, r->value, r->unit);
    if (r->target > 0) {
        snprintf(target, sizeof target, "%s %g %s", r->at_least ? ">=" : "<", r->target,
                 r->unit);
        if (r->measured)
            snprintf(verdict, sizeof verdict, "%s", (r->at_least ? r->value >= r->target
                                                                 : r->value < r->target)
                                                    ? "yes" : "NO");
    }
    printf("| %s | %s | %s | %s | %s |\n", r->what, value, target, verdict, r->note);
}

/* True when the group of rows named is to run: BENCH_ONLY unset or empty
 * runs them all, else only the groups it names (e.g. "tls13 serve"). */
static bool wanted(const char *group)
{
    const char *only = getenv("BENCH_ONLY");
    size_t len = strlen(group);

    if (only == NULL || only[0] == '\0')
        return true;
    for (const char *p = strstr(only, group); p != NULL; p = strstr(p + 1, group))
        if ((p == only || p[-1] == ' ' || p[-1] == ',') && (p[len] == '\0' || p[len] == ' ' ||
                                                           p[len] == ','))
            return true;
    return false;
}

int main(int argc, char **argv)
{
    const char *tlssim = argc > 1 ? argv[1] : TLSSIM_BUILD_PROGRAM;
    struct bench_row rows[18 + BENCH_PARSE_ROWS + BENCH_CLASSROOM_ROWS];
    size_t n = 0;
    char cpu[CPU_MODEL_MAX];

    setlocale(LC_ALL, "");
    if (!tui_locale_is_utf8())
        setlocale(LC_ALL, "C.UTF-8");
    if (crypt_init() != 0) {
        fputs("bench: libsodium could not start\n", stderr);
        return 1;
    }
    if (access(tlssim, X_OK) != 0) {
        fprintf(stderr, "bench: %s is not a program I can run; build it first, or name it\n",
                tlssim);
        return 2;
    }
    cpu_model(cpu, sizeof cpu);
    printf("Machine: %s, %ld cores; %s %s; libsodium %s\n\n", cpu, sysconf(_SC_NPROCESSORS_ONLN),
#ifdef __clang__
           "clang",
#else
           "gcc",
#endif
           __VERSION__, crypt_library_version());
    fflush(stdout);

    if (wanted("engine")) {
        bench_handshake(&rows[n], &rows[n + 1], &rows[n + 2], &rows[n + 3]);
        n += 4;
    }
    if (wanted("tls13")) {
        bench_tls13(&rows[n], &rows[n + 1], &rows[n + 2]);
        n += 3;
    }
    if (wanted("serve")) {
        bench_serve(&rows[n], &rows[n + 1], &rows[n + 2], tlssim);
        n += 3;
    }
    if (wanted("tui")) {
        bench_plain(&rows[n++]);
        bench_tui_frame(&rows[n], &rows[n + 1], 24, 80);
        n += 2;
        bench_tui_frame(&rows[n], &rows[n + 1], 60, 200);
        n += 2;
        bench_startup(&rows[n], &rows[n + 1], tlssim);
        n += 2;
        bench_memory(&rows[n++], tlssim);
    }
    if (wanted("parsers"))
        n += bench_parsers(&rows[n], tlssim);
    if (wanted("classroom")) {
        n += bench_classroom(&rows[n], tlssim);
    }

    printf("| measure | median | target | holds | note |\n");
    printf("|---|---|---|---|---|\n");
    for (size_t i = 0; i < n; i++)
        print_row(&rows[i]);
    return 0;
}
