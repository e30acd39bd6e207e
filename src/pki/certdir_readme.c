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

/* What the parts of the README fill in, worked out once: the validity of
 * each certificate, and the options of a seeded set's checks and walk. */
struct readme_words {
    char ca_from[64], ca_to[64];    /* the root CA's */
    char in_from[64], in_to[64];    /* the intermediate's */
    char from[64], to[64];          /* the server's */
    char attime[48];                /* "-attime T " for a seeded set, whose dates are
                                       fixed, else "" */
    char seed[48];                  /* "--seed N " for a seeded set, else "" */
};

/* Work out the words of the README of spec. */
static void readme_words_init(const struct certdir_spec *spec, struct readme_words *w)
{
    validity(spec->now, CERTDIR_CA_DAYS, w->ca_from, w->ca_to);
    validity(spec->now, CERTDIR_INTER_DAYS, w->in_from, w->in_to);
    validity(spec->now, CERTDIR_SERVER_DAYS, w->from, w->to);
    w->attime[0] = w->seed[0] = '\0';
    if (spec->seeded) {
        snprintf(w->attime, sizeof w->attime, "-attime %lld ", (long long)spec->now);
        snprintf(w->seed, sizeof w->seed, "--seed %" PRIu64 " ", spec->seed);
    }
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

/* The one-step, self-signed pair. */
static void put_self_signed(const struct certdir_spec *spec, const struct readme_words *w,
                            struct bytes *out)
{
    const char *h = spec->host;

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
        h, h, w->from, w->to, CERTDIR_SERVER_DAYS, CERTDIR_ORG, h, h, w->attime,
        spec->seeded ? "  " : "     ");
}

/* The CA set: CA, key, request, certificate. */
static void put_ca_signed(const struct certdir_spec *spec, const struct readme_words *w,
                          struct bytes *out)
{
    const char *h = spec->host;

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
        CERTDIR_CA_NAME, w->ca_from, w->ca_to, h, h, w->from, w->to);
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
        w->attime, spec->seeded ? "  " : "    ", w->seed);
}

/* The chain set's files: the root, the intermediate, the server's, the CRL. */
static void put_chain_files(const struct certdir_spec *spec, const struct readme_words *w,
                            struct bytes *out)
{
    const char *h = spec->host;

    put(out,
        "ca.key - SECRET, KEPT OFFLINE (the root CA's)\n"
        "  The root's private key (Ed25519, PKCS#8).  It signs only intermediates, a\n"
        "  few times in ten years, so a real CA keeps it in a hardware module that is\n"
        "  switched off and locked away: a root key that leaks cannot be revoked,\n"
        "  only removed from every trust store in the world.  Mode 0600.\n\n"
        "ca.crt - public\n"
        "  The root's own certificate (self-signed), \"%s\", valid from\n"
        "  %s to %s.  Clients have a copy in their trust store;\n"
        "  servers never need to send it.\n\n"
        "intermediate.key - SECRET (the intermediate CA's)\n"
        "  The key that signs servers' certificates and the revocation list, day by\n"
        "  day, online.  If it leaks, the root revokes the intermediate and makes a\n"
        "  new one; the root and its place in every trust store are safe.  Mode 0600.\n\n"
        "intermediate.crt - public\n"
        "  \"%s\", signed by ca.key, valid from %s\n"
        "  to %s.  basicConstraints CA:TRUE with pathLenConstraint 0:\n"
        "  it may sign servers' certificates but no further CA.  keyUsage keyCertSign\n"
        "  and cRLSign.  Let's Encrypt calls this file chain.pem.\n\n"
        "private.key - SECRET (the server's)\n"
        "  The server's private key; only the server keeps it (mode 0600).  Let's\n"
        "  Encrypt calls it privkey.pem, many guides server.key.\n\n"
        "csr.pem - public\n"
        "  The signing request for %s, signed with private.key (proof of\n"
        "  possession).  The server sends it to the CA; after that it is not needed.\n\n"
        "certificate.crt - public\n"
        "  The server's certificate for %s (subjectAltName), signed by\n"
        "  intermediate.key, valid from %s to %s, with\n"
        "  extendedKeyUsage serverAuth: for a TLS server only.  Let's Encrypt calls\n"
        "  it cert.pem, many guides server.crt.\n\n"
        "fullchain.pem - public\n"
        "  certificate.crt followed by intermediate.crt: what the server sends in the\n"
        "  handshake, leaf first.  A server configured with certificate.crt alone\n"
        "  works in some browsers (which fetch or cache intermediates) and fails in\n"
        "  others and in curl: the most common real misconfiguration.  Point the\n"
        "  server at this file (nginx: ssl_certificate fullchain.pem;\n"
        "  ssl_certificate_key private.key;).\n\n"
        "crl.pem - public\n"
        "  The intermediate's certificate revocation list (X509 CRL), signed by\n"
        "  intermediate.key: the serial numbers of certificates it revoked before they\n"
        "  expired (here one earlier certificate), and when the next list is due.\n"
        "  Clients that check it refuse a listed certificate.  Real browsers rarely\n"
        "  download CRLs: they use OCSP (often stapled by the server), their own\n"
        "  compact revocation lists, and ever shorter certificate lifetimes.\n\n"
        "How they fit together\n"
        "  ca.crt (trusted) --signs--> intermediate.crt --signs--> certificate.crt\n"
        "                                                \\--signs--> crl.pem\n"
        "  A client builds the path from certificate.crt up to a root it trusts,\n"
        "  using the intermediate the server sent, and checks each link.\n\n",
        CERTDIR_CA_NAME, w->ca_from, w->ca_to, CERTDIR_INTER_NAME, w->in_from, w->in_to, h, h,
        w->from, w->to);
}

