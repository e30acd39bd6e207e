/*
 * fact.c - the table of check ids and the names of outcomes and claims.
 */
#include "engine/fact.h"

#include "base/enum_name.h"

#include <string.h>

/* Every check any actor makes.  Add rows; never change what an id means. */
static const struct fact_check checks[] = {
    {"hello.client.decode", "ClientHello well-formed", false, true,
     "the server can decode the ClientHello"},
    {"suite.common", "common cipher suite", false, false,
     "the server runs one of the cipher suites the client offered"},
    {"hello.server.decode", "ServerHello well-formed", false, true,
     "the client can decode the ServerHello and knows the suite it names"},
    {"cert.decode", "certificate well-formed", false, true,
     "the certificate the client received decodes as X.509"},
    {"cert.issuer", "issuer trusted", false, true,
     "the certificate was issued by a CA in the client's trust store"},
    {"cert.signature", "signature valid", false, true,
     "the trusted issuer's signature over the certificate verifies"},
    {"cert.name", "host name matches", false, false,
     "the certificate names the host the client asked for"},
    {"cert.validity", "within validity dates", false, false,
     "the client's clock lies inside the certificate's validity period"},
    {"cert.chain", "path to a trusted root", false, false,
     "a path from the server's certificate through the certificates it sent reaches a root "
     "in the client's trust store"},
    {"cert.basic_constraints", "issuers are CAs (basicConstraints)", false, false,
     "every issuer on the path is marked CA:TRUE and no pathLenConstraint is exceeded"},
    {"cert.key_usage", "key usage allows it", false, false,
     "every issuer's key may sign certificates and the server's certificate may serve TLS"},
    {"cert.revocation", "not revoked", false, false,
     "no certificate on the path is on its issuer's current revocation list"},
    {"cert.key", "usable server key", false, true,
     "the key the client received is a valid Ed25519 point"},
    {"server.authenticated", "server authenticated", false, false,
     "something ties the key the client received to the server it asked for"},
    {"ske.signature", "key share signed by the server", false, true,
     "the server's Ed25519 signature over both randoms and its share verifies"},
    {"kx.shared_secret", "shared secret computed", false, true,
     "X25519 of the actor's ephemeral private key and the peer's share succeeds"},
    {"wrap.open", "sealed box opens", false, true,
     "the server opens the wrapped session key with its private key"},
    {"finished.client", "client Finished matches", false, true,
     "the client's Finished MAC equals the server's own over the handshake"},
    {"finished.server", "server Finished matches", false, true,
     "the server's Finished MAC equals the client's own over the handshake"},
    {"record.client_to_server", "record authentic", false, true,
     "the request's record tag verifies under the client write key"},
    {"record.server_to_client", "record authentic", false, true,
     "the reply's record tag verifies under the server write key"},
    {"payload.open", "application layer opens", false, true,
     "the application's own AES-256-GCM layer verifies under the application key"},
    {"csr.decode", "signing request well-formed", false, true,
     "the CA can decode the certificate signing request"},
    {"csr.possession", "proof of possession", false, true,
     "the CSR is signed by the key it asks a certificate for"},
    {"mitm.wrap.open", "open the wrapped session key", true, false,
     "Mallory opens the wrap the client sealed for the key in her certificate"},
    {"mitm.read", "read the application data", true, false,
     "Mallory decrypts a record with the keys she agreed with its sender"},
    {"eve.read", "read the application data", true, false,
     "Eve reads the recorded application data with what she holds"},
    {"eve.read_payload", "read the application's message", true, false,
     "the attacker reads the application's message inside the TLS plaintext"},
    {"leak.wrap.open", "open the recorded wrap", true, false,
     "with the leaked server key, Eve opens the wrapped session key she recorded"},
    /* real TLS 1.3 (--protocol tls13): the ids the tls13 connections report */
    {"tls13.ch.decode", "ClientHello well-formed", false, true,
     "the TLS 1.3 server can decode the ClientHello"},
    {"tls13.ch.version", "TLS 1.3 offered", false, true,
     "the ClientHello's supported_versions offers TLS 1.3 (0x0304)"},
    {"tls13.ch.suite", "common cipher suite", false, true,
     "the ClientHello offers TLS_CHACHA20_POLY1305_SHA256"},
    {"tls13.ch.compression", "no compression offered", false, true,
     "the ClientHello offers only the null compression method"},
    {"tls13.ch.sigalgs", "Ed25519 signatures accepted", false, true,
     "the ClientHello's signature_algorithms accept Ed25519"},
    {"tls13.ch.groups", "X25519 offered", false, true,
     "the ClientHello's supported_groups offer X25519"},
    {"tls13.ch.key_share", "key share sent", false, true,
     "the ClientHello carries a usable X25519 key share"},
    {"tls13.ch.retry", "second ClientHello consistent", false, true,
     "the ClientHello after a HelloRetryRequest keeps the session id"},
    {"tls13.ch.extension", "ClientHello extensions valid", false, true,
     "every extension of the ClientHello is well-formed"},
    {"tls13.ch.offer", "ClientHello offer", false, false,
     "the server can run what the ClientHello offers"},
    {"tls13.sh.decode", "ServerHello well-formed", false, true,
     "the client can decode the ServerHello"},
    {"tls13.sh.version", "TLS 1.3 chosen", false, true,
     "the ServerHello's supported_versions says TLS 1.3"},
    {"tls13.sh.downgrade", "no downgrade sentinel", false, true,
     "the server random does not end in the DOWNGRD sentinel"},
    {"tls13.sh.extension", "ServerHello extensions offered", false, true,
     "the ServerHello carries only extensions the client offered"},
    {"tls13.sh.suite", "offered suite chosen", false, true,
     "the ServerHello chooses the suite the client offered"},
    {"tls13.sh.echo", "session id echoed", false, true,
     "the ServerHello echoes the client's session id and names no compression"},
    {"tls13.sh.key_share", "server key share usable", false, true,
     "the ServerHello carries a 32-byte X25519 key share"},
    {"tls13.hrr.group", "HelloRetryRequest sensible", false, true,
     "a HelloRetryRequest asks for a group the client offered and did not already send"},
    {"tls13.ecdhe", "ECDHE secret usable", false, true,
     "X25519 of the actor's private key and the peer's share is not all zero"},
    {"tls13.ee.decode", "EncryptedExtensions well-formed", false, true,
     "the client can decode EncryptedExtensions"},
    {"tls13.ee.extension", "EncryptedExtensions allowed", false, true,
     "EncryptedExtensions carries only extensions allowed there"},
    {"tls13.ee.unasked", "EncryptedExtensions asked for", false, true,
     "EncryptedExtensions carries only extensions the client offered"},
    {"tls13.cert.decode", "certificate well-formed", false, true,
     "every certificate of the Certificate message decodes as X.509"},
    {"tls13.cert.key", "Ed25519 certificate", false, true,
     "the certificates hold and are signed with Ed25519 keys, which tlssim can check"},
    {"tls13.cert.chain", "path to a trusted root", false, true,
     "a path from the server's certificate reaches a CA in the client's trust store"},
    {"tls13.cert.signature", "signatures valid", false, true,
     "every signature on the path verifies"},
    {"tls13.cert.validity", "within validity dates", false, false,
     "the client's clock lies inside every validity period on the path"},
    {"tls13.cert.basic_constraints", "issuers are CAs (basicConstraints)", false, false,
     "every issuer on the path is marked CA:TRUE"},
    {"tls13.cert.key_usage", "key usage allows it", false, false,
     "the keys on the path may be used as they are"},
    {"tls13.cert.name", "host name matches", false, false,
     "the certificate names the host the client asked for"},
    {"tls13.cert.revocation", "not revoked", false, false,
     "no certificate on the path is on a revocation list at hand"},
    {"tls13.cv.decode", "CertificateVerify well-formed", false, true,
     "the client can decode CertificateVerify"},
    {"tls13.cv.scheme", "signature scheme offered", false, true,
     "CertificateVerify uses Ed25519, the scheme the client offered"},
    {"tls13.cv.signature", "CertificateVerify signature valid", false, true,
     "the server's Ed25519 signature over the transcript hash verifies with the certificate's key"},
    {"tls13.finished.decode", "Finished well-formed", false, true,
     "the Finished message has the length of an HMAC-SHA-256"},
    {"tls13.finished.server", "server Finished matches", false, true,
     "the server's Finished equals the HMAC the client computes over its own transcript"},
    {"tls13.finished.client", "client Finished matches", false, true,
     "the client's Finished equals the HMAC the server computes over its own transcript"},
    {"tls13.record.mac", "record authentic", false, true,
     "the protected record's Poly1305 tag verifies under the sender's traffic key (else bad_record_mac)"},
    {"tls13.record.length", "record length allowed", false, true,
     "the record is no longer than TLS 1.3 allows"},
    {"tls13.record.type", "record type expected", false, true,
     "the record's content type is one allowed at this point"},
    {"tls13.record.order", "record in order", false, true,
     "the record comes at a point of the handshake where it is allowed"},
    {"tls13.record.ccs", "ChangeCipherSpec allowed", false, true,
     "a change_cipher_spec record comes only where TLS 1.3 tolerates one"},
    {"tls13.record.empty", "handshake record not empty", false, true,
     "the handshake record carries bytes"},
    {"tls13.record.boundary", "keys change at a record boundary", false, true,
     "no handshake record runs on past a change of keys"},
    {"tls13.record.version", "record header valid", false, true,
     "the record header carries a TLS record version"},
    {"tls13.msg.order", "message in order", false, true,
     "each handshake message is the one expected at this point"},
    {"tls13.msg.length", "message length allowed", false, true,
     "the handshake message is no longer than tlssim takes"},
    {"tls13.alert.decode", "alert well-formed", false, true,
     "an alert record is two bytes"},
    {"tls13.keyupdate.decode", "KeyUpdate well-formed", false, true,
     "a KeyUpdate message has its one byte"},
    {"tls13.keyupdate.value", "KeyUpdate request valid", false, true,
     "a KeyUpdate asks for 0 or 1"},
    {"tls13.peer.closed", "peer still there", false, false,
     "the peer did not go away before the end"},
    {"tls13.hrr.check", "HelloRetryRequest sound", false, true,
     "a HelloRetryRequest keeps the version and suite, echoes the session id, asks for something new and comes only once"},
    {"tls13.hrr.second", "one HelloRetryRequest only", false, true,
     "the server asks to retry at most once per connection"},
    {"tls13.hrr.change", "HelloRetryRequest asks for a change", false, true,
     "a HelloRetryRequest names a group or a cookie, so the second hello differs"},
    {"tls13.hrr.transcript", "transcript restarted", false, false,
     "after a HelloRetryRequest the first ClientHello enters the transcript as a message_hash"},
    {"tls13.cr", "CertificateRequest", false, false,
     "the server asks for a client certificate, and the client answers without one"},
    {"tls13.cr.decode", "CertificateRequest well-formed", false, true,
     "the client can decode the CertificateRequest"},
    {"tls13.cr.sigalgs", "CertificateRequest names algorithms", false, true,
     "the CertificateRequest carries signature_algorithms"},
    {"tls13.check", "TLS 1.3 check", false, false,
     "a check of the TLS 1.3 code that this table has no row of its own for; the text names it"},
    {"leak.tls13.ecdhe", "rebuild the keys from the recording", true, false,
     "with the leaked server key, Eve rebuilds the handshake keys from the recorded hellos and opens a recorded record"},
};

