/*
 * test_serve_keys.c - the dashboard's key table: what each key does on the
 * roster and on a connection's server panes, and that the help lists the
 * keys of each place and no other.
 */
#include "tui/tui_serve_keys.h"
#include "unit.h"

#include <string.h>

static const struct tui_glyphs glyphs = {.key_right = ">", .key_left = "<", .key_updown = "^v"};

/* What key does at place. */
static enum serve_action act(unsigned place, int key)
{
    return tui_key_table_action(&tui_serve_key_table, place, key);
}

/* The help's rows at place (room for max), the arrows in glyphs. */
static size_t docs_at(unsigned place, struct tui_key_doc *docs, size_t max)
{
    return tui_key_table_docs(&tui_serve_key_table, place, &glyphs, docs, max);
}

static void test_actions_by_place(void)
{
    const unsigned R = SERVE_AT_ROSTER, P = SERVE_AT_PANES;

    CU_ASSERT_EQUAL(act(R, TUI_K_DOWN), SERVE_ACT_DOWN);
    CU_ASSERT_EQUAL(act(R, 'j'), SERVE_ACT_DOWN);
    CU_ASSERT_EQUAL(act(R, 'k'), SERVE_ACT_UP);
    CU_ASSERT_EQUAL(act(R, '\n'), SERVE_ACT_OPEN);
    CU_ASSERT_EQUAL(act(R, TUI_K_RIGHT), SERVE_ACT_OPEN);
    CU_ASSERT_EQUAL(act(R, '5'), SERVE_ACT_NONE);
    CU_ASSERT_EQUAL(act(R, 'x'), SERVE_ACT_NONE);
    CU_ASSERT_EQUAL(act(P, TUI_K_ESC), SERVE_ACT_ROSTER);
    CU_ASSERT_EQUAL(act(P, TUI_K_LEFT), SERVE_ACT_ROSTER);
    CU_ASSERT_EQUAL(act(P, 'j'), SERVE_ACT_SCROLL_DOWN);
    CU_ASSERT_EQUAL(act(P, ' '), SERVE_ACT_NEXT);
    CU_ASSERT_EQUAL(act(P, 'h'), SERVE_ACT_BACK);
    CU_ASSERT_EQUAL(act(P, '5'), SERVE_ACT_STAGE);
    CU_ASSERT_EQUAL(act(P, 'x'), SERVE_ACT_TOGGLE_WIRE);
    CU_ASSERT_EQUAL(act(P, '\n'), SERVE_ACT_NONE);
    for (int i = 0; i < 2; i++) {   /* the what-ifs and the way out work everywhere */
        unsigned place = i == 0 ? R : P;
        CU_ASSERT_EQUAL(act(place, 'c'), SERVE_ACT_CERT);
        CU_ASSERT_EQUAL(act(place, 'm'), SERVE_ACT_MODE);
        CU_ASSERT_EQUAL(act(place, 'f'), SERVE_ACT_FINISHED);
        CU_ASSERT_EQUAL(act(place, 'q'), SERVE_ACT_QUIT);
        CU_ASSERT_EQUAL(act(place, '?'), SERVE_ACT_HELP);
    }
}

/* Whether docs (count rows) has a row whose keys column is keys. */
static bool listed(const struct tui_key_doc *docs, size_t count, const char *keys)
{
    for (size_t i = 0; i < count; i++)
        if (strcmp(docs[i].keys, keys) == 0)
            return true;
    return false;
}

static void test_help_lists_the_place(void)
{
    struct tui_key_doc docs[40];
    size_t n = docs_at(SERVE_AT_ROSTER, docs, 40);

    CU_ASSERT_TRUE(listed(docs, n, "Enter Right"));
    CU_ASSERT_TRUE(listed(docs, n, "Up Down  k j"));
    CU_ASSERT_TRUE(listed(docs, n, "q  Ctrl-C"));
    CU_ASSERT_FALSE(listed(docs, n, "Esc Left"));
    CU_ASSERT_FALSE(listed(docs, n, "x"));
    CU_ASSERT_TRUE(listed(docs, n, "Esc"));   /* it closes the help, and does nothing else here */
    CU_ASSERT_EQUAL(act(SERVE_AT_ROSTER, TUI_K_ESC), SERVE_ACT_NONE);
    for (size_t i = 0; i < n; i++)
        if (docs[i].short_key != NULL && strcmp(docs[i].short_what, "select") == 0)
            CU_ASSERT_STRING_EQUAL(docs[i].short_key, "^v");
    n = docs_at(SERVE_AT_PANES, docs, 40);
    CU_ASSERT_TRUE(listed(docs, n, "Esc Left"));
    CU_ASSERT_TRUE(listed(docs, n, "x"));
    CU_ASSERT_TRUE(listed(docs, n, "1 2 3 4 5 6 7 8"));
    CU_ASSERT_FALSE(listed(docs, n, "Enter Right"));
    CU_ASSERT_EQUAL(docs_at(SERVE_AT_PANES, docs, 3), 3);
}

int main(void)
{
    static const struct unit_test tests[] = {
        {"what each key does on the roster and on the panes", test_actions_by_place},
        {"the help lists the keys of the place", test_help_lists_the_place},
        {NULL, NULL},
    };
    return unit_run("serve_keys", tests);
}
