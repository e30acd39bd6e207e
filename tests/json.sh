#!/bin/sh
# JSON Lines: walk --json and play --json write one valid JSON object a line,
# read back by a real JSON parser; every engine event carries its stage,
# actor and kind; byte values are hex; the last line is the outcome; any
# text (quotes, backslashes, tabs, UTF-8 and bytes that are not UTF-8)
# comes out as correct JSON.
set -u
: "${TLSSIM:?}" "${SRCDIR:?}"
command -v python3 > /dev/null 2>&1 || { echo "json: python3 not found; skipped"; exit 77; }
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
failed=0

fail() { echo "json: $*" >&2; failed=1; }

# Validate a transcript with python's json module: validate FILE HANDSHAKE [EXTRA]
validate() {
    python3 - "$@" <<'PY'
import json, re, sys

path, handshake = sys.argv[1], sys.argv[2]
extra = sys.argv[3] if len(sys.argv) > 3 else ""
kinds = {"narration", "action", "wire", "knows", "check", "real_tls"}
actors = {"client", "server", "CA", "Eve"}
hexre = re.compile(r"^([0-9a-f]{2})*$")
problems = []
with open(path, encoding="utf-8") as f:
    lines = [json.loads(line) for line in f]

def hexok(value, length):
    return value is None or (isinstance(value, str) and hexre.match(value)
                             and len(value) == 2 * length)

for n, ev in enumerate(lines, 1):
    if not isinstance(ev.get("event"), str) or not isinstance(ev.get("stage"), int):
        problems.append("line %d has no event or stage" % n)
        continue
    if ev["event"] != "engine":
        continue
    if ev.get("kind") not in kinds or ev.get("actor") not in actors:
        problems.append("line %d: bad kind or actor" % n)
    if not 1 <= ev["stage"] <= 8:
        problems.append("line %d: stage %r" % (n, ev["stage"]))
    if ev["kind"] in ("wire", "knows") and not hexok(ev.get("bytes"), ev.get("length", -1)):
        problems.append("line %d: bytes are not %d bytes of hex" % (n, ev.get("length", -1)))
    # a message on the wire always has its bytes; a value known has bytes or text
    if ev["kind"] == "wire" and not (isinstance(ev.get("bytes"), str) and ev["bytes"]):
        problems.append("line %d: a wire message without its bytes" % n)
    if ev["kind"] == "knows" and ev.get("bytes") is None and not ev.get("text"):
        problems.append("line %d: a known value with neither bytes nor text" % n)
    for field in ev.get("fields", []):
        if not hexok(field["hex"], field["length"]):
            problems.append("line %d: field %r is not hex" % (n, field["label"]))
    if ev["kind"] == "check" and not isinstance(ev.get("ok"), bool):
        problems.append("line %d: a check without ok" % n)

if not lines or lines[0].get("event") != "start":
    problems.append("the first line is not the start")
last = lines[-1] if lines else {}
if last.get("event") != "result":
    problems.append("the last line is not the result")
elif last.get("handshake") != handshake:
    problems.append("handshake %r, not %r" % (last.get("handshake"), handshake))
for key in ("tamper_detected", "eve_read_plaintext"):
    if not isinstance(last.get(key), bool):
        problems.append("the result has no boolean %s" % key)
if "reason" not in last or "aborted_at" not in last:
    problems.append("the result has no reason or aborted_at")
elif last.get("handshake") in ("aborted", "closed_by_alert"):
    if not isinstance(last["aborted_at"], int) or not 1 <= last["aborted_at"] <= 8:
        problems.append("an aborted result with aborted_at %r" % last["aborted_at"])
    if not isinstance(last["reason"], str) or not last["reason"]:
        problems.append("an aborted result with reason %r" % last["reason"])
elif last.get("aborted_at") is not None or last.get("reason") is not None:
    problems.append("a %s result with aborted_at %r, reason %r"
                    % (last.get("handshake"), last["aborted_at"], last["reason"]))
# Eve's checks fail when the handshake is sound; everyone else's pass
checks = [(ev.get("actor"), ev.get("ok")) for ev in lines
          if ev.get("event") == "engine" and ev.get("kind") == "check"]
if handshake in ("aborted", "closed_by_alert") and ("client", False) not in checks and ("server", False) not in checks:
    problems.append("an aborted handshake whose client and server checks all passed")
if extra == "walk" and (not checks or any(ok != (actor != "Eve") for actor, ok in checks)):
    problems.append("a clean walk whose checks are %r" % checks)
stages = [ev["stage"] for ev in lines if ev["event"] == "stage"]
if extra == "walk" and stages != list(range(1, 9)):
    problems.append("walk shows stages %r" % stages)
if extra.startswith("message="):
    want = extra[len("message="):]
    if lines[0].get("message") != want:
        problems.append("message %r, not %r" % (lines[0].get("message"), want))
if extra.startswith("flag=") and last.get(extra[len("flag="):]) is not True:
    problems.append("the result does not say %s" % extra[len("flag="):])
if extra.startswith("caption="):
    caps = [ev["text"] for ev in lines if ev["event"] == "caption"]
    if extra[len("caption="):] not in caps:
        problems.append("captions %r" % caps)
for p in problems:
    print("json: %s: %s" % (path, p), file=sys.stderr)
sys.exit(1 if problems else 0)
PY
}

