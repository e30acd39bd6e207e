/*
 * wire.c - framing, message codecs and the onlooker's view of each frame.
 */
#include "engine/wire.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct wire_suite suites[] = {
    {0xff01, "TLSSIM_SEALBOX_WITH_XCHACHA20_POLY1305", false, false,
     CRYPT_AEAD_XCHACHA20POLY1305,
     "none: XChaCha20-Poly1305 is in no TLS version; the nearest is "
     "TLS_RSA_WITH_AES_256_GCM_SHA384"},
    {0xff02, "TLSSIM_SEALBOX_WITH_AES_256_GCM", false, false, CRYPT_AEAD_AES256GCM,
     "TLS_RSA_WITH_AES_256_GCM_SHA384"},
    {0xff03, "TLSSIM_X25519_WITH_XCHACHA20_POLY1305", true, false, CRYPT_AEAD_XCHACHA20POLY1305,
     "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 (RFC 7905), whose ChaCha20-Poly1305 takes "
     "a 12-byte nonce: XChaCha20 is in no TLS version"},
    {0xff04, "TLSSIM_X25519_WITH_AES_256_GCM", true, false, CRYPT_AEAD_AES256GCM,
     "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"},
    {0xff00, "TLSSIM_SEALBOX_WITH_NULL_HMAC_SHA256", false, true, CRYPT_AEAD_XCHACHA20POLY1305,
     "TLS_RSA_WITH_NULL_SHA256"},
    {0xff05, "TLSSIM_X25519_WITH_NULL_HMAC_SHA256", true, true, CRYPT_AEAD_XCHACHA20POLY1305,
     "TLS_ECDHE_ECDSA_WITH_NULL_SHA"},
};

#define SUITE_COUNT (sizeof suites / sizeof suites[0])

const struct wire_suite *wire_suite_find(uint16_t id)
{
    for (size_t i = 0; i < SUITE_COUNT; i++)
        if (suites[i].id == id)
            return &suites[i];
    return NULL;
}

const struct wire_suite *wire_suite_for(bool ephemeral, enum crypt_aead aead)
{
    for (size_t i = 0; i < SUITE_COUNT; i++)
        if (suites[i].ephemeral == ephemeral && !suites[i].null_cipher && suites[i].aead == aead)
            return &suites[i];
    return &suites[0];
}

const struct wire_suite *wire_suite_legacy(bool ephemeral)
{
    for (size_t i = 0; i < SUITE_COUNT; i++)
        if (suites[i].ephemeral == ephemeral && suites[i].null_cipher)
            return &suites[i];
    return &suites[0];
}

const char *wire_type_name(uint8_t type)
{
    switch (type) {
    case WIRE_CLIENT_HELLO: return "ClientHello";
    case WIRE_SERVER_HELLO: return "ServerHello";
    case WIRE_CERTIFICATE: return "Certificate";
    case WIRE_SERVER_KEY_EXCHANGE: return "ServerKeyExchange";
    case WIRE_FINISHED: return "Finished";
    case WIRE_SERVER_PUBLIC_KEY: return "ServerPublicKey";
    case WIRE_CLIENT_KEY_EXCHANGE: return "ClientKeyExchange";
    case WIRE_APPLICATION_DATA: return "ApplicationData";
    case WIRE_ENROL_CSR: return "CertificateSigningRequest";
    case WIRE_ENROL_CERTIFICATE: return "IssuedCertificate";
    default: return "unknown message";
    }
}

/* A bounds-checked cursor over a message body: once a read runs past the
 * end, every later read fails too, so callers check once at the end. */
struct reader {
    const uint8_t *p;
    size_t len;
    size_t off;
    bool bad;
};

static uint64_t read_be(struct reader *r, size_t n)
{
    uint64_t v = 0;
    if (r->bad || n > r->len - r->off) {
        r->bad = true;
        return 0;
    }
    for (size_t i = 0; i < n; i++)
        v = (v << 8) | r->p[r->off + i];
    r->off += n;
    return v;
}

