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

# --- control characters from a certificate are escaped in every text view
OPENSSL=${OPENSSL:-$(command -v openssl 2>/dev/null || true)}
if [ -n "$OPENSSL" ]; then
    e="$tmp/esc"
    mkdir "$e"
    esc=$(printf '\033')
    { "$OPENSSL" genpkey -algorithm ed25519 -out "$e/ca.key" &&
      "$OPENSSL" req -x509 -new -key "$e/ca.key" -subj "/CN=Test CA" -days 3650 -out "$e/ca.crt" &&
      "$OPENSSL" genpkey -algorithm ed25519 -out "$e/private.key" &&
      "$OPENSSL" req -new -key "$e/private.key" -subj "/CN=x${esc}[2Jy" -out "$e/csr.pem" &&
      "$OPENSSL" x509 -req -in "$e/csr.pem" -CA "$e/ca.crt" -CAkey "$e/ca.key" -days 3650 \
          -out "$e/certificate.crt"; } >/dev/null 2>&1 || bad "openssl cannot make the set"
    for cmd in "inspect $e/certificate.crt" "walk --plain --certs $e"; do
        # shellcheck disable=SC2086
        $T "$TLSSIM" $cmd >"$tmp/out" 2>&1
        grep -q "$esc" "$tmp/out" && bad "tlssim $cmd printed a raw ESC from the certificate"
        has "tlssim $cmd" "$tmp/out" 'x\x1b[2Jy'
    done
    # a UUID OID (2.25.N, N of 128 bits) is shown in decimal, not refused
    uuid=2.25.329800735698586629295641978511506172918
    { "$OPENSSL" req -new -key "$e/private.key" -subj "/CN=uuid.example" \
          -addext "extendedKeyUsage=$uuid,serverAuth" -out "$e/csr2.pem" &&
      "$OPENSSL" x509 -req -in "$e/csr2.pem" -CA "$e/ca.crt" -CAkey "$e/ca.key" -days 3650 \
          -copy_extensions copy -out "$e/uuid.crt"; } >/dev/null 2>&1 || bad "openssl: no UUID cert"
    $T "$TLSSIM" inspect "$e/uuid.crt" >"$tmp/out" 2>&1 || bad "inspect refused a UUID OID: $?"
    has "inspect with a UUID OID" "$tmp/out" "extKeyUsage: $uuid, serverAuth"
    $T "$TLSSIM" walk --json --certs "$e" >"$tmp/out" 2>&1
    grep -q "$esc" "$tmp/out" && bad "walk --json printed a raw ESC from the certificate"
    has "walk --json" "$tmp/out" 'x\u001b[2Jy'
else
    echo "robust: no openssl; the escape checks are skipped"
fi

# --- parsers at their size limit finish in time (each took 2 to 60 s when
# duplicates were compared pairwise and lists grew one element at a time)
awk 'BEGIN { while (n < 1040000) { s = "mark m" i++; print s; n += length(s) + 1 } }' >"$tmp/marks.demo"
awk 'BEGIN { for (i = 0; i < 200000; i++) print "step" }' >"$tmp/steps.demo"
awk 'BEGIN { print "title Long"; print "step"; w = sprintf("%990s", ""); gsub(/ /, "w", w);
             for (i = 0; i < 1000; i++) print "quiz " w }' >"$tmp/quiz.lesson"
for cmd in "play --check $tmp/marks.demo" "play --check $tmp/steps.demo" \
    "learn --check $tmp/quiz.lesson"; do
    # shellcheck disable=SC2086
    timeout 10 "$TLSSIM" $cmd >/dev/null 2>&1
    status=$?
    [ $status -eq 124 ] && bad "tlssim $cmd took more than 10 s"
    [ $status -gt 2 ] && bad "tlssim $cmd: status $status"
done

# --- an empty lesson folder is said to be empty (and sorts nothing)
mkdir "$tmp/no-lessons"
TLSSIM_LESSONS_DIR="$tmp/no-lessons" $T "$TLSSIM" lessons >/dev/null 2>"$tmp/err" \
    || bad "lessons in an empty folder: status $?"
has "lessons in an empty folder" "$tmp/err" "there are no lessons in $tmp/no-lessons"
TLSSIM_LESSONS_DIR="$tmp/no-lessons" $T "$TLSSIM" learn </dev/null >"$tmp/out" 2>"$tmp/err"
status=$?
[ $status -eq 2 ] || bad "learn with an empty lesson folder: status $status, not 2"
has "learn with an empty folder" "$tmp/err" "there are no lessons in $tmp/no-lessons"

# --- an unreadable input is not answered with advice about writing
u=$(mktemp -d) || exit 99
chmod 755 "$u"
cp "$tmp/set/certificate.crt" "$u/locked.crt"
chmod 000 "$u/locked.crt"
as_user=""
if [ "$(id -u)" -eq 0 ]; then
    # root reads anything: drop to nobody for this check
    if command -v setpriv >/dev/null 2>&1; then
        as_user="setpriv --reuid=$(id -u nobody) --regid=$(id -g nobody) --clear-groups"
    else
        as_user="skip"
    fi
fi
if [ "$as_user" != skip ]; then
    $as_user $T "$TLSSIM" inspect "$u/locked.crt" >/dev/null 2>"$tmp/err"
    status=$?
    [ $status -eq 2 ] || bad "inspect of an unreadable file: status $status"
    has "an unreadable file" "$tmp/err" "you may not read it"
    grep -q "write" "$tmp/err" && bad "an unreadable file is answered with advice about writing"
else
    echo "robust: root without setpriv; the unreadable-file check is skipped"
fi
rm -rf "$u"

exit $fail
