#!/bin/sh
# inspect-chain.sh - `tlssim inspect` on chains and revocation lists.
#
# Golden outputs (tests/inspect-golden/*.out) for a CRL, a fullchain.pem with
# its root and CRL, and the seeds' one-step certificate (self-signed, version
# 1, no subjectAltName: the warning and the command that makes a proper one),
# each judged at a fixed moment (--attime) so that they never age.  The
# fixtures come from 'tlssim files --chain --seed 42' (and --seed 43 for a
# CRL signed by another key) and from the seeds' openssl recipe.  Then the
# chain faults: out of order (a warning, exit 0), a CRL signed by the wrong
# key and a CRL past its nextUpdate (the path check fails: exit 1).
set -u
: "${TLSSIM:?}" "${SRCDIR:?}"
G="$SRCDIR/tests/inspect-golden"
T=1768089600        # 2026-01-11: inside the seeded set's validity and its CRL's
T_SEED=1798761600   # 2027-01-01: inside the seed recipe certificate's validity
T_LATE=1772323200   # 2026-03-01: the seeded CRL's nextUpdate (2026-01-31) has passed
work=$(mktemp -d) || exit 99
trap 'rm -rf "$work"' EXIT INT TERM
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# golden NAME ATTIME FILES...: inspect FILES (in the fixture directory) at
# ATTIME exits 0 and prints exactly NAME.out.
golden() {
  name=$1 at=$2
  shift 2
  (cd "$G" && "$TLSSIM" inspect --attime "$at" "$@") > "$work/$name.out" 2> "$work/err"
  rc=$?
  [ $rc -eq 0 ] || fail "$name: exit $rc: $(head -1 "$work/err")"
  if cmp -s "$G/$name.out" "$work/$name.out"; then
    echo "ok: $name"
  else
    fail "$name: the output differs from $name.out:"
    diff -u "$G/$name.out" "$work/$name.out" | head -40 >&2
  fi
}

golden crl "$T" crl.pem intermediate.crt
golden fullchain "$T" fullchain.pem ca.crt crl.pem
golden seed-recipe "$T_SEED" seed-recipe.crt

