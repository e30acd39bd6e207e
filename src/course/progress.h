/*
 * progress.h - what a student has done in each lesson, kept between runs.
 *
 * Owns the progress record (per lesson: steps done, steps in all, quizzes
 * answered and answered right the first time; and the lesson opened last)
 * and its file, $XDG_STATE_HOME/tlssim/progress.  The file is replaced
 * atomically; a damaged one is moved aside, never deleted or overwritten,
 * and the student is told.  Several sessions may share the file: a save
 * takes a lock (an flock on "progress.lock" beside it), reads what the
 * others saved and merges it in, so nothing another session saved is lost.
 * Only progress_open() prints, to the stream it is given.
 */
#ifndef TLSSIM_PROGRESS_H
#define TLSSIM_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define PROGRESS_NAME_MAX 64       /* bytes in a lesson id, with its NUL */
#define PROGRESS_PATH_MAX 4096
#define PROGRESS_ERR_MAX 512
#define PROGRESS_COUNT_MAX 100000  /* the largest count a file may hold */

struct progress_entry {
    char lesson[PROGRESS_NAME_MAX];  /* the lesson's id: its file name without .lesson */
    unsigned step;                   /* steps finished, 0..total */
    unsigned total;                  /* steps the lesson had when last saved */
    unsigned answered;               /* quizzes answered */
    unsigned correct;                /* of those, right at the first try */
    /* The quiz of the first unfinished step, answered but not yet scored
     * (scores land when the step is finished): */
    bool quiz_missed;                /* a wrong answer came first */
    bool quiz_solved;                /* the right answer has been given */
};

struct progress {
    struct progress_entry *entries;
    size_t count;
    size_t cap;                      /* entries allocated */
    char last[PROGRESS_NAME_MAX];    /* the lesson opened last, or "" */
    /* What the file held when this record was loaded or last saved: a save
     * keeps another session's change wherever this one made none. */
    struct progress_entry *base;
    size_t base_count;
    char base_last[PROGRESS_NAME_MAX];
};

/* What progress_load() found wrong with a file, and where the file went. */
struct progress_damage {
    unsigned line;
    char reason[128];
    char kept_as[PROGRESS_PATH_MAX];
};

/* Work out the progress file's path from the values of $XDG_STATE_HOME and
 * $HOME (either may be NULL or empty); returns 0, or -1 with a reason. */
int progress_path(char *out, size_t outlen, const char *xdg_state_home, const char *home,
                  char *err, size_t errlen) __attribute__((warn_unused_result));

/* True when name can be a lesson id: letters, digits, '.', '_' and '-'. */
bool progress_name_ok(const char *name);

/* Read the file at path into p (a missing file is an empty record): returns
 * 0; 1 when it was damaged, with p empty, the file moved aside and dmg
 * filled in; -1 with a reason in err when it could not be read or moved. */
int progress_load(struct progress *p, const char *path, struct progress_damage *dmg,
                  char *err, size_t errlen) __attribute__((warn_unused_result));

/* Replace the file at path with p merged with what other sessions saved
 * there since p was loaded (p becomes the merged record), under the lock,
 * creating its directories; the old file stays whole until the new one is
 * on disk.  Returns 0, or -1 with a reason. */
int progress_save(struct progress *p, const char *path, char *err, size_t errlen)
    __attribute__((warn_unused_result));

/* The entry of lesson, or NULL when the student has not opened it. */
const struct progress_entry *progress_find(const struct progress *p, const char *lesson);

/* The entry of lesson, added (at step 0 of total) when there is none. */
struct progress_entry *progress_entry(struct progress *p, const char *lesson, unsigned total);

/* True when the entry's lesson has been finished. */
bool progress_done(const struct progress_entry *e);

/* Describe e for a lesson of total steps in words ("not started", "step 3
 * of 7", "done", then the quiz score if any) into buf; e may be NULL. */
const char *progress_describe(const struct progress_entry *e, unsigned total, char *buf,
                              size_t n);

/* Load the student's progress from the file $XDG_STATE_HOME (or $HOME)
 * names, writing its path into path; a damaged file is reported on report
 * and p starts empty.  Returns 0, or -1 after reporting why it failed. */
int progress_open(struct progress *p, char *path, size_t pathlen, FILE *report)
    __attribute__((warn_unused_result));

/* Free the entries and leave p empty and reusable. */
void progress_free(struct progress *p);

#endif
