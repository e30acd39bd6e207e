/*
 * catalog.h - the lessons tlssim ships: which directory holds them, and
 * their numbers, ids and files.
 *
 * A lesson file is named NN-words.lesson; NN is its number in the list and
 * "NN-words" its id, the key its progress is kept under.  The directory is
 * $TLSSIM_LESSONS_DIR when set, the source tree's lessons/ when tlssim runs
 * from its build tree, and the installed data directory otherwise.
 */
#ifndef TLSSIM_CATALOG_H
#define TLSSIM_CATALOG_H

#include "course/progress.h"

#include <stddef.h>

#define CATALOG_ERR_MAX 512

struct catalog_entry {
    unsigned number;                 /* the file name's leading digits */
    char id[PROGRESS_NAME_MAX];      /* the file name without ".lesson" */
    char *path;
};

struct catalog {
    char *dir;
    struct catalog_entry *entries;   /* by number, then by id */
    size_t count;
};

/* List the lessons of the lesson directory (see above) into c; returns 0,
 * or -1 with a reason in err when the directory cannot be read. */
int catalog_open(struct catalog *c, char *err, size_t errlen) __attribute__((warn_unused_result));

/* List the lessons in dir into c, as catalog_open() does. */
int catalog_open_dir(struct catalog *c, const char *dir, char *err, size_t errlen)
    __attribute__((warn_unused_result));

/* The lesson called name: its number, its id, or its id without the
 * number ("hellos" for 03-hellos); NULL when there is none. */
const struct catalog_entry *catalog_lookup(const struct catalog *c, const char *name);

/* The first lesson after the one with id (or the first of all when id is
 * empty or unknown) that is not done in p; NULL when all are. */
const struct catalog_entry *catalog_next_open(const struct catalog *c, const struct progress *p,
                                              const char *id);

/* The lesson a bare 'tlssim learn' opens: the one opened last, unless it is
 * done, then the next one not done; NULL when every lesson is done. */
const struct catalog_entry *catalog_resume(const struct catalog *c, const struct progress *p);

/* Free what c holds and leave it empty. */
void catalog_free(struct catalog *c);

#endif
