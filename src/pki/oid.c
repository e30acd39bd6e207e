/*
 * oid.c - the table of object identifiers tlssim can name.
 */
#include "pki/oid.h"

#include <stddef.h>
#include <string.h>

static const struct oid_info oids[] = {
    /* Name attributes and request attributes: first, as every certificate
     * read looks up the type of each part of two names, and the lookup
     * goes in order. */
    {OID_COMMON_NAME, "CN", "common name", 0},
    {"2.5.4.5", "serialNumber", "serial number of a person or device", 0},
    {"2.5.4.6", "C", "country", 0},
    {"2.5.4.7", "L", "locality (city)", 0},
    {"2.5.4.8", "ST", "state or province", 0},
    {OID_ORGANIZATION, "O", "organisation", 0},
    {"2.5.4.11", "OU", "organisational unit", 0},
    {"1.2.840.113549.1.9.1", "emailAddress", "an e-mail address", 0},
    {"0.9.2342.19200300.100.1.25", "DC", "domain component", 0},
    {"1.2.840.113549.1.9.7", "challengePassword", "a password for revoking the certificate "
     "later, in plain text", 0},
    {OID_EXTENSION_REQUEST, "extensionRequest", "the extensions the requester asks for", 0},
    /* Public key algorithms. */
    {OID_RSA, "rsaEncryption", "an RSA key (used with a padding scheme: "
     "PKCS#1 v1.5 or OAEP to encrypt, PKCS#1 v1.5 or PSS to sign)", 0},
    {OID_EC, "id-ecPublicKey", "an elliptic-curve key (ECDSA or ECDH)", 0},
    {"1.3.101.110", "X25519", "an X25519 key-agreement key (RFC 8410)", 0},
    {"1.3.101.111", "X448", "an X448 key-agreement key (RFC 8410)", 0},
    {OID_ED25519, "Ed25519", "a key for the Ed25519 signature algorithm (RFC 8410)", 0},
    {"1.3.101.113", "Ed448", "a key for the Ed448 signature algorithm (RFC 8410)", 0},
    {"1.2.840.10040.4.1", "DSA", "a DSA key, an old signature scheme", 0},
    /* Signature algorithms. */
    {"1.2.840.113549.1.1.4", "md5WithRSAEncryption", "RSA over an MD5 hash, long broken", 0},
    {"1.2.840.113549.1.1.5", "sha1WithRSAEncryption", "RSA over a SHA-1 hash, no longer "
     "accepted for certificates", 0},
    {"1.2.840.113549.1.1.10", "RSASSA-PSS", "RSA with the PSS padding", 0},
    {"1.2.840.113549.1.1.11", "sha256WithRSAEncryption", "RSA (PKCS#1 v1.5) over a SHA-256 "
     "hash", 0},
    {"1.2.840.113549.1.1.12", "sha384WithRSAEncryption", "RSA (PKCS#1 v1.5) over a SHA-384 "
     "hash", 0},
    {"1.2.840.113549.1.1.13", "sha512WithRSAEncryption", "RSA (PKCS#1 v1.5) over a SHA-512 "
     "hash", 0},
    {"1.2.840.10045.4.3.2", "ecdsa-with-SHA256", "ECDSA over a SHA-256 hash", 0},
    {"1.2.840.10045.4.3.3", "ecdsa-with-SHA384", "ECDSA over a SHA-384 hash", 0},
    {"1.2.840.10045.4.3.4", "ecdsa-with-SHA512", "ECDSA over a SHA-512 hash", 0},
    /* Named curves. */
    {"1.2.840.10045.3.1.7", "P-256", "the NIST curve P-256 (prime256v1, secp256r1)", 256},
    {"1.3.132.0.34", "P-384", "the NIST curve P-384 (secp384r1)", 384},
    {"1.3.132.0.35", "P-521", "the NIST curve P-521 (secp521r1)", 521},
    {"1.3.132.0.10", "secp256k1", "the curve secp256k1 (used by Bitcoin)", 256},
    {"1.3.36.3.3.2.8.1.1.7", "brainpoolP256r1", "the Brainpool curve P256r1", 256},
    /* Password-based encryption of keys. */
    {OID_PBES2, "PBES2", "password-based encryption, scheme 2 (PKCS#5)", 0},
    {OID_PBKDF2, "PBKDF2", "a key made from a password by many rounds of HMAC", 0},
    {OID_SCRYPT, "scrypt", "a key made from a password with scrypt, which "
     "needs much memory", 0},
    {OID_HMAC_SHA1, "hmacWithSHA1", "HMAC with SHA-1", 0},
    {"1.2.840.113549.2.9", "hmacWithSHA256", "HMAC with SHA-256", 0},
    {"1.2.840.113549.2.10", "hmacWithSHA384", "HMAC with SHA-384", 0},
    {"1.2.840.113549.2.11", "hmacWithSHA512", "HMAC with SHA-512", 0},
    {"2.16.840.1.101.3.4.1.2", "AES-128-CBC", "AES with a 128-bit key in CBC mode", 0},
    {"2.16.840.1.101.3.4.1.22", "AES-192-CBC", "AES with a 192-bit key in CBC mode", 0},
    {"2.16.840.1.101.3.4.1.42", "AES-256-CBC", "AES with a 256-bit key in CBC mode", 0},
    {"1.2.840.113549.3.7", "DES-EDE3-CBC", "triple DES in CBC mode, an old cipher", 0},
    {"1.2.840.113549.1.12.1.3", "pbeWithSHAAnd3-KeyTripleDES-CBC", "an old PKCS#12 "
     "password scheme with triple DES", 0},
    {"1.2.840.113549.1.12.1.6", "pbeWithSHAAnd40BitRC2-CBC", "an old PKCS#12 password "
     "scheme with 40-bit RC2, easily broken", 0},
    /* Certificate extensions. */
    {OID_SUBJECT_KEY_ID, "subjectKeyIdentifier", "a short fingerprint of this certificate's key", 0},
    {OID_KEY_USAGE, "keyUsage", "what the key may be used for", 0},
    {OID_CRL_NUMBER, "cRLNumber", "the revocation list's sequence number: a newer list has "
     "a larger one", 0},
    {OID_CRL_REASON, "reasonCode", "why a certificate was revoked", 0},
    {OID_SUBJECT_ALT_NAME, "subjectAltName", "the names the certificate is for", 0},
    {"2.5.29.18", "issuerAltName", "other names of the issuer", 0},
    {OID_BASIC_CONSTRAINTS, "basicConstraints", "whether this is a CA certificate", 0},
    {"2.5.29.30", "nameConstraints", "the names a CA may issue for", 0},
    {"2.5.29.31", "cRLDistributionPoints", "where to download the list of revoked "
     "certificates", 0},
    {"2.5.29.32", "certificatePolicies", "the rules the CA followed when it issued this", 0},
    {OID_AUTHORITY_KEY_ID, "authorityKeyIdentifier", "a fingerprint of the key that signed this "
     "certificate", 0},
    {OID_EXT_KEY_USAGE, "extKeyUsage", "the purposes the certificate is for", 0},
    {"1.3.6.1.5.5.7.1.1", "authorityInfoAccess", "where to fetch the issuer's certificate "
     "and ask whether this one is revoked (OCSP)", 0},
    {"1.3.6.1.5.5.7.1.24", "tlsFeature", "TLS features the server promises, such as OCSP "
     "stapling", 0},
    {"1.3.6.1.4.1.11129.2.4.2", "signedCertificateTimestampList", "proof that the "
     "certificate was logged publicly (Certificate Transparency)", 0},
    {"2.16.840.1.113730.1.13", "nsComment", "a free-text comment (an old Netscape "
     "extension)", 0},
    /* Purposes (extKeyUsage). */
    {OID_SERVER_AUTH, "serverAuth", "a TLS server", 0},
    {"1.3.6.1.5.5.7.3.2", "clientAuth", "a TLS client", 0},
    {"1.3.6.1.5.5.7.3.3", "codeSigning", "signing program code", 0},
    {"1.3.6.1.5.5.7.3.4", "emailProtection", "signing and encrypting e-mail", 0},
    {"1.3.6.1.5.5.7.3.8", "timeStamping", "a time-stamping service", 0},
    {"1.3.6.1.5.5.7.3.9", "OCSPSigning", "signing OCSP answers about revocation", 0},
    {OID_ANY_EXT_KEY_USAGE, "anyExtendedKeyUsage", "any purpose", 0},
};

const struct oid_info *oid_lookup(const char *dotted)
{
    for (size_t i = 0; i < sizeof oids / sizeof oids[0]; i++)
        if (strcmp(oids[i].dotted, dotted) == 0)
            return &oids[i];
    return NULL;
}

const char *oid_name(const char *dotted)
{
    const struct oid_info *o = oid_lookup(dotted);
    return o ? o->name : dotted;
}
