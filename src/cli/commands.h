/*
 * commands.h - the subcommands of the tlssim program.
 *
 * Each command lives in its own cmd_*.c file and is one entry in the table
 * of main.c.  A command gets argv with argv[0] set to its own name, and
 * returns the exit status: 0 ok, 1 a failed check, 2 bad usage or bad input.
 */
#ifndef TLSSIM_COMMANDS_H
#define TLSSIM_COMMANDS_H

#include "base/exit_status.h"

struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
};

int cmd_walk(int argc, char **argv);
int cmd_lessons(int argc, char **argv);
int cmd_learn(int argc, char **argv);
int cmd_play(int argc, char **argv);
int cmd_files(int argc, char **argv);
int cmd_inspect(int argc, char **argv);
int cmd_connect(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_follow(int argc, char **argv);
int cmd_relay(int argc, char **argv);
int cmd_eve(int argc, char **argv);

#endif
