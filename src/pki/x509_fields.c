/*
 * x509_fields.c - reading an attribute of a name and an extension, for the
 * certificate reader and the explainer alike.
 */
#include "pki/x509_fields.h"

#include <string.h>

int x509_read_attribute(struct der_reader *set, x509_text_fn to_text,
                        char type_text[DER_OID_TEXT_MAX], struct der_tlv *value, char *text,
                        size_t textlen)
{
    struct der_reader atv;
    struct der_tlv type;

    if (der_enter_sequence(set, "an attribute of a name", &atv) != 0 ||
        der_read_oid(&atv, "an attribute type", &type, type_text) != 0 ||
        der_read(&atv, value) != 0 || to_text(&atv, value, text, textlen) != 0)
        return -1;
    return der_finish(&atv, "an attribute of a name");
}

int x509_extension_open(struct der_reader *list, const char *what, struct x509_extension *x)
{
    memset(x, 0, sizeof *x);
    if (der_enter_sequence(list, what, &x->fields) != 0)
        return -1;
    return der_read_oid(&x->fields, "the extension's OID", &x->oid, x->oid_text);
}

int x509_extension_enter_value(struct x509_extension *x, const char *what,
                               const char *value_name)
{
    if (der_expect(&x->fields, DER_CLASS_UNIVERSAL, false, DER_TAG_OCTET_STRING, value_name,
                   &x->octets) != 0 ||
        der_finish(&x->fields, what) != 0)
        return -1;
    return der_enter_octets(&x->fields, &x->octets, &x->value);
}
