#!/bin/sh
# relay.sh - Eve and Mallory between 'tlssim connect' and 'tlssim serve',
# on loopback only, with ports the system picks; every server and relay is
# started by this test and stopped by its trap.
#
#   passive relay           connect completes (0); the relay shows each
#                           message and its fields; --plain one line each
#   --tamper 5              the server cannot open the wrap: connect exits 1
#   --mitm                  the client refuses Mallory's certificate: exit 1
#   --mitm, client clicks   Mallory prints the request in plain text
#   --record + eve --key    key transport: the request opens; ephemeral:
#                           nothing opens, and Eve says why
#   --fault drop/dup/swap   the ends notice (exit 1), bounded in time
#   many clients at once    all complete through one relay
#   curl (TLS 1.3)          passes through unchanged, record by record
#   a server that never     the relay serves another peer meanwhile; the
#   answers                 client is told after 3 s
set -u
: "${TLSSIM:?}" "${SRCDIR:?}"

. "$SRCDIR/tests/net-lib.sh"
net_lib_start relay python3 timeout

set="$tmp/set"
"$TLSSIM" files "$set" >/dev/null || { echo "FAIL: tlssim files"; exit 1; }

# start_server NAME [OPTIONS]: a serve on 127.0.0.1; its port in $sport.
start_server() {
    name=$1
    shift
    "$TLSSIM" serve --port 0 --bind 127.0.0.1 --certs "$set" --timeout 4 "$@" \
        >"$tmp/$name.log" 2>&1 &
    pids="$pids $!"
    wait_for "$tmp/$name.log" 'listening on port' || exit 1
    sport=$(port_of "$tmp/$name.log")
}

# start_relay NAME SERVER-PORT [OPTIONS]: a relay on 127.0.0.1; its port
# in $rport and its pid in $rpid.
start_relay() {
    name=$1
    to=$2
    shift 2
    "$TLSSIM" relay --listen 0 --bind 127.0.0.1 --to "127.0.0.1:$to" --timeout 6 "$@" \
        >"$tmp/$name.log" 2>&1 &
    rpid=$!
    pids="$pids $rpid"
    wait_for "$tmp/$name.log" 'listening on port' || exit 1
    rport=$(port_of "$tmp/$name.log")
}

# stop PID: stop one process this test started, and wait for it.
stop() {
    kill "$1" 2>/dev/null
    wait "$1" 2>/dev/null
}

# student NAME PORT [OPTIONS]: one connect through PORT, bounded in time;
# its output in $tmp/NAME.out, its exit status returned.
student() {
    name=$1
    port=$2
    shift 2
    timeout 30 "$TLSSIM" connect --name "$name" --ca "$set/ca.crt" --plain --timeout 4 "$@" \
        "127.0.0.1:$port" >"$tmp/$name.out" 2>&1
}

# expect_status WHAT WANT GOT
expect_status() {
    [ "$3" -eq "$2" ] || fail "$1: connect exited $3, not $2: $(tail -n 3 "$tmp/$1.out")"
}

start_server transport
transport_port=$sport
start_server ephemeral --mode ephemeral
ephemeral_port=$sport

# Eve listens: the connection completes and every message shows.
start_relay passive "$transport_port" --record "$tmp/transport.rec"
student ada "$rport"
expect_status ada 0 $?
# The client is done before the relay has seen both ends close: wait for that.
wait_for "$tmp/passive.log" 'ended: ' >/dev/null
stop "$rpid"
grep -q 'HELLO, [0-9]* B: the student'"'"'s name "ada"' "$tmp/passive.log" \
    || fail "the relay did not show the student's HELLO"
grep -q '^#1 stage 2 client > server ClientHello, [0-9]* B$' "$tmp/passive.log" \
    || fail "the relay did not show the ClientHello"
grep -q '^#1     client random (32 B): ' "$tmp/passive.log" \
    || fail "the relay did not show the ClientHello's fields"
grep -q '^#1     wrapped session key (80 B)' "$tmp/passive.log" \
    || fail "the relay did not show the wrapped session key"
