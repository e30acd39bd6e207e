/*
 * actor_eve.c - the attacker on the wire: Eve who listens, Mallory who acts.
 *
 * Every outcome here comes from a real cryptographic call: a record is
 * "read" only when record_open() or the clear-text reader returns its
 * plaintext, a stolen session key only when crypt_seal_open() opens.
 */
#include "engine/actor_eve.h"

#include "engine/actor_kit.h"
#include "engine/record.h"
#include "pki/x509.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* One side of a connection as Mallory sees it when she sits in the middle. */
struct eve_side {
    bool has_keys;
    uint8_t secret[KEYS_SECRET_BYTES];
    struct traffic_keys keys;
    struct bytes transcript;          /* the handshake as this side saw it */
};

struct eve {
    /* Listening. */
    struct bytes frames[EVE_FRAMES_MAX];  /* everything recorded, in order */
    size_t frame_count;
    size_t bytes_recorded;
    bool read_plaintext;                  /* she has read the application's message */
    bool app_layer;                       /* the application encrypts under TLS too */
    size_t records_read;                  /* how many records she has read */
    uint8_t client_random[WIRE_RANDOM_BYTES];
    uint8_t server_random[WIRE_RANDOM_BYTES];
    const struct wire_suite *suite;
    uint8_t client_share[WIRE_SHARE_BYTES];
    uint8_t server_share[WIRE_SHARE_BYTES];

    /* What she plans to do. */
    bool ephemeral;
    char host[SIM_HOST_MAX];
    int tamper_stage;
    bool flipped;                          /* the --tamper bit flip is done */
    bool tampered;                         /* she has changed any message */
    bool mitm;
    bool downgrade;
    bool leak_later;                       /* the server's key will leak after the session */

    /* In the middle: her own keys, her fake certificate, the real server's key. */
    uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES];
    uint8_t sk[CRYPT_SIGN_SECRETKEYBYTES];
    uint8_t x25519_pk[CRYPT_X25519_PUBLICKEYBYTES];
    uint8_t x25519_sk[CRYPT_X25519_SECRETKEYBYTES];
    struct bytes fake_certificate;
    uint8_t server_x25519_pk[CRYPT_X25519_PUBLICKEYBYTES];
    uint8_t share_to_client_pk[CRYPT_X25519_PUBLICKEYBYTES];
    uint8_t share_to_client_sk[CRYPT_X25519_SECRETKEYBYTES];
    uint8_t share_to_server_pk[CRYPT_X25519_PUBLICKEYBYTES];
    uint8_t share_to_server_sk[CRYPT_X25519_SECRETKEYBYTES];
    struct eve_side with_client;
    struct eve_side with_server;

    /* After the session: the server's long-term key, leaked. */
    uint8_t leaked_sk[CRYPT_SIGN_SECRETKEYBYTES];
};

struct eve *eve_new(const struct sim_options *opts)
{
    struct eve *e = xcalloc(1, sizeof *e);
    e->ephemeral = opts->mode == SIM_MODE_EPHEMERAL;
    snprintf(e->host, sizeof e->host, "%s", opts->host);
    e->tamper_stage = opts->tamper_stage;
    e->mitm = opts->mitm;
    e->downgrade = opts->downgrade;
    e->app_layer = opts->payload == SIM_PAYLOAD_AES;
    e->leak_later = opts->leak_key;
    return e;
}

/* Log what a record's TLS plaintext gives the attacker: the message itself,
 * or (under an application layer) only the application's own ciphertext. */
static void got_tls_plaintext(struct eve *e, struct sim_log *log, const char *who, bool to_server,
                              const struct bytes *plain)
{
    const char *what = to_server ? "request" : "reply";
    char *title;

    if (e->app_layer) {
        title = xasprintf("%s's TLS plaintext (read by %s)", what, who);
        log_knows(log, SIM_ACTOR_EVE, title, plain->data, plain->len, false,
                  (const char *)plain->data);
        log_check(log, SIM_ACTOR_EVE, "eve.read_payload", FACT_FAIL, "app_layer_key_missing",
                  "TLS gave way, but what it carried is the application's own AES-256-GCM "
                  "ciphertext in Base64: without the application key it stays unreadable");
    } else {
        title = xasprintf("%s (read by %s)", what, who);
        log_knows(log, SIM_ACTOR_EVE, title, plain->data, plain->len, true,
                  (const char *)plain->data);
        e->read_plaintext = true;
    }
    free(title);
}

