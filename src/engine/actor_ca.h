/*
 * actor_ca.h - the certificate authority: its keypair, its self-signed root
 * certificate, and the issuing of certificates from signing requests.
 */
#ifndef TLSSIM_ACTOR_CA_H
#define TLSSIM_ACTOR_CA_H

#include "base/bytes.h"
#include "base/crypt.h"
#include "engine/event.h"

#include <stdbool.h>
#include <stdint.h>

#define CA_COMMON_NAME "tlssim Demo Root CA"
#define CA_OTHER_COMMON_NAME "Unknown Budget Root CA"
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

/* The CA's root certificate (DER). */
const struct bytes *ca_certificate(const struct ca *ca);

/* From now on, issue certificates whose validity has ended (--cert expired). */
void ca_issue_expired(struct ca *ca);

/* Wipe the CA's secrets and free it; NULL is allowed. */
void ca_free(struct ca *ca);

#endif
