/*
 * cmd_files.c - `tlssim files`: write the real files of the openssl recipe
 * (CA, key, request, certificate, or a self-signed pair) and a README.
 */
#include "pki/certdir.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "base/fileio.h"
#include "engine/options.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* What files' command line asks for. */
struct files_args {
    const char *dir;
    bool self_signed, chain, force;
    struct sim_options sim;     /* the host and the seed, read as the engine reads them */
};

enum files_option { FILES_NAME, FILES_SEED };

/* Read what files' table leaves to it: the name and the seed. */
static int take_files_arg(struct cli_parser *p, int id)
{
    struct files_args *a = p->fields;
    char err[SIM_OPTION_ERR_MAX];

    switch (id) {
    case FILES_NAME:
        if (sim_options_set(&a->sim, "host", p->value, err, sizeof err) != 0)
            return usage_error("files", "--name wants a DNS name such as www.example.com, "
                               "not '%s'", p->value);
        break;
    case FILES_SEED:
        if (sim_options_set(&a->sim, "seed", p->value, err, sizeof err) != 0)
            return usage_error("files", "%s", err);
        break;
    }
    return 0;
}

/* The entry of files (files_command), made by the build from cli/usage/files.txt. */
#include "cli/usage_files.h"

/* Print what was written, one line a file, to out. */
static void print_summary(FILE *out, const char *dir, const struct certdir_set *set,
                          const struct certdir_spec *spec)
{
    fprintf(out, "Wrote %zu files in %s for %s:\n", set->count, dir, spec->host);
    for (size_t i = 0; i < set->count; i++) {
        const struct certdir_file *f = &set->files[i];
        fprintf(out, "  %-16s %-7s %s\n", f->name, f->secret ? "SECRET" : "public", f->summary);
    }
    if (spec->seeded)
        fprintf(out, "NOT SECURE: the keys come from --seed %llu; anyone who knows that "
                "number has them.\n", (unsigned long long)spec->seed);
    fprintf(out, "Read %s/%s next, or run: tlssim inspect %s/%s\n", dir, CERTDIR_README, dir,
            spec->self_signed ? CERTDIR_SELF_CERT : spec->chain ? CERTDIR_FULLCHAIN :
            CERTDIR_SERVER_CERT);
}

/* Make the set under spec and write it into dir; returns the exit status. */
static int write_files(const char *dir, const struct certdir_spec *spec, bool force)
{
    struct certdir_set set;
    struct fileio_out outs[CERTDIR_FILES_MAX];
    char err[CERTDIR_ERR_MAX];
    const char *existing = NULL;
    int status = EXIT_USAGE;

    if (certdir_make(spec, &set, err, sizeof err) != 0) {
        fprintf(stderr, "tlssim files: %s\n", err);
        return EXIT_USAGE;
    }
    for (size_t i = 0; i < set.count; i++)
        outs[i] = (struct fileio_out){set.files[i].name, set.files[i].text.data,
                                      set.files[i].text.len, set.files[i].secret ? 0600 : 0644};
    if (fileio_ensure_dir(dir, err, sizeof err) != 0) {
        fprintf(stderr, "tlssim files: %s\n", err);
        goto done;
    }
    if (!force) {
        int found = fileio_find_existing(dir, outs, set.count, &existing, err, sizeof err);
        if (found < 0) {
            fprintf(stderr, "tlssim files: %s\n", err);
            goto done;
        }
        if (found > 0) {
            fprintf(stderr, "tlssim files: '%s/%s' already exists; nothing was written. Use "
                    "--force to replace the files, or choose another directory.\n", dir,
                    existing);
            goto done;
        }
    }
    if (fileio_write_set(dir, outs, set.count, force, err, sizeof err) != 0) {
        fprintf(stderr, "tlssim files: %s%s\n", err, force ? "" : "; nothing was written");
        goto done;
    }
    print_summary(stdout, dir, &set, spec);
    status = 0;
done:
    certdir_set_free(&set);
    return status;
}

int cmd_files(int argc, char **argv)
{
    struct certdir_spec spec = {0};
    struct files_args a = {0};
    struct cli_parser p = {.cmd = &files_command, .argc = argc, .argv = argv, .fields = &a};
    const struct sim_options *o = &a.sim;
    int status;

    sim_options_default(&a.sim);
    if ((status = cli_parse(&p)) != CLI_GO_ON)
        return status;
    if (a.chain && a.self_signed)
        return usage_error("files", "--chain and --self-signed make different sets; choose "
                           "one");

    struct crypt_rng rng;
    spec.self_signed = a.self_signed;
    spec.chain = a.chain;
    spec.host = o->host;
    spec.seeded = o->seeded;
    spec.seed = o->seed;
    if (o->seeded) {
        crypt_rng_from_number(&rng, o->seed);
        spec.now = SIM_SEEDED_CLOCK;
    } else {
        crypt_rng_from_system(&rng);
        spec.now = (int64_t)time(NULL);
    }
    crypt_rng_use(&rng);
    status = write_files(a.dir, &spec, a.force);
    crypt_rng_use(NULL);
    crypt_wipe(&rng, sizeof rng);
    return status;
}