int eve_prepare_mitm(struct eve *e, struct sim_log *log, int64_t clock)
{
    if (actor_kit_keypair(e->pk, e->sk, e->x25519_pk, e->x25519_sk) != 0 ||
        actor_kit_self_signed(e->host, clock, e->pk, e->sk, &e->fake_certificate) != 0)
        return -1;
    log_text(log, SIM_EV_ACTION, SIM_ACTOR_EVE,
             "Mallory makes her own keypair and signs a certificate for %s herself: no CA "
             "the client trusts would issue one to her", e->host);
    log_knows(log, SIM_ACTOR_EVE, "Mallory's private key (Ed25519)", e->sk,
              CRYPT_SIGN_SEEDBYTES, true, NULL);
    log_knows(log, SIM_ACTOR_EVE, "Mallory's fake certificate (X.509 DER)",
              e->fake_certificate.data, e->fake_certificate.len, false,
              "claims to be the server, signed by Mallory");
    return 0;
}

/* Log the public values a frame hands to anyone who reads the wire, and
 * remember the ones Eve needs later. */
static void note_what_it_reveals(struct eve *e, struct sim_log *log, const uint8_t *frame,
                                 size_t len)
{
    struct wire_client_hello ch;
    struct wire_server_hello sh;
    struct wire_server_key_exchange ske;
    const uint8_t *blob, *nonce, *ct;
    size_t blob_len, nonce_len, ct_len;
    struct x509_cert cert;
    char err[X509_ERR_MAX];

    switch (frame[0]) {
    case WIRE_CLIENT_HELLO:
        if (wire_decode_client_hello(frame, len, &ch) == 0) {
            memcpy(e->client_random, ch.random, sizeof e->client_random);
            log_knows(log, SIM_ACTOR_EVE, "client random", ch.random, sizeof ch.random, false,
                      NULL);
            log_knows(log, SIM_ACTOR_EVE, "server name wanted", NULL, 0, false, ch.server_name);
            if (ch.has_share) {
                memcpy(e->client_share, ch.share, sizeof e->client_share);
                log_knows(log, SIM_ACTOR_EVE, "client key share (X25519)", ch.share,
                          sizeof ch.share, false, "public: useless without a private half");
            }
        }
        break;
    case WIRE_SERVER_HELLO:
        if (wire_decode_server_hello(frame, len, &sh) == 0) {
            memcpy(e->server_random, sh.random, sizeof e->server_random);
            e->suite = wire_suite_find(sh.suite);
            log_knows(log, SIM_ACTOR_EVE, "server random", sh.random, sizeof sh.random, false,
                      NULL);
        }
        break;
    case WIRE_CERTIFICATE:
        if (wire_decode_blob(frame, len, WIRE_CERTIFICATE, 3, &blob, &blob_len) != 0 ||
            x509_cert_parse(blob, blob_len, &cert, err, sizeof err) != 0)
            break;
        if (cert.dns_count == 0)  /* an intermediate's, sent after the server's own */
            log_knows(log, SIM_ACTOR_EVE, "intermediate certificate (from the wire)", blob,
                      blob_len, false, "public: servers send it to everyone");
        else
            log_knows(log, SIM_ACTOR_EVE, "server public key (from the certificate)",
                      cert.public_key, sizeof cert.public_key, false,
                      "public: it lets her seal, never open");
        break;
    case WIRE_SERVER_KEY_EXCHANGE:
        if (wire_decode_server_key_exchange(frame, len, &ske) == 0) {
            memcpy(e->server_share, ske.share, sizeof e->server_share);
            log_knows(log, SIM_ACTOR_EVE, "server key share (X25519)", ske.share,
                      sizeof ske.share, false, "public: useless without a private half");
        }
        break;
    case WIRE_CLIENT_KEY_EXCHANGE:
        if (wire_decode_blob(frame, len, WIRE_CLIENT_KEY_EXCHANGE, 2, &blob, &blob_len) == 0)
            log_knows(log, SIM_ACTOR_EVE, "wrapped session key", blob, blob_len, false,
                      e->mitm ? "sealed for the key in Mallory's certificate, which the client "
                                "took for the server's: Mallory opens it"
                      : e->leak_later ? "sealed for the server's key: she cannot open it now, "
                                        "and keeps it for the day that key leaks"
                                      : "sealed for the server's key: she lacks its private key");
        break;
    case WIRE_APPLICATION_DATA:
        if (wire_decode_app_data(frame, len, &nonce, &nonce_len, &ct, &ct_len) == 0)
            log_knows(log, SIM_ACTOR_EVE, "recorded record", ct, ct_len, false,
                      nonce_len == 0 ? "integrity only: the data is in the clear"
                      : !e->leak_later || e->mitm
                          ? "ciphertext and tag: only its length shows"
                      : e->ephemeral ? "ciphertext and tag: she keeps it, but no later leak "
                                       "opens it: the shares' private halves are wiped"
                                     : "ciphertext and tag: she keeps it; once the server's "
                                       "key leaks, the recorded wrap gives her the key to it");
        break;
    default:
        break;
    }
}

