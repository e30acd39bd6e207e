# targets.sh - the fuzz targets and where their inputs are, for replay.sh
# and run.sh to share.  Sourced with SRCDIR set.

# Every target: tests/fuzz/fuzz_NAME.c is the target called NAME.
FUZZ_TARGET_NAMES="demo der flow lesson net pem pkcs8 recording tls13 wire x509_cert x509_crl x509_csr"

# fuzz_seed_dirs NAME: the directories whose files seed target NAME (only
# those that exist: libFuzzer stops at a missing one).
fuzz_seed_dirs() {
    case $1 in
    demo) extra="$SRCDIR/demos $SRCDIR/tests/demos-bad $SRCDIR/tests/demos-fail" ;;
    lesson) extra="$SRCDIR/lessons $SRCDIR/tests/lessons-bad" ;;
    *) extra="" ;;
    esac
    for dir in "$SRCDIR/tests/fuzz/corpus/$1" $extra; do
        [ -d "$dir" ] && echo "$dir"
    done
}

# fuzz_inputs NAME: every seed file and every past crash of target NAME.
fuzz_inputs() {
    for dir in $(fuzz_seed_dirs "$1") "$SRCDIR/tests/fuzz/regress/$1"; do
        [ -d "$dir" ] || continue
        for f in "$dir"/*; do
            [ -f "$f" ] && echo "$f"
        done
    done
}
