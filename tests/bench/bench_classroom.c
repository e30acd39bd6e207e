/*
 * bench_classroom.c - the classroom under load: N eight-stage clients (default
 * 300, TLSSIM_BENCH_CLIENTS to change it) started at once against one
 * `tlssim serve` on loopback, driven from this process by one poll() loop.
 * Reports handshakes per second, the median and 99th percentile of each
 * client's time from connect to the checked reply, the failures, and the
 * server's memory per connection (its peak resident size over its idle
 * size, from /proc/PID/status).
 */
#define _GNU_SOURCE
#include "bench.h"

#include "base/bytes.h"
#include "base/crypt.h"
#include "base/fileio.h"
#include "net/flow_client.h"
#include "net/net_sock.h"
#include "pki/certdir.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_CLIENTS 300
#define CLIENTS_MAX 1000
#define RUN_LIMIT_S 60.0

struct load_client {
    int fd;
    struct flow_client *fc;
    size_t sent;
    double start, end;
    bool over, ok;
};

/* Kilobytes of the line "field:" in /proc/pid/status, or -1. */
static long proc_kb(pid_t pid, const char *field)
{
    char path[64], line[256];
    long kb = -1;
    size_t n = strlen(field);

    snprintf(path, sizeof path, "/proc/%ld/status", (long)pid);
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return -1;
    while (fgets(line, sizeof line, f) != NULL)
        if (strncmp(line, field, n) == 0 && line[n] == ':')
            kb = strtol(line + n + 1, NULL, 10);
    fclose(f);
    return kb;
}

/* The CPU time pid has used (user and system), in milliseconds, or -1. */
static double proc_cpu_ms(pid_t pid)
{
    char path[64];
    unsigned long utime, stime;

    snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return -1;
    /* the command name may hold spaces: skip to the ')' that ends it */
    int c, got = 0;
    while ((c = fgetc(f)) != EOF && c != ')')
        ;
    if (c == ')')
        got = fscanf(f, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &utime, &stime);
    fclose(f);
    return got == 2 ? (double)(utime + stime) * 1000.0 / (double)sysconf(_SC_CLK_TCK) : -1;
}

/* Write a `tlssim files` set into dir and load it into cd; 0 or -1. */
static int make_set(const char *dir, struct certdir *cd)
{
    struct certdir_spec spec = {.host = "www.example.com", .now = (int64_t)time(NULL)};
    struct certdir_set made;
    struct fileio_out outs[CERTDIR_FILES_MAX];
    char err[CERTDIR_ERR_MAX];

    if (certdir_make(&spec, &made, err, sizeof err) != 0)
        return -1;
    for (size_t i = 0; i < made.count; i++)
        outs[i] = (struct fileio_out){made.files[i].name, made.files[i].text.data,
                                      made.files[i].text.len, made.files[i].secret ? 0600 : 0644};
    int rc = fileio_write_set(dir, outs, made.count, false, err, sizeof err) == 0 &&
                     certdir_load(dir, cd, err, sizeof err) == 0
                 ? 0
                 : -1;
    certdir_set_free(&made);
    return rc;
}

/* Start `tlssim serve` on a free loopback port with its log in log_path;
 * its pid, and the port in port, or -1. */
static pid_t start_serve(const char *tlssim, const char *dir, const char *log_path, int clients,
                         char *port, size_t portlen)
{
    char max[16];

    snprintf(max, sizeof max, "%d", clients + 16);
    pid_t pid = fork();
    if (pid == 0) {
        int fd = open(log_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
        }
        execl(tlssim, tlssim, "serve", "--port", "0", "--bind", "127.0.0.1", "--certs", dir,
              "--max-clients", max, "--timeout", "30", (char *)NULL);
        _exit(127);
    }
    for (int i = 0; i < 100 && pid > 0; i++) {
        char line[256];
        FILE *f = fopen(log_path, "r");
        while (f != NULL && fgets(line, sizeof line, f) != NULL) {
            const char *at = strstr(line, "listening on port ");
            if (at != NULL) {
                snprintf(port, portlen, "%d", atoi(at + 18));
                fclose(f);
                return pid;
            }
        }
        if (f != NULL)
            fclose(f);
        usleep(50000);
    }
    if (pid > 0) {
        kill(pid, SIGTERM);
        waitpid(pid, NULL, 0);
    }
    return -1;
}

