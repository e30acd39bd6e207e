/*
 * test_observed.c - one side of a networked run, shown by the engine: the
 * result comes from that side's own checks (what it cannot know stays
 * unclaimed), the stages go no further than the side reached, the log
 * handed in is copied, and each stage's narration fits what was measured.
 */
#include "engine/engine.h"
#include "engine/observed.h"
#include "engine/stage_text.h"
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What the client of a walk with opts saw: its own events and the server's
 * messages as they reached it, with the narration places, up to the stage
 * where the walk aborted (a connection ends there); the walk's result in
 * *walk. */
static void client_log_of_walk(const struct sim_options *opts, struct sim_log *log,
                               struct sim_result *walk)
{
    struct engine *e = NULL;
    char err[ENGINE_ERR_MAX];

    memset(log, 0, sizeof *log);
    CU_ASSERT_FATAL(engine_new(opts, &e, err, sizeof err) == 0);
    engine_goto(e, SIM_STAGE_COUNT);
    int last = engine_result(e)->aborted ? engine_result(e)->aborted_at : SIM_STAGE_COUNT;
    for (size_t i = 0; i < engine_event_count(e); i++) {
        const struct sim_event *ev = engine_event(e, i);
        if (ev->stage <= last && (ev->actor == SIM_ACTOR_CLIENT ||
                                  (ev->kind == SIM_EV_WIRE && ev->peer == SIM_ACTOR_CLIENT)))
            log_append_copy(log, ev);
    }
    *walk = *engine_result(e);
    engine_free(e);
}

static void seeded(struct sim_options *o)
{
    sim_options_default(o);
    o->seeded = true;
    o->seed = 7;
}

/* An observed engine showing the client's log of a walk with opts, handed
 * in up to reached with end and then freed; the walk's result in *walk and
 * the number of events handed in in *count. */
static struct engine *observe_walk(const struct sim_options *opts, int reached,
                                   const struct sim_observed_end *end, struct sim_result *walk,
                                   size_t *count)
{
    struct sim_log log;

    client_log_of_walk(opts, &log, walk);
    *count = log.count;
    struct engine *e = engine_new_observed(opts, SIM_ACTOR_CLIENT);
    engine_observe(e, &log, reached, end);
    log_free(&log);                                   /* the engine keeps its own copy */
    return e;
}

/* The narration of stage in e as shown, or "". */
static const char *narration_at(struct engine *e, int stage, unsigned *claims)
{
    engine_goto(e, stage);
    for (size_t i = 0; i < engine_event_count(e); i++) {
        const struct sim_event *ev = engine_event(e, i);
        if (ev->kind == SIM_EV_NARRATION && ev->stage == stage) {
            *claims = ev->claims;
            return ev->text;
        }
    }
    *claims = 0;
    return "";
}

/* A whole run: completed at stage 8 only, nothing claimed about others,
 * the copy outlives the log handed in, and going back hides later events. */
