#!/bin/sh
# Take lessons through the plain-text 'tlssim learn', with answers piped in,
# and check the progress it keeps: saved after each step, resumed, restarted,
# and a damaged progress file reported and kept aside.
set -u
: "${TLSSIM:?}" "${SRCDIR:?}"

fail=0
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
XDG_STATE_HOME="$tmp/state"
TLSSIM_LESSONS_DIR="$tmp/lessons"
export XDG_STATE_HOME TLSSIM_LESSONS_DIR
progress="$XDG_STATE_HOME/tlssim/progress"
mkdir "$TLSSIM_LESSONS_DIR"

# expect WHAT FILE EXPECTED-CONTENTS: the file holds exactly that text.
expect() {
    printf '%s\n' "$3" >"$tmp/expected"
    if ! cmp -s "$2" "$tmp/expected"; then
        echo "FAIL: $1:"
        diff "$tmp/expected" "$2" | head -20
        fail=1
    fi
}

# has WHAT FILE TEXT: the file contains the text.
has() {
    if ! grep -qF -- "$3" "$2"; then
        echo "FAIL: $1: no '$3' in:"
        head -40 "$2"
        fail=1
    fi
}

cat >"$TLSSIM_LESSONS_DIR/01-first.lesson" <<'LESSON'
title The first lesson
step
say One.
step
say Two.
await stage 3
quiz Pick b.
choice a
why Not a.
correct b
step
say Three.
quiz Pick a.
correct a
choice b
why Not b.
LESSON
cat >"$TLSSIM_LESSONS_DIR/02-second.lesson" <<'LESSON'
title The second lesson
step
say Only step.
LESSON

"$TLSSIM" lessons >"$tmp/out" 2>"$tmp/err" || { echo "FAIL: lessons"; fail=1; }
expect "lessons before any progress" "$tmp/out" "  1  The first lesson   not started
  2  The second lesson  not started

Done: 0 of 2 lessons.
Next: 'tlssim learn' starts lesson 1.
Hint: 'tlssim learn N' opens lesson N; in a lesson, ? lists keys and hints."
[ ! -e "$progress" ] || { echo "FAIL: 'lessons' wrote a progress file"; fail=1; }

# Step 1, then a wrong and a right answer at step 2, then stop at step 3.
printf '\na\nb\nq\n' | "$TLSSIM" learn >"$tmp/out" 2>"$tmp/err"
[ $? -eq 0 ] || { echo "FAIL: learn exit status"; cat "$tmp/err"; fail=1; }
has "first run" "$tmp/out" "Lesson 1: The first lesson"
has "first run" "$tmp/out" "Not quite. Not a."
has "first run" "$tmp/out" "stage 3"
has "first run" "$tmp/out" "Stopped at step 3 of 3."
expect "progress after stopping" "$progress" "tlssim progress 1
last 01-first
lesson 01-first step 2/3 quiz 0/1"
ls "$XDG_STATE_HOME/tlssim" >"$tmp/ls"
expect "no temporary files left" "$tmp/ls" "progress
progress.lock"

"$TLSSIM" lessons >"$tmp/out"
has "lessons mid-way" "$tmp/out" "step 3 of 3, quiz 0/1 right"
has "lessons mid-way: the one resumed" "$tmp/out" "'tlssim learn' resumes lesson 1 (step 3 of 3, quiz 0/1 right)."

# Resume without naming the lesson: it carries on at step 3.
printf 'a\n' | "$TLSSIM" learn >"$tmp/out" 2>"$tmp/err"
has "resume" "$tmp/out" "Carrying on at step 3 of 3"
has "resume" "$tmp/out" "Quizzes right at the first try: 1 of 2."
has "resume" "$tmp/out" "Next: 'tlssim learn 2'."
expect "progress when done" "$progress" "tlssim progress 1
last 01-first
lesson 01-first step 3/3 quiz 1/2"