const struct fact_check *fact_check_find(const char *id)
{
    for (size_t i = 0; i < sizeof checks / sizeof checks[0]; i++)
        if (strcmp(checks[i].id, id) == 0)
            return &checks[i];
    return NULL;
}

size_t fact_check_count(void)
{
    return sizeof checks / sizeof checks[0];
}

const struct fact_check *fact_check_at(size_t i)
{
    return i < fact_check_count() ? &checks[i] : NULL;
}

static const char *const outcome_words[] = {
    [FACT_PASS] = "pass",
    [FACT_FAIL] = "fail",
    [FACT_NOT_CHECKED] = "not_checked",
};

const char *fact_outcome_name(enum fact_outcome outcome)
{
    return enum_name(outcome_words, sizeof outcome_words / sizeof *outcome_words, outcome, "?");
}

bool fact_good_for_user(const char *id, enum fact_outcome outcome)
{
    const struct fact_check *c = fact_check_find(id);
    if (outcome == FACT_NOT_CHECKED)
        return false;
    return (outcome == FACT_PASS) != (c != NULL && c->attacker);
}

const char *fact_browser_code(const char *id)
{
    static const char *const codes[][2] = {
        {"cert.issuer", "NET::ERR_CERT_AUTHORITY_INVALID"},
        {"cert.signature", "NET::ERR_CERT_INVALID"},
        {"cert.name", "NET::ERR_CERT_COMMON_NAME_INVALID"},
        {"cert.validity", "NET::ERR_CERT_DATE_INVALID"},
        {"cert.decode", "NET::ERR_CERT_INVALID"},
        {"cert.key", "NET::ERR_CERT_INVALID"},
        {"cert.chain", "NET::ERR_CERT_AUTHORITY_INVALID"},
        {"cert.basic_constraints", "NET::ERR_CERT_INVALID"},
        {"cert.key_usage", "NET::ERR_CERT_INVALID"},
        {"cert.revocation", "NET::ERR_CERT_REVOKED"},
        {"tls13.cert.chain", "NET::ERR_CERT_AUTHORITY_INVALID"},
        {"tls13.cert.signature", "NET::ERR_CERT_INVALID"},
        {"tls13.cert.name", "NET::ERR_CERT_COMMON_NAME_INVALID"},
        {"tls13.cert.validity", "NET::ERR_CERT_DATE_INVALID"},
        {"tls13.cert.decode", "NET::ERR_CERT_INVALID"},
        {"tls13.cert.basic_constraints", "NET::ERR_CERT_INVALID"},
        {"tls13.cert.key_usage", "NET::ERR_CERT_INVALID"},
    };
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        if (strcmp(codes[i][0], id) == 0)
            return codes[i][1];
    return NULL;
}

const char *fact_claim_name(unsigned claim)
{
    static const char *const names[CLAIM_COUNT_BITS] = {
        "confidential", "read_by_attacker", "encrypted",    "in_clear",
        "ca_issued",    "key_made",         "key_loaded",   "cert_sent",
        "bare_key",     "server_key_used",  "mitm_relay",   "fs_held",
        "fs_broken",    "completed",        "aborted",      "downgraded",
        "secret_agreed", "intermediate_sent", "crl_fetched", "path_built",
        "revoked",       "issuer_not_ca",
    };
    for (unsigned i = 0; i < CLAIM_COUNT_BITS; i++)
        if (claim == 1u << i)
            return names[i];
    return NULL;
}
