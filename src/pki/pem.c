/*
 * pem.c - strict Base64, PEM armour and a PEM block reader.
 */
#include "pki/pem.h"

#include "base/fileio.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char base64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Fill err with a formatted message at line:column; returns -1. */
static int pem_fail(struct pem_error *err, size_t line, size_t column, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int pem_fail(struct pem_error *err, size_t line, size_t column, const char *fmt, ...)
{
    va_list ap;
    err->line = line;
    err->column = column;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return -1;
}

void pem_base64_encode(struct bytes *out, const uint8_t *p, size_t len)
{
    for (size_t i = 0; i < len; i += 3) {
        size_t n = len - i < 3 ? len - i : 3;
        uint32_t v = (uint32_t)p[i] << 16;
        if (n > 1)
            v |= (uint32_t)p[i + 1] << 8;
        if (n > 2)
            v |= p[i + 2];
        char quad[4];
        for (size_t k = 0; k < 4; k++)
            quad[k] = k <= n ? base64_alphabet[(v >> (18 - 6 * k)) & 63] : '=';
        bytes_append(out, quad, sizeof quad);
    }
}

/* Base64 decoding one character at a time, so that errors know their place. */
struct b64_state {
    uint8_t quad[4];
    unsigned n;         /* characters of the current group seen */
    unsigned pad;       /* '=' characters in the current group */
    bool finished;      /* a padded group ended the data */
};

/* The value of Base64 character c, or -1. */
static int b64_value(char c)
{
    const char *hit = c != '\0' ? strchr(base64_alphabet, c) : NULL;
    return hit ? (int)(hit - base64_alphabet) : -1;
}

/* Feed one character; on error set *why to a plain reason and return -1. */
static int b64_feed(struct b64_state *s, char c, struct bytes *out, const char **why)
{
    int v = b64_value(c);

    if (s->finished) {
        *why = "there is more text after the '=' padding that ends the data";
        return -1;
    }
    if (c == '=') {
        if (s->n < 2) {
            *why = "'=' padding may only fill the last one or two places of a group of four";
            return -1;
        }
        s->pad++;
        s->quad[s->n++] = 0;
    } else if (v < 0) {
        *why = "this is not a Base64 character";
        return -1;
    } else if (s->pad > 0) {
        *why = "a Base64 character follows '=' padding";
        return -1;
    } else {
        s->quad[s->n++] = (uint8_t)v;
    }
    if (s->n < 4)
        return 0;
    uint32_t group = ((uint32_t)s->quad[0] << 18) | ((uint32_t)s->quad[1] << 12) |
                     ((uint32_t)s->quad[2] << 6) | s->quad[3];
    if ((s->pad == 2 && (group & 0xffff) != 0) || (s->pad == 1 && (group & 0xff) != 0)) {
        *why = "the character before the '=' padding has spare bits that are not zero";
        return -1;
    }
    for (unsigned k = 0; k < 3 - s->pad; k++)
        bytes_append_byte(out, (uint8_t)(group >> (16 - 8 * k)));
    s->finished = s->pad > 0;
    s->n = 0;
    s->pad = 0;
    return 0;
}

/* Describe character c for a message: 'x' or byte 0x0a. */
static void describe_char(char c, char *buf, size_t buflen)
{
    unsigned char u = (unsigned char)c;
    if (u > 0x20 && u < 0x7f)
        snprintf(buf, buflen, "'%c'", c);
    else
        snprintf(buf, buflen, "byte 0x%02x", u);
}

/* Feed len characters of one line; errors name line and column. */
static int b64_feed_line(struct b64_state *s, const char *text, size_t len, size_t line,
                         struct bytes *out, struct pem_error *err)
{
    for (size_t i = 0; i < len; i++) {
        const char *why;
        if (b64_feed(s, text[i], out, &why) != 0) {
            char shown[16];
            describe_char(text[i], shown, sizeof shown);
            return pem_fail(err, line, i + 1, "bad Base64 (%s): %s", shown, why);
        }
    }
    return 0;
}

int pem_base64_decode(const char *text, size_t len, struct bytes *out, struct pem_error *err)
{
    struct b64_state s = {0};
    if (b64_feed_line(&s, text, len, 1, out, err) != 0)
        return -1;
    if (s.n != 0)
        return pem_fail(err, 1, len + 1, "the Base64 text ends inside a group of four "
                        "characters (missing '=' padding or cut off)");
    return 0;
}

void pem_encode(struct bytes *out, const char *label, const uint8_t *der, size_t len)
{
    struct bytes b64 = {0};
    char *begin = xasprintf("-----BEGIN %s-----\n", label);
    char *end = xasprintf("-----END %s-----\n", label);

    pem_base64_encode(&b64, der, len);
    bytes_append(out, begin, strlen(begin));
    for (size_t i = 0; i < b64.len; i += PEM_LINE_COLUMNS) {
        size_t n = b64.len - i < PEM_LINE_COLUMNS ? b64.len - i : PEM_LINE_COLUMNS;
        bytes_append(out, b64.data + i, n);
        bytes_append_byte(out, '\n');
    }
    bytes_append(out, end, strlen(end));
    free(begin);
    free(end);
    bytes_free(&b64);
}

/* If line (len bytes) is "-----<word> LABEL-----", copy LABEL into label and
 * return 1; return 0 when it is not such a line, -1 when the label is bad. */
static int armour_label(const char *line, size_t len, const char *word, char *label,
                        size_t labellen)
{
    size_t wlen = strlen(word);
    if (len < 5 + wlen + 1 || memcmp(line, "-----", 5) != 0 ||
        memcmp(line + 5, word, wlen) != 0 || line[5 + wlen] != ' ')
        return 0;
    const char *start = line + 5 + wlen + 1;
    size_t rest = len - (5 + wlen + 1);
    if (rest < 5 || memcmp(start + rest - 5, "-----", 5) != 0)
        return -1;
    size_t n = rest - 5;
    if (n == 0 || n >= labellen)
        return -1;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)start[i] < 0x20 || (unsigned char)start[i] > 0x7e ||
            start[i] == '-')
            return -1;
    memcpy(label, start, n);
    label[n] = '\0';
    return 1;
}