static const uint8_t *read_bytes(struct reader *r, size_t n)
{
    if (r->bad || n > r->len - r->off) {
        r->bad = true;
        return NULL;
    }
    const uint8_t *p = r->p + r->off;
    r->off += n;
    return p;
}

/* True when the reader consumed its input exactly. */
static bool read_done(const struct reader *r)
{
    return !r->bad && r->off == r->len;
}

void wire_frame(struct bytes *out, uint8_t type, const uint8_t *body, size_t len)
{
    bytes_append_byte(out, type);
    bytes_append_be(out, len, 3);
    bytes_append(out, body, len);
}

int wire_unframe(const uint8_t *frame, size_t frame_len, uint8_t want, const uint8_t **body,
                 size_t *len)
{
    if (frame_len < WIRE_HEADER_BYTES || frame[0] != want)
        return -1;
    size_t n = ((size_t)frame[1] << 16) | ((size_t)frame[2] << 8) | frame[3];
    if (n != frame_len - WIRE_HEADER_BYTES)
        return -1;
    *body = frame + WIRE_HEADER_BYTES;
    *len = n;
    return 0;
}

/* Point r at the body of frame when it is a well-formed frame of type
 * want; 0, or -1 when it is not. */
static int read_frame(const uint8_t *frame, size_t frame_len, uint8_t want, struct reader *r)
{
    const uint8_t *body;
    size_t body_len;

    if (wire_unframe(frame, frame_len, want, &body, &body_len) != 0)
        return -1;
    *r = (struct reader){body, body_len, 0, false};
    return 0;
}

/* Open a hello frame of type want into r and read what both hellos start
 * with: the version, and the random, copied to random; 0, or -1 when the
 * frame is not of that type or too short for them. */
static int read_hello_start(const uint8_t *frame, size_t len, uint8_t want, struct reader *r,
                            uint16_t *version, uint8_t random[WIRE_RANDOM_BYTES])
{
    if (read_frame(frame, len, want, r) != 0)
        return -1;
    *version = (uint16_t)read_be(r, 2);
    const uint8_t *p = read_bytes(r, WIRE_RANDOM_BYTES);
    if (p == NULL)
        return -1;
    memcpy(random, p, WIRE_RANDOM_BYTES);
    return 0;
}

/* Open a frame of type in out: its header, the length left to
 * frame_end(); returns where the body starts.  The body is written in
 * place, not built apart and copied. */
static size_t frame_begin(struct bytes *out, uint8_t type)
{
    uint8_t *header = bytes_extend(out, WIRE_HEADER_BYTES);
    header[0] = type;
    return out->len;
}

/* Close the frame whose body starts at body: write its length. */
static void frame_end(struct bytes *out, size_t body)
{
    size_t n = out->len - body;
    out->data[body - 3] = (uint8_t)(n >> 16);
    out->data[body - 2] = (uint8_t)(n >> 8);
    out->data[body - 1] = (uint8_t)n;
}

/* Open a hello frame of type in out and write what both hellos start
 * with, the version and the random, as read_hello_start() reads them;
 * returns where the body starts, for frame_end(). */
static size_t write_hello_start(struct bytes *out, uint8_t type, uint16_t version,
                                const uint8_t random[WIRE_RANDOM_BYTES])
{
    size_t body = frame_begin(out, type);

    bytes_append_be(out, version, 2);
    bytes_append(out, random, WIRE_RANDOM_BYTES);
    return body;
}

void wire_encode_client_hello(const struct wire_client_hello *m, struct bytes *out)
{
    size_t body = write_hello_start(out, WIRE_CLIENT_HELLO, m->version, m->random);
    size_t name_len = strlen(m->server_name);

    bytes_append_be(out, 2 * m->suite_count, 2);
    for (size_t i = 0; i < m->suite_count; i++)
        bytes_append_be(out, m->suites[i], 2);
    bytes_append_be(out, name_len, 2);
    bytes_append(out, m->server_name, name_len);
    bytes_append_be(out, m->has_share ? WIRE_SHARE_BYTES : 0, 2);
    if (m->has_share)
        bytes_append(out, m->share, WIRE_SHARE_BYTES);
    frame_end(out, body);
}

