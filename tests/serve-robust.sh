#!/bin/sh
# serve-robust.sh - tlssim serve against clients that read nothing, on
# loopback: one that floods KeyUpdate requests (their answers pile up) is
# closed when its queue passes the limit; one whose answer is queued behind
# answers it never read is closed after the timeout, although it keeps
# sending; a log that nobody reads (stdout a full pipe) never stops the
# server.  Meanwhile other clients are served.  The peers are
# tests/serve_peer.py (Python's hashlib and the cryptography package).  Every
# server is started here on a port the system picks and stopped by the
# trap.  Skips (77) when python3 or its cryptography package is missing.
set -u
: "${TLSSIM:?}" "${SRCDIR:?}"

if ! python3 -c 'import cryptography' >/dev/null 2>&1; then
    echo "serve-robust: no python3 with the cryptography package, skipping"
    exit 77
fi

. "$SRCDIR/tests/net-lib.sh"
net_lib_start serve-robust timeout

HOST=www.example.com
PEER=$SRCDIR/tests/serve_peer.py

# connect NAME: tlssim connect to the server on $port; rc its status.
connect() {
    timeout 20 "$TLSSIM" connect --protocol tls13 --ca "$tmp/set/ca.crt" --host "$HOST" --timeout 5 \
        --message "GET /$1" "127.0.0.1:$port" >"$tmp/$1.out" 2>&1
    rc=$?
}

"$TLSSIM" files "$tmp/set" --name "$HOST" >/dev/null || { echo "FAIL: tlssim files"; exit 1; }

# start_serve LOG TIMEOUT: a serve whose clients may idle TIMEOUT seconds;
# serve_pid and port are then its own.
start_serve() {
    : >"$1"   # emptied here, not in the child: the last serve's lines must not answer wait_for
    "$TLSSIM" serve --port 0 --bind 127.0.0.1 --certs "$tmp/set" --timeout "$2" >"$1" 2>&1 &
    serve_pid=$!
    pids="$pids $serve_pid"
    wait_for "$1" 'listening on port' || exit 1
    port=$(sed -n 's/.*listening on port \([0-9]*\) .*/\1/p' "$1")
}

# stop_serve: SIGTERM, and serve must exit 0.
stop_serve() {
    kill -TERM "$serve_pid"
    wait "$serve_pid"
    rc=$?
    [ $rc -eq 0 ] || fail "serve exits $rc after SIGTERM"
}

# 1. The flood, beside a client served; the timeout is long, so only the
# queue limit can stop it.
start_serve "$tmp/serve.log" 30
timeout 30 python3 "$PEER" flood "$port" "$tmp/flood.report" &
flood_pid=$!
pids="$pids $flood_pid"
connect beside-flood
[ $rc -eq 0 ] || { fail "a client beside the flood exits $rc"; cat "$tmp/beside-flood.out"; }
wait "$flood_pid"
read -r how sent took <"$tmp/flood.report" || fail "the flooding peer wrote no report"
case ${how:-} in
    ConnectionResetError|BrokenPipeError) ;;
    *) fail "the flooding peer was not stopped (it ended by '${how:-}' after ${took:-?} s)" ;;
esac
wait_for "$tmp/serve.log" 'failed: the client reads nothing of what it asks for: [0-9]* bytes of answers (KeyUpdate or other) waited for it, more than the 131072 tlssim keeps.*\[tls13.peer.not_reading\]' \
    || fail "serve did not say why it closed the flooding client"
stop_serve

# 2. The answer queued behind answers never read, beside a client served.
start_serve "$tmp/serve.log" 3
timeout 30 python3 "$PEER" stall "$port" "$tmp/stall.report" 30 &
stall_pid=$!
pids="$pids $stall_pid"
connect beside-stall
[ $rc -eq 0 ] || { fail "a client beside the stalled one exits $rc"; cat "$tmp/beside-stall.out"; }
wait "$stall_pid"
read -r how sent took <"$tmp/stall.report" || fail "the stalled peer wrote no report"
case ${how:-} in
    ConnectionResetError|BrokenPipeError) ;;
    *) fail "the stalled peer was not closed (it ended by '${how:-}' after ${took:-?} s)" ;;
esac
wait_for "$tmp/serve.log" 'answered "GET /stalled' || fail "the stalled peer's request was not answered"
wait_for "$tmp/serve.log" 'failed: the client read none of the [0-9]* bytes waiting for it (its answer among them) for the whole timeout.*\[tls13.peer.not_reading\]' \
    || fail "serve did not say why it closed the stalled client"
took_s=${took%.*}
[ "${took_s:-99}" -le 8 ] || fail "the stalled client was closed after $took s, not about 3"
stop_serve

# 3. stdout a pipe whose reader took the first line and then stopped
# reading: --plain logs far more than the pipe holds; clients are served.
mkfifo "$tmp/log.fifo" || exit 99
"$TLSSIM" serve --port 0 --bind 127.0.0.1 --certs "$tmp/set" --timeout 3 --plain \
    >"$tmp/log.fifo" 2>"$tmp/plain.err" &
plain_pid=$!
pids="$pids $plain_pid"
exec 3<"$tmp/log.fifo"
IFS= read -r first <&3
port=$(echo "$first" | sed -n 's/.*listening on port \([0-9]*\) .*/\1/p')
if [ -z "$port" ]; then
    fail "serve --plain did not say its port: '$first'"
else
    n=0
    while [ $n -lt 60 ]; do
        connect "unread-log-$n"
        [ $rc -eq 0 ] || { fail "client $n with an unread log exits $rc"; cat "$tmp/unread-log-$n.out"; break; }
        n=$((n + 1))
    done
fi
# Stop it and read the rest: the log ends with how many lines it dropped.
kill -TERM "$plain_pid"
timeout 10 cat <&3 >"$tmp/plain.log"
exec 3<&-
wait "$plain_pid"
grep -q "^#1 .*check ok client Finished" "$tmp/plain.log" \
    || fail "the first lines of the unread log are lost"
grep -q "^tlssim serve: [0-9]* log lines dropped: stdout did not take them in time" \
    "$tmp/plain.log" || fail "serve did not note the log lines it dropped"

if grep -l "Sanitizer\|runtime error" "$tmp"/*.out "$tmp"/*.log "$tmp"/*.err 2>/dev/null; then
    fail "a sanitizer reported a fault (in the files above)"
fi

if [ $failures -ne 0 ]; then
    echo "serve-robust: $failures failures"
    exit 1
fi
echo "serve-robust: a flood, a stalled answer and an unread log each handled; others served"
