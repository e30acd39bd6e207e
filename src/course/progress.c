/*
 * progress.c - the progress record and its file: a header line, then one
 * line per lesson, written atomically and read strictly.
 *
 *   tlssim progress 1
 *   last 03-hellos
 *   lesson 01-why-https step 6/6 quiz 2/3
 *   lesson 02-keypairs step 1/5 quiz 0/0 pending missed
 *
 * "step 6/6" is steps finished of steps in all; "quiz 2/3" is quizzes right
 * at the first try of quizzes answered.  "pending" tells how the quiz of the
 * first unfinished step has been answered so far, before it is scored:
 * "missed" (wrong, and not yet right), "right" (right at the first try) or
 * "solved" (right after a wrong answer).
 */
#define _XOPEN_SOURCE 700

#include "course/progress.h"

#include "base/bytes.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define PROGRESS_HEADER "tlssim progress 1"
#define PROGRESS_FILE_MAX (1024 * 1024)
#define TOKENS_MAX 8

int progress_path(char *out, size_t outlen, const char *xdg_state_home, const char *home,
                  char *err, size_t errlen)
{
    int n;

    /* The XDG rules say a relative $XDG_STATE_HOME is invalid and is ignored. */
    if (xdg_state_home != NULL && xdg_state_home[0] == '/')
        n = snprintf(out, outlen, "%s/tlssim/progress", xdg_state_home);
    else if (home != NULL && home[0] != '\0')
        n = snprintf(out, outlen, "%s/.local/state/tlssim/progress", home);
    else {
        snprintf(err, errlen, "neither XDG_STATE_HOME nor HOME is set, so there is nowhere to "
                 "keep progress; set one of them");
        return -1;
    }
    if (n < 0 || (size_t)n >= outlen) {
        snprintf(err, errlen, "the path of the progress file is too long; set XDG_STATE_HOME "
                 "to a shorter directory");
        return -1;
    }
    return 0;
}

bool progress_name_ok(const char *name)
{
    size_t n = strlen(name);

    if (n == 0 || n >= PROGRESS_NAME_MAX || name[0] == '.')
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-'))
            return false;
    }
    return true;
}

const struct progress_entry *progress_find(const struct progress *p, const char *lesson)
{
    for (size_t i = 0; i < p->count; i++)
        if (strcmp(p->entries[i].lesson, lesson) == 0)
            return &p->entries[i];
    return NULL;
}

struct progress_entry *progress_entry(struct progress *p, const char *lesson, unsigned total)
{
    const struct progress_entry *found = progress_find(p, lesson);

    if (found != NULL)
        return &p->entries[found - p->entries];
    p->entries = xrealloc(p->entries, (p->count + 1) * sizeof *p->entries);
    struct progress_entry *e = &p->entries[p->count++];
    memset(e, 0, sizeof *e);
    snprintf(e->lesson, sizeof e->lesson, "%s", lesson);
    e->total = total;
    return e;
}

bool progress_done(const struct progress_entry *e)
{
    return e->total > 0 && e->step >= e->total;
}

void progress_free(struct progress *p)
{
    free(p->entries);
    memset(p, 0, sizeof *p);
}

const char *progress_describe(const struct progress_entry *e, unsigned total, char *buf,
                              size_t n)
{
    int used;

    if (e == NULL)
        used = snprintf(buf, n, "not started");
    else if (e->step >= total)
        used = snprintf(buf, n, "done");
    else
        used = snprintf(buf, n, "step %u of %u", e->step + 1, total);
    if (e != NULL && e->answered > 0 && used > 0 && (size_t)used < n)
        snprintf(buf + used, n - (size_t)used, ", quiz %u/%u right", e->correct, e->answered);
    return buf;
}