# With lesson 1 done, a bare 'learn' opens lesson 2; its end of input stops nothing.
"$TLSSIM" learn </dev/null >"$tmp/out" 2>&1
has "next lesson" "$tmp/out" "Lesson 2: The second lesson"
"$TLSSIM" learn </dev/null >"$tmp/out" 2>&1
has "all done" "$tmp/out" "You have finished every lesson."
"$TLSSIM" lessons >"$tmp/out"
expect "lessons when done" "$tmp/out" "  1  The first lesson   done, quiz 1/2 right
  2  The second lesson  done

Done: 2 of 2 lessons.
Next: every lesson is done; 'tlssim learn NUMBER' opens one again.
Hint: 'tlssim learn N' opens lesson N; in a lesson, ? lists keys and hints."

# --restart, by name; stop at once on end of input.
"$TLSSIM" learn first --restart </dev/null >"$tmp/out" 2>&1
has "restart" "$tmp/out" "Stopped at step 1 of 3."
has "restart" "$progress" "lesson 01-first step 0/3 quiz 0/0"

# A damaged progress file is reported, kept aside untouched, and replaced.
printf 'tlssim progress 1\nlesson 01-first step 9/3 quiz 0/0\n' >"$progress"
cp "$progress" "$tmp/damaged"
"$TLSSIM" lessons >"$tmp/out" 2>"$tmp/err"
has "damaged report" "$tmp/err" "$progress:2: the progress file is damaged"
has "damaged listing" "$tmp/out" "1  The first lesson   not started"
set -- "$XDG_STATE_HOME"/tlssim/progress.damaged-*
[ -f "$1" ] && cmp -s "$1" "$tmp/damaged" || { echo "FAIL: damaged file not kept"; fail=1; }
[ ! -e "$progress" ] || { echo "FAIL: damaged file left in place"; fail=1; }
# A second damaged file in the same second gets a name of its own.
cp "$tmp/damaged" "$progress"
"$TLSSIM" lessons >/dev/null 2>&1
cp "$tmp/damaged" "$progress"
"$TLSSIM" lessons >/dev/null 2>&1
n=$(ls "$XDG_STATE_HOME"/tlssim/progress.damaged-* | wc -l)
[ "$n" -eq 3 ] || { echo "FAIL: $n damaged copies kept, expected 3"; fail=1; }
printf '\n' | "$TLSSIM" learn 2 >/dev/null 2>&1
has "fresh after damage" "$progress" "lesson 02-second step 1/1 quiz 0/0"

# A progress file that cannot be read is reported, with status 1.
rm -rf "$XDG_STATE_HOME"
: >"$tmp/state"
"$TLSSIM" learn 1 </dev/null >/dev/null 2>"$tmp/err"
[ $? -eq 1 ] || { echo "FAIL: unreadable progress: status"; fail=1; }
has "unreadable progress" "$tmp/err" "tlssim: cannot open $progress: Not a directory"
rm -f "$tmp/state"

# Usage errors: one line and a hint, status 2.
for args in "learn --bogus" "learn 1 2" "learn 9" "learn --check" "lessons extra"; do
    # shellcheck disable=SC2086
    "$TLSSIM" $args </dev/null >/dev/null 2>"$tmp/err"
    status=$?
    [ $status -eq 2 ] || { echo "FAIL: tlssim $args: status $status"; fail=1; }
    has "tlssim $args" "$tmp/err" "--help' for more information."
done
for cmd in learn lessons; do
    "$TLSSIM" $cmd --help >"$tmp/out" 2>&1 || { echo "FAIL: $cmd --help: status $?"; fail=1; }
    has "$cmd --help" "$tmp/out" "Usage: tlssim $cmd"
done

