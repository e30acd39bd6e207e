/*
 * certdir_readme.c - the README that goes with the recipe's files: what
 * each file holds, who keeps it, how the files relate, and the openssl
 * commands that make and check the same files.
 */
#include "pki/certdir.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Append formatted text to out. */
static void put(struct bytes *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(struct bytes *out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = NULL;
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    s = xcalloc((size_t)n + 1, 1);
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    bytes_append(out, s, (size_t)n);
    free(s);
}

/* The dates a certificate made at now for days is valid between. */
static void validity(int64_t now, int days, char from[64], char to[64])
{
    x509_time_format(now - CERTDIR_DAY, from, 64);
    x509_time_format(now + (int64_t)days * CERTDIR_DAY, to, 64);
}

/* The warning a seeded set carries. */
static void put_seed_warning(const struct certdir_spec *spec, struct bytes *out)
{
    char when[64];

    if (!spec->seeded)
        return;
    x509_time_format(spec->now, when, sizeof when);
    put(out, "WARNING: NOT SECURE.  These keys were made from the number %" PRIu64 " (--seed),\n"
             "so anyone who knows that number can make the very same private keys.  They\n"
             "are for teaching and for tests that need the same bytes every time.  Never\n"
             "use them to protect anything real.\n\n", spec->seed);
    if (spec->self_signed)
        put(out, "Their dates are fixed as well: they start at the clock of seeded runs\n"
                 "(%.10s), so the check below gives openssl that moment\n"
                 "(-attime %lld), whatever today's date.\n\n", when, (long long)spec->now);
    else
        put(out, "Their dates are fixed as well: they start at the clock of seeded runs\n"
                 "(%.10s), so the checks below give openssl that moment\n"
                 "(-attime %lld) and the walk below takes the same seed, whatever\n"
                 "today's date.\n\n", when, (long long)spec->now);
}

/* The options that make a check see the set's own moment: "-attime T " for
 * a seeded set, whose dates are fixed, else "". */
static const char *attime(const struct certdir_spec *spec, char *buf, size_t size)
{
    if (!spec->seeded)
        return "";
    snprintf(buf, size, "-attime %lld ", (long long)spec->now);
    return buf;
}

/* The options a walk over the set needs: "--seed N " for a seeded set. */
static const char *walk_seed(const struct certdir_spec *spec, char *buf, size_t size)
{
    if (!spec->seeded)
        return "";
    snprintf(buf, size, "--seed %" PRIu64 " ", spec->seed);
    return buf;
}

/* The one-step, self-signed pair. */
static void put_self_signed(const struct certdir_spec *spec, struct bytes *out)
{
    char from[64], to[64], at[48];
    const char *h = spec->host;

    validity(spec->now, CERTDIR_SERVER_DAYS, from, to);
    put(out,
        "key.pem - SECRET\n"
        "  The server's private key: an Ed25519 key in PKCS#8 form (\"PRIVATE KEY\").\n"
        "  Only the server may read it (this file has mode 0600).  Whoever holds it\n"
        "  can pretend to be %s.  Never send it to anyone, never commit it.\n\n"
        "cert.pem - public\n"
        "  The server's certificate: its public key and its name (%s, also in\n"
        "  subjectAltName), valid from %s to %s.\n"
        "  It is signed by key.pem itself: issuer and subject are the same, so nobody\n"
        "  vouches for it.  A browser will warn about it, unless each client is told\n"
        "  to trust this very certificate.  The server sends it to every client.\n\n"
        "How they fit together\n"
        "  key.pem holds the private half of a keypair; cert.pem holds the public half\n"
        "  and a signature made with key.pem.  There is no CA and no signing request:\n"
        "  one command makes both, which is quick for testing and wrong for a site\n"
        "  that strangers visit.\n\n"
        "The same files with openssl\n"
        "  openssl req -x509 -newkey ed25519 -keyout key.pem -out cert.pem -nodes \\\n"
        "      -days %d -subj \"/O=%s/CN=%s\" -addext \"subjectAltName=DNS:%s\"\n"
        "  (The classic recipe says -newkey rsa:2048; tlssim uses Ed25519, the\n"
        "  signature scheme its crypto library has.  The files play the same roles.)\n\n"
        "Check them\n"
        "  openssl verify %s-CAfile cert.pem cert.pem%s# it verifies against itself\n"
        "  openssl pkey -in key.pem -noout              # the key loads\n"
        "  openssl x509 -in cert.pem -noout -text       # every field, openssl's way\n"
        "  tlssim inspect cert.pem key.pem              # every field, explained\n",
        h, h, from, to, CERTDIR_SERVER_DAYS, CERTDIR_ORG, h, h, attime(spec, at, sizeof at),
        spec->seeded ? "  " : "     ");
}

/* The CA set: CA, key, request, certificate. */
static void put_ca_signed(const struct certdir_spec *spec, struct bytes *out)
{
    char ca_from[64], ca_to[64], from[64], to[64], at[48], seed[48];
    const char *h = spec->host;

    validity(spec->now, CERTDIR_CA_DAYS, ca_from, ca_to);
    validity(spec->now, CERTDIR_SERVER_DAYS, from, to);
    put(out,
        "ca.key - SECRET (the certificate authority's)\n"
        "  The CA's private key: an Ed25519 key in PKCS#8 form (\"PRIVATE KEY\").  The\n"
        "  CA signs certificates with it.  Whoever holds it can issue a certificate\n"
        "  for any name that clients will believe, so real CAs lock it in hardware.\n"
        "  Only the CA keeps it (mode 0600); the server never sees it.\n\n"
        "ca.crt - public\n"
        "  The CA's own certificate, signed by ca.key itself (self-signed): the CA's\n"
        "  public key and name \"%s\", valid from %s to %s.\n"
        "  Every client gets a copy and puts it in its trust store; that is what\n"
        "  operating systems and browsers ship for the real CAs.\n\n"
        "private.key - SECRET (the server's)\n"
        "  The server's private key: an Ed25519 key in PKCS#8 form.  Only the server\n"
        "  keeps it (mode 0600); not even the CA gets it.  It proves that the server\n"
        "  is the one named in the certificate.\n\n"
        "csr.pem - public\n"
        "  The certificate signing request (PKCS#10, \"CERTIFICATE REQUEST\"): the\n"
        "  server's public key and the name it wants (%s), signed with\n"
        "  private.key.  That signature is the proof of possession: it shows the CA\n"
        "  that the requester holds the private key.  The server sends it to the CA;\n"
        "  once the certificate is issued it is no longer needed.\n\n"
        "certificate.crt - public\n"
        "  The server's certificate (X.509 v3, \"CERTIFICATE\"): the public key from\n"
        "  csr.pem, the name %s (also in subjectAltName, where clients look),\n"
        "  valid from %s to %s, signed with ca.key.\n"
        "  The CA sends it to the server, and the server sends it to every client in\n"
        "  the handshake.  A client checks it with ca.crt.\n\n"
        "How they fit together\n"
        "  private.key --(public half, signed)--> csr.pem --(CA checks, signs with\n"
        "  ca.key)--> certificate.crt <--(checked with)-- ca.crt\n"
        "  certificate.crt carries private.key's public key; ca.crt carries ca.key's.\n"
        "  Secret files stay with their owner; the public ones travel.\n\n",
        CERTDIR_CA_NAME, ca_from, ca_to, h, h, from, to);
    put(out,
        "The same files with openssl\n"
        "  openssl genpkey -algorithm ed25519 -out ca.key\n"
        "  openssl req -x509 -new -key ca.key -days %d -out ca.crt \\\n"
        "      -subj \"/O=%s/CN=%s\"\n"
        "  openssl genpkey -algorithm ed25519 -out private.key\n"
        "  openssl req -new -key private.key -out csr.pem \\\n"
        "      -subj \"/O=%s/CN=%s\" -addext \"subjectAltName=DNS:%s\"\n"
        "  openssl x509 -req -in csr.pem -CA ca.crt -CAkey ca.key -CAcreateserial \\\n"
        "      -days %d -copy_extensions copy -out certificate.crt\n"
        "  (Classic recipes say -algorithm RSA or rsa:2048; tlssim uses Ed25519, the\n"
        "  signature scheme its crypto library has.  The files play the same roles.)\n\n"
        "Check them\n"
        "  openssl verify %s-CAfile ca.crt certificate.crt%s# the CA signed it\n"
        "  openssl req -in csr.pem -verify -noout           # the proof of possession\n"
        "  openssl pkey -in private.key -noout              # the key loads\n"
        "  openssl pkey -in private.key -pubout             # these two lines must\n"
        "  openssl x509 -in certificate.crt -noout -pubkey  # print the same key\n"
        "  openssl x509 -in certificate.crt -noout -text    # every field, openssl's way\n"
        "  tlssim inspect certificate.crt ca.crt            # every field, explained\n\n"
        "Use them\n"
        "  tlssim walk %s--certs .\n"
        "  (in this directory) runs the handshake with these keys, so you can see your\n"
        "  own certificate on the wire.\n",
        CERTDIR_CA_DAYS, CERTDIR_ORG, CERTDIR_CA_NAME, CERTDIR_ORG, h, h, CERTDIR_SERVER_DAYS,
        attime(spec, at, sizeof at), spec->seeded ? "  " : "    ",
        walk_seed(spec, seed, sizeof seed));
}

void certdir_readme(const struct certdir_spec *spec, struct bytes *out)
{
    put(out, "Which file contains what, and why\n"
             "=================================\n\n"
             "tlssim wrote these files for the server name %s.  They are standard\n"
             "PEM files: openssl and web servers read them as they are.\n\n",
        spec->host);
    put_seed_warning(spec, out);
    if (spec->self_signed)
        put_self_signed(spec, out);
    else
        put_ca_signed(spec, out);
}
