#!/bin/sh
# tls13-client.sh - the parts of the TLS 1.3 client that a server has to ask
# for, against openssl s_server on loopback: a HelloRetryRequest (connect
# --no-share-first sends no key share, so the server must ask for one), a
# CertificateRequest that allows no certificate (-verify 1: the empty
# Certificate goes through and openssl checks the Finished over it), and
# one that requires a certificate (-Verify 1: the certificate_required
# alert, exit 1, a message that says so); and the retry between tlssim's
# own client and server.  Every server is started here on
# a port the system picks and stopped by the trap.  Skips (77) only when
# openssl or timeout is missing.
set -u
: "${TLSSIM:?}" "${SRCDIR:?}"

OPENSSL=${OPENSSL:-openssl}
. "$SRCDIR/tests/net-lib.sh"
net_lib_start tls13-client "$OPENSSL" timeout

HOST=www.example.com
SUITE=TLS_CHACHA20_POLY1305_SHA256

"$TLSSIM" files "$tmp/set" --name "$HOST" >/dev/null || { echo "FAIL: tlssim files"; exit 1; }
set=$tmp/set

# s_server NAME [OPTIONS]: start openssl s_server for one connection; port
# is then its port, or empty when it did not start within 10 s.
s_server() {
    name=$1
    shift
    "$OPENSSL" s_server -accept 127.0.0.1:0 -naccept 1 -tls1_3 -ciphersuites "$SUITE" \
        -groups X25519 -cert "$set/certificate.crt" -key "$set/private.key" -www \
        -keylogfile "$tmp/$name.server.keys" "$@" >"$tmp/$name.server.log" 2>&1 </dev/null &
    pids="$pids $!"
    port=""
    i=0
    while [ $i -lt 100 ]; do
        port=$(sed -n 's/^ACCEPT .*:\([0-9]*\)$/\1/p' "$tmp/$name.server.log" 2>/dev/null)
        [ -n "$port" ] && return 0
        sleep 0.1
        i=$((i + 1))
    done
    fail "$name: openssl s_server did not start"
    cat "$tmp/$name.server.log"
}

# connect NAME [OPTIONS]: tlssim connect to the server just started; its
# output in $tmp/NAME.out, its key log in $tmp/NAME.keys, rc its status.
connect() {
    name=$1
    shift
    SSLKEYLOGFILE=$tmp/$name.keys timeout 20 "$TLSSIM" connect --protocol tls13 --ca "$set/ca.crt" \
        --host "$HOST" "$@" "127.0.0.1:$port" >"$tmp/$name.out" 2>&1
    rc=$?
}

# same_secrets A B: the four traffic secrets of A are in B.
same_secrets() {
    for label in CLIENT_HANDSHAKE_TRAFFIC_SECRET SERVER_HANDSHAKE_TRAFFIC_SECRET \
                 CLIENT_TRAFFIC_SECRET_0 SERVER_TRAFFIC_SECRET_0; do
        line=$(grep "^$label " "$1" | head -n 1)
        [ -n "$line" ] || { echo "no $label in $1"; return 1; }
        grep -qxF "$line" "$2" || { echo "$label differs"; return 1; }
    done
}

# 1. A first ClientHello without a key share: openssl answers with a
# HelloRetryRequest, the second ClientHello completes the handshake.
s_server hrr
if [ -n "$port" ]; then
    connect hrr --no-share-first
    [ $rc -eq 0 ] || { fail "connect --no-share-first exits $rc"; cat "$tmp/hrr.out"; }
    grep -q "received HelloRetryRequest" "$tmp/hrr.out" || fail "no HelloRetryRequest came"
    grep -q "check ok HelloRetryRequest \[tls13.hrr.check\]" "$tmp/hrr.out" \
        || fail "the HelloRetryRequest was not checked"
    grep -q "check ok transcript restarted \[tls13.hrr.transcript\]" "$tmp/hrr.out" \
        || fail "the transcript restart is not reported"
    [ "$(grep -c 'sent ClientHello' "$tmp/hrr.out")" -eq 2 ] || fail "not two ClientHellos"
    grep -q "second ClientHello: the same random and session id" "$tmp/hrr.out" \
        || fail "the second ClientHello is not explained"
    grep -q "New, TLSv1.3, Cipher is $SUITE" "$tmp/hrr.out" || fail "no page after the retry"
    same_secrets "$tmp/hrr.keys" "$tmp/hrr.server.keys" \
        || fail "tlssim's and openssl's key logs differ after the retry"
fi

# 2. -verify 1: a client certificate is asked for but not required.
s_server optional -verify 1
if [ -n "$port" ]; then
    connect optional
    [ $rc -eq 0 ] || { fail "connect to -verify 1 exits $rc"; cat "$tmp/optional.out"; }
    grep -q "check ok CertificateRequest \[tls13.cr\]" "$tmp/optional.out" \
        || fail "the CertificateRequest is not reported"
    grep -q "sent Certificate (8 bytes): client Certificate: empty" "$tmp/optional.out" \
        || fail "no empty client Certificate was sent"
    grep -q "New, TLSv1.3, Cipher is $SUITE" "$tmp/optional.out" \
        || fail "no page with an optional client certificate"
    same_secrets "$tmp/optional.keys" "$tmp/optional.server.keys" \
        || fail "tlssim's and openssl's key logs differ (-verify 1)"
fi

# 3. -Verify 1: a client certificate is required; tlssim has none.
s_server required -Verify 1
if [ -n "$port" ]; then
    connect required
    [ $rc -eq 1 ] || { fail "connect to -Verify 1 exits $rc, not 1"; cat "$tmp/required.out"; }
    grep -q "alert certificate_required (116): the server requires a client certificate" \
        "$tmp/required.out" || { fail "no clear certificate_required message"; cat "$tmp/required.out"; }
    grep -q "New, TLSv1.3" "$tmp/required.out" && fail "a page came without a client certificate"
fi

# 4. The same retry between tlssim's own client and server.
"$TLSSIM" serve --port 0 --bind 127.0.0.1 --certs "$set" >"$tmp/serve.log" 2>&1 &
serve_pid=$!
pids="$pids $serve_pid"
port=""
i=0
while [ -z "$port" ] && [ $i -lt 100 ]; do
    sleep 0.1
    port=$(sed -n 's/.*listening on port \([0-9]*\) .*/\1/p' "$tmp/serve.log")
    i=$((i + 1))
done
if [ -z "$port" ]; then
    fail "tlssim serve did not start"
else
    connect self-retry --no-share-first --json
    [ $rc -eq 0 ] || { fail "connect --no-share-first to serve exits $rc"; cat "$tmp/self-retry.out"; }
    grep -q '"name":"HelloRetryRequest"' "$tmp/self-retry.out" \
        || fail "serve sent no HelloRetryRequest to a client without a share"
fi
kill "$serve_pid"

if grep -l "Sanitizer\|runtime error" "$tmp"/*.out 2>/dev/null; then
    fail "a sanitizer reported a fault (in the files above)"
fi

if [ $failures -ne 0 ]; then
    echo "tls13-client: $failures failures"
    exit 1
fi
echo "tls13-client: HelloRetryRequest, optional and required client certificates as expected"
