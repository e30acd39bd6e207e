/*
 * actor_ca.c - the certificate authority.
 */
#include "engine/actor_ca.h"

#include "engine/wire.h"
#include "pki/x509.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY INT64_C(86400)

struct ca {
    char name[64];
    uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES];
    uint8_t sk[CRYPT_SIGN_SECRETKEYBYTES];
    struct bytes certificate;   /* self-signed root, DER */
    int64_t clock;
    bool issue_expired;         /* issues certificates whose validity has ended */
    bool intermediate;          /* certificate is issued by a root, not self-signed */
    uint8_t issued_serial[X509_SERIAL_BYTES];   /* of the last certificate issued */
    bool has_issued;
    struct bytes crl;           /* its revocation list (DER), once published */
};

int ca_start(struct ca *ca, struct sim_log *log, int64_t clock, const char *name)
{
    struct x509_cert_spec spec = {
        .subject_cn = name,
        .subject_org = CA_ORGANISATION,
        .issuer_cn = name,
        .issuer_org = CA_ORGANISATION,
        .is_ca = true,
        .not_before = clock - 30 * DAY,
        .not_after = clock + 10 * 365 * DAY,
    };

    memset(ca, 0, sizeof *ca);
    snprintf(ca->name, sizeof ca->name, "%s", name);
    ca->clock = clock;
    crypt_sign_keypair(ca->pk, ca->sk);
    log_text(log, SIM_EV_ACTION, SIM_ACTOR_CA, "%s makes its own Ed25519 keypair", name);
    log_knows(log, SIM_ACTOR_CA, "CA private key (Ed25519)", ca->sk, CRYPT_SIGN_SEEDBYTES, true,
              NULL);
    log_knows(log, SIM_ACTOR_CA, "CA public key (Ed25519)", ca->pk, sizeof ca->pk, false, NULL);

    if (x509_cert_self_issue(&spec, ca->pk, ca->sk, &ca->certificate) != 0)
        return -1;
    log_text(log, SIM_EV_ACTION, SIM_ACTOR_CA, "%s signs its own root certificate; %s", name,
             strcmp(name, CA_COMMON_NAME) == 0
                 ? "operating systems and browsers ship it in their trust stores"
                 : "no trust store ships this one");
    char *about = xasprintf("CN=%s, self-signed", name);
    log_knows(log, SIM_ACTOR_CA, "CA root certificate (X.509 DER)", ca->certificate.data,
              ca->certificate.len, false, about);
    free(about);
    return 0;
}

int ca_handle_csr(struct ca *ca, struct sim_log *log, const uint8_t *frame, size_t len,
                  struct bytes *out)
{
    const uint8_t *der;
    size_t der_len;
    struct x509_csr csr;
    char err[X509_ERR_MAX];

    if (wire_decode_blob(frame, len, WIRE_ENROL_CSR, 3, &der, &der_len) != 0 ||
        x509_csr_parse(der, der_len, &csr, err, sizeof err) != 0) {
        log_check(log, SIM_ACTOR_CA, "csr.decode", FACT_FAIL, "undecodable",
                  "the request could not be decoded, so nothing is issued");
        return -1;
    }
    bool possession = x509_csr_verify(&csr);
    log_check(log, SIM_ACTOR_CA, "csr.possession", FACT_OF(possession), "bad_signature",
              possession ? "the request is signed by the private key that matches the public "
                           "key inside it, so the requester holds that key"
                         : "the request's signature does not match the key inside it");
    if (!possession || csr.dns_count == 0)
        return -1;
    log_text(log, SIM_EV_ACTION, SIM_ACTOR_CA,
             "checks that the requester controls %s (here: taken on trust; real CAs test it, "
             "for example with an ACME challenge)", csr.dns_names[0]);

    struct x509_cert_spec spec = {
        .subject_cn = csr.subject_cn,
        .issuer_cn = ca->name,
        .issuer_org = CA_ORGANISATION,
        .dns_name = csr.dns_names[0],
        .is_ca = false,
        .server_auth = ca->intermediate,  /* as real CAs issue: for a TLS server only */
        .not_before = ca->clock - DAY,
        .not_after = ca->clock + 90 * DAY,
    };
    if (ca->issue_expired) {
        spec.not_before = ca->clock - 120 * DAY;
        spec.not_after = ca->clock - 30 * DAY;
    }
    crypt_random(spec.serial, sizeof spec.serial);
    memcpy(ca->issued_serial, spec.serial, sizeof spec.serial);
    ca->has_issued = true;
    memcpy(spec.subject_pk, csr.public_key, sizeof spec.subject_pk);
    memcpy(spec.issuer_pk, ca->pk, sizeof ca->pk);
    struct bytes cert = {0};
    if (x509_cert_issue(&spec, ca->sk, &cert) != 0) {
        bytes_free(&cert);
        return -1;
    }
    if (ca->issue_expired)
        log_text(log, SIM_EV_ACTION, SIM_ACTOR_CA,
                 "issued a certificate for %s long ago: it ran out 30 days before today, and "
                 "nobody renewed it", csr.dns_names[0]);
    else
        log_text(log, SIM_EV_ACTION, SIM_ACTOR_CA,
                 "issues a certificate for %s, valid 90 days, signed with the CA's private key",
                 csr.dns_names[0]);
    wire_encode_blob(out, WIRE_ENROL_CERTIFICATE, cert.data, cert.len, 3);
    bytes_free(&cert);
    return 0;
}