void eve_record(struct eve *e, struct sim_log *log, const uint8_t *frame, size_t len)
{
    if (len < WIRE_HEADER_BYTES)
        return;
    if (e->frame_count < EVE_FRAMES_MAX)
        bytes_append(&e->frames[e->frame_count++], frame, len);
    e->bytes_recorded += len;
    log_text(log, SIM_EV_ACTION, SIM_ACTOR_EVE, "records the %s (%zu bytes; %zu in all so far)",
             wire_type_name(frame[0]), len, e->bytes_recorded);
    note_what_it_reveals(e, log, frame, len);
}

/* Where Mallory flips a bit in a frame of this type, or -1 to let it pass:
 * a byte of the part each receiver checks. */
static long tamper_offset(const struct bytes *frame)
{
    switch (frame->data[0]) {
    case WIRE_ENROL_CSR:
    case WIRE_CERTIFICATE:
    case WIRE_SERVER_PUBLIC_KEY:
        return (long)frame->len - 1;              /* the signature, or the key itself */
    case WIRE_CLIENT_HELLO:
        return WIRE_HEADER_BYTES + 2 + WIRE_RANDOM_BYTES - 1;   /* the client random */
    case WIRE_SERVER_KEY_EXCHANGE:
    case WIRE_FINISHED:
        return WIRE_HEADER_BYTES;
    case WIRE_CLIENT_KEY_EXCHANGE:
        return WIRE_HEADER_BYTES + 2 + CRYPT_X25519_PUBLICKEYBYTES;  /* the sealed key */
    case WIRE_APPLICATION_DATA:
        return frame->len > WIRE_HEADER_BYTES ? WIRE_HEADER_BYTES + 1 + frame->data[4] : -1;
    default:
        return -1;
    }
}

/* The label of the field that holds byte offset of a frame. */
static char *field_at(const struct bytes *frame, size_t offset)
{
    struct sim_field *fields = NULL;
    size_t count = wire_describe(frame->data, frame->len, &fields);
    char *label = xstrdup("a byte");
    for (size_t i = 0; i < count; i++) {
        if (offset >= fields[i].offset && offset < fields[i].offset + fields[i].len) {
            free(label);
            label = xstrdup(fields[i].label);
        }
    }
    sim_fields_free(fields, count);
    return label;
}

/* Flip the lowest bit of one checked byte of the frame; true when done. */
static bool tamper(struct eve *e, struct sim_log *log, struct bytes *frame)
{
    long offset = tamper_offset(frame);
    if (offset < 0 || (size_t)offset >= frame->len)
        return false;
    uint8_t before = frame->data[offset];
    frame->data[offset] ^= 0x01;
    e->flipped = true;
    char *label = field_at(frame, (size_t)offset);
    log_text(log, SIM_EV_ACTION, SIM_ACTOR_EVE,
             "Mallory flips one bit of the %s in flight: byte %ld (%s) goes from %02x to %02x",
             wire_type_name(frame->data[0]), offset, label, before, frame->data[offset]);
    if (frame->data[0] == WIRE_CLIENT_HELLO)
        log_text(log, SIM_EV_ACTION, SIM_ACTOR_EVE,
                 "nothing in this simplified flow protects the hellos: the server will take "
                 "the changed random at face value (real TLS catches this with Finished "
                 "messages; try --finished)");
    free(label);
    return true;
}

