/*
 * certdir.c - making the recipe's files in memory, and loading them back.
 */
#include "pki/certdir.h"

#include "base/fileio.h"
#include "pki/pem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LABEL_CERT "CERTIFICATE"
#define LABEL_CSR "CERTIFICATE REQUEST"
#define LABEL_KEY "PRIVATE KEY"
#define LABEL_CRL "X509 CRL"

/* Add a file to the set; its text starts empty. */
static struct certdir_file *add_file(struct certdir_set *set, const char *name,
                                     const char *summary, bool secret)
{
    struct certdir_file *f = &set->files[set->count++];
    f->name = name;
    f->summary = summary;
    f->secret = secret;
    return f;
}

/* Add sk as a PKCS#8 PEM file (the DER is wiped on the way). */
static void add_key(struct certdir_set *set, const char *name, const char *summary,
                    const uint8_t sk[CRYPT_SIGN_SECRETKEYBYTES])
{
    struct bytes der = {0};
    struct certdir_file *f = add_file(set, name, summary, true);
    if (x509_pkcs8_ed25519(sk, &der) == 0)
        pem_encode(&f->text, LABEL_KEY, der.data, der.len);
    bytes_free(&der);
}

/* Add der as a public PEM file under label. */
static void add_pem(struct certdir_set *set, const char *name, const char *summary,
                    const char *label, const struct bytes *der)
{
    struct certdir_file *f = add_file(set, name, summary, false);
    pem_encode(&f->text, label, der->data, der->len);
}

/* A certificate spec for a key signed by the issuer: the times and serial
 * are filled in, the names are the caller's. */
static void spec_init(struct x509_cert_spec *c, const uint8_t subject_pk[], const uint8_t
                      issuer_pk[], int64_t now, int days)
{
    crypt_random(c->serial, sizeof c->serial);
    c->serial[0] &= 0x7f;  /* a positive number that keeps all 16 bytes */
    c->serial[0] |= 0x01;
    c->not_before = now - CERTDIR_DAY;
    c->not_after = now + (int64_t)days * CERTDIR_DAY;
    memcpy(c->subject_pk, subject_pk, CRYPT_SIGN_PUBLICKEYBYTES);
    memcpy(c->issuer_pk, issuer_pk, CRYPT_SIGN_PUBLICKEYBYTES);
}

/* The self-signed CA at the top of the CA and the chain sets; spec_init()
 * adds its keys and times. */
static struct x509_cert_spec root_spec(void)
{
    return (struct x509_cert_spec){
        .subject_cn = CERTDIR_CA_NAME, .subject_org = CERTDIR_ORG,
        .issuer_cn = CERTDIR_CA_NAME, .issuer_org = CERTDIR_ORG, .is_ca = true,
    };
}

/* The server's signing request for its key pk, in the CA and the chain sets. */
static struct x509_csr_spec request_spec(const struct certdir_spec *spec,
                                         const uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES])
{
    struct x509_csr_spec req = {
        .subject_cn = spec->host, .subject_org = CERTDIR_ORG, .dns_name = spec->host,
    };
    memcpy(req.public_key, pk, sizeof req.public_key);
    return req;
}

/* The one-step pair: a key and a certificate that the key signs itself. */
static int make_self_signed(const struct certdir_spec *spec, struct certdir_set *out)
{
    uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES], sk[CRYPT_SIGN_SECRETKEYBYTES];
    struct bytes cert = {0};
    struct x509_cert_spec c = {
        .subject_cn = spec->host, .subject_org = CERTDIR_ORG,
        .issuer_cn = spec->host, .issuer_org = CERTDIR_ORG,
        .dns_name = spec->host, .is_ca = true,  /* as openssl req -x509 marks it, but
                                                   also for signing as the server */
    };
    int rc = -1;

    crypt_sign_keypair(pk, sk);
    spec_init(&c, pk, pk, spec->now, CERTDIR_SERVER_DAYS);
    if (x509_cert_issue(&c, sk, &cert) != 0)
        goto done;
    add_key(out, CERTDIR_SELF_KEY, "the server's private key (PKCS#8, Ed25519)", sk);
    add_pem(out, CERTDIR_SELF_CERT, "the server's certificate, signed by its own key "
            "(self-signed)", LABEL_CERT, &cert);
    rc = 0;
done:
    crypt_wipe(sk, sizeof sk);
    bytes_free(&cert);
    return rc;
}