int wire_decode_client_hello(const uint8_t *frame, size_t len, struct wire_client_hello *m)
{
    struct reader r;

    memset(m, 0, sizeof *m);
    if (read_hello_start(frame, len, WIRE_CLIENT_HELLO, &r, &m->version, m->random) != 0)
        return -1;
    size_t suites_len = read_be(&r, 2);
    if (r.bad || suites_len % 2 != 0 || suites_len / 2 > WIRE_SUITES_MAX || suites_len == 0)
        return -1;
    m->suite_count = suites_len / 2;
    for (size_t i = 0; i < m->suite_count; i++)
        m->suites[i] = (uint16_t)read_be(&r, 2);
    size_t name_len = read_be(&r, 2);
    const uint8_t *name = read_bytes(&r, name_len);
    size_t share_len = read_be(&r, 2);
    const uint8_t *share = read_bytes(&r, share_len);
    if (!read_done(&r) || name_len >= WIRE_NAME_MAX || memchr(name, 0, name_len) != NULL ||
        (share_len != 0 && share_len != WIRE_SHARE_BYTES))
        return -1;
    memcpy(m->server_name, name, name_len);
    m->has_share = share_len != 0;
    if (m->has_share)
        memcpy(m->share, share, WIRE_SHARE_BYTES);
    return 0;
}

void wire_encode_server_hello(const struct wire_server_hello *m, struct bytes *out)
{
    size_t body = write_hello_start(out, WIRE_SERVER_HELLO, m->version, m->random);

    bytes_append_be(out, m->suite, 2);
    frame_end(out, body);
}

int wire_decode_server_hello(const uint8_t *frame, size_t len, struct wire_server_hello *m)
{
    struct reader r;

    /* each field is set below, and on -1 the caller reads none */
    if (read_hello_start(frame, len, WIRE_SERVER_HELLO, &r, &m->version, m->random) != 0)
        return -1;
    m->suite = (uint16_t)read_be(&r, 2);
    return read_done(&r) ? 0 : -1;
}

void wire_encode_server_key_exchange(const struct wire_server_key_exchange *m,
                                     struct bytes *out)
{
    uint8_t body[WIRE_SHARE_BYTES + CRYPT_SIGN_BYTES];

    memcpy(body, m->share, WIRE_SHARE_BYTES);
    memcpy(body + WIRE_SHARE_BYTES, m->signature, CRYPT_SIGN_BYTES);
    wire_frame(out, WIRE_SERVER_KEY_EXCHANGE, body, sizeof body);
}

int wire_decode_server_key_exchange(const uint8_t *frame, size_t len,
                                    struct wire_server_key_exchange *m)
{
    const uint8_t *body;
    size_t body_len;

    if (wire_unframe(frame, len, WIRE_SERVER_KEY_EXCHANGE, &body, &body_len) != 0 ||
        body_len != WIRE_SHARE_BYTES + CRYPT_SIGN_BYTES)
        return -1;
    memcpy(m->share, body, WIRE_SHARE_BYTES);
    memcpy(m->signature, body + WIRE_SHARE_BYTES, CRYPT_SIGN_BYTES);
    return 0;
}

void wire_share_signed_bytes(uint8_t out[2 * WIRE_RANDOM_BYTES + WIRE_SHARE_BYTES],
                             const uint8_t client_random[WIRE_RANDOM_BYTES],
                             const uint8_t server_random[WIRE_RANDOM_BYTES],
                             const uint8_t share[WIRE_SHARE_BYTES])
{
    memcpy(out, client_random, WIRE_RANDOM_BYTES);
    memcpy(out + WIRE_RANDOM_BYTES, server_random, WIRE_RANDOM_BYTES);
    memcpy(out + 2 * WIRE_RANDOM_BYTES, share, WIRE_SHARE_BYTES);
}

