#!/bin/sh
# tls13-interop.sh - real TLS 1.3 against implementations tlssim did not
# write, on loopback only: tlssim connect against openssl s_server;
# openssl s_client and curl against tlssim serve; the key logs of both
# ends of one connection must hold the same secrets.  Then the refusals:
# an RSA server, and peers that send garbage, an oversized record,
# nothing at all, or hang up mid-flight; each must end with exit 1 and a
# clear reason, never a hang.  Every server here is started by this test
# on a port the system picks and stopped by its trap.  Skips (77) only
# when openssl, curl or python3 is missing.
set -u
: "${TLSSIM:?}" "${SRCDIR:?}"

OPENSSL=${OPENSSL:-openssl}
. "$SRCDIR/tests/net-lib.sh"
net_lib_start tls13-interop "$OPENSSL" curl python3 timeout

HOST=www.example.com
SUITE=TLS_CHACHA20_POLY1305_SHA256

# same_secrets A B: every secret line of A is in B, and A has all four.
same_secrets() {
    n=0
    for label in CLIENT_HANDSHAKE_TRAFFIC_SECRET SERVER_HANDSHAKE_TRAFFIC_SECRET \
                 CLIENT_TRAFFIC_SECRET_0 SERVER_TRAFFIC_SECRET_0; do
        line=$(grep "^$label " "$1" | head -n 1)
        if [ -z "$line" ]; then
            echo "no $label in $1"
            return 1
        fi
        grep -qxF "$line" "$2" || { echo "$label differs: $line"; return 1; }
        n=$((n + 1))
    done
    [ $n -eq 4 ]
}

# tls_connect NAME CA PORT [OPTIONS]: tlssim connect to 127.0.0.1:PORT,
# trusting CA and asking for $HOST; its output in $tmp/NAME.out, rc its status.
tls_connect() {
    name=$1 ca=$2 to=$3
    shift 3
    timeout 20 "$TLSSIM" connect --protocol tls13 --ca "$ca" --host "$HOST" "$@" "127.0.0.1:$to" \
        >"$tmp/$name.out" 2>&1
    rc=$?
}

"$TLSSIM" files "$tmp/set" --name "$HOST" >/dev/null || { echo "FAIL: tlssim files"; exit 1; }
set=$tmp/set

# 1. tlssim connect -> openssl s_server.
"$OPENSSL" s_server -accept 127.0.0.1:0 -naccept 1 -tls1_3 -ciphersuites "$SUITE" -groups X25519 \
    -cert "$set/certificate.crt" -key "$set/private.key" -www \
    -keylogfile "$tmp/ossl-server.keys" >"$tmp/ossl-server.log" 2>&1 </dev/null &
pids="$pids $!"
if wait_for "$tmp/ossl-server.log" '^ACCEPT'; then
    port=$(sed -n 's/^ACCEPT .*:\([0-9]*\)$/\1/p' "$tmp/ossl-server.log")
    SSLKEYLOGFILE=$tmp/connect.keys
    export SSLKEYLOGFILE
    tls_connect connect "$set/ca.crt" "$port"
    unset SSLKEYLOGFILE
    [ $rc -eq 0 ] || { fail "connect to openssl s_server exits $rc"; cat "$tmp/connect.out"; }
    grep -q "check ok CertificateVerify" "$tmp/connect.out" || fail "no CertificateVerify check"
    grep -q "check ok server Finished" "$tmp/connect.out" || fail "no Finished check"
    grep -q "New, TLSv1.3, Cipher is $SUITE" "$tmp/connect.out" \
        || fail "openssl's page does not show TLS 1.3 with $SUITE"
    same_secrets "$tmp/connect.keys" "$tmp/ossl-server.keys" \
        || fail "tlssim's and openssl's key logs differ (connect)"
    mode=$(stat -c %a "$tmp/connect.keys" 2>/dev/null)
    [ "$mode" = 600 ] || fail "the key log has mode $mode, not 600"
fi

# 2. openssl s_client and curl -> tlssim serve.
SSLKEYLOGFILE=$tmp/serve.keys "$TLSSIM" serve --port 0 --bind 127.0.0.1 --certs "$set" --timeout 3 --plain \
    >"$tmp/serve.log" 2>&1 &
