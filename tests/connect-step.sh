#!/bin/sh
# connect-step.sh - 'tlssim connect' stops before each flight the client
# sends, in the line mode of --step (the eight-stage flow's default on a
# terminal is the full screen, tests/connect-tui.sh; TLS 1.3 steps by
# default): in a tmux pane against a 'tlssim serve' on loopback, the
# eight-stage flow waits at stage 2 with nothing sent (serve's log has the
# student at stage 1 only) until a key is pressed, then completes; the same
# for --protocol tls13; q mid-way (and Ctrl-D) exits 1, Ctrl-C 130, with the
# terminal as it was (stty -a before and after equal); a serve whose
# --timeout runs out while the student waits gives the plain message and
# exit 1; bytes from the server while the student is asked send nothing.
# Every server (and the relay of part 6) is started on a port the system
# picks and stopped by this test's trap.
set -u
: "${TLSSIM:?}" "${SRCDIR:?}"
. "$SRCDIR/tests/net-lib.sh"
. "$SRCDIR/tests/tui-lib.sh"   # its fail and wait_for read the screen
net_lib_tui connect-step

# student NAME ARGS...: 'tlssim connect ARGS' in a pane of its own; the
# terminal's modes go to NAME.before and NAME.after, the status to the pane
# (the shell outlives a Ctrl-C meant for connect).
student() {
    name=$1
    shift
    target="$name"
    tm new-session -d -s "$name" -x 100 -y 40 \
        "env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=screen sh -c 'trap : INT; stty -a > $tmpdir/$name.before; \
         \"$TLSSIM\" connect $*; status=\$?; stty -a > $tmpdir/$name.after; \
         echo EXIT=\$status; exec sleep 600'" \
        || fail "tmux cannot start a session"
}

# joined: the pane with its wrapped lines joined.
joined() { tm capture-pane -p -J -t "$target" 2>/dev/null; }

"$TLSSIM" files "$tmpdir/set" --name www.example.com >/dev/null || fail "tlssim files failed"
ca="--ca $tmpdir/set/ca.crt"

# 1. The eight-stage flow waits at stage 2 until a key, then goes on.
start_serve class --timeout 30 || fail "serve class did not start"
student teach --step --name ann --timeout 2 $ca "127.0.0.1:$port"
wait_for "Stage 2/8: client hello — press → or Enter to send, q to quit" "the stage 2 prompt"
screen_now | grep -q "ready, not sent yet: ClientHello" || fail "the prompt does not say a ClientHello goes"
sleep 0.5
log_has "$tmpdir/class.log" "ann at stage 1" || fail "serve did not log ann at stage 1"
sleep 0.5
grep -q "ann at stage [2-8]" "$tmpdir/class.log" && fail "serve saw more than stage 1 before the key"
screen_now | grep -q "==\[ Stage 2/8" && fail "stage 2 shows as done before the key"
key Right
log_has "$tmpdir/class.log" "ann at stage 3" || fail "serve did not go on after the key"
wait_for "Stage 5/8: key exchange — press" "the stage 5 prompt"
sleep 2.5   # longer than connect's own --timeout
key Enter
wait_for "Stage 7/8: encrypt — press" "the stage 7 prompt"
key Enter
wait_for "EXIT=0" "the eight-stage flow to complete"
screen_now | grep -q "all eight stages completed" || fail "connect did not complete the stages"
cmp -s "$tmpdir/teach.before" "$tmpdir/teach.after" || fail "the terminal's modes changed"
log_has "$tmpdir/class.log" "ann completed all 8 stages" || fail "serve did not log ann completed"
echo "connect-step: the eight-stage flow waited at stage 2, 5 and 7 and completed"

# 2. TLS 1.3: three flights (ClientHello, Finished, the request), each on a key.
# Both runs pause longer than connect's --timeout: the student's time is not
# the server's.
tls13="--protocol tls13 --host www.example.com $ca"
student tls13 $tls13 --timeout 2 "127.0.0.1:$port"
wait_for "Client flight 1: ClientHello + key share — press" "the first TLS 1.3 prompt"
sleep 2.5   # longer than connect's own --timeout: a student's pause is not the server's
grep -q "answered" "$tmpdir/class.log" && fail "serve answered before the ClientHello went"
key Right
wait_for "Client flight 2: Finished — press" "the Finished prompt"
key Enter
wait_for "Client flight 3: the request — press" "the request prompt"
key Right
wait_for "EXIT=0" "TLS 1.3 to complete"
screen_now | grep -q "Hello from tlssim" || fail "connect did not print the page"
cmp -s "$tmpdir/tls13.before" "$tmpdir/tls13.after" || fail "the terminal's modes changed (tls13)"
log_has "$tmpdir/class.log" 'answered "GET / HTTP/1.1"' || fail "serve did not answer the request"
echo "connect-step: TLS 1.3 waited before each of its three flights and completed"

# 3. q mid-way, Ctrl-D at the first prompt: exit 1, the terminal as it was.
student quit --step $ca --name quitter "127.0.0.1:$port"
wait_for "Stage 2/8: client hello — press" "the stage 2 prompt before q"
key Enter
wait_for "Stage 5/8: key exchange — press" "the stage 5 prompt before q"
key q
wait_for "EXIT=1" "q to end connect with 1"
joined | grep -q "stopped at stage 5 before its flight was sent (q)" || fail "q is not explained"
cmp -s "$tmpdir/quit.before" "$tmpdir/quit.after" \
    || fail "the terminal's modes changed after q: $(diff "$tmpdir/quit.before" "$tmpdir/quit.after")"
