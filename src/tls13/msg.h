/*
 * msg.h - TLS 1.3 handshake messages (RFC 8446 §4): ClientHello and
 * ServerHello (with HelloRetryRequest recognition and the downgrade
 * sentinel), EncryptedExtensions, Certificate, CertificateVerify and
 * Finished, encoded whole (4-byte header included) and parsed from their
 * bodies.  tlssim speaks one configuration: X25519, Ed25519 signatures and
 * TLS_CHACHA20_POLY1305_SHA256; the parsers record what a peer offered so
 * that the state machines can name what is missing.  Parsed structs point
 * into the caller's bytes.
 */
#ifndef TLSSIM_TLS13_MSG_H
#define TLSSIM_TLS13_MSG_H

#include "base/bytes.h"
#include "base/crypt.h"
#include "tls13/alert.h"
#include "tls13/hkdf.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TLS13_VERSION 0x0304
#define TLS13_LEGACY_VERSION 0x0303
#define TLS13_SUITE_CHACHA20_POLY1305_SHA256 0x1303
#define TLS13_GROUP_X25519 0x001d
#define TLS13_SIG_ED25519 0x0807
#define TLS13_RANDOM_LEN 32
#define TLS13_SESSION_ID_MAX 32
#define TLS13_SHARE_LEN 32
#define TLS13_NAME_MAX 256
#define TLS13_HANDSHAKE_MAX 65536   /* the longest handshake message tlssim takes */
#define TLS13_CERTS_MAX 8           /* certificates in one Certificate message */
#define TLS13_CV_CONTENT_LEN (64 + 33 + 1 + TLS13_HASH_LEN)

enum tls13_handshake_type {
    TLS13_HS_CLIENT_HELLO = 1,
    TLS13_HS_SERVER_HELLO = 2,
    TLS13_HS_NEW_SESSION_TICKET = 4,
    TLS13_HS_END_OF_EARLY_DATA = 5,
    TLS13_HS_ENCRYPTED_EXTENSIONS = 8,
    TLS13_HS_CERTIFICATE = 11,
    TLS13_HS_CERTIFICATE_REQUEST = 13,
    TLS13_HS_CERTIFICATE_VERIFY = 15,
    TLS13_HS_FINISHED = 20,
    TLS13_HS_KEY_UPDATE = 24,
    TLS13_HS_MESSAGE_HASH = 254,
};

enum tls13_extension_type {
    TLS13_EXT_SERVER_NAME = 0,
    TLS13_EXT_SUPPORTED_GROUPS = 10,
    TLS13_EXT_SIGNATURE_ALGORITHMS = 13,
    TLS13_EXT_PRE_SHARED_KEY = 41,
    TLS13_EXT_COOKIE = 44,
    TLS13_EXT_SUPPORTED_VERSIONS = 43,
    TLS13_EXT_KEY_SHARE = 51,
};

/* The name of a handshake message type, e.g. "ClientHello", or "unknown". */
const char *tls13_handshake_name(uint8_t type);

/* What a ClientHello says, as far as tlssim's choices go. */
struct tls13_client_hello {
    uint16_t legacy_version;
    uint8_t random[TLS13_RANDOM_LEN];
    uint8_t session_id[TLS13_SESSION_ID_MAX];
    size_t session_id_len;
    bool offers_chacha;         /* cipher_suites holds 0x1303 */
    bool compression_null_only; /* legacy_compression_methods is exactly {0} */
    bool has_versions, offers_tls13;
    bool has_groups, offers_x25519;
    bool has_sigalgs, offers_ed25519;
    bool has_key_share, share_x25519;
    uint8_t x25519[TLS13_SHARE_LEN];
    char server_name[TLS13_NAME_MAX];   /* "" when absent */
};

/* What tlssim puts into its ClientHello. */
struct tls13_client_hello_spec {
    uint8_t random[TLS13_RANDOM_LEN];
    uint8_t session_id[TLS13_SESSION_ID_MAX];
    uint8_t x25519[TLS13_SHARE_LEN];
    const char *host;           /* server_name, or NULL / an IP address for none */
    bool no_share;              /* key_share lists no share (RFC 8446 §4.2.8 allows it) */
    const uint8_t *cookie;      /* a HelloRetryRequest's cookie to echo, or NULL */
    size_t cookie_len;
};

/* Append the whole ClientHello message to out. */
void tls13_client_hello_encode(struct bytes *out, const struct tls13_client_hello_spec *spec);

/* Parse a ClientHello body; -1 with err (decode_error, illegal_parameter). */
int tls13_client_hello_parse(const uint8_t *body, size_t len, struct tls13_client_hello *ch,
                             struct tls13_error *err) CRYPT_WARN_UNUSED;

enum tls13_downgrade {
    TLS13_DOWNGRADE_NONE,
    TLS13_DOWNGRADE_TLS12,      /* random ends "DOWNGRD" 01 */
    TLS13_DOWNGRADE_TLS11,      /* random ends "DOWNGRD" 00 */
};