/* The CA set: the CA, the server's key and request, the issued certificate. */
static int make_ca_signed(const struct certdir_spec *spec, struct certdir_set *out)
{
    uint8_t ca_pk[CRYPT_SIGN_PUBLICKEYBYTES], ca_sk[CRYPT_SIGN_SECRETKEYBYTES];
    uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES], sk[CRYPT_SIGN_SECRETKEYBYTES];
    struct bytes ca_der = {0}, csr_der = {0}, cert_der = {0};
    struct x509_cert_spec ca = root_spec();
    struct x509_cert_spec leaf = {
        .subject_cn = spec->host, .subject_org = CERTDIR_ORG,
        .issuer_cn = CERTDIR_CA_NAME, .issuer_org = CERTDIR_ORG,
        .dns_name = spec->host, .is_ca = false,
    };
    int rc = -1;

    crypt_sign_keypair(ca_pk, ca_sk);
    crypt_sign_keypair(pk, sk);
    spec_init(&ca, ca_pk, ca_pk, spec->now, CERTDIR_CA_DAYS);
    spec_init(&leaf, pk, ca_pk, spec->now, CERTDIR_SERVER_DAYS);
    struct x509_csr_spec req = request_spec(spec, pk);
    if (x509_cert_issue(&ca, ca_sk, &ca_der) != 0 || x509_csr_build(&req, sk, &csr_der) != 0 ||
        x509_cert_issue(&leaf, ca_sk, &cert_der) != 0)
        goto done;
    add_key(out, CERTDIR_CA_KEY, "the CA's private key (PKCS#8, Ed25519): signs certificates",
            ca_sk);
    add_pem(out, CERTDIR_CA_CERT, "the CA's own certificate (self-signed): clients trust it",
            LABEL_CERT, &ca_der);
    add_key(out, CERTDIR_SERVER_KEY, "the server's private key (PKCS#8, Ed25519)", sk);
    add_pem(out, CERTDIR_CSR, "the signing request: the server's public key and name, "
            "signed by private.key", LABEL_CSR, &csr_der);
    add_pem(out, CERTDIR_SERVER_CERT, "the server's certificate, issued and signed by the CA",
            LABEL_CERT, &cert_der);
    rc = 0;
done:
    crypt_wipe(ca_sk, sizeof ca_sk);
    crypt_wipe(sk, sizeof sk);
    bytes_free(&ca_der);
    bytes_free(&csr_der);
    bytes_free(&cert_der);
    return rc;
}

/* The keys and encoded objects of the chain set, freed and wiped together. */
struct chain_parts {
    uint8_t root_pk[CRYPT_SIGN_PUBLICKEYBYTES], root_sk[CRYPT_SIGN_SECRETKEYBYTES];
    uint8_t inter_pk[CRYPT_SIGN_PUBLICKEYBYTES], inter_sk[CRYPT_SIGN_SECRETKEYBYTES];
    uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES], sk[CRYPT_SIGN_SECRETKEYBYTES];
    struct bytes root, inter, csr, leaf, crl;
};

/* Encode the root, the intermediate, the request, the leaf and the CRL; 0 or -1. */
static int encode_chain(const struct certdir_spec *spec, struct chain_parts *p)
{
    struct x509_cert_spec root = root_spec();
    struct x509_cert_spec inter = {
        .subject_cn = CERTDIR_INTER_NAME, .subject_org = CERTDIR_ORG,
        .issuer_cn = CERTDIR_CA_NAME, .issuer_org = CERTDIR_ORG, .is_ca = true,
        .has_path_len = true, .path_len = 0,
    };
    struct x509_cert_spec leaf = {
        .subject_cn = spec->host, .subject_org = CERTDIR_ORG,
        .issuer_cn = CERTDIR_INTER_NAME, .issuer_org = CERTDIR_ORG,
        .dns_name = spec->host, .server_auth = true,
    };
    struct x509_crl_spec crl = {
        .issuer_cn = CERTDIR_INTER_NAME, .issuer_org = CERTDIR_ORG, .number = 1,
        .this_update = spec->now - CERTDIR_DAY,
        .next_update = spec->now + CERTDIR_CRL_DAYS * CERTDIR_DAY, .revoked_count = 1,
    };

    crypt_sign_keypair(p->root_pk, p->root_sk);
    crypt_sign_keypair(p->inter_pk, p->inter_sk);
    crypt_sign_keypair(p->pk, p->sk);
    spec_init(&root, p->root_pk, p->root_pk, spec->now, CERTDIR_CA_DAYS);
    spec_init(&inter, p->inter_pk, p->root_pk, spec->now, CERTDIR_INTER_DAYS);
    spec_init(&leaf, p->pk, p->inter_pk, spec->now, CERTDIR_SERVER_DAYS);
    struct x509_csr_spec req = request_spec(spec, p->pk);
    memcpy(crl.issuer_pk, p->inter_pk, sizeof p->inter_pk);
    /* The list names one earlier certificate of the intermediate's, revoked yesterday. */
    crypt_random(crl.revoked[0].serial, sizeof crl.revoked[0].serial);
    crl.revoked[0].serial[0] = (uint8_t)((crl.revoked[0].serial[0] & 0x7f) | 0x01);
    crl.revoked[0].date = spec->now - CERTDIR_DAY;
    return x509_cert_issue(&root, p->root_sk, &p->root) != 0 ||
           x509_cert_issue(&inter, p->root_sk, &p->inter) != 0 ||
           x509_csr_build(&req, p->sk, &p->csr) != 0 ||
           x509_cert_issue(&leaf, p->inter_sk, &p->leaf) != 0 ||
           x509_crl_issue(&crl, p->inter_sk, &p->crl) != 0 ? -1 : 0;
}

