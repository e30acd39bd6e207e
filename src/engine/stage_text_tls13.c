/*
 * stage_text_tls13.c - the narration of real TLS 1.3's eight stages,
 * fragment by fragment, and how each differs from the teaching flow.
 *
 * A fragment is shown when every bit of `need` is set in the run's
 * situation and none of `deny` is; `claims` lists what its sentences
 * assert (fact.h), which the what-if matrix test holds against the result.
 */
#include "engine/stage_text_tls13.h"

#include "base/bytes.h"
#include "engine/fact.h"
#include "engine/stage_text.h"

#include <stdlib.h>
#include <string.h>

static const char *const names[8] = {
    "keypair and certificate", "ClientHello + key share", "ServerHello + key share",
    "handshake secrets",       "EE, Certificate, CertificateVerify", "Finished both ways",
    "application keys, request", "the reply",
};

#define GONE (T13_ABORTED_BEFORE)
#define HERE (T13_ABORTED_HERE)
#define CAUGHT (T13_BY_RECORD_MAC | T13_BY_CV | T13_BY_FINISHED | T13_BY_CERT | T13_BY_VERSION)

#define SERVER_HELLO_TEXT(ccs)                                                             \
    "The server picks TLS 1.3, TLS_CHACHA20_POLY1305_SHA256 and X25519, makes its own fresh " \
    "X25519 keypair and sends the ServerHello with its random and its key share" ccs ". "   \
    "The client checks that TLS 1.3 was chosen and that the random does not end in the "     \
    "DOWNGRD sentinel."

