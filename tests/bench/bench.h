/*
 * bench.h - the benchmark's shared pieces: a clock, the median of repeated
 * timings, and one row of the table each measure fills in.
 *
 * The benchmark prints figures; it never fails on them.  Each measure runs
 * its subject many times and reports the median, so that one slow run on a
 * busy machine does not move the figure.
 */
#ifndef TLSSIM_BENCH_H
#define TLSSIM_BENCH_H

#include <stdbool.h>
#include <stddef.h>

#define BENCH_WHAT_MAX 64
#define BENCH_NOTE_MAX 96

/* One row of the table: what was measured, its figure and unit, the target
 * it should stay under (0 for none), and a note. */
struct bench_row {
    char what[BENCH_WHAT_MAX];
    double value;
    const char *unit;         /* "us", "ms", "MiB", "x" */
    double target;            /* same unit; 0 when there is none */
    bool at_least;            /* the target is a floor to reach, not a ceiling */
    bool measured;            /* false: could not be measured here (see note) */
    char note[BENCH_NOTE_MAX];
};

/* A function to time, called with its context once a repetition. */
typedef void (*bench_fn)(void *ctx);

/* Seconds on the monotonic clock. */
double bench_now(void);

/* Run fn (after setup, when not NULL, untimed) reps times and return the
 * median time of one call, in microseconds. */
double bench_median_us(bench_fn fn, bench_fn setup, void *ctx, int reps);

/* Time a and b alternately, call by call, reps times after one untimed
 * warm-up call each, so that both see the same machine; the medians of a's
 * and b's times (microseconds) and of the ratios b / a of each pair. */
void bench_paired(bench_fn a, bench_fn b, void *ctx, int reps, double *a_us, double *b_us,
                  double *ratio);

/* The median of n values (sorts them in place). */
double bench_median(double *values, int n);

struct sim_options;
struct engine;

/* The options every measure runs with: the defaults, seeded. */
void bench_options(struct sim_options *o);

/* A new engine with bench_options() brought to stage, or NULL after saying why. */
struct engine *bench_engine_at(int stage);

/* Crypto and engine rows: the raw libsodium cost of a handshake, the
 * engine's, their ratio, and stepping back from stage 8 to 7. */
void bench_handshake(struct bench_row *raw, struct bench_row *engine, struct bench_row *ratio,
                     struct bench_row *back);

/* Real TLS 1.3: the libsodium calls of one connection, the tls13 layer's
 * whole connection in memory, and their ratio. */
void bench_tls13(struct bench_row *raw, struct bench_row *tls, struct bench_row *ratio);

/* tlssim serve against openssl s_server on loopback, the same files and
 * suite, both driven by one openssl s_time run each (-new: a full
 * handshake a connection): handshakes per second of each and their ratio.
 * Rows not measured say why (no openssl, a server that did not start). */
void bench_serve(struct bench_row *tlssim_row, struct bench_row *openssl_row,
                 struct bench_row *ratio, const char *tlssim);

/* The plain transcript of a whole run, written to a stream that discards it. */
void bench_plain(struct bench_row *row);

/* TUI frames at rows x cols in a headless curses screen: a whole repaint,
 * and a step from one stage to another. */
void bench_tui_frame(struct bench_row *repaint, struct bench_row *step, int rows, int cols);

/* Start-up of the program on a pseudo-terminal to its first full frame, and
 * the peak memory of that TUI; tlssim is the program to run. */
void bench_startup(struct bench_row *startup, struct bench_row *tui_memory, const char *tlssim);

/* Peak memory of a whole plain walkthrough run by the program tlssim. */
void bench_memory(struct bench_row *row, const char *tlssim);

/* The parsers and loaders at their size limit, each timed as a whole run
 * of tlssim on a 1 MiB input; fills up to BENCH_PARSE_ROWS rows and
 * returns how many. */
#define BENCH_PARSE_ROWS 5
size_t bench_parsers(struct bench_row *rows, const char *tlssim);

/* The classroom under load against one `tlssim serve` on loopback, three
 * shapes (N clients at once; handshakes paced at a set rate; N connected
 * at once, pausing before each flight as students do): for each,
 * handshakes per second, p50 and p99 time to complete (in the class, of a
 * flight's wait for its answer) and failures; then the server's memory
 * per connection, and the dashboard's log of one connection.  Fills
 * BENCH_CLASSROOM_ROWS rows. */
#define BENCH_CLASSROOM_ROWS 14
size_t bench_classroom(struct bench_row *rows, const char *tlssim);

/* The bytes the dashboard keeps of one eight-stage connection (its server
 * log), the largest of the four modes, run in memory with the set cd. */
struct certdir;
void bench_dashboard_log(struct bench_row *row, const struct certdir *cd);

#endif