/* The real-world set: an offline root, an intermediate, the server, fullchain.pem, a CRL. */
static int make_chain(const struct certdir_spec *spec, struct certdir_set *out)
{
    struct chain_parts p;
    int rc = -1;

    memset(&p, 0, sizeof p);
    if (encode_chain(spec, &p) != 0)
        goto done;
    add_key(out, CERTDIR_CA_KEY, "the root CA's private key: kept offline, signs "
            "intermediates only", p.root_sk);
    add_pem(out, CERTDIR_CA_CERT, "the root CA's certificate (self-signed): clients trust it",
            LABEL_CERT, &p.root);
    add_key(out, CERTDIR_INTER_KEY, "the intermediate CA's private key: signs servers' "
            "certificates and the CRL", p.inter_sk);
    add_pem(out, CERTDIR_INTER_CERT, "the intermediate's certificate (CA:TRUE, pathLen 0), "
            "signed by the root", LABEL_CERT, &p.inter);
    add_key(out, CERTDIR_SERVER_KEY, "the server's private key (PKCS#8, Ed25519)", p.sk);
    add_pem(out, CERTDIR_CSR, "the signing request: the server's public key and name, "
            "signed by private.key", LABEL_CSR, &p.csr);
    add_pem(out, CERTDIR_SERVER_CERT, "the server's certificate, issued by the intermediate",
            LABEL_CERT, &p.leaf);
    struct certdir_file *full = add_file(out, CERTDIR_FULLCHAIN, "certificate.crt then "
                                         "intermediate.crt: what the server sends", false);
    pem_encode(&full->text, LABEL_CERT, p.leaf.data, p.leaf.len);
    pem_encode(&full->text, LABEL_CERT, p.inter.data, p.inter.len);
    add_pem(out, CERTDIR_CRL, "the intermediate's revocation list (CRL), signed by it",
            LABEL_CRL, &p.crl);
    rc = 0;
done:
    bytes_free(&p.root);
    bytes_free(&p.inter);
    bytes_free(&p.csr);
    bytes_free(&p.leaf);
    bytes_free(&p.crl);
    crypt_wipe(&p, sizeof p);
    return rc;
}

int certdir_make(const struct certdir_spec *spec, struct certdir_set *out, char *err,
                 size_t errlen)
{
    memset(out, 0, sizeof *out);
    int rc = spec->self_signed ? make_self_signed(spec, out) :
             spec->chain ? make_chain(spec, out) : make_ca_signed(spec, out);
    if (rc != 0) {
        snprintf(err, errlen, "could not encode the certificates for '%s'; a name must be a "
                 "DNS name such as www.example.com", spec->host);
        certdir_set_free(out);
        return -1;
    }
    struct certdir_file *readme = add_file(out, CERTDIR_README, "what each file is, who keeps "
                                           "it, and the openssl commands", false);
    certdir_readme(spec, &readme->text);
    return 0;
}

void certdir_set_free(struct certdir_set *set)
{
    for (size_t i = 0; i < set->count; i++)
        bytes_free(&set->files[i].text);
    memset(set, 0, sizeof *set);
}

/* ------------------------------------------------------------------ */
/* Loading                                                              */
/* ------------------------------------------------------------------ */

/* Read dir/name and decode its single PEM block, which must carry label,
 * into der; 0, or -1 with err naming the file. */