student quit13 $tls13 "127.0.0.1:$port"
wait_for "Client flight 1: ClientHello + key share — press" "the TLS 1.3 prompt before Ctrl-D"
key C-d
wait_for "EXIT=1" "Ctrl-D to end TLS 1.3 connect with 1"
joined | grep -q "the input ended before client flight 1" || fail "Ctrl-D is not explained"
cmp -s "$tmpdir/quit13.before" "$tmpdir/quit13.after" || fail "the terminal's modes changed after Ctrl-D"
echo "connect-step: q and Ctrl-D end with 1 and the terminal restored"

# 4. Ctrl-C while waiting: 130 and the terminal restored.
student intr --step $ca --name intr "127.0.0.1:$port"
wait_for "Stage 2/8: client hello — press" "the stage 2 prompt before Ctrl-C"
key C-c
wait_for "EXIT=130" "Ctrl-C to end connect with 130"
cmp -s "$tmpdir/intr.before" "$tmpdir/intr.after" || fail "the terminal's modes changed after Ctrl-C"
echo "connect-step: Ctrl-C ends with 130 and the terminal restored"

# 5. A server that gives up while the student waits: the plain message, 1,
# and nothing told of the stages whose flight never left.
# (serve's --timeout runs from the ClientHello on: before it a student may
# take a while to compare the CA's fingerprint.)
start_serve short --timeout 2 || fail "serve short did not start"
student slow --step $ca --name slow "127.0.0.1:$port"
wait_for "Stage 2/8: client hello — press" "the stage 2 prompt"
key Enter
wait_for "Stage 5/8: key exchange — press" "the stage 5 prompt before the server's timeout"
wait_for "EXIT=1" "connect to notice the server gave up"
joined | grep -q "the server stopped waiting after [0-9]* seconds: a real server does not wait for a person" \
    || fail "the server's timeout is not explained"
joined | grep -q "never sent its flight of stage 5: the run ended first" \
    || fail "connect does not say the flight of stage 5 never left"
if joined | grep -q "opens the sealed box\|==\[ Stage [5-8]/8"; then
    fail "connect tells stages whose flight was never sent"
fi
cmp -s "$tmpdir/slow.before" "$tmpdir/slow.after" || fail "the terminal's modes changed after the timeout"
student slow13 $tls13 "127.0.0.1:$port"
wait_for "Client flight 1: ClientHello + key share — press" "the TLS 1.3 prompt before the flight"
key Enter
wait_for "Client flight 2: Finished — press" "the TLS 1.3 prompt before the server's timeout"
wait_for "EXIT=1" "TLS 1.3 connect to notice the server gave up"
joined | grep -q "the server stopped waiting after [0-9]* seconds" \
    || fail "the server's timeout is not explained (tls13)"
echo "connect-step: a server's timeout while the student waits is explained; exit 1"

# 6. Bytes from the server while the student is asked (here one byte, the
# start of a frame, put in by a relay on loopback) send nothing by
# themselves: the flight waits for its key as before.
if command -v python3 >/dev/null 2>&1; then
    cat >"$tmpdir/inject.py" <<'EOF'
import os, select, socket, sys, time
port_file, server_port, report = sys.argv[1], int(sys.argv[2]), sys.argv[3]
ls = socket.socket()
ls.bind(("127.0.0.1", 0))
ls.listen(1)
with open(port_file + ".tmp", "w") as f:
    f.write(str(ls.getsockname()[1]))
os.rename(port_file + ".tmp", port_file)
ls.settimeout(20)
c, _ = ls.accept()
s = socket.create_connection(("127.0.0.1", server_port))
first = injected = None
end = time.time() + 20
while time.time() < end:
    ready, _, _ = select.select([c, s], [], [], 0.1)
    if s in ready:
        d = s.recv(65536)
        if not d:
            break
        c.sendall(d)
        first = first or time.time()
    if c in ready:
        d = c.recv(65536)
        if not d:
            break
        s.sendall(d)
        if injected:
            with open(report, "a") as f:
                f.write("sent after the byte: %d\n" % len(d))
    if injected is None and first and time.time() - first > 1.0:
        c.sendall(b"\x01")   # the first byte of a frame header: its version
        injected = time.time()
        with open(report, "a") as f:
            f.write("injected\n")
EOF
    start_serve nudge --timeout 30 || fail "serve nudge did not start"
    python3 "$tmpdir/inject.py" "$tmpdir/inject.port" "$port" "$tmpdir/inject.report" &
    pids="$pids $!"
    log_has "$tmpdir/inject.port" "[0-9]" || fail "the relay did not start"
    student nudged --step $ca --name nudged "127.0.0.1:$(cat "$tmpdir/inject.port")"
    wait_for "Stage 2/8: client hello — press" "the stage 2 prompt behind the relay"
    log_has "$tmpdir/inject.report" "injected" || fail "the relay put in no byte"
    sleep 1
    grep -q "sent after the byte" "$tmpdir/inject.report" \
        && fail "a byte from the server sent the held flight without a key"
    grep -q "nudged at stage [2-8]" "$tmpdir/nudge.log" && fail "serve saw the flight without a key"
    key q
    wait_for "EXIT=1" "q to end the nudged run"
    echo "connect-step: bytes from the server during the question send nothing by themselves"
else
    echo "connect-step: part 6 skipped: no python3"
fi
