/*
 * stage_text.c - narration for the eight stages of the key-transport flow.
 */
#include "stage_text.h"

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
     "edited the hellos. This simplified flow has no Finished message."},
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

const struct stage_text *stage_text_get(int stage)
{
    if (stage < 1 || stage > 8)
        return 0;
    return &stages[stage - 1];
}
