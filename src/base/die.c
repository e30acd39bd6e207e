/*
 * die.c - the one fatal path: give the terminal back, say why, exit.
 */
#include "base/die.h"

#include "base/exit_status.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static die_hook_fn die_hook;

void die_set_hook(die_hook_fn hook)
{
    die_hook = hook;
}

void die(const char *fmt, ...)
{
    va_list ap;
    die_hook_fn hook = die_hook;

    die_hook = NULL;  /* a hook that fails must not loop back here */
    if (hook != NULL)
        hook();
    fputs("tlssim: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(EXIT_CHECK_FAILED);
}
