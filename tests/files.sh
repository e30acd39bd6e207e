#!/bin/sh
# files.sh - `tlssim files`: what it writes, with which modes, what it
# refuses to do, and that a seed gives the same bytes every time.
set -u
: "${TLSSIM:?}"
work=$(mktemp -d) || exit 99
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT INT TERM
umask 022

fail() { echo "files: $*" >&2; exit 1; }

d="$work/set"
"$TLSSIM" files "$d" > "$work/out" || fail "tlssim files exited $?"
for f in ca.key ca.crt private.key csr.pem certificate.crt README.txt; do
  [ -f "$d/$f" ] || fail "$f was not written"
done
for f in ca.key private.key; do
  mode=$(stat -c %a "$d/$f")
  [ "$mode" = 600 ] || fail "$f has mode $mode, not 600"
  grep -q "^  $f *SECRET" "$work/out" || fail "the summary does not call $f SECRET"
done
for f in ca.crt csr.pem certificate.crt README.txt; do
  mode=$(stat -c %a "$d/$f")
  [ "$mode" = 644 ] || fail "$f has mode $mode, not 644"
  grep -q "^  $f *public" "$work/out" || fail "the summary does not call $f public"
done
ls -a "$d" | grep -q tmp && fail "a temporary file was left behind"
head -1 "$d/private.key" | grep -q "^-----BEGIN PRIVATE KEY-----$" || fail "private.key is not PKCS#8 PEM"
head -1 "$d/csr.pem" | grep -q "^-----BEGIN CERTIFICATE REQUEST-----$" || fail "csr.pem is not PEM"
for phrase in "openssl genpkey -algorithm ed25519" "openssl req -new" "openssl x509 -req" \
    "openssl verify -CAfile ca.crt certificate.crt" "SECRET" "private.key --"; do
  grep -qF -- "$phrase" "$d/README.txt" || fail "README.txt does not mention '$phrase'"
done
grep -q "NOT SECURE" "$d/README.txt" && fail "an unseeded README claims to be seeded"

# Never overwrite without --force: exit 2, name the file, change nothing.
cp -p "$d/certificate.crt" "$work/before"
"$TLSSIM" files "$d" > /dev/null 2> "$work/err"
[ $? -eq 2 ] || fail "writing over existing files did not exit 2"
grep -q "ca.key' already exists" "$work/err" || fail "the refusal does not name ca.key: $(cat "$work/err")"
cmp -s "$d/certificate.crt" "$work/before" || fail "a refused run changed certificate.crt"
rm "$d/ca.key"
"$TLSSIM" files "$d" > /dev/null 2> "$work/err"
[ $? -eq 2 ] || fail "writing over some existing files did not exit 2"
[ -e "$d/ca.key" ] && fail "a refused run wrote ca.key"
"$TLSSIM" files "$d" --force > /dev/null || fail "--force did not replace the files"
cmp -s "$d/certificate.crt" "$work/before" && fail "--force left certificate.crt as it was"
[ "$(stat -c %a "$d/private.key")" = 600 ] || fail "--force changed private.key's mode"

# --force over a directory where a file should be: refused before anything
# is replaced, so the set is never half old and half new.
rm "$d/private.key" && mkdir "$d/private.key"
cp -p "$d/ca.crt" "$work/ca-before"
"$TLSSIM" files "$d" --force > /dev/null 2> "$work/err"
[ $? -eq 2 ] || fail "--force over a directory did not exit 2"
grep -q "private.key' is a directory" "$work/err" || fail "the directory is not named: $(cat "$work/err")"
cmp -s "$d/ca.crt" "$work/ca-before" || fail "--force replaced ca.crt before it failed"
rmdir "$d/private.key"
"$TLSSIM" files "$d" --force > /dev/null || fail "--force did not write the set again"

# A directory that cannot be made or written: a clear error, exit 2.
: > "$work/plain-file"
"$TLSSIM" files "$work/plain-file/sub" > /dev/null 2> "$work/err"
[ $? -eq 2 ] || fail "a directory under a regular file did not exit 2"
grep -q "plain-file/sub" "$work/err" || fail "the error does not name the directory"
"$TLSSIM" files "$work/no/such/parent" > /dev/null 2> "$work/err"
[ $? -eq 2 ] || fail "a missing parent directory did not exit 2"
grep -q "parent directory does not exist" "$work/err" || fail "no hint about the parent"
# Root writes anywhere: the cases about permissions run as nobody then.
as_user=""
if [ "$(id -u)" -eq 0 ]; then
  command -v setpriv > /dev/null 2>&1 || fail "running as root without setpriv to drop to nobody"
  as_user="setpriv --reuid=$(id -u nobody) --regid=$(id -g nobody) --clear-groups"
  chmod 711 "$work"
fi
mkdir "$work/locked" && chmod 555 "$work/locked"
$as_user "$TLSSIM" files "$work/locked" > /dev/null 2> "$work/err"
[ $? -eq 2 ] || fail "a read-only directory did not exit 2"
grep -q "cannot write into the directory '$work/locked'" "$work/err" \
  || fail "the read-only directory is not named: $(cat "$work/err")"

