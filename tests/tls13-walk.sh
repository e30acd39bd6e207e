#!/bin/sh
# walk --protocol tls13: the seeded plain transcript matches its golden file
# byte for byte; the JSON transcript's secrets are recomputed from outside
# with RFC 8446's key schedule (hmac and hashlib) from the hellos and the
# ECDHE secret it shows, and the first encrypted record opens with the key
# so made (python3-cryptography, when present); the what-ifs end as they
# should, with the exit status of the facts; options the teaching flow alone
# has are refused with exit 2.
set -u
: "${TLSSIM:?}" "${SRCDIR:?}"
expected="$SRCDIR/tests/golden/walk-tls13-seed42.out"
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
failed=0
fail() { echo "tls13-walk: $*" >&2; failed=1; }

"$TLSSIM" walk --protocol tls13 --plain --seed 42 > "$tmp/a" || fail "the seeded run exited $?"
"$TLSSIM" walk --protocol tls13 --plain --seed 42 > "$tmp/b" || fail "the second run exited $?"
cmp -s "$tmp/a" "$tmp/b" || fail "two runs with --seed 42 differ"
if ! cmp -s "$expected" "$tmp/a"; then
    diff -u "$expected" "$tmp/a" | head -40 >&2
    fail "walk --protocol tls13 --plain --seed 42 differs from $expected"
fi
"$TLSSIM" walk --protocol tls13 --plain --seed 43 > "$tmp/c" || fail "--seed 43 exited $?"
cmp -s "$tmp/a" "$tmp/c" && fail "--seed 43 gives the same transcript as --seed 42"
grep -q "^Handshake: completed" "$tmp/a" || fail "the seeded run did not complete"
grep -q "Stage 5/8: EE, Certificate, CertificateVerify" "$tmp/a" ||
    fail "the stages do not carry their TLS 1.3 names"

# A what-if and the result it must give: whatif EXIT PATTERN OPTIONS...
whatif() {
    want=$1 pattern=$2
    shift 2
    "$TLSSIM" walk --protocol tls13 --plain --seed 5 "$@" > "$tmp/w" 2> "$tmp/e"
    rc=$?
    [ "$rc" -eq "$want" ] || fail "$*: exit $rc, wanted $want ($(head -1 "$tmp/e"))"
    grep -q -- "$pattern" "$tmp/w" || fail "$*: no line matches '$pattern'"
}
whatif 1 "caught at stage 5 by tls13.record.mac" --tamper 2
whatif 1 "caught at stage 5 by tls13.record.mac" --tamper 3
whatif 1 "caught at stage 6 by tls13.record.mac" --tamper 6
whatif 1 "rejected a record at stage 8 (tls13.record.mac)" --tamper 8
whatif 1 "Certificate: rejected (tls13.cert.chain)" --mitm
whatif 1 "Certificate: rejected (tls13.cert.validity)" --cert expired
whatif 1 "Certificate: rejected (tls13.cert.name)" --cert wrong-name
whatif 1 "Certificate: rejected (tls13.cert.chain)" --cert self-signed
whatif 1 "Certificate: rejected (tls13.cert.chain)" --cert untrusted
# its issuer is a root nobody trusts: the reason does not claim an intermediate is missing
grep -q "^Handshake: aborted.*Unknown Budget Root CA.*an untrusted CA, or a missing intermediate (fullchain.pem)\.$" "$tmp/w" ||
    fail "--cert untrusted: the reason does not say the client may not trust the issuer"
grep -q "must send that intermediate" "$tmp/w" &&
    fail "--cert untrusted: the reason claims a missing intermediate"
whatif 1 "Downgrade: attempted, caught by tls13.ch.version" --downgrade
whatif 0 "Forward secrecy: held" --leak-key
whatif 0 "^Handshake: completed" --cert chain
whatif 0 "server -> client\] HelloRetryRequest" --hello-retry
whatif 0 "Forward secrecy: held" --hello-retry --leak-key

# What a run must not say: absent PATTERN OPTIONS...
absent() {
    pattern=$1
    shift
    "$TLSSIM" walk --protocol tls13 --plain --seed 5 "$@" > "$tmp/w" 2> "$tmp/e"
    grep -q -- "$pattern" "$tmp/w" && fail "$*: says '$pattern', which is false for this run"
    return 0
}
# The downgrade is a change on the way, caught by the server's version check;
# it flips no bit.
whatif 1 "Tampering detected: yes (changed at stage 2, caught at stage 2 by tls13.ch.version)" \
    --downgrade
absent "flips one bit" --downgrade
# A retried hello had no key share at first, and a retry is labelled as one.
absent "key share is already in the hello" --hello-retry
whatif 0 "HelloRetryRequest random" --hello-retry
whatif 0 "key_share naming the group it asks for" --hello-retry