serve_pid=$!
pids="$pids $serve_pid"
if wait_for "$tmp/serve.log" 'listening on port'; then
    sport=$(sed -n 's/.*listening on port \([0-9]*\) .*/\1/p' "$tmp/serve.log")
    printf 'GET / HTTP/1.1\r\nHost: %s\r\n\r\n' "$HOST" | timeout 20 "$OPENSSL" s_client \
        -connect "127.0.0.1:$sport" -tls1_3 -servername "$HOST" -verify_return_error \
        -verify_hostname "$HOST" -CAfile "$set/ca.crt" -keylogfile "$tmp/ossl-client.keys" \
        -ign_eof >"$tmp/s_client.out" 2>&1
    rc=$?
    [ $rc -eq 0 ] || { fail "openssl s_client exits $rc"; cat "$tmp/s_client.out"; }
    grep -q "Verify return code: 0 (ok)" "$tmp/s_client.out" || fail "s_client did not verify"
    grep -q "HTTP/1.1 200 OK" "$tmp/s_client.out" || fail "s_client got no page"
    grep -q "Cipher is $SUITE" "$tmp/s_client.out" || fail "s_client did not use $SUITE"
    same_secrets "$tmp/ossl-client.keys" "$tmp/serve.keys" \
        || fail "openssl's and tlssim's key logs differ (serve)"

    # tlssim's own client, as JSON Lines: every line parses, the checks pass.
    tls_connect json "$set/ca.crt" "$sport" --json --message "GET /json"
    [ $rc -eq 0 ] || { fail "connect --json to serve exits $rc"; cat "$tmp/json.out"; }
    python3 -c 'import json,sys
lines=[json.loads(l) for l in open(sys.argv[1])]
ids={l["id"] for l in lines if l.get("kind")=="check" and l["ok"]}
need={"tls13.sh.downgrade","tls13.cert.chain","tls13.cv.signature","tls13.finished.server"}
assert need <= ids, need - ids
assert any("request: GET /json" in l.get("text","") for l in lines if l["event"]=="reply")
assert lines[-1]=={"event":"result","ok":True,"message":"connection complete and verified"}
' "$tmp/json.out" || fail "connect --json printed what it should not"

    # A client whose first key share is P-256 gets a HelloRetryRequest.
    printf 'GET /retry HTTP/1.1\r\nHost: %s\r\n\r\n' "$HOST" | timeout 20 "$OPENSSL" \
        s_client -connect "127.0.0.1:$sport" -tls1_3 -groups P-256:X25519 -servername "$HOST" \
        -verify_return_error -verify_hostname "$HOST" -CAfile "$set/ca.crt" -ign_eof \
        >"$tmp/s_client-hrr.out" 2>&1
    rc=$?
    [ $rc -eq 0 ] || { fail "s_client after a HelloRetryRequest exits $rc"; cat "$tmp/s_client-hrr.out"; }
    grep -q "request: GET /retry" "$tmp/s_client-hrr.out" || fail "no page after the retry"
    grep -q "HelloRetryRequest: the client takes X25519" "$tmp/serve.log" \
        || fail "serve sent no HelloRetryRequest to a P-256-first client"

    # A garbage peer and a silent one connect first; neither stalls curl.
    python3 -c 'import socket,sys,time
g=socket.create_connection(("127.0.0.1",int(sys.argv[1])),timeout=5)
s=socket.create_connection(("127.0.0.1",int(sys.argv[1])),timeout=5)
g.sendall(b"GET / HTTP/1.1\r\n\r\n")
open(sys.argv[2], "w").write("connected\n")
time.sleep(4)' "$sport" "$tmp/peers.ready" &
    pids="$pids $!"
    wait_for "$tmp/peers.ready" connected || fail "the bad clients did not connect"
    start=$(date +%s)
    timeout 20 curl -sS --max-time 10 --cacert "$set/ca.crt" \
        --resolve "$HOST:$sport:127.0.0.1" "https://$HOST:$sport/" >"$tmp/curl.out" 2>&1
    rc=$?
    took=$(( $(date +%s) - start ))
    [ $rc -eq 0 ] || { fail "curl exits $rc"; cat "$tmp/curl.out"; }
    grep -q "cipher suite: $SUITE" "$tmp/curl.out" || fail "curl's page does not name $SUITE"
    grep -q "server name asked for: $HOST" "$tmp/curl.out" || fail "the page lacks the name"
    [ "$took" -le 2 ] || fail "curl waited $took s behind a silent client"
    wait_for "$tmp/serve.log" 'failed: the peer sent a record of content type 71' \
        || fail "serve did not refuse the garbage client"
    wait_for "$tmp/serve.log" 'tls13.peer.timeout' || fail "serve did not drop the silent client"
    kill -TERM "$serve_pid"
    i=0
    while kill -0 "$serve_pid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
    kill -0 "$serve_pid" 2>/dev/null && fail "serve did not stop on SIGTERM"
    wait "$serve_pid"
    rc=$?
    [ $rc -eq 0 ] || fail "serve exits $rc after SIGTERM"
    grep -q "stopped by SIGTERM" "$tmp/serve.log" || fail "serve did not say it stopped"