/* What a ServerHello (or HelloRetryRequest) says. */
struct tls13_server_hello {
    uint16_t legacy_version;
    uint8_t random[TLS13_RANDOM_LEN];
    uint8_t session_id[TLS13_SESSION_ID_MAX];
    size_t session_id_len;
    uint16_t suite;
    uint8_t compression;
    bool is_hrr;                /* random is the HelloRetryRequest value */
    enum tls13_downgrade downgrade;
    bool has_version;
    uint16_t version;
    bool has_key_share;
    uint16_t group;
    bool share_len_ok;          /* a ServerHello's share is 32 bytes */
    uint8_t share[TLS13_SHARE_LEN];
    bool has_cookie;
    bool has_unknown_extension; /* one tlssim never offers: the client refuses it */
    uint16_t unknown_extension;
    const uint8_t *cookie;      /* a HelloRetryRequest's cookie (points into the body) */
    size_t cookie_len;
};

/* Append a ServerHello with an X25519 share to out. */
void tls13_server_hello_encode(struct bytes *out, const uint8_t random[TLS13_RANDOM_LEN],
                               const uint8_t *session_id, size_t session_id_len,
                               const uint8_t share[TLS13_SHARE_LEN]);

/* Append a HelloRetryRequest asking for group to out. */
void tls13_hello_retry_encode(struct bytes *out, const uint8_t *session_id,
                              size_t session_id_len, uint16_t group);

/* True when a ServerHello body (len bytes) carries the HelloRetryRequest random. */
bool tls13_is_hello_retry(const uint8_t *body, size_t len);

/* Parse a ServerHello body; -1 with err (decode_error, illegal_parameter). */
int tls13_server_hello_parse(const uint8_t *body, size_t len, struct tls13_server_hello *sh,
                             struct tls13_error *err) CRYPT_WARN_UNUSED;

/* Append an EncryptedExtensions message with no extensions to out. */
void tls13_encrypted_extensions_encode(struct bytes *out);

/* Check an EncryptedExtensions body: a well-formed list without key_share
 * or supported_versions (which belong in ServerHello); 0 or -1 with err. */
int tls13_encrypted_extensions_parse(const uint8_t *body, size_t len, struct tls13_error *err)
    CRYPT_WARN_UNUSED;

/* The certificates of a Certificate message, end-entity first; the
 * pointers point into the message. */
struct tls13_cert_list {
    size_t count;
    const uint8_t *der[TLS13_CERTS_MAX];
    size_t len[TLS13_CERTS_MAX];
};

/* Append a Certificate message with the certificates of list (DER, the
 * end-entity first) to out. */
void tls13_certificate_encode(struct bytes *out, const struct tls13_cert_list *list);

/* Parse a Certificate body into list; -1 with err when it is malformed,
 * empty, or holds more than TLS13_CERTS_MAX certificates. */
int tls13_certificate_parse(const uint8_t *body, size_t len, struct tls13_cert_list *list,
                            struct tls13_error *err) CRYPT_WARN_UNUSED;

/* Append a Certificate message with request context (len bytes, at most
 * 255) and the certificates of list, which may be empty (a client that has
 * no certificate for a CertificateRequest), to out. */
void tls13_certificate_encode_for(struct bytes *out, const uint8_t *context, size_t context_len,
                                  const struct tls13_cert_list *list);

/* What a CertificateRequest says (RFC 8446 §4.3.2). */
struct tls13_cert_request {
    const uint8_t *context;     /* certificate_request_context (points into the body) */
    size_t context_len;
    bool offers_ed25519;        /* signature_algorithms holds 0x0807 */
};

/* Parse a CertificateRequest body: a context and extensions that must hold
 * signature_algorithms; -1 with err (decode_error, missing_extension). */
int tls13_certificate_request_parse(const uint8_t *body, size_t len, struct tls13_cert_request *cr,
                                    struct tls13_error *err) CRYPT_WARN_UNUSED;

/* The signed content of CertificateVerify: 64 spaces, the context string
 * of the server (or client), a zero byte and the transcript hash. */
void tls13_cv_content(uint8_t out[TLS13_CV_CONTENT_LEN], bool server,
                      const uint8_t hash[TLS13_HASH_LEN]);

/* Append a CertificateVerify with an Ed25519 signature to out. */
void tls13_certificate_verify_encode(struct bytes *out, const uint8_t sig[CRYPT_SIGN_BYTES]);

/* Parse a CertificateVerify body: the scheme and the signature. */
int tls13_certificate_verify_parse(const uint8_t *body, size_t len, uint16_t *scheme,
                                   const uint8_t **sig, size_t *sig_len,
                                   struct tls13_error *err) CRYPT_WARN_UNUSED;

/* Append a Finished message carrying verify_data to out. */
void tls13_finished_encode(struct bytes *out, const uint8_t verify_data[TLS13_HASH_LEN]);

/* Parse a Finished body: exactly 32 bytes of verify_data. */
int tls13_finished_parse(const uint8_t *body, size_t len, const uint8_t **verify_data,
                         struct tls13_error *err) CRYPT_WARN_UNUSED;

/* Start a handshake message of type in out; returns where it starts. */
size_t tls13_msg_begin(struct bytes *out, uint8_t type);

/* Close the message started at start by writing its length. */
void tls13_msg_end(struct bytes *out, size_t start);

/* Start a vector with an n-byte length prefix; returns where its prefix is. */
size_t tls13_vec_begin(struct bytes *out, size_t n);

/* Write the length of the vector whose n-byte prefix is at start. */
void tls13_vec_end(struct bytes *out, size_t start, size_t n);

#endif
