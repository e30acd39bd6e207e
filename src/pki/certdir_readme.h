/*
 * certdir_readme.h - the parts of the README that `tlssim files` writes,
 * and the words of a set they take.
 *
 * The parts are prose in pki/certdir_readme.txt, which the build turns into
 * the tables below (gen/template.awk); certdir_readme() puts a README
 * together from them.
 */
#ifndef TLSSIM_CERTDIR_README_H
#define TLSSIM_CERTDIR_README_H

/* The words a part may take, {host} for README_WORD_HOST and so on. */
enum readme_word {
    README_WORD_HOST,        /* the server's name */
    README_WORD_ORG,         /* the organisation of every certificate */
    README_WORD_CA_NAME,     /* the root CA's name */
    README_WORD_INTER_NAME,  /* the intermediate CA's name */
    README_WORD_CA_DAYS,     /* how long each certificate is valid, in days */
    README_WORD_INTER_DAYS,
    README_WORD_SERVER_DAYS,
    README_WORD_CA_FROM,     /* the dates each certificate is valid between */
    README_WORD_CA_TO,
    README_WORD_INTER_FROM,
    README_WORD_INTER_TO,
    README_WORD_FROM,
    README_WORD_TO,
    README_WORD_ATTIME,      /* "-attime T " for a seeded set, whose dates are fixed, else "" */
    README_WORD_SEED_OPTION, /* "--seed N " for a seeded set, else "" */
    README_WORD_SEED,        /* a seeded set's seed */
    README_WORD_START,       /* the day a seeded set's certificates start */
    README_WORD_NOW,         /* that moment, in seconds since 1970 */
    README_WORD_COUNT
};

/* Which sets a piece of a part is for. */
enum readme_when {
    README_ALWAYS,
    README_SEEDED,  /* only a set made with --seed */
    README_FRESH,   /* only a set made without it */
};

/* A piece of a part: text copied as it is, then the value of a word. */
struct readme_piece {
    enum readme_when when;
    const char *text;
    int word;       /* an enum readme_word, or -1 for none */
};

/* The parts, each ending in a piece whose text is NULL. */
extern const struct readme_piece certdir_readme_head[];
extern const struct readme_piece certdir_readme_seeded[];
extern const struct readme_piece certdir_readme_seeded_self_signed[];
extern const struct readme_piece certdir_readme_seeded_set[];
extern const struct readme_piece certdir_readme_self_signed[];
extern const struct readme_piece certdir_readme_ca_signed[];
extern const struct readme_piece certdir_readme_chain[];

#endif
