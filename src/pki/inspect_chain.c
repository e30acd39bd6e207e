/*
 * inspect_chain.c - the summary of a file that holds several certificates,
 * such as fullchain.pem: which block signs which, whether they come in the
 * order a server sends them, and, with a root given beside them, the path
 * check a client makes (x509_path_validate, the walk's own).
 */
#include "pki/inspect.h"

#include "pki/inspect_walk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHAIN_BLOCKS_MAX 16     /* certificates of one file summarised */

/* The certificates of one file, decoded. */
struct chain_file {
    struct x509_cert certs[CHAIN_BLOCKS_MAX];
    size_t block[CHAIN_BLOCKS_MAX];     /* each one's block number, from 1 */
    size_t count;
};

/* The name a certificate is known by. */
static const char *name_of(const struct x509_cert *c)
{
    return c->subject_cn[0] != '\0' ? c->subject_cn : c->subject;
}

/* True when c names itself as its issuer. */
static bool self_issued(const struct x509_cert *c)
{
    return c->issuer_der_len == c->subject_der_len &&
           memcmp(c->issuer_der, c->subject_der, c->issuer_der_len) == 0;
}

/* The index in cf of the certificate that issued cf->certs[i] (not itself),
 * or -1 when the file holds none. */
static int issuer_in_file(const struct chain_file *cf, size_t i)
{
    if (self_issued(&cf->certs[i]))
        return -1;
    const struct x509_cert *is = x509_find_issuer(&cf->certs[i], cf->certs, cf->count);
    return is == NULL ? -1 : (int)(is - cf->certs);
}

/* Say who signed each certificate; false when a signature in the file fails. */
static bool explain_links(const struct chain_file *cf, const char *path,
                          const struct inspect_context *ctx, struct inspect_report *out)
{
    bool ok = true;

    for (size_t i = 0; i < cf->count; i++) {
        const struct x509_cert *c = &cf->certs[i];
        int j = issuer_in_file(cf, i);
        const struct x509_cert *outside = NULL;
        size_t at = 0;
        for (size_t k = 0; j < 0 && ctx->pool != NULL && k < ctx->pool->count; k++) {
            if (strcmp(ctx->pool->cert_sources[k], path) != 0 &&
                x509_signed_by(c, &ctx->pool->certs[k])) {
                outside = &ctx->pool->certs[k];
                at = k;
            }
        }
        if (self_issued(c)) {
            bool good = x509_signed_by(c, c);
            ok = ok && good;
            inspect_add(out, 1, NULL, good ? INSPECT_MARK_WARN : INSPECT_MARK_BAD, "block",
                        "A root, signed by itself.  Servers need not send it: a client "
                        "trusts only its own copy.", "%zu: %s, a root (self-signed%s)",
                        cf->block[i], name_of(c), good ? "" : ", but the signature fails");
        } else if (j >= 0) {
            bool good = x509_signed_by(c, &cf->certs[j]);
            ok = ok && good;
            inspect_add(out, 1, NULL, good ? INSPECT_MARK_GOOD : INSPECT_MARK_BAD, "block", NULL,
                        "%zu: %s, %s by block %zu (%s)", cf->block[i], name_of(c),
                        good ? "signed" : "NOT signed", cf->block[j], name_of(&cf->certs[j]));
        } else if (outside != NULL) {
            inspect_add(out, 1, NULL, INSPECT_MARK_GOOD, "block", NULL, "%zu: %s, signed by "
                        "%s (%s)", cf->block[i], name_of(c), name_of(outside),
                        ctx->pool->cert_sources[at]);
        } else {
            inspect_add(out, 1, NULL, INSPECT_MARK_NONE, "block", "Give the issuer's "
                        "certificate on the command line to check this link.",
                        "%zu: %s, issued by %s, which is not in this file", cf->block[i],
                        name_of(c), c->issuer_cn[0] ? c->issuer_cn : c->issuer);
        }
    }
    return ok;
}

/* The server's own certificate: the first that signs no other in the file
 * (the first block when each signs another, as in a loop). */
static size_t leaf_of(const struct chain_file *cf)
{
    for (size_t i = 0; i < cf->count; i++) {
        bool issues = false;
        for (size_t k = 0; k < cf->count && !issues; k++)
            issues = k != i && issuer_in_file(cf, k) == (int)i;
        if (!issues)
            return i;
    }
    return 0;
}

