/*
 * test_lesson.c - the lesson parser: what a good file turns into, where each
 * mistake is reported, and that no input at all can crash it.
 */
#include "base/crypt.h"
#include "course/lesson.h"
#include "unit.h"

#include <stdlib.h>
#include <string.h>

/* Parse a NUL-terminated text; returns the lesson or NULL, with diags filled. */
static struct lesson *parse(const char *text, struct diags *d)
{
    struct lesson *l = NULL;

    memset(d, 0, sizeof *d);
    if (lesson_parse("t.lesson", text, strlen(text), &l, d) != 0)
        return NULL;
    return l;
}

/* Parse a text that must have exactly one mistake, at line:col, whose
 * message contains want. */
static void expect_error(const char *text, unsigned line, unsigned col, const char *want)
{
    struct diags d;
    struct lesson *l = parse(text, &d);

    CU_ASSERT_PTR_NULL(l);
    CU_ASSERT_EQUAL(d.count, 1);
    if (d.count >= 1) {
        CU_ASSERT_STRING_EQUAL(d.items[0].file, "t.lesson");
        CU_ASSERT_EQUAL(d.items[0].line, line);
        CU_ASSERT_EQUAL(d.items[0].col, col);
        CU_ASSERT_PTR_NOT_NULL(strstr(d.items[0].message, want));
        if (d.items[0].line != line || d.items[0].col != col ||
            strstr(d.items[0].message, want) == NULL)
            fprintf(stderr, "\n  got %u:%u %s\n", d.items[0].line, d.items[0].col,
                    d.items[0].message);
    }
    diags_free(&d);
    lesson_free(l);
}

static void test_good_lesson(void)
{
    static const char text[] =
        "# comment\n"
        "title  A title  \n"
        "\n"
        "step first\n"
        "  say One\n"
        "say two.\n"
        "say\n"
        "say Three.\n"
        "code   indented\n"
        "code\n"
        "code end\n"
        "set seed 7\n"
        "set message GET / HTTP/1.1\n"
        "stage 0\n"
        "point wire client random\n"
        "step\n"
        "await stage 4\n"
        "quiz Which\n"
        "quiz one?\n"
        "  choice A\n"
        "  why Not A,\n"
        "  why really.\n"
        "  correct B\n"
        "step last\n"
        "await leak-key\n";
    struct diags d;
    struct lesson *l = parse(text, &d);

    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_EQUAL(d.count, 0);
    CU_ASSERT_STRING_EQUAL(l->title, "A title");
    CU_ASSERT_EQUAL_FATAL(l->step_count, 3);
    const struct lesson_step *s = &l->steps[0];
    CU_ASSERT_STRING_EQUAL(s->name, "first");
    CU_ASSERT_EQUAL(s->line, 4);
    CU_ASSERT_EQUAL_FATAL(s->text_count, 3);
    CU_ASSERT_EQUAL(s->texts[0].kind, LESSON_TEXT_PARAGRAPH);
    CU_ASSERT_STRING_EQUAL(s->texts[0].text, "One two.");
    CU_ASSERT_STRING_EQUAL(s->texts[1].text, "Three.");
    CU_ASSERT_EQUAL(s->texts[2].kind, LESSON_TEXT_CODE);
    CU_ASSERT_STRING_EQUAL(s->texts[2].text, "  indented\n\nend");
    CU_ASSERT_EQUAL_FATAL(s->setting_count, 2);
    CU_ASSERT_STRING_EQUAL(s->settings[1].name, "message");
    CU_ASSERT_STRING_EQUAL(s->settings[1].value, "GET / HTTP/1.1");
    CU_ASSERT_EQUAL(s->stage, 0);
    CU_ASSERT_EQUAL_FATAL(s->point_count, 1);
    CU_ASSERT_EQUAL(s->points[0].pane, LESSON_PANE_WIRE);
    CU_ASSERT_STRING_EQUAL(s->points[0].what, "client random");
    CU_ASSERT_EQUAL(s->await, LESSON_AWAIT_NONE);

    s = &l->steps[1];
    CU_ASSERT_PTR_NULL(s->name);
    CU_ASSERT_EQUAL(s->stage, -1);
    CU_ASSERT_EQUAL(s->await, LESSON_AWAIT_STAGE);
    CU_ASSERT_EQUAL(s->await_stage, 4);
    CU_ASSERT_STRING_EQUAL(s->quiz.question, "Which one?");
    CU_ASSERT_EQUAL(s->quiz.choice_count, 2);
    CU_ASSERT_EQUAL(s->quiz.correct, 1);
    CU_ASSERT_STRING_EQUAL(s->quiz.choices[0].why, "Not A, really.");
    CU_ASSERT_PTR_NULL(s->quiz.choices[1].why);
    CU_ASSERT_TRUE(s->quiz.choices[1].correct);
    CU_ASSERT_EQUAL(l->steps[2].await, LESSON_AWAIT_LEAK_KEY);
    CU_ASSERT_STRING_EQUAL(lesson_await_name(l->steps[2].await), "leak-key");
    CU_ASSERT_STRING_EQUAL(lesson_pane_name(LESSON_PANE_CA), "ca");
    lesson_free(l);
}

