/*
 * cli_args.c - option values from argv.
 */
#include "cli/cli_args.h"

#include "cli/cli.h"

#include <string.h>

int cli_take_value(const char *command, int argc, char **argv, int *i, const char *name,
                   const char **value)
{
    size_t n = strlen(name);
    const char *arg = argv[*i];

    if (strncmp(arg, name, n) != 0)
        return 0;
    if (arg[n] == '=') {
        *value = arg + n + 1;
        return 1;
    }
    if (arg[n] != '\0')
        return 0;
    if (*i + 1 >= argc) {
        usage_error(command, "option %s needs a value", name);
        return -1;
    }
    *value = argv[++*i];
    return 1;
}
