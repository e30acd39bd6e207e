/*
 * cmd_inspect.c - `tlssim inspect`: print the explainer's lines for each
 * certificate, request or key file, optionally with their DER bytes.
 */
#include "cli/cli.h"
#include "cli/commands.h"
#include "base/fileio.h"
#include "pki/inspect.h"
#include "base/text.h"
#include "base/textout.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NOTE_COLUMNS 76
#define BYTES_SHOWN 24

/* Print inspect's help to out. */
static void inspect_help(FILE *out)
{
    fputs("Usage: tlssim inspect [--bytes] [--attime T] FILE...\n"
          "Explain certificates, signing requests and keys, field by field: what each\n"
          "value is, what it means and why it is there.  Reads PEM (one block or many,\n"
          "such as a chain) and DER: X.509 certificates, PKCS#10 requests, PKCS#8 keys\n"
          "(an encrypted one is named, not decrypted), RSA and EC keys in their\n"
          "traditional forms (with the legacy PEM encryption headers or without), and\n"
          "public keys, and certificate revocation lists (CRLs).  Ed25519 signatures\n"
          "are checked; give a CA's certificate on the same command line to check what\n"
          "it signed.  RSA and ECDSA signatures are shown but not checked.  A file with\n"
          "several certificates, such as fullchain.pem, ends with a chain summary:\n"
          "which block signs which, their order, and, with the root given too, the\n"
          "path check a client makes (and the CRLs given, if any).\n\n"
          "  --bytes                show the DER offset, header, length and bytes of each\n"
          "                         field\n"
          "  --attime T             judge validity and revocation lists at T (Unix\n"
          "                         seconds, as openssl verify -attime), not now\n"
          "  -h, --help             show this help and exit\n\n"
          "Exit status: 0 when every file was read, 1 when a chain's path check\n"
          "failed, 2 when a file could not be read.\n",
          out);
}

/* The word a mark shows as. */
static const char *mark_word(enum inspect_mark m)
{
    switch (m) {
    case INSPECT_MARK_SECRET:
        return "[SECRET] ";
    case INSPECT_MARK_GOOD:
        return "[ok] ";
    case INSPECT_MARK_BAD:
        return "[FAILED] ";
    case INSPECT_MARK_UNCHECKED:
        return "[not checked] ";
    case INSPECT_MARK_WARN:
        return "[!] ";
    case INSPECT_MARK_NONE:
        break;
    }
    return "";
}

/* Print the DER position and bytes of a line. */
static void print_bytes(FILE *out, int indent, const struct inspect_line *l,
                        const struct bytes *der)
{
    size_t total = l->header_len + l->len;
    if (l->offset > der->len || total > der->len - l->offset)
        return;
    char *hex = inspect_hex_short(der->data + l->offset, total, BYTES_SHOWN);
    for (char *c = hex; *c; c++)
        if (*c == ':')
            *c = ' ';
    fprintf(out, "%*s@ offset %zu, header %zu, length %zu: %s\n", indent, "", l->offset,
            l->header_len, l->len, hex);
    crypt_free(hex, strlen(hex));
}

/* Print a report's lines. */
static void print_report(FILE *out, const struct inspect_report *r, bool bytes)
{
    for (size_t i = 0; i < r->count; i++) {
        const struct inspect_line *l = &r->lines[i];
        int indent = 2 + 2 * l->depth;
        const char *mark = mark_word(l->mark);
        /* names and values come from the file: never print its control bytes */
        char *label = text_escape_controls(l->label), *text = text_escape_controls(l->text);
        if (mark[0] == '\0' && l->text[0] == '\0')
            fprintf(out, "%*s%s\n", indent, "", label);
        else
            fprintf(out, "%*s%s: %s%s\n", indent, "", label, mark, text);
        free(label);
        free(text);
        if (bytes && l->has_span)
            print_bytes(out, indent + 4, l, &r->der);
        if (l->note != NULL) {
            char *prefix = xasprintf("%*s", indent + 4, "");
            textout_wrapped(out, prefix, l->note, indent + 4, NOTE_COLUMNS);
            free(prefix);
        }
    }
}

/* One file on the command line and what was read from it. */
struct input {
    const char *path;
    struct inspect_file file;
    bool read;
};

/* Read and split one file, reporting errors; true when it was read. */
static bool load_input(struct input *in)
{
    struct bytes data = {0};
    struct inspect_error e;
    char err[FILEIO_ERR_MAX];

    if (fileio_read_all(in->path, &data, err, sizeof err) != 0) {
        fprintf(stderr, "%s: error: %s\n", in->path, err);
        return false;
    }
    int rc = inspect_split(data.data, data.len, &in->file, &e);
    bytes_free(&data);
    if (rc == 0)
        return true;
    if (e.in_text)
        fprintf(stderr, "%s:%zu:%zu: error: %s\n", in->path, e.line, e.column, e.message);
    else
        fprintf(stderr, "%s: error: at offset 0: %s\n", in->path, e.message);
    return false;
}