/* Parse "A/B" with both whole numbers up to PROGRESS_COUNT_MAX and A <= B. */
static bool parse_fraction(const char *s, unsigned *a, unsigned *b)
{
    unsigned v[2] = {0, 0};
    int part = 0;
    bool digits = false;

    for (; *s; s++) {
        if (*s == '/' && part == 0 && digits) {
            part = 1;
            digits = false;
        } else if (*s >= '0' && *s <= '9') {
            v[part] = v[part] * 10 + (unsigned)(*s - '0');
            if (v[part] > PROGRESS_COUNT_MAX)
                return false;
            digits = true;
        } else {
            return false;
        }
    }
    if (part != 1 || !digits || v[0] > v[1])
        return false;
    *a = v[0];
    *b = v[1];
    return true;
}

/* The words of a pending quiz's state, in the order of its two flags. */
static const char *const pending_words[2][2] = {
    /* not missed: open, right; missed: missed, solved */
    {NULL, "right"},
    {"missed", "solved"},
};

/* Read a pending quiz's state word into its two flags; false if unknown. */
static bool parse_pending(const char *word, bool *missed, bool *solved)
{
    for (int m = 0; m < 2; m++)
        for (int s = 0; s < 2; s++)
            if (pending_words[m][s] != NULL && strcmp(word, pending_words[m][s]) == 0) {
                *missed = m != 0;
                *solved = s != 0;
                return true;
            }
    return false;
}

/* Split line in place at single spaces into at most TOKENS_MAX words;
 * returns how many, or TOKENS_MAX + 1 when there are more. */
static size_t split_tokens(char *line, char **tok)
{
    size_t n = 0;

    for (char *s = line;; s++) {
        if (n == TOKENS_MAX)
            return TOKENS_MAX + 1;
        tok[n++] = s;
        s = strchr(s, ' ');
        if (s == NULL)
            return n;
        *s = '\0';
    }
}

/* Read one line after the header into p; false with a reason if it does not parse. */
static bool parse_line(struct progress *p, char *line, const char **why)
{
    char *tok[TOKENS_MAX];
    size_t n = split_tokens(line, tok);
    unsigned step, total, correct, answered;

    if (n == 2 && strcmp(tok[0], "last") == 0) {
        if (!progress_name_ok(tok[1])) {
            *why = "the last lesson's name is not a lesson id";
            return false;
        }
        if (p->last[0] != '\0') {
            *why = "a second 'last' line";
            return false;
        }
        snprintf(p->last, sizeof p->last, "%s", tok[1]);
        return true;
    }
    if ((n != 6 && n != 8) || strcmp(tok[0], "lesson") != 0 || strcmp(tok[2], "step") != 0 ||
        strcmp(tok[4], "quiz") != 0 || (n == 8 && strcmp(tok[6], "pending") != 0)) {
        *why = "not a line of the form 'lesson ID step DONE/ALL quiz RIGHT/ANSWERED', "
               "with 'pending STATE' after it or not";
        return false;
    }
    bool missed = false, solved = false;
    if (n == 8 && !parse_pending(tok[7], &missed, &solved)) {
        *why = "the pending quiz is not 'missed', 'right' or 'solved'";
        return false;
    }
    if (!progress_name_ok(tok[1])) {
        *why = "the lesson's name is not a lesson id";
        return false;
    }
    if (!parse_fraction(tok[3], &step, &total) || !parse_fraction(tok[5], &correct, &answered)) {
        *why = "a count is not a fraction of whole numbers with the first no larger";
        return false;
    }
    if (progress_find(p, tok[1]) != NULL) {
        *why = "a second line for the same lesson";
        return false;
    }
    struct progress_entry *e = progress_entry(p, tok[1], total);
    e->step = step;
    e->answered = answered;
    e->correct = correct;
    e->quiz_missed = missed;
    e->quiz_solved = solved;
    return true;
}

/* Parse the len bytes of a progress file into p; 0, or the number of the
 * first line that does not parse with a reason in *why. */
