/*
 * fuzz_lesson.c - fuzz target: lesson files, through lesson_parse() and
 * the printer of its diagnostics.
 */
#include "fuzz.h"

#include "base/diag.h"
#include "course/lesson.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct diags diags = {0};
    struct lesson *lesson = NULL;

    if (lesson_parse("fuzz.lesson", (const char *)data, size, &lesson, &diags) == 0)
        lesson_free(lesson);
    diags_print(&diags, fuzz_sink());
    diags_free(&diags);
    return 0;
}