/* Downgrade: keep only the legacy suites in a ClientHello; true when changed. */
static bool strip_suites(struct sim_log *log, struct bytes *frame)
{
    struct wire_client_hello m;
    size_t kept = 0;

    if (wire_decode_client_hello(frame->data, frame->len, &m) != 0)
        return false;
    for (size_t i = 0; i < m.suite_count; i++) {
        const struct wire_suite *s = wire_suite_find(m.suites[i]);
        if (s != NULL && s->null_cipher)
            m.suites[kept++] = m.suites[i];
    }
    if (kept == 0 || kept == m.suite_count)
        return false;
    log_text(log, SIM_EV_ACTION, SIM_ACTOR_EVE,
             "Mallory deletes every strong cipher suite from the ClientHello and leaves only "
             "the legacy one, which encrypts nothing");
    m.suite_count = kept;
    bytes_free(frame);
    wire_encode_client_hello(&m, frame);
    return true;
}

/* Derive one side's keys from its secret and log what Mallory now holds. */
static void side_derive(struct eve *e, struct sim_log *log, struct eve_side *side,
                        const char *name)
{
    keys_derive(&side->keys, side->secret, e->client_random, e->server_random);
    side->has_keys = true;
    char *title = xasprintf("traffic keys shared with the %s", name);
    log_knows(log, SIM_ACTOR_EVE, title, side->keys.client_write,
              sizeof side->keys.client_write, true, "she can read and rewrite every record");
    free(title);
}

/* Replace frame's bytes with those in replacement (taken over). */
static void replace_frame(struct bytes *frame, struct bytes *replacement)
{
    bytes_free(frame);
    *frame = *replacement;
    memset(replacement, 0, sizeof *replacement);
}

/* Mallory passes out (taken over) on in place of frame, and says so: what
 * she did, in the words of what. */
static void pass_on_instead(struct sim_log *log, struct bytes *frame, struct bytes *out,
                            const char *what)
{
    replace_frame(frame, out);
    log_text(log, SIM_EV_ACTION, SIM_ACTOR_EVE, "%s", what);
}

/* Mallory's ephemeral mode: her own share toward the server in the ClientHello. */
static bool mitm_client_hello(struct eve *e, struct sim_log *log, struct bytes *frame)
{
    struct wire_client_hello m;
    struct bytes out = {0};

    if (!e->ephemeral || wire_decode_client_hello(frame->data, frame->len, &m) != 0 ||
        !m.has_share)
        return false;
    crypt_kx_keypair(e->share_to_server_pk, e->share_to_server_sk);
    memcpy(m.share, e->share_to_server_pk, sizeof m.share);
    wire_encode_client_hello(&m, &out);
    pass_on_instead(log, frame, &out,
                    "Mallory swaps the client's key share for one of her own");
    return true;
}

/* Mallory swaps the certificate for her fake one, keeping the real key. */
static bool mitm_certificate(struct eve *e, struct sim_log *log, struct bytes *frame)
{
    const uint8_t *der;
    size_t der_len;
    struct x509_cert cert;
    char err[X509_ERR_MAX];
    struct bytes out = {0};

    if (wire_decode_blob(frame->data, frame->len, WIRE_CERTIFICATE, 3, &der, &der_len) != 0 ||
        x509_cert_parse(der, der_len, &cert, err, sizeof err) != 0 ||
        crypt_sign_pk_to_x25519(e->server_x25519_pk, cert.public_key) != 0)
        return false;
    wire_encode_blob(&out, WIRE_CERTIFICATE, e->fake_certificate.data, e->fake_certificate.len,
                     3);
    pass_on_instead(log, frame, &out,
                    "Mallory keeps the real certificate for herself and sends the client her "
                    "fake one");
    return true;
}