static unsigned parse_file(struct progress *p, char *text, size_t len, const char **why)
{
    unsigned lineno = 0;
    size_t start = 0;

    if (len == 0) {
        *why = "the file is empty";
        return 1;
    }
    if (len > PROGRESS_FILE_MAX) {
        *why = "the file is far larger than a progress file can be";
        return 1;
    }
    while (start < len) {
        char *nl = memchr(text + start, '\n', len - start);
        lineno++;
        if (nl == NULL) {
            *why = "the file ends in the middle of a line";
            return lineno;
        }
        *nl = '\0';
        char *line = text + start;
        if (strlen(line) != (size_t)(nl - line)) {
            *why = "a NUL byte";
            return lineno;
        }
        start = (size_t)(nl - text) + 1;
        if (lineno == 1) {
            if (strcmp(line, PROGRESS_HEADER) != 0) {
                *why = "the first line is not '" PROGRESS_HEADER "'";
                return lineno;
            }
        } else if (!parse_line(p, line, why)) {
            return lineno;
        }
    }
    return 0;
}

/* Write all len bytes at data to fd; 0, or -1 with errno set. */
static int write_all(int fd, const void *data, size_t len)
{
    const char *s = data;

    while (len > 0) {
        ssize_t n = write(fd, s, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        s += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Flush the directory that holds path, so a rename into it survives a crash. */
static int sync_parent(const char *path)
{
    char dir[PROGRESS_PATH_MAX];

    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash == NULL)
        snprintf(dir, sizeof dir, ".");
    else if (slash == dir)
        dir[1] = '\0';
    else
        *slash = '\0';
    int fd = open(dir, O_RDONLY);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

/* Move the damaged file at path, whole, to a new name beside it, never
 * replacing a file that exists (a hard link, then the old name removed);
 * 0 with the new name in kept_as, or -1 with path left as it was. */
static int keep_aside(const char *path, char *kept_as, size_t keptlen, char *err,
                      size_t errlen)
{
    char stamp[32];
    struct tm tm;
    time_t now = time(NULL);
    int rc = -1;

    if (gmtime_r(&now, &tm) == NULL || strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm) == 0)
        snprintf(stamp, sizeof stamp, "%lld", (long long)now);
    for (int i = 1; i <= 100 && rc != 0; i++) {
        if (i == 1)
            snprintf(kept_as, keptlen, "%s.damaged-%s", path, stamp);
        else
            snprintf(kept_as, keptlen, "%s.damaged-%s-%d", path, stamp, i);
        rc = link(path, kept_as);
        if (rc != 0 && errno != EEXIST)
            break;
    }
    if (rc != 0) {
        snprintf(err, errlen, "cannot keep the damaged progress file aside as %s: %s", kept_as,
                 strerror(errno));
        return -1;
    }
    if (unlink(path) != 0) {
        snprintf(err, errlen, "kept the damaged file as %s, but cannot remove %s: %s", kept_as,
                 path, strerror(errno));
        return -1;
    }
    (void)sync_parent(path);
    return 0;
}

int progress_load(struct progress *p, const char *path, struct progress_damage *dmg, char *err,
                  size_t errlen)
{
    char *text = xcalloc(1, PROGRESS_FILE_MAX + 2);
    const char *why = "";
    int rc = -1;
    FILE *f;

    memset(p, 0, sizeof *p);
    memset(dmg, 0, sizeof *dmg);
    f = fopen(path, "rb");
    if (f == NULL && errno == ENOENT) {
        rc = 0;
        goto done;
    }
    if (f == NULL) {
        snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
        goto done;
    }
    size_t len = fread(text, 1, PROGRESS_FILE_MAX + 1, f);
    if (ferror(f)) {
        snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
        goto done;
    }
    /* The parser writes NULs over line ends, so keep what was read first. */
    char *copy = xcalloc(1, len + 1);
    memcpy(copy, text, len);
    dmg->line = parse_file(p, copy, len, &why);
    free(copy);
    if (dmg->line == 0) {
        rc = 0;
        goto done;
    }
    progress_free(p);
    snprintf(dmg->reason, sizeof dmg->reason, "%s", why);
    if (keep_aside(path, dmg->kept_as, sizeof dmg->kept_as, err, errlen) != 0)
        goto done;
    rc = 1;
done:
    if (f != NULL)
        fclose(f);
    free(text);
    return rc;
}

/* Make the directory that holds path, and its parents; 0, or -1 with a reason. */
static int make_parents(const char *path, char *err, size_t errlen)
{
    char dir[PROGRESS_PATH_MAX];
    struct stat st;

    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash == NULL || slash == dir)
        return 0;
    *slash = '\0';
    for (char *s = dir + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(dir, 0700) != 0 && errno != EEXIST)
            goto fail;
        *s = '/';
    }
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        goto fail;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        goto fail;
    }
    return 0;
