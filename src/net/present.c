/*
 * present.c - the presenter's run as a STATE payload, and back.
 */
#include "net/present.h"

#include "engine/engine.h"
#include "net/frame.h"

#include <stdio.h>
#include <string.h>

#define VALUE_MAX (SIM_PATH_MAX + 8)
#define LINE_MAX_BYTES (SIM_MESSAGE_MAX + 32)

void net_state_encode(struct bytes *out, const struct sim_options *opts, int stage)
{
    char buf[VALUE_MAX], dbuf[VALUE_MAX];
    char line[LINE_MAX_BYTES];
    struct sim_options defaults;
    int n = snprintf(line, sizeof line, "stage %d\n", stage);

    sim_options_default(&defaults);
    bytes_append(out, line, (size_t)n);
    for (const struct sim_option_desc *d = sim_options_table(); d->name != NULL; d++) {
        const char *value = sim_option_value(opts, d, buf, sizeof buf);
        const char *dflt = sim_option_value(&defaults, d, dbuf, sizeof dbuf);
        /* a follower starts from the defaults: a default sent would count as
         * given (--mode transport, which TLS 1.3 refuses) */
        if (value == NULL || strcmp(d->name, "certs") == 0 ||
            (dflt != NULL && strcmp(value, dflt) == 0))
            continue;
        bytes_append(out, d->name, strlen(d->name));
        bytes_append_byte(out, ' ');
        bytes_append(out, value, strlen(value));
        bytes_append_byte(out, '\n');
    }
}

/* Read one line "NAME VALUE" (or "stage N") into opts or *stage; 0, or -1
 * with the reason in err. */
static int apply_line(char *line, struct sim_options *opts, int *stage, char *err, size_t errlen)
{
    char why[SIM_OPTION_ERR_MAX];
    char *space = strchr(line, ' ');

    if (space == NULL) {
        snprintf(err, errlen, "'%.40s' has no value", line);
        return -1;
    }
    *space = '\0';
    const char *value = space + 1;
    if (strcmp(line, "stage") == 0) {
        if (value[0] < '0' || value[0] > '0' + SIM_STAGE_COUNT || value[1] != '\0') {
            snprintf(err, errlen, "stage wants 0 to %d, not '%.20s'", SIM_STAGE_COUNT, value);
            return -1;
        }
        *stage = value[0] - '0';
        return 0;
    }
    if (strcmp(line, "certs") == 0) {
        snprintf(err, errlen, "a presenter cannot name a folder on this machine (certs)");
        return -1;
    }
    if (sim_options_find(line) == NULL) {
        snprintf(err, errlen, "unknown option '%.40s'", line);
        return -1;
    }
    if (sim_options_set(opts, line, value, why, sizeof why) != 0) {
        snprintf(err, errlen, "%s", strncmp(why, "--", 2) == 0 ? why + 2 : why);
        return -1;
    }
    return 0;
}

int net_state_decode(const uint8_t *p, size_t len, struct sim_options *opts, int *stage,
                     char *err, size_t errlen)
{
    char line[LINE_MAX_BYTES];
    char why[NET_FRAME_ERR_MAX];
    size_t start = 0;
    int line_no = 0;

    sim_options_default(opts);
    *stage = -1;
    while (start < len) {
        const uint8_t *nl = memchr(p + start, '\n', len - start);
        size_t n = nl ? (size_t)(nl - (p + start)) : len - start;
        line_no++;
        if (nl == NULL) {
            snprintf(err, errlen, "STATE line %d does not end with a newline", line_no);
            return -1;
        }
        if (n >= sizeof line || memchr(p + start, '\0', n) != NULL) {
            snprintf(err, errlen, "STATE line %d is too long or holds a NUL byte", line_no);
            return -1;
        }
        memcpy(line, p + start, n);
        line[n] = '\0';
        if (apply_line(line, opts, stage, why, sizeof why) != 0) {
            snprintf(err, errlen, "STATE line %d: %s", line_no, why);
            return -1;
        }
        if (line_no == 1 && *stage < 0) {
            snprintf(err, errlen, "STATE line 1 must give the stage");
            return -1;
        }
        start += n + 1;
    }
    if (*stage < 0) {
        snprintf(err, errlen, "the STATE frame is empty");
        return -1;
    }
    if (!opts->seeded) {
        snprintf(err, errlen, "the presenter's run has no seed, so it cannot be run here too");
        return -1;
    }
    return 0;
}
