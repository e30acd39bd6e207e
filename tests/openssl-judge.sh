#!/bin/sh
# openssl-judge.sh - let openssl judge the files `tlssim files` writes.
#
# tlssim writes a CA, a server key, a signing request and a certificate the
# way the openssl recipe does (and, with --self-signed, the one-step pair);
# openssl then has to accept every one of them: the chain verifies, the
# request's signature verifies, the keys load, the certificate carries the
# key and the host name.  Skips (77) only when there is no openssl.
set -u
: "${TLSSIM:?}"

if [ -z "${OPENSSL:-}" ] || ! command -v "$OPENSSL" >/dev/null 2>&1; then
  echo "openssl-judge: no openssl found, skipping"
  exit 77
fi

HOST=www.example.org
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

# The public key of a key file and of a certificate, as openssl prints them.
same_public_key() {
  key_pub=$("$OPENSSL" pkey -in "$1" -pubout 2>&1)
  cert_pub=$("$OPENSSL" x509 -in "$2" -pubkey -noout 2>&1)
  [ -n "$key_pub" ] && [ "$key_pub" = "$cert_pub" ]
}

work=$(mktemp -d) || exit 99
trap 'rm -rf "$work"' EXIT INT TERM
d="$work/ca"

if ! "$TLSSIM" files "$d" --name "$HOST" > "$work/summary"; then
  echo "FAIL: tlssim files did not write the files" >&2
  exit 1
fi

judge "the chain verifies" \
  "$OPENSSL" verify -x509_strict -CAfile "$d/ca.crt" "$d/certificate.crt"
judge "the chain verifies for a TLS server named $HOST" \
  "$OPENSSL" verify -x509_strict -purpose sslserver -verify_hostname "$HOST" \
  -CAfile "$d/ca.crt" "$d/certificate.crt"
judge "the request's signature verifies" "$OPENSSL" req -in "$d/csr.pem" -verify -noout
judge "the CA key loads" "$OPENSSL" pkey -in "$d/ca.key" -noout
judge "the server key loads" "$OPENSSL" pkey -in "$d/private.key" -noout
judge "the CA certificate decodes" "$OPENSSL" x509 -in "$d/ca.crt" -noout -text
judge "the server certificate decodes" "$OPENSSL" x509 -in "$d/certificate.crt" -noout -text

same_public_key "$d/private.key" "$d/certificate.crt" \
  && echo "ok: the certificate carries exactly private.key's public key" \
  || fail "the certificate's public key differs from private.key's"
same_public_key "$d/ca.key" "$d/ca.crt" || fail "ca.crt's public key differs from ca.key's"
req_pub=$("$OPENSSL" req -in "$d/csr.pem" -pubkey -noout 2>&1)
[ "$req_pub" = "$("$OPENSSL" pkey -in "$d/private.key" -pubout)" ] \
  || fail "the request's public key differs from private.key's"

text=$("$OPENSSL" x509 -in "$d/certificate.crt" -noout -text 2>&1)
printf '%s\n' "$text" | grep -q "DNS:$HOST\$" && echo "ok: subjectAltName holds DNS:$HOST" \
  || fail "subjectAltName does not hold DNS:$HOST"
"$OPENSSL" req -in "$d/csr.pem" -noout -text 2>&1 | grep -q "DNS:$HOST\$" \
  || fail "the request does not ask for DNS:$HOST"
"$OPENSSL" req -in "$d/csr.pem" -noout -subject | grep -q "CN *= *$HOST" \
  || fail "the request does not name the host as its subject"

# The real-world set: root, intermediate (CA:TRUE, pathLen 0), the server's
# certificate issued by the intermediate, fullchain.pem and the CRL.
c="$work/chain"
"$TLSSIM" files "$c" --chain --name "$HOST" > /dev/null || fail "--chain failed"
judge "the chain verifies through the intermediate for a TLS server named $HOST" \
  "$OPENSSL" verify -x509_strict -CAfile "$c/ca.crt" -untrusted "$c/intermediate.crt" \
  -purpose sslserver -verify_hostname "$HOST" "$c/certificate.crt"
