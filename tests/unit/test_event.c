/*
 * test_event.c - the event log: sentences read as printf would write
 * them, values of any size keep their bytes across the pool's blocks, and
 * a narration's text may be replaced, as the engine does.
 */
#include "engine/event.h"
#include "unit.h"

#include "base/bytes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every sentence, joined or formatted, reads as snprintf writes it. */
static void test_sentences_as_printf(void)
{
    struct sim_log log = {0};
    char want[600], long_word[400], huge[1500], want_huge[3100];

    memset(long_word, 'x', sizeof long_word - 1);
    long_word[sizeof long_word - 1] = '\0';
    memset(huge, 'y', sizeof huge - 1);   /* two of them outgrow the stack buffer */
    huge[sizeof huge - 1] = '\0';
    log_text(&log, SIM_EV_ACTION, SIM_ACTOR_CLIENT, "no conversion at all");
    log_text(&log, SIM_EV_ACTION, SIM_ACTOR_SERVER, "%s", "only a string");
    log_text(&log, SIM_EV_ACTION, SIM_ACTOR_CA, "%s and %s, then %s.", "one", "", "three");
    log_text(&log, SIM_EV_ACTION, SIM_ACTOR_EVE, "%zu bytes at %d%% of %s", (size_t)42, 7, "it");
    log_text(&log, SIM_EV_REAL_TLS, SIM_ACTOR_CLIENT, "long: %s (%d)", long_word, 1);
    log_check(&log, SIM_ACTOR_CLIENT, "cert.signature", FACT_PASS, NULL, "%s%s", "a", "b");
    log_text(&log, SIM_EV_ACTION, SIM_ACTOR_CLIENT, "%d, %d and %d; byte %02x", -42, 0,
             -2147483647 - 1, 0xab);
    log_text(&log, SIM_EV_ACTION, SIM_ACTOR_CLIENT, "%s|%s|%zu", huge, huge, (size_t)-1);
    CU_ASSERT_EQUAL_FATAL(log.count, 8);
    CU_ASSERT_STRING_EQUAL(log.events[0].text, "no conversion at all");
    CU_ASSERT_STRING_EQUAL(log.events[1].text, "only a string");
    CU_ASSERT_STRING_EQUAL(log.events[2].text, "one and , then three.");
    CU_ASSERT_STRING_EQUAL(log.events[3].text, "42 bytes at 7% of it");
    snprintf(want, sizeof want, "long: %s (%d)", long_word, 1);
    CU_ASSERT_STRING_EQUAL(log.events[4].text, want);
    CU_ASSERT_STRING_EQUAL(log.events[5].text, "ab");
    CU_ASSERT_STRING_EQUAL(log.events[6].text, "-42, 0 and -2147483648; byte ab");
    snprintf(want_huge, sizeof want_huge, "%s|%s|%zu", huge, huge, (size_t)-1);
    CU_ASSERT_STRING_EQUAL(log.events[7].text, want_huge);
    CU_ASSERT_PTR_NOT_NULL(log.events[5].title);
    log_free(&log);
    CU_ASSERT_EQUAL(log.count, 0);
    CU_ASSERT_PTR_NULL(log.events);
}

