/*
 * fuzz_demo.c - fuzz target: demo scripts, through demo_parse() and the
 * printer of its diagnostics; a short script that parses is also played
 * headless to its end, so that every command and expectation is run.
 */
#include "fuzz.h"

#include "course/demo.h"
#include "base/diag.h"

#include <string.h>

#define FUZZ_DEMO_CMDS_MAX 32       /* longer scripts are parsed, not played */
#define FUZZ_DEMO_ACTIONS_MAX 1000  /* a played script ends well before this */

/* Play a parsed script to its end, as a headless player does. */
static void play(const struct demo_script *s)
{
    struct demo_run *r = demo_run_new(s, NULL, NULL);
    struct demo_action a;

    for (int n = 0; n < FUZZ_DEMO_ACTIONS_MAX; n++) {
        enum demo_do what = demo_run_next(r, &a);
        if (what == DEMO_DO_FAILED || what == DEMO_DO_ERROR)
            demo_run_print_problem(r, fuzz_sink());
        if (what == DEMO_DO_END || what == DEMO_DO_FAILED || what == DEMO_DO_ERROR)
            break;
    }
    demo_run_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct demo_script script = {0};

    fuzz_crypt_init();
    if (demo_parse("fuzz.demo", (const char *)data, size, &script) == 0) {
        /* Commands come in the order of their lines; markers differ. */
        FUZZ_CHECK(script.errors.count == 0);
        for (size_t i = 0; i < script.count; i++) {
            FUZZ_CHECK(script.cmds[i].line >= 1 && script.cmds[i].source != NULL);
            FUZZ_CHECK(i == 0 || script.cmds[i].line > script.cmds[i - 1].line);
            for (size_t j = 0; j < i && script.count <= FUZZ_DEMO_CMDS_MAX; j++)
                FUZZ_CHECK(script.cmds[i].op != DEMO_MARK || script.cmds[j].op != DEMO_MARK ||
                           strcmp(script.cmds[i].name, script.cmds[j].name) != 0);
        }
        if (script.count <= FUZZ_DEMO_CMDS_MAX)
            play(&script);
    } else {
        diags_print(&script.errors, fuzz_sink());
    }
    demo_script_free(&script);
    return 0;
}
