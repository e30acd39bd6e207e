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

    int rc = lesson_parse("fuzz.lesson", (const char *)data, size, &lesson, &diags);
    /* A lesson parses with no problem listed, or fails with at least one. */
    FUZZ_CHECK((rc == 0) == (diags.count == 0));
    FUZZ_CHECK((rc == 0) == (lesson != NULL));
    if (rc == 0) {
        FUZZ_CHECK(lesson->title != NULL && lesson->step_count > 0);
        for (size_t i = 0; i < lesson->step_count; i++) {
            const struct lesson_step *s = &lesson->steps[i];
            FUZZ_CHECK(s->stage >= -1 && s->stage <= 8);
            FUZZ_CHECK(i == 0 || s->line > lesson->steps[i - 1].line);
            FUZZ_CHECK(s->quiz.question == NULL ||
                       (s->quiz.choice_count >= 2 && s->quiz.choice_count <= LESSON_CHOICES_MAX &&
                        s->quiz.correct < s->quiz.choice_count));
        }
        lesson_free(lesson);
    }
    diags_print(&diags, fuzz_sink());
    diags_free(&diags);
    return 0;
}