static int load_pem(const char *dir, const char *name, const char *label, struct bytes *der,
                    char *err, size_t errlen)
{
    char *path = xasprintf("%s/%s", dir, name);
    char why[FILEIO_ERR_MAX];
    struct pem_block *blocks = NULL;
    struct pem_error perr;
    size_t count = 0;
    int got = pem_read_file(path, &blocks, &count, why, sizeof why, &perr), rc = -1;

    if (got == -1) {
        snprintf(err, errlen, "%s (make the set with 'tlssim files %s')", why, dir);
        goto done;
    }
    if (got == -2) {
        snprintf(err, errlen, "%s:%zu:%zu: not a PEM file: %s", path, perr.line, perr.column,
                 perr.message);
        goto done;
    }
    if (count != 1 || strcmp(blocks[0].label, label) != 0) {
        snprintf(err, errlen, "%s: expected one \"%s\" block, found %zu block%s, the first "
                 "\"%s\"; is this the right file?", path, label, count, count == 1 ? "" : "s",
                 blocks[0].label);
        goto done;
    }
    bytes_append(der, blocks[0].der.data, blocks[0].der.len);
    rc = 0;
done:
    pem_blocks_free(blocks, count);
    free(path);
    return rc;
}

/* Load the Ed25519 key in dir/name; 0, or -1 with err. */
static int load_key(const char *dir, const char *name, uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES],
                    uint8_t sk[CRYPT_SIGN_SECRETKEYBYTES], char *err, size_t errlen)
{
    struct bytes der = {0};
    char why[X509_ERR_MAX];
    int rc = load_pem(dir, name, LABEL_KEY, &der, err, errlen);

    if (rc == 0 && x509_pkcs8_ed25519_parse(der.data, der.len, pk, sk, why, sizeof why) != 0) {
        snprintf(err, errlen,
                 "%s/%s: not an Ed25519 private key tlssim can use: %s; libsodium signs "
                 "with Ed25519 only, so make the set with 'tlssim files %s' (or openssl "
                 "genpkey -algorithm ed25519)", dir, name, why, dir);
        rc = -1;
    }
    bytes_free(&der);
    return rc;
}

/* Load the certificate in dir/name into der and parse it into cert. */
static int load_cert(const char *dir, const char *name, struct bytes *der,
                     struct x509_cert *cert, char *err, size_t errlen)
{
    char why[X509_ERR_MAX];

    if (load_pem(dir, name, LABEL_CERT, der, err, errlen) != 0)
        return -1;
    if (x509_cert_parse(der->data, der->len, cert, why, sizeof why) != 0) {
        snprintf(err, errlen, "%s/%s: the certificate does not decode: %s", dir, name, why);
        return -1;
    }
    if (!cert->key_is_ed25519 || !cert->sig_is_ed25519) {
        snprintf(err, errlen, "%s/%s: the certificate's key or signature is not Ed25519, the "
                 "only kind the walkthrough uses; make the set with 'tlssim files %s'", dir,
                 name, dir);
        return -1;
    }
    return 0;
}

/* Check that key pk is the one cert carries. */
static int check_match(const char *dir, const char *key, const char *cert_name,
                       const struct x509_cert *cert, const uint8_t pk[], char *err,
                       size_t errlen)
{
    if (crypt_equal(cert->public_key, pk, CRYPT_SIGN_PUBLICKEYBYTES))
        return 0;
    snprintf(err, errlen, "%s: the key in %s and the public key in %s do not match: they come "
             "from different runs; make a fresh set with 'tlssim files --force %s'", dir, key,
             cert_name, dir);
    return -1;
}

/* Check that the key of signer (a file name) signed cert. */
static int check_signed(const char *dir, const char *cert_name, const struct x509_cert *cert,
                        const char *signer, const uint8_t ca_pk[], char *err, size_t errlen)
{
    if (crypt_sign_verify(cert->signature, cert->tbs, cert->tbs_len, ca_pk))
        return 0;
    snprintf(err, errlen, "%s/%s: the certificate is not signed by %s: its signature does not "
             "verify with that key", dir, cert_name, signer);
    return -1;
}

/* Load the chain set's intermediate.crt and crl.pem into out and check that
 * the root (ca) signed the intermediate and the intermediate the CRL; the
 * intermediate's certificate goes to inter. */
static int load_chain(const char *dir, const struct x509_cert *ca, struct certdir *out,
                      struct x509_cert *inter, char *err, size_t errlen)
{
    struct x509_crl crl;
    char why[X509_ERR_MAX];

