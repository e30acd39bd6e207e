/*
 * utf8.h - telling well-formed UTF-8 from anything else.
 *
 * Owns one rule, used wherever bytes from outside (a script, a message typed
 * on the command line) must be shown or written as text: shortest form only,
 * no surrogates, nothing above U+10FFFF.
 */
#ifndef TLSSIM_UTF8_H
#define TLSSIM_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* The length (1 to 4) of the well-formed UTF-8 character at s, reading at
 * most n bytes (n >= 1), with its code point in *cp; 0 when the bytes there
 * are not one. */
size_t utf8_char(const uint8_t *s, size_t n, uint32_t *cp);

#endif
