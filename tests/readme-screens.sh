#!/bin/sh
# readme-screens.sh - the two screens the README opens with, captured from
# the real program at 80x24 in a private tmux server: the walkthrough at
# stage 3 (seed 42) and step 3 of lesson 3.  Run as a test it fails when the
# README's copies are not what the program shows now; with --update it
# writes them into README.md (then read the diff before committing):
#   TLSSIM=src/tlssim SRCDIR=. tests/readme-screens.sh --update
set -u
: "${TLSSIM:?}" "${SRCDIR:?}"
. "$SRCDIR/tests/tui-lib.sh"
tui_lib_init readme-screens

readme="$SRCDIR/README.md"
update=false
[ "${1:-}" = "--update" ] && update=true

# capture NAME: the pane of session NAME, once two looks a moment apart agree.
capture() {
    n=0
    screen_now >"$tmpdir/$1.screen"
    while [ "$n" -lt "$WAIT_TENTHS" ]; do
        sleep 0.3
        screen_now >"$tmpdir/$1.again"
        cmp -s "$tmpdir/$1.screen" "$tmpdir/$1.again" && return 0
        mv "$tmpdir/$1.again" "$tmpdir/$1.screen"
        n=$((n + 3))
    done
    fail "the screen of $1 never settled"
}

# block NAME: the lines of README's code block under the marker of NAME.
block() {
    awk -v m="<!-- screen: $1 " '
        index($0, m) == 1 { found = 1; next }
        found && /^```/ { if (inside) exit; inside = 1; next }
        inside { print }' "$readme"
}

# replace NAME FILE: put FILE into README's code block under the marker of NAME.
replace() {
    awk -v m="<!-- screen: $1 " -v f="$2" '
        index($0, m) == 1 { print; found = 1; next }
        found == 1 && /^```/ {
            print
            while ((getline line < f) > 0) print line
            found = 2
            next
        }
        found == 2 && /^```/ { found = 3 }
        found == 2 { next }
        { print }' "$readme" >"$tmpdir/README.md" && cat "$tmpdir/README.md" >"$readme"
}

# The walkthrough: stage 3, seeded so every byte is the same each time.
walk_args="--seed 42 --no-animation"
start walk "$utf8"
wait_for "Stage 1/8: keypair"
key 3
wait_for "Stage 3/8: server hello"
capture walk

# A lesson: lesson 3 at its third step, the client hello pointed at.
run_args="learn --no-animation --restart 3"
start lesson "$utf8 XDG_STATE_HOME=$tmpdir/state"
unset run_args
wait_for "Step 1 of 7"
key Right
wait_for "Step 2 of 7"
key Right
wait_for "Checkpoint done" "stage 2 meeting the checkpoint"
key Right
wait_for "Step 3 of 7"
capture lesson
key q
wait_for "EXIT=0" "q leaving the lesson"

for name in walk lesson; do
    [ -s "$tmpdir/$name.screen" ] || fail "nothing captured for $name"
    if $update; then
        replace "$name" "$tmpdir/$name.screen"
    fi
    block "$name" >"$tmpdir/$name.readme"
    if ! cmp -s "$tmpdir/$name.readme" "$tmpdir/$name.screen"; then
        diff -u "$tmpdir/$name.readme" "$tmpdir/$name.screen"
        fail "README's $name screen is not what tlssim shows; run this script with --update"
    fi
done
exit 0
