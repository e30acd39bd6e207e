/*
 * fact.c - the table of check ids and the names of outcomes and claims.
 */
#include "engine/fact.h"

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

const char *fact_outcome_name(enum fact_outcome outcome)
{
    switch (outcome) {
    case FACT_PASS: return "pass";
    case FACT_FAIL: return "fail";
    case FACT_NOT_CHECKED: return "not_checked";
    }
    return "?";
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
