# narration.awk - turn a narration file (teach.txt, tls13.txt) into the C
# table of its fragments, struct stage_fragment (engine/stage_text.h).
#
#   awk -v prefix=SIT_ -v table=stage_fragments_teach -f lib.awk \
#       -f narration.awk stage_text.h fact.h teach.txt > narration_teach.c
#
# Every file but the last is a header: from it come the situation bits
# (enumerators "<prefix>NAME = 1u << n") and the claims ("CLAIM_NAME = 1u
# << n") that a fragment may name, and the generated file includes it.  The
# last file is the narration; its format is described at its top.  A bad
# fragment is reported as "file:line: error: ..." on standard error, and
# the exit status is 1; nothing is written then.

# The C expression of the bit names on the current line (fields 2 to NF)
# of field ("need", "deny" or "claims"), each checked against the names
# known under kind ("sit" or "claim"); "0" when there are none.  Each name
# is kept in seen[field, name], so that need and deny can be compared.
function bits_of(kind, field,    i, expr, name) {
    expr = ""
    if (NF < 2)
        fail(narration, FNR, "'" field "' names nothing (leave the line out, or name its bits)")
    for (i = 2; i <= NF; i++) {
        name = $i
        if (!((kind, name) in known))
            fail(narration, FNR, "unknown " (kind == "claim" ? "claim" : "situation bit") \
                 " '" name "' in " field " (the names are those of " \
                 (kind == "claim" ? "CLAIM_" : prefix) "... without the prefix)")
        if ((field, name) in seen)
            fail(narration, FNR, "'" name "' is named twice in " field)
        seen[field, name] = 1
        expr = expr (expr == "" ? "" : " | ") (kind == "claim" ? "CLAIM_" : prefix) name
    }
    return expr == "" ? "0" : expr
}

# Close the fragment that is open, if any: check it as a whole and add its
# C row to out.
function flush(    name, i) {
    if (!open)
        return
    open = 0
    if (ntext == 0) {
        fail(narration, rec_line, "the fragment has no text (indent its lines under the " \
             "stage line)")
        return
    }
    for (name in situations)
        if (("need", name) in seen && ("deny", name) in seen)
            fail(narration, rec_line, "'" name "' is both needed and denied: the fragment " \
                 "would never show")
    out = out "    /* " base_name(narration) ":" rec_line " */\n"
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
    narration = ARGV[ARGC - 1]
}

# The headers: collect the names, and include each.
FILENAME != narration {
    if (FNR == 1) {
        h = FILENAME
        sub(/.*src\//, "", h)
        includes = includes "#include \"" h "\"\n"
    }
    if ($0 ~ "^[ \t]*(" prefix "|CLAIM_)[A-Z0-9_]+[ \t]*=[ \t]*1u[ \t]*<<") {
        name = $1
        sub(/=.*/, "", name)
        if (sub("^" prefix, "", name)) {
            known["sit", name] = 1
            situations[name] = 1
        } else if (sub(/^CLAIM_/, "", name)) {
            known["claim", name] = 1
        }
    }
    next
}

/^#/ || /^[ \t]*$/ { next }

# A line of text.
/^[ \t]/ {
    if (!open)
        fail(narration, FNR, "text outside a fragment (a fragment starts with a 'stage' line)")
    else
        text[++ntext] = trim($0)
    next
}

# Any other line ends the text of the fragment before it.
open && ntext > 0 { flush() }

$1 == "stage" {
    if (open)
        fail(narration, rec_line, "the fragment has no text (indent its lines under the " \
             "stage line)")
    open = 1
    rec_line = FNR
    ntext = 0
    rec_need = rec_deny = rec_claims = "0"
    split("", seen)
    if (NF != 3 || $2 !~ /^[1-8]$/ || ($3 != "what" && $3 != "real"))
        fail(narration, FNR, "a fragment starts with 'stage N what' or 'stage N real', " \
             "N from 1 to 8")
    rec_stage = $2
    rec_real = ($3 == "real" ? "true" : "false")
    next
}

$1 == "need" || $1 == "deny" || $1 == "claims" {
    if (!open)
        fail(narration, FNR, "'" $1 "' outside a fragment (a fragment starts with a " \
             "'stage' line)")
    else if (($1, "line") in seen)
        fail(narration, FNR, "a second '" $1 "' line in one fragment")
    else {
        seen[$1, "line"] = 1
        if ($1 == "need")
            rec_need = bits_of("sit", "need")
        else if ($1 == "deny")
            rec_deny = bits_of("sit", "deny")
        else
            rec_claims = bits_of("claim", "claims")
    }
    next
}

{
    fail(narration, FNR, "'" $1 "' is no line of a fragment (stage, need, deny, claims, " \
         "or indented text)")
}

END {
    flush()
    if (!failed && count == 0)
        fail(narration, FNR, "no fragments")
    if (failed)
        exit 1
    print "/* " table " - made by narration.awk from " base_name(narration) "; edit that " \
          "file, not this one. */"
    printf "%s", includes
    print ""
    print "const struct stage_fragment " table "[] = {"
    printf "%s", out
    print "};"
    print ""
    print "const size_t " table "_count ="
    print "    sizeof " table " / sizeof " table "[0];"
}
