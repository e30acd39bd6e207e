/*
 * oid.c - looking up the object identifiers tlssim can name.  The table
 * itself is made at build time from pki/oids.txt by gen/oids.awk.
 */
#include "pki/oid.h"

#include <string.h>

const struct oid_info *oid_lookup(const char *dotted)
{
    for (size_t i = 0; i < oid_table_count; i++)
        if (strcmp(oid_table[i].dotted, dotted) == 0)
            return &oid_table[i];
    return NULL;
}

const char *oid_name(const char *dotted)
{
    const struct oid_info *o = oid_lookup(dotted);
    return o ? o->name : dotted;
}
