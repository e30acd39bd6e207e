#!/bin/sh
# The what-ifs from the command line: each one's plain transcript ends with
# the outcome the engine measured, and out-of-range values are usage errors.
set -u
: "${TLSSIM:?}"
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
failures=0

# expect ARGS... -- LINE: the transcript holds LINE, and the run exits 0 when
# the handshake completed, 1 when a check stopped it.
expect() {
    args=""
    while [ "$1" != "--" ]; do args="$args $1"; shift; done
    shift
    # shellcheck disable=SC2086
    "$TLSSIM" walk --plain --seed 42 $args > "$tmp/out" 2> "$tmp/err"
    status=$?
    want=1
    grep -q "^Handshake: completed;" "$tmp/out" && want=0
    if [ $status -ne $want ] || ! grep -qF -- "$1" "$tmp/out"; then
        echo "FAIL: walk$args: wanted \"$1\" and exit $want (exit $status)" >&2
        sed -n '/==\[ Result/,$p' "$tmp/out" >&2
        cat "$tmp/err" >&2
        failures=$((failures + 1))
    fi
}

expect -- "Handshake: completed"
expect --tamper 7 -- "Tampering detected: yes (changed at stage 7, caught at stage 8 by record.client_to_server)"
expect --tamper 7 -- "closed the connection with a bad_record_mac alert"
expect --tamper 3 --accept-bad-cert -- "Tampering detected: yes (changed at stage 3, caught at stage 3 by cert.signature)"
expect --cert self-signed -- "signature valid: NOT CHECKED"
expect --tamper 3 -- "NET::ERR_CERT_INVALID"
expect --tamper 2 --finished -- "Handshake: aborted at stage 6"
expect --mitm -- "Your connection is not private"
expect --mitm --accept-bad-cert -- "Plaintext read by: Mallory"
expect --mitm --accept-bad-cert -- "Certificate: rejected (cert.issuer); the user overrode the warning"
expect --cert self-signed -- "NET::ERR_CERT_AUTHORITY_INVALID"
expect --cert untrusted -- "NET::ERR_CERT_AUTHORITY_INVALID"
expect --cert expired -- "NET::ERR_CERT_DATE_INVALID"
expect --cert wrong-name -- "NET::ERR_CERT_COMMON_NAME_INVALID"
expect --cert none -- "server authenticated: FAIL"
expect --cert none -- "Certificate: none; the client took a bare key that nothing vouched for"
expect --downgrade -- "Plaintext read by: Eve (the suite encrypts nothing)"
expect --downgrade -- "Downgrade: yes, to a suite that encrypts nothing; not caught"
expect --downgrade --finished -- "Downgrade: yes, to a suite that encrypts nothing; caught by Finished"
expect --downgrade --finished -- "client Finished matches: FAIL"
expect --leak-key -- "Plaintext read by: Eve (with the leaked server key)"
expect --leak-key -- "Forward secrecy: broken"
expect --leak-key --mode ephemeral -- "Plaintext read by: nobody but the two ends"
expect --leak-key --mode ephemeral -- "Forward secrecy: held"
expect --mode ephemeral -- "key share signed by the server: PASS"

# Out-of-range and unknown values: one line naming the problem, exit 2.
for bad in "--tamper 99" "--tamper 4" "--tamper=0" "--mode quantum" "--cert stolen" \
           "--payload rot13" "--mitm=perhaps" "--mode ephemeral --tamper 5"; do
    # shellcheck disable=SC2086
    "$TLSSIM" walk --plain $bad > /dev/null 2> "$tmp/err"
    status=$?
    if [ $status -ne 2 ] || [ ! -s "$tmp/err" ]; then
        echo "FAIL: walk $bad: exit $status, wanted 2 with a message" >&2
        failures=$((failures + 1))
    fi
done

# The data options reach the run: the server answers with --reply, and
# --cipher aes256gcm seals the records with AES-256-GCM's 12-byte nonce
# (where the CPU has AES; elsewhere it is refused by name).
expect --reply "XYZZY-REPLY" -- "XYZZY-REPLY"
if "$TLSSIM" walk --plain --seed 42 --cipher aes256gcm > "$tmp/aes" 2> "$tmp/err"; then
    grep -q "cipher: AES-256-GCM" "$tmp/aes" || { echo "FAIL: --cipher aes256gcm not named" >&2; failures=$((failures + 1)); }
    grep -q "nonce  .* 12 bytes: public" "$tmp/aes" \
        || { echo "FAIL: --cipher aes256gcm records do not carry a 12-byte nonce" >&2; failures=$((failures + 1)); }
    grep -q "nonce  .* 24 bytes: public" "$tmp/aes" \
        && { echo "FAIL: --cipher aes256gcm still uses XChaCha20's nonce" >&2; failures=$((failures + 1)); }
else
    grep -q "AES" "$tmp/err" || { echo "FAIL: --cipher aes256gcm refused without naming AES" >&2; failures=$((failures + 1)); }
fi

if [ $failures -ne 0 ]; then
    echo "whatif-cli: $failures check(s) failed" >&2
    exit 1
fi
echo "whatif-cli: ok"