/* The chain set's openssl recipe, its checks and its walk. */
static void put_chain_commands(const struct certdir_spec *spec, const struct readme_words *w,
                               struct bytes *out)
{
    const char *h = spec->host, *t = w->attime;

    put(out,
        "The same files with openssl\n"
        "  openssl genpkey -algorithm ed25519 -out ca.key\n"
        "  openssl req -x509 -new -key ca.key -days %d -out ca.crt \\\n"
        "      -subj \"/O=%s/CN=%s\"\n"
        "  openssl genpkey -algorithm ed25519 -out intermediate.key\n"
        "  openssl req -new -key intermediate.key -out intermediate.csr \\\n"
        "      -subj \"/O=%s/CN=%s\"\n"
        "  printf 'basicConstraints=critical,CA:TRUE,pathlen:0\\nkeyUsage=critical,"
        "keyCertSign,cRLSign\\n' \\\n"
        "      > intermediate.ext\n"
        "  openssl x509 -req -in intermediate.csr -CA ca.crt -CAkey ca.key \\\n"
        "      -CAcreateserial -days %d -extfile intermediate.ext -out intermediate.crt\n"
        "  openssl genpkey -algorithm ed25519 -out private.key\n"
        "  openssl req -new -key private.key -out csr.pem \\\n"
        "      -subj \"/O=%s/CN=%s\" -addext \"subjectAltName=DNS:%s\"\n"
        "  printf 'subjectAltName=DNS:%s\\nextendedKeyUsage=serverAuth\\n' > server.ext\n"
        "  openssl x509 -req -in csr.pem -CA intermediate.crt -CAkey intermediate.key \\\n"
        "      -CAcreateserial -days %d -extfile server.ext -out certificate.crt\n"
        "  cat certificate.crt intermediate.crt > fullchain.pem\n"
        "  (crl.pem comes from 'openssl ca -gencrl', which keeps a small database of\n"
        "  what it issued; see openssl-ca(1).)\n"
        "  The CA writes the extensions itself (-extfile).  '-copy_extensions copy'\n"
        "  would copy whatever the request asks for, a CA:TRUE included: a request\n"
        "  could make its sender a CA.  Copy only what you checked.\n\n",
        CERTDIR_CA_DAYS, CERTDIR_ORG, CERTDIR_CA_NAME, CERTDIR_ORG, CERTDIR_INTER_NAME,
        CERTDIR_INTER_DAYS, CERTDIR_ORG, h, h, h, CERTDIR_SERVER_DAYS);
    put(out,
        "Check them\n"
        "  openssl verify %s-CAfile ca.crt -untrusted intermediate.crt -purpose sslserver "
        "-verify_hostname %s certificate.crt  # the whole path\n"
        "  openssl verify %s-CAfile ca.crt -untrusted fullchain.pem certificate.crt  # what "
        "the server sends\n"
        "  openssl verify %s-CAfile ca.crt intermediate.crt  # the root signed the "
        "intermediate\n"
        "  openssl verify %s-crl_check -CRLfile crl.pem -CAfile ca.crt -untrusted "
        "intermediate.crt certificate.crt  # not revoked\n"
        "  openssl crl -in crl.pem -CAfile intermediate.crt -verify -noout  # the "
        "intermediate signed the CRL\n"
        "  openssl req -in csr.pem -verify -noout  # the proof of possession\n"
        "  openssl pkey -in intermediate.key -noout  # the keys load\n"
        "  openssl crl -in crl.pem -noout -text  # the revoked serials, openssl's way\n"
        "  tlssim inspect fullchain.pem ca.crt crl.pem  # the chain and the CRL, explained\n\n"
        "Use them\n"
        "  tlssim walk %s--certs . --cert chain\n"
        "  (in this directory) runs the handshake with this chain: the server sends\n"
        "  fullchain.pem and the client checks the path link by link.\n",
        t, h, t, t, t, w->seed);
}

void certdir_readme(const struct certdir_spec *spec, struct bytes *out)
{
    put(out, "Which file contains what, and why\n"
             "=================================\n\n"
             "tlssim wrote these files for the server name %s.  They are standard\n"
             "PEM files: openssl and web servers read them as they are.\n\n",
        spec->host);
    put_seed_warning(spec, out);
    struct readme_words w;
    readme_words_init(spec, &w);
    if (spec->self_signed) {
        put_self_signed(spec, &w, out);
    } else if (spec->chain) {
        put_chain_files(spec, &w, out);
        put_chain_commands(spec, &w, out);
    } else {
        put_ca_signed(spec, &w, out);
    }
}