/* True when a DEK-Info value (n bytes) reads CIPHER,IV: a cipher name of
 * letters, digits and '-' (under PEM_CIPHER_NAME_MAX), a comma, then an IV
 * of 1 to PEM_IV_MAX bytes in hex. */
static bool dek_info_ok(const char *v, size_t n)
{
    const char *comma = memchr(v, ',', n);
    if (comma == NULL || comma == v || comma - v >= PEM_CIPHER_NAME_MAX)
        return false;
    for (const char *c = v; c < comma; c++)
        if (!isalnum((unsigned char)*c) && *c != '-')
            return false;
    size_t hex = n - (size_t)(comma - v) - 1;
    if (hex == 0 || hex % 2 != 0 || hex / 2 > PEM_IV_MAX)
        return false;
    for (size_t i = 0; i < hex; i++)
        if (!isxdigit((unsigned char)comma[1 + i]))
            return false;
    return true;
}

/* Read the header line (len bytes, with a ':') of block b at lineno into
 * its place; 0, or -1 with err naming what is wrong. */
static int read_header(struct pem_block *b, const char *line, size_t len, size_t lineno,
                       struct pem_error *err)
{
    static const struct {
        const char *name;
        size_t offset;
    } known[] = {
        {"Proc-Type", offsetof(struct pem_block, proc_type)},
        {"DEK-Info", offsetof(struct pem_block, dek_info)},
    };
    const char *colon = memchr(line, ':', len);
    size_t name_len = (size_t)(colon - line);
    const char *value = colon + 1;
    size_t value_len = len - name_len - 1;

    while (value_len > 0 && (*value == ' ' || *value == '\t')) {
        value++;
        value_len--;
    }
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        if (strlen(known[i].name) != name_len || memcmp(known[i].name, line, name_len) != 0)
            continue;
        char *slot = (char *)b + known[i].offset;
        if (slot[0] != '\0')
            return pem_fail(err, lineno, 1, "a second %s header", known[i].name);
        size_t column = (size_t)(value - line) + 1;
        if (value_len == 0 || value_len >= PEM_HEADER_MAX)
            return pem_fail(err, lineno, column, "the %s header's value is %s",
                            known[i].name, value_len == 0 ? "empty" : "too long");
        if (slot == b->dek_info && !dek_info_ok(value, value_len))
            return pem_fail(err, lineno, column, "the DEK-Info header is not "
                            "CIPHER,IV with the IV in hex (for example AES-256-CBC, then 32 "
                            "hex digits)");
        memcpy(slot, value, value_len);
        slot[value_len] = '\0';
        return 0;
    }
    return pem_fail(err, lineno, 1, "an unknown PEM header '%.*s' (tlssim reads only "
                    "Proc-Type and DEK-Info, which mark a legacy encrypted key)",
                    (int)(name_len < 40 ? name_len : 40), line);
}

