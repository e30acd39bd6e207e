/*
 * oid.h - names of the object identifiers that certificates and keys use.
 *
 * Owns one table: dotted OID, short name, and one plain line on what it is
 * for, so that the explainer can say "sha256WithRSAEncryption" instead of
 * "1.2.840.113549.1.1.11".
 */
#ifndef TLSSIM_OID_H
#define TLSSIM_OID_H

struct oid_info {
    const char *dotted;     /* "1.2.840.113549.1.1.1" */
    const char *name;       /* "rsaEncryption" */
    const char *meaning;    /* one line for a student */
    int bits;               /* a curve's size in bits, 0 for anything else */
};

/* The entry for a dotted OID, or NULL when the table does not know it. */
const struct oid_info *oid_lookup(const char *dotted);

/* The short name of a dotted OID, or the dotted text itself. */
const char *oid_name(const char *dotted);

#endif