/* Mallory swaps a bare public key for her own: nothing tells the client. */
static bool mitm_bare_key(struct eve *e, struct sim_log *log, struct bytes *frame)
{
    const uint8_t *pk;
    size_t pk_len;
    struct bytes out = {0};

    if (wire_decode_blob(frame->data, frame->len, WIRE_SERVER_PUBLIC_KEY, 2, &pk, &pk_len) != 0 ||
        pk_len != CRYPT_SIGN_PUBLICKEYBYTES || crypt_sign_pk_to_x25519(e->server_x25519_pk, pk) != 0)
        return false;
    wire_encode_blob(&out, WIRE_SERVER_PUBLIC_KEY, e->pk, sizeof e->pk, 2);
    pass_on_instead(log, frame, &out,
                    "Mallory keeps the server's bare key and sends the client her own instead");
    return true;
}

/* Mallory signs her own share for the client and computes both secrets. */
static bool mitm_key_share(struct eve *e, struct sim_log *log, struct bytes *frame)
{
    struct wire_server_key_exchange m;
    uint8_t signed_bytes[2 * WIRE_RANDOM_BYTES + WIRE_SHARE_BYTES];
    uint8_t rx[CRYPT_KX_SESSIONKEYBYTES], tx[CRYPT_KX_SESSIONKEYBYTES];
    struct bytes out = {0};
    bool ok = false;

    if (wire_decode_server_key_exchange(frame->data, frame->len, &m) != 0)
        return false;
    crypt_kx_keypair(e->share_to_client_pk, e->share_to_client_sk);
    memcpy(m.share, e->share_to_client_pk, sizeof m.share);
    wire_share_signed_bytes(signed_bytes, e->client_random, e->server_random, m.share);
    crypt_sign(m.signature, signed_bytes, sizeof signed_bytes, e->sk);
    wire_encode_server_key_exchange(&m, &out);
    pass_on_instead(log, frame, &out,
                    "Mallory sends the client her own key share, signed with the key in her "
                    "fake certificate");
    if (crypt_kx_server(rx, tx, e->share_to_client_pk, e->share_to_client_sk,
                        e->client_share) == 0) {
        memcpy(e->with_client.secret, rx, sizeof e->with_client.secret);
        if (crypt_kx_client(rx, tx, e->share_to_server_pk, e->share_to_server_sk,
                            e->server_share) == 0) {
            memcpy(e->with_server.secret, tx, sizeof e->with_server.secret);
            side_derive(e, log, &e->with_client, "client");
            side_derive(e, log, &e->with_server, "server");
            ok = true;
        }
    }
    crypt_wipe(rx, sizeof rx);
    crypt_wipe(tx, sizeof tx);
    if (!ok)
        log_text(log, SIM_EV_ACTION, SIM_ACTOR_EVE, "Mallory fails to agree keys with both sides");
    return true;
}

/* Mallory opens the wrap meant for her key and re-seals it for the server. */
static bool mitm_key_exchange(struct eve *e, struct sim_log *log, struct bytes *frame)
{
    const uint8_t *sealed;
    size_t sealed_len;
    uint8_t resealed[KEYS_SECRET_BYTES + CRYPT_SEAL_OVERHEADBYTES];
    struct bytes out = {0};

    if (wire_decode_blob(frame->data, frame->len, WIRE_CLIENT_KEY_EXCHANGE, 2, &sealed,
                         &sealed_len) != 0 ||
        sealed_len != sizeof resealed)
        return false;
    bool opened = crypt_seal_open(e->with_client.secret, sealed, sealed_len, e->x25519_pk,
                                  e->x25519_sk) == 0;
    log_check(log, SIM_ACTOR_EVE, "mitm.wrap.open", FACT_OF(opened), "wrong_key",
              opened ? "the client sealed it for the key in Mallory's certificate, so her "
                       "private key opens it"
                     : "the wrap does not open with Mallory's key");
    if (!opened || crypt_seal(resealed, e->with_client.secret, KEYS_SECRET_BYTES,
                              e->server_x25519_pk) != 0)
        return false;
    log_knows(log, SIM_ACTOR_EVE, "session key (stolen)", e->with_client.secret,
              KEYS_SECRET_BYTES, true, NULL);
    memcpy(e->with_server.secret, e->with_client.secret, KEYS_SECRET_BYTES);
    side_derive(e, log, &e->with_client, "client");
    e->with_server.keys = e->with_client.keys;
    e->with_server.has_keys = true;
    wire_encode_blob(&out, WIRE_CLIENT_KEY_EXCHANGE, resealed, sizeof resealed, 2);
    pass_on_instead(log, frame, &out,
                    "Mallory seals the same session key again, for the real server's key, and "
                    "passes it on");
    return true;
}

