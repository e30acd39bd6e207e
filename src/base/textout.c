/*
 * textout.c - word wrapping for plain text.
 */
#include "base/textout.h"

#include "base/text.h"

#include <stdlib.h>
#include <string.h>

/* The narrowest a wrapped column may get, however deep the indent. */
#define MIN_COLUMN 20

void textout_wrapped(FILE *out, const char *prefix, const char *text, int indent, int width)
{
    char *safe = text_escape_controls(text);
    const char *p = safe;
    int used = (int)strlen(prefix);

    fputs(prefix, out);
    while (*p == ' ')
        p++;
    do {
        int room = width - used < MIN_COLUMN ? MIN_COLUMN : width - used;
        int n = (int)strlen(p);
        if (n > room) {
            n = room;
            while (n > 0 && p[n] != ' ')
                n--;
            if (n == 0)
                n = room;
        }
        fprintf(out, "%.*s\n", n, p);
        p += n;
        while (*p == ' ')
            p++;
        if (*p != '\0')
            fprintf(out, "%*s", indent, "");
        used = indent;
    } while (*p != '\0');
    free(safe);
}
