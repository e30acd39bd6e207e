# targets.sh - the fuzz targets and where their inputs are, for replay.sh
# and run.sh to share.  Sourced with SRCDIR set.

# Every target: tests/fuzz/fuzz_NAME.c is the target called NAME.
FUZZ_TARGET_NAMES="demo der lesson pem pkcs8 wire x509_cert x509_csr"

# fuzz_seed_dirs NAME: the directories whose files seed target NAME.
fuzz_seed_dirs() {
    echo "$SRCDIR/tests/fuzz/corpus/$1"
    case $1 in
    demo) echo "$SRCDIR/demos $SRCDIR/tests/demos-bad $SRCDIR/tests/demos-fail" ;;
    lesson) echo "$SRCDIR/lessons $SRCDIR/lessons/pending $SRCDIR/tests/lessons-bad" ;;
    esac
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
