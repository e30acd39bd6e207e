/*
 * bench_classroom.c - the classroom under load: eight-stage clients against
 * one `tlssim serve` on loopback, driven from this process by one poll()
 * loop, in two shapes.  Burst: N clients (default 300,
 * TLSSIM_BENCH_CLIENTS to change it) started at once.  Paced: handshakes
 * offered at a set rate (default 1000 a second for 3 s, TLSSIM_BENCH_RATE
 * to change it), each a new connection, at most N in flight, as a class
 * whose students connect in turn.  Class: N clients connected at once
 * for 3 s, each pausing before every flight it sends as a student does
 * before pressing the key (TLSSIM_BENCH_THINK_MS, default 80) and
 * starting again when its handshake is over.  Reports handshakes per
 * second, the median and 99th percentile of each handshake's time from its
 * turn to the checked reply (in the class, of the wait for the server's
 * answer to each flight), the failures, and the server's memory per
 * connection (its peak resident size over its idle size, from
 * /proc/PID/status; serve runs without its dashboard here, so it keeps no
 * connection's log) and, apart, what the dashboard's log of one costs.
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

#define DEFAULT_RATE 1000.0
#define RATE_MAX 100000.0
#define PACED_SECONDS 3.0

#define DEFAULT_THINK_MS 80.0
#define THINK_MS_MAX 10000.0
#define CLASS_SECONDS 3.0
#define CLASS_TURNS_MAX 100  /* handshakes one client may run in the class's time */
#define CLASS_FLIGHTS_MAX 8  /* flights a client sends in one handshake, at most */

struct load_client {
    int fd;
    struct flow_client *fc;
    size_t sent;
    double start;       /* when its turn came */
    bool busy;          /* a handshake runs in this slot */
    double send_at;     /* with pauses: when the flight at hand may go */
    double sent_at;     /* with pauses: when the last flight went, 0 once answered */
    double waited;      /* with pauses: seconds this handshake waited for answers */
};

/* One load shape and what it measured. */
struct load_run {
    const char *port;
    struct flow_client_config cfg;
    int slots;          /* at most this many in flight */
    int total;          /* handshakes to run */
    double rate;        /* offered a second; 0: all at once */
    double think;       /* > 0: the class shape: mean seconds of pause before each flight */
    double *times;      /* ms of each completed handshake, ok of them */
    int ok, failed, connected;
    double first_start, last_end;
    double *waits;      /* the class shape: ms from each flight to its answer */
    int wait_count;
    double open_seconds;   /* connections open, summed over the run's time */
    int open_peak;
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

    /* room for a class whose clients connect again while the server is
     * still closing their last connections */
    snprintf(max, sizeof max, "%d", 2 * clients + 16);
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
    if (out->len > 0)
        c->sent_at = bench_now();
    out->len = 0;
    c->sent = 0;
    return true;
}

/* A pause before a flight: the mean m, spread evenly over half to one and
 * a half times it, so that the clients do not move in step. */
static double pause_s(double m)
{
    return m * (0.5 + (double)(random() % 1000) / 1000.0);
}

/* With pauses: once c's answer to its last flight is in (something new to
 * send, or the end), keep how long it took and set when the next may go;
 * true when c may send now. */
static bool paused_flight_due(struct load_run *r, struct load_client *c, double now)
{
    bool answered = flow_client_out(c->fc)->len > c->sent || flow_client_over(c->fc);
    if (c->sent_at > 0 && answered) {
        double took = now - c->sent_at;
        if (r->wait_count < r->total * CLASS_FLIGHTS_MAX)
            r->waits[r->wait_count++] = took * 1000.0;
        c->waited += took;
        c->sent_at = 0;
        c->send_at = now + pause_s(r->think);
    }
    return c->sent_at == 0 && now >= c->send_at;
}

/* Start, in the free slot c, the handshake that was due at the time due
 * (its time to complete counts from then); false when connect() failed. */
static bool start_client(struct load_client *c, const struct load_run *r, double due)
{
    char err[NET_ERR_MAX];

    memset(c, 0, sizeof *c);
    c->start = due;
    c->fd = net_connect("127.0.0.1", r->port, 5000, err, sizeof err);
    if (c->fd < 0)
        return false;
    c->fc = flow_client_new(&r->cfg);
    c->busy = true;
    (void)flush_client(c);   /* HELLO at once */
    return true;
}