static void test_line_ends(void)
{
    struct diags d;
    static const char crlf[] = "title T\r\nstep\r\nsay Hi.\r\nsay there";
    struct lesson *l = parse(crlf, &d);

    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_STRING_EQUAL(l->title, "T");
    CU_ASSERT_STRING_EQUAL(l->steps[0].texts[0].text, "Hi. there");
    lesson_free(l);
}

static void test_errors_have_positions(void)
{
    expect_error("title T\nstep\nsya x\n", 3, 1, "unknown keyword 'sya' (did you mean 'say'?)");
    expect_error("title T\nstep\n\t  Say x\n", 3, 4, "unknown keyword 'Say'");
    expect_error("title T\nstep\nsay x\nzebra\n", 4, 1, "unknown keyword 'zebra';");
    expect_error("title\nstep\nsay x\n", 1, 6, "needs the lesson's title");
    expect_error("step\nsay x\n", 1, 1, "no title");
    expect_error("title T\n", 1, 1, "no steps");
    expect_error("title T\nsay x\nstep\nsay y\n", 2, 1, "outside any step");
    expect_error("title T\nstep a b\nsay x\n", 2, 6, "is not one word");
    expect_error("title T\nstep a\nsay x\nstep a\nsay y\n", 4, 6, "a second step named 'a'");
    expect_error("title T\nstep\nstage 3\n", 2, 1, "shows the student nothing");
    expect_error("title T\nstep\nsay x\nset seed x\n", 4, 10, "whole number");
    expect_error("title T\nstep\nsay x\nset sede 1\n", 4, 5, "did you mean 'seed'?");
    expect_error("title T\nstep\nsay x\nset host\n", 4, 9, "needs a value");
    expect_error("title T\nstep\nsay x\nstage 12\n", 4, 7, "from 0 to 8");
    expect_error("title T\nstep\nsay x\npoint wyre x\n", 4, 7, "did you mean 'wire'?");
    expect_error("title T\nstep\nsay x\nawait stage 9\n", 4, 13, "from 1 to 8");
    expect_error("title T\nstep\nsay x\nawait files x\n", 4, 13, "takes nothing");
    expect_error("title T\nstep\nstage 4\nawait stage 4\n", 4, 1, "met before the student");
    expect_error("title T\nstep\nquiz Q\ncorrect A\n", 3, 1, "1 choice");
    expect_error("title T\nstep\nquiz Q\nchoice A\nwhy a\nchoice B\nwhy b\n", 3, 1,
                 "no right answer");
    expect_error("title T\nstep\nquiz Q\ncorrect A\n  choice B\n", 5, 3, "has no 'why'");
    expect_error("title T\nstep\nquiz Q\ncorrect A\nchoice B\nsay x\n", 5, 1,
                 "has no 'why'");
    expect_error("title T\nstep\nsay x\nchoice A\n", 4, 1, "before any 'quiz'");
}

static void test_every_error_reported(void)
{
    static const char text[] = "sya\ntitle T\nstep\nstage 9\nawait x\nquiz\n";
    struct diags d;
    struct lesson *l = parse(text, &d);

    CU_ASSERT_PTR_NULL(l);
    CU_ASSERT_EQUAL_FATAL(d.count, 4);
    CU_ASSERT_EQUAL(d.items[0].line, 1);
    CU_ASSERT_EQUAL(d.items[1].line, 4);
    CU_ASSERT_EQUAL(d.items[2].line, 5);
    CU_ASSERT_EQUAL(d.items[3].line, 6);
    diags_free(&d);
}

static void test_printer(void)
{
    struct diags d;
    char out[512] = {0};
    struct lesson *l = parse("title T\nstep\n\tsay caf\xc3\xa9\nsay \xc3\xa9 sya\n\tstage x\n", &d);

    CU_ASSERT_PTR_NULL(l);
    FILE *f = tmpfile();
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    diags_print(&d, f);
    rewind(f);
    size_t n = fread(out, 1, sizeof out - 1, f);
    out[n] = '\0';
    fclose(f);
    CU_ASSERT_STRING_EQUAL(out, "t.lesson:5:8: error: 'stage' wants a stage number from 0 to 8, "
                                "not 'x'\n\tstage x\n\t      ^\n");
    diags_free(&d);
}

static void test_bad_bytes(void)
{
    static const char text[] = "title T\nstep\nsay a\0b\nsay \x80\nsay ok\n";
    struct diags d = {0};
    struct lesson *l = NULL;

    CU_ASSERT_EQUAL(lesson_parse("t.lesson", text, sizeof text - 1, &l, &d), -1);
    CU_ASSERT_PTR_NULL(l);
    CU_ASSERT_EQUAL_FATAL(d.count, 2);
    CU_ASSERT_EQUAL(d.items[0].line, 3);
    CU_ASSERT_EQUAL(d.items[0].col, 6);
    CU_ASSERT_STRING_EQUAL(d.items[0].source, "say a?b");
    CU_ASSERT_EQUAL(d.items[1].col, 5);
    diags_free(&d);
}

