/*
 * cmd_learn.c - "tlssim learn": check lesson files, or take a lesson: in
 * the terminal tutorial (tui_learn.c) on a terminal, else as plain text,
 * reading quiz answers from standard input.
 *
 * The tutor module decides what comes next and keeps the score; this file
 * picks the lesson, keeps the progress file, and prints the text run.
 */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif

#include "base/bytes.h"
#include "course/catalog.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "course/lesson.h"
#include "engine/engine.h"
#include "course/lesson_check.h"
#include "course/progress.h"
#include "course/sim_open.h"
#include "tui/tui_learn.h"
#include "course/tutor.h"
#include "course/walk_record.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WRAP_WIDTH 72
#define ANSWER_MAX 64

/* One text run of a lesson: what is being learnt, and where progress goes. */
struct session {
    struct lesson *lesson;
    struct progress prog;
    char path[PROGRESS_PATH_MAX];  /* of the progress file */
    char id[PROGRESS_NAME_MAX];
    unsigned number;               /* 0 for a lesson file named on the command line */
    struct catalog cat;
    char *notice;                  /* what opening the progress file reported, or NULL */
    const char *record_path;       /* --record: write the session as a demo script */
    bool record_force;             /* --force: --record may replace a file */
};

/* What learn's command line asks for. */
struct learn_args {
    bool restart, plain, no_animation, force;
    const char *record;
    const char *name;       /* the lesson, or NULL */
    bool check;
    char **files;           /* --check's */
    int file_count;
};

enum learn_option { LEARN_CHECK };

/* Read what learn's table leaves to it: --check, which takes the rest of
 * the line as the files to check. */
static int take_learn_arg(struct cli_parser *p, int id)
{
    struct learn_args *a = p->fields;

    a->check = true;
    a->files = cli_rest(p, &a->file_count);
    return 0;
}

/* The entry of learn (learn_command), made by the build from cli/usage/learn.txt. */
#include "cli/usage_learn.h"

/* Check each file, and each point in it against a run of the simulator,
 * and print every problem found; 0 when all are clean, else 2. */
static int check_files(int count, char **files)
{
    struct diags diags = {0};

    for (int i = 0; i < count; i++) {
        struct lesson *l = NULL;
        if (lesson_load(files[i], &l, &diags) == 0) {
            lesson_check_points(l, &diags);
            lesson_free(l);
        }
    }
    diags_print(&diags, stderr);
    int rc = diags.count == 0 ? 0 : EXIT_USAGE;
    diags_free(&diags);
    return rc;
}

/* Print text wrapped at WRAP_WIDTH characters: the first line after first,
 * the others after as many spaces. */
static void print_wrapped(const char *text, const char *first)
{
    int indent = (int)strlen(first), room = WRAP_WIDTH - indent, col = 0;
    bool first_line = true;

    while (*text) {
        size_t len = strcspn(text, " ");
        int width = 0;
        for (size_t i = 0; i < len; i++)
            if (((unsigned char)text[i] & 0xC0) != 0x80)
                width++;
        if (col > 0 && col + 1 + width > room) {
            putchar('\n');
            col = 0;
        }
        if (col == 0)
            printf("%*s", first_line ? 0 : indent, first_line ? first : "");
        printf("%s%.*s", col > 0 ? " " : "", (int)len, text);
        first_line = false;
        col += width + (col > 0);
        text += len;
        text += strspn(text, " ");
    }
    if (col > 0)
        putchar('\n');
}

/* Read one answer line from standard input, trimmed; false at the end of input. */
static bool read_answer(char *buf, size_t n)
{
    fflush(stdout);
    if (fgets(buf, (int)n, stdin) == NULL)
        return false;
    if (strchr(buf, '\n') == NULL) {
        int c;
        while ((c = getchar()) != EOF && c != '\n')
            ;
    }
    size_t end = strcspn(buf, "\r\n");
    while (end > 0 && buf[end - 1] == ' ')
        end--;
    buf[end] = '\0';
    return true;
}