/* Say whether the blocks come leaf first, each followed by its issuer. */
static void explain_order(const struct chain_file *cf, size_t leaf, struct inspect_report *out)
{
    if (leaf != 0) {
        inspect_add(out, 1, NULL, INSPECT_MARK_WARN, "order", "A server sends its own "
                    "certificate first, then each issuer in turn (TLS 1.2 requires it; many "
                    "clients cope otherwise, some do not).", "out of order: the server's own "
                    "certificate is block %zu, not block %zu", cf->block[leaf], cf->block[0]);
        return;
    }
    for (size_t i = 0; i + 1 < cf->count; i++) {
        int j = issuer_in_file(cf, i);
        if (j >= 0 && (size_t)j != i + 1) {
            inspect_add(out, 1, NULL, INSPECT_MARK_WARN, "order", "A server sends its own "
                        "certificate first, then each issuer in turn (TLS 1.2 requires it; "
                        "many clients cope otherwise, some do not).", "out of order: block "
                        "%zu is signed by block %zu, not by the block after it",
                        cf->block[i], cf->block[j]);
            return;
        }
    }
    inspect_add(out, 1, NULL, INSPECT_MARK_GOOD, "order", NULL, "leaf first, then each issuer "
                "in turn, as a server sends them");
}

/* Run the client's path check from the first block, with the roots given
 * in other files as the trust store; false when a check fails. */
static bool explain_path(const struct chain_file *cf, size_t leaf_at, const char *path,
                         const struct inspect_context *ctx, struct inspect_report *out)
{
    struct x509_cert roots[CHAIN_BLOCKS_MAX], sent[CHAIN_BLOCKS_MAX];
    size_t nsent = 0;
    size_t nroots = 0;
    struct x509_path p;

    for (size_t k = 0; ctx->pool != NULL && k < ctx->pool->count; k++)
        if (nroots < CHAIN_BLOCKS_MAX && strcmp(ctx->pool->cert_sources[k], path) != 0 &&
            self_issued(&ctx->pool->certs[k]))
            roots[nroots++] = ctx->pool->certs[k];
    if (nroots == 0) {
        inspect_add(out, 1, NULL, INSPECT_MARK_UNCHECKED, "path check", "Give the root on the "
                    "same command line (tlssim inspect fullchain.pem ca.crt) and tlssim "
                    "checks the path as a client does.", "not made: no root given beside "
                    "this file");
        return true;
    }
    const struct x509_cert *leaf = &cf->certs[leaf_at];
    for (size_t i = 0; i < cf->count; i++)
        if (i != leaf_at)
            sent[nsent++] = cf->certs[i];
    struct x509_path_input in = {
        .leaf = leaf, .sent = sent, .sent_count = nsent, .trusted = roots,
        .trusted_count = nroots, .crls = ctx->pool->crls, .crl_count = ctx->pool->crl_count,
        .host = leaf->dns_count > 0 ? leaf->dns_names[0] : leaf->subject_cn, .now = ctx->now,
    };
    bool valid = x509_path_validate(&in, &p);
    inspect_add(out, 1, NULL, valid ? INSPECT_MARK_GOOD : INSPECT_MARK_BAD, "path check",
                "The checks a client makes, in its order, against the roots given; the "
                "first that fails ends them.", "%s", valid ? "the path holds" : "FAILED");
    for (size_t i = 0; i < p.checks_made; i++) {
        enum x509_path_check_id id = (enum x509_path_check_id)i;
        inspect_add(out, 2, NULL, p.checks[i].ok ? INSPECT_MARK_GOOD : INSPECT_MARK_BAD,
                    x509_path_check_id(id), p.checks[i].detail, "%s",
                    x509_path_check_name(id));
    }
    return valid;
}

int inspect_chain(const struct inspect_file *f, const char *path,
                  const struct inspect_context *ctx, struct inspect_report *out)
{
    struct chain_file *cf = xcalloc(1, sizeof *cf);
    char err[X509_ERR_MAX];
    size_t certs_seen = 0;

    memset(out, 0, sizeof *out);
    for (size_t b = 0; b < f->count; b++) {
        const struct pem_block *blk = &f->blocks[b];
        if (strcmp(blk->label, "CERTIFICATE") != 0)
            continue;
        certs_seen++;
        if (cf->count < CHAIN_BLOCKS_MAX &&
            x509_cert_parse(blk->der.data, blk->der.len, &cf->certs[cf->count], err,
                            sizeof err) == 0)
            cf->block[cf->count++] = b + 1;
    }
    if (cf->count < 2) {
        free(cf);
        return -1;
    }
    snprintf(out->kind, sizeof out->kind, "certificate chain");
    inspect_add(out, 0, NULL, INSPECT_MARK_NONE, "chain", "What a server sends in its "
                "handshake: its own certificate, then the intermediates, each signed by the "
                "next.  The root stays out: clients have their own copy.",
                "%zu certificates%s", cf->count,
                certs_seen > cf->count ? " (others could not be read)" : "");
    size_t leaf = leaf_of(cf);
    bool ok = explain_links(cf, path, ctx, out);
    explain_order(cf, leaf, out);
    ok = explain_path(cf, leaf, path, ctx, out) && ok;
    free(cf);
    return ok ? 0 : 1;
}
