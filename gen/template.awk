# template.awk - turn a text template (pki/certdir_readme.txt) into C
# tables of pieces, struct readme_piece (pki/certdir_readme.h).
#
#   awk -f lib.awk -f template.awk certdir_readme.h certdir_readme.txt \
#       > certdir_readme_text.c
#
# From the header come the words a part may take (enumerators
# README_WORD_NAME, written {name} in the template) and the parts it
# declares (extern ... certdir_readme_NAME[]); the generated file includes
# it.  The template's format is described at its top.  A bad line is
# reported as "file:line: error: ..." on standard error, and the exit status
# is 1; nothing is written then.

# Add to the part being read a piece: its text so far (C literals) and
# then word ("-1" for none).
function piece(word) {
    if (pending == "" && word == "-1")
        return
    out = out "    {" when_name[when] "," (pending == "" ? "\n     \"\"" : pending) ", " word "},\n"
    pending = ""
}

# Close the part being read, if any.
function end_part() {
    if (part == "")
        return
    piece("-1")
    out = out "    {README_ALWAYS, NULL, -1},\n};\n"
    part = ""
}

# Add line (without its condition) to the part, in pieces: the text
# between words, and each {word}.
function add_line(line,    open_at, close_at, name) {
    while ((open_at = index(line, "{")) > 0) {
        close_at = index(substr(line, open_at), "}")
        name = close_at > 0 ? substr(line, open_at + 1, close_at - 2) : ""
        if (close_at == 0 || name !~ /^[a-z0-9_]+$/) {
            fail(template, FNR, "a '{' that does not start a {word}")
            return
        }
        if (!(name in words)) {
            fail(template, FNR, "unknown word {" name "} (the words are those of " \
                 base_name(header) "'s README_WORD_..., in lower case)")
            return
        }
        pending = pending "\n     " c_string(substr(line, 1, open_at - 1))
        piece(words[name])
        line = substr(line, open_at + close_at)
    }
    pending = pending "\n     " c_line(line)
}

BEGIN {
    header = ARGV[1]
    template = ARGV[2]
    when_name["always"] = "README_ALWAYS"
    when_name["seeded"] = "README_SEEDED"
    when_name["fresh"] = "README_FRESH"
}

# The header: the words and the parts.
FILENAME == header {
    if ($0 ~ /^[ \t]*README_WORD_[A-Z0-9_]+[ \t]*,/ && $1 !~ /^README_WORD_COUNT/) {
        name = $1
        sub(/,.*/, "", name)
        enumerator = name
        sub(/^README_WORD_/, "", name)
        words[tolower(name)] = enumerator
    } else if ($0 ~ /^extern const struct readme_piece certdir_readme_[a-z0-9_]+\[\];/) {
        name = $5
        sub(/\[.*/, "", name)
        sub(/^certdir_readme_/, "", name)
        declared[name] = FNR
    }
    next
}

# Before the first part: comments and blank lines only.
part == "" && !/^@@ / {
    if ($0 !~ /^#/ && $0 !~ /^[ \t]*$/)
        fail(template, FNR, "text before the first part (a part starts with '@@ NAME')")
    next
}

/^@@ / {
    end_part()
    if (NF != 2 || !($2 in declared)) {
        fail(template, FNR, "'" $0 "' names no part that " base_name(header) " declares")
        part = "?"
    } else if ($2 in seen) {
        fail(template, FNR, "part " $2 " is already on line " seen[$2])
        part = "?"
    } else {
        part = $2
        seen[part] = FNR
    }
    when = "always"
    out = out "\nconst struct readme_piece certdir_readme_" part "[] = {\n"
    next
}

{
    line = $0
    line_when = "always"
    if (line ~ /^\?/) {
        line_when = line
        sub(/ .*/, "", line_when)
        sub(/^\?/, "", line_when)
        if (line_when != "seeded" && line_when != "fresh") {
            fail(template, FNR, "'?" line_when "' is no condition ('?seeded ' or '?fresh ')")
            next
        }
        if (line !~ /^\?[a-z]+ /) {
            fail(template, FNR, "'?" line_when "' has no text after it (a line of the README " \
                 "follows the condition and one space)")
            next
        }
        sub(/^\?[a-z]+ /, "", line)
    }
    if (line_when != when) {
        piece("-1")
        when = line_when
    }
    add_line(line)
}

END {
    end_part()
    for (name in declared)
        if (!(name in seen))
            fail(header, declared[name], "part " name " is not in " base_name(template))
    if (failed)
        exit 1
    h = header
    sub(/.*src\//, "", h)
    print "/* made by template.awk from " base_name(template) "; edit that file, not this one. */"
    print "#include \"" h "\""
    print ""
    print "#include <stddef.h>"
    printf "%s", out
}
