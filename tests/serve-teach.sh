#!/bin/sh
# serve-teach.sh - the eight-stage flow over loopback: 50 concurrent
# 'tlssim connect' clients against one 'tlssim serve' all complete while
# curl completes TLS 1.3 on the same port; a student who trusts the CA by
# its fingerprint is told only what the client saw; --cert-kind expired makes
# connect exit 1 with the reason on both sides; then bad peers (random
# bytes, a huge length prefix, a silent peer, one byte a second, 1,000
# connects and disconnects, a client that closes mid-handshake): after
# each a normal client still completes, and the server's log says what
# happened.  Every server is started on a port the system picks and
# stopped by this test's trap.  Skips (77) only when curl or python3 is
# missing.
set -u
: "${TLSSIM:?}" "${SRCDIR:?}"

. "$SRCDIR/tests/net-lib.sh"
net_lib_start serve-teach curl python3 timeout

# start_serve NAME [OPTIONS]: a server on a port the system picks; sets port.
start_serve() {
    name=$1
    shift
    "$TLSSIM" serve --port 0 --bind 127.0.0.1 --certs "$tmp/set" "$@" \
        >"$tmp/$name.log" 2>&1 &
    pids="$pids $!"
    wait_for "$tmp/$name.log" "listening on port" || exit 1
    port=$(sed -n 's/.*listening on port \([0-9]*\).*/\1/p' "$tmp/$name.log")
}

# student NAME OUT: one connect that trusts the set's CA; sets rc.
student() {
    timeout 30 "$TLSSIM" connect --plain --name "$1" --ca "$tmp/set/ca.crt" \
        "127.0.0.1:$port" >"$tmp/$2.out" 2>&1
    rc=$?
}

"$TLSSIM" files "$tmp/set" --name www.example.com >/dev/null || { echo "FAIL: files"; exit 1; }

# 1. 50 students at once, and curl on the same port meanwhile.
start_serve class --max-clients 64 --timeout 20
i=1
while [ $i -le 50 ]; do
    timeout 60 "$TLSSIM" connect --plain --name "student$i" --ca "$tmp/set/ca.crt" \
        "127.0.0.1:$port" >"$tmp/s$i.out" 2>&1 &
    eval "spid$i=\$!"
    i=$((i + 1))
done
curl -s --max-time 20 --cacert "$tmp/set/ca.crt" \
    --resolve "www.example.com:$port:127.0.0.1" "https://www.example.com:$port/" \
    >"$tmp/curl.out" 2>&1 || fail "curl over TLS 1.3 failed beside the class"
grep -q "Hello from tlssim" "$tmp/curl.out" || fail "curl got no page"
done_ok=0
i=1
while [ $i -le 50 ]; do
    eval "wait \$spid$i"
    r=$?
    if [ $r -eq 0 ] && grep -q "all eight stages completed" "$tmp/s$i.out"; then
        done_ok=$((done_ok + 1))
    else
        fail "student$i exits $r"
        tail -n 3 "$tmp/s$i.out"
    fi
    i=$((i + 1))
done
[ $done_ok -eq 50 ] || fail "$done_ok of 50 students completed"
wait_for "$tmp/class.log" "student50 completed\|completed all 8" >/dev/null
sleep 0.3
n=$(grep -c "teach: student[0-9]* completed all 8 stages" "$tmp/class.log")
[ "$n" -eq 50 ] || fail "the server logged $n completed students, not 50"
grep -q "answered \"GET / HTTP/1.1\"" "$tmp/class.log" || fail "serve did not log curl's request"
echo "serve-teach: 50 concurrent students completed; curl got its page on the same port"

# 1b. A student who trusts the CA by its fingerprint: connect tells only
# what the client's side saw, not where the server's files came from or
# that the CA was shipped with the system.
fp=$(sed -n 's/^  \([0-9A-F:]\{95\}\)$/\1/p' "$tmp/class.log" | head -n 1)
[ -n "$fp" ] || fail "serve printed no fingerprint"
timeout 30 "$TLSSIM" connect --plain --name byprint --ca-fingerprint "$fp" \
    "127.0.0.1:$port" >"$tmp/fp.out" 2>&1 || fail "connect --ca-fingerprint exits $?"
grep -q "this side" "$tmp/fp.out" || fail "stage 1 does not say what this side cannot see"
grep -q "trust store, for this connection" "$tmp/fp.out" \
    || fail "the client does not say its trust is for this connection"
if grep -q "from ca.crt\|shipped with the system" "$tmp/fp.out"; then
    fail "connect claims where the trusted CA came from"
fi

