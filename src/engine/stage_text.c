/*
 * stage_text.c - the narration of the eight stages, fragment by fragment.
 *
 * A fragment is shown when every bit of `need` is set in the run's
 * situation and none of `deny` is; `claims` lists what its sentences
 * assert (fact.h), which the what-if matrix test holds against the result.
 */
#include "engine/stage_text.h"

#include "base/bytes.h"
#include "engine/fact.h"

#include <string.h>

static const char *const names[8] = {
    "keypair", "client hello", "server hello", "session key",
    "key exchange", "unwrap", "encrypt", "decrypt",
};

#define GONE (SIT_ABORTED_BEFORE)

static const struct stage_fragment fragments[] = {
    /* 1: keypair */
    {1, false, SIT_CA_ISSUED | SIT_ABORTED_HERE, SIT_TAMPERED_HERE, CLAIM_ABORTED,
     "Before any client shows up, the server asks a certificate authority for a "
     "certificate, and the CA issues none."},
    {1, false, SIT_CA_ISSUED | SIT_ABORTED_HERE | SIT_TAMPERED_HERE, 0,
     CLAIM_KEY_MADE | CLAIM_ABORTED,
     "Before any client shows up, the server makes its long-term keypair, puts the public "
     "key with its name into a certificate signing request (CSR) and signs that with the "
     "private key. The request reaches the certificate authority changed: the CA checks the "
     "signature (proof that the requester holds the key), it does not verify, and the CA "
     "issues nothing."},
    {1, false, SIT_CA_ISSUED, SIT_ABORTED_HERE, CLAIM_KEY_MADE | CLAIM_CA_ISSUED,
     "Before any client shows up, the server makes its long-term keypair. The private key "
     "stays on the server for good; the public key may be handed to anyone. A bare public key "
     "proves nothing about who owns it, so the server puts it, with its name, into a "
     "certificate signing request (CSR) and signs that with the private key. The certificate "
     "authority checks the signature (proof that the requester holds the key) and issues a "
     "certificate: the CA's own signature over the server's name and public key."},
    {1, false, SIT_CHAIN | SIT_CA_ISSUED, SIT_ABORTED_HERE, CLAIM_CRL_FETCHED,
     "Here the signer is an intermediate: the root CA, kept offline, first signed a "
     "certificate for the intermediate's own key, and the intermediate signs the server's. "
     "The intermediate also publishes a certificate revocation list (CRL), signed with its "
     "key, and the client fetches it."},
    {1, false, SIT_CHAIN | SIT_CA_ISSUED, SIT_SENDS_INTERMEDIATE | SIT_ABORTED_HERE, 0,
     "The server is set up with its own certificate alone, not the full chain: it will not "
     "send the intermediate's."},
    {1, false, SIT_SELF_SIGNED, 0, CLAIM_KEY_MADE,
     "Before any client shows up, the server makes its long-term keypair, and then skips the "
     "certificate authority: it signs a certificate for its own name with its own private key "
     "(what `openssl req -x509` does). No signing request goes anywhere. The certificate is "
     "well-formed, but nobody the client trusts vouches for it."},
    {1, false, SIT_BARE_KEY, 0, CLAIM_KEY_MADE | CLAIM_BARE_KEY,
     "Before any client shows up, the server makes its long-term keypair. The private key "
     "stays on the server for good; the public key may be handed to anyone. In this run "
     "nobody certifies it: no signing request, no CA, no certificate. The server will hand "
     "out its bare public key, which says nothing about who owns it."},
    {1, false, SIT_LOADED, 0, CLAIM_KEY_LOADED,
     "The server makes no keypair in this run: it loads its private key from private.key and "
     "its certificate from certificate.crt, files that `tlssim files` (or openssl) wrote "
     "earlier, and the client's trust store gets the CA's root certificate from ca.crt. No "
     "signing request is sent: the CA signed this certificate when the files were made."},
    {1, false, SIT_LOADED | SIT_CHAIN | SIT_SENDS_INTERMEDIATE, SIT_ABORTED_HERE,
     CLAIM_CRL_FETCHED,
     "The set has a chain: the server also loads intermediate.crt, the certificate of the "
     "intermediate CA that signed its own, to send after it, and the client gets that "
     "intermediate's revocation list from crl.pem."},
    {1, false, SIT_LOADED | SIT_CHAIN, SIT_SENDS_INTERMEDIATE | SIT_ABORTED_HERE,
     CLAIM_CRL_FETCHED,
     "The set has a chain, but the server is set up with certificate.crt alone: it will not "
     "send intermediate.crt. The client gets the intermediate's revocation list from "
     "crl.pem."},
    {1, false, SIT_ONE_SIDE, 0, 0,
     "Before this connection the server got its keypair and certificate; this side cannot "
     "see how. What the client settles here is whom it trusts: a CA certificate it was "
     "given, or the one the server offers, once its fingerprint checks out or the student "
     "confirms it. The lines above say which."},
    {1, false, SIT_NEW_KEY_CA, 0, CLAIM_KEY_MADE | CLAIM_CA_ISSUED,
     "For this connection's what-if the server leaves the certificate of its files aside: "
     "when the student says HELLO it makes a fresh long-term keypair, signs a certificate "
     "signing request (CSR) with it, and a certificate authority on this machine issues the "
     "certificate of the what-if."},
    {1, false, SIT_NEW_KEY_SELF, 0, CLAIM_KEY_MADE,
     "For this connection's what-if the server leaves the certificate of its files aside: "
     "when the student says HELLO it makes a fresh long-term keypair and signs a certificate "
     "for its own name with it. No certificate authority vouches for it."},
    {1, false, SIT_MITM, 0, 0,
     "Mallory prepares too: her own keypair, and a certificate for the server's name that "
     "she signs herself, since no CA the client trusts would issue her one."},
    {1, true, 0, SIT_LOADED, 0,
     "Real servers do this once, offline: openssl genpkey, openssl req, and a CA such as "
     "Let's Encrypt that first makes sure you control the domain. Most use RSA or ECDSA keys; "
     "tlssim uses Ed25519 because libsodium has no RSA."},
    {1, true, SIT_LOADED, 0, 0,
     "Real servers load their key and certificate chain from files just like this, at start "
     "up; the files were made once, offline (openssl genpkey, openssl req, and a CA). Most "
     "use RSA or ECDSA keys; tlssim uses Ed25519 because libsodium has no RSA."},

    /* 2: client hello */
    {2, false, 0, SIT_EPHEMERAL | GONE, 0,
     "The client opens the conversation. It sends 32 fresh random bytes (the client random), "
     "the cipher suites it can use in order of preference, and the name of the server it "
     "wants. Nothing here is secret: anyone on the wire reads all of it."},
    {2, false, SIT_EPHEMERAL, GONE, 0,
     "The client opens the conversation with its random, its cipher suites and the server "
     "name, and this time also a key share: the public half of an X25519 keypair it made "
     "for this connection alone. Everyone on the wire reads all of it; a public share is "
     "useless without its private half."},
    {2, false, SIT_DOWNGRADE, GONE, 0,
     "Mallory deletes the strong suites from the offer before it reaches the server. Nothing "
     "in the hello is protected, so the server cannot tell that the client offered more."},
    {2, true, 0, SIT_EPHEMERAL, 0,
     "A real ClientHello also carries a session id and many extensions (supported groups, "
     "signature algorithms, ALPN). TLS 1.3 sends the client's key share right here."},
    {2, true, SIT_EPHEMERAL, 0, 0,
     "The rest of this flow is TLS 1.2 with ECDHE, where the client sends its share only "
     "later, in ClientKeyExchange. Sending it in the hello is TLS 1.3's placement (the "
     "key_share extension), which saves a round trip."},
    {2, true, SIT_DOWNGRADE, 0, 0,
     "Browsers never offered suites that encrypt nothing. The real downgrade attacks forced "
     "weak EXPORT suites (FREAK, Logjam) or an older protocol version (POODLE); TLS 1.3 "
     "writes a downgrade sentinel into the server random to stop them."},

    /* 3: server hello */
    {3, false, 0, SIT_BARE_KEY | SIT_CHAIN | GONE, CLAIM_CERT_SENT,
     "The server answers with its own random bytes and the suite it picked from the client's "
     "list, then sends its certificate. The client checks the certificate before believing a "
     "word of it: is it issued by a CA in the client's trust store, does the CA's signature "
     "verify, does it name the server the client asked for, and is it valid today? Only then "
     "does the public key inside count as the server's."},
    {3, false, SIT_CHAIN | SIT_SENDS_INTERMEDIATE, SIT_BARE_KEY | GONE,
     CLAIM_CERT_SENT | CLAIM_INTERMEDIATE_SENT,
     "The server answers with its own random bytes and the suite it picked, then sends its "
     "certificate and, after it, the certificate of the intermediate that signed it: the "
     "client trusts only the root, so it needs that link. The client builds the path from "
     "the server's certificate through the intermediate to the root in its trust store and "
     "checks every link: each signature, the dates, that every issuer is a CA "
     "(basicConstraints), key usage, the name it asked for, and the intermediate's "
     "revocation list. Only then does the public key inside count as the server's."},
    {3, false, SIT_CHAIN, SIT_SENDS_INTERMEDIATE | SIT_BARE_KEY | GONE, CLAIM_CERT_SENT,
     "The server answers with its own random bytes and the suite it picked, then sends its "
     "certificate alone, without the certificate of the intermediate that signed it (a "
     "common misconfiguration: cert.pem served instead of fullchain.pem). The client trusts "
     "only the root; it tries to build a path from the server's certificate up to it and "
     "has no certificate for the link in between."},
    {3, false, SIT_REVOKED, GONE, CLAIM_REVOKED,
     "The revocation list the client fetched names the server's certificate: the CA revoked "
     "it (say, after its private key leaked), so the other checks passing does not help."},
    {3, false, SIT_ISSUER_NOT_CA, GONE, CLAIM_ISSUER_NOT_CA,
     "The intermediate's own certificate lacks CA:TRUE: the root let that key identify "
     "itself, not vouch for others, so a certificate it signed proves nothing. Clients that "
     "skipped this check once took any site's certificate signed with an ordinary one (the "
     "old basicConstraints attack)."},
    {3, false, SIT_BARE_KEY, GONE, CLAIM_BARE_KEY,
     "The server answers with its own random bytes and the suite it picked, then sends its "
     "bare public key. There is nothing for the client to check: no certificate, no "
     "signature, no name. It takes the key on faith, as it would take anyone's."},
    {3, false, SIT_EPHEMERAL, GONE, 0,
     "In this flow the server also sends a fresh X25519 key share, signed with its long-term "
     "key over the client random, the server random and the share (TLS 1.2's "
     "ServerKeyExchange); the client checks that signature with the key it received."},
    {3, false, SIT_CLEAR, GONE, CLAIM_DOWNGRADED,
     "The suite the server picked encrypts nothing: only the legacy suite was left in the "
     "offer it received."},
    {3, false, SIT_ABORTED_HERE | SIT_CERT_REJECTED, 0, CLAIM_ABORTED,
     "Here the checks fail, and the client stops, as a browser does with its full-page "
     "warning: it sends nothing that depends on this key."},
    {3, false, SIT_ABORTED_HERE, SIT_CERT_REJECTED, CLAIM_ABORTED,
     "Here a check fails, and the client stops."},
    {3, false, SIT_OVERRIDDEN | SIT_MITM_RELAY, 0, CLAIM_MITM_RELAY,
     "Here the checks fail, and the user clicks past the warning: the client now takes the "
     "key in Mallory's certificate for the server's."},
    {3, false, SIT_OVERRIDDEN, SIT_MITM_RELAY, 0,
     "Here the checks fail, and the user clicks past the warning: the client goes on with a "
     "key that nobody it trusts vouches for."},
    {3, false, SIT_BARE_KEY | SIT_MITM_RELAY, 0, CLAIM_MITM_RELAY,
     "The bare key the client takes is Mallory's: she swapped it on the way, and nothing "
     "lets the client notice."},
    {3, true, SIT_CHAIN, SIT_EPHEMERAL, 0,
     "Real servers send a chain as here, usually one or two intermediates; the root is not "
     "sent, clients have it already. Browsers rarely fetch CRLs, which grow large: they use "
     "revocation lists they push themselves, OCSP stapling and short-lived certificates, "
     "and also check certificate transparency. In TLS 1.3 the certificates travel already "
     "encrypted."},
    {3, true, 0, SIT_EPHEMERAL | SIT_CHAIN, 0,
     "Real servers send a chain (their certificate plus intermediates), and clients also "
     "check revocation, key usage and certificate transparency. In TLS 1.3 the certificate "
     "travels already encrypted."},
    {3, true, SIT_EPHEMERAL, 0, 0,
     "TLS 1.2 with ECDHE signs client random, server random and share in ServerKeyExchange, "
     "as here. TLS 1.3 puts the share in the ServerHello and signs a hash of the whole "
     "transcript in CertificateVerify, so a change to either hello breaks the signature at "
     "once. Here the signature covers the randoms and the share only, not the suite list, "
     "which is why a downgrade goes unnoticed without --finished."},

    /* 4: session key */
    {4, false, 0, SIT_EPHEMERAL | GONE, 0,
     "The client makes a fresh random 32-byte session key. Public-key cryptography is slow "
     "and only fits small messages, so it will be used once, to move this small key; all the "
     "data after that goes under a fast symmetric cipher. From the session key and both "
     "randoms the client derives two traffic keys, one for each direction."},
    {4, false, SIT_EPHEMERAL, GONE, 0,
     "Each side combines its own ephemeral private key with the other's public share "
     "(X25519), and both arrive at the same result, though it never crossed the wire. "
     "crypto_kx then hashes that result with both public shares: the shared secret shown is "
     "bytes 32-63 of BLAKE2b-512(X25519 result || client share || server share), not the raw "
     "X25519 output. The "
     "client derives its traffic keys at once and wipes its ephemeral private key."},
    {4, true, 0, 0, 0,
     "TLS 1.2 turns the premaster secret (48 bytes with RSA key exchange) and both randoms "
     "into a master secret and then keys with its PRF; TLS 1.3 uses an HKDF key schedule "
     "that also mixes in the transcript hash. tlssim's derivation: BLAKE2b-512 keyed with "
     "the 32-byte secret over \"tlssim key expansion\" || client random || server random; "
     "bytes 0-31 are the client write key, bytes 32-63 the server write key. The Finished "
     "key is BLAKE2b-256 with the same key over \"tlssim finished key\" || client random || "
     "server random."},

    /* 5: key exchange */
    {5, false, 0, SIT_EPHEMERAL | SIT_MITM_RELAY | GONE, CLAIM_SERVER_KEY_USED,
     "The client wraps the session key for the server: it seals it with the server's public "
     "key, so that only the matching private key can open it. libsodium has no RSA, so a "
     "sealed box (X25519 + XSalsa20-Poly1305) plays the part RSA encryption plays in TLS "
     "1.2's RSA key exchange; the server's Ed25519 key is converted to its X25519 form for "
     "it. One keypair both signs and opens (this box), as an RSA key can."},
    {5, false, SIT_MITM_RELAY, SIT_EPHEMERAL | GONE, CLAIM_MITM_RELAY,
     "The client seals the session key for the key it was given, which is Mallory's. Her "
     "private key opens the box, so she now holds the session key; she seals it again for "
     "the real server's key and passes it on. Neither side can tell."},
    {5, false, SIT_EPHEMERAL, SIT_MITM_RELAY | GONE, 0,
     "Nothing secret crosses the wire at this stage: the key agreement already happened. "
     "This is the point of the ephemeral flow. The long-term key only signed; it never "
     "protected the secret, so stealing it later opens nothing."},
    {5, false, SIT_EPHEMERAL | SIT_MITM_RELAY, GONE, CLAIM_MITM_RELAY,
     "Nothing crosses the wire at this stage, but the key agreement went through Mallory: "
     "the client agreed a secret with her share, the server with her other share, and she "
     "holds both."},
    {5, false, SIT_FINISHED, GONE, 0,
     "The client also sends Finished: an HMAC-SHA-256, under the Finished key, over \"client "
     "finished\" || SHA-256 of every handshake message as the client saw them."},
    {5, true, 0, SIT_EPHEMERAL, 0,
     "This is TLS 1.2's ClientKeyExchange with RSA (PKCS#1 v1.5 encryption). TLS 1.3 dropped "
     "RSA key transport: it has no forward secrecy, because whoever steals the server's key "
     "later can open every recorded wrap. The sealed box here makes a throw-away X25519 "
     "keypair, and its nonce is BLAKE2b of the two public keys, so no nonce travels. Real "
     "deployments keep signing and decryption keys apart: RFC 8410 forbids using an Ed25519 "
     "key for anything but signatures, and an RSA certificate meant for key transport says "
     "so with keyEncipherment in its key usage."},
    {5, true, SIT_EPHEMERAL, 0, 0,
     "TLS 1.3 has no ClientKeyExchange at all (TLS 1.2 with ECDHE sends the client's share "
     "in it). Because every connection uses fresh shares, a later theft of the server's key "
     "does not expose recorded sessions: forward secrecy."},

    /* 6: unwrap */
    {6, false, 0, SIT_EPHEMERAL | SIT_MITM_RELAY | SIT_HELLO_CHANGED | GONE | SIT_ABORTED_HERE,
     CLAIM_SECRET_AGREED | CLAIM_SERVER_KEY_USED,
     "The server opens the sealed box with its private key and gets the same session key, "
     "then derives the same two traffic keys. Both sides now share a secret that never "
     "crossed the wire in the clear; the eavesdropper saw only the sealed box."},
    {6, false, SIT_HELLO_CHANGED, SIT_EPHEMERAL | GONE | SIT_ABORTED_HERE, 0,
     "The server opens the sealed box and gets the client's session key, but the client "
     "random it mixes in was changed on the way: its traffic keys differ from the client's, "
     "and nothing has told either side yet."},
    {6, false, SIT_MITM_RELAY, SIT_EPHEMERAL | GONE | SIT_ABORTED_HERE, CLAIM_MITM_RELAY,
     "The server opens the box Mallory sealed again for it and gets the session key the "
     "client chose. It derives the same traffic keys as the client, and so does Mallory."},
    {6, false, SIT_EPHEMERAL, SIT_MITM_RELAY | SIT_HELLO_CHANGED | GONE | SIT_ABORTED_HERE,
     CLAIM_SECRET_AGREED,
     "There is nothing to unwrap: the server derives the same traffic keys from the shared "
     "secret and both randoms, then wipes its ephemeral private key too. From now on "
     "nobody, the server included, can recompute this connection's secret."},
    {6, false, SIT_EPHEMERAL | SIT_MITM_RELAY, GONE | SIT_ABORTED_HERE, CLAIM_MITM_RELAY,
     "The server derives its traffic keys from the secret it shares with Mallory, not with "
     "the client, and wipes its ephemeral private key."},
    {6, false, SIT_ABORTED_HERE, GONE, CLAIM_ABORTED,
     "Here a check fails: a message of the handshake was changed on the way, and the side "
     "that sees it aborts before any data is sent."},
    {6, true, 0, SIT_EPHEMERAL, 0,
     "Real TLS now exchanges Finished messages: a MAC over the whole handshake transcript "
     "under the new keys. It proves both sides saw the same messages and catches anyone who "
     "edited the hellos. In tlssim they are off unless --finished turns them on."},
    {6, true, SIT_EPHEMERAL, 0, 0,
     "Real TLS now exchanges Finished messages, MACs over the transcript, which also bind "
     "the signed share to everything else the two sides said. In tlssim they are off unless "
     "--finished turns them on."},

    /* 7: encrypt */
    {7, false, 0, SIT_CLEAR | GONE | SIT_MITM_RELAY, CLAIM_ENCRYPTED,
     "The client encrypts its request under its traffic key with an AEAD cipher. The "
     "ciphertext hides the content from anyone without the key; the 16-byte tag lets the "
     "server detect any change to it or to the frame header, which is the associated data. "
     "A fresh random nonce travels in front of each record."},
    {7, false, SIT_MITM_RELAY, SIT_CLEAR | GONE, CLAIM_ENCRYPTED | CLAIM_MITM_RELAY,
     "The client encrypts its request under its traffic key with an AEAD cipher, and "
     "Mallory holds that key: she decrypts the record as it passes, and encrypts it again "
     "under the key she shares with the server."},
    {7, false, SIT_CLEAR, GONE, CLAIM_IN_CLEAR | CLAIM_DOWNGRADED,
     "The negotiated legacy suite encrypts nothing: the request goes IN THE CLEAR, with only "
     "an HMAC-SHA-256 to show that it was not changed. Anyone on the wire reads it."},
    {7, false, SIT_READ, GONE, CLAIM_READ_BY_ATTACKER,
     "The attacker has read the request."},
    {7, false, SIT_APP_LAYER, GONE | SIT_READ, CLAIM_CONFIDENTIAL,
     "Inside, the application's own AES-256-GCM layer still hides the message from anyone "
     "without the application key."},
    {7, true, 0, 0, 0,
     "TLS 1.2 with AES-GCM sends an 8-byte explicit nonce and puts the sequence number in "
     "the additional data; TLS 1.3, and ChaCha20-Poly1305 in TLS 1.2, XOR the sequence "
     "number into a per-connection IV, so no nonce travels; as the number goes into the "
     "nonce, a record repeated or replayed opens under the wrong nonce and fails "
     "(bad_record_mac). tlssim's records carry a random nonce and no number: only the order "
     "of the flow can tell a copy. XChaCha20-Poly1305, tlssim's "
     "default, is in no TLS version: TLS runs ChaCha20-Poly1305 with a 12-byte nonce (RFC "
     "7905, RFC 8446). Real records also start with a 5-byte header (type, version, "
     "length), and there is no ChangeCipherSpec, ServerHelloDone or alert here. tlssim's "
     "record: the 4-byte frame header (type, 3-byte length) is the associated data, then "
     "one byte of nonce length, the nonce (24 bytes, or 12 for AES-256-GCM), the ciphertext "
     "and the tag."},

    /* 8: decrypt */
    {8, false, SIT_COMPLETED, SIT_CLEAR | SIT_MITM_RELAY, CLAIM_COMPLETED,
     "The server checks the tag and decrypts the request, then answers under its own traffic "
     "key; the client checks and decrypts the answer."},
    {8, false, SIT_COMPLETED, SIT_READ | SIT_MITM_RELAY | SIT_CLEAR | SIT_FS_BROKEN,
     CLAIM_CONFIDENTIAL,
     "The eavesdropper holds every byte of both records and still reads neither."},
    {8, false, SIT_COMPLETED | SIT_CLEAR, SIT_MITM_RELAY, CLAIM_COMPLETED | CLAIM_IN_CLEAR,
     "The server checks the HMAC and reads the request, then answers; the client reads the "
     "answer. Both records crossed the wire in the clear."},
    {8, false, SIT_COMPLETED | SIT_MITM_RELAY, 0, CLAIM_COMPLETED | CLAIM_MITM_RELAY,
     "The server checks the tag and reads the request, then answers; the client reads the "
     "answer. Both ends are content, and both are wrong: every record went through Mallory, "
     "who opened it and protected it again for the other side."},
    {8, false, SIT_COMPLETED | SIT_READ, SIT_FS_BROKEN, CLAIM_READ_BY_ATTACKER,
     "The attacker read the data as well."},
    {8, false, SIT_COMPLETED | SIT_APP_LAYER, SIT_READ, CLAIM_CONFIDENTIAL,
     "Whoever opened the TLS records found only the application's own AES-256-GCM "
     "ciphertext in Base64."},
    {8, false, SIT_ALERT, GONE, 0,
     "A record's tag does not verify: it was changed on the way, or made under other keys. "
     "The handshake itself had completed; what fails is one record. Real TLS answers with a "
     "fatal bad_record_mac alert and closes the connection, and so does the receiver here."},
    {8, false, SIT_FS_BROKEN, 0, CLAIM_FS_BROKEN,
     "After the session the server's long-term key leaks. Eve opens the wrapped session key "
     "she recorded at stage 5 with it, derives the traffic keys, and opens every recorded "
     "record: key transport has no forward secrecy."},
    {8, false, SIT_FS_HELD | SIT_CLEAR, 0, CLAIM_FS_HELD,
     "After the session the server's long-term key leaks. It opens nothing: it only ever "
     "signed, and the ephemeral private keys were wiped. Forward secrecy held, but it "
     "protected nothing here: the legacy suite had sent the data in the clear."},
    {8, false, SIT_FS_HELD, SIT_CLEAR, CLAIM_FS_HELD,
     "After the session the server's long-term key leaks. It opens nothing: it only ever "
     "signed, and the ephemeral private keys that made the secret were wiped at stages 4 "
     "and 6. The recording stays sealed: forward secrecy."},
    {8, true, 0, SIT_ALERT, 0,
     "Real connections go on exchanging records, may update their keys, and end with a "
     "close_notify alert."},
    {8, true, SIT_ALERT, 0, 0,
     "After a bad_record_mac alert nothing more is read on that connection; the client must "
     "start a new handshake."},
};