/* Mallory rewrites a Finished so that it matches the receiver's transcript. */
static bool mitm_finished(struct eve *e, struct sim_log *log, enum sim_actor to,
                          struct bytes *frame)
{
    uint8_t verify[WIRE_FINISHED_BYTES];
    struct bytes out = {0};
    bool to_server = to == SIM_ACTOR_SERVER;
    struct eve_side *side = to_server ? &e->with_server : &e->with_client;

    if (!side->has_keys)
        return false;
    keys_finished(verify, &side->keys, to_server ? "client" : "server", &side->transcript);
    wire_frame(&out, WIRE_FINISHED, verify, sizeof verify);
    replace_frame(frame, &out);
    log_text(log, SIM_EV_ACTION, SIM_ACTOR_EVE,
             "Mallory computes a fresh Finished for the %s's view of the handshake: she holds "
             "the keys of both halves", to_server ? "server" : "client");
    return true;
}

/* Mallory reads a record with one side's keys and re-protects it for the other. */
static bool mitm_record(struct eve *e, struct sim_log *log, enum sim_actor to,
                        struct bytes *frame)
{
    bool to_server = to == SIM_ACTOR_SERVER;
    struct eve_side *from_side = to_server ? &e->with_client : &e->with_server;
    struct eve_side *to_side = to_server ? &e->with_server : &e->with_client;
    struct bytes plain = {0}, out = {0};

    if (!from_side->has_keys || !to_side->has_keys || e->suite == NULL)
        return false;
    const uint8_t *read_key = to_server ? from_side->keys.client_write
                                        : from_side->keys.server_write;
    const uint8_t *write_key = to_server ? to_side->keys.client_write
                                         : to_side->keys.server_write;
    bool ok = record_open(&plain, e->suite, frame->data, frame->len, read_key) == 0;
    log_check(log, SIM_ACTOR_EVE, "mitm.read", FACT_OF(ok), "wrong_keys",
              ok ? "Mallory decrypts the record with the keys she agreed with the sender"
                 : "the record does not open with Mallory's keys");
    if (!ok)
        return false;
    e->records_read++;
    got_tls_plaintext(e, log, "Mallory", to_server, &plain);
    if (record_seal(&out, e->suite, plain.data, plain.len, write_key) == 0)
        pass_on_instead(log, frame, &out,
                        "Mallory protects it again under the keys of the other half and passes "
                        "it on");
    bytes_free(&plain);
    bytes_free(&out);
    return true;
}

/* What Mallory does to each handshake message she swaps; true when she
 * changed the frame. */
typedef bool mitm_swap_fn(struct eve *e, struct sim_log *log, struct bytes *frame);

static const struct mitm_swap {
    uint8_t type;
    mitm_swap_fn *swap;
} mitm_swaps[] = {
    {WIRE_CLIENT_HELLO, mitm_client_hello},
    {WIRE_CERTIFICATE, mitm_certificate},
    {WIRE_SERVER_PUBLIC_KEY, mitm_bare_key},
    {WIRE_SERVER_KEY_EXCHANGE, mitm_key_share},
    {WIRE_CLIENT_KEY_EXCHANGE, mitm_key_exchange},
};

/* Mallory in the middle acts on one frame; true when she changed it.  She
 * keeps each side's view of the handshake for the Finished messages. */
static bool mitm_act(struct eve *e, struct sim_log *log, enum sim_actor to, struct bytes *frame)
{
    uint8_t type = frame->data[0];
    bool from_client_side = to == SIM_ACTOR_SERVER;
    struct eve_side *sender = from_client_side ? &e->with_client : &e->with_server;
    struct eve_side *receiver = from_client_side ? &e->with_server : &e->with_client;
    bool changed = false;

    if (type == WIRE_APPLICATION_DATA)
        return mitm_record(e, log, to, frame);
    bytes_append(&sender->transcript, frame->data, frame->len);
    if (type == WIRE_FINISHED)
        changed = mitm_finished(e, log, to, frame);
    for (size_t i = 0; i < sizeof mitm_swaps / sizeof mitm_swaps[0]; i++)
        if (type == mitm_swaps[i].type)
            changed = mitm_swaps[i].swap(e, log, frame);
    bytes_append(&receiver->transcript, frame->data, frame->len);
    return changed;
}

