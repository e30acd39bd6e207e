#!/bin/sh
# Run the program under valgrind's memcheck: a whole walkthrough, the
# what-ifs that take the longest paths (a man in the middle let through, a
# leaked key in ephemeral mode, a tampered key exchange), the demos, a
# lesson taken to its end with answers piped in, and the TUI stepped
# through every stage.
# Any memory error or any definite leak fails.  Skipped without valgrind,
# and for builds with sanitizers, whose runtime valgrind cannot host.
set -u
: "${TLSSIM:?}" "${SRCDIR:?}"
VALGRIND=${VALGRIND:-$(command -v valgrind 2>/dev/null || true)}
if [ "${SANITIZED:-no}" = yes ]; then
    echo "valgrind: built with sanitizers; skipped"
    exit 77
fi
if [ -z "$VALGRIND" ] || [ ! -x "$VALGRIND" ]; then
    echo "valgrind: valgrind not found; skipped"
    exit 77
fi

fail=0
tmp=$(mktemp -d) || exit 99
socket="tlssim-vg-$$"
TMUX_BIN=${TMUX_BIN:-}
cleanup() {
    [ -n "$TMUX_BIN" ] && "$TMUX_BIN" -L "$socket" -f /dev/null kill-server >/dev/null 2>&1
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
XDG_STATE_HOME="$tmp/state"
TLSSIM_LESSONS_DIR="$SRCDIR/lessons"
export XDG_STATE_HOME TLSSIM_LESSONS_DIR

vg() {
    "$VALGRIND" -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
        --log-file="$tmp/vg.log" "$@"
}

# run NAME STATUS ARGS...: tlssim ARGS exits with STATUS and valgrind is silent.
run() {
    name=$1
    want=$2
    shift 2
    vg "$TLSSIM" "$@" <"$tmp/input" >"$tmp/out" 2>&1
    status=$?
    if [ "$status" -ne "$want" ] || [ -s "$tmp/vg.log" ]; then
        echo "FAIL: $name: status $status (expected $want)"
        cat "$tmp/vg.log"
        tail -5 "$tmp/out"
        fail=1
    else
        echo "ok: $name"
    fi
}

: >"$tmp/input"
run "walk" 0 walk --plain --seed 42
run "man in the middle, accepted" 0 walk --plain --seed 42 --mitm --accept-bad-cert
run "leaked key, ephemeral" 0 walk --plain --seed 42 --leak-key --mode ephemeral
run "tampered key exchange" 1 walk --plain --seed 42 --tamper 5
run "every option at once" 1 walk --plain --seed 7 --finished --payload aes \
    --cipher aes256gcm --downgrade --host example.org --message hi --reply there

run "a demo, headless" 0 play --headless "$SRCDIR/demos/tamper.demo"
run "every demo, as JSON" 0 play --json "$SRCDIR"/demos/*.demo
run "a demo whose expect fails" 1 play --headless "$SRCDIR/tests/demos-fail/result.demo"
run "broken demos" 2 play --check "$SRCDIR"/tests/demos-bad/*.demo

# A lesson to its end: each quiz gets a, b, c, d until one is right.
i=0
while [ $i -lt 100 ]; do printf 'a\nb\nc\nd\n'; i=$((i + 1)); done >"$tmp/input"
run "a whole lesson" 0 learn 4
grep -q "end of this lesson" "$tmp/out" || { echo "FAIL: the lesson did not end"; fail=1; }
: >"$tmp/input"
run "lesson check" 0 learn --check "$SRCDIR"/lessons/*.lesson
run "a broken lesson" 2 learn --check "$SRCDIR"/tests/lessons-bad/keywords.lesson

# Eve and a leaked key on relay recordings (the fuzz seeds, made by a server
# with the set of 'tlssim files --seed 16'), and a broken recording.
"$TLSSIM" files "$tmp/seed16" --seed 16 >/dev/null || fail=1
rec="$SRCDIR/tests/fuzz/corpus/recording"
run "eve, key transport" 0 eve "$rec/transport.rec" --key "$tmp/seed16/private.key"
grep -q "Eve read 1 of 1" "$tmp/out" || { echo "FAIL: eve did not open the recording"; fail=1; }
run "eve, ephemeral" 0 eve --plain "$rec/ephemeral.rec" --key "$tmp/seed16/private.key"
run "a broken recording" 2 eve "$SRCDIR/tests/recordings-bad/odd-hex.rec"

# The TUI, in a terminal of tmux's: every stage, back, help, both toggles, quit.
if [ -n "$TMUX_BIN" ] && [ -x "$TMUX_BIN" ]; then
    tm() { "$TMUX_BIN" -L "$socket" -f /dev/null "$@"; }
    tm new-session -d -s vg -x 100 -y 30 \
        "env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=screen $VALGRIND -q --error-exitcode=99 \
         --leak-check=full --errors-for-leak-kinds=definite --log-file=$tmp/vg-tui.log \
         \"$TLSSIM\" walk --seed 42 --no-animation; echo \$? > $tmp/tui.status; sleep 600"
    # waiting TEXT: poll the pane for up to a minute.
    waiting() {
        n=0
        while [ $n -lt 600 ]; do
            tm capture-pane -p -t vg 2>/dev/null | grep -qF -- "$1" && return 0
            sleep 0.1
            n=$((n + 1))
        done
        echo "FAIL: the TUI under valgrind never showed '$1'"
        fail=1
        return 1
    }
    if waiting "Stage 1/8"; then
        for k in Right Right Right Right Right Right Right; do tm send-keys -t vg "$k"; done
        waiting "Stage 8/8"
        for k in Left 3 x v Tab Down Down '?' Escape Home; do tm send-keys -t vg "$k"; done
        waiting "Stage 1/8"
        tm send-keys -t vg q
        n=0
        while [ ! -s "$tmp/tui.status" ] && [ $n -lt 600 ]; do sleep 0.1; n=$((n + 1)); done
        status=$(cat "$tmp/tui.status" 2>/dev/null)
        if [ "$status" != 0 ] || [ -s "$tmp/vg-tui.log" ]; then
            echo "FAIL: TUI: status ${status:-none}"
            cat "$tmp/vg-tui.log"
            fail=1
        else
            echo "ok: TUI"
        fi
    fi
else
    echo "valgrind: tmux not found; the TUI run is skipped"
fi
exit $fail
