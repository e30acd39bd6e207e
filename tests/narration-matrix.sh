#!/bin/sh
# The what-if matrix: every single what-if and a pairwise cover of them all,
# each run's narration held against its own measured result
# (tests/narration_matrix.py says how).
set -u
: "${TLSSIM:?}" "${SRCDIR:?}"
command -v python3 > /dev/null 2>&1 || { echo "narration-matrix: python3 not found; skipped"; exit 77; }
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM

"$TLSSIM" files "$tmp/certs" --seed 5 > /dev/null || { echo "narration-matrix: files failed" >&2; exit 1; }
"$TLSSIM" files --chain "$tmp/chain" --seed 5 > /dev/null ||
    { echo "narration-matrix: files --chain failed" >&2; exit 1; }
aes=0
"$TLSSIM" walk --plain --seed 1 --cipher aes256gcm > /dev/null 2>&1 && aes=1
python3 "$SRCDIR/tests/narration_matrix.py" "$TLSSIM" "$tmp/certs" "$aes" \
    "$SRCDIR/doc/transcript-format.md" "$tmp/chain"