bool eve_intercept(struct eve *e, struct sim_log *log, int stage, enum sim_actor to,
                   struct bytes *frame)
{
    bool changed = false;

    if (frame->len < WIRE_HEADER_BYTES)
        return false;
    if (e->downgrade && frame->data[0] == WIRE_CLIENT_HELLO)
        changed |= strip_suites(log, frame);
    if (e->mitm && to != SIM_ACTOR_CA && frame->data[0] != WIRE_ENROL_CERTIFICATE)
        changed |= mitm_act(e, log, to, frame);
    if (!e->flipped && stage == e->tamper_stage)
        changed |= tamper(e, log, frame);
    if (changed)
        e->tampered = true;
    return changed;
}

/* Try the keys Eve holds on one recorded record sent to `to_server`'s side;
 * returns true and logs the plaintext when it opens. */
static bool read_record(struct eve *e, struct sim_log *log, const struct bytes *frame,
                        bool to_server, const char **why, const char **code)
{
    struct bytes plain = {0};
    bool ok = false;

    if (frame->len > WIRE_HEADER_BYTES && frame->data[4] == 0) {
        ok = record_read_clear(&plain, frame->data, frame->len) == 0;
        *why = "the legacy suite sends the data in the clear: she just reads it";
        *code = NULL;
    } else if (e->with_client.has_keys && e->suite != NULL) {
        const uint8_t *key = to_server ? e->with_client.keys.client_write
                                       : e->with_client.keys.server_write;
        ok = record_open(&plain, e->suite, frame->data, frame->len, key) == 0;
        if (!ok) {
            *why = "the keys she derived are wrong: every tag check fails";
            *code = "wrong_keys";
        } else if (e->app_layer) {
            *why = "her keys open the TLS records, but inside is the application's own "
                   "AES-256-GCM ciphertext, unreadable without the application key";
            *code = "app_layer_encrypted";
        } else {
            *why = "the keys she holds open the records and their tags verify";
        }
    }
    if (ok)
        got_tls_plaintext(e, log, "Eve", to_server, &plain);
    bytes_free(&plain);
    return ok;
}

void eve_try_to_read(struct eve *e, struct sim_log *log)
{
    size_t records = 0;
    const char *why = NULL, *eve_code = "no_key";

    for (size_t i = 0; i < e->frame_count; i++) {
        if (e->frames[i].data[0] != WIRE_APPLICATION_DATA)
            continue;
        /* Records alternate: the request goes to the server, the reply back. */
        bool to_server = records % 2 == 0;
        records++;
        if (records > e->records_read && read_record(e, log, &e->frames[i], to_server, &why,
                                                    &eve_code))
            e->records_read = records;
    }
    if (records == 0 || (e->mitm && e->with_client.has_keys))
        return;
    if (why == NULL)
        why = "she holds the encrypted records but no traffic key, and the only way to one "
              "goes through a private key she does not have";
    log_check(log, SIM_ACTOR_EVE, "eve.read", FACT_OF(e->read_plaintext), eve_code,
              "%s (%zu of %zu recorded record%s read)", why, e->records_read, records,
              records == 1 ? "" : "s");
}