static const struct stage_fragment fragments[] = {
    /* 1: keypair and certificate (the teaching flow's own stage 1, then this) */
    {1, false, T13_CHAIN, HERE, 0,
     "tlssim's TLS 1.3 client, though, reads no revocation list: it checks the path alone."},
    {1, false, 0, HERE, 0,
     "In TLS 1.3 this keypair will only ever sign: the CertificateVerify of stage 5. Nothing "
     "is ever encrypted to it."},
    {1, true, 0, 0, 0,
     "Unlike the teaching flow's key transport, where the client seals the session key for "
     "this very key, TLS 1.3 never encrypts anything to a long-term key: the keys of every "
     "connection come from fresh X25519 shares."},

    /* 2: ClientHello with key share */
    {2, false, T13_HRR, GONE, 0,
     "The client sends its ClientHello: 32 random bytes, a legacy session id, the one cipher "
     "suite it offers (TLS_CHACHA20_POLY1305_SHA256) and its extensions: supported_versions "
     "(TLS 1.3), supported_groups (X25519), signature_algorithms (Ed25519), server_name, "
     "and a key_share that is empty: it names X25519 as a group it takes but sends no share "
     "for it, as a client does that guessed a group the server turns out not to want. All "
     "of it travels in the clear."},
    {2, false, 0, GONE | T13_HRR, 0,
     "The client makes a fresh X25519 keypair for this connection alone and sends its "
     "ClientHello: 32 random bytes, a legacy session id, the one cipher suite it offers "
     "(TLS_CHACHA20_POLY1305_SHA256) and its extensions: supported_versions (TLS 1.3), "
     "supported_groups (X25519), key_share (the public half of the new keypair), "
     "signature_algorithms (Ed25519) and server_name. All of it travels in the clear: Eve "
     "reads the name of the site too."},
    {2, false, T13_DOWNGRADE, GONE, 0,
     "Mallory rewrites supported_versions on the way, so that the hello offers TLS 1.2 "
     "where it offered TLS 1.3."},
    {2, false, HERE | T13_BY_VERSION, 0, CLAIM_ABORTED,
     "The server speaks TLS 1.3 only and finds it missing from the offer: it refuses with a "
     "protocol_version alert, and the handshake ends here. A server that also spoke TLS 1.2 "
     "would go on in 1.2, but it would write the DOWNGRD sentinel into the last 8 bytes of "
     "its random, and a TLS 1.3 client would see it and stop."},
    {2, false, HERE, CAUGHT, CLAIM_ABORTED,
     "The server refuses the hello with an alert, and the handshake ends here."},
    {2, false, T13_TAMPERED_HERE, GONE, 0,
     "Mallory flips one bit of the client random on the way. Nothing can check the hello "
     "yet: the server takes it as it arrives, and its transcript now differs from the "
     "client's."},
    {2, false, T13_MITM, GONE, 0,
     "Mallory keeps the hello and answers it herself: she plays the server, with her own key "
     "share and her own certificate."},
    {2, true, 0, T13_HRR, 0,
     "Unlike the teaching flow, the client's key share is already in the hello: TLS 1.3 "
     "agrees its keys in one round trip, and there is no key transport at all (no "
     "ClientKeyExchange, no sealed session key)."},
    {2, true, T13_HRR, 0, 0,
     "Unlike the teaching flow, a TLS 1.3 client normally puts its key share in the hello, "
     "so the keys are agreed in one round trip; this one sent none and pays a second round "
     "trip. Either way there is no key transport at all (no ClientKeyExchange, no sealed "
     "session key)."},
    {2, true, T13_DOWNGRADE, 0, 0,
     "In the teaching flow a stripped offer goes unnoticed unless Finished messages are on; "
     "in TLS 1.3 the server refuses an offer without TLS 1.3, and a client sees an older "
     "server's answer by the DOWNGRD sentinel."},

    /* 3: ServerHello with key share */
    {3, false, T13_HRR, GONE | HERE | T13_MITM, 0,
     "First the server answers with a HelloRetryRequest: a ServerHello whose random is a "
     "fixed value, asking for an X25519 share, and a ChangeCipherSpec record that only "
     "middleboxes look at. The client checks it, puts a message_hash of "
     "its first hello in the transcript in place of the hello itself, makes its X25519 "
     "keypair and sends a second ClientHello with the share. A whole round trip is lost "
     "before the real ServerHello comes."},
    {3, false, T13_HRR | HERE, T13_MITM, 0,
     "The server answers the hello without a key share with a HelloRetryRequest, asking for "
     "an X25519 share."},
    {3, false, 0, GONE | T13_MITM | T13_HRR, 0,
     SERVER_HELLO_TEXT(", then a ChangeCipherSpec record that only middleboxes look at")},
    {3, false, T13_HRR, GONE | T13_MITM | HERE, 0, SERVER_HELLO_TEXT("")},
    {3, false, T13_MITM, GONE, 0,
     "Mallory answers as the server would: TLS 1.3, TLS_CHACHA20_POLY1305_SHA256, X25519, "
     "with her own fresh X25519 keypair in her ServerHello. The client's checks of the hello "
     "pass: nothing in a hello says who sent it."},
    {3, false, T13_TAMPERED_HERE, GONE | HERE, 0,
     "Mallory flips one bit of the server random on the way. The client's checks of the "
     "hello still pass: nothing in it is signed."},
    {3, false, HERE, 0, CLAIM_ABORTED,
     "A check of the server's hello fails: the client sends an alert and the handshake "
     "ends."},
    {3, true, T13_HRR, 0, 0,
     "The teaching flow has no retry: its server takes one of the suites offered or gives "
     "up. In TLS 1.3 the transcript keeps the first hello (as message_hash), so the "
     "CertificateVerify and both Finished messages cover the whole exchange, retry and all."},
    {3, true, 0, 0, 0,
     "Unlike the teaching flow, no certificate follows in the clear: from the next message "
     "on, everything the server says is encrypted. Both hellos go into the transcript hash, "
     "on which every later key, the CertificateVerify signature and both Finished messages "
     "depend."},

    /* 4: handshake secrets */
    {4, false, T13_SECRETS_MATCH, GONE | T13_MITM, CLAIM_SECRET_AGREED,
     "Each side multiplies its own X25519 private key by the other's public share and gets "
     "the same 32-byte ECDHE secret, which never crossed the wire. From it and the "
     "transcript hash of the two hellos, the HKDF key schedule derives the early secret, the "
     "handshake secret and one handshake traffic secret per direction, each with its key and "
     "IV. Each side then wipes its X25519 private key."},
    {4, false, T13_SECRETS_MATCH | T13_MITM, GONE, 0,
     "The client and Mallory each compute the same ECDHE secret: the client has agreed its "
     "keys with Mallory, not with the server, and the key schedule gives both of them the "
     "same handshake traffic keys."},
    {4, false, 0, GONE | T13_SECRETS_MATCH, 0,
     "Each side multiplies its own X25519 private key by the other's public share and runs "
     "the key schedule over the transcript hash of the two hellos. But the hellos were not "
     "the same at both ends: a bit changed on the way, so the transcript hashes differ and "
     "so do the handshake traffic secrets and their keys. Neither side knows it yet."},
    {4, true, 0, 0, 0,
     "Unlike the teaching flow, nothing secret crosses the wire, not even sealed: the secret "
     "is computed at both ends, and no long-term key can compute it again later. Every TLS "
     "1.3 connection has forward secrecy."},

    /* 5: EncryptedExtensions, Certificate, CertificateVerify */
    {5, false, 0, GONE | HERE, CLAIM_CERT_SENT | CLAIM_PATH_BUILT,
     "Under the server handshake key the server sends EncryptedExtensions, its Certificate "
     "and a CertificateVerify: its Ed25519 signature over the transcript hash so far. The "
     "client decrypts them, checks the certificate's path to its trusted CA (signatures, "
     "dates, name), then the signature with the certificate's key: the server holds the "
     "private key and saw the same hellos."},
    {5, false, T13_INTERMEDIATE, GONE, 0,
     "The Certificate message carries the intermediate CA's certificate after the server's "
     "own, for the path to the root."},
    {5, false, HERE | T13_BY_RECORD_MAC | T13_TAMPERED_HERE, 0, CLAIM_ABORTED,
     "Mallory flipped one bit of the first encrypted record: its Poly1305 tag fails under "
     "the client's handshake key. The client sends a bad_record_mac alert and ends the "
     "handshake."},
    {5, false, HERE | T13_BY_RECORD_MAC | T13_HELLO_CHANGED, T13_TAMPERED_HERE, CLAIM_ABORTED,
     "The first encrypted record does not open under the client's handshake key: the hello "
     "changed on the way made the two transcript hashes, and so the two key schedules, "
     "differ. The transcript hash protected the hellos: the client sends a bad_record_mac "
     "alert and ends the handshake."},
    {5, false, HERE | T13_BY_RECORD_MAC, T13_TAMPERED_HERE | T13_HELLO_CHANGED, CLAIM_ABORTED,
     "An encrypted record does not open under the client's handshake key: the client sends "
     "a bad_record_mac alert and ends the handshake."},
    {5, false, HERE | T13_BY_CERT, T13_MITM, CLAIM_ABORTED | CLAIM_CERT_SENT,
     "The client decrypts the Certificate and a check of it fails (the client's pane says "
     "which): it sends an alert and ends the handshake before any data is sent. A browser "
     "would show its certificate warning here."},
    {5, false, HERE | T13_BY_CERT | T13_MITM, 0, CLAIM_ABORTED | CLAIM_CERT_SENT,
     "The certificate is Mallory's own, signed by herself: no CA in the client's trust store "
     "issued it, so the path check fails and the client ends the handshake with an alert. "
     "Mallory got nothing but the client's hello."},
    {5, false, HERE | T13_BY_CV, 0, CLAIM_ABORTED,
     "The CertificateVerify signature does not verify over the client's own transcript: "
     "the client ends the handshake with a decrypt_error alert."},
    {5, false, HERE, CAUGHT, CLAIM_ABORTED,
     "A check fails and the client ends the handshake with an alert."},
    {5, true, 0, 0, 0,
     "Unlike the teaching flow, the certificate travels encrypted, and the server proves it "
     "holds the key by signing the whole transcript so far: a changed hello, or a copied "
     "certificate without its key, fails here."},

    /* 6: Finished both ways */
    {6, false, 0, GONE | HERE, CLAIM_SECRET_AGREED,
     "The server's Finished, an HMAC under its finished key over the transcript hash, reaches "
     "the client, which computes its own and compares. The client answers with a "
     "ChangeCipherSpec and its own Finished, which the server checks the same way. Both "
     "sides saw the very same handshake: it is complete."},
    {6, false, HERE | T13_TAMPERED_HERE | T13_BY_RECORD_MAC, 0, CLAIM_ABORTED,
     "Mallory flipped one bit of the server's Finished record: its tag fails under the "
     "handshake key, and the client ends the handshake with bad_record_mac."},
    {6, false, HERE, T13_TAMPERED_HERE, CLAIM_ABORTED,
     "A Finished check fails, and the handshake ends with an alert."},
    {6, true, 0, 0, 0,
     "The teaching flow sends Finished messages only with --finished; TLS 1.3 always does, "
     "and derives the application traffic secrets from the transcript up to the server's "
     "Finished."},

    /* 7: application keys and the request */
    {7, false, 0, GONE | HERE, CLAIM_ENCRYPTED | CLAIM_CONFIDENTIAL,
     "From the master secret each side has derived the application traffic secrets. The "
     "client encrypts its request with ChaCha20-Poly1305 under the client application key: "
     "the nonce is the IV XOR the record's sequence number, the record header is the "
     "additional data, and the real content type hides inside. The server opens and "
     "authenticates it. Eve holds every record and reads none."},
    {7, false, HERE | T13_TAMPERED_HERE, 0, CLAIM_ENCRYPTED,
     "Mallory flipped one bit of the encrypted request: its tag fails under the client "
     "application key, and the server refuses the record with a bad_record_mac alert and "
     "closes the connection."},
    {7, true, 0, 0, 0,
     "Unlike the teaching flow, no nonce travels with the record: both sides count records "
     "and XOR the count into the IV. The 5-byte header says application_data for every "
     "protected record, whatever it holds."},

    /* 8: the reply */
    {8, false, T13_COMPLETED, GONE, CLAIM_COMPLETED | CLAIM_ENCRYPTED | CLAIM_CONFIDENTIAL,
     "The server answers under the server application key, and the client opens and "
     "authenticates the reply. Then each side sends a close_notify alert, encrypted like the "
     "data, and the connection ends cleanly."},
    {8, false, HERE | T13_TAMPERED_HERE, 0, CLAIM_ENCRYPTED,
     "Mallory flipped one bit of the encrypted reply: the client refuses it with a "
     "bad_record_mac alert and closes the connection."},
    {8, false, T13_FS_HELD, 0, CLAIM_FS_HELD,
     "After the session the server's long-term key leaks to Eve. She tries it on her "
     "recording and opens nothing: it only ever signed, and the X25519 private keys that "
     "made the secrets were wiped at stage 4. Forward secrecy held."},
    {8, true, 0, 0, 0,
     "In the teaching flow's key transport a leaked server key opens every recorded "
     "session; in TLS 1.3 it opens none. tlssim speaks this same TLS 1.3 over the network "
     "too: tlssim connect and tlssim serve."},
};

/* The text for a stage the run never reached. */
static const char gone_text[] =
    "Nothing happens at this stage: the handshake was aborted earlier.";
static const char closed_text[] =
    "Nothing more happens: the connection was closed with an alert at an earlier stage.";

const char *stage_text_tls13_name(int stage)
{
    return stage >= 1 && stage <= 8 ? names[stage - 1] : NULL;
}

char *stage_text_tls13_compose(int stage, unsigned sit, unsigned teach_sit, bool real,
                               unsigned *claims)
{
    struct bytes out = {0};

    *claims = 0;
    if (!real && (sit & T13_ABORTED_BEFORE) && !(stage == 8 && (sit & T13_FS_HELD))) {
        *claims = (sit & T13_ALERT) ? 0 : CLAIM_ABORTED;
        return xstrdup((sit & T13_ALERT) ? closed_text : gone_text);
    }
    if (stage == 1 && !real) {
        char *teach = stage_text_compose(1, teach_sit, false, claims);
        bytes_append(&out, teach, strlen(teach));
        free(teach);
    }
    stage_text_join(fragments, sizeof fragments / sizeof fragments[0], stage, sit, real, 0, &out,
                    claims);
    bytes_append_byte(&out, 0);
    return (char *)out.data;
}
