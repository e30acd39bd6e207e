# usage.awk - turn a command's usage file (src/cli/usage/NAME.txt) into its
# entry, the definition "static const struct cli_command NAME_command"
# (cli/cli.h), as a fragment that cmd_NAME.c includes after its settings
# struct, its option ids and its take function.
#
#   awk -f lib.awk -f usage.awk walk.txt > usage_walk.h
#
# A usage file is read line by line; lines that start with # are comments
# and blank lines are skipped.  In this order:
#   command NAME        'tlssim NAME'; the entry is NAME_command
#   settings STRUCT     the struct (without the word struct) that the
#                       fields are in
#   take FUNCTION       reads the options of kind own, and the operands
#                       when no 'operand' keeps them (none: the command
#                       reads them itself, calling cli_next())
#   operands            the command takes operands (else one is refused)
#   operand FIELD       keeps its one operand in FIELD (a const char *)
#   second WORDS        the usage error before 'FIRST' and 'SECOND' when a
#                       second operand comes
#   missing WORDS       the usage error when none comes (else it may be
#                       left out)
#   about               the text before the options, one "| " line per
#                       line as it prints ("|" alone: an empty line)
#   option NAME [VALUE] the option --NAME, VALUE the placeholder of its
#                       value (none for a switch); then its lines:
#     kind KIND           flag (sets the bool FIELD), text (keeps the value
#                         in FIELD), whole (a number in its range, kept as
#                         a long in FIELD), or own
#                         (the command reads it: take, or the command's
#                         own cli_next() loop, is handed ID)
#     field FIELD         flag, text, whole: the member of the settings
#     id ID               own: the enumerator take is handed
#     range MIN MAX       whole: the numbers it may be (or C constants)
#     what WORDS          whole: the usage error's words for the number
#                         (default: a whole number)
#   and its help, every line indented and wrapped as --help prints it (54
#   columns); the lines are joined with one space, and --help wraps them.
#   after               the text after the line of -h, --help, in "| "
#                       lines as about
# Of the command's lines, command and about are required; an option wants
# its kind and its help.  A bad line is reported as
# "file:line: error: ..." on standard error, and the exit status is 1;
# nothing is written then.

# Whether s is a C identifier.
function is_ident(s) {
    return s ~ /^[A-Za-z_][A-Za-z0-9_]*$/
}

# Whether s names a member of the settings, such as "timeout_s" or
# "cfg.plain".
function is_member(s) {
    return s ~ /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/
}

# The text of the current line after its first word.
function rest_of_line(    line) {
    line = $0
    sub(/^[ \t]*[^ \t]+/, "", line)
    return trim(line)
}

# The one word after the key on the current line, checked by is_ident (or
# is_member when member); "" after a complaint.
function name_after_key(member) {
    if (NF != 2 || (member ? !is_member($2) : !is_ident($2))) {
        fail(usage, FNR, "'" $1 "' wants one C " (member ? "member name" : "identifier") \
             ", not '" rest_of_line() "'")
        return ""
    }
    return $2
}

# Remember that key was given on this line in scope ("command", or the
# line of its option); a complaint when it already was.
function once(scope, key) {
    if ((scope, key) in given_at) {
        fail(usage, FNR, "a second '" key "' line (the first is on line " \
             given_at[scope, key] ")")
        return 0
    }
    given_at[scope, key] = FNR
    return 1
}

# The C expression offsetof(struct SETTINGS, member); a complaint at line
# when no settings line came first.
function field_of(member, line) {
    if (settings == "") {
        fail(usage, line, "'" member "' is a field, but no 'settings' line names their struct")
        return "0"
    }
    return "offsetof(struct " settings ", " member ")"
}

