/*
 * unit.h - the small harness every CUnit test program shares.
 */
#ifndef TLSSIM_UNIT_H
#define TLSSIM_UNIT_H

#include <CUnit/CUnit.h>

struct unit_test {
    const char *name;
    void (*run)(void);
};

/* Run one suite of tests (ended by a {NULL, NULL} entry); returns the exit
 * status for main: 0 when every assertion held, 1 otherwise. */
int unit_run(const char *suite, const struct unit_test *tests);

/* Assert that text contains fragment, printing both when it does not. */
void unit_expect_contains(const char *text, const char *fragment);

#endif