/* What the student would do at a checkpoint in the simulator, in words. */
static void print_checkpoint(const struct lesson_step *s)
{
    static const char *const todo[] = {
        [LESSON_AWAIT_TAMPER] = "change a byte of a message on the wire and watch who notices",
        [LESSON_AWAIT_MITM] = "put Mallory in the middle of the connection",
        [LESSON_AWAIT_LEAK_KEY] = "leak the server's long-term private key to Eve",
        [LESSON_AWAIT_FILES] = "write out the key, CSR and certificate files and open them",
    };
    char what[96];

    if (s->await == LESSON_AWAIT_STAGE)
        snprintf(what, sizeof what, "step the handshake on to stage %d", s->await_stage);
    else
        snprintf(what, sizeof what, "%s", todo[s->await]);
    char *line = xasprintf("[Checkpoint] In the tutorial's simulator view you would now %s. "
                           "This text-only run goes on without it.", what);
    putchar('\n');
    print_wrapped(line, "  ");
    free(line);
}

/* Print hex in lines of 32 bytes under a label, so a long value is shown
 * whole as the screen's "v" key would. */
static void print_hex(const uint8_t *bytes, size_t len)
{
    for (size_t at = 0; at < len; at += 32) {
        char *hex = bytes_to_hex(bytes + at, len - at < 32 ? len - at : 32);
        printf("       %s\n", hex);
        free(hex);
    }
}

/* Print each point of step s and what the simulator shows there at the
 * step's stage: the value, or the wire field with its bytes, as the
 * screen would highlight it. */
static void print_points(const struct tutor *t, const struct lesson_step *s)
{
    static const char *const pane_words[] = {
        [LESSON_PANE_CLIENT] = "the client's pane", [LESSON_PANE_SERVER] = "the server's pane",
        [LESSON_PANE_CA] = "the CA's pane", [LESSON_PANE_EVE] = "Eve's pane",
        [LESSON_PANE_WIRE] = "the wire",
    };
    struct sim_options o;
    struct engine *e = NULL;
    char err[ENGINE_ERR_MAX > SIM_OPTION_ERR_MAX ? ENGINE_ERR_MAX : SIM_OPTION_ERR_MAX];

    if (s->point_count == 0)
        return;
    putchar('\n');
    if (tutor_options(t, &o, err, sizeof err) != 0 ||
        sim_open_engine(&o, &e, err, sizeof err) != 0) {
        printf("  (The simulator cannot run this step: %s.)\n", err);
        return;
    }
    engine_goto(e, s->stage >= 0 ? s->stage : lesson_check_stage(t->lesson, t->step));
    for (size_t i = 0; i < s->point_count; i++) {
        const struct lesson_point *pt = &s->points[i];
        const struct sim_event *ev = NULL;
        const struct sim_field *f = NULL;
        printf("  >> Look at %s: %s\n", pane_words[pt->pane], pt->what);
        if (!lesson_check_find(e, pt->pane, pt->what, &ev, &f) || ev == NULL) {
            puts("     (not shown at this stage)");
            continue;
        }
        if (f != NULL) {
            printf("     %s, %s (%zu B) at byte %zu:\n", ev->title, f->label, f->len,
                   f->offset);
            print_hex(ev->bytes + f->offset, f->len);
            if (f->decoded != NULL)
                printf("       = %s\n", f->decoded);
        } else if (ev->bytes != NULL && ev->len > 0) {
            printf("     %s (%zu B)%s:\n", ev->title, ev->len, ev->secret ? " [secret]" : "");
            print_hex(ev->bytes, ev->len);
        } else {
            print_wrapped(ev->text != NULL ? ev->text : ev->title, "     ");
        }
    }
    engine_free(e);
}

/* Print everything a step shows before its quiz: the stage the simulator
 * is at, the text, and what the points show there (the step's settings
 * are for the simulator, not text to read). */