grep -q '^#1   Eve FAIL (the attack failed) read the application data' "$tmp/passive.log" \
    || fail "Eve did not say she read nothing"
grep -q 'ended: both ends closed; the last BYE said: completed' "$tmp/passive.log" \
    || fail "the relay did not see the connection complete"
grep -q '^end 1 [0-9]* completed$' "$tmp/transport.rec" \
    || fail "the recording does not end the connection as completed"

# --plain: one line per message, with its fields.
start_relay plain "$transport_port" --plain
student grace "$rport"
expect_status grace 0 $?
stop "$rpid"
grep -q '^#1 stage 3 server > client Certificate, [0-9]* B | type: Certificate | ' \
    "$tmp/plain.log" || fail "--plain did not put the Certificate on one line"
grep -q '^#1     ' "$tmp/plain.log" && fail "--plain printed a field on a line of its own"

# Mallory flips a bit of the wrap (stage 5): the server cannot open it.
start_relay tamper "$transport_port" --tamper 5
student alan "$rport"
expect_status alan 1 $?
stop "$rpid"
grep -q 'Mallory: Mallory flips one bit of the ClientKeyExchange' "$tmp/tamper.log" \
    || fail "the relay did not flip a bit of the ClientKeyExchange"
grep -q 'could not open the wrapped session key' "$tmp/alan.out" \
    || fail "the client did not say why: $(tail -n 1 "$tmp/alan.out")"

# Mallory in the middle: the client refuses her certificate ...
start_relay mitm "$transport_port" --mitm
student barbara "$rport"
expect_status barbara 1 $?
grep -q 'not private.*self-signed' "$tmp/barbara.out" \
    || fail "the client did not refuse Mallory's certificate: $(tail -n 1 "$tmp/barbara.out")"
grep -q 'knows request (read by Mallory)' "$tmp/mitm.log" \
    && fail "Mallory read a request the client never sent"
# ... unless the student clicks through: then Mallory reads the request.
student edsger "$rport" --accept-bad-cert --message "GET /exam-answers"
expect_status edsger 0 $?
stop "$rpid"
grep -q 'Mallory knows request (read by Mallory): "GET /exam-answers' "$tmp/mitm.log" \
    || fail "Mallory did not print the request she read"

# The recording and a leaked key: key transport opens ...
"$TLSSIM" eve "$tmp/transport.rec" --key "$set/private.key" >"$tmp/eve-transport.out" 2>&1 \
    || fail "eve on the transport recording exited $?"
grep -q 'Eve knows request (read by Eve): "GET ' "$tmp/eve-transport.out" \
    || fail "the leaked key did not open the transport recording"
grep -q 'Eve read 1 of 1 eight-stage connection' "$tmp/eve-transport.out" \
    || fail "eve did not count the opened connection"
# ... without the key nothing opens ...
"$TLSSIM" eve "$tmp/transport.rec" >"$tmp/eve-nokey.out" 2>&1 || fail "eve without a key"
grep -q 'read by Eve' "$tmp/eve-nokey.out" && fail "Eve read the recording without a key"
grep -q 'Eve read 0 of 1' "$tmp/eve-nokey.out" || fail "eve without a key: wrong count"
# ... and in ephemeral mode the leaked key opens nothing: forward secrecy.
start_relay eph "$ephemeral_port" --record "$tmp/ephemeral.rec"
student donald "$rport"
expect_status donald 0 $?
stop "$rpid"
"$TLSSIM" eve "$tmp/ephemeral.rec" --key "$set/private.key" >"$tmp/eve-eph.out" 2>&1 \
    || fail "eve on the ephemeral recording exited $?"
grep -q 'read by Eve' "$tmp/eve-eph.out" && fail "the leaked key opened an ephemeral recording"
grep -q 'forward secrecy: this connection was in ephemeral mode' "$tmp/eve-eph.out" \
    || fail "eve did not say why nothing opened"
grep -q 'Eve read 0 of 1' "$tmp/eve-eph.out" || fail "eve ephemeral: wrong count"

