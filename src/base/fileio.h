/*
 * fileio.h - reading and writing whole files safely.
 *
 * Owns the careful file handling that the file commands share: reading a
 * whole file with a size cap, and writing a set of files all or nothing,
 * each through a temporary file that is synced and then moved into place,
 * with the mode fixed when the file is created (secrets are never readable
 * by others, not even for a moment).
 */
#ifndef TLSSIM_FILEIO_H
#define TLSSIM_FILEIO_H

#include "base/bytes.h"
#include "base/crypt.h"

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define FILEIO_READ_MAX (1024 * 1024)   /* the largest file tlssim reads: 1 MiB */
#define FILEIO_ERR_MAX 512

/* One file to write: its name inside the directory, contents and mode. */
struct fileio_out {
    const char *name;
    const uint8_t *data;
    size_t len;
    mode_t mode;        /* 0600 for secrets, 0644 for public files */
};

/* Why fileio_read_file stopped. */
enum fileio_fault {
    FILEIO_OK,
    FILEIO_CANNOT_OPEN,   /* errno in *errnum */
    FILEIO_CANNOT_READ,   /* errno in *errnum (EISDIR for a directory) */
    FILEIO_NOT_REGULAR,   /* a FIFO, a device or a socket: never read, never waited on */
    FILEIO_TOO_LARGE,     /* more than max bytes */
};

/* Read the regular file at path, whole, into out (at most max bytes),
 * without ever blocking on a FIFO or a device; FILEIO_OK, or the fault
 * with its errno in *errnum (out is then empty). */
enum fileio_fault fileio_read_file(const char *path, size_t max, struct bytes *out,
                                   int *errnum) CRYPT_WARN_UNUSED;

/* Read the whole file at path into out (at most FILEIO_READ_MAX bytes);
 * 0, or -1 with a sentence in err that names the file and what to do. */
int fileio_read_all(const char *path, struct bytes *out, char *err, size_t errlen)
    CRYPT_WARN_UNUSED;

/* Make dir if it does not exist (one level, like mkdir; mode 0755 as the
 * umask allows, never less than 0700) and check that it is a directory we
 * can write into; 0, or -1 with a sentence in err. */
int fileio_ensure_dir(const char *dir, char *err, size_t errlen) CRYPT_WARN_UNUSED;

/* Name the first of the n files that already exists in dir: 0 when none
 * does, 1 with *existing set, -1 with err when one cannot be checked. */
int fileio_find_existing(const char *dir, const struct fileio_out *files, size_t n,
                         const char **existing, char *err, size_t errlen) CRYPT_WARN_UNUSED;

/* Write the n files into dir all or nothing: every file goes first to a
 * temporary file created owner-only, given its mode (as the umask allows,
 * never less than owner read-write) and synced, then all are moved into
 * place (replacing existing files only when replace is true, and then only
 * when none of them is a directory; each old file is kept as a hard link
 * until all new ones are in place, and put back if one fails); 0, or -1
 * with err, having removed every temporary file and left dir as it was. */
int fileio_write_set(const char *dir, const struct fileio_out *files, size_t n, bool replace,
                     char *err, size_t errlen) CRYPT_WARN_UNUSED;

/* Write one file at path (its directory must exist) through a temporary
 * file beside it, as fileio_write_set does; 0, or -1 with err. */
int fileio_write_one(const char *path, const uint8_t *data, size_t len, mode_t mode,
                     bool replace, char *err, size_t errlen) CRYPT_WARN_UNUSED;

/* Check that a new file can go at path: nothing there, or (when replace)
 * a regular file, never a symbolic link, FIFO, device or directory; and
 * that its directory exists.  0, or -1 with err saying what to do. */
int fileio_check_target(const char *path, bool replace, char *err, size_t errlen)
    CRYPT_WARN_UNUSED;

#endif
