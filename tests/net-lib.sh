# net-lib.sh - what the networked tests share, sourced after `set -u`:
# skipping when a tool is missing, a scratch directory, the processes a test
# starts (stopped on every way out), failures counted, waiting for a line in
# a log and reading the port a server printed.

# net_lib_start NAME TOOL...: skip the test (exit 77) unless every TOOL is
# found; then make $tmp, and stop every pid in $pids and remove $tmp at exit.
net_lib_start() {
    net_lib_name=$1
    shift
    for tool in "$@"; do
        if ! command -v "$tool" >/dev/null 2>&1; then
            echo "$net_lib_name: no $tool found, skipping"
            exit 77
        fi
    done
    tmp=$(mktemp -d) || exit 99
    pids=""
    failures=0
    trap net_lib_cleanup EXIT
    trap 'exit 1' INT TERM
}

# Stop the processes the test started, wait for them, remove the scratch.
net_lib_cleanup() {
    for p in $pids; do kill "$p" 2>/dev/null; done
    for p in $pids; do wait "$p" 2>/dev/null; done
    rm -rf "$tmp"
}

# fail WHY: say why and count it; the test exits with the count at the end.
fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

# wait_for FILE PATTERN: wait (at most 15 s) until FILE holds PATTERN; else
# show FILE's last lines and return 1.
wait_for() {
    i=0
    while [ $i -lt 150 ]; do
        grep -q "$2" "$1" 2>/dev/null && return 0
        sleep 0.1
        i=$((i + 1))
    done
    echo "timed out waiting for '$2' in $1:"
    tail -n 20 "$1"
    return 1
}

# port_of FILE: the port a 'listening on port N' line of FILE names.
port_of() {
    sed -n 's/.*listening on port \([0-9]*\).*/\1/p' "$1" | head -n 1
}

# log_has FILE PATTERN: wait quietly (at most 15 s) until FILE holds PATTERN.
log_has() {
    i=0
    while [ $i -lt 150 ]; do
        grep -q -- "$2" "$1" 2>/dev/null && return 0
        sleep 0.1
        i=$((i + 1))
    done
    return 1
}

# start_serve NAME [OPTIONS]: 'tlssim serve --plain' on loopback with the
# set in $tmp/set, on a port the system picks, logging to $tmp/NAME.log and
# stopped with $pids; sets port, or returns 1 when it did not start.
start_serve() {
    sname=$1
    shift
    "$TLSSIM" serve --plain --port 0 --bind 127.0.0.1 --certs "$tmp/set" "$@" \
        >"$tmp/$sname.log" 2>&1 &
    pids="$pids $!"
    log_has "$tmp/$sname.log" "listening on port" || return 1
    port=$(port_of "$tmp/$sname.log")
}

# net_lib_tui NAME: for a test that also drives a terminal (tests/tui-lib.sh,
# sourced after this file, whose fail and wait_for read the screen): its
# set-up, with the scratch directory as $tmp and the processes in $pids
# stopped on every way out before the terminals are.
net_lib_tui() {
    tui_lib_init "$1"
    tmp=$tmpdir
    pids=""
    trap 'net_lib_cleanup; cleanup' EXIT
}