"$TLSSIM" walk --json --seed 42 > "$tmp/walk" || fail "walk --json exited $?"
validate "$tmp/walk" completed walk || fail "walk --json --seed 42 is not a valid transcript"
"$TLSSIM" walk --json --seed 42 > "$tmp/walk2"
cmp -s "$tmp/walk" "$tmp/walk2" || fail "two seeded walk --json runs differ"

# Text that JSON must escape, and bytes that are not UTF-8 (U+FFFD each).
msg=$(printf 'say "hi" \\ caf\303\251 \360\237\224\222 bad:\377\376 end')
want=$(printf 'say "hi" \\ caf\303\251 \360\237\224\222 bad:\357\277\275\357\277\275 end')
"$TLSSIM" walk --json --seed 1 --message "$msg" > "$tmp/odd" || fail "walk --json --message exited $?"
validate "$tmp/odd" completed "message=$want" || fail "an odd message is not escaped correctly"

# play --json: the same engine events as walk --json for the same options,
# plus the script's captions and markers.
"$TLSSIM" play --json "$SRCDIR/demos/handshake.demo" > "$tmp/play" || fail "play --json exited $?"
validate "$tmp/play" completed || fail "play --json handshake.demo is not a valid transcript"
python3 - "$tmp/play" > "$tmp/options" <<'PY' || fail "no start line in play --json"
import json, sys
start = json.loads(open(sys.argv[1], encoding="utf-8").readline())
print(start["seed"])
print(start["message"])
PY
seed=$(sed -n 1p "$tmp/options")
message=$(sed -n 2p "$tmp/options")
"$TLSSIM" walk --json --seed "$seed" --message "$message" > "$tmp/walk3"
grep '"event":"engine"' "$tmp/walk3" > "$tmp/walk-events"
grep '"event":"engine"' "$tmp/play" > "$tmp/play-events"
cmp -s "$tmp/walk-events" "$tmp/play-events" || fail "play --json and walk --json events differ"
grep -q '"event":"mark"' "$tmp/play" || fail "play --json shows no markers"

# The what-ifs: the outcome line says what happened.
"$TLSSIM" play --json "$SRCDIR/demos/tamper.demo" > "$tmp/tamper" || fail "play --json tamper.demo exited $?"
validate "$tmp/tamper" closed_by_alert flag=tamper_detected || fail "tamper.demo: wrong outcome line"
"$TLSSIM" walk --json --seed 42 --mode ephemeral --cert self-signed > "$tmp/self"
[ $? -eq 1 ] || fail "walk --json with a refused self-signed certificate should exit 1"
validate "$tmp/self" aborted || fail "a refused self-signed certificate: wrong outcome line"
"$TLSSIM" walk --json --seed 42 --protocol tls13 > "$tmp/tls13"
validate "$tmp/tls13" completed walk || fail "walk --protocol tls13 --json is not a valid transcript"
"$TLSSIM" walk --json --seed 42 --protocol tls13 --tamper 7 > "$tmp/tls13t"
validate "$tmp/tls13t" closed_by_alert flag=tamper_detected ||
    fail "walk --protocol tls13 --tamper 7: wrong outcome line"
"$TLSSIM" play --json "$SRCDIR/demos/mitm.demo" > "$tmp/mitm" || fail "play --json mitm.demo exited $?"
validate "$tmp/mitm" completed flag=eve_read_plaintext || fail "mitm.demo: wrong outcome line"
[ "$(grep -c '"event":"result"' "$tmp/mitm")" -eq 2 ] || fail "mitm.demo: not one result per run"

# A caption with a tab in it becomes \u0009; a failed expect still ends in the result.
printf 'set seed 9\ncaption "a\ttab \\"q\\" \\\\"\nstep\nexpect stage 5\n' > "$tmp/tab.demo"
"$TLSSIM" play --json "$tmp/tab.demo" > "$tmp/tab" 2> "$tmp/err"
[ $? -eq 1 ] || fail "a failed expect under --json did not exit 1"
grep -q 'tab.demo:4: expect failed' "$tmp/err" || fail "the failed expect is not reported"
grep -q '\\u0009' "$tmp/tab" || fail "a tab is not written as \\u0009"
validate "$tmp/tab" incomplete "caption=$(printf 'a\ttab "q" \\')" ||
    fail "play --json after a failed expect is not a valid transcript"

[ $failed -eq 0 ] && echo "json: ok"
exit $failed
