/*
 * cmd_walk.c - placeholder until the engine lands.
 */
#include "commands.h"

int cmd_walk(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return 0;
}