static void test_completed_run(void)
{
    struct sim_options o;
    struct sim_result walk;
    struct sim_observed_end end = {.completed = true};
    unsigned claims;
    size_t total;

    seeded(&o);
    struct engine *e = engine_new_observed(&o, SIM_ACTOR_CLIENT);
    CU_ASSERT_EQUAL(engine_local_actor(e), SIM_ACTOR_CLIENT);
    CU_ASSERT_EQUAL(engine_stage(e), 0);
    CU_ASSERT_EQUAL(engine_event_count(e), 0);
    engine_free(e);
    e = observe_walk(&o, SIM_STAGE_COUNT, &end, &walk, &total);
    CU_ASSERT_TRUE(walk.completed);
    CU_ASSERT_EQUAL(engine_stage(e), 0);
    CU_ASSERT_EQUAL(engine_reached_stage(e), SIM_STAGE_COUNT);
    engine_goto(e, SIM_STAGE_COUNT + 3);
    CU_ASSERT_EQUAL(engine_stage(e), SIM_STAGE_COUNT);
    CU_ASSERT_EQUAL(engine_event_count(e), total);
    const struct sim_result *r = engine_result(e);
    CU_ASSERT_TRUE(r->completed);
    CU_ASSERT_TRUE(r->one_side);
    CU_ASSERT_TRUE(r->handshake_done);
    CU_ASSERT_TRUE(r->server_authenticated);
    CU_ASSERT_FALSE(r->aborted);
    CU_ASSERT_FALSE(r->cert_rejected);
    CU_ASSERT_EQUAL(r->forward_secrecy, SIM_FS_NOT_TESTED);
    CU_ASSERT_EQUAL(r->reader, SIM_READER_NOBODY);
    const uint8_t *der;
    size_t len;
    CU_ASSERT_TRUE(engine_trusted_ca(e, &der, &len));
    CU_ASSERT_TRUE(engine_received_certificate(e, &der, &len));
    CU_ASSERT_TRUE(len > 100 && der[0] == 0x30);
    /* stage 8 claims the run completed, and never that nobody else read it */
    narration_at(e, SIM_STAGE_COUNT, &claims);
    CU_ASSERT_TRUE(claims & CLAIM_COMPLETED);
    for (int s = 1; s <= SIM_STAGE_COUNT; s++) {
        CU_ASSERT_STRING_NOT_EQUAL(narration_at(e, s, &claims), "");
        CU_ASSERT_EQUAL(claims & (CLAIM_CONFIDENTIAL | CLAIM_KEY_LOADED | CLAIM_KEY_MADE), 0);
    }
    engine_goto(e, 2);
    CU_ASSERT_FALSE(engine_result(e)->completed);
    CU_ASSERT_FALSE(engine_received_certificate(e, &der, &len));
    for (size_t i = 0; i < engine_event_count(e); i++)
        CU_ASSERT_TRUE(engine_event(e, i)->stage <= 2);
    CU_ASSERT_TRUE(engine_event_count(e) < total);
    CU_ASSERT_EQUAL(engine_step(e), 0);
    CU_ASSERT_EQUAL(engine_stage(e), 3);
    engine_free(e);
}

/* An expired certificate: the client's check fails at stage 3, so the
 * result says aborted there by the client, naming the check, and the
 * narration says the checks failed; before stage 3 nothing has failed. */
static void test_rejected_certificate(void)
{
    struct sim_options o;
    struct sim_result walk;
    struct sim_observed_end end = {.reason = "the certificate has expired"};
    unsigned claims;
    size_t count;

    seeded(&o);
    o.cert = SIM_CERT_EXPIRED;
    struct engine *e = observe_walk(&o, 3, &end, &walk, &count);
    engine_goto(e, SIM_STAGE_COUNT);
    CU_ASSERT_EQUAL(engine_stage(e), 3);
    const struct sim_result *r = engine_result(e);
    CU_ASSERT_TRUE(r->aborted);
    CU_ASSERT_EQUAL(r->aborted_at, 3);
    CU_ASSERT_EQUAL(r->aborted_by, SIM_ACTOR_CLIENT);
    CU_ASSERT_TRUE(r->cert_rejected);
    CU_ASSERT_FALSE(r->cert_overridden);
    CU_ASSERT_FALSE(r->server_authenticated);
    CU_ASSERT_STRING_EQUAL(r->cert_failed_id, walk.cert_failed_id);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r->reason_id);
    CU_ASSERT_STRING_EQUAL(r->reason_id, walk.cert_failed_id);
    CU_ASSERT_STRING_EQUAL(r->reason, "the certificate has expired");
    unit_expect_contains(narration_at(e, 3, &claims), "Here the checks fail");
    CU_ASSERT_TRUE(claims & CLAIM_ABORTED);
    engine_goto(e, 2);
    CU_ASSERT_FALSE(engine_result(e)->aborted);
    CU_ASSERT_FALSE(engine_result(e)->cert_rejected);
    engine_free(e);
    /* handed in up to stage 2 only (what came after never happened on the
     * wire): the end shows at stage 2, where the run stopped */
    e = observe_walk(&o, 2, &end, &walk, &count);
    engine_goto(e, SIM_STAGE_COUNT);
    CU_ASSERT_EQUAL(engine_stage(e), 2);
    CU_ASSERT_TRUE(engine_result(e)->aborted);
    CU_ASSERT_EQUAL(engine_result(e)->aborted_at, 2);
    CU_ASSERT_FALSE(engine_result(e)->cert_rejected);
    CU_ASSERT_PTR_NULL(engine_result(e)->reason_id);
    engine_observe(e, &(struct sim_log){0}, 2, NULL);   /* still on: nothing is over */
    CU_ASSERT_FALSE(engine_result(e)->aborted);
    engine_free(e);
}

/* Clicking past the warning: rejected and overridden, completed, and no
 * narration claims whose key the secret went to. */
