/*
 * fileio.c - whole-file reads with a cap, and all-or-nothing atomic writes.
 */
#define _POSIX_C_SOURCE 200809L

#include "base/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TEMP_TRIES 16

/* A hint for the reader of an error, after the system's own words. */
static const char *errno_hint(int e)
{
    switch (e) {
    case ENOENT:
        return "check the name and that the directory exists";
    case EACCES:
    case EPERM:
        return "check its permissions, or choose a place you can write to";
    case ENOTDIR:
        return "a part of the path is a file, not a directory";
    case EROFS:
        return "that file system is read-only; choose another place";
    case ENOSPC:
    case EDQUOT:
        return "the disk is full; free some space";
    case EFBIG:
        return "the file would pass the limit on file sizes (see 'ulimit -f'); raise it";
    default:
        return "check the path";
    }
}

/* A hint for a file that could not be opened for reading: never advice on
 * where to write. */
static const char *read_hint(int e)
{
    switch (e) {
    case EACCES:
    case EPERM:
        return "you may not read it; check its permissions and those of its directories";
    case ENOENT:
        return "check the name and that the directory exists";
    case ENOTDIR:
        return "a part of the path is a file, not a directory";
    default:
        return "check the path";
    }
}

enum fileio_fault fileio_read_file(const char *path, size_t max, struct bytes *out,
                                   int *errnum)
{
    struct stat st;
    enum fileio_fault fault = FILEIO_CANNOT_READ;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

    *errnum = 0;
    if (fd < 0) {
        *errnum = errno;
        return FILEIO_CANNOT_OPEN;
    }
    if (fstat(fd, &st) != 0) {
        *errnum = errno;
        goto done;
    }
    if (S_ISDIR(st.st_mode)) {
        *errnum = EISDIR;
        goto done;
    }
    if (!S_ISREG(st.st_mode)) {
        fault = FILEIO_NOT_REGULAR;
        goto done;
    }
    if ((uintmax_t)st.st_size > max) {
        fault = FILEIO_TOO_LARGE;
        goto done;
    }
    for (;;) {
        uint8_t buf[8192];
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            *errnum = errno;
            goto done;
        }
        if (n == 0)
            break;
        if (out->len + (size_t)n > max) {
            fault = FILEIO_TOO_LARGE;   /* it grew while being read */
            crypt_wipe(buf, sizeof buf);
            goto done;
        }
        bytes_append(out, buf, (size_t)n);
        crypt_wipe(buf, sizeof buf);
    }
    fault = FILEIO_OK;
done:
    close(fd);
    if (fault != FILEIO_OK)
        bytes_free(out);
    return fault;
}

int fileio_read_all(const char *path, struct bytes *out, char *err, size_t errlen)
{
    int errnum;

    switch (fileio_read_file(path, FILEIO_READ_MAX, out, &errnum)) {
    case FILEIO_OK:
        return 0;
    case FILEIO_CANNOT_OPEN:
        snprintf(err, errlen, "cannot open '%s': %s; %s", path, strerror(errnum),
                 read_hint(errnum));
        break;
    case FILEIO_CANNOT_READ:
        if (errnum == EISDIR)
            snprintf(err, errlen, "'%s' is a directory; give a file", path);
        else
            snprintf(err, errlen, "cannot read '%s': %s", path, strerror(errnum));
        break;
    case FILEIO_NOT_REGULAR:
        snprintf(err, errlen, "'%s' is not a regular file; give a file", path);
        break;
    case FILEIO_TOO_LARGE:
        snprintf(err, errlen, "'%s' is more than the %d bytes (1 MiB) tlssim reads; "
                 "certificates and keys are a few kilobytes", path, FILEIO_READ_MAX);
        break;
    }
    return -1;
}

/* The mode a new file or folder gets: the mode asked for as the umask
 * allows it, but never less than owner (read-write for a file, and search
 * for a folder): under umask 777 tlssim must still be able to use what it
 * made. */
static mode_t mode_for(mode_t asked, mode_t owner)
{
    mode_t mask = umask(0);

    umask(mask);
    return (asked & ~mask) | owner;
}

int fileio_ensure_dir(const char *dir, char *err, size_t errlen)
{
    struct stat st;

    if (mkdir(dir, 0700) == 0) {
        if (chmod(dir, mode_for(0755, 0700)) != 0) {
            snprintf(err, errlen, "cannot set the mode of the directory '%s': %s", dir,
                     strerror(errno));
            return -1;
        }
    } else if (errno != EEXIST) {
        snprintf(err, errlen, "cannot create the directory '%s': %s; %s", dir,
                 strerror(errno), errno == ENOENT ? "its parent directory does not exist, "
                 "create that first" : errno_hint(errno));
        return -1;
    }
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "'%s' exists but is not a directory; give a directory", dir);
        return -1;
    }
    if (access(dir, W_OK | X_OK) != 0) {
        snprintf(err, errlen, "cannot write into the directory '%s': %s; %s", dir,
                 strerror(errno), errno_hint(errno));
        return -1;
    }
    return 0;
}