# 2. The teacher's what-if: an expired certificate.  connect exits 1 and
# both sides say why.
start_serve expired --cert-kind expired --mode ephemeral --finished
student Eve expired
[ $rc -eq 1 ] || fail "connect against an expired certificate exits $rc, not 1"
grep -q "ERR_CERT_DATE_INVALID" "$tmp/expired.out" || fail "connect did not say the date is invalid"
wait_for "$tmp/expired.log" "Eve failed at stage 3: .*expired" >/dev/null \
    || fail "serve did not log Eve's failure at stage 3"

# 3. Trust: --plain without --ca or --ca-fingerprint is a usage error; the
# fingerprint serve printed is taken; a wrong one fails.
timeout 10 "$TLSSIM" connect --plain "127.0.0.1:$port" >"$tmp/trust.out" 2>&1
rc=$?
[ $rc -eq 2 ] || fail "connect --plain without --ca exits $rc, not 2"
grep -q -- "--ca-fingerprint" "$tmp/trust.out" || fail "connect does not say how to give the CA"
fp=$(sed -n '/compare the CA/{n;s/^ *//;p;}' "$tmp/class.log")
[ -n "$fp" ] || fail "serve printed no fingerprint"
timeout 10 "$TLSSIM" connect --plain --name Fay --ca-fingerprint "$fp" \
    "127.0.0.1:$(sed -n 's/.*listening on port \([0-9]*\).*/\1/p' "$tmp/class.log")" \
    >"$tmp/fp.out" 2>&1 || fail "connect --ca-fingerprint (serve's own) did not complete"
timeout 10 "$TLSSIM" connect --plain --name Gus --ca-fingerprint "00:11:22" \
    "127.0.0.1:$(sed -n 's/.*listening on port \([0-9]*\).*/\1/p' "$tmp/class.log")" \
    >"$tmp/fp2.out" 2>&1
rc=$?
[ $rc -eq 1 ] || fail "connect with a wrong fingerprint exits $rc, not 1"

# 4. Bad peers against one server; a normal student completes after each.
start_serve bad --timeout 3 --max-clients 32
bad() {
    what=$1
    python3 - "$port" "$what" <<'PY' >"$tmp/peer-$what.out" 2>&1 &
import os, socket, sys, time
port, what = int(sys.argv[1]), sys.argv[2]
def conn():
    return socket.create_connection(("127.0.0.1", port), timeout=5)
hello = b"tlssim\x02Mallet"
frame = lambda t, p: bytes([1, t]) + len(p).to_bytes(4, "big") + p
if what == "random":
    s = conn(); s.sendall(b"\x01" + os.urandom(300)); time.sleep(0.5); s.close()
    s = conn(); s.sendall(b"\x42" + os.urandom(300)); time.sleep(0.5); s.close()
elif what == "huge":
    s = conn(); s.sendall(bytes([1, 7, 0x7f, 0xff, 0xff, 0xff])); time.sleep(0.5); s.close()
elif what == "silent":
    s = conn(); time.sleep(4); s.close()
elif what == "trickle":
    s = conn()
    try:
        for b in frame(1, hello):
            s.send(bytes([b])); time.sleep(1)
    except OSError:
        pass
    s.close()
elif what == "churn":
    for _ in range(1000):
        c = conn(); c.close()
elif what == "midway":
    s = conn(); s.sendall(frame(1, hello)); s.recv(100); s.close()
PY
    eval "peer_$what=\$!"
}
for what in random huge silent trickle churn midway; do
    bad "$what"
    sleep 0.2
    student "after-$what" "after-$what"
    [ $rc -eq 0 ] || { fail "a student did not complete beside the $what peer (exit $rc)"; tail -n 3 "$tmp/after-$what.out"; }
    eval "wait \$peer_$what"
done
sleep 0.5
log=$tmp/bad.log
grep -q "protocol version\|unknown type\|no HELLO\|frame of" "$log" || fail "serve said nothing of the random bytes"
grep -q "announced a FLIGHT frame of 2147483647 bytes" "$log" || fail "serve did not name the huge length"
grep -q "Mallet dropped at stage 1: the client closed the connection" "$log" \
    || fail "serve did not log the client that left mid-handshake"
grep -q "nothing moved the handshake on\|no HELLO\|sent nothing\|timeout" "$log" || fail "serve did not time out the slow peers"
n=$(grep -c "connected" "$log")
[ "$n" -ge 1006 ] || fail "serve logged $n connections, fewer than the 1,006 made"
n=$(grep -c "teach: after-[a-z]* completed all 8 stages" "$log")
[ "$n" -eq 6 ] || fail "the server logged $n students completed beside bad peers, not 6"
echo "serve-teach: random bytes, a huge length, a silent peer, a trickle, 1,000 connects and a client that left midway; a student completed after each"

if [ $failures -gt 0 ]; then
    echo "serve-teach: $failures failures"
    tail -n 30 "$tmp/bad.log"
    exit 1
fi
echo "serve-teach: all passed"
