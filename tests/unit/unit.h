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

#endif
