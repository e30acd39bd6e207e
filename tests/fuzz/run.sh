#!/bin/sh
# make fuzz: run each fuzz target under libFuzzer for FUZZ_SECONDS seconds,
# starting from its seeds.  New inputs go to fuzz-work/corpus/NAME in the
# build tree (the seeds in the source tree are only read); a crash goes to
# fuzz-work/crashes/ and is reported with the way to keep it as a test.
#   run.sh [NAME...]      (all targets when none is named)
set -u
: "${SRCDIR:?}" "${BUILDDIR:?}"
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
. "$SRCDIR/tests/fuzz/targets.sh"

work="$BUILDDIR/fuzz-work"
mkdir -p "$work/crashes" || exit 1
[ $# -gt 0 ] || set -- $FUZZ_TARGET_NAMES
failed=""
for name in "$@"; do
    exe="$BUILDDIR/tests/fuzz/fuzz_$name"
    mkdir -p "$work/corpus/$name" || exit 1
    echo "== fuzz_$name for ${FUZZ_SECONDS}s"
    # shellcheck disable=SC2046
    if ! "$exe" -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=1024 \
            -print_final_stats=1 -artifact_prefix="$work/crashes/$name-" \
            "$work/corpus/$name" $(fuzz_seed_dirs "$name") \
            >"$work/$name.log" 2>&1; then
        failed="$failed $name"
        grep -E '^(==[0-9]+==ERROR|SUMMARY|artifact_prefix|Test unit written)' \
            "$work/$name.log" | head -10
        tail -n 3 "$work/$name.log"
    fi
    grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb)' "$work/$name.log"
done
if [ -n "$failed" ]; then
    echo "make fuzz: failed or crashed:$failed (logs in $work)"
    echo "Keep each crash as a test: copy it into tests/fuzz/regress/NAME/, fix the parser,"
    echo "and make check replays it from then on."
    exit 1
fi
echo "make fuzz: no crashes in ${FUZZ_SECONDS}s per target"
