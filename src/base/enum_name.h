/*
 * enum_name.h - the name of an enum value, looked up in a table of names
 * indexed by the enum (written with designated initialisers, so that the
 * order of the enum does not matter), instead of a switch per enum.
 */
#ifndef TLSSIM_ENUM_NAME_H
#define TLSSIM_ENUM_NAME_H

#include <stddef.h>

/* names[value] when value indexes one of the count entries of names and
 * that entry is not NULL; otherwise unknown. */
const char *enum_name(const char *const names[], size_t count, int value, const char *unknown);

#endif
