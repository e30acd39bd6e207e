#!/bin/sh
# The derivations, checked from outside: the traffic keys, the Finished MAC
# and the crypto_kx secret recomputed from JSON transcripts with Python's
# hashlib and python3-cryptography, and the recorded records decrypted with
# the keys so recomputed (tests/derive_keys.py says exactly what is checked).
# A changed byte in a record must make the outside decryption fail.
set -u
: "${TLSSIM:?}" "${SRCDIR:?}"
python3 -c 'import cryptography' 2> /dev/null || { echo "derive: python3-cryptography not found; skipped"; exit 77; }
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
failed=0
fail() { echo "derive: $*" >&2; failed=1; }

run() {
    # shellcheck disable=SC2068
    "$TLSSIM" walk --json --seed 11 $@ > "$tmp/t.jsonl" || { fail "walk $* exited $?"; return; }
    python3 "$SRCDIR/tests/derive_keys.py" "$tmp/t.jsonl" || fail "walk $*: a derivation differs"
}

run
run --finished
run --mode ephemeral --finished
if "$TLSSIM" walk --plain --seed 1 --cipher aes256gcm > /dev/null 2>&1; then
    run --cipher aes256gcm
fi

# The outside check can fail: flip a byte of the recorded request.
"$TLSSIM" walk --json --seed 11 > "$tmp/t.jsonl" || fail "walk exited $?"
python3 - "$tmp/t.jsonl" <<'PY' > "$tmp/bad.jsonl"
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    e = json.loads(line)
    if e.get("kind") == "wire" and e.get("title") == "ApplicationData" and e["actor"] == "client":
        b = bytearray.fromhex(e["bytes"]); b[-1] ^= 1; e["bytes"] = b.hex()
    print(json.dumps(e))
PY
python3 "$SRCDIR/tests/derive_keys.py" "$tmp/bad.jsonl" > /dev/null 2>&1 &&
    fail "a changed record still decrypted outside libsodium"
[ $failed -eq 0 ] && echo "derive: ok"
exit $failed
