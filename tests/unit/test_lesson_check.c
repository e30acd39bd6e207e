/*
 * test_lesson_check.c - a lesson's point lines held up against real runs
 * of the engine: the stage a step shows, what each pane names, and the
 * problems reported for names that are not there.
 */
#include "course/lesson_check.h"
#include "unit.h"

#include <stdlib.h>
#include <string.h>

/* Parse text as a lesson that must be free of format mistakes. */
static struct lesson *parse(const char *text)
{
    struct diags d = {0};
    struct lesson *l = NULL;

    CU_ASSERT_EQUAL(lesson_parse("t.lesson", text, strlen(text), &l, &d), 0);
    CU_ASSERT_EQUAL(d.count, 0);
    diags_free(&d);
    return l;
}

/* A seeded engine with the given switch on (or none), at stage. */
static struct engine *engine_at(int stage, const char *option)
{
    struct sim_options o;
    struct engine *e = NULL;
    char err[ENGINE_ERR_MAX];

    sim_options_default(&o);
    CU_ASSERT_EQUAL(sim_options_set(&o, "seed", "3", err, sizeof err), 0);
    if (option != NULL)
        CU_ASSERT_EQUAL(sim_options_set(&o, option, NULL, err, sizeof err), 0);
    CU_ASSERT_EQUAL_FATAL(engine_new(&o, &e, err, sizeof err), 0);
    engine_goto(e, stage);
    return e;
}

static void test_stage_of_a_step(void)
{
    struct lesson *l = parse("title T\n"
                             "step\nsay before any stage line\n"
                             "step\nstage 2\nsay two\n"
                             "step\nsay still two\nawait stage 5\n"
                             "step\nsay five, since the student stepped there\n"
                             "step\nstage 1\nsay back to one\n"
                             "step\nstage 7\nawait stage 8\n"
                             "step\nstage 3\nsay a stage line wins over an earlier await\n");

    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_EQUAL(lesson_check_stage(l, 0), 0);
    CU_ASSERT_EQUAL(lesson_check_stage(l, 1), 2);
    CU_ASSERT_EQUAL(lesson_check_stage(l, 2), 2);
    CU_ASSERT_EQUAL(lesson_check_stage(l, 3), 5);
    CU_ASSERT_EQUAL(lesson_check_stage(l, 4), 1);
    CU_ASSERT_EQUAL(lesson_check_stage(l, 5), 7);
    CU_ASSERT_EQUAL(lesson_check_stage(l, 6), 3);
    lesson_free(l);
}

static void test_find(void)
{
    struct engine *e = engine_at(2, NULL);
    const struct sim_event *ev = NULL;
    const struct sim_field *f = NULL;

    /* A known value, in its actor's pane only. */
    CU_ASSERT_TRUE(lesson_check_find(e, LESSON_PANE_CLIENT, "client random", &ev, &f));
    CU_ASSERT_EQUAL(ev->kind, SIM_EV_KNOWS);
    CU_ASSERT_EQUAL(ev->actor, SIM_ACTOR_CLIENT);
    CU_ASSERT_PTR_NULL(f);
    CU_ASSERT_TRUE(lesson_check_find(e, LESSON_PANE_EVE, "client random", NULL, NULL));
    CU_ASSERT_FALSE(lesson_check_find(e, LESSON_PANE_CA, "client random", NULL, NULL));
    CU_ASSERT_FALSE(lesson_check_find(e, LESSON_PANE_CLIENT, "Client random", NULL, NULL));
    CU_ASSERT_FALSE(lesson_check_find(e, LESSON_PANE_CLIENT, "server random", NULL, NULL));

    /* On the wire: a field of a message, or the message itself. */
    CU_ASSERT_TRUE(lesson_check_find(e, LESSON_PANE_WIRE, "client random", &ev, &f));
    CU_ASSERT_EQUAL(ev->kind, SIM_EV_WIRE);
    CU_ASSERT_STRING_EQUAL(ev->title, "ClientHello");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_STRING_EQUAL(f->label, "client random");
    CU_ASSERT_TRUE(lesson_check_find(e, LESSON_PANE_WIRE, "ClientHello", &ev, &f));
    CU_ASSERT_PTR_NULL(f);
    CU_ASSERT_TRUE(lesson_check_find(e, LESSON_PANE_WIRE, "CertificateSigningRequest", NULL, NULL));
    CU_ASSERT_FALSE(lesson_check_find(e, LESSON_PANE_WIRE, "ServerHello", NULL, NULL));

    /* A check shows at the stage it is made, and not after. */
    CU_ASSERT_TRUE(lesson_check_find(e, LESSON_PANE_SERVER, "common cipher suite", &ev, NULL));
    CU_ASSERT_EQUAL(ev->kind, SIM_EV_CHECK);
    engine_goto(e, 3);
    CU_ASSERT_FALSE(lesson_check_find(e, LESSON_PANE_SERVER, "common cipher suite", NULL, NULL));
    CU_ASSERT_TRUE(lesson_check_find(e, LESSON_PANE_CLIENT, "host name matches", NULL, NULL));

    /* Nothing of a later stage, and the newest of several. */
    CU_ASSERT_FALSE(lesson_check_find(e, LESSON_PANE_CLIENT, "session key", NULL, NULL));
    engine_goto(e, 8);
    CU_ASSERT_TRUE(lesson_check_find(e, LESSON_PANE_CLIENT, "session key", NULL, NULL));
    CU_ASSERT_TRUE(lesson_check_find(e, LESSON_PANE_EVE, "recorded record", &ev, NULL));
    CU_ASSERT_EQUAL(ev->stage, 8);
    engine_free(e);

    /* What-ifs bring names of their own. */
    e = engine_at(1, "mitm");
    CU_ASSERT_TRUE(lesson_check_find(e, LESSON_PANE_EVE, "Mallory's private key (Ed25519)", NULL,
                                     NULL));
    engine_free(e);
    e = engine_at(1, NULL);
    CU_ASSERT_FALSE(lesson_check_find(e, LESSON_PANE_EVE, "Mallory's private key (Ed25519)", NULL,
                                      NULL));
    engine_free(e);
}

