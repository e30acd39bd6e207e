/*
 * catalog.c - find the lesson directory and list the lessons in it.
 */
#define _XOPEN_SOURCE 700

#include "course/catalog.h"

#include "base/bytes.h"

#include <dirent.h>
#include <stdbool.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef TLSSIM_LESSONS_DIR
#define TLSSIM_LESSONS_DIR "/usr/local/share/tlssim/lessons"
#endif

#define LESSON_SUFFIX ".lesson"

/* True when the running program is the one in the build tree, whose
 * lessons are still in the source tree rather than installed. */
static bool running_from_build_tree(void)
{
#if defined(TLSSIM_BUILD_PROGRAM) && defined(TLSSIM_SOURCE_LESSONS)
    char self[PATH_MAX], built[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);

    if (n <= 0)
        return false;
    self[n] = '\0';
    if (realpath(TLSSIM_BUILD_PROGRAM, built) == NULL)
        return false;
    return strcmp(self, built) == 0;
#else
    return false;
#endif
}

int catalog_open(struct catalog *c, char *err, size_t errlen)
{
    const char *env = getenv("TLSSIM_LESSONS_DIR");

    if (env != NULL && env[0] != '\0')
        return catalog_open_dir(c, env, err, errlen);
#ifdef TLSSIM_SOURCE_LESSONS
    if (running_from_build_tree())
        return catalog_open_dir(c, TLSSIM_SOURCE_LESSONS, err, errlen);
#endif
    return catalog_open_dir(c, TLSSIM_LESSONS_DIR, err, errlen);
}

/* If name is "NN-words.lesson", fill e's number and id and return true. */
static bool entry_from_name(struct catalog_entry *e, const char *name)
{
    size_t len = strlen(name), digits = strspn(name, "0123456789");
    size_t idlen = len - strlen(LESSON_SUFFIX);

    if (len <= strlen(LESSON_SUFFIX) || strcmp(name + idlen, LESSON_SUFFIX) != 0)
        return false;
    if (digits == 0 || digits > 3 || name[digits] != '-' || idlen >= sizeof e->id)
        return false;
    memcpy(e->id, name, idlen);
    e->id[idlen] = '\0';
    if (!progress_name_ok(e->id))
        return false;
    e->number = (unsigned)strtoul(name, NULL, 10);
    return true;
}

/* Order entries by number, then by id. */
static int entry_cmp(const void *a, const void *b)
{
    const struct catalog_entry *x = a, *y = b;

    if (x->number != y->number)
        return x->number < y->number ? -1 : 1;
    return strcmp(x->id, y->id);
}

int catalog_open_dir(struct catalog *c, const char *dir, char *err, size_t errlen)
{
    DIR *d;
    struct dirent *de;

    memset(c, 0, sizeof *c);
    c->dir = xstrdup(dir);
    d = opendir(dir);
    if (d == NULL) {
        snprintf(err, errlen,
                 "cannot open the lesson directory %s: %s; set TLSSIM_LESSONS_DIR to the "
                 "directory that holds the .lesson files", dir, strerror(errno));
        return -1;
    }
    while ((de = readdir(d)) != NULL) {
        struct catalog_entry e = {0};
        if (!entry_from_name(&e, de->d_name))
            continue;
        e.path = xasprintf("%s/%s", dir, de->d_name);
        c->entries = xrealloc(c->entries, (c->count + 1) * sizeof *c->entries);
        c->entries[c->count++] = e;
    }
    closedir(d);
    if (c->count > 0)   /* an empty folder: no array to sort */
        qsort(c->entries, c->count, sizeof *c->entries, entry_cmp);
    return 0;
}

const struct catalog_entry *catalog_lookup(const struct catalog *c, const char *name)
{
    size_t digits = strspn(name, "0123456789");

    for (size_t i = 0; i < c->count; i++) {
        const struct catalog_entry *e = &c->entries[i];
        const char *words = strchr(e->id, '-') + 1;
        if (name[0] != '\0' && name[digits] == '\0' && strtoul(name, NULL, 10) == e->number)
            return e;
        if (strcmp(name, e->id) == 0 || strcmp(name, words) == 0)
            return e;
    }
    return NULL;
}

const struct catalog_entry *catalog_next_open(const struct catalog *c, const struct progress *p,
                                              const char *id)
{
    size_t start = 0;

    for (size_t i = 0; i < c->count; i++)
        if (strcmp(c->entries[i].id, id) == 0)
            start = i + 1;
    for (size_t k = 0; k < c->count; k++) {
        const struct catalog_entry *e = &c->entries[(start + k) % c->count];
        const struct progress_entry *pe = progress_find(p, e->id);
        if (pe == NULL || !progress_done(pe))
            return e;
    }
    return NULL;
}

const struct catalog_entry *catalog_resume(const struct catalog *c, const struct progress *p)
{
    const struct catalog_entry *e = catalog_lookup(c, p->last);
    const struct progress_entry *pe = e != NULL ? progress_find(p, e->id) : NULL;

    if (e == NULL || (pe != NULL && progress_done(pe)))
        e = catalog_next_open(c, p, p->last);
    return e;
}

void catalog_free(struct catalog *c)
{
    for (size_t i = 0; i < c->count; i++)
        free(c->entries[i].path);
    free(c->entries);
    free(c->dir);
    memset(c, 0, sizeof *c);
}