void wire_encode_blob(struct bytes *out, uint8_t type, const uint8_t *blob, size_t len,
                      size_t prefix_bytes)
{
    size_t body = frame_begin(out, type);

    bytes_append_be(out, len, prefix_bytes);
    bytes_append(out, blob, len);
    frame_end(out, body);
}

int wire_decode_blob(const uint8_t *frame, size_t frame_len, uint8_t type, size_t prefix_bytes,
                     const uint8_t **blob, size_t *len)
{
    struct reader r;

    if (read_frame(frame, frame_len, type, &r) != 0)
        return -1;
    size_t n = read_be(&r, prefix_bytes);
    const uint8_t *p = read_bytes(&r, n);
    if (!read_done(&r) || n == 0)
        return -1;
    *blob = p;
    *len = n;
    return 0;
}

void wire_app_data_header(uint8_t header[WIRE_HEADER_BYTES], size_t nonce_len, size_t ct_len)
{
    size_t body_len = 1 + nonce_len + ct_len;
    header[0] = WIRE_APPLICATION_DATA;
    header[1] = (uint8_t)(body_len >> 16);
    header[2] = (uint8_t)(body_len >> 8);
    header[3] = (uint8_t)body_len;
}

void wire_encode_app_data(struct bytes *out, const uint8_t *nonce, size_t nonce_len,
                          const uint8_t *ct, size_t ct_len)
{
    uint8_t header[WIRE_HEADER_BYTES];

    wire_app_data_header(header, nonce_len, ct_len);
    bytes_append(out, header, sizeof header);
    bytes_append_byte(out, (uint8_t)nonce_len);
    bytes_append(out, nonce, nonce_len);
    bytes_append(out, ct, ct_len);
}

int wire_decode_app_data(const uint8_t *frame, size_t len, const uint8_t **nonce,
                         size_t *nonce_len, const uint8_t **ct, size_t *ct_len)
{
    struct reader r;

    if (read_frame(frame, len, WIRE_APPLICATION_DATA, &r) != 0)
        return -1;
    size_t n = read_be(&r, 1);
    const uint8_t *p = read_bytes(&r, n);
    size_t min_tag = n == 0 ? WIRE_NULL_TAG_BYTES : CRYPT_AEAD_ABYTES;
    if (r.bad || r.len - r.off < min_tag)
        return -1;
    *nonce = p;
    *nonce_len = n;
    *ct = r.p + r.off;
    *ct_len = r.len - r.off;
    return 0;
}

/* n in decimal, then suffix, as a new string: what "%zu" and the suffix
 * would print, without printf, which was most of what describing a frame
 * cost. */
static char *count_text(size_t n, const char *suffix)
{
    char digits[20];   /* a 64-bit size has at most 20 */
    size_t first = sizeof digits;

    do {
        digits[--first] = (char)('0' + n % 10);
        n /= 10;
    } while (n != 0);
    size_t count = sizeof digits - first, rest = strlen(suffix);
    char *s = xmalloc(count + rest + 1);
    memcpy(s, digits + first, count);
    memcpy(s + count, suffix, rest + 1);
    return s;
}

/* A growing list of labelled fields. */
struct field_list {
    struct sim_field *v;
    size_t count;
    size_t cap;
};

static void add_field(struct field_list *fl, const char *label, size_t offset, size_t len,
                      char *decoded)
{
    if (fl->count == fl->cap) {
        fl->cap = fl->cap ? fl->cap * 2 : 8;
        fl->v = xrealloc(fl->v, fl->cap * sizeof *fl->v);
    }
    fl->v[fl->count++] = (struct sim_field){xstrdup(label), offset, len, decoded};
}

/* Describe what both hellos start with: the version, then the random,
 * which label names. */
static void describe_hello_start(struct field_list *fl, uint16_t version, const char *label)
{
    add_field(fl, "version", WIRE_HEADER_BYTES, 2,
              xstrdup(version == WIRE_VERSION_TLS12 ? "TLS 1.2" : "?"));
    add_field(fl, label, WIRE_HEADER_BYTES + 2, WIRE_RANDOM_BYTES, NULL);
}