static void test_points(void)
{
    struct lesson *l = parse("title T\n"
                             "step\nstage 5\nset seed 9\nsay s\n"
                             "point server sealed session key\n"
                             "point eve wrapped session key\n"
                             "step\nset mitm on\nstage 1\nsay s\n"
                             "point eve Mallory's private key (Ed25519)\n"
                             "step\nset mitm off\nsay s\n"
                             "point  eve\tMallory's private key (Ed25519)\n"
                             "step\nstage 0\nsay s\npoint wire ClientHello\n");
    struct diags d = {0};

    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_EQUAL(lesson_check_points(l, &d), 3);
    CU_ASSERT_EQUAL_FATAL(d.count, 3);

    CU_ASSERT_STRING_EQUAL(d.items[0].file, "t.lesson");
    CU_ASSERT_EQUAL(d.items[0].line, 6);
    CU_ASSERT_EQUAL(d.items[0].col, 14);
    CU_ASSERT_STRING_EQUAL(d.items[0].source, "point server sealed session key");
    unit_expect_contains(d.items[0].message, "nothing called 'sealed session key' is known to "
                                             "the server at stage 5; known there: '");
    unit_expect_contains(d.items[0].message, "'client random'");

    /* The options in force (mitm turned off again) decide what exists;
     * the column counts the tab as one character. */
    CU_ASSERT_EQUAL(d.items[1].line, 16);
    CU_ASSERT_EQUAL(d.items[1].col, 12);
    unit_expect_contains(d.items[1].message, "nothing called 'Mallory's private key (Ed25519)' "
                                             "is known to Eve at stage 1, where Eve knows "
                                             "nothing yet");

    CU_ASSERT_EQUAL(d.items[2].line, 20);
    unit_expect_contains(d.items[2].message, "nothing called 'ClientHello' is on the wire at "
                                             "stage 0, where nothing has crossed it yet");
    diags_free(&d);
    lesson_free(l);

    /* Options the engine refuses are reported at the step's first point. */
    l = parse("title T\nstep\nset mode ephemeral\nset tamper 5\nstage 6\nsay s\n"
              "point server session key\npoint client session key\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_EQUAL(lesson_check_points(l, &d), 1);
    CU_ASSERT_EQUAL_FATAL(d.count, 1);
    CU_ASSERT_EQUAL(d.items[0].line, 7);
    unit_expect_contains(d.items[0].message, "the simulator cannot run with the options in force "
                                             "here (in ephemeral mode nothing crosses the wire");
    diags_free(&d);
    lesson_free(l);

    /* A lesson with nothing wrong adds nothing. */
    l = parse("title T\nstep\nstage 3\nsay s\npoint wire chosen cipher suite\n"
              "point client server random\npoint client signature valid\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_EQUAL(lesson_check_points(l, &d), 0);
    CU_ASSERT_EQUAL(d.count, 0);
    diags_free(&d);
    lesson_free(l);
}

int main(void)
{
    static const struct unit_test tests[] = {
        {"the stage a step shows", test_stage_of_a_step},
        {"what a point finds in each pane", test_find},
        {"problems for points that name nothing", test_points},
        {NULL, NULL},
    };
    return unit_run("lesson_check", tests);
}