# Close the option that is open, if any: check it as a whole and add its C
# row to rows.
function flush(    row, i) {
    if (opt == "")
        return
    if (opt_kind == "")
        fail(usage, opt_line, "--" opt " has no 'kind' line (flag, text, whole or own)")
    else if (opt_kind == "own" && opt_id == "")
        fail(usage, opt_line, "--" opt " is read by the command: it wants an 'id' line")
    else if (opt_kind == "own" && opt_field != "")
        fail(usage, opt_line, "--" opt " is read by the command: it sets no 'field'")
    else if (opt_kind != "own" && opt_field == "")
        fail(usage, opt_line, "--" opt " of kind " opt_kind " wants a 'field' line")
    else if (opt_kind != "own" && opt_id != "")
        fail(usage, opt_line, "--" opt " of kind " opt_kind " has no 'id' (only own has)")
    else if (opt_kind == "flag" && opt_value != "")
        fail(usage, opt_line, "--" opt " is a switch (kind flag): it takes no VALUE")
    else if ((opt_kind == "text" || opt_kind == "whole") && opt_value == "")
        fail(usage, opt_line, "--" opt " of kind " opt_kind " wants a VALUE after its name")
    else if ((opt_kind == "whole") != (opt_min != ""))
        fail(usage, opt_line, "--" opt ": a 'range' line goes with kind whole, and only there")
    else if (opt_what != "" && opt_kind != "whole")
        fail(usage, opt_line, "--" opt ": a 'what' line goes with kind whole only")
    if (nhelp == 0)
        fail(usage, opt_line, "--" opt " has no help (indent its lines under the option's)")
    row = "        /* " base_name(usage) ":" opt_line " */\n"
    row = row "        {" c_string(opt) ", " (opt_value == "" ? "NULL" : c_string(opt_value)) ","
    for (i = 1; i <= nhelp; i++)
        row = row "\n         " c_string(help[i] (i < nhelp ? " " : "")) (i < nhelp ? "" : ",")
    if (opt_kind == "own")
        row = row "\n         .id = " opt_id
    else
        row = row "\n         .kind = CLI_" toupper(opt_kind) ", .field = " \
              field_of(opt_field, opt_line)
    if (opt_kind == "whole")
        row = row ", .min = " opt_min ", .max = " opt_max
    if (opt_what != "")
        row = row ", .what = " c_string(opt_what)
    rows = rows row "},\n"
    opt = ""
}

BEGIN {
    if (ARGC != 2) {
        print "usage.awk: name one usage file" | "cat 1>&2"
        failed = 1
        exit 1
    }
    usage = ARGV[1]
    keys = "command, settings, take, operands, operand, second, missing, about, option " \
           "(kind, field, id, range, what, indented help), after"
}

/^#/ || /^[ \t]*$/ { next }

# A line of about or after, as it prints.
/^\|/ {
    if (part != "about" && part != "after")
        fail(usage, FNR, "a '|' line outside about and after")
    else if ($0 != "|" && substr($0, 1, 2) != "| ")
        fail(usage, FNR, "a '|' is followed by one space and the text as it prints")
    else
        text[part] = text[part] (text[part] == "" ? " " : "\n             ") \
                     c_line(substr($0, 3))
    next
}

# A line of an option's help.
/^[ \t]/ {
    if (part != "option")
        fail(usage, FNR, "an indented line outside an option (help follows an 'option' line)")
    else
        help[++nhelp] = trim($0)
    next
}

command == "" && $1 != "command" {
    fail(usage, FNR, "a usage file starts with 'command NAME'")
    command = "?"
    part = "head"
}

$1 == "command" {
    if (command != "")
        fail(usage, FNR, "a second 'command' line")
    else if (NF != 2 || $2 !~ /^[a-z][a-z0-9_]*$/)
        fail(usage, FNR, "'command' wants the command's name, in lower case")
    command = NF == 2 ? $2 : "?"
    command_line = FNR
    part = "head"
    next
}

$1 == "settings" || $1 == "take" || $1 == "operands" || $1 == "operand" || \
$1 == "second" || $1 == "missing" {
    if (part != "head") {
        fail(usage, FNR, "'" $1 "' belongs before 'about'")
        next
    }
    if (!once("command", $1))
        next
    if ($1 == "settings")
        settings = name_after_key(0)
    else if ($1 == "take")
        take = name_after_key(0)
    else if ($1 == "operand")
        operand = name_after_key(1)
    else if ($1 == "operands" && NF != 1)
        fail(usage, FNR, "'operands' stands alone ('operand FIELD' keeps one)")
    else if ($1 == "second" || $1 == "missing") {
        words[$1] = rest_of_line()
        if (words[$1] == "")
            fail(usage, FNR, "'" $1 "' wants the words of its usage error")
    }
    next
}

$1 == "about" || $1 == "after" {
    flush()
    if (NF != 1)
        fail(usage, FNR, "'" $1 "' stands alone; its text follows in '| ' lines")
    else if ($1 == "about" && part != "head")
        fail(usage, FNR, "'about' comes once, before the options")
    else if ($1 == "after" && part != "about" && part != "option")
        fail(usage, FNR, "'after' comes once, after about and the options")
    part = $1
    text[part] = text[part] ""
    next
}

