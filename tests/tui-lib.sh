# tui-lib.sh - what the TUI tests share: a private tmux server, bounded
# polling of the screen, comparing it with a golden screen, starting a walk
# in a session of 80x24, and checking that the terminal is restored.  Sourced, not run; call tui_lib_init NAME
# first (NAME prefixes every message).  It skips with 77 when there is no tmux.

# tui_lib_init NAME: find tmux (or skip), make the private socket name and a
# temporary folder, and clean both up on exit.
tui_lib_init() {
    test_name=$1
    TMUX_BIN=${TMUX_BIN:-$(command -v tmux 2>/dev/null || true)}
    if [ -z "$TMUX_BIN" ] || [ ! -x "$TMUX_BIN" ]; then
        echo "$test_name: tmux not found; skipped"
        exit 77
    fi
    WAIT_TENTHS=${WAIT_TENTHS:-150}   # 15 s for any one screen, for a loaded machine
    socket="tlssim-test-$$"
    tmpdir=$(mktemp -d) || exit 99
    target=""
    socket_path=""
    trap cleanup EXIT
    trap 'exit 1' INT TERM HUP
}

tm() { "$TMUX_BIN" -L "$socket" -f /dev/null "$@"; }
cleanup() {
    tm kill-server >/dev/null 2>&1
    [ -n "$socket_path" ] && rm -f "$socket_path"
    rm -rf "$tmpdir"
}

screen_now() { tm capture-pane -p -t "$target" 2>/dev/null | sed 's/ *$//'; }

fail() {
    echo "$test_name: FAIL: $*"
    echo "--- the pane of $target ---"
    screen_now
    echo "---"
    exit 1
}

# wait_for TEXT [WHY]: poll until TEXT (a fixed string) is on the screen.
wait_for() {
    n=0
    while [ "$n" -lt "$WAIT_TENTHS" ]; do
        screen_now | grep -qF -- "$1" && return 0
        sleep 0.1
        n=$((n + 1))
    done
    fail "${2:-waited} for '$1'"
}

# wait_gone TEXT [WHY]: poll until TEXT is no longer on the screen.
wait_gone() {
    n=0
    while [ "$n" -lt "$WAIT_TENTHS" ]; do
        screen_now | grep -qF -- "$1" || return 0
        sleep 0.1
        n=$((n + 1))
    done
    fail "${2:-waited} for '$1' to go away"
}

# same_as GOLDEN: wait until the whole pane is the file GOLDEN, or fail
# with the difference; with TLSSIM_UPDATE_GOLDEN set, first rewrite GOLDEN
# from the pane (then read the diff before committing).
same_as() {
    if [ -n "${TLSSIM_UPDATE_GOLDEN:-}" ]; then
        sleep 1
        screen_now > "$1"
    fi
    n=0
    until screen_now > "$tmpdir/screen" && cmp -s "$1" "$tmpdir/screen"; do
        n=$((n + 1))
        if [ "$n" -ge "$WAIT_TENTHS" ]; then
            diff -u "$1" "$tmpdir/screen"
            fail "the screen differs from $1"
        fi
        sleep 0.1
    done
}

# start NAME ENV...: a session of 80x24 running tlssim with ENV and the
# walk options in $walk_args (or the whole command line in $run_args, when
# set); when it ends, its status goes to the pane and to
# $tmpdir/NAME.status, and the terminal's modes to $tmpdir/NAME.stty.
start() {
    name=$1
    shift
    target="$name"
    tm new-session -d -s "$name" -x 80 -y 24 \
        "env $* sh -c 'echo \$\$ > $tmpdir/$name.pid; exec \"$TLSSIM\" ${run_args:-walk $walk_args}'; \
         status=\$?; echo \$status > $tmpdir/$name.status; echo EXIT=\$status; \
         stty -a > $tmpdir/$name.stty; exec sleep 600" \
        || fail "tmux cannot start a session"
    [ -n "$socket_path" ] || socket_path=$(tm display-message -p '#{socket_path}' 2>/dev/null)
}

# check_restored NAME STATUS: the program exited with STATUS, its screen is
# gone and the terminal is back in cooked mode with echo.
check_restored() {
    wait_for "EXIT=$2" "the exit status $2"
    [ "$(cat "$tmpdir/$1.status")" = "$2" ] || fail "exit status $(cat "$tmpdir/$1.status"), not $2"
    screen_now | grep -q "Stage [0-9]/8" && fail "the TUI is still on the screen after it quit"
    n=0
    while [ ! -s "$tmpdir/$1.stty" ] && [ "$n" -lt "$WAIT_TENTHS" ]; do
        sleep 0.1
        n=$((n + 1))
    done
    for mode in icanon echo isig; do
        tr ' ' '\n' < "$tmpdir/$1.stty" | grep -qx -- "$mode" \
            || fail "terminal mode '$mode' is not restored after exit"
    done
    [ "$(tm display-message -p -t "$target" '#{alternate_on}')" = 0 ] \
        || fail "the terminal is still in the alternate screen after exit"
    [ "$(tm display-message -p -t "$target" '#{cursor_flag}')" = 1 ] \
        || fail "the cursor is still hidden after exit"
}

key() { tm send-keys -t "$target" "$@"; }

utf8="LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=screen"
