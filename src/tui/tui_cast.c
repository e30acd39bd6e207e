/*
 * tui_cast.c - asciicast v2 lines: the header and output events.
 */
#include "config.h"

#include "tui/tui_cast.h"

#include <string.h>

/* The length of the UTF-8 character at p (n bytes left), or 0 when p does
 * not start a valid, shortest-form one. */
static size_t utf8_length(const unsigned char *p, size_t n)
{
    size_t len = p[0] >= 0xf0 && p[0] <= 0xf4 ? 4 : p[0] >= 0xe0 ? 3 : p[0] >= 0xc2 ? 2 : 0;

    if (len == 0 || len > n || (p[0] >= 0xf8))
        return 0;
    for (size_t i = 1; i < len; i++)
        if ((p[i] & 0xc0) != 0x80)
            return 0;
    if ((len == 3 && p[0] == 0xe0 && p[1] < 0xa0) || (len == 4 && p[0] == 0xf0 && p[1] < 0x90) ||
        (len == 4 && p[0] == 0xf4 && p[1] >= 0x90) || (len == 3 && p[0] == 0xed && p[1] >= 0xa0))
        return 0;
    return len;
}

/* Write len bytes as the inside of a JSON string. */
static void json_string(FILE *out, const char *bytes, size_t len)
{
    const unsigned char *p = (const unsigned char *)bytes;

    for (size_t i = 0; i < len;) {
        if (p[i] == '"' || p[i] == '\\') {
            fprintf(out, "\\%c", p[i]);
            i++;
        } else if (p[i] < 0x20 || p[i] == 0x7f) {
            fprintf(out, "\\u%04x", p[i]);
            i++;
        } else if (p[i] < 0x80) {
            fputc(p[i], out);
            i++;
        } else {
            size_t k = utf8_length(p + i, len - i);
            if (k == 0) {
                fputs("\\ufffd", out);
                i++;
            } else {
                fwrite(p + i, 1, k, out);
                i += k;
            }
        }
    }
}

int tui_cast_header(FILE *out, int cols, int rows, const char *term, const char *title)
{
    fprintf(out, "{\"version\": 2, \"width\": %d, \"height\": %d, \"title\": \"", cols, rows);
    json_string(out, title, strlen(title));
    fputs("\", \"env\": {\"TERM\": \"", out);
    json_string(out, term, strlen(term));
    fputs("\"}}\n", out);
    return ferror(out) ? -1 : 0;
}

int tui_cast_event(FILE *out, long long ms, const char *bytes, size_t len)
{
    fprintf(out, "[%lld.%03lld, \"o\", \"", ms / 1000, ms % 1000);
    json_string(out, bytes, len);
    fputs("\"]\n", out);
    return ferror(out) ? -1 : 0;
}