# A relay that loses, repeats or swaps messages: the ends notice, in time.
for fault in drop:3 reorder:3 duplicate:2 duplicate:3 duplicate:5 drop:2; do
    start_relay "fault-$fault" "$transport_port" --fault "$fault"
    before=$(date +%s)
    student "fault-$fault" "$rport"
    expect_status "fault-$fault" 1 $?
    took=$(($(date +%s) - before))
    [ "$took" -le 15 ] || fail "--fault $fault: connect took $took s"
    stop "$rpid"
done
# A repeated message is named as such on both sides: the client says so
# (duplicate:3, a second ServerHello) and so does the server (duplicate:2,
# a second ClientHello); each BYE carries it through the relay.
grep -q 'arrived twice or out of order: ServerHello of stage 3' "$tmp/fault-duplicate:3.out" \
    || fail "duplicate:3: the client did not say a message arrived twice: $(tail -n 2 "$tmp/fault-duplicate:3.out")"
grep -q 'BYE, [0-9]* B: a message arrived twice or out of order: ServerHello' \
    "$tmp/fault-duplicate:3.log" || fail "duplicate:3: the client's BYE did not say why"
grep -q 'arrived twice or out of order: ClientHello of stage 2' "$tmp/fault-duplicate:2.out" \
    || fail "duplicate:2: the server's reason did not reach the client: $(tail -n 2 "$tmp/fault-duplicate:2.out")"
grep -q 'arrived twice or out of order: Certificate of stage 3' "$tmp/fault-reorder:3.out" \
    || fail "reorder:3: the client did not say a message came out of order: $(tail -n 2 "$tmp/fault-reorder:3.out")"
# A repeated record of stage 7: the relay says that tlssim's records carry
# no sequence number, and that real TLS numbers them.
start_relay fault-dup7 "$transport_port" --fault duplicate:7
student dup7 "$rport"
stop "$rpid"
grep -q 'real TLS numbers its records' "$tmp/fault-dup7.log" \
    || fail "duplicate:7: the relay did not say that real TLS numbers its records"

# Many clients at once through one relay.
start_relay many "$transport_port" --plain --max-clients 16
spids=""
for n in 1 2 3 4 5 6 7 8 9 10; do
    student "many$n" "$rport" &
    spids="$spids $!"
done
ok=0
for p in $spids; do
    wait "$p" && ok=$((ok + 1))
done
[ "$ok" -eq 10 ] || fail "$ok of 10 concurrent clients completed through one relay"
# A peer that speaks neither protocol is closed; the relay goes on.
python3 -c 'import socket,sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
s.sendall(b"GET / HTTP/1.0\r\n\r\n")
s.settimeout(5)
assert s.recv(100) == b""' "$rport" || fail "the relay did not close a peer that speaks no protocol"
grep -q 'neither a TLS record nor a tlssim classroom frame' "$tmp/many.log" \
    || fail "the relay did not say why it closed that peer"
student after "$rport"
expect_status after 0 $?
stop "$rpid"

# TLS 1.3 (curl) passes through unchanged, record by record.
if command -v curl >/dev/null 2>&1; then
    start_relay tls "$transport_port"
    timeout 20 curl -sS --cacert "$set/ca.crt" \
        --resolve "www.example.com:$rport:127.0.0.1" "https://www.example.com:$rport/" \
        >"$tmp/curl.out" 2>&1 || fail "curl through the relay: $(cat "$tmp/curl.out")"
    grep -q 'Hello from tlssim' "$tmp/curl.out" || fail "curl got no page through the relay"
    stop "$rpid"
    grep -q 'client > server TLS record: handshake (22), version 0301, [0-9]* B: ClientHello' \
        "$tmp/tls.log" || fail "the relay did not show the TLS ClientHello's record"
    grep -q 'application_data (23), version 0303' "$tmp/tls.log" \
        || fail "the relay did not show the encrypted records"
else
    echo "relay: no curl; the TLS 1.3 pass-through is not tried"
fi

