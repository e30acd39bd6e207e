/*
 * recording.c - writing and reading the recordings of `tlssim relay
 * --record`: a versioned text format, one line per connection, frame or
 * end, read strictly with the line and column of every fault.
 */
#define _POSIX_C_SOURCE 200809L
#include "net/recording.h"

#include "net/frame.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define TLS_RECORD_HEADER_BYTES 5
#define TLS_RECORD_BODY_MAX (16384 + 256)
#define WORDS_MAX 8

void recording_write_start(FILE *out)
{
    char when[32] = "unknown";
    time_t now = time(NULL);
    struct tm tm;

    if (gmtime_r(&now, &tm) != NULL)
        strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    fprintf(out, "%s %d\n# every frame that passed a tlssim relay: doc/recording-format.md\n"
            "started %s\n", RECORDING_MAGIC, RECORDING_VERSION, when);
}

void recording_write_conn(FILE *out, unsigned id, const char *client)
{
    const char *port = strstr(client, " port ");

    fprintf(out, "connection %u ", id);
    /* "ADDR port N" as net_accept() words it becomes ADDR:N: one word. */
    for (const char *c = client; *c != '\0'; c++) {
        if (c == port) {
            fputc(':', out);
            c += strlen(" port ") - 1;
        } else {
            fputc((unsigned char)*c <= ' ' || *c == 0x7f ? '_' : *c, out);
        }
    }
    fputc('\n', out);
}

void recording_write_frame(FILE *out, unsigned conn, bool to_server, uint64_t ms,
                           enum recording_kind kind, const uint8_t *p, size_t len)
{
    fprintf(out, "frame %u %s %" PRIu64 " %s ", conn, to_server ? "c>s" : "s>c", ms,
            kind == RECORDING_TLS ? "tls" : "net");
    for (size_t i = 0; i < len; i++)
        fprintf(out, "%02x", p[i]);
    fputc('\n', out);
}

void recording_write_end(FILE *out, unsigned id, uint64_t ms, const char *outcome)
{
    fprintf(out, "end %u %" PRIu64 " %s\n", id, ms, outcome);
}

/* ------------------------------------------------------------------ */
/* Reading                                                              */
/* ------------------------------------------------------------------ */

/* One word of a line: where it starts (column from 1) and its text. */
struct word {
    const char *text;
    size_t len;
    size_t column;
};

struct parse {
    struct recording *rec;
    struct recording_error *err;
    size_t line;
    size_t conn_cap, frame_cap;
};