static void print_step(const struct tutor *t)
{
    const struct lesson_step *s = tutor_step(t);

    printf("\n--- Step %zu of %zu ---\n", t->step + 1, t->lesson->step_count);
    if (s->stage >= 0)
        printf("  (The simulator shows stage %d of 8.)\n", s->stage);
    for (size_t i = 0; i < s->text_count; i++) {
        putchar('\n');
        if (s->texts[i].kind == LESSON_TEXT_PARAGRAPH) {
            print_wrapped(s->texts[i].text, "");
            continue;
        }
        for (const char *line = s->texts[i].text;; line++) {
            size_t len = strcspn(line, "\n");
            printf("    %.*s\n", (int)len, line);
            line += len;
            if (*line == '\0')
                break;
        }
    }
    print_points(t, s);
    if (s->await != LESSON_AWAIT_NONE)
        print_checkpoint(s);
}

/* Ask the step's quiz until it is answered right; false if the student stops. */
static bool ask_quiz(struct tutor *t)
{
    const struct lesson_quiz *q = &tutor_step(t)->quiz;
    char answer[ANSWER_MAX];

    putchar('\n');
    print_wrapped(q->question, "Quiz: ");
    for (size_t i = 0; i < q->choice_count; i++) {
        char label[8];
        snprintf(label, sizeof label, "  %c) ", (char)('a' + i));
        print_wrapped(q->choices[i].text, label);
    }
    while (tutor_quiz_pending(t)) {
        printf("Your answer (a-%c, %sor q to stop): ", (char)('a' + q->choice_count - 1),
               tutor_step(t)->hint != NULL ? "? for a hint, " : "");
        if (!read_answer(answer, sizeof answer) || strcmp(answer, "q") == 0)
            return false;
        if (strcmp(answer, "?") == 0) {
            print_wrapped(tutor_step(t)->hint != NULL ? tutor_step(t)->hint
                                                      : "This step has no hint.",
                          "Hint: ");
            continue;
        }
        size_t pick = q->choice_count;
        if (answer[0] >= 'a' && answer[0] <= 'd' && answer[1] == '\0')
            pick = (size_t)(answer[0] - 'a');
        else if (answer[0] >= 'A' && answer[0] <= 'D' && answer[1] == '\0')
            pick = (size_t)(answer[0] - 'A');
        else if (answer[0] >= '1' && answer[0] <= '4' && answer[1] == '\0')
            pick = (size_t)(answer[0] - '1');
        if (pick >= q->choice_count) {
            printf("Please answer with a letter from a to %c.\n",
                   (char)('a' + q->choice_count - 1));
            continue;
        }
        if (tutor_answer(t, pick)) {
            if (q->choices[pick].why != NULL)
                print_wrapped(q->choices[pick].why, "Right. ");
            else
                puts("Right.");
        } else {
            print_wrapped(q->choices[pick].why, "Not quite. ");
            puts("Try again.");
        }
    }
    return true;
}

/* Save the student's place; false after saying why it could not be saved. */
static bool save(struct session *s)
{
    char err[PROGRESS_ERR_MAX];

    if (progress_save(&s->prog, s->path, err, sizeof err) == 0)
        return true;
    fprintf(stderr, "tlssim learn: your progress was not saved: %s\n", err);
    return false;
}

/* Keep the student's place (for the terminal tutorial). */
static int save_place(void *ctx, char *err, size_t errlen)
{
    struct session *s = ctx;

    return progress_save(&s->prog, s->path, err, errlen);
}

/* Say what comes after a finished lesson: the score and the next lesson. */
static void print_finish(struct session *s, const struct progress_entry *e)
{
    printf("\nThat is the end of this lesson.");
    if (e->answered > 0)
        printf(" Quizzes right at the first try: %u of %u.", e->correct, e->answered);
    putchar('\n');
    const struct catalog_entry *next = catalog_next_open(&s->cat, &s->prog, s->id);
    if (next != NULL && s->number > 0)
        printf("Next: 'tlssim learn %u'.\n", next->number);
}

/* Take the lesson in the terminal tutorial, then say where the student is;
 * with a record path, what the student does is written as a demo script. */