# A server that cannot be reached: the client is told so, in its protocol.
closed=$(python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
start_relay down "$closed"
student grace-down "$rport"
expect_status grace-down 1 $?
grep -q 'the relay cannot reach the server' "$tmp/grace-down.out" \
    || fail "the client was not told the server is unreachable: $(tail -n 1 "$tmp/grace-down.out")"
stop "$rpid"
grep -q 'ended: the server could not be reached' "$tmp/down.log" \
    || fail "the relay did not say the server could not be reached"

# A server that never answers (its accept queue is full, so the kernel
# drops the relay's SYNs): the relay connects in the background, so a
# second peer is served at once while the first waits, and after its 3
# seconds the first student is told the server does not answer.
python3 -c 'import socket, sys, time
l = socket.socket(); l.bind(("127.0.0.1", 0)); l.listen(0)
fill = []
for i in range(3):
    s = socket.socket(); s.setblocking(False)
    try:
        s.connect(l.getsockname())
    except BlockingIOError:
        pass
    fill.append(s)
open(sys.argv[1], "w").write("listening on port %d\n" % l.getsockname()[1])
time.sleep(25)' "$tmp/silent.port" &
silent=$!
pids="$pids $silent"
wait_for "$tmp/silent.port" 'listening on port' || exit 1
start_relay silent "$(port_of "$tmp/silent.port")"
student hedy "$rport" --timeout 8 &
hedy=$!
wait_for "$tmp/silent.log" '#1 .* connected' || exit 1
python3 -c 'import socket, sys, time
t = time.time()
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
s.sendall(b"GET / HTTP/1.0\r\n\r\n")
s.settimeout(5)
assert s.recv(100) == b""
took = time.time() - t
assert took < 1.5, "the relay took %.1f s to serve a second peer" % took' "$rport" \
    || fail "the relay did not serve a second peer while its first waited for the server"
wait "$hedy"
expect_status hedy 1 $?
grep -q 'the relay cannot reach the server .*: no answer within 3 seconds' "$tmp/hedy.out" \
    || fail "the client was not told the server does not answer: $(tail -n 1 "$tmp/hedy.out")"
stop "$rpid"
kill "$silent" 2>/dev/null
grep -q '^#2 .*neither a TLS record nor a tlssim classroom frame' "$tmp/silent.log" \
    || fail "the relay did not close the second peer while the first waited"

# A hostile server's BYE reaches the client, but its control characters
# never reach the relay's terminal.
python3 -c 'import socket, struct, sys
l = socket.socket(); l.bind(("127.0.0.1", 0)); l.listen(1)
open(sys.argv[1], "w").write("listening on port %d\n" % l.getsockname()[1])
l.settimeout(20)
c, _ = l.accept(); c.settimeout(5)
c.recv(100)
why = b"\x1b[2Jgone"
c.sendall(b"\x01\x04" + struct.pack(">I", len(why)) + why)
c.close()' "$tmp/hostile.port" &
hostile=$!
pids="$pids $hostile"
wait_for "$tmp/hostile.port" 'listening on port' || exit 1
start_relay hostile "$(port_of "$tmp/hostile.port")"
student tim "$rport"
expect_status tim 1 $?
stop "$rpid"
wait "$hostile"
grep -q 'BYE, [0-9]* B: .\[2Jgone' "$tmp/hostile.log" || fail "the relay did not show the BYE"
grep -q 'the last BYE said: .\[2Jgone' "$tmp/hostile.log" || fail "the relay did not end with the BYE"
if LC_ALL=C grep -q "$(printf '\033')" "$tmp/hostile.log"; then
    fail "the relay printed a peer's escape character"
fi

# Usage errors.
"$TLSSIM" relay --listen 0 >/dev/null 2>&1
[ $? -eq 2 ] || fail "relay without --to did not exit 2"
"$TLSSIM" relay --listen 0 --to 127.0.0.1:1 --tamper 4 >/dev/null 2>&1
[ $? -eq 2 ] || fail "relay --tamper 4 did not exit 2"

[ "$failures" -eq 0 ] || exit 1
echo "relay: all passed"