/* Values small and larger than a pool block keep their bytes and titles. */
static void test_values_of_any_size(void)
{
    struct sim_log log = {0};
    enum { BIG = 20000, SMALL = 300, ROUNDS = 80 };
    uint8_t *big = malloc(BIG);
    uint8_t small[SMALL];
    char title[32];

    CU_ASSERT_PTR_NOT_NULL_FATAL(big);
    for (size_t i = 0; i < BIG; i++)
        big[i] = (uint8_t)(i * 7);
    for (int r = 0; r < ROUNDS; r++) {
        memset(small, r, sizeof small);
        snprintf(title, sizeof title, "value %d", r);
        if (r == ROUNDS / 2)
            log_knows(&log, SIM_ACTOR_SERVER, "big", big, BIG, true, "larger than a block");
        log_knows(&log, SIM_ACTOR_CLIENT, title, small, sizeof small, false, NULL);
        log_wire(&log, SIM_ACTOR_CLIENT, SIM_ACTOR_SERVER, "frame", small, (size_t)r, NULL, 0);
    }
    CU_ASSERT_EQUAL_FATAL(log.count, 2 * ROUNDS + 1);
    int r = 0;
    for (size_t i = 0; i < log.count; i++) {
        const struct sim_event *ev = &log.events[i];
        if (ev->kind == SIM_EV_KNOWS && strcmp(ev->title, "big") == 0) {
            CU_ASSERT_EQUAL(ev->len, BIG);
            CU_ASSERT(memcmp(ev->bytes, big, BIG) == 0);
            CU_ASSERT_STRING_EQUAL(ev->text, "larger than a block");
            CU_ASSERT_TRUE(ev->secret);
        } else if (ev->kind == SIM_EV_KNOWS) {
            snprintf(title, sizeof title, "value %d", r);
            memset(small, r, sizeof small);
            CU_ASSERT_STRING_EQUAL(ev->title, title);
            CU_ASSERT_EQUAL(ev->len, SMALL);
            CU_ASSERT(memcmp(ev->bytes, small, SMALL) == 0);
            CU_ASSERT_PTR_NULL(ev->text);
        } else {
            CU_ASSERT_EQUAL(ev->kind, SIM_EV_WIRE);
            CU_ASSERT_EQUAL(ev->len, (size_t)r);
            CU_ASSERT_PTR_NOT_NULL(ev->bytes);
            CU_ASSERT(ev->len == 0 || memcmp(ev->bytes, small, ev->len) == 0);
            r++;
        }
    }
    CU_ASSERT_EQUAL(r, ROUNDS);
    log_free(&log);
    free(big);
}

/* A narration's text is a heap string that may be freed and replaced. */
static void test_narration_replaced(void)
{
    struct sim_log log = {0};

    log.stage = 3;
    log_text(&log, SIM_EV_NARRATION, SIM_ACTOR_CLIENT, "%s", "");
    log_text(&log, SIM_EV_ACTION, SIM_ACTOR_CLIENT, "acts");
    struct sim_event *narration = &log.events[0];
    CU_ASSERT_EQUAL(narration->stage, 3);
    CU_ASSERT_STRING_EQUAL(narration->text, "");
    free(narration->text);
    narration->text = xstrdup("what happens at stage 3");
    CU_ASSERT_STRING_EQUAL(log.events[0].text, "what happens at stage 3");
    CU_ASSERT_STRING_EQUAL(log.events[1].text, "acts");
    log_free(&log);
}

/* Buffers grow past their first block and keep every byte; xasprintf
 * writes strings longer than its stack buffer. */
static void test_bytes_grow_and_format(void)
{
    struct bytes b = {0};
    char *s;

    for (unsigned i = 0; i < 5000; i++)
        bytes_append_byte(&b, (uint8_t)i);
    bytes_append_be(&b, 0x010203, 3);
    CU_ASSERT_EQUAL_FATAL(b.len, 5003);
    for (unsigned i = 0; i < 5000; i++)
        if (b.data[i] != (uint8_t)i)
            CU_FAIL("a byte changed as the buffer grew");
    CU_ASSERT_EQUAL(b.data[5000], 1);
    CU_ASSERT_EQUAL(b.data[5002], 3);
    bytes_free(&b);
    CU_ASSERT_PTR_NULL(b.data);

    s = xasprintf("%0600d|%s", 5, "end");
    CU_ASSERT_EQUAL(strlen(s), 604);
    CU_ASSERT_STRING_EQUAL(s + 599, "5|end");
    free(s);
    s = xasprintf("%s=%zu", "n", (size_t)12);
    CU_ASSERT_STRING_EQUAL(s, "n=12");
    free(s);
}

int main(void)
{
    static const struct unit_test tests[] = {
        {"sentences read as printf writes them", test_sentences_as_printf},
        {"values of any size keep their bytes", test_values_of_any_size},
        {"a narration's text may be replaced", test_narration_replaced},
        {"buffers grow and strings format", test_bytes_grow_and_format},
        {NULL, NULL},
    };
    return unit_run("event", tests);
}
