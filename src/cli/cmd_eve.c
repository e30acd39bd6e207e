/*
 * cmd_eve.c - `tlssim eve FILE [--key private.key]`: Eve, afterwards, with
 * a relay's recording and perhaps the server's leaked key (the work is in
 * src/net/eve_replay.c; this file reads the command line and the files).
 */
#include "base/fileio.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "net/eve_replay.h"
#include "net/recording.h"
#include "pki/pem.h"
#include "pki/x509.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* What eve's command line asks for, besides the recording. */
struct eve_args {
    const char *file;       /* the recording */
    const char *key;
    bool plain;
};

/* Read what eve's table leaves to it: the one recording. */
static int take_eve_arg(struct cli_parser *p, int id)
{
    struct eve_args *a = p->fields;

    if (a->file != NULL)
        return usage_error("eve", "one recording at a time; '%s' is one too many", p->value);
    a->file = p->value;
    return 0;
}

/* The entry of eve (eve_command), made by the build from cli/usage/eve.txt. */
#include "cli/usage_eve.h"

/* Load the Ed25519 private key of a PEM file into sk; 0, or -1 after an
 * error on stderr in the form path:line:col: error: ... */
static int load_key(const char *path, uint8_t sk[CRYPT_SIGN_SECRETKEYBYTES])
{
    char why[FILEIO_ERR_MAX > X509_ERR_MAX ? FILEIO_ERR_MAX : X509_ERR_MAX];
    uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES];
    struct pem_block *blocks = NULL;
    struct pem_error perr;
    size_t count = 0;
    int got = pem_read_file(path, &blocks, &count, why, sizeof why, &perr), rc = -1;

    if (got == -1)
        fprintf(stderr, "tlssim eve: %s\n", why);
    else if (got == -2)
        fprintf(stderr, "%s:%zu:%zu: error: %s\n", path, perr.line, perr.column, perr.message);
    else if (count != 1 || strcmp(blocks[0].label, "PRIVATE KEY") != 0)
        fprintf(stderr, "%s:%zu:1: error: expected one \"PRIVATE KEY\" block, found %zu "
                "block%s, the first \"%s\"; give the server's private.key\n", path,
                blocks[0].line, count, count == 1 ? "" : "s", blocks[0].label);
    else if (x509_pkcs8_ed25519_parse(blocks[0].der.data, blocks[0].der.len, pk, sk, why,
                                      sizeof why) != 0)
        fprintf(stderr, "%s:%zu:1: error: not an Ed25519 private key: %s\n", path,
                blocks[0].line, why);
    else
        rc = 0;
    pem_blocks_free(blocks, count);
    return rc;
}

int cmd_eve(int argc, char **argv)
{
    struct eve_args a = {0};
    struct cli_parser p = {.cmd = &eve_command, .argc = argc, .argv = argv, .fields = &a};
    const char *file;
    int status;

    if ((status = cli_parse(&p)) != CLI_GO_ON)
        return status;
    file = a.file;
    if (file == NULL)
        return usage_error("eve", "which recording? e.g. 'tlssim eve class.rec --key "
                           "demo/private.key'");

    uint8_t sk[CRYPT_SIGN_SECRETKEYBYTES];
    if (a.key != NULL && load_key(a.key, sk) != 0)
        return EXIT_USAGE;
    char why[FILEIO_ERR_MAX];
    struct bytes text = {0};
    struct recording rec;
    struct recording_error err;
    if (fileio_read_all(file, &text, why, sizeof why) != 0) {
        fprintf(stderr, "tlssim eve: %s\n", why);
        crypt_wipe(sk, sizeof sk);
        return EXIT_USAGE;
    }
    if (recording_parse((const char *)text.data, text.len, &rec, &err) != 0) {
        fprintf(stderr, "%s:%zu:%zu: error: %s\n", file, err.line, err.column, err.message);
        bytes_free(&text);
        crypt_wipe(sk, sizeof sk);
        return EXIT_USAGE;
    }
    bytes_free(&text);
    struct eve_replay_result result;
    eve_replay(stdout, &rec, a.key != NULL ? sk : NULL, a.plain, &result);
    recording_free(&rec);
    crypt_wipe(sk, sizeof sk);
    return 0;
}