fi

# 2b. A --chain set: serve sends its certificate and the intermediate CA's;
# tlssim connect and openssl s_client, trusting the root only, follow the path.
"$TLSSIM" files "$tmp/chain" --chain --name "$HOST" >/dev/null || fail "tlssim files --chain"
"$TLSSIM" serve --port 0 --bind 127.0.0.1 --certs "$tmp/chain" >"$tmp/serve-chain.log" 2>&1 &
chain_pid=$!
pids="$pids $chain_pid"
if wait_for "$tmp/serve-chain.log" 'listening on port'; then
    cport=$(sed -n 's/.*listening on port \([0-9]*\) .*/\1/p' "$tmp/serve-chain.log")
    tls_connect chain "$tmp/chain/ca.crt" "$cport"
    [ $rc -eq 0 ] || { fail "connect to a --chain server exits $rc"; cat "$tmp/chain.out"; }
    grep -q 'check ok path to a trusted root.*3 certificates' "$tmp/chain.out" \
        || fail "connect did not follow the path through the intermediate"
    printf 'GET / HTTP/1.1\r\nHost: %s\r\n\r\n' "$HOST" | timeout 20 "$OPENSSL" s_client \
        -connect "127.0.0.1:$cport" -tls1_3 -servername "$HOST" -verify_return_error \
        -verify_hostname "$HOST" -CAfile "$tmp/chain/ca.crt" -ign_eof >"$tmp/s_client-chain.out" 2>&1
    rc=$?
    [ $rc -eq 0 ] || { fail "s_client to a --chain server exits $rc"; cat "$tmp/s_client-chain.out"; }
    grep -q "depth=1 .*Intermediate" "$tmp/s_client-chain.out" \
        || fail "s_client saw no intermediate certificate"
    tls_connect chain-other-root "$set/ca.crt" "$cport"
    if [ $rc -ne 1 ] || ! grep -Eq "tls13\.cert\.(chain|signature)\]" "$tmp/chain-other-root.out"; then
        fail "trusting another root: exit $rc, not 1 with a failed path check"
        cat "$tmp/chain-other-root.out"
    fi
    kill "$chain_pid"
fi

# 3. An RSA server is refused with the plain reason and exit 1.
"$OPENSSL" req -x509 -newkey rsa:2048 -nodes -subj "/CN=$HOST" -days 2 \
    -addext "subjectAltName=DNS:$HOST" -keyout "$tmp/rsa.key" -out "$tmp/rsa.crt" \
    >/dev/null 2>&1 || fail "openssl could not make an RSA certificate"
"$OPENSSL" s_server -accept 127.0.0.1:0 -naccept 1 -tls1_3 -ciphersuites "$SUITE" -groups X25519 \
    -cert "$tmp/rsa.crt" -key "$tmp/rsa.key" -www >"$tmp/rsa-server.log" 2>&1 </dev/null &
pids="$pids $!"
if wait_for "$tmp/rsa-server.log" '^ACCEPT'; then
    port=$(sed -n 's/^ACCEPT .*:\([0-9]*\)$/\1/p' "$tmp/rsa-server.log")
    tls_connect rsa "$tmp/rsa.crt" "$port"
    [ $rc -eq 1 ] || fail "connect to an RSA server exits $rc, not 1"
    grep -q "cannot check an RSA or ECDSA signature" "$tmp/rsa.out" \
        || { fail "no plain reason for the RSA refusal"; cat "$tmp/rsa.out"; }
    grep -q "handshake_failure" "$tmp/rsa.out" || fail "the RSA refusal names no alert"