$1 == "option" {
    flush()
    if (part != "about" && part != "option") {
        fail(usage, FNR, "an option comes after 'about' and before 'after'")
        next
    }
    part = "option"
    opt_line = FNR
    opt = opt_value = opt_kind = opt_field = opt_id = opt_min = opt_max = opt_what = ""
    nhelp = 0
    if (NF < 2 || NF > 3 || $2 !~ /^[a-z0-9][a-z0-9-]*$/) {
        fail(usage, FNR, "an option is 'option NAME' or 'option NAME VALUE', NAME as in --NAME")
        opt = "?"
    } else if ($2 in option_at) {
        fail(usage, FNR, "--" $2 " is already on line " option_at[$2])
        opt = $2
    } else {
        opt = $2
        option_at[opt] = FNR
        opt_value = NF == 3 ? $3 : ""
    }
    next
}

$1 == "kind" || $1 == "field" || $1 == "id" || $1 == "range" || $1 == "what" {
    if (part != "option") {
        fail(usage, FNR, "'" $1 "' outside an option (an option starts with 'option NAME')")
        next
    }
    if (nhelp > 0) {
        fail(usage, FNR, "'" $1 "' after the help of --" opt " (the help comes last)")
        next
    }
    if (!once(opt_line, $1))
        next
    if ($1 == "kind") {
        opt_kind = $2
        if (NF != 2 || $2 !~ /^(flag|text|whole|own)$/)
            fail(usage, FNR, "'" rest_of_line() "' is no kind (flag, text, whole or own)")
    } else if ($1 == "field") {
        opt_field = name_after_key(1)
    } else if ($1 == "id") {
        opt_id = name_after_key(0)
    } else if ($1 == "what") {
        opt_what = rest_of_line()
        if (opt_what == "")
            fail(usage, FNR, "'what' wants the words for the number, e.g. whole seconds")
    } else if (NF != 3 || ($2 !~ /^-?[0-9]+$/ && !is_ident($2)) ||
               ($3 !~ /^-?[0-9]+$/ && !is_ident($3))) {
        fail(usage, FNR, "'range' wants MIN and MAX, whole numbers or C constants")
    } else if ($2 ~ /^-?[0-9]+$/ && $3 ~ /^-?[0-9]+$/ && $2 + 0 > $3 + 0) {
        fail(usage, FNR, "the range " $2 " to " $3 " is empty")
    } else {
        opt_min = $2
        opt_max = $3
    }
    next
}

{
    fail(usage, FNR, "'" $1 "' is no line of a usage file (" keys ")")
}

END {
    if (ARGC != 2)
        exit 1
    flush()
    if (command == "")
        fail(usage, FNR, "no 'command' line")
    else if (text["about"] == "")
        fail(usage, command_line, "the command has no 'about' with '| ' lines (its usage, " \
             "before the options)")
    if (operand != "" && !(("command", "operands") in given_at))
        fail(usage, given_at["command", "operand"], "'operand' goes with 'operands'")
    if (operand != "" && !("second" in words))
        fail(usage, given_at["command", "operand"], "'operand' wants a 'second' line, " \
             "the usage error when two come")
    if (operand == "" && (("second" in words) || ("missing" in words)))
        fail(usage, command_line, "'second' and 'missing' go with 'operand FIELD'")
    if (operand == "" && take == "" && (("command", "operands") in given_at))
        fail(usage, given_at["command", "operands"], "the operands go to the command's " \
             "function, but no 'take' line names it")
    if (operand != "")
        operand = field_of(operand, given_at["command", "operand"])
    if (failed)
        exit 1
    print "/* " command "_command - made by usage.awk from " base_name(usage) "; edit that " \
          "file, not this one. */"
    print "static const struct cli_command " command "_command = {"
    print "    .name = " c_string(command) ","
    print "    .about =" text["about"] ","
    print "    .options = (const struct cli_option[]){"
    printf "%s", rows
    print "        {.name = NULL},"
    print "    },"
    print "    .after =" (text["after"] != "" ? text["after"] : " \"\"") ","
    if (take != "")
        print "    .take = " take ","
    if (("command", "operands") in given_at)
        print "    .operands = true,"
    if (operand != "")
        print "    .operand = " operand ","
    if ("second" in words)
        print "    .second = " c_string(words["second"]) ","
    if ("missing" in words)
        print "    .missing = " c_string(words["missing"]) ","
    print "};"
}