static int run_tui(struct session *s, struct tutor *t, const struct tui_settings *given)
{
    char heading[160];
    struct tui_settings settings = *given;

    if (s->record_path != NULL) {
        struct sim_options o;
        char err[SIM_OPTION_ERR_MAX];
        if (tutor_options(t, &o, err, sizeof err) != 0)
            sim_options_default(&o);
        if (walk_record_open(&settings.record, s->record_path, &o, s->record_force, err,
                             sizeof err) != 0) {
            fprintf(stderr, "tlssim learn: %s\n", err);
            return EXIT_USAGE;
        }
    }

    if (s->number > 0)
        snprintf(heading, sizeof heading, "Lesson %u: %s", s->number, s->lesson->title);
    else
        snprintf(heading, sizeof heading, "Lesson: %s", s->lesson->title);
    struct tui_lesson l = {
        .tutor = t, .heading = heading, .notice = s->notice, .save = save_place, .save_ctx = s,
    };
    int status = tui_learn_run(&l, &settings);
    if (s->record_path != NULL) {
        char err[SIM_OPTION_ERR_MAX];
        if (walk_record_close(settings.record, err, sizeof err) != 0) {
            fprintf(stderr, "tlssim learn: %s\n", err);
            if (status == 0)
                status = EXIT_USAGE;
        }
    }
    if (l.save_error[0] != '\0')
        fprintf(stderr, "tlssim learn: your progress was not saved: %s\n", l.save_error);
    if (!save(s) && status == 0)
        status = EXIT_CHECK_FAILED;
    if (progress_done(t->entry))
        print_finish(s, t->entry);
    else
        printf("Stopped at step %u of %u. 'tlssim learn' carries on from there.\n",
               t->entry->step + 1, t->entry->total);
    return status;
}

/* Take the lesson from the student's place to the end or until they stop:
 * in the terminal tutorial unless plain. */
static int run(struct session *s, bool restart, bool plain, const struct tui_settings *tui)
{
    struct progress_entry *e = progress_entry(&s->prog, s->id, (unsigned)s->lesson->step_count);
    struct tutor t;
    char answer[ANSWER_MAX];

    tutor_start(&t, s->lesson, e, restart);
    snprintf(s->prog.last, sizeof s->prog.last, "%s", s->id);
    if (!save(s))
        return EXIT_CHECK_FAILED;
    if (!plain)
        return run_tui(s, &t, tui);
    if (s->number > 0)
        printf("Lesson %u: %s\n", s->number, s->lesson->title);
    else
        printf("Lesson: %s\n", s->lesson->title);
    if (t.step > 0)
        printf("(Carrying on at step %zu of %zu; --restart starts from the beginning.)\n",
               t.step + 1, s->lesson->step_count);
    while (tutor_step(&t) != NULL) {
        print_step(&t);
        tutor_skip_await(&t);
        bool go_on = true;
        if (tutor_quiz_pending(&t)) {
            go_on = ask_quiz(&t);
        } else if (t.step + 1 < s->lesson->step_count) {
            printf("\n[Enter: next step, q: stop] ");
            go_on = read_answer(answer, sizeof answer) && strcmp(answer, "q") != 0;
        }
        if (!go_on) {
            /* the place is kept, and how the quiz was answered so far */
            printf("\nStopped at step %zu of %zu. 'tlssim learn' carries on from here.\n",
                   t.step + 1, s->lesson->step_count);
            return save(s) ? 0 : EXIT_CHECK_FAILED;
        }
        tutor_advance(&t);
        if (!save(s))
            return EXIT_CHECK_FAILED;
    }
    print_finish(s, e);
    return 0;
}

/* Find the lesson the student asked for (or the one to resume) and load it
 * into s; 0, 1 when every lesson is done, or an exit status after the reason. */
