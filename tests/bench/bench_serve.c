/*
 * bench_serve.c - handshakes per second of `tlssim serve` against `openssl
 * s_server` on the same machine: the same `tlssim files` certificate, the
 * same suite (TLS_CHACHA20_POLY1305_SHA256, X25519), both on loopback and
 * both driven by the same client, `openssl s_time -new` (a full handshake
 * for every connection, no request), for the same time.  s_server is told
 * to send no session tickets, which tlssim never sends, so both do the same
 * work; -www makes it serve one connection after another.  Each server is
 * timed twice, alternately, and its better run kept.
 */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE
#endif

#include "bench.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define SERVE_DRIVE_SECONDS 3
#define SERVE_ROUNDS 2
#define SERVE_START_WAIT_MS 10000
#define SERVE_RATIO_TARGET 1.0
#define SERVE_SUITE "TLS_CHACHA20_POLY1305_SHA256"
#define SERVE_HOST "www.example.com"

/* Start argv[0] with stdin from /dev/null and stdout and stderr into log;
 * its pid, or -1. */
static pid_t start(char *const argv[], const char *log)
{
    pid_t pid = fork();

    if (pid != 0)
        return pid;
    int in = open("/dev/null", O_RDONLY);
    int out = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (in < 0 || out < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(out, 2) < 0)
        _exit(127);
    execvp(argv[0], argv);
    _exit(127);
}