/* Describe the body of a ClientHello. */
static void describe_client_hello(struct field_list *fl, const uint8_t *frame, size_t len)
{
    struct wire_client_hello m;
    if (wire_decode_client_hello(frame, len, &m) != 0)
        return;
    describe_hello_start(fl, m.version, "client random");
    size_t off = WIRE_HEADER_BYTES + 2 + WIRE_RANDOM_BYTES;
    add_field(fl, "cipher suites length", off, 2, count_text(2 * m.suite_count, " bytes"));
    off += 2;
    for (size_t i = 0; i < m.suite_count; i++, off += 2) {
        const struct wire_suite *s = wire_suite_find(m.suites[i]);
        add_field(fl, "cipher suite", off, 2, xstrdup(s ? s->name : "unknown suite"));
    }
    add_field(fl, "server name length", off, 2, count_text(strlen(m.server_name), " bytes"));
    add_field(fl, "server name (SNI)", off + 2, strlen(m.server_name), xstrdup(m.server_name));
    off += 2 + strlen(m.server_name);
    add_field(fl, "key share length", off, 2,
              xstrdup(m.has_share ? "32 bytes" : "0: no key share (key transport)"));
    if (m.has_share)
        add_field(fl, "client key share (X25519)", off + 2, WIRE_SHARE_BYTES,
                  xstrdup("public; its private half never leaves the client"));
}

static void describe_server_key_exchange(struct field_list *fl, const uint8_t *frame,
                                         size_t len)
{
    struct wire_server_key_exchange m;
    if (wire_decode_server_key_exchange(frame, len, &m) != 0)
        return;
    add_field(fl, "server key share (X25519)", WIRE_HEADER_BYTES, WIRE_SHARE_BYTES,
              xstrdup("public; made for this connection only"));
    add_field(fl, "signature (Ed25519)", WIRE_HEADER_BYTES + WIRE_SHARE_BYTES, CRYPT_SIGN_BYTES,
              xstrdup("by the server's long-term key, over both randoms and the share"));
}

static void describe_finished(struct field_list *fl, const uint8_t *frame, size_t len)
{
    const uint8_t *body;
    size_t body_len;
    if (wire_unframe(frame, len, WIRE_FINISHED, &body, &body_len) != 0 ||
        body_len != WIRE_FINISHED_BYTES)
        return;
    add_field(fl, "verify data (HMAC-SHA-256)", WIRE_HEADER_BYTES, WIRE_FINISHED_BYTES,
              xstrdup("a MAC over every handshake message, as this side saw them"));
}

static void describe_server_hello(struct field_list *fl, const uint8_t *frame, size_t len)
{
    struct wire_server_hello m;
    if (wire_decode_server_hello(frame, len, &m) != 0)
        return;
    const struct wire_suite *s = wire_suite_find(m.suite);
    describe_hello_start(fl, m.version, "server random");
    add_field(fl, "chosen cipher suite", WIRE_HEADER_BYTES + 2 + WIRE_RANDOM_BYTES, 2,
              xstrdup(s ? s->name : "unknown suite"));
}

/* The frames that carry one length-prefixed blob: the size of the prefix,
 * and what the blob is. */
static const struct blob_frame {
    uint8_t type;
    size_t prefix;
    const char *label;
    const char *what;
} blob_frames[] = {
    {WIRE_CERTIFICATE, 3, "certificate (X.509 DER)",
     "the server's certificate, readable by anyone"},
    {WIRE_ENROL_CSR, 3, "signing request (PKCS#10 DER)",
     "name and public key, signed by the server's private key"},
    {WIRE_ENROL_CERTIFICATE, 3, "certificate (X.509 DER)", "issued and signed by the CA"},
    {WIRE_CLIENT_KEY_EXCHANGE, 2, "wrapped session key",
     "sealed box: ephemeral public key, then ciphertext and tag"},
    {WIRE_SERVER_PUBLIC_KEY, 2, "server public key (Ed25519)",
     "a bare key: nothing says whose it is"},
};

