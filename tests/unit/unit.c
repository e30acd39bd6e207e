/*
 * unit.c - run a CUnit suite with the basic interface and turn its result
 * into an exit status.
 */
#include "unit.h"

#include "base/crypt.h"

#include <CUnit/Basic.h>
#include <stdio.h>
#include <string.h>

int unit_run(const char *suite_name, const struct unit_test *tests)
{
    if (crypt_init() != 0) {
        fputs("unit: libsodium failed to start\n", stderr);
        return 1;
    }
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    CU_pSuite suite = CU_add_suite(suite_name, NULL, NULL);
    if (suite == NULL)
        goto fail;
    for (const struct unit_test *t = tests; t->name != NULL; t++)
        if (CU_add_test(suite, t->name, t->run) == NULL)
            goto fail;
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    unsigned failures = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
    CU_cleanup_registry();
    return failures == 0 ? 0 : 1;
fail:
    fprintf(stderr, "unit: %s\n", CU_get_error_msg());
    CU_cleanup_registry();
    return 1;
}

void unit_expect_contains(const char *text, const char *fragment)
{
    if (strstr(text, fragment) == NULL) {
        fprintf(stderr, "\n  wanted \"%s\" in \"%s\"\n", fragment, text);
        CU_FAIL("text does not contain the expected words");
    }
}