/* Run argv to its end (output into log); its exit status, or -1. */
static int run(char *const argv[], const char *log)
{
    int status;
    pid_t pid = start(argv, log);

    if (pid < 0)
        return -1;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Stop a server this bench started. */
static void stop(pid_t pid)
{
    if (pid <= 0)
        return;
    kill(pid, SIGTERM);
    while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
        ;
}

/* Wait (at most SERVE_START_WAIT_MS) until log names the port: tlssim's
 * "listening on port P", or s_server's "ACCEPT 127.0.0.1:P"; the port, or 0. */
static unsigned wait_port(const char *log, bool s_server)
{
    char line[512];

    for (int waited = 0; waited < SERVE_START_WAIT_MS; waited += 50) {
        FILE *f = fopen(log, "r");
        unsigned port = 0;
        while (f != NULL && port == 0 && fgets(line, sizeof line, f) != NULL) {
            const char *at = strstr(line, s_server ? "ACCEPT 127.0.0.1:" : "listening on port ");
            if (at == NULL || sscanf(at + (s_server ? 17 : 18), "%u", &port) != 1)
                port = 0;
        }
        if (f != NULL)
            fclose(f);
        if (port != 0)
            return port;
        usleep(50 * 1000);
    }
    return 0;
}

/* Drive the server on port with s_time for SERVE_DRIVE_SECONDS; handshakes
 * per second of wall time, or 0 when s_time failed. */
static double drive(const char *openssl, unsigned port, const char *log)
{
    char target[32], seconds[8], line[512];
    long connections = 0;

    snprintf(target, sizeof target, "127.0.0.1:%u", port);
    snprintf(seconds, sizeof seconds, "%d", SERVE_DRIVE_SECONDS);
    char *const argv[] = {(char *)openssl, "s_time", "-connect", target, "-new", "-time",
                          seconds, "-ciphersuites", SERVE_SUITE, NULL};
    double t0 = bench_now();
    if (run(argv, log) != 0)
        return 0;
    double took = bench_now() - t0;
    FILE *f = fopen(log, "r");
    while (f != NULL && fgets(line, sizeof line, f) != NULL)
        if (strstr(line, "real seconds") != NULL)
            sscanf(line, "%ld connections", &connections);
    if (f != NULL)
        fclose(f);
    return connections > 0 && took > 0 ? (double)connections / took : 0;
}

/* Remove one entry of the bench's scratch directory (nftw, depth first). */
static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

/* Both servers started, driven and stopped in dir; 0, or -1 with why. */
static int measure(const char *tlssim, const char *openssl, const char *dir, double best[2],
                   char *why, size_t whylen)
{
    char set[600], cert[640], key[640], log[2][640], drive_log[640];
    pid_t pid[2] = {-1, -1};
    unsigned port[2];
    int rc = -1;

    snprintf(set, sizeof set, "%s/set", dir);
    snprintf(cert, sizeof cert, "%s/certificate.crt", set);
    snprintf(key, sizeof key, "%s/private.key", set);
    snprintf(log[0], sizeof log[0], "%s/serve.log", dir);
    snprintf(log[1], sizeof log[1], "%s/s_server.log", dir);
    snprintf(drive_log, sizeof drive_log, "%s/s_time.log", dir);
    char *const files[] = {(char *)tlssim, "files", set, "--name", SERVE_HOST, NULL};
    if (run(files, drive_log) != 0) {
        snprintf(why, whylen, "tlssim files failed");
        return -1;
    }
    char *const serve[] = {(char *)tlssim, "serve", "--port", "0", "--bind", "127.0.0.1",
                           "--certs", set, "--max-clients", "64", NULL};
    char *const s_server[] = {(char *)openssl, "s_server", "-accept", "127.0.0.1:0", "-tls1_3",
                              "-ciphersuites", SERVE_SUITE, "-groups", "X25519", "-cert", cert,
                              "-key", key, "-num_tickets", "0", "-www", NULL};
    pid[0] = start(serve, log[0]);
    pid[1] = start(s_server, log[1]);
    port[0] = pid[0] > 0 ? wait_port(log[0], false) : 0;
    port[1] = pid[1] > 0 ? wait_port(log[1], true) : 0;
    if (port[0] == 0 || port[1] == 0) {
        snprintf(why, whylen, "%s did not start", port[0] == 0 ? "tlssim serve"
                                                              : "openssl s_server");
        goto done;
    }
    best[0] = best[1] = 0;
    for (int round = 0; round < SERVE_ROUNDS; round++)
        for (int i = 0; i < 2; i++) {
            double rate = drive(openssl, port[i], drive_log);
            if (rate == 0) {
                snprintf(why, whylen, "openssl s_time failed against %s",
                         i == 0 ? "tlssim serve" : "openssl s_server");
                goto done;
            }
            if (rate > best[i])
                best[i] = rate;
        }
    rc = 0;
done:
    stop(pid[0]);
    stop(pid[1]);
    return rc;
}

void bench_serve(struct bench_row *tlssim_row, struct bench_row *openssl_row,
                 struct bench_row *ratio, const char *tlssim)
{
    const char *openssl = getenv("OPENSSL");
    const char *tmpdir = getenv("TMPDIR");
    char dir[512], why[BENCH_NOTE_MAX] = "", log[600];
    double best[2];

    if (openssl == NULL || openssl[0] == '\0')
        openssl = "openssl";
    *tlssim_row = (struct bench_row){.what = "serve: tlssim serve, TLS 1.3 handshakes",
                                     .unit = "/s"};
    *openssl_row = (struct bench_row){.what = "serve: openssl s_server, TLS 1.3 handshakes",
                                      .unit = "/s"};
    *ratio = (struct bench_row){.what = "serve: tlssim / openssl handshakes per second",
                                .unit = "x", .target = SERVE_RATIO_TARGET, .at_least = true};
    snprintf(dir, sizeof dir, "%s/tlssim-bench-XXXXXX",
             tmpdir != NULL && tmpdir[0] != '\0' ? tmpdir : "/tmp");
    if (mkdtemp(dir) == NULL) {
        snprintf(why, sizeof why, "no scratch directory: %s", strerror(errno));
    } else {
        snprintf(log, sizeof log, "%s/version.log", dir);
        char *const version[] = {(char *)openssl, "version", NULL};
        if (run(version, log) != 0)
            snprintf(why, sizeof why, "skipped: no openssl program (%s) to compare with",
                     openssl);
        else
            (void)!measure(tlssim, openssl, dir, best, why, sizeof why);
        nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    }
    if (why[0] != '\0') {
        snprintf(tlssim_row->note, sizeof tlssim_row->note, "%s", why);
        snprintf(openssl_row->note, sizeof openssl_row->note, "%s", why);
        snprintf(ratio->note, sizeof ratio->note, "%s", why);
        return;
    }
    tlssim_row->value = best[0];
    openssl_row->value = best[1];
    ratio->value = best[0] / best[1];
    tlssim_row->measured = openssl_row->measured = ratio->measured = true;
    snprintf(tlssim_row->note, sizeof tlssim_row->note, "openssl s_time -new, %d s, best of %d",
             SERVE_DRIVE_SECONDS, SERVE_ROUNDS);
    snprintf(openssl_row->note, sizeof openssl_row->note, "same files and suite, "
             "-num_tickets 0, best of %d", SERVE_ROUNDS);
    snprintf(ratio->note, sizeof ratio->note, "both on loopback, driven by the same client");
}
