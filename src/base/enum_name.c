/*
 * enum_name.c - enum values named from tables.
 */
#include "base/enum_name.h"

const char *enum_name(const char *const names[], size_t count, int value, const char *unknown)
{
    if (value < 0 || (size_t)value >= count || names[value] == NULL)
        return unknown;
    return names[value];
}
