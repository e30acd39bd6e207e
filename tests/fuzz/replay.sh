#!/bin/sh
# Replay every seed and every past crash through its fuzz target: each
# target in tests/fuzz/ reads the files of corpus/TARGET and regress/TARGET
# (and, for lessons, the shipped and the broken lessons).  Built with
# sanitizers, an input that reads out of bounds or leaks fails here.
set -u
: "${SRCDIR:?}" "${BUILDDIR:?}"
. "$SRCDIR/tests/fuzz/targets.sh"

fail=0
for name in $FUZZ_TARGET_NAMES; do
    exe="$BUILDDIR/tests/fuzz/fuzz_$name"
    if [ ! -x "$exe" ]; then
        echo "FAIL: $exe was not built"
        fail=1
        continue
    fi
    # shellcheck disable=SC2046
    set -- $(fuzz_inputs "$name")
    if [ $# -eq 0 ]; then
        echo "FAIL: no seed inputs for fuzz_$name"
        fail=1
        continue
    fi
    if "$exe" "$@" >"$BUILDDIR/tests/fuzz/replay-$name.out" 2>&1; then
        echo "ok: fuzz_$name: $# inputs"
    else
        echo "FAIL: fuzz_$name on one of $# inputs:"
        tail -40 "$BUILDDIR/tests/fuzz/replay-$name.out"
        fail=1
    fi
done
exit $fail