/* Print the chain summary of a file with several certificates; 1 when its
 * path check failed, else 0. */
static int summarise_chain(const struct input *in, const struct inspect_context *ctx)
{
    struct inspect_report r;
    int rc = inspect_chain(&in->file, in->path, ctx, &r);

    if (rc < 0)
        return 0;
    printf("%s: %s\n", in->path, r.kind);
    print_report(stdout, &r, false);
    putchar('\n');
    inspect_report_free(&r);
    return rc;
}

/* Explain and print every object of one file; false if one was malformed. */
static bool explain_input(const struct input *in, const struct inspect_context *ctx, bool bytes)
{
    bool ok = true;

    for (size_t b = 0; b < in->file.count; b++) {
        const struct pem_block *blk = &in->file.blocks[b];
        struct inspect_report r;
        struct der_error e;
        int rc = inspect_pem_block(blk, ctx, &r, &e);
        if (in->file.is_pem)
            printf("%s, block %zu of %zu (\"%s\", line %zu): %s\n", in->path, b + 1,
                   in->file.count, blk->label, blk->line, r.kind[0] ? r.kind : "?");
        else
            printf("%s (DER, %zu bytes): %s\n", in->path, blk->der.len,
                   r.kind[0] ? r.kind : "?");
        print_report(stdout, &r, bytes);
        putchar('\n');
        if (rc != 0) {
            fflush(stdout);
            if (in->file.is_pem)
                fprintf(stderr, "%s: error: at offset %zu of block %zu (\"%s\", line %zu): %s\n",
                        in->path, e.offset, b + 1, blk->label, blk->line, e.message);
            else
                fprintf(stderr, "%s: error: at offset %zu: %s\n", in->path, e.offset,
                        e.message);
            ok = false;
        }
        inspect_report_free(&r);
    }
    return ok;
}

/* Read the moment T of --attime (Unix seconds, 0 to 253402300799); 0 or -1. */
static int parse_attime(const char *text, int64_t *t)
{
    char *end;
    errno = 0;
    long long v = strtoll(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || v < 0 || v > INT64_C(253402300799))
        return -1;
    *t = (int64_t)v;
    return 0;
}

int cmd_inspect(int argc, char **argv)
{
    bool bytes = false;
    int64_t now = (int64_t)time(NULL);
    struct input *inputs = xcalloc((size_t)argc, sizeof *inputs);
    size_t n = 0;
    int status = 0;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            inspect_help(stdout);
            free(inputs);
            return 0;
        } else if (strcmp(argv[i], "--bytes") == 0) {
            bytes = true;
        } else if (strcmp(argv[i], "--attime") == 0 || strncmp(argv[i], "--attime=", 9) == 0) {
            const char *v = argv[i][8] == '=' ? argv[i] + 9 : i + 1 < argc ? argv[++i] : NULL;
            if (v == NULL || parse_attime(v, &now) != 0) {
                free(inputs);
                return usage_error("inspect", "--attime wants Unix seconds, such as "
                                   "1767225600 for 2026-01-01");
            }
        } else if (strcmp(argv[i], "--") == 0) {
            while (++i < argc)
                inputs[n++].path = argv[i];
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            free(inputs);
            return usage_error("inspect", "unknown option '%s'", argv[i]);
        } else {
            inputs[n++].path = argv[i];
        }
    }
    if (n == 0) {
        free(inputs);
        return usage_error("inspect", "which file? e.g. 'tlssim inspect certificate.crt'");
    }

    /* Every certificate given may have signed another: gather them first. */
    struct inspect_pool pool = {0};
    for (size_t i = 0; i < n; i++) {
        inputs[i].read = load_input(&inputs[i]);
        if (!inputs[i].read)
            status = EXIT_USAGE;
        for (size_t b = 0; inputs[i].read && b < inputs[i].file.count; b++)
            inspect_pool_add(&pool, inputs[i].file.blocks[b].der.data,
                             inputs[i].file.blocks[b].der.len, inputs[i].path);
    }
    struct inspect_context ctx = {.now = now, .pool = &pool};
    bool broken = false;
    for (size_t i = 0; i < n; i++) {
        if (inputs[i].read && !explain_input(&inputs[i], &ctx, bytes))
            status = EXIT_USAGE;
        if (inputs[i].read && summarise_chain(&inputs[i], &ctx) != 0)
            broken = true;
        inspect_file_free(&inputs[i].file);
    }
    if (status == 0 && broken)
        status = EXIT_CHECK_FAILED;
    inspect_pool_free(&pool);
    free(inputs);
    return status;
}
