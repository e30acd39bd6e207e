/*
 * die.h - tlssim's one fatal path.  Whatever part of the program cannot go
 * on (memory gone, the random source broken, a screen that cannot be drawn)
 * calls die(): it first runs the hook that the screen code set, so the
 * terminal is given back, then prints "tlssim: " and the message on stderr
 * and exits with status 1.  tig's die_callback is the model.
 */
#ifndef TLSSIM_DIE_H
#define TLSSIM_DIE_H

/* Called once by die() before the message; must not call die() itself. */
typedef void (*die_hook_fn)(void);

/* Set the hook (NULL: none); the screen code sets it while it owns the terminal. */
void die_set_hook(die_hook_fn hook);

/* Run the hook, print "tlssim: " and the message on stderr, exit 1. */
void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