    if (load_cert(dir, CERTDIR_INTER_CERT, &out->inter_cert, inter, err, errlen) != 0 ||
        check_signed(dir, CERTDIR_INTER_CERT, inter, CERTDIR_CA_KEY, ca->public_key, err,
                     errlen) != 0 ||
        load_pem(dir, CERTDIR_CRL, LABEL_CRL, &out->crl, err, errlen) != 0)
        return -1;
    if (x509_crl_parse(out->crl.data, out->crl.len, &crl, why, sizeof why) != 0) {
        snprintf(err, errlen, "%s/%s: the revocation list does not decode: %s", dir,
                 CERTDIR_CRL, why);
        return -1;
    }
    if (!crl.sig_is_ed25519 ||
        !crypt_sign_verify(crl.signature, crl.tbs, crl.tbs_len, inter->public_key)) {
        snprintf(err, errlen, "%s/%s: the revocation list is not signed by the intermediate "
                 "in %s; make a fresh set with 'tlssim files --chain --force %s'", dir,
                 CERTDIR_CRL, CERTDIR_INTER_CERT, dir);
        return -1;
    }
    out->chain = true;
    return 0;
}

/* Load the one-step set key.pem and cert.pem from dir: the key must match
 * the certificate and have signed it; 0, or -1 with err. */
static int load_self_signed(const char *dir, struct certdir *out, char *err, size_t errlen)
{
    struct x509_cert leaf;

    if (load_key(dir, CERTDIR_SELF_KEY, out->server_pk, out->server_sk, err, errlen) != 0 ||
        load_cert(dir, CERTDIR_SELF_CERT, &out->server_cert, &leaf, err, errlen) != 0 ||
        check_match(dir, CERTDIR_SELF_KEY, CERTDIR_SELF_CERT, &leaf, out->server_pk, err,
                    errlen) != 0 ||
        check_signed(dir, CERTDIR_SELF_CERT, &leaf, CERTDIR_SELF_KEY, out->server_pk, err,
                     errlen) != 0)
        return -1;
    out->self_signed = true;
    snprintf(out->host, sizeof out->host, "%s",
             leaf.dns_count > 0 ? leaf.dns_names[0] : leaf.subject_cn);
    return 0;
}

/* Whether dir holds the file name. */
static bool has_file(const char *dir, const char *name)
{
    char path[4096];

    snprintf(path, sizeof path, "%s/%s", dir, name);
    return access(path, F_OK) == 0;
}

int certdir_load(const char *dir, struct certdir *out, char *err, size_t errlen)
{
    struct x509_cert ca, leaf, inter;

    memset(out, 0, sizeof *out);
    if (!has_file(dir, CERTDIR_CA_KEY) && has_file(dir, CERTDIR_SELF_KEY)) {
        if (load_self_signed(dir, out, err, errlen) == 0)
            return 0;
        goto fail;
    }
    if (load_key(dir, CERTDIR_CA_KEY, out->ca_pk, out->ca_sk, err, errlen) != 0 ||
        load_cert(dir, CERTDIR_CA_CERT, &out->ca_cert, &ca, err, errlen) != 0 ||
        load_key(dir, CERTDIR_SERVER_KEY, out->server_pk, out->server_sk, err, errlen) != 0 ||
        load_cert(dir, CERTDIR_SERVER_CERT, &out->server_cert, &leaf, err, errlen) != 0 ||
        check_match(dir, CERTDIR_CA_KEY, CERTDIR_CA_CERT, &ca, out->ca_pk, err, errlen) != 0 ||
        check_signed(dir, CERTDIR_CA_CERT, &ca, CERTDIR_CA_KEY, out->ca_pk, err, errlen) != 0 ||
        check_match(dir, CERTDIR_SERVER_KEY, CERTDIR_SERVER_CERT, &leaf, out->server_pk, err,
                    errlen) != 0)
        goto fail;
    char *inter_path = xasprintf("%s/%s", dir, CERTDIR_INTER_CERT);
    bool has_inter = access(inter_path, F_OK) == 0;
    free(inter_path);
    if (has_inter && load_chain(dir, &ca, out, &inter, err, errlen) != 0)
        goto fail;
    if (check_signed(dir, CERTDIR_SERVER_CERT, &leaf,
                     has_inter ? CERTDIR_INTER_KEY : CERTDIR_CA_KEY,
                     has_inter ? inter.public_key : out->ca_pk, err, errlen) != 0)
        goto fail;
    const char *host = leaf.dns_count > 0 ? leaf.dns_names[0] : leaf.subject_cn;
    if (host[0] == '\0') {
        snprintf(err, errlen, "%s/%s: the certificate names no host (no DNS name, no common "
                 "name)", dir, CERTDIR_SERVER_CERT);
        goto fail;
    }
    snprintf(out->host, sizeof out->host, "%s", host);
    return 0;
fail:
    certdir_free(out);
    return -1;
}

void certdir_free(struct certdir *cd)
{
    bytes_free(&cd->ca_cert);
    bytes_free(&cd->inter_cert);
    bytes_free(&cd->crl);
    bytes_free(&cd->server_cert);
    crypt_wipe(cd, sizeof *cd);
}
