#!/bin/sh
# The projector and its followers, on loopback: 'walk --present' runs in a
# real terminal (tmux) on 127.0.0.1 with a port the system picks; students'
# 'tlssim follow' show each stage and what-if it shows, as text and on a
# screen of their own whose keys only look; bad peers (random
# bytes, a huge length prefix, a silent peer, a storm of connects, a peer
# that sends what only the presenter may) are refused one by one while the
# others keep following; q ends the session and every follower exits 0.
set -u
: "${TLSSIM:?}"
. "$SRCDIR/tests/tui-lib.sh"
tui_lib_init classroom
command -v python3 >/dev/null 2>&1 || { echo "classroom: python3 not found; skipped"; exit 77; }

walk_args="--present 0 --bind 127.0.0.1 --seed 7 --no-animation"
start pres
wait_for "presenting on port" "the presenter's header"
port=$(screen_now | sed -n 's/.*presenting on port \([0-9]*\):.*/\1/p' | head -n 1)
[ -n "$port" ] || fail "no port on the presenter's screen"

# Followers, in the background, each with its own output.
pids=""
for who in Ada Grace Alan; do
    "$TLSSIM" follow --name "$who" "127.0.0.1:$port" >"$tmpdir/$who.out" 2>"$tmpdir/$who.err" &
    pids="$pids $!"
done
wait_for "3 following" "three followers"


# Bad peers: each is closed; the three followers stay.
python3 - "$port" <<'EOF' || fail "the bad peers could not be sent"
import socket, struct, sys, time
port = int(sys.argv[1])
def peer():
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.settimeout(5)
    return s
def answer(s):
    data = b""
    try:
        while True:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
    except socket.timeout:
        pass
    return data
# random bytes: a BYE that names the fault, then the close
s = peer(); s.sendall(bytes(range(7, 200))); a = answer(s); s.close()
assert a[:2] == b"\x01\x04" and b"version" in a, a
# a huge length prefix on a HELLO
s = peer(); s.sendall(b"\x01\x01\xff\xff\xff\xff"); a = answer(s); s.close()
assert b"the most is" in a, a
# a follower that sends a STATE, which only the presenter may
hello = b"tlssim\x01Eve"
s = peer(); s.sendall(b"\x01\x01" + struct.pack(">I", len(hello)) + hello)
s.sendall(b"\x01\x03" + struct.pack(">I", 8) + b"stage 1\n"); a = answer(s); s.close()
assert b"only the presenter sends" in a, a
# a storm of connects and disconnects
for _ in range(1000):
    socket.create_connection(("127.0.0.1", port), timeout=5).close()
# one byte a second for three seconds: still no HELLO, still served
s = peer()
for b in b"\x01\x01\x00":
    s.send(bytes([b])); time.sleep(1)
s.close()
EOF
wait_for "3 following" "the three followers after the bad peers"

# A follower on a terminal of its own size: the walkthrough, following.
tm new-session -d -s fol -x 100 -y 30 \
    "\"$TLSSIM\" follow --name Tui 127.0.0.1:$port; echo EXIT=\$?; exec sleep 600" ||
    fail "tmux cannot start the follower's session"
target=fol
wait_for "following 127.0.0.1:$port as Tui" "the follower's header"
wait_for "Stage 1/8" "the follower at the presenter's stage"
target=pres
wait_for "4 following" "four followers"

# The silent peer: the presenter closes it at the HELLO deadline while the
# others go on.
python3 - "$port" <<'EOF' || fail "the silent peer was not closed at the deadline"
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
s.settimeout(10)
start = time.time(); data = b""
while True:
    chunk = s.recv(4096)
    if not chunk:
        break
    data += chunk
assert b"no HELLO" in data and time.time() - start < 9, (data, time.time() - start)
EOF

tm send-keys -t pres Right
wait_for "Stage 2/8: client hello" "the presenter at stage 2"
tm send-keys -t pres e
wait_for "ephemeral" "the ephemeral what-if on the projector"
tm send-keys -t pres 4
wait_for "Stage 4/8" "the presenter at stage 4"

# The full-screen follower is at stage 4 too; its keys look but do not move.
target=fol
wait_for "Stage 4/8" "the full-screen follower at stage 4"
tm send-keys -t fol Right
wait_for "the presenter moves the stages" "the note on a key that would move the run"
screen_now | grep -q "Stage 4/8" || fail "the follower's Right moved its run"
tm send-keys -t fol x
tm send-keys -t fol q
wait_for "EXIT=0" "the full-screen follower to quit"
target=pres
wait_for "3 following" "three followers after one quit"

# Each follower shows what the projector showed, computed on its own.
for who in Ada Grace Alan; do
    n=0
    while ! grep -q "Stage 4/8" "$tmpdir/$who.out" 2>/dev/null; do
        n=$((n + 1))
        [ "$n" -lt 150 ] || fail "$who never showed stage 4: $(cat "$tmpdir/$who.err")"
        sleep 0.1
    done
    grep -q "Stage 2/8: client hello" "$tmpdir/$who.out" || fail "$who did not show stage 2"
    grep -qi "ephemeral" "$tmpdir/$who.out" || fail "$who did not show the ephemeral run"
done
# Two followers of one run print the same bytes.
cmp -s "$tmpdir/Ada.out" "$tmpdir/Grace.out" || fail "Ada and Grace saw different runs"
"$TLSSIM" walk --plain --seed 7 --mode ephemeral >"$tmpdir/alone.out" ||
    fail "the same run alone"
grep -F "$(sed -n '/Stage 4\/8/,$p' "$tmpdir/alone.out" | sed -n 2p)" "$tmpdir/Ada.out" >/dev/null ||
    fail "the follower's stage 4 is not the run the seed gives"

tm send-keys -t pres q
wait_for "EXIT=0" "the presenter to quit"
for pid in $pids; do
    n=0
    while kill -0 "$pid" 2>/dev/null; do
        n=$((n + 1))
        [ "$n" -lt 100 ] || fail "a follower did not leave when the presenter did"
        sleep 0.1
    done
    wait "$pid" || fail "a follower exited $? when the presenter ended the session"
done
grep -q "ended the session" "$tmpdir/Ada.err" || fail "Ada was not told the session ended"

# A presenter that is not there: exit 1 with advice; bad usage: exit 2.
"$TLSSIM" follow --timeout 2 "127.0.0.1:$port" 2>"$tmpdir/none.err"
[ $? -eq 1 ] || fail "follow without a presenter should exit 1"
grep -q "walk --present" "$tmpdir/none.err" || fail "no advice without a presenter"
"$TLSSIM" follow nowhere 2>/dev/null
[ $? -eq 2 ] || fail "follow with no port should exit 2"
echo "classroom: presenter, 3 text followers and one on screen, 6 kinds of bad peer, clean goodbye"