/* Send what c owes; false when the connection broke. */
static bool flush_client(struct load_client *c)
{
    struct bytes *out = flow_client_out(c->fc);

    while (c->sent < out->len) {
        ssize_t n = net_send_some(c->fd, out->data + c->sent, out->len - c->sent);
        if (n < 0)
            return false;
        if (n == 0)
            return true;
        c->sent += (size_t)n;
    }
    out->len = 0;
    c->sent = 0;
    return true;
}

/* Mark c over: completed or not. */
static void end_client(struct load_client *c)
{
    c->over = true;
    c->end = bench_now();
    c->ok = flow_client_state(c->fc) == FLOW_CLIENT_COMPLETED;
    close(c->fd);
}

/* Drive every client until all are over or the run limit passes. */
static void drive(struct load_client *cs, int n)
{
    struct pollfd *pfds = xcalloc((size_t)n, sizeof *pfds);
    int *index = xcalloc((size_t)n, sizeof *index);
    double limit = bench_now() + RUN_LIMIT_S;

    for (;;) {
        int k = 0;
        for (int i = 0; i < n; i++) {
            struct load_client *c = &cs[i];
            if (c->over)
                continue;
            if (!flush_client(c))
                flow_client_fail(c->fc, "broken", false);
            if (flow_client_over(c->fc) && flow_client_out(c->fc)->len == 0) {
                end_client(c);
                continue;
            }
            pfds[k] = (struct pollfd){c->fd, (short)(POLLIN | (flow_client_out(c->fc)->len >
                                                               c->sent ? POLLOUT : 0)), 0};
            index[k++] = i;
        }
        if (k == 0 || bench_now() > limit)
            break;
        if (poll(pfds, (nfds_t)k, 1000) < 0 && errno != EINTR)
            break;
        for (int j = 0; j < k; j++) {
            struct load_client *c = &cs[index[j]];
            if (!(pfds[j].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            uint8_t buf[4096];
            ssize_t got = net_recv_some(c->fd, buf, sizeof buf);
            if (got > 0)
                flow_client_feed(c->fc, buf, (size_t)got);
            else if (got == 0 || got == -1)
                flow_client_fail(c->fc, "closed", false);
        }
    }
    for (int i = 0; i < n; i++)
        if (!cs[i].over)
            end_client(&cs[i]);
    free(pfds);
    free(index);
}

void bench_classroom(struct bench_row *rate, struct bench_row *p50, struct bench_row *p99,
                 struct bench_row *failures, struct bench_row *memory, const char *tlssim)
{
    const char *env = getenv("TLSSIM_BENCH_CLIENTS");
    int n = env != NULL && atoi(env) > 0 && atoi(env) <= CLIENTS_MAX ? atoi(env) : DEFAULT_CLIENTS;
    char dir[] = "/tmp/tlssim-bench-serve-XXXXXX", port[16], log_path[64];
    struct certdir cd = {0};
    struct crypt_rng rng;

    *rate = (struct bench_row){.unit = "hs/s", .target = 1000, .at_least = true};
    *p50 = (struct bench_row){.unit = "ms"};
    *p99 = (struct bench_row){.unit = "ms", .target = 50};
    *failures = (struct bench_row){.unit = "", .target = 1};
    *memory = (struct bench_row){.unit = "KiB"};
    snprintf(rate->what, sizeof rate->what, "classroom: %d eight-stage clients at once", n);
    snprintf(p50->what, sizeof p50->what, "classroom: time to complete, p50");
    snprintf(p99->what, sizeof p99->what, "classroom: time to complete, p99");
    snprintf(failures->what, sizeof failures->what, "classroom: clients that failed");
    snprintf(memory->what, sizeof memory->what, "classroom: memory per connection");
    crypt_rng_from_system(&rng);
    crypt_rng_use(&rng);
    if (mkdtemp(dir) == NULL || make_set(dir, &cd) != 0) {
        snprintf(rate->note, sizeof rate->note, "could not make a set of files");
        crypt_rng_use(NULL);
        return;
    }
    snprintf(log_path, sizeof log_path, "%s/serve.log", dir);
    pid_t pid = start_serve(tlssim, dir, log_path, n, port, sizeof port);
    if (pid < 0) {
        snprintf(rate->note, sizeof rate->note, "tlssim serve did not start");
    } else {
        long idle_kb = proc_kb(pid, "VmRSS");
        double cpu_before = proc_cpu_ms(pid);
        struct load_client *cs = xcalloc((size_t)n, sizeof *cs);
        char err[NET_ERR_MAX];
        int connected = 0;
        double t0 = bench_now();
        for (int i = 0; i < n; i++) {
            struct flow_client_config cfg = {.name = "bench", .ca_der = cd.ca_cert.data,
                                             .ca_len = cd.ca_cert.len,
                                             .clock = (int64_t)time(NULL)};
            cs[i].start = bench_now();
            cs[i].fd = net_connect("127.0.0.1", port, 5000, err, sizeof err);
            cs[i].fc = flow_client_new(&cfg);
            if (cs[i].fd < 0) {
                cs[i].over = true;
                cs[i].end = bench_now();
            } else {
                connected++;
                (void)flush_client(&cs[i]);   /* HELLO at once: the clients run side by side */
            }
        }
        drive(cs, n);
        double wall = bench_now() - t0;
        double *times = xcalloc((size_t)n, sizeof *times);
        int ok = 0;
        for (int i = 0; i < n; i++) {
            if (cs[i].ok)
                times[ok++] = (cs[i].end - cs[i].start) * 1000.0;
            flow_client_free(cs[i].fc);
        }
        long peak_kb = proc_kb(pid, "VmHWM");
        double cpu_ms = proc_cpu_ms(pid) - cpu_before;
        kill(pid, SIGTERM);
        waitpid(pid, NULL, 0);
        rate->value = ok / wall;
        rate->measured = true;
        snprintf(rate->note, sizeof rate->note, "%d in %.0f ms; the server's CPU: %.2f ms a "
                 "handshake", ok, wall * 1000.0, ok > 0 && cpu_before >= 0 ? cpu_ms / ok : 0.0);
        failures->value = n - ok;
        failures->measured = true;
        snprintf(failures->note, sizeof failures->note, "%d of %d connected", connected, n);
        if (ok > 0) {
            double p99v;
            p50->value = bench_median(times, ok);   /* sorts times */
            int at = (int)(0.99 * (ok - 1) + 0.5);
            p99v = times[at];
            p99->value = p99v;
            p50->measured = p99->measured = true;
            snprintf(p50->note, sizeof p50->note, "from connect to the checked reply");
            snprintf(p99->note, sizeof p99->note, "all start at once, so each waits for the "
                     "others' turns");
        }
        if (idle_kb > 0 && peak_kb > 0) {
            memory->value = (double)(peak_kb - idle_kb) / n;
            memory->measured = true;
            snprintf(memory->note, sizeof memory->note, "(peak - idle resident size) / clients; "
                     "idle %ld KiB", idle_kb);
        } else {
            snprintf(memory->note, sizeof memory->note, "no /proc/PID/status here");
        }
        free(times);
        free(cs);
        unlink(log_path);
    }
    static const char *const names[] = {"ca.key", "ca.crt", "private.key", "csr.pem",
                                        "certificate.crt", "README.txt"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char path[96];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        unlink(path);
    }
    rmdir(dir);
    certdir_free(&cd);
    crypt_rng_use(NULL);
    crypt_wipe(&rng, sizeof rng);
}
