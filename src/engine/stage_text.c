/*
 * stage_text.c - narration for the eight stages of the key-transport flow.
 */
#include "engine/stage_text.h"

#include <stddef.h>

static const struct stage_text stages[8] = {
    {"keypair",
     "Before any client shows up, the server makes its long-term keypair. The private key "
     "stays on the server for good; the public key may be handed to anyone. A bare public key "
     "proves nothing about who owns it, so the server puts it, with its name, into a "
     "certificate signing request (CSR) and signs that with the private key. The certificate "
     "authority checks the signature (proof that the requester holds the key) and issues a "
     "certificate: the CA's own signature over the server's name and public key.",
     "Real servers do this once, offline: openssl genpkey, openssl req, and a CA such as "
     "Let's Encrypt that first makes sure you control the domain. Most use RSA or ECDSA keys; "
     "tlssim uses Ed25519 because libsodium has no RSA."},
    {"client hello",
     "The client opens the conversation. It sends 32 fresh random bytes (the client random), "
     "the cipher suites it can use in order of preference, and the name of the server it "
     "wants. Nothing here is secret: anyone on the wire reads all of it.",
     "A real ClientHello also carries a session id and many extensions (supported groups, "
     "signature algorithms, ALPN). TLS 1.3 sends the client's key share right here."},
    {"server hello",
     "The server answers with its own random bytes and the suite it picked from the client's "
     "list, then sends its certificate. The client checks the certificate before believing a "
     "word of it: is it issued by a CA in the client's trust store, does the CA's signature "
     "verify, does it name the server the client asked for, and is it valid today? Only then "
     "does the public key inside count as the server's.",
     "Real servers send a chain (their certificate plus intermediates), and clients also "
     "check revocation, key usage and certificate transparency. In TLS 1.3 the certificate "
     "travels already encrypted."},
    {"session key",
     "The client makes a fresh random 32-byte session key. Public-key cryptography is slow "
     "and only fits small messages, so it will be used once, to move this small key; all the "
     "data after that goes under a fast symmetric cipher. From the session key and both "
     "randoms the client derives two traffic keys, one for each direction.",
     "In TLS 1.2 with RSA key exchange this secret is the 48-byte premaster secret; the PRF "
     "turns it and both randoms into the master secret and then into keys. TLS 1.3 uses an "
     "HKDF key schedule over an (EC)DHE secret. tlssim derives its keys with BLAKE2b."},
    {"key exchange",
     "The client wraps the session key for the server: it seals it with the public key from "
     "the certificate, so that only the matching private key can open it. libsodium has no "
     "RSA, so a sealed box (X25519 + XSalsa20-Poly1305) plays the part RSA encryption plays "
     "in TLS 1.2's RSA key exchange; the certificate's Ed25519 key is converted to its X25519 "
     "form for it. One keypair both signs (the CSR) and opens (this box), as an RSA key can.",
     "This is TLS 1.2's ClientKeyExchange with RSA. TLS 1.3 dropped RSA key transport: it has "
     "no forward secrecy, because whoever steals the server's key later can open every "
     "recorded wrap. Real deployments also keep signing and decryption keys apart, so that an "
     "attack on one use cannot be turned against the other."},
    {"unwrap",
     "The server opens the sealed box with its private key and gets the same session key, "
     "then derives the same two traffic keys. Both sides now share a secret that never "
     "crossed the wire in the clear; the eavesdropper saw only the sealed box.",
     "Real TLS now exchanges Finished messages: a MAC over the whole handshake transcript "
     "under the new keys. It proves both sides saw the same messages and catches anyone who "
     "edited the hellos. In tlssim they are off unless --finished turns them on."},
    {"encrypt",
     "The client encrypts its request under its traffic key with an AEAD cipher. The "
     "ciphertext hides the content; the 16-byte tag lets the server detect any change to it "
     "or to the record header. A fresh nonce travels with each record.",
     "Real TLS records use a sequence number instead of a random nonce on the wire (TLS 1.3 "
     "mixes it into a per-connection IV) and run AES-GCM or ChaCha20-Poly1305."},
    {"decrypt",
     "The server checks the tag and decrypts the request, then answers under its own traffic "
     "key; the client checks and decrypts the answer. The eavesdropper holds every byte of "
     "both records and still reads neither.",
     "Real connections go on exchanging records, may update their keys, and end with a "
     "close_notify alert."},
};

/* Where the ephemeral (TLS 1.3 style) flow differs; NULL entries fall back
 * to the key-transport text. */
static const struct stage_text ephemeral_stages[8] = {
    {NULL, NULL, NULL},
    {"client hello",
     "The client opens the conversation with its random, its cipher suites and the server "
     "name, and this time also a key share: the public half of an X25519 keypair it made "
     "for this connection alone. Everyone on the wire reads all of it; a public share is "
     "useless without its private half.",
     "This is how a TLS 1.3 ClientHello looks: the key_share extension carries the client's "
     "(EC)DHE share right away, so the handshake needs one round trip less than TLS 1.2."},
    {"server hello",
     "The server answers with its random, its chosen suite and its certificate, and sends "
     "its own fresh key share signed with its long-term key. The client checks the "
     "certificate as before, then checks the signature on the share: only the real server "
     "could have made it, so nobody on the wire can swap the share for their own.",
     "TLS 1.2 with ECDHE signs the share in ServerKeyExchange; TLS 1.3 puts the share in the "
     "ServerHello and signs the whole transcript in CertificateVerify."},
    {"session key",
     "Each side combines its own ephemeral private key with the other's public share "
     "(X25519, crypto_kx) and both arrive at the same shared secret, though it never "
     "crossed the wire. The client derives its traffic keys at once and wipes its "
     "ephemeral private key.",
     "TLS 1.3 feeds the (EC)DHE secret into an HKDF key schedule that also mixes in the "
     "transcript hash; tlssim derives its keys with BLAKE2b from the secret and both "
     "randoms."},
    {"key exchange",
     "Nothing secret crosses the wire at this stage: the key agreement already happened. "
     "This is the point of the ephemeral flow. The long-term key only ever signed; it never "
     "protected the secret, so stealing it later opens nothing.",
     "TLS 1.3 has no ClientKeyExchange at all. Because every connection uses fresh shares, "
     "a later theft of the server's key does not expose recorded sessions: forward "
     "secrecy."},
    {"unwrap",
     "There is nothing to unwrap: the server derives the same traffic keys from the shared "
     "secret and both randoms, then wipes its ephemeral private key too. From now on "
     "nobody, the server included, can recompute this connection's secret.",
     "Real TLS now exchanges Finished messages, MACs over the transcript, which also bind "
     "the signed share to everything else the two sides said."},
    {NULL, NULL, NULL},
    {NULL, NULL, NULL},
};

const struct stage_text *stage_text_get(int stage, bool ephemeral)
{
    if (stage < 1 || stage > 8)
        return NULL;
    if (ephemeral && ephemeral_stages[stage - 1].narration != NULL)
        return &ephemeral_stages[stage - 1];
    return &stages[stage - 1];
}