fi

# 4. Bad servers: each one connection, on a port the system picks.
cat >"$tmp/peer.py" <<'PY'
import socket, sys, time
mode, portfile = sys.argv[1], sys.argv[2]
srv = socket.socket()
srv.bind(("127.0.0.1", 0))
srv.listen(1)
open(portfile, "w").write(str(srv.getsockname()[1]))
srv.settimeout(15)
conn, _ = srv.accept()
conn.settimeout(15)
conn.recv(4096)
if mode == "garbage":
    conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
elif mode == "oversized":
    conn.sendall(bytes([22, 3, 3, 0x41, 0x01]) + b"\0" * 64)
elif mode == "truncated":
    conn.sendall(bytes([22, 3, 3, 0, 90, 2, 0, 0, 86]) + b"\1" * 20)
elif mode == "order":
    conn.sendall(bytes([22, 3, 3, 0, 36, 20, 0, 0, 32]) + b"\7" * 32)
elif mode == "ccs-type":
    conn.sendall(bytes([20, 3, 3, 0, 1, 2]))
elif mode == "silent":
    time.sleep(6)
if mode == "truncated":
    conn.close()
    sys.exit(0)
try:
    conn.recv(4096)
except OSError:
    pass
conn.close()
PY

# bad_server MODE EXPECT [CONNECT-OPTIONS]: run connect against a bad server;
# took is then how many seconds connect ran.
bad_server() {
    mode=$1 expect=$2
    shift 2
    rm -f "$tmp/peer.port"
    python3 "$tmp/peer.py" "$mode" "$tmp/peer.port" &
    pids="$pids $!"
    i=0
    while [ ! -s "$tmp/peer.port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
    port=$(cat "$tmp/peer.port" 2>/dev/null)
    [ -n "$port" ] || { fail "$mode: the peer did not start"; return; }
    start=$(date +%s)
    tls_connect "bad-$mode" "$set/ca.crt" "$port" "$@"
    took=$(( $(date +%s) - start ))
    [ $rc -eq 1 ] || { fail "$mode server: connect exits $rc, not 1"; cat "$tmp/bad-$mode.out"; }
    grep -q -- "$expect" "$tmp/bad-$mode.out" \
        || { fail "$mode server: no '$expect'"; cat "$tmp/bad-$mode.out"; }
}

bad_server garbage "record of content type 72.*tlssim sent the alert unexpected_message"
bad_server oversized "tlssim sent the alert record_overflow"
bad_server order "sent Finished (type 20) where tlssim expected ServerHello.*unexpected_message"
bad_server ccs-type "change_cipher_spec record where TLS 1.3 allows none"
bad_server truncated "closed the connection while tlssim was waiting for the ServerHello"
bad_server silent "no answer from 127.0.0.1 within 2 seconds" --timeout 2
[ "$took" -le 4 ] || fail "the silent server held connect for $took s"

# 5. Bad usage: exit 2.
for args in "" "--protocol tls12 localhost" "--ca $tmp/none.crt localhost" \
            "--timeout 0 localhost" "a b"; do
    # shellcheck disable=SC2086
    timeout 10 "$TLSSIM" connect $args >/dev/null 2>&1
    rc=$?
    [ $rc -eq 2 ] || fail "connect $args exits $rc, not 2"
done
timeout 10 "$TLSSIM" serve --port 0 --bind 127.0.0.1 --certs "$tmp/none" >/dev/null 2>&1
rc=$?
[ $rc -eq 2 ] || fail "serve with no certificates exits $rc, not 2"

# Under --enable-sanitizers a report may come with the exit status a test
# expects (1): look for it in everything tlssim printed.
if grep -l "Sanitizer\|runtime error" "$tmp"/*.out "$tmp"/*.log 2>/dev/null; then
    fail "a sanitizer reported a fault (in the files above)"
fi

if [ $failures -ne 0 ]; then
    echo "tls13-interop: $failures failures"
    exit 1
fi
echo "tls13-interop: connect, serve, key logs, refusals and bad peers all as expected"