# Refused: exit 2 and a sentence naming the option.
refused() {
    "$TLSSIM" walk --plain --seed 1 "$@" > /dev/null 2> "$tmp/e"
    rc=$?
    [ "$rc" -eq 2 ] || fail "$*: exit $rc, wanted 2"
    grep -q -- "$1" "$tmp/e" || fail "$*: the error does not name $1: $(cat "$tmp/e")"
}
refused --mode transport --protocol tls13
refused --cipher aes256gcm --protocol tls13
refused --payload aes --protocol tls13
refused --cert none --protocol tls13
refused --accept-bad-cert --protocol tls13
refused --tamper 6
refused --hello-retry
"$TLSSIM" walk --plain --protocol tls12 > /dev/null 2> "$tmp/e"
[ $? -eq 2 ] || fail "--protocol tls12 did not exit 2"
grep -q "teach, tls13" "$tmp/e" || fail "--protocol tls12: the error does not list the choices"

command -v python3 > /dev/null 2>&1 || { echo "tls13-walk: python3 not found; JSON part skipped"; exit $failed; }
"$TLSSIM" walk --protocol tls13 --json --seed 9 > "$tmp/t.jsonl" || fail "walk --json exited $?"
python3 - "$tmp/t.jsonl" <<'PY' || fail "the JSON transcript's secrets do not follow RFC 8446"
import hashlib, hmac, json, sys

lines = [json.loads(x) for x in open(sys.argv[1], encoding="utf-8")]
ev = [e for e in lines if e["event"] == "engine"]
problems = []

def knows(actor, title):
    got = [e["bytes"] for e in ev if e["kind"] == "knows" and e["actor"] == actor
           and e["title"] == title]
    if not got:
        problems.append("%s does not know %s" % (actor, title))
        return ""
    return got[0]

def wire(title):
    return [bytes.fromhex(e["bytes"]) for e in ev if e["kind"] == "wire" and e["title"] == title]

def expand_label(secret, label, context, length):
    info = length.to_bytes(2, "big") + bytes([6 + len(label)]) + b"tls13 " + label.encode() \
        + bytes([len(context)]) + context
    out, block, i = b"", b"", 1
    while len(out) < length:
        block = hmac.new(secret, block + info + bytes([i]), hashlib.sha256).digest()
        out += block
        i += 1
    return out[:length]

ch, sh = wire("ClientHello")[0][5:], wire("ServerHello")[0][5:]
ecdhe = bytes.fromhex(knows("client", "ECDHE shared secret"))
if knows("server", "ECDHE shared secret") != ecdhe.hex():
    problems.append("the two ends show different ECDHE secrets")
early = hmac.new(bytes(32), bytes(32), hashlib.sha256).digest()
derived = expand_label(early, "derived", hashlib.sha256(b"").digest(), 32)
hs = hmac.new(derived, ecdhe, hashlib.sha256).digest()
th = hashlib.sha256(ch + sh).digest()
want = {
    "early_secret": early,
    "handshake_secret": hs,
    "client_handshake_traffic_secret": expand_label(hs, "c hs traffic", th, 32),
    "server_handshake_traffic_secret": expand_label(hs, "s hs traffic", th, 32),
}
s_hs = want["server_handshake_traffic_secret"]
want["key of server_handshake_traffic_secret"] = expand_label(s_hs, "key", b"", 32)
want["iv of server_handshake_traffic_secret"] = expand_label(s_hs, "iv", b"", 12)
for actor in ("client", "server"):
    for title, value in want.items():
        if knows(actor, title) != value.hex():
            problems.append("%s's %s is not RFC 8446's" % (actor, title))
try:
    from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
except ImportError:
    ChaCha20Poly1305 = None
if ChaCha20Poly1305 is not None:
    rec = wire("EncryptedExtensions")[0]
    key = want["key of server_handshake_traffic_secret"]
    nonce = want["iv of server_handshake_traffic_secret"]   # sequence number 0
    plain = ChaCha20Poly1305(key).decrypt(nonce, rec[5:], rec[:5])
    if plain[0] != 8 or plain.rstrip(b"\0")[-1] != 22:
        problems.append("the first encrypted record is not EncryptedExtensions inside")
    bad = bytearray(rec)
    bad[7] ^= 1
    try:
        ChaCha20Poly1305(key).decrypt(nonce, bytes(bad[5:]), bytes(bad[:5]))
        problems.append("a changed record still opened outside")
    except Exception:
        pass
if lines[-1]["handshake"] != "completed" or lines[0].get("protocol") != "tls13":
    problems.append("the start or the result line is wrong")
for p in problems:
    print("tls13-walk: " + p, file=sys.stderr)
sys.exit(1 if problems else 0)
PY
[ $failed -eq 0 ] && echo "tls13-walk: ok"
exit $failed
