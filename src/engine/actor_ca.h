/*
 * actor_ca.h - the certificate authority: its keypair, its self-signed root
 * certificate, and the issuing of certificates from signing requests.
 */
#ifndef TLSSIM_ACTOR_CA_H
#define TLSSIM_ACTOR_CA_H

#include "base/bytes.h"
#include "base/crypt.h"
#include "engine/event.h"
#include "pki/x509.h"

#include <stdbool.h>
#include <stdint.h>

#define CA_COMMON_NAME "tlssim Demo Root CA"
#define CA_OTHER_COMMON_NAME "Unknown Budget Root CA"
#define CA_INTERMEDIATE_NAME "tlssim Demo Intermediate CA"
#define CA_ORGANISATION "tlssim classroom"

struct ca;

/* A new CA that has made nothing yet; ca_free() frees it. */
struct ca *ca_new(void);

/* Make a CA called name with its keypair and root certificate, valid around
 * clock; 0 or -1. */
int ca_start(struct ca *ca, struct sim_log *log, int64_t clock, const char *name)
    CRYPT_WARN_UNUSED;

/* Check a CSR frame and, when its proof of possession holds, answer with a
 * certificate frame in out; returns 0, or -1 after logging why it refused. */
int ca_handle_csr(struct ca *ca, struct sim_log *log, const uint8_t *frame, size_t len,
                  struct bytes *out) CRYPT_WARN_UNUSED;

/* Take the CA's keypair and root certificate (DER) from files instead of
 * making them (`walk --certs DIR`); the certificate names the CA. */
void ca_adopt(struct ca *ca, struct sim_log *log, int64_t clock, const char *name,
              const uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES],
              const uint8_t sk[CRYPT_SIGN_SECRETKEYBYTES], const uint8_t *cert, size_t len);

/* Make an intermediate CA called name, with its keypair and a certificate
 * that root issues it: CA:TRUE with pathLen 0, or, when is_ca is false, an
 * ordinary certificate it will sign with anyway; 0 or -1. */
int ca_start_intermediate(struct ca *ca, struct sim_log *log, struct ca *root,
                          const char *name, bool is_ca) CRYPT_WARN_UNUSED;

/* Publish the CA's revocation list, signed with its key (ca_crl() gives it);
 * when revoke_last, the last certificate it issued is on it; 0 or -1. */
int ca_publish_crl(struct ca *ca, struct sim_log *log, bool revoke_last) CRYPT_WARN_UNUSED;

/* The CA's own certificate (DER): its self-signed root, or the certificate
 * a root issued it. */
const struct bytes *ca_certificate(const struct ca *ca);

/* From now on, issue certificates whose validity has ended (--cert expired). */
void ca_issue_expired(struct ca *ca);

/* The CA's revocation list (DER); empty until ca_publish_crl(). */
const struct bytes *ca_crl(const struct ca *ca);

/* Wipe the CA's secrets and free it; NULL is allowed. */
void ca_free(struct ca *ca);

#endif