judge "fullchain.pem holds the leaf and the intermediate the path needs" \
  "$OPENSSL" verify -x509_strict -CAfile "$c/ca.crt" -untrusted "$c/fullchain.pem" \
  -purpose sslserver "$c/certificate.crt"
judge "the CRL's signature verifies with the intermediate's key" \
  "$OPENSSL" crl -in "$c/crl.pem" -CAfile "$c/intermediate.crt" -verify -noout
judge "the server's certificate is not on the CRL" \
  "$OPENSSL" verify -crl_check -CRLfile "$c/crl.pem" -CAfile "$c/ca.crt" \
  -untrusted "$c/intermediate.crt" "$c/certificate.crt"
judge "the request's signature verifies" "$OPENSSL" req -in "$c/csr.pem" -verify -noout
for k in ca.key intermediate.key private.key; do
  judge "$k loads" "$OPENSSL" pkey -in "$c/$k" -noout
done
same_public_key "$c/private.key" "$c/certificate.crt" \
  || fail "the chain's certificate.crt does not carry private.key's key"
same_public_key "$c/intermediate.key" "$c/intermediate.crt" \
  || fail "intermediate.crt does not carry intermediate.key's key"
same_public_key "$c/ca.key" "$c/ca.crt" || fail "the chain's ca.crt does not carry ca.key's key"
if "$OPENSSL" verify -CAfile "$c/ca.crt" "$c/certificate.crt" > /dev/null 2>&1; then
  fail "the leaf verifies without its intermediate: the root signed it directly"
else
  echo "ok: without the intermediate the path does not verify"
fi
itext=$("$OPENSSL" x509 -in "$c/intermediate.crt" -noout -text 2>&1)
printf '%s\n' "$itext" | grep -q "CA:TRUE, pathlen:0" \
  && echo "ok: the intermediate says CA:TRUE, pathlen:0" \
  || fail "the intermediate does not say CA:TRUE, pathlen:0"
printf '%s\n' "$itext" | grep -q "Certificate Sign, CRL Sign" \
  && echo "ok: the intermediate may sign certificates and CRLs" \
  || fail "the intermediate's keyUsage is not keyCertSign, cRLSign"
"$OPENSSL" x509 -in "$c/certificate.crt" -noout -text | grep -q "TLS Web Server Authentication" \
  && echo "ok: the server's certificate says serverAuth" \
  || fail "the server's certificate has no extendedKeyUsage serverAuth"
[ "$(grep -c 'BEGIN CERTIFICATE' "$c/fullchain.pem")" -eq 2 ] \
  || fail "fullchain.pem does not hold two certificates"
[ "$(sed -n '1,/END CERTIFICATE/p' "$c/fullchain.pem")" = "$(cat "$c/certificate.crt")" ] \
  || fail "fullchain.pem does not start with the leaf"
cz="$work/chain-seeded"
"$TLSSIM" files "$cz" --chain --seed 42 > /dev/null || fail "a seeded --chain run failed"

# The one-step pair verifies against itself.
s="$work/self"
"$TLSSIM" files "$s" --self-signed --name "$HOST" > /dev/null || fail "--self-signed failed"
judge "the self-signed certificate verifies against itself" \
  "$OPENSSL" verify -CAfile "$s/cert.pem" "$s/cert.pem"
judge "the self-signed certificate serves as a TLS server's for $HOST" \
  "$OPENSSL" verify -x509_strict -purpose sslserver -verify_hostname "$HOST" \
  -CAfile "$s/cert.pem" "$s/cert.pem"
judge "the self-signed certificate's signature checks" \
  "$OPENSSL" x509 -in "$s/cert.pem" -noout -text
judge "key.pem loads" "$OPENSSL" pkey -in "$s/key.pem" -noout
same_public_key "$s/key.pem" "$s/cert.pem" || fail "cert.pem does not carry key.pem's key"
"$OPENSSL" x509 -in "$s/cert.pem" -noout -text | grep -q "DNS:$HOST\$" \
  || fail "cert.pem's subjectAltName does not hold DNS:$HOST"