static void test_overridden_warning(void)
{
    struct sim_options o;
    struct sim_result walk;
    struct sim_observed_end end = {.completed = true};
    unsigned claims;
    size_t count;

    seeded(&o);
    o.cert = SIM_CERT_SELF_SIGNED;
    o.accept_bad_cert = true;
    struct engine *e = observe_walk(&o, SIM_STAGE_COUNT, &end, &walk, &count);
    CU_ASSERT_TRUE(walk.cert_overridden);
    engine_goto(e, SIM_STAGE_COUNT);
    const struct sim_result *r = engine_result(e);
    CU_ASSERT_TRUE(r->completed);
    CU_ASSERT_TRUE(r->cert_rejected);
    CU_ASSERT_TRUE(r->cert_overridden);
    CU_ASSERT_FALSE(r->server_authenticated);
    unit_expect_contains(narration_at(e, 3, &claims), "clicks past the warning");
    for (int s = 1; s <= SIM_STAGE_COUNT; s++) {
        narration_at(e, s, &claims);
        CU_ASSERT_EQUAL(claims & (CLAIM_SERVER_KEY_USED | CLAIM_CONFIDENTIAL), 0);
    }
    engine_free(e);
}

/* sim_result_from_log on a log made by hand: a failed Finished is a change
 * caught; the end counts from the log's last stage on; a remote end names
 * no check of this side; attackers and forward secrecy stay unclaimed. */
static void test_result_from_log(void)
{
    struct sim_log log = {0};
    struct sim_result r;
    struct sim_observed_end mine = {.reason = "the server's Finished does not match"};
    struct sim_observed_end theirs = {.by_remote = true, .reason = "the server: timeout"};

    for (log.stage = 1; log.stage <= 5; log.stage++)
        log_text(&log, SIM_EV_ACTION, SIM_ACTOR_CLIENT, "stage %d", log.stage);
    log.stage = 6;
    log_check(&log, SIM_ACTOR_SERVER, "record.client_to_server", FACT_FAIL, "bad_tag",
              "not this side's check");
    log_check(&log, SIM_ACTOR_CLIENT, "finished.server", FACT_FAIL, "mismatch", "differs");
    sim_result_from_log(&log, SIM_ACTOR_CLIENT, 5, &mine, &r);
    CU_ASSERT_FALSE(r.aborted);
    CU_ASSERT_FALSE(r.tamper_detected);
    sim_result_from_log(&log, SIM_ACTOR_CLIENT, 6, &mine, &r);
    CU_ASSERT_TRUE(r.one_side);
    CU_ASSERT_TRUE(r.aborted);
    CU_ASSERT_EQUAL(r.aborted_at, 6);
    CU_ASSERT_EQUAL(r.aborted_by, SIM_ACTOR_CLIENT);
    CU_ASSERT_FALSE(r.alert);
    CU_ASSERT_FALSE(r.handshake_done);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r.reason_id);
    CU_ASSERT_STRING_EQUAL(r.reason_id, "finished.server");
    CU_ASSERT_TRUE(r.tamper_detected);
    CU_ASSERT_EQUAL(r.tamper_detected_at, 6);
    CU_ASSERT_EQUAL(r.tamper_at, 0);
    CU_ASSERT_FALSE(r.eve_read_plaintext);
    CU_ASSERT_EQUAL(r.forward_secrecy, SIM_FS_NOT_TESTED);
    sim_result_from_log(&log, SIM_ACTOR_CLIENT, 6, &theirs, &r);
    CU_ASSERT_TRUE(r.aborted);
    CU_ASSERT_EQUAL(r.aborted_by, SIM_ACTOR_SERVER);
    CU_ASSERT_PTR_NULL(r.reason_id);
    CU_ASSERT_STRING_EQUAL(r.reason, "the server: timeout");
    sim_result_from_log(&log, SIM_ACTOR_SERVER, 6, NULL, &r);
    CU_ASSERT_FALSE(r.aborted);
    CU_ASSERT_TRUE(r.tamper_detected);
    CU_ASSERT_STRING_EQUAL(r.tamper_detected_by, "record.client_to_server");
    CU_ASSERT_FALSE(r.server_authenticated);
    log_free(&log);
}

/* An engine that runs its actors names no local actor and reaches all. */
static void test_running_engine_is_all_local(void)
{
    struct sim_options o;
    struct engine *e = NULL;
    char err[ENGINE_ERR_MAX];

    seeded(&o);
    CU_ASSERT_FATAL(engine_new(&o, &e, err, sizeof err) == 0);
    CU_ASSERT_EQUAL(engine_local_actor(e), SIM_ACTOR_COUNT);
    CU_ASSERT_EQUAL(engine_reached_stage(e), SIM_STAGE_COUNT);
    CU_ASSERT_FALSE(engine_result(e)->one_side);
    engine_free(e);
}