static void test_limits(void)
{
    size_t n = LESSON_LINE_MAX + 50;
    char *text = calloc(1, n + 64);

    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    strcpy(text, "title T\nstep\nsay ");
    memset(text + strlen(text), 'x', n);
    expect_error(text, 3, 1, "bytes long; the most is 1000");
    free(text);

    struct diags d = {0};
    struct lesson *l = NULL;
    CU_ASSERT_EQUAL(lesson_parse("t.lesson", "", LESSON_FILE_MAX + 1, &l, &d), -1);
    CU_ASSERT_EQUAL(d.count, 1);
    diags_free(&d);
}

static void test_suggest(void)
{
    static const char *const names[] = {"say", "step", "set", "stage"};

    CU_ASSERT_STRING_EQUAL(diag_suggest("sya", names, 4), "say");
    CU_ASSERT_STRING_EQUAL(diag_suggest("stpe", names, 4), "step");
    CU_ASSERT_STRING_EQUAL(diag_suggest("STAGE", names, 4), "stage");
    CU_ASSERT_PTR_NULL(diag_suggest("x", names, 4));
    CU_ASSERT_PTR_NULL(diag_suggest("elephant", names, 4));
    CU_ASSERT_PTR_NULL(diag_suggest("", names, 4));
}

/* Random bytes, and random changes to a good lesson, never crash the parser
 * (the sanitizer build and valgrind watch for leaks and bad reads). */
/* With the list of problems already full (as after many files in one
 * --check), a bad lesson still fails instead of passing unlisted. */
static void test_full_list_still_fails(void)
{
    struct diags d = {0};
    struct lesson *l = NULL;

    for (int i = 0; i < DIAGS_MAX + 1; i++)
        diags_add(&d, "other.lesson", 1, 1, NULL, "an earlier problem");
    CU_ASSERT_EQUAL(lesson_parse("t.lesson", "sya hi\n", 7, &l, &d), -1);
    CU_ASSERT_PTR_NULL(l);
    diags_free(&d);
}

static void test_never_crashes(void)
{
    static const char good[] = "title T\nstep a\nsay x\nset seed 1\nstage 2\npoint eve k\n"
                               "quiz q\nchoice c\nwhy w\ncorrect d\nawait stage 5\n";
    char buf[600];
    uint8_t rnd[600];
    struct crypt_rng rng;

    crypt_rng_from_number(&rng, 99);
    crypt_rng_use(&rng);
    for (int round = 0; round < 3000; round++) {
        size_t len;
        crypt_random(rnd, sizeof rnd);
        if (round % 2 == 0) {
            len = rnd[0] * 2u + rnd[1] % 2u;
            memcpy(buf, rnd + 2, len);
        } else {
            len = sizeof good - 1;
            memcpy(buf, good, len);
            for (int k = 0; k < 1 + rnd[0] % 4; k++)
                buf[rnd[1 + k] % len] = (char)rnd[10 + k];
            if (round % 3 == 0)
                buf[rnd[20] % len] = "\n\0 \t\r#"[rnd[21] % 6];
        }
        struct diags d = {0};
        struct lesson *l = NULL;
        int rc = lesson_parse("f.lesson", buf, len, &l, &d);
        CU_ASSERT(rc == 0 ? l != NULL && d.count == 0 : l == NULL && d.count > 0);
        for (size_t i = 0; i < d.count; i++)
            CU_ASSERT(d.items[i].line >= 1 && d.items[i].col >= 1);
        FILE *f = tmpfile();
        if (f != NULL) {
            diags_print(&d, f);
            fclose(f);
        }
        diags_free(&d);
        lesson_free(l);
    }
}

static void test_hint(void)
{
    struct diags d;
    struct lesson *l = parse("title T\nstep\nsay S.\nhint Look at\nhint stage 3.\nstep\nsay U.\n", &d);

    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_STRING_EQUAL(l->steps[0].hint, "Look at stage 3.");
    CU_ASSERT_PTR_NULL(l->steps[1].hint);
    lesson_free(l);
    diags_free(&d);
    expect_error("title T\nstep\nhint\n", 3, 5, "'hint' needs the hint");
    expect_error("title T\nstep\nhint A\nsay S.\nhint B\n", 5, 1, "a second 'hint'");
}

int main(void)
{
    static const struct unit_test tests[] = {
        {"a good lesson", test_good_lesson},
        {"a step's hint", test_hint},
        {"CRLF and no final newline", test_line_ends},
        {"each mistake at its line and column", test_errors_have_positions},
        {"every mistake, not only the first", test_every_error_reported},
        {"printer: source line and caret", test_printer},
        {"NUL and non-UTF-8 bytes", test_bad_bytes},
        {"line and file limits", test_limits},
        {"did you mean", test_suggest},
        {"no input crashes the parser", test_never_crashes},
        {"a bad lesson fails even when the list is full", test_full_list_still_fails},
        {NULL, NULL},
    };
    return unit_run("lesson", tests);
}
