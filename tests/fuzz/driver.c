/*
 * driver.c - the main() of a fuzz target built without libFuzzer: it runs
 * each file named on the command line (or each file in a named directory)
 * through LLVMFuzzerTestOneInput once.  Under the sanitizer build a bad
 * input aborts the run, so replaying the seeds and past crashes is a test.
 *
 *   fuzz_TARGET FILE|DIR...
 */
#define _POSIX_C_SOURCE 200809L

#include "fuzz.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define DRIVER_INPUT_MAX (4 * 1024 * 1024)  /* larger inputs say nothing new */

/* Read the whole file at path into a new buffer (*len bytes); 0, or -1
 * after saying why on stderr. */
static int read_input(const char *path, uint8_t **data, size_t *len)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf = NULL;
    size_t n = 0;
    int rc = -1;

    if (f == NULL) {
        fprintf(stderr, "fuzz driver: cannot open %s: %s\n", path, strerror(errno));
        return -1;
    }
    buf = malloc(DRIVER_INPUT_MAX);
    if (buf == NULL) {
        fprintf(stderr, "fuzz driver: out of memory\n");
        goto done;
    }
    n = fread(buf, 1, DRIVER_INPUT_MAX, f);
    if (ferror(f)) {
        fprintf(stderr, "fuzz driver: cannot read %s: %s\n", path, strerror(errno));
        goto done;
    }
    *data = buf;
    *len = n;
    buf = NULL;
    rc = 0;
done:
    free(buf);
    fclose(f);
    return rc;
}

/* Run one file through the target; 0, or -1 when it cannot be read. */
static int run_file(const char *path)
{
    uint8_t *data = NULL;
    size_t len = 0;

    if (read_input(path, &data, &len) != 0)
        return -1;
    /* A copy of exactly len bytes, so that reading past the end is caught. */
    uint8_t *exact = malloc(len > 0 ? len : 1);
    if (exact == NULL) {
        free(data);
        fprintf(stderr, "fuzz driver: out of memory\n");
        return -1;
    }
    memcpy(exact, data, len);
    free(data);
    LLVMFuzzerTestOneInput(exact, len);
    free(exact);
    return 0;
}

/* Run every regular file in dir (not recursing); the count goes to *runs. */
static int run_dir(const char *dir, size_t *runs)
{
    DIR *d = opendir(dir);
    struct dirent *ent;
    int rc = 0;

    if (d == NULL) {
        fprintf(stderr, "fuzz driver: cannot open %s: %s\n", dir, strerror(errno));
        return -1;
    }
    while ((ent = readdir(d)) != NULL) {
        if (ent->d_name[0] == '.')
            continue;
        size_t n = strlen(dir) + strlen(ent->d_name) + 2;
        char *path = malloc(n);
        if (path == NULL)
            break;
        snprintf(path, n, "%s/%s", dir, ent->d_name);
        struct stat st;
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
            if (run_file(path) != 0)
                rc = -1;
            else
                (*runs)++;
        }
        free(path);
    }
    closedir(d);
    return rc;
}

int main(int argc, char **argv)
{
    size_t runs = 0;
    int status = 0;

    if (argc < 2) {
        fprintf(stderr, "Usage: %s FILE|DIR...\n"
                        "Run each input file once through this fuzz target.\n",
                argv[0]);
        return 2;
    }
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            if (run_dir(argv[i], &runs) != 0)
                status = 1;
        } else if (run_file(argv[i]) != 0) {
            status = 1;
        } else {
            runs++;
        }
    }
    printf("%s: %zu input%s run\n", argv[0], runs, runs == 1 ? "" : "s");
    return status;
}
