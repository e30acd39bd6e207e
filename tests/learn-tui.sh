#!/bin/sh
# learn-tui.sh - take a lesson in the terminal tutorial, in a real terminal
# (a private tmux server): the step's stage, options and highlights in the
# simulator, a checkpoint met by stepping the simulator, a quiz answered
# wrong and right, quitting and resuming at the same step, going back, a
# what-if keys of the walkthrough (m, s, t) meeting their checkpoints,
# --restart, and a damaged progress file reported on the screen and kept
# aside.
set -u
: "${TLSSIM:?}" "${SRCDIR:?}"
. "$SRCDIR/tests/tui-lib.sh"
tui_lib_init learn-tui

XDG_STATE_HOME="$tmpdir/state"
TLSSIM_LESSONS_DIR="$tmpdir/lessons"
progress="$XDG_STATE_HOME/tlssim/progress"
mkdir "$TLSSIM_LESSONS_DIR"

# learn NAME ARGS...: a session of 100x32 running 'tlssim learn ARGS'; when
# it ends, its status goes to the pane as EXIT=N.
learn() {
    name=$1
    shift
    target="$name"
    tm new-session -d -s "$name" -x 100 -y 32 \
        "env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=screen XDG_STATE_HOME='$XDG_STATE_HOME' \
         TLSSIM_LESSONS_DIR='$TLSSIM_LESSONS_DIR' '$TLSSIM' learn --no-animation $*; \
         status=\$?; echo \$status > $tmpdir/$name.status; echo EXIT=\$status; \
         stty -a > $tmpdir/$name.stty; exec sleep 600" \
        || fail "tmux cannot start a session"
    [ -n "$socket_path" ] || socket_path=$(tm display-message -p '#{socket_path}' 2>/dev/null)
}

# expect_progress LINE: the progress file says LINE about the lesson.
expect_progress() {
    grep -qxF -- "$1" "$progress" || { echo "learn-tui: FAIL: progress is not '$1':"; \
        cat "$progress"; exit 1; }
}

cat >"$TLSSIM_LESSONS_DIR/01-terminal.lesson" <<'LESSON'
title A lesson on the terminal
step intro
stage 1
set seed 5
say ALPHA: the server has made its keypair.
point server server private key (Ed25519)
step wait
say Step on to the client hello.
await stage 2
step quiz
stage 2
say BRAVO: the client hello is on the wire.
point wire client random
quiz Which one is right?
choice The wrong one
why WHYWRONG: that one is wrong.
correct The right one
why WHYRIGHT: that one is right.
step mallory
say Put Mallory in the middle.
await mitm
step leak
say Leak the server's key.
await leak-key
step tamper
stage 2
say Change the client hello on its way.
await tamper
step last
set mitm on
stage 3
say CHARLIE: the client's checks fail.
point client issuer trusted
LESSON

# --- 1: the first steps, a checkpoint, a wrong answer, q ----------------
learn first 1
wait_for "Step 1 of 7" "the first step"
wait_for "ALPHA: the server has made its keypair."
wait_for "Stage 1/8: keypair" "the step's stage in the simulator"
wait_for "NOT SECURE: seeded run, --seed 5" "the step's seed in the simulator"
wait_for "Look at the server's pane: server private key (Ed25519)"
tm capture-pane -e -p -t "$target" | grep -q "42mserver private key" \
    || fail "the pointed-at key is not highlighted in the server's pane"
key Right
wait_for "Step 2 of 7"
wait_for "Checkpoint Now step the simulator on to stage 2" "the checkpoint"
key Right
wait_for "Stage 2/8: client hello" "Right stepping the simulator at a checkpoint"
wait_for "Checkpoint done."
key Right
wait_for "Step 3 of 7" "Right going on once the checkpoint is met"
wait_for "BRAVO"
wait_for "Quiz: Which one is right?"
key Right
wait_for "Answer the quiz first" "Right refused while the quiz waits"
key a Enter
wait_for "WHYWRONG" "the why of a wrong answer"
key q
check_restored first 0
wait_for "Stopped at step 3 of 7." "where the student stopped"
expect_progress "lesson 01-terminal step 2/7 quiz 0/0 pending missed"

