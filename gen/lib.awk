# lib.awk - what the table generators of gen/ share: run as
# "awk -f gen/lib.awk -f gen/NAME.awk ...".

# Report a mistake as "file:line: error: msg" on standard error, and
# remember that the run failed.
function fail(file, line, msg) {
    print file ":" line ": error: " msg | "cat 1>&2"
    failed = 1
}

# The C string literal of s: double quotes around it, and a backslash
# before each double quote and backslash in it, and before a question mark
# that follows another (so that prose with "??!" is no trigraph under
# -std=c11).
function c_string(s,    i, c, r) {
    r = ""
    for (i = 1; i <= length(s); i++) {
        c = substr(s, i, 1)
        if (c == "\\" || c == "\"" || (c == "?" && i > 1 && substr(s, i - 1, 1) == "?"))
            r = r "\\"
        r = r c
    }
    return "\"" r "\""
}

# The C string literal of s followed by a newline ("\n" at its end).
function c_line(s) {
    s = c_string(s)
    return substr(s, 1, length(s) - 1) "\\n\""
}

# s without the white space it starts and ends with.
function trim(s) {
    sub(/^[ \t]+/, "", s)
    sub(/[ \t]+$/, "", s)
    return s
}

# The last part of a path: "teach.txt" for "src/engine/narration/teach.txt".
function base_name(path) {
    sub(/.*\//, "", path)
    return path
}
