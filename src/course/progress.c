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
#include "base/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define PROGRESS_HEADER "tlssim progress 1"
#define PROGRESS_FILE_MAX (1024 * 1024)
#define TOKENS_MAX 8
#define LOCK_WAIT_MS 10000   /* how long a save waits for another session's */
#define LOCK_POLL_MS 20

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

/* Add a new entry for lesson (at step 0 of total) at the end of p, growing
 * the array geometrically so that a long file loads in linear time. */
static struct progress_entry *append_entry(struct progress *p, const char *lesson,
                                           unsigned total)
{
    if (p->count == p->cap) {
        p->cap = p->cap < 16 ? 16 : p->cap * 2;
        p->entries = xrealloc(p->entries, p->cap * sizeof *p->entries);
    }
    struct progress_entry *e = &p->entries[p->count++];
    memset(e, 0, sizeof *e);
    snprintf(e->lesson, sizeof e->lesson, "%s", lesson);
    e->total = total;
    return e;
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
    return append_entry(p, lesson, total);
}

bool progress_done(const struct progress_entry *e)
{
    return e->total > 0 && e->step >= e->total;
}

void progress_free(struct progress *p)
{
    free(p->entries);
    free(p->base);
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
    struct progress_entry *e = append_entry(p, tok[1], total);
    e->step = step;
    e->answered = answered;
    e->correct = correct;
    e->quiz_missed = missed;
    e->quiz_solved = solved;
    return true;
}

/* Order entry indexes by lesson name, then by place in the array. */
static const struct progress_entry *sort_base;
static int index_cmp(const void *a, const void *b)
{
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    int c = strcmp(sort_base[i].lesson, sort_base[j].lesson);

    return c != 0 ? c : (i > j) - (i < j);
}

/* The indexes 0..n-1 of entries sorted by lesson name (stable); caller frees. */
static size_t *sorted_index(const struct progress_entry *entries, size_t n)
{
    size_t *idx = xcalloc(n ? n : 1, sizeof *idx);

    for (size_t i = 0; i < n; i++)
        idx[i] = i;
    sort_base = entries;
    qsort(idx, n, sizeof *idx, index_cmp);
    sort_base = NULL;
    return idx;
}

/* The entry of lesson among entries through their sorted index, or NULL. */
static const struct progress_entry *find_sorted(const struct progress_entry *entries,
                                                const size_t *idx, size_t n, const char *lesson)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(entries[idx[mid]].lesson, lesson);
        if (c == 0)
            return &entries[idx[mid]];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* The line (from lines[], one per entry) of the first entry whose lesson an
 * earlier entry already has, or 0 when every lesson appears once; sorting
 * keeps this linear in practice for the largest file. */
static unsigned first_repeat(const struct progress *p, const unsigned *lines)
{
    size_t *idx = sorted_index(p->entries, p->count);
    unsigned first = 0;

    for (size_t k = 1; k < p->count; k++) {
        if (strcmp(p->entries[idx[k]].lesson, p->entries[idx[k - 1]].lesson) != 0)
            continue;
        unsigned line = lines[idx[k]];
        if (first == 0 || line < first)
            first = line;
    }
    free(idx);
    return first;
}

/* Parse the lines of a progress file into p, noting in lines[] the line of
 * each entry; 0, or the first line that does not parse with *why. */
static unsigned parse_lines(struct progress *p, char *text, size_t len, unsigned *lines,
                            const char **why)
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
        } else {
            size_t before = p->count;
            if (!parse_line(p, line, why))
                return lineno;
            if (p->count > before)
                lines[before] = lineno;
        }
    }
    return 0;
}

/* Parse the len bytes of a progress file into p; 0, or the number of the
 * first line that does not parse with a reason in *why. */
