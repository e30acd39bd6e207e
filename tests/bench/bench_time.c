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

void bench_paired(bench_fn a, bench_fn b, void *ctx, int reps, double *a_us, double *b_us,
                  double *ratio)
{
    double *a_t = calloc((size_t)reps, sizeof *a_t), *b_t = calloc((size_t)reps, sizeof *b_t);
    double *r_t = calloc((size_t)reps, sizeof *r_t);

    *a_us = *b_us = *ratio = 0;
    if (a_t != NULL && b_t != NULL && r_t != NULL && reps > 0) {
        a(ctx);
        b(ctx);
        for (int i = 0; i < reps; i++) {
            double start = bench_now();
            a(ctx);
            double middle = bench_now();
            b(ctx);
            a_t[i] = (middle - start) * 1e6;
            b_t[i] = (bench_now() - middle) * 1e6;
            r_t[i] = a_t[i] > 0 ? b_t[i] / a_t[i] : 0;
        }
        *a_us = bench_median(a_t, reps);
        *b_us = bench_median(b_t, reps);
        *ratio = bench_median(r_t, reps);
    }
    free(a_t);
    free(b_t);
    free(r_t);
}