static int choose(struct session *s, const char *name)
{
    char err[CATALOG_ERR_MAX];
    struct diags diags = {0};
    const char *path;
    size_t len = name ? strlen(name) : 0;

    if (len > strlen(".lesson") && strcmp(name + len - strlen(".lesson"), ".lesson") == 0) {
        /* A lesson file of its own, for authors trying one out. */
        const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
        snprintf(s->id, sizeof s->id, "%.*s", (int)(strlen(base) - strlen(".lesson")), base);
        if (!progress_name_ok(s->id))
            return usage_error("learn", "a lesson file's name uses letters, digits, '.', '_' "
                               "and '-' only, not '%s'", base);
        path = name;
    } else {
        const struct catalog_entry *e = NULL;
        if (catalog_open(&s->cat, err, sizeof err) != 0) {
            fprintf(stderr, "tlssim learn: %s\n", err);
            return EXIT_USAGE;
        }
        if (s->cat.count == 0) {
            fprintf(stderr, "tlssim learn: there are no lessons in %s; set TLSSIM_LESSONS_DIR "
                    "to the directory that holds the .lesson files\n", s->cat.dir);
            return EXIT_USAGE;
        }
        if (name != NULL)
            e = catalog_lookup(&s->cat, name);
        else
            e = catalog_resume(&s->cat, &s->prog);
        if (name != NULL && e == NULL)
            return usage_error("learn", "there is no lesson '%s'; 'tlssim lessons' lists them",
                               name);
        if (e == NULL) {
            puts("You have finished every lesson. 'tlssim learn NUMBER' opens one again.");
            return 1;
        }
        snprintf(s->id, sizeof s->id, "%s", e->id);
        s->number = e->number;
        path = e->path;
    }
    if (lesson_load(path, &s->lesson, &diags) != 0 || lesson_check_points(s->lesson, &diags) > 0) {
        diags_print(&diags, stderr);
        diags_free(&diags);
        return EXIT_USAGE;
    }
    return 0;
}

/* Open the student's progress into s, reporting on stderr what was wrong
 * with the file; for the terminal tutorial, the report is also kept in
 * s->notice to show on its screen.  0, or -1 after the report. */
static int open_progress(struct session *s, bool plain)
{
    char *report = NULL;
    size_t len = 0;
    FILE *out = plain ? NULL : open_memstream(&report, &len);
    int rc = progress_open(&s->prog, s->path, sizeof s->path, out ? out : stderr);

    if (out == NULL)
        return rc;
    fclose(out);
    fputs(report, stderr);
    while (len > 0 && report[len - 1] == '\n')
        report[--len] = '\0';
    for (char *nl = strchr(report, '\n'); nl != NULL; nl = strchr(nl, '\n'))
        *nl = ' ';
    if (len > 0)
        s->notice = report;
    else
        free(report);
    return rc;
}

/* tlssim learn: check lesson files, or take a lesson. */
int cmd_learn(int argc, char **argv)
{
    struct learn_args a = {0};
    struct cli_parser p = {.cmd = &learn_command, .argc = argc, .argv = argv, .fields = &a};
    int status;

    if ((status = cli_parse(&p)) != CLI_GO_ON)
        return status;
    if (a.check && (a.restart || a.plain || a.name != NULL))
        return usage_error("learn", "--check comes first and takes only lesson files");
    if (a.check && a.file_count == 0)
        return usage_error("learn", "--check needs at least one lesson file");
    if (a.check)
        return check_files(a.file_count, a.files);

    struct tui_settings tui = {.animate = !a.no_animation, .theme = TUI_THEME_DEFAULT};
    if (a.force && a.record == NULL)
        return usage_error("learn", "--force goes with --record FILE");
    if (a.record != NULL && (a.plain || !cli_can_use_tui()))
        return usage_error("learn", "--record writes down a session in the terminal tutorial; "
                                    "it does not go with --plain or a pipe");
    struct session s = {.record_path = a.record, .record_force = a.force};
    int rc = EXIT_CHECK_FAILED;
    bool plain = a.plain || !cli_can_use_tui();
    if (open_progress(&s, plain) != 0)
        goto done;
    rc = choose(&s, a.name);
    if (rc == 1)
        rc = 0;
    else if (rc == 0)
        rc = run(&s, a.restart, plain, &tui);
done:
    free(s.notice);
    lesson_free(s.lesson);
    progress_free(&s.prog);
    catalog_free(&s.cat);
    return rc;
}