int ca_start_intermediate(struct ca *ca, struct sim_log *log, struct ca *root,
                          const char *name, bool is_ca)
{
    struct x509_cert_spec spec = {
        .subject_cn = name, .subject_org = CA_ORGANISATION,
        .issuer_cn = root->name, .issuer_org = CA_ORGANISATION,
        .is_ca = is_ca, .has_path_len = is_ca, .path_len = 0,
        .not_before = root->clock - 30 * DAY, .not_after = root->clock + 5 * 365 * DAY,
    };

    memset(ca, 0, sizeof *ca);
    snprintf(ca->name, sizeof ca->name, "%s", name);
    ca->clock = root->clock;
    ca->intermediate = true;
    crypt_sign_keypair(ca->pk, ca->sk);
    log_text(log, SIM_EV_ACTION, SIM_ACTOR_CA, "%s makes its own Ed25519 keypair", name);
    log_knows(log, SIM_ACTOR_CA, "intermediate private key (Ed25519)", ca->sk,
              CRYPT_SIGN_SEEDBYTES, true, NULL);
    crypt_random(spec.serial, sizeof spec.serial);
    memcpy(spec.subject_pk, ca->pk, sizeof ca->pk);
    memcpy(spec.issuer_pk, root->pk, sizeof root->pk);
    if (x509_cert_issue(&spec, root->sk, &ca->certificate) != 0)
        return -1;
    if (is_ca)
        log_text(log, SIM_EV_ACTION, SIM_ACTOR_CA, "%s signs a certificate for %s: CA:TRUE with "
                 "pathLen 0 (it may sign servers' certificates, not other CAs), then goes back "
                 "offline", root->name, name);
    else
        log_text(log, SIM_EV_ACTION, SIM_ACTOR_CA, "%s signs an ordinary certificate for %s, "
                 "without CA:TRUE; %s will sign servers' certificates with it all the same",
                 root->name, name, name);
    char *about = xasprintf("CN=%s, issued by %s%s", name, root->name,
                            is_ca ? ", CA:TRUE, pathLen 0" : ", not a CA");
    log_knows(log, SIM_ACTOR_CA, "intermediate certificate (X.509 DER)", ca->certificate.data,
              ca->certificate.len, false, about);
    free(about);
    return 0;
}

int ca_publish_crl(struct ca *ca, struct sim_log *log, bool revoke_last)
{
    struct x509_crl_spec spec = {
        .issuer_cn = ca->name, .issuer_org = CA_ORGANISATION, .number = 1,
        .this_update = ca->clock - DAY, .next_update = ca->clock + 7 * DAY,
    };

    memcpy(spec.issuer_pk, ca->pk, sizeof ca->pk);
    if (revoke_last && ca->has_issued) {
        spec.revoked_count = 1;
        memcpy(spec.revoked[0].serial, ca->issued_serial, sizeof ca->issued_serial);
        spec.revoked[0].date = ca->clock - DAY / 2;
        log_text(log, SIM_EV_ACTION, SIM_ACTOR_CA, "%s hears that the server's private key "
                 "leaked and revokes its certificate: the serial number goes on the CRL",
                 ca->name);
    }
    bytes_free(&ca->crl);
    if (x509_crl_issue(&spec, ca->sk, &ca->crl) != 0)
        return -1;
    log_text(log, SIM_EV_ACTION, SIM_ACTOR_CA, "%s publishes its certificate revocation list "
             "(CRL), signed with its key, due to be replaced in 7 days", ca->name);
    log_knows(log, SIM_ACTOR_CA, "revocation list (CRL, DER)", ca->crl.data, ca->crl.len, false,
              spec.revoked_count ? "lists the server's serial number" : "lists nothing");
    return 0;
}

const struct bytes *ca_certificate(const struct ca *ca)
{
    return &ca->certificate;
}

const struct bytes *ca_crl(const struct ca *ca)
{
    return &ca->crl;
}

void ca_issue_expired(struct ca *ca)
{
    ca->issue_expired = true;
}

struct ca *ca_new(void)
{
    return xcalloc(1, sizeof(struct ca));
}

void ca_free(struct ca *ca)
{
    if (ca == NULL)
        return;
    bytes_free(&ca->certificate);
    bytes_free(&ca->crl);
    crypt_free(ca, sizeof *ca);
}

void ca_adopt(struct ca *ca, struct sim_log *log, int64_t clock, const char *name,
              const uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES],
              const uint8_t sk[CRYPT_SIGN_SECRETKEYBYTES], const uint8_t *cert, size_t len)
{
    memset(ca, 0, sizeof *ca);
    snprintf(ca->name, sizeof ca->name, "%s", name);
    ca->clock = clock;
    memcpy(ca->pk, pk, sizeof ca->pk);
    memcpy(ca->sk, sk, sizeof ca->sk);
    bytes_append(&ca->certificate, cert, len);
    log_text(log, SIM_EV_ACTION, SIM_ACTOR_CA, "%s loads its keypair from ca.key and its root "
             "certificate from ca.crt", name);
    log_knows(log, SIM_ACTOR_CA, "CA private key (Ed25519)", ca->sk, CRYPT_SIGN_SEEDBYTES, true,
              "from ca.key");
    log_knows(log, SIM_ACTOR_CA, "CA public key (Ed25519)", ca->pk, sizeof ca->pk, false, NULL);
    log_knows(log, SIM_ACTOR_CA, "CA root certificate (X.509 DER)", cert, len, false,
              "from ca.crt, self-signed");
}
