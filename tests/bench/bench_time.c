/*
 * bench_time.c - the benchmark's clock and medians (see bench.h).
 */
#define _POSIX_C_SOURCE 200809L

#include "bench.h"

#include <stdlib.h>
#include <time.h>

double bench_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Order two doubles for qsort. */
static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double bench_median(double *values, int n)
{
    if (n <= 0)
        return 0;
    qsort(values, (size_t)n, sizeof *values, compare_doubles);
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

double bench_median_us(bench_fn fn, bench_fn setup, void *ctx, int reps)
{
    double *t = calloc((size_t)reps, sizeof *t);
    double median;

    if (t == NULL)
        return 0;
    for (int i = 0; i < reps; i++) {
        if (setup != NULL)
            setup(ctx);
        double start = bench_now();
        fn(ctx);
        t[i] = (bench_now() - start) * 1e6;
    }
    median = bench_median(t, reps);
    free(t);
    return median;
}
