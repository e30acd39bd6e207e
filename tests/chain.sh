#!/bin/sh
# chain.sh - certificate chains in the walk: with --cert chain the server
# sends its certificate and the intermediate's and the client validates the
# path check by check; each real-world failure (a missing intermediate, a
# revoked certificate, an issuer that is not a CA) aborts at its own check,
# named by its id, and no check runs after it.  A --chain set from
# `tlssim files` walks the same way with --certs.
set -u
: "${TLSSIM:?}"
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
failures=0

fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

# The ids of the path checks, in the order the client makes them.
ids="cert.chain cert.signature cert.validity cert.basic_constraints cert.key_usage cert.name cert.revocation"

# outcome FILE ID: the outcome of check ID in a JSON transcript ("" if not made).
outcome() {
    grep "\"id\":\"$2\"" "$1" | sed -n 's/.*"outcome":"\([a-z_]*\)".*/\1/p' | head -n 1
}

# walk_ok NAME ARGS...: the walk completes, every path check passes.
walk_ok() {
    name=$1
    shift
    "$TLSSIM" walk --json "$@" > "$tmp/$name" 2> "$tmp/err" || fail "$name: exit $?"
    grep -q '"event":"result".*"handshake":"completed"' "$tmp/$name" \
        || fail "$name: did not complete"
    for id in $ids; do
        [ "$(outcome "$tmp/$name" "$id")" = pass ] || fail "$name: $id did not pass"
    done
}

# walk_fails_at NAME ID WORDS ARGS...: the walk aborts at check ID, whose
# reason holds WORDS; the result names it as the check that rejected the
# certificate; the checks before it passed and none came after.
walk_fails_at() {
    name=$1 id=$2 words=$3
    shift 3
    "$TLSSIM" walk --json "$@" > "$tmp/$name" 2> "$tmp/err"
    status=$?
    [ $status -eq 1 ] || fail "$name: a walk that stops at a check exited $status, not 1"
    result=$(grep '"event":"result"' "$tmp/$name")
    case $result in
    *'"handshake":"aborted"'*'"aborted_at":3'*'"reason_id":"'"$id"'"'*) ;;
    *) fail "$name: did not abort at $id" ;;
    esac
    case $result in
    *'"cert_rejected":true,"cert_failed_id":"'"$id"'"'*) ;;
    *) fail "$name: the result does not say $id rejected the certificate" ;;
    esac
    case $result in
    *'"reason":"'*"$words"*) ;;
    *) fail "$name: the reason does not say \"$words\"" ;;
    esac
    [ "$(outcome "$tmp/$name" "$id")" = fail ] || fail "$name: $id is not logged as failed"
    seen_fail=no
    for each in $ids; do
        got=$(outcome "$tmp/$name" "$each")
        if [ $seen_fail = yes ] && [ -n "$got" ]; then
            fail "$name: $each ran after $id failed"
        elif [ $seen_fail = no ] && [ "$each" != "$id" ] && [ "$got" != pass ]; then
            fail "$name: $each did not pass before $id failed"
        fi
        [ "$each" = "$id" ] && seen_fail=yes
    done
}

walk_ok chain --seed 42 --cert chain
grep -q "sends the intermediate's certificate" "$tmp/chain" \
    || fail "chain: the server did not send the intermediate"
sent='"stage":3,"kind":"wire","actor":"server","title":"Certificate"'
[ "$(grep -c "$sent" "$tmp/chain")" -eq 2 ] || fail "chain: not two Certificate frames at stage 3"
grep -q "publishes its certificate revocation list" "$tmp/chain" \
    || fail "chain: the intermediate published no CRL"
walk_ok chain-ephemeral --seed 7 --cert chain --mode ephemeral --finished
walk_fails_at missing cert.chain "sent only its own certificate" --seed 42 \
    --cert missing-intermediate
walk_fails_at revoked cert.revocation "was revoked on" --seed 42 --cert revoked
walk_fails_at not-a-ca cert.basic_constraints "is not a CA" --seed 42 --cert not-a-ca
"$TLSSIM" walk --json --seed 42 --cert revoked --accept-bad-cert > "$tmp/accept" \
    || fail "revoked --accept-bad-cert exited $?"
overridden='"cert_failed_id":"cert.revocation","cert_overridden":true'
grep -q "\"event\":\"result\".*\"handshake\":\"completed\".*$overridden" "$tmp/accept" ||
    fail "continue anyway did not go on, or the result lost the override"

# The chain kinds and Mallory's own certificate do not mix: exit 2.
"$TLSSIM" walk --plain --cert chain --mitm > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] && [ -s "$tmp/err" ] || fail "--cert chain --mitm was not a usage error"

# A --chain set walks with --certs: the default is the chain, and the
# server configured without fullchain.pem fails at cert.chain.
"$TLSSIM" files "$tmp/set" --chain --seed 5 --name shop.example > /dev/null \
    || fail "files --chain failed"
walk_ok certs --seed 5 --certs "$tmp/set"
grep -q "shop.example" "$tmp/certs" || fail "certs: the walk did not take the set's name"
walk_ok certs-chain --seed 5 --certs "$tmp/set" --cert chain
walk_fails_at certs-missing cert.chain "sent only its own certificate" --seed 5 \
    --certs "$tmp/set" --cert missing-intermediate
"$TLSSIM" files "$tmp/plain" --seed 5 > /dev/null || fail "files failed"
"$TLSSIM" walk --plain --certs "$tmp/plain" --cert chain > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] || fail "--cert chain with a set without an intermediate did not exit 2"
grep -q "files --chain" "$tmp/err" || fail "the error does not say how to make a chain set"
# A CRL signed by another key is refused when the set is loaded.
"$TLSSIM" files "$tmp/other" --chain --seed 6 > /dev/null || fail "files --chain (other) failed"
cp "$tmp/other/crl.pem" "$tmp/set/crl.pem"
"$TLSSIM" walk --plain --certs "$tmp/set" > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] || fail "a CRL signed by another key was not refused with exit 2"
grep -q "crl.pem: the revocation list is not signed by the intermediate" "$tmp/err" \
    || fail "the foreign CRL is not named: $(cat "$tmp/err")"

if [ $failures -ne 0 ]; then
    echo "chain: $failures check(s) failed" >&2
    exit 1
fi
echo "chain: ok"