/* Describe frame when it is one of blob_frames and decodes as such. */
static void describe_blob(struct field_list *fl, const uint8_t *frame, size_t len)
{
    for (size_t i = 0; i < sizeof blob_frames / sizeof blob_frames[0]; i++) {
        const struct blob_frame *b = &blob_frames[i];
        const uint8_t *blob;
        size_t n;
        if (wire_decode_blob(frame, len, b->type, b->prefix, &blob, &n) != 0)
            continue;
        add_field(fl, "blob length", WIRE_HEADER_BYTES, b->prefix, count_text(n, " bytes"));
        add_field(fl, b->label, WIRE_HEADER_BYTES + b->prefix, n, xstrdup(b->what));
    }
}

static void describe_app_data(struct field_list *fl, const uint8_t *frame, size_t len)
{
    const uint8_t *nonce, *ct;
    size_t nonce_len, ct_len;
    if (wire_decode_app_data(frame, len, &nonce, &nonce_len, &ct, &ct_len) != 0)
        return;
    size_t off = WIRE_HEADER_BYTES;
    add_field(fl, "nonce length", off, 1, count_text(nonce_len, " bytes"));
    if (nonce_len == 0) {
        /* An integrity-only suite: the data is in the clear, then a MAC. */
        size_t text_len = ct_len - WIRE_NULL_TAG_BYTES;
        add_field(fl, "data IN THE CLEAR", off + 1, text_len,
                  xasprintf("\"%.*s\"", (int)text_len, (const char *)ct));
        add_field(fl, "MAC (HMAC-SHA-256)", off + 1 + text_len, WIRE_NULL_TAG_BYTES,
                  xstrdup("detects changes, hides nothing"));
        return;
    }
    add_field(fl, "nonce", off + 1, nonce_len, xstrdup("public; never reused with one key"));
    off += 1 + nonce_len;
    add_field(fl, "ciphertext", off, ct_len - CRYPT_AEAD_ABYTES,
              count_text(ct_len - CRYPT_AEAD_ABYTES,
                         " bytes of unreadable data: only the length shows"));
    add_field(fl, "authentication tag", off + ct_len - CRYPT_AEAD_ABYTES, CRYPT_AEAD_ABYTES,
              xstrdup("detects any change"));
}

/* How the body of a frame of each type is described; a type that is not
 * listed carries a blob (blob_frames) or nothing tlssim knows. */
typedef void describe_fn(struct field_list *fl, const uint8_t *frame, size_t len);

static const struct body_describer {
    uint8_t type;
    describe_fn *describe;
} body_describers[] = {
    {WIRE_CLIENT_HELLO, describe_client_hello},
    {WIRE_SERVER_HELLO, describe_server_hello},
    {WIRE_APPLICATION_DATA, describe_app_data},
    {WIRE_SERVER_KEY_EXCHANGE, describe_server_key_exchange},
    {WIRE_FINISHED, describe_finished},
};

size_t wire_describe(const uint8_t *frame, size_t len, struct sim_field **fields)
{
    struct field_list fl = {0};
    describe_fn *describe_body = describe_blob;

    if (len >= WIRE_HEADER_BYTES) {
        add_field(&fl, "type", 0, 1, xstrdup(wire_type_name(frame[0])));
        add_field(&fl, "length", 1, 3, count_text(len - WIRE_HEADER_BYTES, " bytes follow"));
        for (size_t i = 0; i < sizeof body_describers / sizeof body_describers[0]; i++)
            if (frame[0] == body_describers[i].type)
                describe_body = body_describers[i].describe;
    }
    size_t header_fields = fl.count;
    describe_body(&fl, frame, len);
    if (fl.count == header_fields && len > 0) {
        /* The body did not decode: show it whole rather than guess. */
        size_t off = len >= WIRE_HEADER_BYTES ? WIRE_HEADER_BYTES : 0;
        add_field(&fl, "undecodable bytes", off, len - off,
                  xstrdup("the body does not match the message format"));
    }
    *fields = fl.v;
    return fl.count;
}