/* Fill the error at column col of the current line; returns -1. */
static int fail(struct parse *ps, size_t col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(struct parse *ps, size_t col, const char *fmt, ...)
{
    va_list ap;

    ps->err->line = ps->line;
    ps->err->column = col;
    va_start(ap, fmt);
    vsnprintf(ps->err->message, sizeof ps->err->message, fmt, ap);
    va_end(ap);
    return -1;
}

/* Whether word w is the text s. */
static bool word_is(const struct word *w, const char *s)
{
    return w->len == strlen(s) && memcmp(w->text, s, w->len) == 0;
}

/* Read w as a whole number from min to max into *v; 0, or -1 with the error. */
static int word_number(struct parse *ps, const struct word *w, const char *what, uint64_t min,
                       uint64_t max, uint64_t *v)
{
    uint64_t n = 0;

    for (size_t i = 0; i < w->len; i++) {
        if (w->text[i] < '0' || w->text[i] > '9')
            return fail(ps, w->column + i, "%s must be a whole number, not '%.*s'", what,
                        (int)w->len, w->text);
        if (n > (UINT64_MAX - 9) / 10)
            return fail(ps, w->column, "%s is too large", what);
        n = n * 10 + (uint64_t)(w->text[i] - '0');
    }
    if (n < min || n > max)
        return fail(ps, w->column, "%s must be from %" PRIu64 " to %" PRIu64 ", not %" PRIu64,
                    what, min, max, n);
    *v = n;
    return 0;
}

/* The value of one hex digit, or -1. */
static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Split one line (without its newline) into words; their count, or -1 with
 * the error when there are more than WORDS_MAX. */
static int split_words(struct parse *ps, const char *line, size_t len, struct word *words)
{
    int n = 0;
    size_t i = 0;

    while (i < len) {
        if (line[i] == ' ' || line[i] == '\t') {
            i++;
            continue;
        }
        if (n == WORDS_MAX)
            return fail(ps, i + 1, "too many words on this line");
        words[n].text = line + i;
        words[n].column = i + 1;
        while (i < len && line[i] != ' ' && line[i] != '\t')
            i++;
        words[n].len = i - (words[n].column - 1);
        n++;
    }
    return n;
}

/* The connection numbered id, or NULL. */
static struct recording_conn *find_conn(struct recording *rec, unsigned id)
{
    for (size_t i = 0; i < rec->conn_count; i++)
        if (rec->conns[i].id == id)
            return &rec->conns[i];
    return NULL;
}

const struct recording_conn *recording_find_conn(const struct recording *rec, unsigned id)
{
    return find_conn((struct recording *)rec, id);
}

/* Copy word w into a NUL-terminated buffer of size n; -1 when it does not fit. */
static int word_copy(struct parse *ps, const struct word *w, const char *what, char *out,
                     size_t n)
{
    if (w->len >= n)
        return fail(ps, w->column, "%s is longer than %zu characters", what, n - 1);
    for (size_t i = 0; i < w->len; i++)
        if ((unsigned char)w->text[i] < 0x21 || (unsigned char)w->text[i] == 0x7f)
            return fail(ps, w->column + i, "%s holds a control character", what);
    memcpy(out, w->text, w->len);
    out[w->len] = '\0';
    return 0;
}

/* Read the number of a connection that a line names: it must be declared. */
static int word_conn(struct parse *ps, const struct word *w, struct recording_conn **conn)
{
    uint64_t id;

    if (word_number(ps, w, "the connection number", 1, UINT32_MAX, &id) != 0)
        return -1;
    *conn = find_conn(ps->rec, (unsigned)id);
    if (*conn == NULL)
        return fail(ps, w->column, "connection %" PRIu64 " has no 'connection' line above",
                    id);
    return 0;
}

/* Read the number of a connection that a line continues: declared above
 * and not yet ended. */
static int word_open_conn(struct parse *ps, const struct word *w, struct recording_conn **conn)
{
    if (word_conn(ps, w, conn) != 0)
        return -1;
    if ((*conn)->ended)
        return fail(ps, w->column, "connection %u has ended above", (*conn)->id);
    return 0;
}

/* Check that a line of n words has want of them; 0, or -1 with usage as
 * the error, at the line's end when words are missing, else at the first
 * one too many. */
static int word_count(struct parse *ps, const struct word *w, int n, int want,
                      const char *usage)
{
    if (n == want)
        return 0;
    return fail(ps, n < want ? w[n - 1].column + w[n - 1].len : w[want].column, "%s", usage);
}

/* connection ID ADDRESS */
static int parse_connection(struct parse *ps, const struct word *w, int n)
{
    uint64_t id;

    if (word_count(ps, w, n, 3, "a connection line is 'connection NUMBER ADDRESS'") != 0)
        return -1;
    if (word_number(ps, &w[1], "the connection number", 1, UINT32_MAX, &id) != 0)
        return -1;
    if (find_conn(ps->rec, (unsigned)id) != NULL)
        return fail(ps, w[1].column, "connection %" PRIu64 " is declared twice", id);
    if (ps->rec->conn_count == RECORDING_CONNECTIONS_MAX)
        return fail(ps, 1, "more than %d connections in one recording",
                    RECORDING_CONNECTIONS_MAX);
    if (ps->rec->conn_count == ps->conn_cap) {
        ps->conn_cap = ps->conn_cap ? 2 * ps->conn_cap : 16;
        ps->rec->conns = xrealloc(ps->rec->conns, ps->conn_cap * sizeof *ps->rec->conns);
    }
    struct recording_conn *c = &ps->rec->conns[ps->rec->conn_count];
    memset(c, 0, sizeof *c);
    c->id = (unsigned)id;
    if (word_copy(ps, &w[2], "the address", c->client, sizeof c->client) != 0)
        return -1;
    ps->rec->conn_count++;
    return 0;
}

/* Check that bytes are one whole frame of kind; -1 with the error at col. */
static int check_frame(struct parse *ps, size_t col, enum recording_kind kind,
                       const struct bytes *b)
{
    if (kind == RECORDING_TLS) {
        if (b->len < TLS_RECORD_HEADER_BYTES)
            return fail(ps, col, "a TLS record has a 5-byte header; this one has %zu bytes",
                        b->len);
        size_t body = (size_t)b->data[3] << 8 | b->data[4];
        if (body > TLS_RECORD_BODY_MAX)
            return fail(ps, col, "the TLS record's header says %zu bytes, over the limit of "
                        "%d", body, TLS_RECORD_BODY_MAX);
        if (TLS_RECORD_HEADER_BYTES + body != b->len)
            return fail(ps, col, "the TLS record's header says %zu bytes of body, but %zu "
                        "follow", body, b->len - TLS_RECORD_HEADER_BYTES);
        return 0;
    }
    if (b->len < NET_FRAME_HEADER_BYTES)
        return fail(ps, col, "a classroom frame has a %d-byte header; this one has %zu bytes",
                    NET_FRAME_HEADER_BYTES, b->len);
    if (b->data[0] != NET_PROTOCOL_VERSION)
        return fail(ps, col, "the classroom frame's version is %u; this tlssim knows %d",
                    b->data[0], NET_PROTOCOL_VERSION);
    if (net_frame_size(b->data) != b->len)
        return fail(ps, col, "the classroom frame's header says %zu bytes of payload, but "
                    "%zu follow", net_frame_size(b->data) - NET_FRAME_HEADER_BYTES,
                    b->len - NET_FRAME_HEADER_BYTES);
    return 0;
}

/* frame ID DIR MS KIND HEX */
static int parse_frame(struct parse *ps, const struct word *w, int n)
{
    struct recording_conn *conn;
    struct recording_frame f = {0};

    if (word_count(ps, w, n, 6,
                   "a frame line is 'frame CONNECTION c>s|s>c MILLISECONDS net|tls HEX'") != 0 ||
        word_open_conn(ps, &w[1], &conn) != 0)
        return -1;
    f.conn = conn->id;
    if (word_is(&w[2], "c>s"))
        f.to_server = true;
    else if (!word_is(&w[2], "s>c"))
        return fail(ps, w[2].column, "the direction is c>s (client to server) or s>c, not "
                    "'%.*s'", (int)w[2].len, w[2].text);
    if (word_number(ps, &w[3], "the time", 0, UINT64_MAX / 2, &f.ms) != 0)
        return -1;
    if (word_is(&w[4], "tls"))
        f.kind = RECORDING_TLS;
    else if (!word_is(&w[4], "net"))
        return fail(ps, w[4].column, "the kind is net (a classroom frame) or tls (a TLS "
                    "record), not '%.*s'", (int)w[4].len, w[4].text);
    if (w[5].len % 2 != 0)
        return fail(ps, w[5].column + w[5].len - 1, "the hex has an odd number of digits");
    if (w[5].len / 2 > RECORDING_FRAME_MAX)
        return fail(ps, w[5].column, "the frame is %zu bytes, over the limit of %d",
                    w[5].len / 2, RECORDING_FRAME_MAX);
    if (ps->rec->frame_count == RECORDING_FRAMES_MAX)
        return fail(ps, 1, "more than %d frames in one recording", RECORDING_FRAMES_MAX);
    for (size_t i = 0; i < w[5].len; i += 2) {
        int hi = hex_value(w[5].text[i]), lo = hex_value(w[5].text[i + 1]);
        if (hi < 0 || lo < 0) {
            bytes_free(&f.bytes);
            return fail(ps, w[5].column + i + (hi < 0 ? 0 : 1), "'%c' is no hex digit",
                        hi < 0 ? w[5].text[i] : w[5].text[i + 1]);
        }
        bytes_append_byte(&f.bytes, (uint8_t)(hi << 4 | lo));
    }
    if (check_frame(ps, w[5].column, f.kind, &f.bytes) != 0) {
        bytes_free(&f.bytes);
        return -1;
    }
    if (ps->rec->frame_count == ps->frame_cap) {
        ps->frame_cap = ps->frame_cap ? 2 * ps->frame_cap : 64;
        ps->rec->frames = xrealloc(ps->rec->frames, ps->frame_cap * sizeof *ps->rec->frames);
    }
    ps->rec->frames[ps->rec->frame_count++] = f;
    return 0;
}

/* end ID MS OUTCOME */
static int parse_end(struct parse *ps, const struct word *w, int n)
{
    struct recording_conn *conn;
    uint64_t ms;

    if (word_count(ps, w, n, 4, "an end line is 'end CONNECTION MILLISECONDS OUTCOME'") != 0 ||
        word_open_conn(ps, &w[1], &conn) != 0)
        return -1;
    if (word_number(ps, &w[2], "the time", 0, UINT64_MAX / 2, &ms) != 0 ||
        word_copy(ps, &w[3], "the outcome", conn->outcome, sizeof conn->outcome) != 0)
        return -1;
    conn->ended = true;
    return 0;
}

/* The first line: the magic word and a version this reader knows. */
static int parse_magic(struct parse *ps, const struct word *w, int n)
{
    uint64_t version;

    if (!word_is(&w[0], RECORDING_MAGIC))
        return fail(ps, 1, "not a tlssim recording: it must start with '%s %d'",
                    RECORDING_MAGIC, RECORDING_VERSION);
    if (n != 2)
        return fail(ps, n < 2 ? w[0].len + 1 : w[2].column, "the first line is '%s VERSION'",
                    RECORDING_MAGIC);
    if (word_number(ps, &w[1], "the version", 1, UINT32_MAX, &version) != 0)
        return -1;
    if (version != RECORDING_VERSION)
        return fail(ps, w[1].column, "version %" PRIu64 " is not one this tlssim reads (it "
                    "reads %d); a newer tlssim wrote it", version, RECORDING_VERSION);
    return 0;
}

/* One line that holds words: dispatch on its first word. */
static int parse_line(struct parse *ps, const struct word *w, int n, bool *seen_magic)
{
    if (!*seen_magic) {
        *seen_magic = true;
        return parse_magic(ps, w, n);
    }
    if (word_is(&w[0], "started")) {
        if (n != 2)
            return fail(ps, n < 2 ? w[0].len + 1 : w[2].column, "a started line is "
                        "'started TIME'");
        return word_copy(ps, &w[1], "the time", ps->rec->started, sizeof ps->rec->started);
    }
    if (word_is(&w[0], "connection"))
        return parse_connection(ps, w, n);
    if (word_is(&w[0], "frame"))
        return parse_frame(ps, w, n);
    if (word_is(&w[0], "end"))
        return parse_end(ps, w, n);
    return fail(ps, 1, "'%.*s' is no line this format has (started, connection, frame, end)",
                (int)(w[0].len < 40 ? w[0].len : 40), w[0].text);
}

int recording_parse(const char *text, size_t len, struct recording *rec,
                    struct recording_error *err)
{
    struct parse ps = {.rec = rec, .err = err};
    struct word words[WORDS_MAX];
    bool seen_magic = false;
    size_t pos = 0;

    memset(rec, 0, sizeof *rec);
    memset(err, 0, sizeof *err);
    while (pos < len) {
        const char *line = text + pos;
        const char *nl = memchr(line, '\n', len - pos);
        size_t line_len = nl != NULL ? (size_t)(nl - line) : len - pos;
        pos += line_len + (nl != NULL);
        ps.line++;
        if (line_len > 0 && line[line_len - 1] == '\r')
            line_len--;
        const char *nul = memchr(line, '\0', line_len);
        if (nul != NULL) {
            fail(&ps, (size_t)(nul - line) + 1, "a NUL byte: this is no text file");
            goto bad;
        }
        size_t lead = 0;
        while (lead < line_len && (line[lead] == ' ' || line[lead] == '\t'))
            lead++;
        if (lead < line_len && line[lead] == '#')
            continue;
        int n = split_words(&ps, line, line_len, words);
        if (n < 0)
            goto bad;
        if (n == 0)
            continue;
        if (parse_line(&ps, words, n, &seen_magic) != 0)
            goto bad;
    }
    if (!seen_magic) {
        ps.line = ps.line ? ps.line : 1;
        fail(&ps, 1, "no recording in the file: it must start with '%s %d'", RECORDING_MAGIC,
             RECORDING_VERSION);
        goto bad;
    }
    return 0;
bad:
    recording_free(rec);
    return -1;
}

void recording_free(struct recording *rec)
{
    for (size_t i = 0; i < rec->frame_count; i++)
        bytes_free(&rec->frames[i].bytes);
    free(rec->frames);
    free(rec->conns);
    memset(rec, 0, sizeof *rec);
}
