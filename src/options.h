/*
 * options.h - everything that shapes one simulated handshake.
 *
 * One struct, filled with defaults and then set option by option from the
 * command line, a lesson or a demo script through the same table, so that
 * every front end accepts the same names and values.
 */
#ifndef TLSSIM_OPTIONS_H
#define TLSSIM_OPTIONS_H

#include "crypt.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SIM_MESSAGE_MAX 512
#define SIM_HOST_MAX 128
#define SIM_OPTION_ERR_MAX 256
#define SIM_PATH_MAX 1024

/* The simulated clock of a seeded run: 2026-01-01 00:00:00 UTC. */
#define SIM_SEEDED_CLOCK INT64_C(1767225600)

struct sim_options {
    bool seeded;                    /* reproducible, NOT secure */
    uint64_t seed;
    char message[SIM_MESSAGE_MAX];  /* the client's application data */
    char reply[SIM_MESSAGE_MAX];    /* the server's answer */
    char host[SIM_HOST_MAX];        /* the name the client asks for */
    enum crypt_aead cipher;
    char certs_dir[SIM_PATH_MAX];   /* keys and certificates from `tlssim files`, or "" */
};

/* One settable option: its name (as in --NAME), the placeholder of its
 * value (NULL for a switch), and one line of help. */
struct sim_option_desc {
    const char *name;
    const char *value_name;
    const char *help;
};

/* Fill o with the defaults: unseeded, XChaCha20-Poly1305, a sample request. */
void sim_options_default(struct sim_options *o);

/* Set the option called name from its text value (NULL for a switch);
 * returns 0, or -1 with a one-line reason in err. */
int sim_options_set(struct sim_options *o, const char *name, const char *value, char *err,
                    size_t errlen) CRYPT_WARN_UNUSED;

/* The table of settable options, ended by an entry with a NULL name. */
const struct sim_option_desc *sim_options_table(void);

/* The description of the option called name, or NULL if there is none. */
const struct sim_option_desc *sim_options_find(const char *name);

#endif