/* Whether a client's situation can close stage: completion and an alert
 * come only with the records (an alert at 7 or 8, completion at 8), a run
 * does not both abort and complete, an end with no failed check is an
 * abort but no alert, and stage 8 closes only by completion, an abort or
 * an alert. */
static bool can_close(int stage, unsigned sit)
{
    bool done = sit & SIT_COMPLETED, aborted = sit & SIT_ABORTED_HERE;

    if ((done && (aborted || stage < SIM_STAGE_COUNT)) || ((sit & SIT_ALERT) && stage < 7) ||
        ((sit & SIT_ENDED_UNCHECKED) && (!aborted || (sit & SIT_ALERT))))
        return false;
    return stage < SIM_STAGE_COUNT || done || aborted || (sit & SIT_ALERT);
}

/* Every stage a client can close has something to say in "what happens",
 * even when it leaves out all it cannot know (after a warning it clicked
 * past, whose key it used). */
static void test_no_stage_told_in_silence(void)
{
    static const unsigned can_be[] = {SIT_EPHEMERAL, SIT_FINISHED, SIT_OVERRIDDEN,
                                      SIT_CERT_REJECTED, SIT_ALERT, SIT_ABORTED_HERE,
                                      SIT_COMPLETED, SIT_ENDED_UNCHECKED};
    const size_t n = sizeof can_be / sizeof can_be[0];
    int told = 0;

    for (int stage = 1; stage <= SIM_STAGE_COUNT; stage++)
        for (unsigned pick = 0; pick < (1u << n); pick++) {
            unsigned sit = SIT_ONE_SIDE | SIT_LOADED, claims;
            for (size_t i = 0; i < n; i++)
                if (pick & (1u << i))
                    sit |= can_be[i];
            if (!can_close(stage, sit))
                continue;
            struct sim_result r = {.cert_overridden = (sit & SIT_OVERRIDDEN) != 0};
            char *text = stage_text_compose_known(stage, sit, false, observed_unknown_claims(&r),
                                                  &claims);
            if (text[0] == '\0')
                printf("\n  stage %d, situation %#x: nothing to say", stage, sit);
            CU_ASSERT_NOT_EQUAL(text[0], '\0');
            told++;
            free(text);
        }
    /* 6 x 32 early stages, 64 at stage 7, 80 at stage 8; and ended unchecked, 16 a stage */
    CU_ASSERT_EQUAL(told, 464);
}

/* A run that ends with no failed check of this side (the other side left,
 * a wait ran out) is not told as a check that failed. */
static void test_end_without_failed_check(void)
{
    struct sim_result r = {0};
    unsigned claims;

    for (int stage = 3; stage <= 6; stage += 3) {
        unsigned sit = SIT_ONE_SIDE | SIT_LOADED | SIT_ABORTED_HERE | SIT_ENDED_UNCHECKED;
        char *text = stage_text_compose_known(stage, sit, false, observed_unknown_claims(&r),
                                              &claims);
        CU_ASSERT_PTR_NULL(strstr(text, "check fails"));
        CU_ASSERT_PTR_NOT_NULL(strstr(text, "without a failed check"));
        CU_ASSERT(claims & CLAIM_ABORTED);
        free(text);
    }
    struct sim_result ended = {.aborted = true, .aborted_at = 6};
    struct sim_options opts = {0};
    CU_ASSERT(situation_one_side(&opts, &ended, 6) & SIT_ENDED_UNCHECKED);
    ended.reason_id = "record.tag";
    CU_ASSERT_FALSE(situation_one_side(&opts, &ended, 6) & SIT_ENDED_UNCHECKED);
}

int main(void)
{
    static const struct unit_test tests[] = {
        {"a completed run", test_completed_run},
        {"a rejected certificate", test_rejected_certificate},
        {"an overridden warning", test_overridden_warning},
        {"the result from a log", test_result_from_log},
        {"a running engine is all local", test_running_engine_is_all_local},
        {"no stage a client closes is told in silence", test_no_stage_told_in_silence},
        {"an end without a failed check is told as such", test_end_without_failed_check},
        {NULL, NULL},
    };
    return unit_run("observed", tests);
}
