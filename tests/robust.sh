#!/bin/sh
# robust.sh - the faults users meet without trying: a file-size limit while
# progress is saved, a FIFO where the progress file should be, standard
# output that cannot be written, escapes inside certificates, --record over
# files that exist, and the near-miss inputs that deserve a clear message.
# Every command runs under 'timeout', so a hang fails instead of waiting.
set -u
: "${TLSSIM:?}" "${SRCDIR:?}"

tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0
T="timeout 20"

bad() { echo "robust: FAIL: $*"; fail=1; }

# has WHAT FILE TEXT: the file contains the fixed text.
has() {
    grep -qF -- "$3" "$2" || { bad "$1: no '$3' in:"; head -20 "$2"; }
}

XDG_STATE_HOME="$tmp/state"
TLSSIM_LESSONS_DIR="$tmp/lessons"
export XDG_STATE_HOME TLSSIM_LESSONS_DIR
progress="$XDG_STATE_HOME/tlssim/progress"
mkdir "$TLSSIM_LESSONS_DIR"
printf 'title One\nstep\nsay One.\nstep\nsay Two.\n' >"$TLSSIM_LESSONS_DIR/01-one.lesson"
printf 'title Two\nstep\nsay Only.\n' >"$TLSSIM_LESSONS_DIR/02-two.lesson"

# --- the file-size limit: EFBIG is a write error, reported; nothing is lost
printf '\n' | $T "$TLSSIM" learn 1 >/dev/null 2>&1 || bad "the first lesson did not run"
cp "$progress" "$tmp/saved"
# command substitution reads through a pipe, which the limit does not touch
out=$( (ulimit -f 0; printf '\n' | $T "$TLSSIM" learn 2 >/dev/null; echo "status=$?") 2>&1)
case $out in
*status=1) ;;
*) bad "a save past 'ulimit -f' did not exit 1: $out" ;;
esac
case $out in
*"progress was not saved"*"File too large"*) ;;
*) bad "a save past 'ulimit -f' was not reported: $out" ;;
esac
cmp -s "$progress" "$tmp/saved" || bad "a failed save changed the progress file"
ls -a "$XDG_STATE_HOME/tlssim" | grep -q tmp && bad "a failed save left a temporary file"

# --- a FIFO as the progress file is refused at once
rm -f "$progress"
mkfifo "$progress"
for cmd in lessons "learn 1"; do
    # shellcheck disable=SC2086
    $T "$TLSSIM" $cmd </dev/null >/dev/null 2>"$tmp/err"
    status=$?
    [ $status -eq 1 ] || bad "$cmd with a FIFO as the progress file: status $status"
    has "$cmd with a FIFO" "$tmp/err" "is not a regular file"
done
rm -f "$progress"

# --- standard output that cannot be written: status 2 and a message
"$TLSSIM" files "$tmp/set" --seed 1 >/dev/null || bad "files did not write a set"
printf 'step\n' >"$tmp/one.demo"
for cmd in "walk --plain --seed 1" "walk --json --seed 1" "--help" "--version" lessons \
    "learn 2 --plain" "inspect $tmp/set/certificate.crt" "play --headless $tmp/one.demo" \
    "play --json $tmp/one.demo" "files $tmp/set2"; do
    # shellcheck disable=SC2086
    $T "$TLSSIM" $cmd </dev/null >/dev/full 2>"$tmp/err"
    status=$?
    [ $status -eq 2 ] || bad "tlssim $cmd >/dev/full: status $status, not 2"
    has "tlssim $cmd >/dev/full" "$tmp/err" "the output could not be written"
done

exit $fail
