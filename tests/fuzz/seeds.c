/*
 * seeds.c - write the seed corpus of the wire target: every frame that
 * crosses the wire in seeded runs of each mode and what-if, one file a
 * frame, named after the run, its position and its message.
 *
 *   seeds DIR
 *
 * Run by 'make fuzz-seeds'; the files it wrote are kept in the source tree.
 */
#define _POSIX_C_SOURCE 200809L

#include "base/crypt.h"
#include "engine/engine.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#define SEEDS_SEED 42

/* One seeded run whose frames are worth keeping: its name and its options. */
struct seed_run {
    const char *name;
    const char *options[4][2];   /* name, value (NULL for a switch); ends at a NULL name */
};

static const struct seed_run runs[] = {
    {"transport", {{NULL, NULL}}},
    {"ephemeral", {{"mode", "ephemeral"}, {NULL, NULL}}},
    {"finished", {{"finished", NULL}, {NULL, NULL}}},
    {"aes-payload", {{"payload", "aes"}, {"cipher", "aes256gcm"}, {NULL, NULL}}},
    {"bare-key", {{"cert", "none"}, {NULL, NULL}}},
    {"downgrade", {{"downgrade", NULL}, {NULL, NULL}}},
    {"mitm", {{"mitm", NULL}, {"accept-bad-cert", NULL}, {NULL, NULL}}},
};

/* Write len bytes to path; 0, or -1 after saying why. */
static int write_seed(const char *path, const uint8_t *p, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL || fwrite(p, 1, len, f) != len || fclose(f) != 0) {
        fprintf(stderr, "seeds: cannot write %s: %s\n", path, strerror(errno));
        return -1;
    }
    return 0;
}

/* Run one seeded handshake and write each of its frames into dir. */
static int write_run(const char *dir, const struct seed_run *run)
{
    struct sim_options o;
    struct engine *e = NULL;
    char err[ENGINE_ERR_MAX];
    int rc = 0;

    sim_options_default(&o);
    o.seeded = true;
    o.seed = SEEDS_SEED;
    for (size_t i = 0; run->options[i][0] != NULL; i++)
        if (sim_options_set(&o, run->options[i][0], run->options[i][1], err, sizeof err) != 0) {
            fprintf(stderr, "seeds: %s: %s\n", run->name, err);
            return -1;
        }
    if (engine_new(&o, &e, err, sizeof err) != 0) {
        fprintf(stderr, "seeds: %s: %s (skipped)\n", run->name, err);
        return 0;
    }
    engine_goto(e, SIM_STAGE_COUNT);
    for (size_t i = 0, n = 0; i < engine_event_count(e) && rc == 0; i++) {
        const struct sim_event *ev = engine_event(e, i);
        if (ev->kind != SIM_EV_WIRE)
            continue;
        char title[64], path[4096];
        size_t k = 0;
        for (const char *s = ev->title; *s != '\0' && k + 1 < sizeof title; s++)
            title[k++] = isalnum((unsigned char)*s) ? (char)tolower((unsigned char)*s) : '-';
        title[k] = '\0';
        snprintf(path, sizeof path, "%s/%s-%02zu-%s", dir, run->name, ++n, title);
        rc = write_seed(path, ev->bytes, ev->len);
    }
    engine_free(e);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fputs("Usage: seeds DIR\nWrite every frame of seeded runs into DIR.\n", stderr);
        return 2;
    }
    if (crypt_init() != 0) {
        fputs("seeds: libsodium could not start\n", stderr);
        return 1;
    }
    for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++)
        if (write_run(argv[1], &runs[i]) != 0)
            return 1;
    return 0;
}
