/*
 * sim_open.c - an engine for a set of options, with its --certs files loaded.
 */
#include "course/sim_open.h"

#include "pki/certdir.h"

#include <string.h>

int sim_open_engine(const struct sim_options *opts, struct engine **out, char *err,
                    size_t errlen)
{
    struct certdir certs;
    int status;

    *out = NULL;
    if (opts->certs_dir[0] == '\0')
        return engine_new(opts, out, err, errlen);
    memset(&certs, 0, sizeof certs);
    if (certdir_load(opts->certs_dir, &certs, err, errlen) != 0)
        return -1;
    status = engine_new_with_certs(opts, &certs, out, err, errlen);
    certdir_free(&certs);
    return status;
}
