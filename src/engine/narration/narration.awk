# narration.awk - turn a narration file (teach.txt, tls13.txt) into the C
# table of its fragments, struct stage_fragment (engine/stage_text.h).
#
#   awk -v prefix=SIT_ -v table=stage_fragments_teach -f narration.awk \
#       stage_text.h fact.h teach.txt > narration_teach.c
#
# Every file but the last is a header: from it come the situation bits
# (enumerators "<prefix>NAME = 1u << n") and the claims ("CLAIM_NAME = 1u
# << n") that a record may name, and the generated file includes it.  The
# last file is the narration; its format is described at its top.  A bad
# record is reported as "file:line: error: ..." on standard error, and the
# exit status is 1; nothing is written then.

# Report a mistake at line (of the narration file) and remember to fail.
function fail(line, msg) {
    print FILENAME ":" line ": error: " msg | "cat 1>&2"
    failed = 1
}

# The C string literal of s.
function c_string(s,    i, c, r) {
    r = ""
    for (i = 1; i <= length(s); i++) {
        c = substr(s, i, 1)
        r = r (c == "\\" || c == "\"" ? "\\" : "") c
    }
    return "\"" r "\""
}

# The C expression of the bit names in words (fields 2..n of the current
# line), each checked against the names known under kind ("sit" or
# "claim"); "0" when there are none.  Names are also kept in seen[kind, name]
# so that need and deny can be compared.
function bits_of(kind, field,    i, expr, name, cname) {
    expr = ""
    for (i = 2; i <= NF; i++) {
        name = $i
        cname = (kind == "claim" ? "CLAIM_" : prefix) name
        if (!((kind, name) in known))
            fail(FNR, "unknown " (kind == "claim" ? "claim" : "situation bit") " '" name \
                 "' in " field " (the names are those of " \
                 (kind == "claim" ? "fact.h's CLAIM_" : prefix) "... without the prefix)")
        if ((field, name) in seen)
            fail(FNR, "'" name "' is named twice in " field)
        seen[field, name] = 1
        expr = expr (expr == "" ? "" : " | ") cname
    }
    return expr == "" ? "0" : expr
}

# Write the record that is open, if any, after its last checks.
function flush(    name) {
    if (!open)
        return
    open = 0
    if (ntext == 0) {
        fail(rec_line, "the fragment has no text (indent its lines under the stage line)")
        return
    }
    for (name in names_sit)
        if (("need", name) in seen && ("deny", name) in seen)
            fail(rec_line, "'" name "' is both needed and denied: the fragment would never show")
    out = out "    /* " base ":" rec_line " */\n"
    out = out "    {" rec_stage ", " rec_real ", " rec_need ", " rec_deny ", " rec_claims ",\n"
    for (i = 1; i <= ntext; i++)
        out = out "     " c_string(text[i] (i < ntext ? " " : "")) (i < ntext ? "\n" : "},\n")
    count++
}

BEGIN {
    if (prefix == "" || table == "") {
        print "narration.awk: set -v prefix=... and -v table=..." | "cat 1>&2"
        failed = 1
        exit 1
    }
    includes = ""
}

# The header files: collect the names, and include each.
FILENAME != ARGV[ARGC - 1] {
    if (FNR == 1) {
        h = FILENAME
        sub(/.*src\//, "", h)
        includes = includes "#include \"" h "\"\n"
    }
    if ($0 ~ "^[ \t]*" prefix "[A-Z0-9_]+[ \t]*=[ \t]*1u[ \t]*<<") {
        name = $1
        sub(/=.*/, "", name)
        sub("^" prefix, "", name)
        known["sit", name] = 1
        names_sit[name] = 1
    } else if ($0 ~ /^[ \t]*CLAIM_[A-Z0-9_]+[ \t]*=[ \t]*1u[ \t]*<</) {
        name = $1
        sub(/=.*/, "", name)
        sub(/^CLAIM_/, "", name)
        known["claim", name] = 1
    }
    next
}

FNR == 1 {
    base = FILENAME
    sub(/.*\//, "", base)
}

/^#/ || /^[ \t]*$/ { next }

/^[ \t]/ {
    if (!open) {
        fail(FNR, "text outside a fragment (a fragment starts with a 'stage' line)")
        next
    }
    line = $0
    sub(/^[ \t]+/, "", line)
    sub(/[ \t]+$/, "", line)
    text[++ntext] = line
    next
}

{
    if (open && ntext > 0)
        flush()
}

$1 == "stage" {
    if (open)
        fail(rec_line, "the fragment has no text (indent its lines under the stage line)")
    open = 1
    rec_line = FNR
    ntext = 0
    rec_need = rec_deny = rec_claims = "0"
    split("", seen)
    if (NF != 3 || $2 !~ /^[1-8]$/ || ($3 != "what" && $3 != "real"))
        fail(FNR, "a fragment starts with 'stage N what' or 'stage N real', N from 1 to 8")
    rec_stage = $2
    rec_real = ($3 == "real" ? "true" : "false")
    next
}

$1 == "need" || $1 == "deny" || $1 == "claims" {
    if (!open) {
        fail(FNR, "'" $1 "' outside a fragment (a fragment starts with a 'stage' line)")
        next
    }
    if (($1, "line") in seen) {
        fail(FNR, "a second '" $1 "' line in one fragment")
        next
    }
    seen[$1, "line"] = 1
    if ($1 == "need")
        rec_need = bits_of("sit", "need")
    else if ($1 == "deny")
        rec_deny = bits_of("sit", "deny")
    else
        rec_claims = bits_of("claim", "claims")
    next
}

{
    fail(FNR, "'" $1 "' is no field of a fragment (stage, need, deny, claims, or indented text)")
}

END {
    if (failed)
        exit 1
    flush()
    if (failed)
        exit 1
    if (count == 0) {
        print FILENAME ": error: no fragments" | "cat 1>&2"
        exit 1
    }
    print "/* " table " - made by narration.awk from " base "; edit that file, not this one. */"
    printf "%s", includes
    print ""
    print "const struct stage_fragment " table "[] = {"
    printf "%s", out
    print "};"
    print ""
    print "const size_t " table "_count ="
    print "    sizeof " table " / sizeof " table "[0];"
}