static unsigned parse_file(struct progress *p, char *text, size_t len, const char **why)
{
    unsigned *lines = xcalloc(len / 8 + 1, sizeof *lines);
    unsigned bad = parse_lines(p, text, len, lines, why);
    unsigned repeat = first_repeat(p, lines);

    free(lines);
    if (repeat != 0 && (bad == 0 || repeat < bad)) {
        *why = "a second line for the same lesson";
        return repeat;
    }
    return bad;
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

/* Read the file at path into p (empty when missing), never waiting on a
 * FIFO or a device: 0; 1 when damaged, with p empty, the file moved aside
 * and dmg filled in; -1 with a reason in err. */
static int read_record(struct progress *p, const char *path, struct progress_damage *dmg,
                       char *err, size_t errlen)
{
    struct bytes text = {0};
    const char *why = "";
    int errnum;

    memset(dmg, 0, sizeof *dmg);
    switch (fileio_read_file(path, PROGRESS_FILE_MAX, &text, &errnum)) {
    case FILEIO_OK:
        break;
    case FILEIO_CANNOT_OPEN:
        if (errnum == ENOENT)
            return 0;
        snprintf(err, errlen, "cannot open %s: %s", path, strerror(errnum));
        return -1;
    case FILEIO_CANNOT_READ:
        snprintf(err, errlen, "cannot read %s: %s", path, strerror(errnum));
        return -1;
    case FILEIO_NOT_REGULAR:
        snprintf(err, errlen, "%s is not a regular file (a FIFO, a device or a socket); move "
                 "it away, or set XDG_STATE_HOME to another directory", path);
        return -1;
    case FILEIO_TOO_LARGE:
        dmg->line = 1;
        why = "the file is far larger than a progress file can be";
        break;
    }
    if (dmg->line == 0) {
        /* NUL-terminated for the parser, which writes NULs over line ends. */
        bytes_append_byte(&text, 0);
        dmg->line = parse_file(p, (char *)text.data, text.len - 1, &why);
    }
    bytes_free(&text);
    if (dmg->line == 0)
        return 0;
    progress_free(p);
    snprintf(dmg->reason, sizeof dmg->reason, "%s", why);
    if (keep_aside(path, dmg->kept_as, sizeof dmg->kept_as, err, errlen) != 0)
        return -1;
    return 1;
}

/* Remember p's entries and last lesson as what the file holds now. */
static void set_base(struct progress *p)
{
    free(p->base);
    p->base = NULL;   /* nothing to free for an empty record */
    if (p->count > 0) {
        p->base = xcalloc(p->count, sizeof *p->base);
        memcpy(p->base, p->entries, p->count * sizeof *p->base);
    }
    p->base_count = p->count;
    snprintf(p->base_last, sizeof p->base_last, "%s", p->last);
}

int progress_load(struct progress *p, const char *path, struct progress_damage *dmg, char *err,
                  size_t errlen)
{
    memset(p, 0, sizeof *p);
    int rc = read_record(p, path, dmg, err, errlen);
    if (rc == 0)
        set_base(p);   /* damaged or unreadable: p stays empty, with nothing to free */
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

/* True when two entries hold the same progress. */
static bool entry_same(const struct progress_entry *a, const struct progress_entry *b)
{
    return a->step == b->step && a->total == b->total && a->answered == b->answered &&
           a->correct == b->correct && a->quiz_missed == b->quiz_missed &&
           a->quiz_solved == b->quiz_solved;
}

/* Merge into p what another session saved (disk) since p's base was read:
 * a lesson this session left as it was takes the file's version; one both
 * changed keeps the further of the two (this session's on a tie); lessons
 * only the file has are added; the last lesson is this session's only if
 * this session changed it. */
static void merge_saved(struct progress *p, const struct progress *disk)
{
    size_t *bidx = sorted_index(p->base, p->base_count);
    size_t *didx = sorted_index(disk->entries, disk->count);
    size_t *oidx = sorted_index(p->entries, p->count);
    size_t own = p->count;

    for (size_t i = 0; i < own; i++) {
        struct progress_entry *e = &p->entries[i];
        const struct progress_entry *b = find_sorted(p->base, bidx, p->base_count, e->lesson);
        const struct progress_entry *d = find_sorted(disk->entries, didx, disk->count, e->lesson);
        if (d == NULL || (b != NULL && entry_same(d, b)))
            continue;                       /* the file has nothing new for it */
        bool mine = b == NULL || !entry_same(e, b);
        if (!mine || d->step > e->step)
            *e = *d;
    }
    for (size_t i = 0; i < disk->count; i++) {
        const struct progress_entry *d = &disk->entries[i];
        if (find_sorted(p->entries, oidx, own, d->lesson) == NULL)
            *append_entry(p, d->lesson, d->total) = *d;
    }
    if (strcmp(p->last, p->base_last) == 0 && disk->last[0] != '\0')
        snprintf(p->last, sizeof p->last, "%s", disk->last);
    free(bidx);
    free(didx);
    free(oidx);
}

/* Take the lock beside path (path.lock, an flock), waiting at most
 * LOCK_WAIT_MS for another session to finish its save; the locked
 * descriptor, or -1 with a reason in err. */
static int lock_beside(const char *path, char *err, size_t errlen)
{
    char lock[PROGRESS_PATH_MAX + 8];

    snprintf(lock, sizeof lock, "%s.lock", path);
    int fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0600);
    if (fd < 0) {
        snprintf(err, errlen, "cannot open the lock file %s: %s", lock, strerror(errno));
        return -1;
    }
    for (int waited = 0; flock(fd, LOCK_EX | LOCK_NB) != 0; waited += LOCK_POLL_MS) {
        if ((errno != EWOULDBLOCK && errno != EINTR) || waited >= LOCK_WAIT_MS) {
            snprintf(err, errlen, "cannot lock %s: %s; another tlssim may be stuck while "
                     "saving, so close it and try again", lock,
                     errno == EWOULDBLOCK ? "it stayed locked for 10 seconds" : strerror(errno));
            close(fd);
            return -1;
        }
        struct timespec pause = {0, LOCK_POLL_MS * 1000000L};
        nanosleep(&pause, NULL);
    }
    return fd;
}

/* Write p as the text of a progress file into out. */
static void format_record(const struct progress *p, struct bytes *out)
{
    append_line(out, "%s\n", PROGRESS_HEADER);
    if (p->last[0] != '\0')
        append_line(out, "last %s\n", p->last);
    for (size_t i = 0; i < p->count; i++) {
        const struct progress_entry *e = &p->entries[i];
        const char *pending = pending_words[e->quiz_missed][e->quiz_solved];
        append_line(out, "lesson %s step %u/%u quiz %u/%u%s%s\n", e->lesson, e->step,
                    e->total, e->correct, e->answered, pending != NULL ? " pending " : "",
                    pending != NULL ? pending : "");
    }
}

int progress_save(struct progress *p, const char *path, char *err, size_t errlen)
{
    struct progress disk = {0};
    struct progress_damage dmg;
    struct bytes out = {0};
    int rc = -1;

    if (make_parents(path, err, errlen) != 0)
        return -1;
    int lock = lock_beside(path, err, errlen);
    if (lock < 0)
        return -1;
    if (read_record(&disk, path, &dmg, err, errlen) < 0)
        goto done;
    merge_saved(p, &disk);
    format_record(p, &out);
    if (fileio_write_one(path, out.data, out.len, 0600, true, err, errlen) != 0)
        goto done;
    set_base(p);
    rc = 0;
done:
    progress_free(&disk);
    bytes_free(&out);
    close(lock);  /* and so unlock */
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
