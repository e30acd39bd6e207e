#!/bin/sh
# serve-dashboard.sh - the teacher's dashboard of 'tlssim serve' on a real
# terminal (a private tmux server, 80x24): it shows the port and the CA's
# fingerprint, a row per student with the stage and the outcome, and the
# totals; 'c' switches the certificate new connections get, so the next
# student meets an expired one; connect --step without --ca asks the
# student to compare the fingerprint (yes completes, no fails); a curl over
# TLS 1.3 gets its own row (protocol tls13, stage 8, completed) and counts in the
# totals; 'q' gives the terminal back and prints the totals.  The server is stopped by this test
# (q, or the trap).
set -u
: "${TLSSIM:?}" "${SRCDIR:?}"
. "$SRCDIR/tests/tui-lib.sh"
tui_lib_init serve-dashboard

"$TLSSIM" files "$tmpdir/set" >/dev/null || fail "tlssim files"
run_args="serve --port 0 --bind 127.0.0.1 --certs '$tmpdir/set'"
start dash LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=screen
wait_for "tlssim serve  port" "the dashboard's title"
port=$(screen_now | sed -n 's/.*tlssim serve  port \([0-9]*\).*/\1/p' | head -n 1)
[ -n "$port" ] || fail "no port on the dashboard"
wait_for "CA fingerprint:" "the CA's fingerprint"
wait_for "certificate ca, transport mode" "the what-ifs for new connections"

timeout 20 "$TLSSIM" connect --plain --name Ada --ca "$tmpdir/set/ca.crt" "127.0.0.1:$port" \
    >"$tmpdir/ada.out" 2>&1 || fail "Ada's connect did not complete"
wait_for "completed 1" "the total of completed students"
screen_now | grep -q "^Ada .*teach  8/8 completed" || fail "no completed row for Ada"

key c
wait_for "certificate expired" "the c key switching the certificate"
timeout 20 "$TLSSIM" connect --plain --name Bo --ca "$tmpdir/set/ca.crt" "127.0.0.1:$port" \
    >"$tmpdir/bo.out" 2>&1
rc=$?
[ $rc -eq 1 ] || fail "Bo's connect against the expired certificate exits $rc, not 1"
wait_for "failed 1" "the total of failed students"
screen_now | grep -q "^Bo .*3/8 failed" || fail "no failed row for Bo"
screen_now | grep -q "Bo failed at stage 3: Your connection is not" || fail "no line saying why Bo failed"

# Trust on first use: connect on a terminal without --ca shows the
# fingerprint the server offers and asks; yes completes, no fails.
key c c c c   # back to the set's own certificate
wait_for "certificate ca," "the certificate cycled back to the set's"
half=$(screen_now | sed -n 's/.*CA fingerprint: \([0-9A-F:]*\).*/\1/p' | head -n 1)
[ -n "$half" ] || fail "no fingerprint on the dashboard"
for answer in y n; do
    run_args="connect --step --name Cy$answer 127.0.0.1:$port"
    start "tofu$answer" LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=screen
    wait_for "Do they match? [y/N]" "the fingerprint question"
    screen_now | tr -d '\n' | grep -qF "$half" || fail "connect shows another fingerprint"
    key "$answer" Enter
    if [ "$answer" = y ]; then
        for stage in "2/8: client hello" "5/8: key exchange" "7/8: encrypt"; do
            wait_for "Stage $stage — press" "connect's key before stage $stage's flight"
            key Enter
        done
        wait_for "all eight stages completed" "the student who trusted the CA"
        wait_for "EXIT=0" "connect's exit status after yes"
    else
        wait_for "did not confirm the CA" "the student who did not"
        wait_for "EXIT=1" "connect's exit status after no"
    fi
done
target=dash
wait_for "completed 2" "the student who trusted the CA, on the dashboard"

# TLS 1.3 on the same port: curl gets a row of its own and joins the totals.
if command -v curl >/dev/null 2>&1; then
    timeout 20 curl -sS --cacert "$tmpdir/set/ca.crt" \
        --resolve "www.example.com:$port:127.0.0.1" "https://www.example.com:$port/" \
        >"$tmpdir/curl.out" 2>&1 || fail "curl over TLS 1.3: $(cat "$tmpdir/curl.out")"
    wait_for "completed 3" "curl's connection in the totals"
    screen_now | grep -q "TLS 1.3 1" || fail "the totals do not count the TLS 1.3 connection"
    screen_now | grep -q "^curl/[^ ]* .*tls13  8/8 completed answered \"GET /" \
        || fail "no completed tls13 row for curl: $(screen_now | grep tls13)"
    curl_done=1
else
    echo "serve-dashboard: no curl; the TLS 1.3 row is not tried"
    curl_done=0
fi

key q
check_restored dash 0
wait_for "$((2 + curl_done)) completed, 2 failed, 0 dropped, 0 refused; $curl_done of them TLS 1.3" \
    "the totals after the dashboard closed"
echo "serve-dashboard: rows, totals, the certificate key and the way out all work"
