/*
 * certdir_readme.c - the README that goes with the recipe's files: what
 * each file holds, who keeps it, how the files relate, and the openssl
 * commands that make and check the same files.
 *
 * The prose is pki/certdir_readme.txt, which the build turns into the parts
 * of certdir_readme.h; this file works out the words of a set and says
 * which parts its README is made of.
 */
#include "pki/certdir.h"
#include "pki/certdir_readme.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* The words of one set's README, worked out once: value[] points into the
 * buffers beside it, or at "". */
struct readme_words {
    char ca_from[64], ca_to[64];    /* the root CA's validity */
    char in_from[64], in_to[64];    /* the intermediate's */
    char from[64], to[64];          /* the server's */
    char ca_days[16], inter_days[16], server_days[16];
    char attime[48];                /* "-attime T " for a seeded set, else "" */
    char seed_option[48];           /* "--seed N " for a seeded set, else "" */
    char seed[24], start[16], now[24];  /* a seeded set's seed and clock */
    const char *value[README_WORD_COUNT];
};

/* The dates a certificate made at now for days is valid between. */
static void validity(int64_t now, int days, char from[64], char to[64])
{
    x509_time_format(now - CERTDIR_DAY, from, 64);
    x509_time_format(now + (int64_t)days * CERTDIR_DAY, to, 64);
}

/* Work out the words of the README of spec. */
static void readme_words_init(const struct certdir_spec *spec, struct readme_words *w)
{
    char when[64];

    memset(w, 0, sizeof *w);
    validity(spec->now, CERTDIR_CA_DAYS, w->ca_from, w->ca_to);
    validity(spec->now, CERTDIR_INTER_DAYS, w->in_from, w->in_to);
    validity(spec->now, CERTDIR_SERVER_DAYS, w->from, w->to);
    snprintf(w->ca_days, sizeof w->ca_days, "%d", CERTDIR_CA_DAYS);
    snprintf(w->inter_days, sizeof w->inter_days, "%d", CERTDIR_INTER_DAYS);
    snprintf(w->server_days, sizeof w->server_days, "%d", CERTDIR_SERVER_DAYS);
    if (spec->seeded) {
        x509_time_format(spec->now, when, sizeof when);
        snprintf(w->attime, sizeof w->attime, "-attime %lld ", (long long)spec->now);
        snprintf(w->seed_option, sizeof w->seed_option, "--seed %" PRIu64 " ", spec->seed);
        snprintf(w->seed, sizeof w->seed, "%" PRIu64, spec->seed);
        snprintf(w->start, sizeof w->start, "%.10s", when);
        snprintf(w->now, sizeof w->now, "%lld", (long long)spec->now);
    }
    const char **v = w->value;
    v[README_WORD_HOST] = spec->host;
    v[README_WORD_ORG] = CERTDIR_ORG;
    v[README_WORD_CA_NAME] = CERTDIR_CA_NAME;
    v[README_WORD_INTER_NAME] = CERTDIR_INTER_NAME;
    v[README_WORD_CA_DAYS] = w->ca_days;
    v[README_WORD_INTER_DAYS] = w->inter_days;
    v[README_WORD_SERVER_DAYS] = w->server_days;
    v[README_WORD_CA_FROM] = w->ca_from;
    v[README_WORD_CA_TO] = w->ca_to;
    v[README_WORD_INTER_FROM] = w->in_from;
    v[README_WORD_INTER_TO] = w->in_to;
    v[README_WORD_FROM] = w->from;
    v[README_WORD_TO] = w->to;
    v[README_WORD_ATTIME] = w->attime;
    v[README_WORD_SEED_OPTION] = w->seed_option;
    v[README_WORD_SEED] = w->seed;
    v[README_WORD_START] = w->start;
    v[README_WORD_NOW] = w->now;
}

/* Append to out the pieces of part that are for this set (seeded or not),
 * each followed by the value of its word. */
static void put_part(struct bytes *out, const struct readme_piece *part, bool seeded,
                     const struct readme_words *w)
{
    enum readme_when skip = seeded ? README_FRESH : README_SEEDED;

    for (const struct readme_piece *p = part; p->text != NULL; p++) {
        if (p->when == skip)
            continue;
        bytes_append(out, p->text, strlen(p->text));
        if (p->word >= 0)
            bytes_append(out, w->value[p->word], strlen(w->value[p->word]));
    }
}

void certdir_readme(const struct certdir_spec *spec, struct bytes *out)
{
    struct readme_words w;

    readme_words_init(spec, &w);
    put_part(out, certdir_readme_head, spec->seeded, &w);
    if (spec->seeded) {
        put_part(out, certdir_readme_seeded, true, &w);
        put_part(out, spec->self_signed ? certdir_readme_seeded_self_signed
                                        : certdir_readme_seeded_set, true, &w);
    }
    if (spec->self_signed)
        put_part(out, certdir_readme_self_signed, spec->seeded, &w);
    else if (spec->chain)
        put_part(out, certdir_readme_chain, spec->seeded, &w);
    else
        put_part(out, certdir_readme_ca_signed, spec->seeded, &w);
}
