/*
 * oid.h - names of the object identifiers that certificates and keys use.
 *
 * Owns one table: dotted OID, short name, and one plain line on what it is
 * for, so that the explainer can say "sha256WithRSAEncryption" instead of
 * "1.2.840.113549.1.1.11".  Its rows are in pki/oids.txt, from which the
 * build makes the C table (gen/oids.awk).
 */
#ifndef TLSSIM_OID_H
#define TLSSIM_OID_H

#include <stddef.h>

/* The object identifiers the code itself compares or writes, each defined
 * here once; the table made from oids.txt names them and many more (and the
 * build fails when one of these is missing from it). */
#define OID_RSA "1.2.840.113549.1.1.1"
#define OID_EC "1.2.840.10045.2.1"
#define OID_ED25519 "1.3.101.112"
#define OID_PBES2 "1.2.840.113549.1.5.13"
#define OID_PBKDF2 "1.2.840.113549.1.5.12"
#define OID_SCRYPT "1.3.6.1.4.1.11591.4.11"
#define OID_HMAC_SHA1 "1.2.840.113549.2.7"
#define OID_SUBJECT_KEY_ID "2.5.29.14"
#define OID_KEY_USAGE "2.5.29.15"
#define OID_SUBJECT_ALT_NAME "2.5.29.17"
#define OID_BASIC_CONSTRAINTS "2.5.29.19"
#define OID_CRL_NUMBER "2.5.29.20"
#define OID_CRL_REASON "2.5.29.21"
#define OID_AUTHORITY_KEY_ID "2.5.29.35"
#define OID_EXT_KEY_USAGE "2.5.29.37"
#define OID_SERVER_AUTH "1.3.6.1.5.5.7.3.1"
#define OID_ANY_EXT_KEY_USAGE "2.5.29.37.0"
#define OID_COMMON_NAME "2.5.4.3"
#define OID_ORGANIZATION "2.5.4.10"
#define OID_EXTENSION_REQUEST "1.2.840.113549.1.9.14"

struct oid_info {
    const char *dotted;     /* "1.2.840.113549.1.1.1" */
    const char *name;       /* "rsaEncryption" */
    const char *meaning;    /* one line for a student */
    int bits;               /* a curve's size in bits, 0 for anything else */
};

/* Every identifier of oids.txt, in its order, which is the order of the
 * lookup; oid_lookup() is the way to read it. */
extern const struct oid_info oid_table[];
extern const size_t oid_table_count;

/* The entry for a dotted OID, or NULL when the table does not know it. */
const struct oid_info *oid_lookup(const char *dotted);

/* The short name of a dotted OID, or the dotted text itself. */
const char *oid_name(const char *dotted);

#endif