# --- 2: resume at the same step, answer, go back, a what-if, the end ----
learn resume
wait_for "Step 3 of 7" "resuming at the step the student stopped at"
wait_for "BRAVO"
wait_for "Stage 2/8: client hello" "the resumed step's stage"
key 2 Enter
wait_for "WHYRIGHT" "the why of a right answer"
key Right
wait_for "Step 4 of 7"
# the wrong answer before quitting still counts: not right at the first try
expect_progress "lesson 01-terminal step 3/7 quiz 0/1"
key Left
wait_for "You finished this step before" "Left going back to a finished step"
wait_for "Step 3 of 7"
key Right
wait_for "Step 4 of 7"
wait_for "Checkpoint Now press m"
key Down
wait_for "Checkpoint Now press m" "Down scrolling, not a lesson key"
key m
wait_for "man in the middle: on" "m putting Mallory in the middle"
wait_for "Checkpoint done."
key Right
wait_for "Step 5 of 7"
wait_for "Checkpoint Now press s to leak"
key s
wait_for "server key leaks after the session: on" "s leaking the server's key"
wait_for "Checkpoint done." "s meeting the leak-key checkpoint"
key Right
wait_for "Step 6 of 7"
wait_for "Checkpoint Now press t"
key t
wait_for "tamper: Mallory flips one bit of stage 2's message" "t tampering with the stage's message"
wait_for "Checkpoint done." "t meeting the tamper checkpoint"
key Right
wait_for "Step 7 of 7"
wait_for "CHARLIE"
wait_for "FAIL issuer trusted" "the step's options (mitm) in the simulator"
key Right
wait_for "That is the end of this lesson." "the end of the lesson"
key Enter
check_restored resume 0
wait_for "Quizzes right at the first try: 0 of 1."
expect_progress "lesson 01-terminal step 7/7 quiz 0/1"

# --- 3: --restart starts over -------------------------------------------
learn restart 1 --restart
wait_for "Step 1 of 7" "--restart at the first step"
key q
check_restored restart 0
expect_progress "lesson 01-terminal step 0/7 quiz 0/0"

# --- 4: a damaged progress file is reported on the screen and kept -------
printf 'tlssim progress 1\nlesson 01-terminal step 9/7 quiz 0/0\n' >"$progress"
cp "$progress" "$tmpdir/damaged"
learn damaged 1
wait_for "the progress file is damaged" "the damage reported in the tutorial"
wait_for "Step 1 of 7" "a fresh start after the damage"
key q
check_restored damaged 0
set -- "$XDG_STATE_HOME"/tlssim/progress.damaged-*
[ -f "$1" ] && cmp -s "$1" "$tmpdir/damaged" || fail "the damaged file was not kept as it was"
expect_progress "lesson 01-terminal step 0/7 quiz 0/0"

# --- 5: --record writes what the student did as a demo script -----------
rec="$tmpdir/learn.demo"
learn record 1 --restart --record "$rec"
wait_for "Step 1 of 7" "the first step, recording"
key Right
wait_for "Step on to the client hello." "the checkpoint step, recording"
key Right
wait_for "Stage 2/8" "a stage step, recording"
key q
check_restored record 0
[ -s "$rec" ] || fail "learn --record wrote no script"
grep -qx "set seed 5" "$rec" || fail "the lesson's seed is not in the script: $(cat "$rec")"
tail -n 1 "$rec" | grep -qx "expect stage 2" || fail "the script does not end at stage 2: $(cat "$rec")"
"$TLSSIM" play --check "$rec" || fail "play --check rejects the script learn recorded"
"$TLSSIM" play --headless "$rec" > "$tmpdir/learn-replay.txt" \
    || fail "play --headless does not replay the recorded lesson: $(cat "$rec")"
grep -q "Stage 2/8: client hello" "$tmpdir/learn-replay.txt" || fail "the replay never reaches stage 2"
"$TLSSIM" learn --plain --record "$rec" 1 > /dev/null 2>&1 </dev/null
[ $? -eq 2 ] || fail "learn --plain --record is not a usage error"

# --- tlssim lessons on a terminal: the shipped titles at 80 and 120 columns (60
# rows: every lesson takes two lines at 80 columns, and none may scroll away)
for cols in 80 120; do
    target="list$cols"
    tm new-session -d -s "$target" -x "$cols" -y 60 \
        "env LANG=C.UTF-8 LC_ALL=C.UTF-8 XDG_STATE_HOME='$tmpdir/list-state' \
         TLSSIM_LESSONS_DIR='$SRCDIR/lessons' '$TLSSIM' lessons; echo EXIT=\$?; exec sleep 600" \
        || fail "tmux cannot start a session"
    wait_for "EXIT=0" "tlssim lessons at $cols columns"
    # a line wider than the terminal would wrap into one that starts otherwise
    screen_now | grep -Ev '^( [ 12][0-9]  [A-Z]|       [a-z]|(Done|Next|Hint): |EXIT=0$|$)' > "$tmpdir/wrapped" &&
        fail "'tlssim lessons' wraps at $cols columns: $(cat "$tmpdir/wrapped")"
done
target=list80
screen_now | grep -qx "  1  Why HTTPS: what an eavesdropper reads from plain HTTP" \
    || fail "at 80 columns the first title is not on a line of its own"
screen_now | grep -qx "       not started" || fail "at 80 columns the progress is not under the title"
target=list120
screen_now | grep -q "^  1  Why HTTPS: .*  not started$" \
    || fail "at 120 columns the progress is not beside the title"

echo "learn-tui: all checks passed"
exit 0