/* The text for a stage the run never reached. */
static const char gone_text[] =
    "Nothing happens at this stage: the handshake was aborted earlier.";

void stage_text_join(const struct stage_fragment *list, size_t count, int stage, unsigned sit,
                     bool real, unsigned unknown, struct bytes *out, unsigned *claims)
{
    for (size_t i = 0; i < count; i++) {
        const struct stage_fragment *f = &list[i];
        if (f->stage != stage || f->real != real || (sit & f->need) != f->need ||
            (sit & f->deny) != 0 || (f->claims & unknown) != 0)
            continue;
        if (out->len > 0)
            bytes_append_byte(out, ' ');
        bytes_append(out, f->text, strlen(f->text));
        *claims |= f->claims;
    }
}

const char *stage_text_name(int stage)
{
    return stage >= 1 && stage <= 8 ? names[stage - 1] : NULL;
}

char *stage_text_compose(int stage, unsigned sit, bool real, unsigned *claims)
{
    return stage_text_compose_known(stage, sit, real, 0, claims);
}

char *stage_text_compose_known(int stage, unsigned sit, bool real, unsigned unknown,
                               unsigned *claims)
{
    struct bytes out = {0};

    *claims = 0;
    if (!real && (sit & SIT_ABORTED_BEFORE) && !(stage == 8 && (sit & (SIT_FS_HELD |
                                                                     SIT_FS_BROKEN)))) {
        *claims = CLAIM_ABORTED;
        return xstrdup(gone_text);
    }
    stage_text_join(fragments, sizeof fragments / sizeof fragments[0], stage, sit, real,
                    unknown, &out, claims);
    if (!real && out.len == 0 && (sit & SIT_ABORTED_BEFORE)) {
        *claims = CLAIM_ABORTED;
        return xstrdup(gone_text);
    }
    bytes_append_byte(&out, 0);
    return (char *)out.data;
}
