/*
 * test_demo.c - demo scripts: the parser reads good scripts, reports every
 * problem of bad ones at the right place, survives any bytes, and the driver
 * plays a script action by action, stops at a failed expect and seeks.
 */
#include "course/demo.h"
#include "unit.h"

#include <stdlib.h>
#include <string.h>

/* Parse a NUL-terminated script text called "t.demo". */
static int parse(const char *text, struct demo_script *s)
{
    return demo_parse("t.demo", text, strlen(text), s);
}

/* Everything diags_print writes for s, as a new string. */
static char *printed_errors(const struct demo_script *s)
{
    FILE *f = tmpfile();
    char *text = NULL;

    CU_ASSERT_FATAL(f != NULL);
    diags_print(&s->errors, f);
    long n = ftell(f);
    rewind(f);
    text = calloc(1, (size_t)n + 1);
    CU_ASSERT_FATAL(text != NULL);
    CU_ASSERT_EQUAL(fread(text, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    return text;
}

static void test_parse_good_script(void)
{
    struct demo_script s;
    const char *text = "# a comment\n"
                       "  # an indented comment\n"
                       "set seed 7\n"
                       "set message \"say \\\"hi\\\" \\\\ bye\"\n"
                       "\n"
                       "mark intro\n"
                       "caption \"Hello, world\"\n"
                       "step\tstep\n";

    CU_ASSERT_EQUAL(parse(text, &s), -1); /* "step step": one word too many */
    CU_ASSERT_EQUAL(s.errors.count, 1);
    CU_ASSERT_EQUAL(s.errors.items[0].line, 8);
    CU_ASSERT_EQUAL(s.errors.items[0].col, 6);
    demo_script_free(&s);

    text = "set seed 7\n"
           "set message \"say \\\"hi\\\" \\\\ bye\"\n"
           "mark intro\n"
           "caption \"Hello, world\"\n"
           "step\n"
           "step 3\n"
           "back 2\n"
           "goto \"key exchange\"\n"
           "goto 0\n"
           "pause\n"
           "sleep 1.5\n"
           "sleep 250ms\n"
           "expect not stage 3\n"
           "expect result completed\n"
           "expect check client \"signature\" pass\n"
           "expect check \"possession\" fail\n"
           "expect knows eve \"client random\"\n"
           "expect text \"What happens\"\n"
           "expect reason \"forged\"";
    CU_ASSERT_EQUAL_FATAL(parse(text, &s), 0);
    CU_ASSERT_EQUAL_FATAL(s.count, 19);
    CU_ASSERT_EQUAL(s.cmds[0].op, DEMO_SET);
    CU_ASSERT_STRING_EQUAL(s.cmds[0].name, "seed");
    CU_ASSERT_STRING_EQUAL(s.cmds[0].text, "7");
    CU_ASSERT_STRING_EQUAL(s.cmds[1].text, "say \"hi\" \\ bye");
    CU_ASSERT_EQUAL(s.cmds[2].op, DEMO_MARK);
    CU_ASSERT_STRING_EQUAL(s.cmds[2].name, "intro");
    CU_ASSERT_STRING_EQUAL(s.cmds[3].text, "Hello, world");
    CU_ASSERT_EQUAL(s.cmds[4].number, 1);
    CU_ASSERT_EQUAL(s.cmds[5].number, 3);
    CU_ASSERT_EQUAL(s.cmds[6].op, DEMO_BACK);
    CU_ASSERT_EQUAL(s.cmds[7].number, 5);
    CU_ASSERT_EQUAL(s.cmds[8].number, 0);
    CU_ASSERT_EQUAL(s.cmds[10].ms, 1500);
    CU_ASSERT_EQUAL(s.cmds[11].ms, 250);
    CU_ASSERT_TRUE(s.cmds[12].negate);
    CU_ASSERT_EQUAL(s.cmds[13].outcome, DEMO_OUTCOME_COMPLETED);
    CU_ASSERT_FALSE(s.cmds[14].any_actor);
    CU_ASSERT_EQUAL(s.cmds[14].actor, SIM_ACTOR_CLIENT);
    CU_ASSERT_TRUE(s.cmds[14].pass);
    CU_ASSERT_TRUE(s.cmds[15].any_actor);
    CU_ASSERT_FALSE(s.cmds[15].pass);
    CU_ASSERT_EQUAL(s.cmds[16].actor, SIM_ACTOR_EVE);
    CU_ASSERT_EQUAL(s.cmds[18].expect, DEMO_EXPECT_REASON);
    CU_ASSERT_EQUAL(s.cmds[18].line, 19);
    CU_ASSERT_EQUAL(demo_script_find_mark(&s, 0, 1), 2);
    CU_ASSERT_EQUAL(demo_script_find_mark(&s, 2, 1), -1);
    CU_ASSERT_EQUAL(demo_script_find_mark(&s, 10, -1), 2);
    CU_ASSERT_EQUAL(demo_script_find_mark(&s, 2, -1), -1);
    demo_script_free(&s);
}

static void test_every_error_reported(void)
{
    struct demo_script s;
    const char *text = "stpe\n"                     /* 1: unknown command */
                       "set sed 4\n"                /* 2: unknown option */
                       "set seed banana\n"          /* 3: bad value */
                       "caption \"never closed\n"   /* 4: open quote */
                       "step 9\n"                   /* 5: out of range */
                       "sleep soon\n"               /* 6: not a time */
                       "mark a\nmark a\n"           /* 8: duplicate marker */
                       "expect knows bob \"x\"\n"   /* 9: unknown actor */
                       "step # not a comment\n"     /* 10: trailing words */
                       "goto \"nowhere\"\n";        /* 11: no such stage */
    unsigned lines[] = {1, 2, 3, 4, 5, 6, 8, 9, 10, 11};
    unsigned cols[] = {1, 5, 10, 9, 6, 7, 6, 14, 6, 6};

    CU_ASSERT_EQUAL(parse(text, &s), -1);
    CU_ASSERT_EQUAL_FATAL(s.errors.count, 10);
    for (size_t i = 0; i < 10; i++) {
        CU_ASSERT_EQUAL(s.errors.items[i].line, lines[i]);
        CU_ASSERT_EQUAL(s.errors.items[i].col, cols[i]);
    }
    char *out = printed_errors(&s);
    unit_expect_contains(out, "t.demo:1:1: error: unknown command 'stpe'; did you mean 'step'?");
    unit_expect_contains(out, "t.demo:3:10: error: ");
    unit_expect_contains(out, "set seed banana\n         ^\n");
    free(out);
    demo_script_free(&s);
}

static void test_odd_bytes(void)
{
    struct demo_script s;
    static const char nul[] = "step\nst\0ep\nstep\n";
    static const char crlf[] = "set seed 1\r\nstep\r\ncaption \"x\"\r\n";
    static const char bad_utf8[] = "caption \"caf\xc3\"\nstep\n";
    static const char tab_then_junk[] = "\tstep \x01\n";

    CU_ASSERT_EQUAL(demo_parse("t", nul, sizeof nul - 1, &s), -1);
    CU_ASSERT_EQUAL(s.errors.count, 1);
    CU_ASSERT_EQUAL(s.errors.items[0].line, 2);
    CU_ASSERT_EQUAL(s.errors.items[0].col, 3);
    unit_expect_contains(s.errors.items[0].message, "NUL");
    CU_ASSERT_STRING_EQUAL(s.errors.items[0].source, "st?ep");
    CU_ASSERT_EQUAL(s.count, 2);
    demo_script_free(&s);

    CU_ASSERT_EQUAL(demo_parse("t", crlf, sizeof crlf - 1, &s), 0);
    CU_ASSERT_EQUAL(s.count, 3);
    demo_script_free(&s);

    CU_ASSERT_EQUAL(demo_parse("t", bad_utf8, sizeof bad_utf8 - 1, &s), -1);
    CU_ASSERT_EQUAL(s.errors.items[0].col, 13);
    unit_expect_contains(s.errors.items[0].message, "UTF-8");
    demo_script_free(&s);

    CU_ASSERT_EQUAL(demo_parse("t", tab_then_junk, sizeof tab_then_junk - 1, &s), -1);
    CU_ASSERT_EQUAL(s.errors.items[0].col, 7);
    char *out = printed_errors(&s);
    CU_ASSERT_STRING_EQUAL(out, "t:1:7: error: a control character in the line; a demo script "
                                "is UTF-8 text\n\tstep ?\n\t     ^\n");
    free(out);
    demo_script_free(&s);

    CU_ASSERT_EQUAL(demo_parse("t", "", 0, &s), 0);
    CU_ASSERT_EQUAL(s.count, 0);
    demo_script_free(&s);
    CU_ASSERT_EQUAL(parse("step", &s), 0); /* no final newline */
    CU_ASSERT_EQUAL(s.count, 1);
    demo_script_free(&s);
}

static void test_long_lines_and_many_errors(void)
{
    struct demo_script s;
    size_t n = 3 * DEMO_LINE_MAX;
    char *text = malloc(n + 1);

    CU_ASSERT_FATAL(text != NULL);
    memset(text, 'x', n);
    memcpy(text, "caption ", 8);
    text[n] = '\0';
    CU_ASSERT_EQUAL(parse(text, &s), -1);
    CU_ASSERT_EQUAL(s.errors.count, 1);
    unit_expect_contains(s.errors.items[0].message, "bytes long");
    CU_ASSERT_TRUE(strlen(s.errors.items[0].source) < 210);
    demo_script_free(&s);

    for (size_t i = 0; i < n; i++)
        text[i] = (i % 2) ? '\n' : '?';
    CU_ASSERT_EQUAL(parse(text, &s), -1);
    CU_ASSERT_EQUAL(s.errors.count, DIAGS_MAX + 1);
    unit_expect_contains(s.errors.items[DIAGS_MAX].message, "too many errors");
    demo_script_free(&s);
    free(text);
}

/* Any bytes at all: random junk, and a good script with random bytes
 * changed, must parse to a result without crashing or running away. */
static void test_random_bytes(void)
{
    static const char good[] = "set seed 3\nmark m\ncaption \"hi there\"\nstep 2\n"
                               "expect check client \"name\" pass\nsleep 0.5\n";
    char buf[512];
    uint32_t x = 2463534242u;

    for (int round = 0; round < 4000; round++) {
        size_t len;
        if (round % 2) {
            len = sizeof good - 1;
            memcpy(buf, good, len);
            for (int k = 0; k < 1 + round % 7; k++) {
                x ^= x << 13, x ^= x >> 17, x ^= x << 5;
                buf[x % len] = (char)(x >> 24);
            }
        } else {
            x ^= x << 13, x ^= x >> 17, x ^= x << 5;
            len = x % sizeof buf;
            for (size_t k = 0; k < len; k++) {
                x ^= x << 13, x ^= x >> 17, x ^= x << 5;
                buf[k] = (char)(x & 0xff);
            }
        }
        struct demo_script s;
        int rc = demo_parse("junk", buf, len, &s);
        CU_ASSERT_TRUE((rc == 0) == (s.errors.count == 0));
        CU_ASSERT_TRUE(s.errors.count <= DIAGS_MAX + 1);
        for (size_t k = 0; k < s.errors.count; k++)
            CU_ASSERT_TRUE(s.errors.items[k].line >= 1 && s.errors.items[k].col >= 1);
        demo_script_free(&s);
    }
}

static void test_thousandths(void)
{
    unsigned long v;

    CU_ASSERT_EQUAL(demo_parse_thousandths("2", &v), 0);
    CU_ASSERT_EQUAL(v, 2000);
    CU_ASSERT_EQUAL(demo_parse_thousandths("0.25", &v), 0);
    CU_ASSERT_EQUAL(v, 250);
    CU_ASSERT_EQUAL(demo_parse_thousandths("1.125", &v), 0);
    CU_ASSERT_EQUAL(v, 1125);
    CU_ASSERT_EQUAL(demo_parse_thousandths("1.1255", &v), -1);
    CU_ASSERT_EQUAL(demo_parse_thousandths(".5", &v), -1);
    CU_ASSERT_EQUAL(demo_parse_thousandths("5.", &v), -1);
    CU_ASSERT_EQUAL(demo_parse_thousandths("-1", &v), -1);
    CU_ASSERT_EQUAL(demo_parse_thousandths("1e3", &v), -1);
    CU_ASSERT_EQUAL(demo_parse_thousandths("", &v), -1);
    CU_ASSERT_EQUAL(demo_parse_thousandths("99999999", &v), -1);
}

static void test_trailing_set(void)
{
    struct demo_script s;

    CU_ASSERT_EQUAL(parse("step\nset seed 1\nset cipher xchacha20\n", &s), -1);
    CU_ASSERT_EQUAL(s.errors.count, 2);
    CU_ASSERT_EQUAL(s.errors.items[0].line, 2);
    CU_ASSERT_EQUAL(s.errors.items[1].line, 3);
    demo_script_free(&s);

    /* reported beside another error before it, too ... */
    CU_ASSERT_EQUAL(parse("bogus\nstep\nset seed 1\n", &s), -1);
    CU_ASSERT_EQUAL(s.errors.count, 2);
    CU_ASSERT_EQUAL(s.errors.items[1].line, 3);
    demo_script_free(&s);
    /* ... but not when a bad line after it may be the command meant */
    CU_ASSERT_EQUAL(parse("set seed 1\nstpe\n", &s), -1);
    CU_ASSERT_EQUAL(s.errors.count, 1);
    CU_ASSERT_EQUAL(s.errors.items[0].line, 2);
    demo_script_free(&s);
}

static void test_switch_on_off(void)
{
    struct demo_script s;

    CU_ASSERT_EQUAL(parse("set mitm\nset mitm off\nset leak-key on\nset tamper 7\n"
                          "set tamper off\nstep\n", &s), 0);
    CU_ASSERT_STRING_EQUAL(s.cmds[1].text, "off");
    CU_ASSERT_PTR_NULL(s.cmds[0].text);
    demo_script_free(&s);
    /* the words the command line takes for a switch, as lessons take them */
    CU_ASSERT_EQUAL(parse("set mitm yes\nset mitm false\nstep\n", &s), 0);
    demo_script_free(&s);
    CU_ASSERT_EQUAL(parse("set mitm maybe\nstep\n", &s), -1);
    CU_ASSERT_EQUAL(s.errors.count, 1);
    char *text = printed_errors(&s);
    unit_expect_contains(text, "'set mitm on' or 'off'");
    free(text);
    demo_script_free(&s);
}

/* A stand-in for a view's text: the titles and texts of the stage's events. */
static char *event_text(const struct engine *e, int stage, void *ctx)
{
    size_t cap = 1, len = 0;
    char *out = calloc(1, 1);

    (*(int *)ctx)++;
    for (size_t i = 0; out && i < engine_event_count(e); i++) {
        const struct sim_event *ev = engine_event(e, i);
        if (ev->stage != stage || ev->text == NULL)
            continue;
        size_t n = strlen(ev->text);
        char *grown = realloc(out, cap + n + 1);
        if (grown == NULL) {
            free(out);
            return NULL;
        }
        out = grown;
        cap += n + 1;
        memcpy(out + len, ev->text, n);
        out[len + n] = '\n';
        len += n + 1;
        out[len] = '\0';
    }
    return out;
}

/* Run the driver to the end and write the kinds of actions into seen. */
static void play_all(struct demo_run *r, char *seen, size_t size)
{
    static const char letters[] = "SsBCPZMRFEe"; /* in the order of enum demo_do */
    struct demo_action a;
    size_t n = 0;

    while (demo_run_next(r, &a) != DEMO_DO_END && n + 1 < size)
        seen[n++] = letters[a.what];
    seen[n] = '\0';
    CU_ASSERT_EQUAL(demo_run_next(r, &a), DEMO_DO_END);
}

static void test_run_actions(void)
{
    struct demo_script s;
    const char *text = "set seed 5\n"
                       "caption \"one\"\n"
                       "step 2\n"
                       "expect stage 2\n"
                       "expect knows eve \"client random\"\n"
                       "expect not knows eve \"session key\"\n"
                       "expect text \"client random\"\n"
                       "back\n"
                       "pause\n"
                       "mark here\n"
                       "goto 8\n"
                       "sleep 2\n"
                       "expect result completed\n"
                       "set seed 6\n"
                       "step\n";
    char seen[64];
    int calls = 0;

    CU_ASSERT_EQUAL_FATAL(parse(text, &s), 0);
    struct demo_run *r = demo_run_new(&s, event_text, &calls);
    CU_ASSERT_PTR_NULL(demo_run_engine(r));
    play_all(r, seen, sizeof seen);
    /* start, caption, 2 stages, back, pause, mark, 7 stages, sleep, result;
     * then the new run: start, 1 stage, result. */
    CU_ASSERT_STRING_EQUAL(seen, "SCssBPMsssssssZRSsR");
    CU_ASSERT_EQUAL(calls, 1);
    CU_ASSERT_EQUAL(engine_stage(demo_run_engine(r)), 1);
    CU_ASSERT_EQUAL(engine_options(demo_run_engine(r))->seed, 6);
    CU_ASSERT_EQUAL(demo_run_position(r), s.count);

    /* Seeking to the marker replays quietly: the engine is where it was then. */
    CU_ASSERT_EQUAL(demo_run_seek(r, (size_t)demo_script_find_mark(&s, 0, 1)), 0);
    CU_ASSERT_EQUAL(engine_stage(demo_run_engine(r)), 1);
    CU_ASSERT_EQUAL(engine_options(demo_run_engine(r))->seed, 5);
    CU_ASSERT_EQUAL(calls, 1); /* expects were skipped */
    demo_run_free(r);
    demo_script_free(&s);
}

static void test_run_failed_expect(void)
{
    struct demo_script s;
    char seen[32];

    CU_ASSERT_EQUAL_FATAL(parse("set seed 5\nstep 3\nexpect check \"signature\" fail\n"
                                "step\n", &s), 0);
    struct demo_run *r = demo_run_new(&s, NULL, NULL);
    play_all(r, seen, sizeof seen);
    CU_ASSERT_STRING_EQUAL(seen, "SsssFR");
    FILE *f = tmpfile();
    CU_ASSERT_FATAL(f != NULL);
    demo_run_print_problem(r, f);
    char out[1024] = {0};
    rewind(f);
    CU_ASSERT_TRUE(fread(out, 1, sizeof out - 1, f) > 0);
    fclose(f);
    unit_expect_contains(out, "t.demo:3: expect failed: expect check \"signature\" "
                                       "fail\n  expected: check \"signature\" by any actor: "
                                       "fail\n  actual:   check \"signature valid\" by client: "
                                       "pass");
    demo_run_free(r);
    demo_script_free(&s);

    /* Without a text to look in, expect text fails, negated or not. */
    CU_ASSERT_EQUAL_FATAL(parse("expect not text \"x\"\n", &s), 0);
    r = demo_run_new(&s, NULL, NULL);
    play_all(r, seen, sizeof seen);
    CU_ASSERT_STRING_EQUAL(seen, "SFR");
    demo_run_free(r);
    demo_script_free(&s);
}

static void test_run_empty_script(void)
{
    struct demo_script s;
    char seen[8];

    CU_ASSERT_EQUAL_FATAL(parse("# nothing\n", &s), 0);
    struct demo_run *r = demo_run_new(&s, NULL, NULL);
    play_all(r, seen, sizeof seen);
    CU_ASSERT_STRING_EQUAL(seen, "SR");
    demo_run_free(r);
    demo_script_free(&s);
}

int main(void)
{
    static const struct unit_test tests[] = {
        {"a good script parses into its commands", test_parse_good_script},
        {"every problem is reported at its line and column", test_every_error_reported},
        {"NUL, CRLF, bad UTF-8, control bytes, no final newline", test_odd_bytes},
        {"long lines and runaway errors are cut short", test_long_lines_and_many_errors},
        {"random bytes never crash the parser", test_random_bytes},
        {"decimal times and speeds", test_thousandths},
        {"a set with nothing after it is an error", test_trailing_set},
        {"a switch takes on or off, tamper takes off", test_switch_on_off},
        {"the driver's actions, a new run, and seeking", test_run_actions},
        {"a failed expect stops the run with file:line", test_run_failed_expect},
        {"an empty script still shows a start and a result", test_run_empty_script},
        {NULL, NULL},
    };
    return unit_run("demo", tests);
}
