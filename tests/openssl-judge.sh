#!/bin/sh
# openssl-judge.sh - let openssl judge the files tlssim writes.
#
# certgen writes a CA, a server key, a signing request and a certificate the
# way the openssl recipe does; openssl then has to accept every one of them:
# the chain verifies, the request's signature verifies, the key loads, the
# certificate carries the key and the host name.  Skips (77) only when there
# is no openssl.
set -u

if [ -z "${OPENSSL:-}" ] || ! command -v "$OPENSSL" >/dev/null 2>&1; then
  echo "openssl-judge: no openssl found, skipping"
  exit 77
fi

CERTGEN="${BUILDDIR:-.}/tests/tools/certgen"
HOST=www.example.com
SEED=7
failures=0

fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# Run a command quietly; on failure, say what was run and show its output.
judge() {
  what=$1
  shift
  if ! out=$("$@" 2>&1); then
    fail "$what: $*"
    printf '%s\n' "$out" | sed 's/^/    /' >&2
    return 1
  fi
  echo "ok: $what"
}

work=$(mktemp -d) || exit 99
trap 'rm -rf "$work"' EXIT INT TERM

if ! "$CERTGEN" "$work" "$HOST" "$SEED"; then
  echo "FAIL: certgen did not write the files" >&2
  exit 1
fi

for key in ca.key private.key; do
  mode=$(stat -c %a "$work/$key")
  [ "$mode" = 600 ] || fail "$key has mode $mode, not 600"
done

judge "the chain verifies" \
  "$OPENSSL" verify -x509_strict -CAfile "$work/ca.crt" "$work/certificate.crt"
judge "the chain verifies for a TLS server named $HOST" \
  "$OPENSSL" verify -x509_strict -purpose sslserver -verify_hostname "$HOST" \
  -CAfile "$work/ca.crt" "$work/certificate.crt"
judge "the request's signature verifies" \
  "$OPENSSL" req -in "$work/csr.pem" -verify -noout
judge "the CA key loads" "$OPENSSL" pkey -in "$work/ca.key" -noout
judge "the server key loads" "$OPENSSL" pkey -in "$work/private.key" -noout
judge "the CA certificate decodes" "$OPENSSL" x509 -in "$work/ca.crt" -noout -text
judge "the server certificate decodes" \
  "$OPENSSL" x509 -in "$work/certificate.crt" -noout -text

key_pub=$("$OPENSSL" pkey -in "$work/private.key" -pubout 2>&1)
cert_pub=$("$OPENSSL" x509 -in "$work/certificate.crt" -pubkey -noout 2>&1)
if [ "$key_pub" = "$cert_pub" ] && [ -n "$key_pub" ]; then
  echo "ok: the certificate carries private.key's public key"
else
  fail "the certificate's public key differs from private.key's"
  printf 'private.key:\n%s\ncertificate.crt:\n%s\n' "$key_pub" "$cert_pub" >&2
fi

ca_pub=$("$OPENSSL" pkey -in "$work/ca.key" -pubout 2>&1)
ca_cert_pub=$("$OPENSSL" x509 -in "$work/ca.crt" -pubkey -noout 2>&1)
[ "$ca_pub" = "$ca_cert_pub" ] || fail "ca.crt's public key differs from ca.key's"

text=$("$OPENSSL" x509 -in "$work/certificate.crt" -noout -text 2>&1)
if printf '%s\n' "$text" | grep -q "DNS:$HOST\$"; then
  echo "ok: subjectAltName holds DNS:$HOST"
else
  fail "subjectAltName does not hold DNS:$HOST"
  printf '%s\n' "$text" | grep -A1 "Subject Alternative Name" >&2
fi
csr_text=$("$OPENSSL" req -in "$work/csr.pem" -noout -text 2>&1)
printf '%s\n' "$csr_text" | grep -q "DNS:$HOST\$" \
  || fail "the request does not ask for DNS:$HOST"

# openssl's own parse of the request must agree with what it signs over.
judge "the request names the host as its subject" \
  sh -c "'$OPENSSL' req -in '$work/csr.pem' -noout -subject | grep -q 'CN *= *$HOST'"

if [ "$failures" -ne 0 ]; then
  echo "openssl-judge: $failures check(s) failed" >&2
  exit 1
fi
echo "openssl-judge: openssl accepts every file"
exit 0
