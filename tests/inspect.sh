#!/bin/sh
# inspect.sh - `tlssim inspect` on files openssl makes with its own recipes
# (RSA, EC, Ed25519, encrypted keys, certificates, requests, DER, chains,
# public keys) and on the files `tlssim files` writes: each is read (exit 0)
# and explained with the words a student needs.  Skips (77) without openssl.
set -u
: "${TLSSIM:?}"
if [ -z "${OPENSSL:-}" ] || ! command -v "$OPENSSL" >/dev/null 2>&1; then
  echo "inspect: no openssl found, skipping"
  exit 77
fi
work=$(mktemp -d) || exit 99
trap 'rm -rf "$work"' EXIT INT TERM
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# Make a file with openssl, quietly; stop the test if openssl cannot.
make() {
  if ! out=$("$@" 2>&1); then
    echo "inspect: openssl could not run: $*" >&2
    printf '%s\n' "$out" >&2
    exit 99
  fi
}

# Inspect the files, expect exit 0, and expect every phrase in the output.
expect() {
  files=$1
  shift
  # shellcheck disable=SC2086
  (cd "$work" && "$TLSSIM" inspect $files) > "$work/out" 2> "$work/err"
  rc=$?
  [ "$rc" -eq 0 ] || { fail "inspect $files: exit $rc: $(head -1 "$work/err")"; return; }
  for phrase in "$@"; do
    grep -qF -- "$phrase" "$work/out" || fail "inspect $files: no '$phrase' in the output"
  done
  echo "ok: inspect $files"
}

cd "$work" || exit 99
O=$OPENSSL
make "$O" genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa.key
make "$O" rsa -in rsa.key -traditional -out rsa-trad.key
make "$O" ecparam -genkey -name prime256v1 -out ec.key
make "$O" ecparam -genkey -name secp384r1 -noout -out ec384.key
make "$O" genpkey -algorithm ed25519 -out ed.key
make "$O" pkcs8 -topk8 -v2 aes-256-cbc -passout pass:x -in rsa.key -out enc.key
make "$O" rsa -in rsa.key -traditional -aes256 -passout pass:x -out legacy-rsa.key
make "$O" ec -in ec384.key -des3 -passout pass:x -out legacy-ec.key
make "$O" req -x509 -newkey rsa:2048 -nodes -keyout self.key -subj /CN=test -days 30 -out self.crt
make "$O" req -new -key rsa.key -subj /CN=test.example -out req.csr
make "$O" req -new -key ed.key -subj /CN=ed.example -out ed.csr
make "$O" x509 -in self.crt -outform DER -out self.der
make "$O" req -in req.csr -outform DER -out req.der
make "$O" pkey -in rsa.key -outform DER -out rsa.der
make "$O" pkey -in rsa.key -pubout -out rsa.pub
make "$O" rsa -in rsa.key -RSAPublicKey_out -out rsa-pkcs1.pub
make "$O" pkey -in ec.key -pubout -out ec.pub
make "$O" req -x509 -new -key ed.key -subj /CN=ed-ca -days 30 -out ed-ca.crt
make "$O" req -new -key ec.key -subj /CN=leaf.example -out leaf.csr
make "$O" x509 -req -in leaf.csr -CA ed-ca.crt -CAkey ed.key -CAcreateserial -days 30 -out leaf.crt
cat leaf.crt ed-ca.crt > chain.pem

expect rsa.key "PKCS#8" "RSA" "2048" "SECRET" "prime p" "private exponent d"
expect rsa-trad.key "RSA private key (PKCS#1" "2048" "SECRET" "modulus n" "coefficient qInv"
expect ec.key "EC parameters" "P-256" "SEC1" "SECRET"
expect ec384.key "P-384" "384 bits" "SECRET"
expect ed.key "Ed25519" "SECRET" "public key (computed)"
expect enc.key "ENCRYPTED" "AES-256-CBC" "PBKDF2" "not decrypted"
expect legacy-rsa.key "ENCRYPTED RSA private key" "legacy PEM encryption" "Proc-Type: 4,ENCRYPTED" \
  "cipher: AES-256-CBC" "MD5, one round" "not decrypted" "SECRET"
expect legacy-ec.key "ENCRYPTED EC private key" "DES-EDE3-CBC" "[!]" "not decrypted"
expect self.crt "X.509" "RSA" "2048" "self-signed" "not checked" "sha256WithRSAEncryption" \
  "valid now?: [ok]"
expect req.csr "signing request" "proof of possession" "not checked" "CN=test.example"
expect ed.csr "proof of possession" "signature check: [ok]"
expect self.der "DER" "X.509" "RSA 2048 bits"
expect req.der "DER" "signing request"
expect rsa.der "DER" "SECRET"
expect rsa.pub "public key" "RSA 2048 bits"
expect rsa-pkcs1.pub "RSA public key (PKCS#1)" "public exponent e: 65537"
expect ec.pub "elliptic curve" "P-256"
expect chain.pem "block 1 of 2" "block 2 of 2" "signature check: [ok] valid, signed by the key of CN=ed-ca" \
  "P-256"
expect "leaf.crt ed-ca.crt" "signature check: [ok] valid, signed by the key of CN=ed-ca"
expect leaf.crt "not checked: the issuer's certificate was not given"
expect "--bytes self.crt" "@ offset 4, header 4" "@ offset 8, header 2, length 3: a0 03 02 01 02"

# A certificate whose signature was damaged is caught.
sed '1d;$d' leaf.crt | base64 -d > leaf.der
size=$(wc -c < leaf.der)
last=$(tail -c 1 leaf.der | od -An -tu1 | tr -d ' ')
flipped=$(printf '%03o' $((last ^ 1)))
{ head -c $((size - 1)) leaf.der; printf "\\$flipped"; } > bad-sig.der
expect "bad-sig.der ed-ca.crt" "signature check: [FAILED] INVALID"

# tlssim's own files: every file of both layouts is explained.
"$TLSSIM" files ours > /dev/null || fail "tlssim files failed"
expect "ours/certificate.crt ours/ca.crt" "signature check: [ok] valid" "DNS: www.example.com" \
  "basicConstraints: CA: no [critical]" "Critical:"
expect "ours/ca.key ours/private.key" "SECRET" "Ed25519"
expect ours/csr.pem "proof of possession" "signature check: [ok]" "extensionRequest"
"$TLSSIM" files self --self-signed > /dev/null || fail "tlssim files --self-signed failed"
expect self/cert.pem "self-signed" "signature check: [ok] valid, signed by the key of the certificate itself"

"$TLSSIM" inspect --help | grep -q -- "--bytes" || fail "--help does not list --bytes"
if [ "$failures" -ne 0 ]; then
  echo "inspect: $failures check(s) failed" >&2
  exit 1
fi
echo "inspect: ok"
exit 0