fail:
    snprintf(err, errlen, "cannot make the directory %s: %s", dir, strerror(errno));
    return -1;
}


/* Append one printf-formatted line to out. */
__attribute__((format(printf, 2, 3))) static void append_line(struct bytes *out, const char *fmt,
                                                            ...)
{
    va_list ap;
    char line[PROGRESS_NAME_MAX + 128];

    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (n > 0)
        bytes_append(out, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
}

int progress_save(const struct progress *p, const char *path, char *err, size_t errlen)
{
    char tmp[PROGRESS_PATH_MAX + 16];
    struct bytes out = {0};
    int fd = -1, rc = -1;

    if (make_parents(path, err, errlen) != 0)
        return -1;
    append_line(&out, "%s\n", PROGRESS_HEADER);
    if (p->last[0] != '\0')
        append_line(&out, "last %s\n", p->last);
    for (size_t i = 0; i < p->count; i++) {
        const struct progress_entry *e = &p->entries[i];
        const char *pending = pending_words[e->quiz_missed][e->quiz_solved];
        append_line(&out, "lesson %s step %u/%u quiz %u/%u%s%s\n", e->lesson, e->step,
                    e->total, e->correct, e->answered, pending != NULL ? " pending " : "",
                    pending != NULL ? pending : "");
    }
    snprintf(tmp, sizeof tmp, "%s.tmp-XXXXXX", path);
    fd = mkstemp(tmp);
    if (fd < 0) {
        snprintf(err, errlen, "cannot create a file beside %s: %s", path, strerror(errno));
        tmp[0] = '\0';
        goto done;
    }
    if (write_all(fd, out.data, out.len) != 0 || fsync(fd) != 0) {
        snprintf(err, errlen, "cannot write %s: %s", tmp, strerror(errno));
        goto done;
    }
    if (close(fd) != 0) {
        fd = -1;
        snprintf(err, errlen, "cannot write %s: %s", tmp, strerror(errno));
        goto done;
    }
    fd = -1;
    if (rename(tmp, path) != 0) {
        snprintf(err, errlen, "cannot replace %s: %s", path, strerror(errno));
        goto done;
    }
    tmp[0] = '\0';
    if (sync_parent(path) != 0) {
        snprintf(err, errlen, "saved %s, but cannot flush its directory: %s", path,
                 strerror(errno));
        goto done;
    }
    rc = 0;
done:
    if (fd >= 0)
        close(fd);
    if (tmp[0] != '\0' && rc != 0)
        unlink(tmp);
    bytes_free(&out);
    return rc;
}

int progress_open(struct progress *p, char *path, size_t pathlen, FILE *report)
{
    struct progress_damage dmg;
    char err[PROGRESS_ERR_MAX];
    int rc;

    memset(p, 0, sizeof *p);
    if (progress_path(path, pathlen, getenv("XDG_STATE_HOME"), getenv("HOME"), err,
                      sizeof err) != 0) {
        fprintf(report, "tlssim: %s\n", err);
        return -1;
    }
    rc = progress_load(p, path, &dmg, err, sizeof err);
    if (rc < 0) {
        fprintf(report, "tlssim: %s\n", err);
        return -1;
    }
    if (rc == 1)
        fprintf(report,
                "%s:%u: the progress file is damaged (%s).\n"
                "tlssim: it is kept as %s; starting with fresh progress.\n",
                path, dmg.line, dmg.reason, dmg.kept_as);
    return 0;
}