# Under umask 777 the folder and files are still the owner's to use.
mkdir "$work/um" && chmod 777 "$work/um"
$as_user sh -c 'umask 777; exec "$1" files "$2/set" > /dev/null' sh "$TLSSIM" "$work/um" \
  || fail "files under umask 777 exited $?"
[ "$(stat -c %a "$work/um/set")" = 700 ] || fail "under umask 777 the folder has mode $(stat -c %a "$work/um/set")"
[ "$(stat -c %a "$work/um/set/ca.crt")" = 600 ] || fail "under umask 777 ca.crt has mode $(stat -c %a "$work/um/set/ca.crt")"
[ "$(stat -c %a "$work/um/set/ca.key")" = 600 ] || fail "under umask 777 ca.key is not 600"

# --force over a set with one file that cannot be replaced (another user's,
# in a sticky folder): all or nothing, so every old file stays.
if [ -n "$as_user" ]; then
  sd="$work/sticky"
  mkdir "$sd" && chmod 1777 "$sd"
  "$TLSSIM" files "$sd" --seed 5 > /dev/null || fail "files in the sticky folder"
  for f in ca.key ca.crt private.key csr.pem README.txt; do chown nobody "$sd/$f"; done
  mkdir "$work/sticky-before" && cp -p "$sd"/* "$work/sticky-before/"
  $as_user "$TLSSIM" files "$sd" --force > /dev/null 2> "$work/err"
  [ $? -eq 2 ] || fail "--force over a file it cannot replace did not exit 2"
  grep -q "certificate.crt" "$work/err" || fail "the file it cannot replace is not named: $(cat "$work/err")"
  for f in ca.key ca.crt private.key csr.pem certificate.crt README.txt; do
    cmp -s "$sd/$f" "$work/sticky-before/$f" || fail "a failed --force replaced $f (a mixed set)"
  done
  [ "$(ls -A "$sd" | wc -l)" -eq 6 ] || fail "a failed --force left files behind: $(ls -A "$sd")"
fi

# Seeded runs: byte-identical files, and the warning everywhere.
"$TLSSIM" files "$work/s1" --seed 7 > "$work/sum1" || fail "--seed 7 failed"
"$TLSSIM" files "$work/s2" --seed 7 > /dev/null || fail "second --seed 7 failed"
"$TLSSIM" files "$work/s3" --seed 8 > /dev/null || fail "--seed 8 failed"
for f in ca.key ca.crt private.key csr.pem certificate.crt README.txt; do
  cmp -s "$work/s1/$f" "$work/s2/$f" || fail "two runs with --seed 7 wrote different $f"
done
cmp -s "$work/s1/private.key" "$work/s3/private.key" && fail "--seed 8 gave --seed 7's key"
cmp -s "$d/private.key" "$work/s1/private.key" && fail "an unseeded key equals a seeded one"
grep -q "NOT SECURE" "$work/sum1" || fail "the seeded summary does not say NOT SECURE"
grep -q "NOT SECURE" "$work/s1/README.txt" || fail "the seeded README does not say NOT SECURE"

# The self-signed pair.
"$TLSSIM" files "$work/self" --self-signed --name test.example > "$work/out" \
  || fail "--self-signed failed"
[ "$(stat -c %a "$work/self/key.pem")" = 600 ] || fail "key.pem is not mode 600"
[ -f "$work/self/cert.pem" ] || fail "cert.pem was not written"
[ -e "$work/self/ca.key" ] && fail "--self-signed wrote a CA"
grep -q "openssl req -x509 -newkey" "$work/self/README.txt" || fail "no one-step recipe"
grep -q "test.example" "$work/self/README.txt" || fail "the README does not name the host"

# The chain set: ten files, the three keys secret, fullchain.pem leaf first.
"$TLSSIM" files "$work/chain" --chain --name test.example > "$work/out" || fail "--chain failed"
for f in ca.key ca.crt intermediate.key intermediate.crt private.key csr.pem \
    certificate.crt fullchain.pem crl.pem README.txt; do
  [ -f "$work/chain/$f" ] || fail "--chain did not write $f"
done
for f in ca.key intermediate.key private.key; do
  [ "$(stat -c %a "$work/chain/$f")" = 600 ] || fail "--chain: $f is not mode 600"
  grep -q "^  $f *SECRET" "$work/out" || fail "the summary does not call $f SECRET"
done
[ "$(grep -c "BEGIN CERTIFICATE" "$work/chain/fullchain.pem")" = 2 ] \
  || fail "fullchain.pem does not hold two certificates"
cat "$work/chain/certificate.crt" "$work/chain/intermediate.crt" \
  | cmp -s - "$work/chain/fullchain.pem" || fail "fullchain.pem is not leaf then intermediate"
grep -q "BEGIN X509 CRL" "$work/chain/crl.pem" || fail "crl.pem holds no CRL"
grep -q "KEPT OFFLINE" "$work/chain/README.txt" || fail "the README does not keep the root offline"
grep -q "chain.pem" "$work/chain/README.txt" || fail "the README does not map Let's Encrypt's names"
grep -q "copy_extensions copy" "$work/chain/README.txt" \
  || fail "the README does not warn about -copy_extensions copy"
"$TLSSIM" files "$work/both" --chain --self-signed > /dev/null 2> "$work/err"
[ $? -eq 2 ] || fail "--chain with --self-signed did not exit 2"

# Usage errors: one line, exit 2.
for args in "" "--name" "$work/x --name not_a_host!" "$work/x --seed banana" \
    "$work/x --frobnicate" "$work/a $work/b"; do
  # shellcheck disable=SC2086
  "$TLSSIM" files $args > /dev/null 2> "$work/err"
  [ $? -eq 2 ] || fail "'files $args' did not exit 2"
  grep -q "^Try 'tlssim files --help'" "$work/err" || fail "'files $args' gives no hint"
done
"$TLSSIM" files --help | grep -q -- "--self-signed" || fail "--help does not list --self-signed"
"$TLSSIM" files --help | grep -q -- "--chain" || fail "--help does not list --chain"
# The walkthrough uses the files: the CA and the server load them.
"$TLSSIM" files "$work/walk" --seed 3 --name shop.example > /dev/null || fail "files for walk"
"$TLSSIM" walk --plain --seed 3 --certs "$work/walk" > "$work/walk.txt" \
  || fail "walk --certs exited $?"
grep -q "loads its keypair from ca.key" "$work/walk.txt" || fail "the CA did not load ca.key"
grep -q "from private.key" "$work/walk.txt" || fail "the server did not load private.key"
grep -q "^Handshake: completed" "$work/walk.txt" || fail "walk --certs did not complete"
grep -q "shop.example" "$work/walk.txt" || fail "walk --certs did not use the certificate's name"
# --host with --certs is the name the client asks for, checked against the
# certificate as a browser checks it.
"$TLSSIM" walk --plain --seed 3 --certs "$work/walk" --host other.example > "$work/walk.txt"
[ $? -eq 1 ] || fail "walk --certs --host with another name should exit 1"
grep -q "^\[client\] check host name matches: FAIL" "$work/walk.txt" \
  || fail "walk --certs --host other.example did not check the name against the certificate"
grep -q "^Handshake: aborted at stage 3 by the client (cert.name): .*ERR_CERT_COMMON_NAME_INVALID" "$work/walk.txt" \
  || fail "a certificate for another name did not stop the handshake"
"$TLSSIM" walk --plain --seed 3 --certs "$work/walk" --host shop.example > "$work/walk.txt" \
  || fail "walk --certs --host with the certificate's own name exited $?"
grep -q "^Handshake: completed" "$work/walk.txt" || fail "the certificate's own name did not pass"
# A self-signed set (key.pem, cert.pem) is used too: the client trusts no CA
# that signed it, as with the self-signed what-if.
"$TLSSIM" files "$work/self-walk" --seed 3 --self-signed --name shop.example > /dev/null \
  || fail "files --self-signed for walk"
"$TLSSIM" walk --plain --seed 3 --certs "$work/self-walk" > "$work/walk.txt" 2> "$work/err"
[ $? -eq 1 ] || fail "walk --certs on a self-signed set should stop at the check, exit 1: $(cat "$work/err")"
grep -q "from key.pem" "$work/walk.txt" || fail "the server did not load key.pem"
grep -q "^\[client\] check issuer trusted: FAIL" "$work/walk.txt" \
  || fail "the client trusted a self-signed certificate"
grep -q "^Handshake: aborted at stage 3" "$work/walk.txt" \
  || fail "a self-signed set did not stop the handshake at the certificate check"
"$TLSSIM" walk --plain --certs "$work/set" > "$work/walk.txt" 2> "$work/err" \
  || fail "walk --certs on an unseeded set exited $?"
rm "$work/walk/certificate.crt"
"$TLSSIM" walk --plain --certs "$work/walk" > /dev/null 2> "$work/err"
[ $? -eq 2 ] || fail "walk --certs with a missing certificate did not exit 2"
grep -q "certificate.crt" "$work/err" || fail "the missing certificate.crt is not named"

# A set made by openssl's RSA recipe: refused with what to do instead.
if command -v openssl > /dev/null 2>&1; then
  mkdir "$work/rsa"
  openssl genpkey -algorithm rsa -pkeyopt rsa_keygen_bits:1024 -out "$work/rsa/ca.key" \
    2> /dev/null || fail "openssl cannot make an RSA key"
  "$TLSSIM" walk --plain --certs "$work/rsa" > /dev/null 2> "$work/err"
  [ $? -eq 2 ] || fail "walk --certs with an RSA key did not exit 2"
  grep -q "ca.key: not an Ed25519 private key" "$work/err" || fail "the RSA key is not named: $(cat "$work/err")"
  grep -q "tlssim files" "$work/err" || fail "no way out for an RSA set: $(cat "$work/err")"
fi
echo "files: ok"
exit 0