# status WANT FILES...: inspect at T exits WANT; the output is in $work/out.
status() {
  want=$1
  shift
  (cd "$work" && "$TLSSIM" inspect --attime "$at" "$@") > "$work/out" 2> "$work/err"
  rc=$?
  [ $rc -eq "$want" ] || fail "inspect $*: exit $rc, wanted $want: $(head -1 "$work/err")"
}
cp "$G"/*.crt "$G"/*.pem "$work/"
at=$T

# Out of order: the intermediate first.  Said, but the path still holds.
sed -n '/BEGIN/,/END/{p;/END/q}' "$G/fullchain.pem" > "$work/leaf.pem"
cat "$G/intermediate.crt" "$work/leaf.pem" > "$work/reversed.pem"
status 0 reversed.pem ca.crt
grep -q "order: \[!\] out of order: the server.s own certificate is block 2" "$work/out" \
  || fail "reversed.pem: the order is not called out"
grep -q "path check: \[ok\] the path holds" "$work/out" \
  || fail "reversed.pem: the path should still hold"

# The same CRL in DER form is explained as a CRL, not taken for a certificate.
sed '/-----/d' "$G/crl.pem" | base64 -d > "$work/crl.der" || fail "cannot make crl.der"
status 0 crl.der intermediate.crt
grep -q "certificate revocation list (X.509 CRL)" "$work/out" \
  || fail "crl.der is not explained as a CRL: $(head -1 "$work/out")"

# A CRL with the intermediate's name but another key's signature.
status 1 fullchain.pem ca.crt crl-other-key.pem
grep -q "cert.revocation: \[FAILED\]" "$work/out" || fail "the foreign CRL did not fail"
grep -q "not signed by its key" "$work/out" || fail "the foreign CRL's reason is missing"
status 0 crl-other-key.pem intermediate.crt
grep -q "signature check: \[FAILED\] INVALID" "$work/out" \
  || fail "the foreign CRL's own signature check did not fail"

# A CRL whose nextUpdate has passed.
at=$T_LATE
status 1 fullchain.pem ca.crt crl.pem
grep -q "current?: \[FAILED\] no: its next update has passed" "$work/out" \
  || fail "the stale CRL is not called out of date"
grep -q "cert.revocation: \[FAILED\]" "$work/out" || fail "the stale CRL did not fail the path"
at=$T

# Without the root there is no path check, and no failure.
status 0 fullchain.pem
grep -q "path check: \[not checked\]" "$work/out" || fail "no root: the path check was made"

# The intermediate missing from the chain: the leaf alone with the root.
cat "$work/leaf.pem" "$G/ca.crt" > "$work/leaf-and-root.pem"
status 1 leaf-and-root.pem ca.crt
grep -q "cert.chain: \[FAILED\]" "$work/out" || fail "the missing intermediate did not fail"

# Chains openssl makes, broken in the ways real ones are: a pathLen 0
# intermediate that signs another CA, two CAs that sign each other (a loop),
# and ten intermediates.  Each fails its own check; none crashes.
if [ -n "${OPENSSL:-}" ] && command -v "$OPENSSL" >/dev/null 2>&1; then
  o="$work/o"
  mkdir "$o"
  # ca NAME ISSUER EXT: a key NAME.key and a certificate NAME.crt for CN=NAME,
  # self-signed when ISSUER is -, else signed by ISSUER, with extensions EXT.
  ca() {
    "$OPENSSL" genpkey -algorithm ed25519 -out "$o/$1.key" 2>/dev/null
    printf '%b' "$3" > "$o/$1.ext"
    if [ "$2" = - ]; then
      "$OPENSSL" req -x509 -new -key "$o/$1.key" -subj "/CN=$1" -days 30 \
        -addext "basicConstraints=critical,CA:TRUE" -out "$o/$1.crt" 2>/dev/null
    else
      "$OPENSSL" req -new -key "$o/$1.key" -subj "/CN=$1" -out "$o/$1.csr" 2>/dev/null
      "$OPENSSL" x509 -req -in "$o/$1.csr" -CA "$o/$2.crt" -CAkey "$o/$2.key" \
        -set_serial "$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')" -days 30 \
        -extfile "$o/$1.ext" -out "$o/$1.crt" 2>/dev/null
    fi || { fail "openssl could not make $1"; return 1; }
  }
  CA_EXT='basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n'
  LEAF_EXT='subjectAltName=DNS:leaf.example\n'
  now=$(($(date +%s) + 3600))  # an hour on: every certificate made here is valid then
  ca root - ""
  ca inter0 root 'basicConstraints=critical,CA:TRUE,pathlen:0\n'
  ca sub inter0 "$CA_EXT"
  ca leaf sub "$LEAF_EXT"
  cat "$o/leaf.crt" "$o/sub.crt" "$o/inter0.crt" > "$o/pathlen.pem"
  (cd "$o" && "$TLSSIM" inspect --attime "$now" pathlen.pem root.crt) > "$work/out" 2>&1
  [ $? -eq 1 ] || fail "pathlen.pem: a pathLen 0 CA signing a CA did not exit 1"
  grep -q "cert.basic_constraints: \[FAILED\]" "$work/out" \
    || fail "pathlen.pem: cert.basic_constraints did not fail"
  grep -q "has pathLen 0" "$work/out" || fail "pathlen.pem: the reason does not name pathLen 0"
  # A loop: loopa is signed by loopb's key, loopb by loopa's, the leaf by loopa.
  ca loopa - ""
  ca loopb loopa "$CA_EXT"
  ca loopa loopb "$CA_EXT"
  ca leaf loopa "$LEAF_EXT"
  cat "$o/leaf.crt" "$o/loopa.crt" "$o/loopb.crt" > "$o/loop.pem"
  (cd "$o" && "$TLSSIM" inspect --attime "$now" loop.pem root.crt) > "$work/out" 2>&1
  [ $? -eq 1 ] || fail "loop.pem: a loop did not exit 1"
  grep -q "cert.chain: \[FAILED\]" "$work/out" || fail "loop.pem: cert.chain did not fail"
  grep -q "loop" "$work/out" || fail "loop.pem: the loop is not named"
  # Ten intermediates under the root.
  prev=root
  : > "$o/long.pem"
  for i in 1 2 3 4 5 6 7 8 9 10; do
    ca "level$i" "$prev" "$CA_EXT"
    cat "$o/level$i.crt" "$o/long.pem" > "$o/long.tmp" && mv "$o/long.tmp" "$o/long.pem"
    prev="level$i"
  done
  ca leaf "$prev" "$LEAF_EXT"
  cat "$o/leaf.crt" "$o/long.pem" > "$o/long-chain.pem"
  (cd "$o" && "$TLSSIM" inspect --attime "$now" long-chain.pem root.crt) > "$work/out" 2>&1
  [ $? -eq 1 ] || fail "long-chain.pem: ten intermediates did not exit 1"
  grep -q "cert.chain: \[FAILED\]" "$work/out" || fail "long-chain.pem: cert.chain did not fail"
  grep -q "longer than 8 certificates" "$work/out" \
    || fail "long-chain.pem: the length is not named"
else
  echo "inspect-chain: no openssl; the chains openssl makes are not tried"
fi

if [ $failures -ne 0 ]; then
  echo "inspect-chain: $failures check(s) failed" >&2
  exit 1
fi
echo "inspect-chain: ok"