/* End c's handshake: keep its time when it completed, count it as failed
 * when not, and free the slot. */
static void end_client(struct load_run *r, struct load_client *c)
{
    double end = bench_now();

    if (flow_client_state(c->fc) == FLOW_CLIENT_COMPLETED && r->ok < r->total)
        r->times[r->ok++] = (r->think > 0 ? c->waited : end - c->start) * 1000.0;
    else
        r->failed++;
    close(c->fd);
    flow_client_free(c->fc);
    c->fc = NULL;
    c->busy = false;
    r->last_end = end;
}

/* Run r->total handshakes, each due at its turn of r->rate a second (all at
 * once when the rate is 0), at most r->slots in flight, until all are over
 * or the run limit passes; a handshake that finds every slot busy waits. */
static void run_load(struct load_run *r, struct load_client *cs)
{
    struct pollfd *pfds = xcalloc((size_t)r->slots, sizeof *pfds);
    int *index = xcalloc((size_t)r->slots, sizeof *index);
    double t0 = bench_now(), limit = t0 + RUN_LIMIT_S;
    int started = 0;

    r->times = xcalloc((size_t)r->total, sizeof *r->times);
    r->first_start = r->last_end = t0;
    if (r->think > 0)
        r->waits = xcalloc((size_t)r->total * CLASS_FLIGHTS_MAX, sizeof *r->waits);
    double last = t0, next_send = 0;
    for (;;) {
        double now = bench_now();
        bool starting = r->think <= 0 || now < t0 + CLASS_SECONDS;
        for (int i = 0; i < r->slots && started < r->total && starting; i++) {
            double due = r->rate > 0 ? t0 + started / r->rate : r->think > 0 ? now : t0;
            if (due > now)
                break;
            if (cs[i].busy)
                continue;
            if (start_client(&cs[i], r, due))
                r->connected++;
            else
                r->failed++;
            started++;
        }
        int k = 0;
        next_send = 0;
        for (int i = 0; i < r->slots; i++) {
            struct load_client *c = &cs[i];
            if (!c->busy)
                continue;
            bool due = r->think <= 0 || paused_flight_due(r, c, now);
            if (due && !flush_client(c))
                flow_client_fail(c->fc, "broken", false);
            if (!due && c->sent_at == 0 && (next_send == 0 || c->send_at < next_send))
                next_send = c->send_at;
            if (flow_client_over(c->fc) && flow_client_out(c->fc)->len == 0) {
                end_client(r, c);
                continue;
            }
            bool owed = due && flow_client_out(c->fc)->len > c->sent;
            pfds[k] = (struct pollfd){c->fd, (short)(POLLIN | (owed ? POLLOUT : 0)), 0};
            index[k++] = i;
        }
        now = bench_now();
        r->open_seconds += k * (now - last);
        last = now;
        if (k > r->open_peak)
            r->open_peak = k;
        if (r->think > 0 && !starting)
            r->total = started;   /* the class's time is over: no more turns */
        if ((k == 0 && started == r->total) || now > limit)
            break;
        int wait = 1000;
        if (started < r->total) {
            double due = r->rate > 0 ? t0 + started / r->rate : t0;
            wait = due <= now ? 0 : (int)((due - now) * 1000.0) + 1;
            if (k == r->slots && wait < 1000)
                wait = 1000;   /* every slot busy: only an answer frees one */
        }
        if (next_send > 0) {
            int until_send = next_send <= now ? 0 : (int)((next_send - now) * 1000.0) + 1;
            if (until_send < wait)
                wait = until_send;
        }
        if (poll(pfds, (nfds_t)k, wait) < 0 && errno != EINTR)
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
    for (int i = 0; i < r->slots; i++)
        if (cs[i].busy)
            end_client(r, &cs[i]);
    r->failed += r->total - started;   /* never started within the run limit */
    free(pfds);
    free(index);
}

/* Fill the rows of one load shape from r: handshakes a second, p50, p99
 * and failures; label names the shape, p99_note says what bounds its p99,
 * cpu_ms is the server's CPU over the run. */
static void report(const struct load_run *r, const char *label, const char *p99_note,
                   double cpu_ms, struct bench_row *rows)
{
    double wall = r->last_end - r->first_start;

    rows[0] = (struct bench_row){.unit = "hs/s", .target = 1000, .at_least = true};
    rows[1] = (struct bench_row){.unit = "ms"};
    rows[2] = (struct bench_row){.unit = "ms", .target = 50};
    rows[3] = (struct bench_row){.unit = "", .target = 1};
    snprintf(rows[0].what, sizeof rows[0].what, "classroom %s: handshakes a second", label);
    snprintf(rows[1].what, sizeof rows[1].what, "classroom %s: %s, p50", label,
             r->think > 0 ? "wait for an answer" : "time to complete");
    snprintf(rows[2].what, sizeof rows[2].what, "classroom %s: %s, p99", label,
             r->think > 0 ? "wait for an answer" : "time to complete");
    snprintf(rows[3].what, sizeof rows[3].what, "classroom %s: handshakes that failed", label);
    if (wall > 0) {
        rows[0].value = r->ok / wall;
        rows[0].measured = true;
    }
    snprintf(rows[0].note, sizeof rows[0].note, "%d in %.0f ms; the server's CPU: %.2f ms a "
             "handshake", r->ok, wall * 1000.0, r->ok > 0 && cpu_ms >= 0 ? cpu_ms / r->ok : 0.0);
    rows[3].value = r->failed;
    rows[3].measured = true;
    snprintf(rows[3].note, sizeof rows[3].note, "%d of %d connected", r->connected, r->total);
    double *times = r->think > 0 ? r->waits : r->times;
    int count = r->think > 0 ? r->wait_count : r->ok;
    if (count > 0) {
        rows[1].value = bench_median(times, count);   /* sorts times */
        rows[2].value = times[(int)(0.99 * (count - 1) + 0.5)];
        rows[1].measured = rows[2].measured = true;
        snprintf(rows[1].note, sizeof rows[1].note, "from the handshake's turn to the checked "
                 "reply");
        snprintf(rows[2].note, sizeof rows[2].note, "%s", p99_note);
    }
}

size_t bench_classroom(struct bench_row *rows, const char *tlssim)
{
    const char *env = getenv("TLSSIM_BENCH_CLIENTS");
    int n = env != NULL && atoi(env) > 0 && atoi(env) <= CLIENTS_MAX ? atoi(env) : DEFAULT_CLIENTS;
    const char *think_env = getenv("TLSSIM_BENCH_THINK_MS");
    double think_ms = think_env != NULL && atof(think_env) > 0 && atof(think_env) <= THINK_MS_MAX
                          ? atof(think_env) : DEFAULT_THINK_MS;
    const char *rate_env = getenv("TLSSIM_BENCH_RATE");
    double rate = rate_env != NULL && atof(rate_env) > 0 && atof(rate_env) <= RATE_MAX
                      ? atof(rate_env) : DEFAULT_RATE;
    char dir[] = "/tmp/tlssim-bench-serve-XXXXXX", port[16], log_path[64], label[64];
    struct certdir cd = {0};
    struct crypt_rng rng;
    struct bench_row *memory = &rows[BENCH_CLASSROOM_ROWS - 2];

    memset(rows, 0, BENCH_CLASSROOM_ROWS * sizeof *rows);
    snprintf(rows[0].what, sizeof rows[0].what, "classroom: %d eight-stage clients", n);
    *memory = (struct bench_row){.unit = "KiB"};
    snprintf(memory->what, sizeof memory->what, "classroom: memory per connection, no dashboard");
    crypt_rng_from_system(&rng);
    crypt_rng_use(&rng);
    if (mkdtemp(dir) == NULL || make_set(dir, &cd) != 0) {
        snprintf(rows[0].note, sizeof rows[0].note, "could not make a set of files");
        crypt_rng_use(NULL);
        return BENCH_CLASSROOM_ROWS - 1;   /* the dashboard's log needs the set too */
    }
    bench_dashboard_log(&rows[BENCH_CLASSROOM_ROWS - 1], &cd);
    snprintf(log_path, sizeof log_path, "%s/serve.log", dir);
    pid_t pid = start_serve(tlssim, dir, log_path, n, port, sizeof port);
    if (pid < 0) {
        snprintf(rows[0].note, sizeof rows[0].note, "tlssim serve did not start");
    } else {
        struct load_client *cs = xcalloc((size_t)n, sizeof *cs);
        struct flow_client_config cfg = {.name = "bench", .ca_der = cd.ca_cert.data,
                                         .ca_len = cd.ca_cert.len, .clock = (int64_t)time(NULL)};
        struct load_run burst = {.port = port, .cfg = cfg, .slots = n, .total = n};
        struct load_run paced = {.port = port, .cfg = cfg, .slots = n, .rate = rate,
                                 .total = (int)(rate * PACED_SECONDS + 0.5)};
        struct load_run class = {.port = port, .cfg = cfg, .slots = n, .think = think_ms / 1000.0,
                                 .total = n * CLASS_TURNS_MAX};
        long idle_kb = proc_kb(pid, "VmRSS");
        double cpu_before = proc_cpu_ms(pid);
        run_load(&burst, cs);
        long peak_kb = proc_kb(pid, "VmHWM");
        double cpu_burst = proc_cpu_ms(pid);
        snprintf(label, sizeof label, "burst, %d at once", n);
        report(&burst, label, "all start at once: the last waits for everyone's CPU before "
               "it (n x CPU a handshake / cores)", cpu_before >= 0 ? cpu_burst - cpu_before : -1,
               rows);
        run_load(&paced, cs);
        double cpu_paced = proc_cpu_ms(pid);
        snprintf(label, sizeof label, "paced, %.0f/s offered for %.0f s", rate, PACED_SECONDS);
        report(&paced, label, "each handshake's own time, and its wait for a turn when the "
               "offered rate is not kept up", cpu_burst >= 0 ? cpu_paced - cpu_burst : -1,
               rows + 4);
        snprintf(rows[7].note + strlen(rows[7].note), sizeof rows[7].note - strlen(rows[7].note),
                 "; at most %d in flight", n);
        /* a paced run cannot pass the rate it is offered: it holds when it keeps up */
        rows[4].target = 0.99 * rate;
        snprintf(rows[4].note + strlen(rows[4].note), sizeof rows[4].note - strlen(rows[4].note),
                 "; target: 99%% of the rate offered");
        run_load(&class, cs);
        double cpu_class = proc_cpu_ms(pid);
        snprintf(label, sizeof label, "class of %d, %.0f ms pauses", n, think_ms);
        report(&class, label, "the wait a student sees after sending a flight; pauses not "
               "counted", cpu_paced >= 0 ? cpu_class - cpu_paced : -1, rows + 8);
        double class_wall = class.last_end - class.first_start;
        snprintf(rows[11].note + strlen(rows[11].note), sizeof rows[11].note -
                 strlen(rows[11].note), "; connected at once: %.0f on average, %d at the most",
                 class_wall > 0 ? class.open_seconds / class_wall : 0.0, class.open_peak);
        if (class.ok > 0) {
            double median = bench_median(class.times, class.ok);   /* sorts them */
            snprintf(rows[9].note, sizeof rows[9].note, "after each flight sent; a handshake's "
                     "own time (its waits summed): p50 %.1f ms, p99 %.1f ms", median,
                     class.times[(int)(0.99 * (class.ok - 1) + 0.5)]);
        }
        kill(pid, SIGTERM);
        waitpid(pid, NULL, 0);
        if (idle_kb > 0 && peak_kb > 0) {
            memory->value = (double)(peak_kb - idle_kb) / n;
            memory->measured = true;
            snprintf(memory->note, sizeof memory->note, "(peak - idle resident size) / clients, "
                     "after the burst; idle %ld KiB", idle_kb);
        } else {
            snprintf(memory->note, sizeof memory->note, "no /proc/PID/status here");
        }
        free(burst.times);
        free(paced.times);
        free(class.times);
        free(class.waits);
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
    return BENCH_CLASSROOM_ROWS;
}
