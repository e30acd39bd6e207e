/*
 * test_tui_text.c - the TUI's curses-free text rules at small widths:
 * shortening on word boundaries, wrapping that keeps numbers with their
 * units and breaks long names with a mark, code lines that lose nothing,
 * the one key table's modes, the lesson layout folding empty panes, and
 * the lines of an asciicast recording.
 */
#define _POSIX_C_SOURCE 200809L

#include "tui/tui_cast.h"
#include "tui/tui_keys.h"
#include "tui/tui_layout.h"
#include "tui/tui_text.h"
#include "tui/tui_whatif.h"
#include "unit.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every line of l joined by '\n', its spans in order (the caller frees it). */
static char *joined(const struct tui_lines *l)
{
    size_t cap = 1;
    for (size_t i = 0; i < l->count; i++)
        for (int s = 0; s < l->v[i].span_count; s++)
            cap += strlen(l->v[i].span[s].text) + 1;
    char *out = calloc(1, cap + l->count);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    for (size_t i = 0; i < l->count; i++) {
        for (int s = 0; s < l->v[i].span_count; s++)
            strcat(out, l->v[i].span[s].text);
        strcat(out, "\n");
    }
    return out;
}

static void test_shorten_on_words(void)
{
    char out[64];

    tui_text_shorten("what an eavesdropper reads from plain HTTP", 30, "~", out, sizeof out);
    CU_ASSERT_STRING_EQUAL(out, "what an eavesdropper reads~");
    tui_text_shorten("key transport (RSA-style)", 16, "~", out, sizeof out);
    CU_ASSERT_STRING_EQUAL(out, "key transport~");
    tui_text_shorten("short", 10, "~", out, sizeof out);
    CU_ASSERT_STRING_EQUAL(out, "short");
    tui_text_shorten("Unbreakable", 5, "~", out, sizeof out);
    CU_ASSERT_STRING_EQUAL(out, "~");
}

static void test_wrap_keeps_units(void)
{
    struct tui_lines l;

    /* "sends ServerHello, 40 B" at 22 columns: 40 must not end the line */
    tui_lines_init(&l, 22, true);
    tui_lines_wrap(&l, TUI_ROLE_NORMAL, "", TUI_ROLE_NORMAL, 2, "sends ServerHello, 40 B");
    char *text = joined(&l);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "40 B"));
    tui_lines_free(&l);
    free(text);

    tui_lines_init(&l, 20, true);
    tui_lines_wrap(&l, TUI_ROLE_NORMAL, "", TUI_ROLE_NORMAL, 0, "client random (32 B) [secret]");
    text = joined(&l);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "(32 B)"));
    tui_lines_free(&l);
    free(text);
}

static void test_wrap_breaks_names_with_mark(void)
{
    struct tui_lines l;

    tui_lines_init(&l, 22, true);
    tui_lines_wrap(&l, TUI_ROLE_NORMAL, "", TUI_ROLE_NORMAL, 0,
                   "TLSSIM_SEALBOX_WITH_XCHACHA20_POLY1305");
    char *text = joined(&l);
    CU_ASSERT_STRING_EQUAL(text, "TLSSIM_SEALBOX_WITH_\\\nXCHACHA20_POLY1305\n");
    tui_lines_free(&l);
    free(text);

    tui_lines_init(&l, 22, true);
    tui_lines_wrap(&l, TUI_ROLE_NORMAL, "", TUI_ROLE_NORMAL, 0, "CertificateSigningRequest");
    text = joined(&l);
    CU_ASSERT_STRING_EQUAL(text, "CertificateSigning\\\nRequest\n");
    tui_lines_free(&l);
    free(text);
}