int fileio_find_existing(const char *dir, const struct fileio_out *files, size_t n,
                         const char **existing, char *err, size_t errlen)
{
    struct stat st;

    for (size_t i = 0; i < n; i++) {
        char *path = xasprintf("%s/%s", dir, files[i].name);
        int found = lstat(path, &st) == 0;
        int e = errno;
        free(path);
        if (found) {
            *existing = files[i].name;
            return 1;
        }
        if (e != ENOENT) {
            snprintf(err, errlen, "cannot check '%s/%s': %s; %s", dir, files[i].name,
                     strerror(e), errno_hint(e));
            return -1;
        }
    }
    return 0;
}

/* Write len bytes at p to fd, whatever the size of each write. */
static int write_fully(int fd, const uint8_t *p, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Create a fresh temporary file for f in dir with f's mode, write and sync
 * it; *tmp gets its path (caller frees); 0 or -1 with err. */
static int write_temp(const char *dir, const struct fileio_out *f, char **tmp, char *err,
                      size_t errlen)
{
    int fd = -1;

    *tmp = NULL;
    for (int t = 0; t < TEMP_TRIES && fd < 0; t++) {
        free(*tmp);
        *tmp = xasprintf("%s/.%s.tmp%ld-%d", dir, f->name, (long)getpid(), t);
        fd = open(*tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, f->mode & 0600);
        if (fd < 0 && errno != EEXIST)
            break;
    }
    /* created owner-only, then given its mode: a secret is never readable
     * by others, and the owner can read what it wrote whatever the umask */
    if (fd >= 0 && fchmod(fd, mode_for(f->mode, 0600)) != 0) {
        snprintf(err, errlen, "cannot set the mode of a file in '%s': %s", dir, strerror(errno));
        close(fd);
        unlink(*tmp);
        free(*tmp);
        *tmp = NULL;
        return -1;
    }
    if (fd < 0) {
        snprintf(err, errlen, "cannot create a file in '%s': %s; %s", dir, strerror(errno),
                 errno_hint(errno));
        free(*tmp);
        *tmp = NULL;
        return -1;
    }
    if (write_fully(fd, f->data, f->len) != 0 || fsync(fd) != 0) {
        int e = errno;
        close(fd);
        unlink(*tmp);
        snprintf(err, errlen, "cannot write '%s/%s': %s; %s", dir, f->name, strerror(e),
                 errno_hint(e));
        free(*tmp);
        *tmp = NULL;
        return -1;
    }
    if (close(fd) != 0) {
        unlink(*tmp);
        snprintf(err, errlen, "cannot write '%s/%s': %s", dir, f->name, strerror(errno));
        free(*tmp);
        *tmp = NULL;
        return -1;
    }
    return 0;
}

/* Move tmp into place as dir/name: a rename when replacing, otherwise a
 * link that fails if the name exists; 0 or -1 with err. */
static int commit_one(const char *dir, const char *name, const char *tmp, bool replace,
                      char *err, size_t errlen)
{
    char *path = xasprintf("%s/%s", dir, name);
    int rc = replace ? rename(tmp, path) : link(tmp, path);

    if (rc != 0)
        snprintf(err, errlen, "cannot put '%s' in place: %s; %s", path, strerror(errno),
                 errno == EEXIST ? "it appeared while tlssim was writing; run again"
                                 : errno_hint(errno));
    else if (!replace)
        unlink(tmp);
    free(path);
    return rc == 0 ? 0 : -1;
}

/* Flush the directory entry changes of dir to disk (best effort). */
static void sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
}

/* Check that whatever a replacing write would put files over can be
 * replaced: nothing there, or a file (a directory cannot); 0, or -1 with err. */
static int check_replaceable(const char *dir, const struct fileio_out *files, size_t n,
                             char *err, size_t errlen)
{
    struct stat st;

    for (size_t i = 0; i < n; i++) {
        char *path = xasprintf("%s/%s", dir, files[i].name);
        bool is_dir = lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
        if (is_dir)
            snprintf(err, errlen, "'%s' is a directory, and --force replaces only files; move "
                     "it away or choose another directory", path);
        free(path);
        if (is_dir)
            return -1;
    }
    return 0;
}

/* The directory part of path (caller frees; "." when there is none), with
 * *name set to the part after it. */
static char *split_path(const char *path, const char **name)
{
    char *dir = xstrdup(path);
    char *slash = strrchr(dir, '/');

    *name = slash == NULL ? path : path + (slash - dir) + 1;
    if (slash == NULL)
        snprintf(dir, 2, ".");
    else
        slash[slash == dir ? 1 : 0] = '\0';
    return dir;
}

