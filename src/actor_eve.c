/*
 * actor_eve.c - the eavesdropper.
 */
#include "actor_eve.h"

#include "x509.h"

#include <string.h>

/* Log the public values a frame hands to anyone who reads the wire. */
static void note_what_it_reveals(struct sim_log *log, const uint8_t *frame, size_t len)
{
    struct wire_client_hello ch;
    struct wire_server_hello sh;
    const uint8_t *blob, *nonce, *ct;
    size_t blob_len, nonce_len, ct_len;
    struct x509_cert cert;
    char err[X509_ERR_MAX];

    switch (frame[0]) {
    case WIRE_CLIENT_HELLO:
        if (wire_decode_client_hello(frame, len, &ch) == 0) {
            log_knows(log, SIM_ACTOR_EVE, "client random", ch.random, sizeof ch.random, false,
                      NULL);
            log_knows(log, SIM_ACTOR_EVE, "server name wanted", NULL, 0, false, ch.server_name);
        }
        break;
    case WIRE_SERVER_HELLO:
        if (wire_decode_server_hello(frame, len, &sh) == 0)
            log_knows(log, SIM_ACTOR_EVE, "server random", sh.random, sizeof sh.random, false,
                      NULL);
        break;
    case WIRE_CERTIFICATE:
        if (wire_decode_blob(frame, len, WIRE_CERTIFICATE, 3, &blob, &blob_len) == 0 &&
            x509_cert_parse(blob, blob_len, &cert, err, sizeof err) == 0)
            log_knows(log, SIM_ACTOR_EVE, "server public key (from the certificate)",
                      cert.public_key, sizeof cert.public_key, false,
                      "public: it lets her seal, never open");
        break;
    case WIRE_CLIENT_KEY_EXCHANGE:
        if (wire_decode_blob(frame, len, WIRE_CLIENT_KEY_EXCHANGE, 2, &blob, &blob_len) == 0)
            log_knows(log, SIM_ACTOR_EVE, "wrapped session key", blob, blob_len, false,
                      "sealed: she lacks the server's private key");
        break;
    case WIRE_APPLICATION_DATA:
        if (wire_decode_app_data(frame, len, &nonce, &nonce_len, &ct, &ct_len) == 0)
            log_knows(log, SIM_ACTOR_EVE, "encrypted record", ct, ct_len, false,
                      "ciphertext and tag: only its length shows");
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
    note_what_it_reveals(log, frame, len);
}

bool eve_try_to_read(struct eve *e, struct sim_log *log)
{
    size_t records = 0;

    for (size_t i = 0; i < e->frame_count; i++)
        if (e->frames[i].data[0] == WIRE_APPLICATION_DATA)
            records++;
    if (records == 0)
        return false;
    log_check(log, SIM_ACTOR_EVE, "read the application data", false,
              "she holds %zu encrypted record%s but no traffic key, and the only way to one "
              "is the wrapped session key, which needs the server's private key",
              records, records == 1 ? "" : "s");
    return false;
}

void eve_free(struct eve *e)
{
    for (size_t i = 0; i < e->frame_count; i++)
        bytes_free(&e->frames[i]);
    memset(e, 0, sizeof *e);
}