/* With the leaked key, open the recorded wrap (key transport). */
static void use_leak_on_wrap(struct eve *e, struct sim_log *log)
{
    uint8_t xpk[CRYPT_X25519_PUBLICKEYBYTES], xsk[CRYPT_X25519_SECRETKEYBYTES];
    const uint8_t *sealed = NULL;
    size_t sealed_len = 0;

    for (size_t i = 0; i < e->frame_count && sealed == NULL; i++)
        if (wire_decode_blob(e->frames[i].data, e->frames[i].len, WIRE_CLIENT_KEY_EXCHANGE, 2,
                             &sealed, &sealed_len) != 0)
            sealed = NULL;
    crypt_sign_sk_to_x25519(xsk, e->leaked_sk);
    bool opened = sealed != NULL &&
                  crypt_sign_pk_to_x25519(xpk, e->leaked_sk + CRYPT_SIGN_SEEDBYTES) == 0 &&
                  sealed_len == KEYS_SECRET_BYTES + CRYPT_SEAL_OVERHEADBYTES &&
                  crypt_seal_open(e->with_client.secret, sealed, sealed_len, xpk, xsk) == 0;
    log_check(log, SIM_ACTOR_EVE, "leak.wrap.open", FACT_OF(opened), "no_wrap_opens",
              opened ? "crypto_box_seal_open with the leaked key opens the ClientKeyExchange "
                       "she recorded: she has the session key"
                     : "she recorded no wrapped key that the leaked key opens");
    if (opened) {
        log_knows(log, SIM_ACTOR_EVE, "session key (recovered)", e->with_client.secret,
                  KEYS_SECRET_BYTES, true, NULL);
        side_derive(e, log, &e->with_client, "client (recovered)");
    }
    crypt_wipe(xsk, sizeof xsk);
}

/* With the leaked key, try to rebuild an ephemeral secret: it cannot work,
 * and the attempt shows why. */
static void use_leak_on_shares(struct eve *e, struct sim_log *log)
{
    uint8_t xsk[CRYPT_X25519_SECRETKEYBYTES];
    uint8_t rx[CRYPT_KX_SESSIONKEYBYTES], tx[CRYPT_KX_SESSIONKEYBYTES];

    log_text(log, SIM_EV_ACTION, SIM_ACTOR_EVE,
             "finds no wrapped key in her recording: only two public key shares. She tries "
             "the leaked long-term key in place of the server's ephemeral private key");
    crypt_sign_sk_to_x25519(xsk, e->leaked_sk);
    if (crypt_kx_server(rx, tx, e->server_share, xsk, e->client_share) == 0) {
        memcpy(e->with_client.secret, rx, sizeof e->with_client.secret);
        keys_derive(&e->with_client.keys, e->with_client.secret, e->client_random,
                    e->server_random);
        e->with_client.has_keys = true;
    }
    crypt_wipe(xsk, sizeof xsk);
    crypt_wipe(rx, sizeof rx);
    crypt_wipe(tx, sizeof tx);
}

void eve_receive_leaked_key(struct eve *e, struct sim_log *log,
                            const uint8_t sk[CRYPT_SIGN_SECRETKEYBYTES])
{
    memcpy(e->leaked_sk, sk, sizeof e->leaked_sk);
    log_text(log, SIM_EV_ACTION, SIM_ACTOR_EVE,
             "later, the server's long-term private key leaks (a stolen backup, a break-in) "
             "and reaches Eve, who still has her recording");
    log_knows(log, SIM_ACTOR_EVE, "server private key (LEAKED)", sk, CRYPT_SIGN_SEEDBYTES, true,
              NULL);
    if (e->ephemeral)
        use_leak_on_shares(e, log);
    else
        use_leak_on_wrap(e, log);
    e->records_read = 0;
}

bool eve_tampered(const struct eve *e)
{
    return e->tampered;
}

bool eve_read_plaintext(const struct eve *e)
{
    return e->read_plaintext;
}

bool eve_mitm_identity(const struct eve *e, const uint8_t **cert, size_t *cert_len,
                       const uint8_t **sk)
{
    *cert = e->fake_certificate.data;
    *cert_len = e->fake_certificate.len;
    *sk = e->sk;
    return e->fake_certificate.len > 0;
}

/* Wipe one side of Mallory's double connection. */
static void side_free(struct eve_side *side)
{
    bytes_free(&side->transcript);
    crypt_wipe(side, sizeof *side);
}

void eve_free(struct eve *e)
{
    if (e == NULL)
        return;
    for (size_t i = 0; i < e->frame_count; i++)
        bytes_free(&e->frames[i]);
    bytes_free(&e->fake_certificate);
    side_free(&e->with_client);
    side_free(&e->with_server);
    crypt_free(e, sizeof *e);
}