int fileio_write_one(const char *path, const uint8_t *data, size_t len, mode_t mode,
                     bool replace, char *err, size_t errlen)
{
    const char *name;
    char *dir = split_path(path, &name);
    struct fileio_out file = {.name = name, .data = data, .len = len, .mode = mode};
    int rc = fileio_write_set(dir, &file, 1, replace, err, errlen);

    free(dir);
    return rc;
}

int fileio_check_target(const char *path, bool replace, char *err, size_t errlen)
{
    struct stat st;
    const char *name;

    if (lstat(path, &st) == 0) {
        if (!S_ISREG(st.st_mode)) {
            snprintf(err, errlen, "'%s' exists and is not a regular file (a symbolic link, a "
                     "FIFO, a device or a directory); give the name of a new file", path);
            return -1;
        }
        if (!replace) {
            snprintf(err, errlen, "'%s' already exists; add --force to replace it", path);
            return -1;
        }
        return 0;
    }
    if (errno != ENOENT) {
        snprintf(err, errlen, "cannot check '%s': %s; %s", path, strerror(errno),
                 errno_hint(errno));
        return -1;
    }
    char *dir = split_path(path, &name);
    int e = 0;
    if (stat(dir, &st) != 0)
        e = errno;
    else if (!S_ISDIR(st.st_mode))
        e = ENOTDIR;
    else if (access(dir, W_OK | X_OK) != 0)
        e = errno;
    if (e != 0)
        snprintf(err, errlen, "cannot write into the directory '%s': %s; %s", dir, strerror(e),
                 errno_hint(e));
    free(dir);
    return e == 0 ? 0 : -1;
}

/* Keep each file that a replacing write will put a new one over as a hard
 * link beside it, so that a failure can put it back; old[i] gets the name
 * of the copy (NULL when nothing was there).  0, or -1 with err. */
static int keep_old(const char *dir, const struct fileio_out *files, size_t n, char **old,
                    char *err, size_t errlen)
{
    struct stat st;

    for (size_t i = 0; i < n; i++) {
        char *path = xasprintf("%s/%s", dir, files[i].name);
        int rc = 0;
        if (lstat(path, &st) == 0) {
            for (int t = 0; t < TEMP_TRIES; t++) {
                free(old[i]);
                old[i] = xasprintf("%s/.%s.old%ld-%d", dir, files[i].name, (long)getpid(), t);
                rc = link(path, old[i]);
                if (rc == 0 || errno != EEXIST)
                    break;
            }
            if (rc != 0) {
                snprintf(err, errlen, "cannot replace '%s': %s; so that the set is never half "
                         "old and half new, nothing was replaced; %s", path, strerror(errno),
                         errno_hint(errno));
                free(old[i]);
                old[i] = NULL;
            }
        }
        free(path);
        if (rc != 0)
            return -1;
    }
    return 0;
}

int fileio_write_set(const char *dir, const struct fileio_out *files, size_t n, bool replace,
                     char *err, size_t errlen)
{
    char **tmp = xcalloc(n ? n : 1, sizeof *tmp);
    char **old = xcalloc(n ? n : 1, sizeof *old);
    size_t written = 0, committed = 0;
    int rc = -1;

    /* a replacing write replaces all or nothing: a directory in the way
     * stops it before anything is written, and the old files are kept
     * aside until every new one is in place */
    if (replace && (check_replaceable(dir, files, n, err, errlen) != 0 ||
                    keep_old(dir, files, n, old, err, errlen) != 0))
        goto done;
    for (; written < n; written++)
        if (write_temp(dir, &files[written], &tmp[written], err, errlen) != 0)
            goto done;
    for (; committed < n; committed++)
        if (commit_one(dir, files[committed].name, tmp[committed], replace, err, errlen) != 0)
            goto done;
    sync_dir(dir);
    rc = 0;
done:
    for (size_t i = 0; i < written; i++) {
        if (i >= committed)
            unlink(tmp[i]);  /* a committed one was renamed or linked and removed */
        free(tmp[i]);
    }
    /* On failure take back what was already put in place: the old file
     * where there was one, nothing where there was none. */
    for (size_t i = 0; rc != 0 && i < committed; i++) {
        char *path = xasprintf("%s/%s", dir, files[i].name);
        if (old[i] != NULL && rename(old[i], path) == 0) {
            free(old[i]);
            old[i] = NULL;
        } else if (old[i] == NULL) {
            unlink(path);
        }
        free(path);
    }
    for (size_t i = 0; i < n; i++) {
        if (old[i] != NULL)
            unlink(old[i]);
        free(old[i]);
    }
    if (rc != 0 && committed > 0)
        sync_dir(dir);
    free(old);
    free(tmp);
    return rc;
}
