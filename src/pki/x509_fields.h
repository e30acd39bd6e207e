/*
 * x509_fields.h - the parts of X.509 that both the reader (x509_*) and the
 * explainer (inspect_*) walk field by field: an attribute of a name and an
 * extension.  Each caller keeps its own policy and wording around them.
 */
#ifndef TLSSIM_X509_FIELDS_H
#define TLSSIM_X509_FIELDS_H

#include "pki/der.h"

#include <stdbool.h>
#include <stddef.h>

/* Decodes the value v, which r read, into text in buf (as der_get_string). */
typedef int (*x509_text_fn)(struct der_reader *r, const struct der_tlv *v, char *buf,
                            size_t buflen);

/* Read one AttributeTypeAndValue { type OID, value } of a Name from set:
 * type_text gets the type, value the value's TLV and text the value as
 * to_text decodes it; 0, or -1 with the error recorded. */
int x509_read_attribute(struct der_reader *set, x509_text_fn to_text,
                        char type_text[DER_OID_TEXT_MAX], struct der_tlv *value, char *text,
                        size_t textlen) CRYPT_WARN_UNUSED;

/* One Extension { extnID, critical DEFAULT FALSE, extnValue } being read. */
struct x509_extension {
    struct der_reader fields;        /* inside the Extension's SEQUENCE */
    struct der_tlv oid;
    char oid_text[DER_OID_TEXT_MAX];
    bool critical;                   /* the caller reads it, by its own rule */
    struct der_tlv octets;           /* extnValue, the OCTET STRING */
    struct der_reader value;         /* inside extnValue, once entered */
};

/* Enter the next Extension of list (what names it in errors) and read its
 * extnID; 0, or -1 with the error recorded. */
int x509_extension_open(struct der_reader *list, const char *what, struct x509_extension *x)
    CRYPT_WARN_UNUSED;

/* After the critical flag: read extnValue (value_name names it), insist
 * that the Extension (what) ends there, and enter the value; 0 or -1. */
int x509_extension_enter_value(struct x509_extension *x, const char *what,
                               const char *value_name) CRYPT_WARN_UNUSED;

#endif
