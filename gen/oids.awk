# oids.awk - turn oids.txt into the C table of the object identifiers
# tlssim can name, struct oid_info (pki/oid.h).
#
#   awk -f lib.awk -f oids.awk oid.h oids.txt > oid_table.c
#
# From oid.h come the identifiers the code defines (#define OID_NAME
# "dotted"); a row of that identifier is written with the name, so each is
# defined once, and one that oids.txt lacks is an error.  The format of
# oids.txt is described at its top.  A bad line is reported as
# "file:line: error: ..." on standard error, and the exit status is 1;
# nothing is written then.

# oid.h: the identifiers the code defines.
FILENAME == ARGV[1] {
    if ($1 == "#define" && $2 ~ /^OID_[A-Z0-9_]+$/ && $3 ~ /^"[0-9.]+"$/) {
        dotted = substr($3, 2, length($3) - 2)
        defined[dotted] = $2
        defined_at[dotted] = FNR
    }
    header = FILENAME
    next
}

FNR == 1 { rows_file = FILENAME }

/^#/ || /^[ \t]*$/ { next }

/^[ \t]/ {
    if (n == 0) {
        fail(rows_file, FNR, "a continued description before the first identifier")
        next
    }
    meaning[n] = meaning[n] " " trim($0)
    next
}

{
    if (NF < 4) {
        fail(rows_file, FNR, "a line is: dotted OID, short name, curve bits (or -), what it " \
             "is for")
        next
    }
    if ($1 !~ /^[0-2](\.(0|[1-9][0-9]*))+$/)
        fail(rows_file, FNR, "'" $1 "' is no dotted OID (numbers joined by dots, the first " \
             "0, 1 or 2)")
    else if ($1 in row_at)
        fail(rows_file, FNR, $1 " is already on line " row_at[$1])
    if ($3 != "-" && $3 !~ /^[1-9][0-9]*$/)
        fail(rows_file, FNR, "'" $3 "' is no size in bits: a whole number, or - for what is " \
             "not a curve")
    n++
    dotted_of[n] = $1
    name[n] = $2
    bits[n] = ($3 == "-" ? 0 : $3)
    row_at[$1] = FNR
    line = $0
    for (i = 1; i <= 3; i++)
        sub(/^[ \t]*[^ \t]+/, "", line)
    meaning[n] = trim(line)
}

END {
    for (d in defined)
        if (!(d in row_at))
            fail(header, defined_at[d], defined[d] " (" d ") is not in " base_name(rows_file))
    if (failed)
        exit 1
    print "/* oid_table - made by oids.awk from " base_name(rows_file) "; edit that file, " \
          "not this one. */"
    print "#include \"pki/oid.h\""
    print ""
    print "const struct oid_info oid_table[] = {"
    for (i = 1; i <= n; i++) {
        d = dotted_of[i]
        print "    {" (d in defined ? defined[d] : c_string(d)) ", " c_string(name[i]) ","
        print "     " c_string(meaning[i]) ", " bits[i] "},"
    }
    print "};"
    print ""
    print "const size_t oid_table_count = sizeof oid_table / sizeof oid_table[0];"
}