# A wrong first answer, then stop: the miss is kept with the place, and the
# right answer on the next run does not count as right at the first try.
XDG_STATE_HOME="$tmp/state-missed"
export XDG_STATE_HOME
progress="$XDG_STATE_HOME/tlssim/progress"
printf '\na\nq\n' | "$TLSSIM" learn first >"$tmp/out" 2>"$tmp/err"
[ $? -eq 0 ] || { echo "FAIL: learn exit status after a wrong answer"; cat "$tmp/err"; fail=1; }
has "wrong, then stop" "$tmp/out" "Not quite. Not a."
expect "progress after a wrong answer and q" "$progress" "tlssim progress 1
last 01-first
lesson 01-first step 1/3 quiz 0/0 pending missed"
printf 'b\nq\n' | "$TLSSIM" learn first >"$tmp/out" 2>"$tmp/err"
has "resumed at the quiz" "$tmp/out" "Carrying on at step 2 of 3"
expect "the miss still counts" "$progress" "tlssim progress 1
last 01-first
lesson 01-first step 2/3 quiz 0/1"

# A lesson with mistakes is not run.
printf 'title Broken\nsya oops\n' >"$TLSSIM_LESSONS_DIR/03-broken.lesson"
"$TLSSIM" learn 3 </dev/null >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] || { echo "FAIL: broken lesson: status"; fail=1; }
has "broken lesson" "$tmp/err" "03-broken.lesson:2:1: error: unknown keyword 'sya'"
rm "$TLSSIM_LESSONS_DIR/03-broken.lesson"

# Plain text is the whole tutorial: what a point shows in the simulator is
# printed (the value, the field and its bytes), the step's settings are not
# text, and a quiz gives its own letter range.
cat >"$TLSSIM_LESSONS_DIR/03-points.lesson" <<'LESSON'
title Points in plain text
step
stage 2
set seed 1
say The client random is on the wire.
point wire client random
quiz Three answers here.
choice a
why Not a.
correct b
choice c
why Not c.
LESSON
printf 'b\n' | "$TLSSIM" learn --plain 3 >"$tmp/out" 2>"$tmp/err"
has "a field the point shows" "$tmp/out" "ClientHello, client random (32 B) at byte 6:"
"$TLSSIM" walk --plain --seed 1 >"$tmp/walk" 2>&1
random=$(sed -n '/client random  *@6  *32 bytes/{n;p;q}' "$tmp/walk" | tr -d ' ')
[ -n "$random" ] || { echo "FAIL: no client random in the seeded walk"; fail=1; }
tr -d ' ' <"$tmp/out" | grep -qF -- "$random" \
    || { echo "FAIL: the point's bytes are not the simulator's ($random)"; fail=1; }
has "the quiz's own range" "$tmp/out" "Your answer (a-c, or q to stop)"
if grep -q "runs with" "$tmp/out"; then
    echo "FAIL: a step's settings printed as text"
    fail=1
fi
rm "$TLSSIM_LESSONS_DIR/03-points.lesson"

# Without TLSSIM_LESSONS_DIR, a tlssim in the build tree finds the source's lessons.
unset TLSSIM_LESSONS_DIR
"$TLSSIM" lessons >"$tmp/out" 2>"$tmp/err" || { echo "FAIL: lessons from the source tree"; cat "$tmp/err"; fail=1; }
has "source lessons" "$tmp/out" "Why HTTPS"
# Every lesson file of the source tree is listed, by its number.
want_n=$(ls "$SRCDIR"/lessons/*.lesson | wc -l)
want_numbers=$(for f in "$SRCDIR"/lessons/*.lesson; do b=${f##*/}; echo "${b%%-*}"; done |
  sed 's/^0*//' | sort -n | tr '\n' ' ')
n=$(grep -c '^ *[0-9]' "$tmp/out")
[ "$n" -eq "$want_n" ] || { echo "FAIL: $n lessons listed from the source tree, expected $want_n"; fail=1; }
has "the totals" "$tmp/out" "Done: 0 of $want_n lessons."
has "the lesson learn resumes" "$tmp/out" "Next: 'tlssim learn' starts lesson 1."
has "a hint line" "$tmp/out" "Hint: 'tlssim learn N' opens lesson N"
awk '/^ *[0-9]/ { printf "%s ", $1 } END { print "" }' "$tmp/out" >"$tmp/numbers"
expect "lesson numbers" "$tmp/numbers" "$want_numbers"

exit $fail
