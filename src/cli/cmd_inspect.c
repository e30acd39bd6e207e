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

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NOTE_COLUMNS 76
#define BYTES_SHOWN 24

/* Print inspect's help to out. */
static void inspect_help(FILE *out)
{
    fputs("Usage: tlssim inspect [--bytes] FILE...\n"
          "Explain certificates, signing requests and keys, field by field: what each\n"
          "value is, what it means and why it is there.  Reads PEM (one block or many,\n"
          "such as a chain) and DER: X.509 certificates, PKCS#10 requests, PKCS#8 keys\n"
          "(an encrypted one is named, not decrypted), RSA and EC keys in their\n"
          "traditional forms (with the legacy PEM encryption headers or without), and\n"
          "public keys.  Ed25519 signatures are checked; give a CA's certificate on\n"
          "the same command line to check what it signed.  RSA and ECDSA signatures\n"
          "are shown but not checked.\n\n"
          "  --bytes                show the DER offset, header, length and bytes of each\n"
          "                         field\n"
          "  -h, --help             show this help and exit\n\n"
          "Exit status: 0 when every file was read, 2 when one could not be.\n",
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
    crypt_wipe(hex, strlen(hex));
    free(hex);
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

int cmd_inspect(int argc, char **argv)
{
    bool bytes = false;
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
    struct inspect_context ctx = {.now = (int64_t)time(NULL), .pool = &pool};
    for (size_t i = 0; i < n; i++) {
        if (inputs[i].read && !explain_input(&inputs[i], &ctx, bytes))
            status = EXIT_USAGE;
        inspect_file_free(&inputs[i].file);
    }
    inspect_pool_free(&pool);
    free(inputs);
    return status;
}