# A seeded set is made at the simulated clock (2026-01-01): check it then.
z="$work/seeded"
"$TLSSIM" files "$z" --seed 42 > /dev/null || fail "a seeded run failed"
judge "a seeded chain verifies at its own clock" \
  "$OPENSSL" verify -attime 1767225600 -CAfile "$z/ca.crt" "$z/certificate.crt"

# The commands each README.txt gives under "Check them" work as written, in
# the directory: unseeded, seeded (whose dates are fixed, so its checks name
# their moment and hold whatever today's date), and the one-step pair.
ss="$work/seeded-self"
"$TLSSIM" files "$ss" --seed 42 --self-signed > /dev/null || fail "a seeded --self-signed run failed"
for dir in "$d" "$z" "$s" "$ss" "$c" "$cz"; do
  sed -n '/^Check them$/,/^$/s/^  \(openssl [^#]*[^# ]\) *#.*$/\1/p' "$dir/README.txt" > "$work/cmds"
  [ -s "$work/cmds" ] || fail "no openssl checks in $dir/README.txt"
  while IFS= read -r cmd; do
    # shellcheck disable=SC2086
    judge "README.txt of ${dir##*/}: $cmd" sh -c "cd \"\$1\" && shift && exec \"\$@\"" sh \
      "$dir" "$OPENSSL" ${cmd#openssl }
  done < "$work/cmds"
done
grep -q "^  openssl verify -attime 1767225600 " "$z/README.txt" \
  || fail "the seeded README.txt does not give openssl its moment"
grep -q "^  tlssim walk --seed 42 --certs .$" "$z/README.txt" \
  || fail "the seeded README.txt's walk does not take its seed"
(cd "$z" && "$TLSSIM" walk --seed 42 --certs . --plain) 2>&1 | grep -q "^Handshake: completed" \
  && echo "ok: the seeded README.txt's walk completes" \
  || fail "the walk the seeded README.txt gives does not complete"

grep -q "^  tlssim walk --seed 42 --certs . --cert chain$" "$cz/README.txt" \
  || fail "the seeded chain README.txt's walk does not take its seed and the chain"
(cd "$cz" && "$TLSSIM" walk --seed 42 --certs . --cert chain --plain) 2>&1 \
  | grep -q "^Handshake: completed" \
  && echo "ok: the seeded chain README.txt's walk completes" \
  || fail "the walk the seeded chain README.txt gives does not complete"

# The openssl commands lesson 12 (which file contains what) shows run as
# written, in order, in one directory; lines ending in \ continue.
lesson="${SRCDIR:-.}/lessons/12-which-file.lesson"
if [ -r "$lesson" ]; then
  l="$work/lesson12"
  mkdir "$l"
  sed -n 's/^code //p' "$lesson" \
    | awk '/\\$/ { sub(/\\$/, ""); line = line $0; next } { print line $0; line = "" }' \
    | grep '^openssl ' > "$work/lesson-cmds"
  [ "$(wc -l < "$work/lesson-cmds")" -ge 6 ] || fail "lesson 12 shows fewer openssl commands than it should"
  while IFS= read -r cmd; do
    judge "lesson 12: $cmd" sh -c "cd \"\$1\" && eval \"\$2\"" sh "$l" \
      "\"$OPENSSL\" ${cmd#openssl }"
  done < "$work/lesson-cmds"
  [ -f "$l/certificate.crt" ] && [ -f "$l/csr.pem" ] && [ -f "$l/private.key" ] \
    || fail "lesson 12's commands did not make private.key, csr.pem and certificate.crt"
else
  fail "no $lesson"
fi

if [ "$failures" -ne 0 ]; then
  echo "openssl-judge: $failures check(s) failed" >&2
  exit 1
fi
echo "openssl-judge: openssl accepts every file"
exit 0