/* Length of line without trailing spaces, tabs and carriage return. */
static size_t trimmed_length(const char *line, size_t len)
{
    while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\t' || line[len - 1] == '\r'))
        len--;
    return len;
}

int pem_read_all(const char *text, size_t len, struct pem_block **blocks, size_t *count,
                 struct pem_error *err)
{
    struct pem_block *list = xcalloc(PEM_BLOCKS_MAX, sizeof *list);
    struct pem_block *open = NULL;
    struct b64_state state = {0};
    char label[PEM_LABEL_MAX];
    size_t n = 0, lineno = 0, pos = 0;
    int rc = -1;

    /* a byte-order mark, as some editors put before UTF-8 text */
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        pos = 3;

    while (pos < len) {
        const char *line = text + pos;
        const char *nl = memchr(line, '\n', len - pos);
        size_t raw = nl ? (size_t)(nl - line) : len - pos;
        size_t linelen = trimmed_length(line, raw);
        pos += raw + (nl ? 1 : 0);
        lineno++;

        int begin = armour_label(line, linelen, "BEGIN", label, sizeof label);
        int end = armour_label(line, linelen, "END", label, sizeof label);
        if (begin < 0 || end < 0) {
            pem_fail(err, lineno, 1, "the armour line has a bad or missing label "
                     "(it must look like -----BEGIN CERTIFICATE-----)");
            goto done;
        }
        if (open == NULL) {
            if (end > 0) {
                pem_fail(err, lineno, 1, "END \"%s\" without a BEGIN before it", label);
                goto done;
            }
            if (begin == 0)
                continue;  /* text outside a block, such as a description */
            if (n == PEM_BLOCKS_MAX) {
                pem_fail(err, lineno, 1, "more than %d PEM blocks in one text", PEM_BLOCKS_MAX);
                goto done;
            }
            open = &list[n++];
            memcpy(open->label, label, sizeof label);
            open->line = lineno;
            memset(&state, 0, sizeof state);
            continue;
        }
        if (begin > 0) {
            pem_fail(err, lineno, 1, "BEGIN \"%s\" inside the block \"%s\" that "
                     "starts on line %zu, which has no END yet", label, open->label,
                     open->line);
            goto done;
        }
        if (end > 0) {
            if (strcmp(label, open->label) != 0) {
                pem_fail(err, lineno, 1, "END \"%s\" does not match BEGIN \"%s\" "
                         "on line %zu", label, open->label, open->line);
                goto done;
            }
            if (state.n != 0) {
                pem_fail(err, lineno, 1, "the Base64 data of the block from line "
                         "%zu ends inside a group of four characters", open->line);
                goto done;
            }
            if (open->der.len == 0) {
                pem_fail(err, open->line, 1, "the block \"%s\" holds no data", open->label);
                goto done;
            }
            open = NULL;
            continue;
        }
        if (memchr(line, ':', linelen) != NULL) {
            if (open->der.len != 0 || state.n != 0) {
                pem_fail(err, lineno, 1, "a header line inside the Base64 data; "
                         "headers come right after the BEGIN line");
                goto done;
            }
            if (read_header(open, line, linelen, lineno, err) != 0)
                goto done;
            continue;
        }
        if (b64_feed_line(&state, line, linelen, lineno, &open->der, err) != 0)
            goto done;
    }
    if (open != NULL) {
        pem_fail(err, open->line, 1, "the block \"%s\" has no END line", open->label);
        goto done;
    }
    if (n == 0) {
        pem_fail(err, lineno ? lineno : 1, 1, "no PEM block (-----BEGIN ...-----) in the text");
        goto done;
    }
    rc = 0;
done:
    crypt_wipe(&state, sizeof state);   /* it may hold bytes of a key */
    if (rc != 0) {
        pem_blocks_free(list, PEM_BLOCKS_MAX);
        list = NULL;
        n = 0;
    }
    *blocks = list;
    *count = n;
    return rc;
}

int pem_read_file(const char *path, struct pem_block **blocks, size_t *count, char *why,
                  size_t whylen, struct pem_error *err)
{
    struct bytes text = {0};

    if (fileio_read_all(path, &text, why, whylen) != 0)
        return -1;
    int rc = pem_read_all((const char *)text.data, text.len, blocks, count, err);
    crypt_wipe(text.data, text.len);
    bytes_free(&text);
    return rc == 0 ? 0 : -2;
}

void pem_blocks_free(struct pem_block *blocks, size_t count)
{
    if (blocks == NULL)
        return;
    for (size_t i = 0; i < count; i++)
        bytes_free(&blocks[i].der);
    free(blocks);
}