static void test_code_loses_nothing(void)
{
    const char *cmd = "openssl req -new -x509 -key server.key -days 365 -out cert.pem";
    struct tui_lines l;

    tui_lines_init(&l, 30, true);
    tui_lines_code(&l, TUI_ROLE_HEX, 4, cmd);
    CU_ASSERT(l.count > 1);
    /* every character is there, in order, once the indents and marks go */
    char *text = joined(&l), *kept = calloc(1, strlen(text) + 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(kept);
    for (size_t i = 0; i < l.count; i++) {
        struct tui_line *line = &l.v[i];
        CU_ASSERT(line->width <= 30);
        for (int s = 0; s < line->span_count; s++) {
            const char *t = line->span[s].text;
            if (strcmp(t, tui_text_continuation(true)) == 0) {
                CU_ASSERT_EQUAL(s, line->span_count - 1);
                CU_ASSERT(i + 1 < l.count);
                continue;
            }
            if (t[strspn(t, " ")] == '\0')
                continue;    /* the indent */
            strcat(kept, t);
        }
    }
    CU_ASSERT_STRING_EQUAL(kept, cmd);
    free(kept);
    free(text);
    tui_lines_free(&l);
}

static void test_key_modes(void)
{
    /* at a quiz the letters answer; in a lesson c is a what-if */
    CU_ASSERT_EQUAL(tui_keys_action(TUI_MODE_QUIZ, 'c'), TUI_ACT_PICK);
    CU_ASSERT_EQUAL(tui_keys_action(TUI_MODE_QUIZ, '3'), TUI_ACT_PICK);
    CU_ASSERT_EQUAL(tui_keys_action(TUI_MODE_QUIZ, '\n'), TUI_ACT_ANSWER);
    CU_ASSERT_EQUAL(tui_keys_action(TUI_MODE_LESSON, 'c'), TUI_ACT_CERT);
    CU_ASSERT_EQUAL(tui_keys_action(TUI_MODE_WALK, 'j'), TUI_ACT_SCROLL_DOWN);
    CU_ASSERT_EQUAL(tui_keys_action(TUI_MODE_WALK, 'k'), TUI_ACT_SCROLL_UP);
    CU_ASSERT_EQUAL(tui_keys_action(TUI_MODE_WALK, 'z'), TUI_ACT_NONE);
    CU_ASSERT_EQUAL(tui_keys_action(TUI_MODE_WALK, 'r'), TUI_ACT_HELLO_RETRY);
    CU_ASSERT_TRUE(tui_keys_is_whatif(TUI_ACT_HELLO_RETRY));
    CU_ASSERT_EQUAL(tui_keys_action(TUI_MODE_PLAY, TUI_K_CTRL_C), TUI_ACT_QUIT);
    CU_ASSERT_EQUAL(tui_keys_action(TUI_MODE_QUIZ, TUI_K_ESC), TUI_ACT_CLOSE);
    /* a connected client steps, looks and quits like the walk, with no what-if */
    CU_ASSERT_EQUAL(tui_keys_action(TUI_MODE_CONNECT, TUI_K_RIGHT), TUI_ACT_NEXT);
    CU_ASSERT_EQUAL(tui_keys_action(TUI_MODE_CONNECT, '\n'), TUI_ACT_NEXT);
    CU_ASSERT_EQUAL(tui_keys_action(TUI_MODE_CONNECT, TUI_K_LEFT), TUI_ACT_BACK);
    CU_ASSERT_EQUAL(tui_keys_action(TUI_MODE_CONNECT, '3'), TUI_ACT_STAGE);
    CU_ASSERT_EQUAL(tui_keys_action(TUI_MODE_CONNECT, 'i'), TUI_ACT_INSPECT);
    CU_ASSERT_EQUAL(tui_keys_action(TUI_MODE_CONNECT, 'x'), TUI_ACT_TOGGLE_WIRE);
    CU_ASSERT_EQUAL(tui_keys_action(TUI_MODE_CONNECT, 'q'), TUI_ACT_QUIT);
    CU_ASSERT_EQUAL(tui_keys_action(TUI_MODE_CONNECT, 'o'), TUI_ACT_NONE);
    /* no what-if works at a quiz or for a connected client, and no key both
     * navigates and is a what-if */
    for (int key = 1; key < 128; key++) {
        CU_ASSERT_FALSE(tui_keys_is_whatif(tui_keys_action(TUI_MODE_QUIZ, key)));
        CU_ASSERT_FALSE(tui_keys_is_whatif(tui_keys_action(TUI_MODE_CONNECT, key)));
        enum tui_action walk = tui_keys_action(TUI_MODE_WALK, key);
        enum tui_action lesson = tui_keys_action(TUI_MODE_LESSON, key);
        CU_ASSERT_EQUAL(tui_keys_is_whatif(walk), tui_keys_is_whatif(lesson));
    }
    /* the help lists the mode's keys only */
    struct tui_key_doc docs[40];
    struct tui_glyphs g = {.key_right = ">", .key_left = "<", .key_updown = "^v"};
    size_t n = tui_keys_docs(TUI_MODE_QUIZ, &g, docs, 40);
    bool pick = false;
    for (size_t i = 0; i < n; i++) {
        CU_ASSERT_PTR_NULL(strstr(docs[i].what, "what if"));
        pick = pick || strcmp(docs[i].what, "pick an answer") == 0;
    }
    CU_ASSERT_TRUE(pick);
    /* the i key's row names the stage the run delivers the certificate at */
    char inspect_help[64];
    n = tui_keys_docs(TUI_MODE_WALK, &g, docs, 40);
    size_t all = n;
    n = tui_keys_fit_run(docs, n, &(struct tui_key_run){5, true}, inspect_help,
                         sizeof inspect_help);
    CU_ASSERT_EQUAL(n, all - 2);     /* e and p */
    bool named = false, retry = false;
    for (size_t i = 0; i < n; i++) {
        named = named || (strcmp(docs[i].keys, "i") == 0 && docs[i].what == inspect_help);
        retry = retry || strcmp(docs[i].keys, "r") == 0;
        CU_ASSERT(strcmp(docs[i].keys, "e") != 0 && strcmp(docs[i].keys, "p") != 0);
    }
    CU_ASSERT_TRUE(named);
    CU_ASSERT_TRUE(retry);
    CU_ASSERT_PTR_NOT_NULL(strstr(inspect_help, "stage 5"));
    /* the teaching flow: no r, the certificate at stage 3 */
    n = tui_keys_docs(TUI_MODE_WALK, &g, docs, 40);
    n = tui_keys_fit_run(docs, n, &(struct tui_key_run){3, false}, inspect_help,
                         sizeof inspect_help);
    CU_ASSERT_EQUAL(n, all - 1);
    for (size_t i = 0; i < n; i++)
        CU_ASSERT(strcmp(docs[i].keys, "r") != 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(inspect_help, "stage 3"));
}

static void test_hello_retry_key(void)
{
    struct sim_options o;
    char note[TUI_NOTE_MAX], summary[128];

    /* the teaching flow has no HelloRetryRequest: r says so, changes nothing */
    sim_options_default(&o);
    CU_ASSERT_EQUAL(tui_whatif_toggle(&o, TUI_WHATIF_HELLO_RETRY, 1, false, note, sizeof note),
                    -1);
    CU_ASSERT_FALSE(o.hello_retry);
    CU_ASSERT_PTR_NOT_NULL(strstr(note, "TLS 1.3"));
    /* under TLS 1.3 it turns on, shows in the summary, and turns off again */
    o.protocol = SIM_PROTOCOL_TLS13;
    CU_ASSERT_EQUAL(tui_whatif_toggle(&o, TUI_WHATIF_HELLO_RETRY, 3, true, note, sizeof note), 0);
    CU_ASSERT_TRUE(o.hello_retry);
    tui_whatif_summary(&o, summary, sizeof summary);
    CU_ASSERT_PTR_NOT_NULL(strstr(summary, "HelloRetryRequest"));
    CU_ASSERT_EQUAL(tui_whatif_toggle(&o, TUI_WHATIF_HELLO_RETRY, 3, true, note, sizeof note), 0);
    CU_ASSERT_FALSE(o.hello_retry);
}

static void test_lesson_layout_folds(void)
{
    struct tui_layout share, fold, fit;

    tui_layout_compute_lesson(24, 80, -1, &share);
    tui_layout_compute_lesson(24, 80, 0, &fold);
    tui_layout_compute_lesson(24, 80, 3, &fit);
    CU_ASSERT_FALSE(share.too_small);
    /* a small screen gives the lesson more than half */
    CU_ASSERT(share.pane[TUI_PANE_NARRATION].h * 2 > share.pane[TUI_PANE_NARRATION].h +
                                                         share.pane[TUI_PANE_CLIENT].h);
    CU_ASSERT_EQUAL(fold.pane[TUI_PANE_CLIENT].w, 0);
    CU_ASSERT_EQUAL(fold.pane[TUI_PANE_NARRATION].y, 3);
    CU_ASSERT_EQUAL(fold.pane[TUI_PANE_NARRATION].h, 24 - 3 - 2);
    CU_ASSERT_EQUAL(fit.pane[TUI_PANE_CLIENT].h, 5);
    CU_ASSERT_EQUAL(fit.pane[TUI_PANE_NARRATION].y, 3 + 5);
}

static void test_cast_lines(void)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);

    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    CU_ASSERT_EQUAL(tui_cast_header(out, 80, 24, "xterm-256color", "a \"demo\""), 0);
    CU_ASSERT_EQUAL(tui_cast_event(out, 1250, "\x1b[1m\"\\\xe2\x86\xa9\xff", 10), 0);
    fclose(out);
    CU_ASSERT_STRING_EQUAL(buf, "{\"version\": 2, \"width\": 80, \"height\": 24, \"title\": "
                                "\"a \\\"demo\\\"\", \"env\": {\"TERM\": \"xterm-256color\"}}\n"
                                "[1.250, \"o\", \"\\u001b[1m\\\"\\\\\xe2\x86\xa9\\ufffd\"]\n");
    free(buf);
}

int main(void)
{
    static const struct unit_test tests[] = {
        {"shorten on words", test_shorten_on_words},
        {"wrap keeps units", test_wrap_keeps_units},
        {"wrap breaks names with a mark", test_wrap_breaks_names_with_mark},
        {"code loses nothing", test_code_loses_nothing},
        {"key modes", test_key_modes},
        {"hello retry key", test_hello_retry_key},
        {"lesson layout folds", test_lesson_layout_folds},
        {"asciicast lines", test_cast_lines},
        {NULL, NULL},
    };

    setlocale(LC_ALL, "C.UTF-8");
    return unit_run("tui_text", tests);
}
