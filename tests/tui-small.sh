#!/bin/sh
# tui-small.sh - the tutorial and the walkthrough at the sizes students'
# terminals open at, 80x24 and the documented minimum 72x20, in a real
# terminal (a private tmux server): a step is read whole before Right
# leaves it, a quiz shows its question and every answer before it takes
# one, the quiz owns its letters (the what-if keys are off and the lines
# say so), j/k scroll, an unknown key gets a note, the help lists the
# mode's keys, bars and titles keep whole words, numbers keep their units,
# code lines wrap with a mark, and a what-if rerun shows its result.  Whole
# panes are compared with golden screens where the layout matters.
set -u
: "${TLSSIM:?}" "${SRCDIR:?}"
. "$SRCDIR/tests/tui-lib.sh"
tui_lib_init tui-small

golden_dir="$SRCDIR/tests/golden"
XDG_STATE_HOME="$tmpdir/state"
TLSSIM_LESSONS_DIR="$tmpdir/lessons"
mkdir "$TLSSIM_LESSONS_DIR"

# session NAME COLS ROWS ARGS...: a session of COLS x ROWS running
# 'tlssim ARGS'; when it ends, its status goes to the pane as EXIT=N.
session() {
    name=$1 cols=$2 rows=$3
    shift 3
    target="$name"
    tm new-session -d -s "$name" -x "$cols" -y "$rows" \
        "env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=screen XDG_STATE_HOME='$XDG_STATE_HOME' \
         TLSSIM_LESSONS_DIR='$TLSSIM_LESSONS_DIR' '$TLSSIM' $*; \
         echo EXIT=\$?; exec sleep 600" \
        || fail "tmux cannot start a session"
    [ -n "$socket_path" ] || socket_path=$(tm display-message -p '#{socket_path}' 2>/dev/null)
}

# no_cut_words: no word of the stage bar or a box title is cut: every
# ellipsis there follows a whole word of the stage names or the title.
no_cut_words() {
    bar=$(screen_now | sed -n 2p)
    for item in $(printf '%s\n' "$bar" | tr -s ' ' '\n' | grep '…$'); do
        case "$item" in
        client… | server… | session… | key… | Lesson… ) ;;
        *) fail "the stage bar cuts a word: '$item' in '$bar'" ;;
        esac
    done
    screen_now | grep -q '[a-z]─┐$' && fail "a box title runs into its corner: cut mid-word"
    return 0
}

# no_split_units: no pane line starts with the unit B, which the number
# before it keeps on the line above ("40" / "B").
no_split_units() {
    screen_now | grep -qE '│ *B[ ),│]' && fail "a number split from its unit"
    return 0
}

cat >"$TLSSIM_LESSONS_DIR/01-small.lesson" <<'LESSON'
title A long lesson for a small terminal, with words to keep whole at the edge
step long
stage 0
set seed 3
say ALPHA begins a step that is longer than the lesson pane of a small terminal.
say It goes on with a second sentence so that the paragraph wraps a few times.
say
say BRAVO is a second paragraph, still on the first page of the step at 80x24.
say
say CHARLIE is a third paragraph; by now a pane of 72x20 has run out of rows.
say
say DELTA is a fourth paragraph, on the second page at the smallest size.
say
say One more paragraph makes sure that even with the panes folded away the
say step runs past the bottom of the pane.
say
say And another one, with a value and its unit: the ClientHello is 65 B long.
say
say ECHO ends the step: Right leaves it only after this line was on screen.
step code
stage 3
say The command below is longer than the pane and wraps with a mark:
code openssl req -new -x509 -key server.key -days 365 -out server-certificate.pem -subj /CN=www.example.com
say A name longer than a line, TLSSIM_SEALBOX_WITH_XCHACHA20_POLY1305_AND_A_NAME_TOO_LONG_FOR_ANY_LINE, breaks at _.
step quiz
stage 2
say FOXTROT opens the quiz step with a paragraph long enough to push the quiz
say down the pane, so that the question and its answers start near the bottom
say edge of a small terminal and do not all fit there at once.
say
say GOLF is a second paragraph before the question.
hint HINTED: the second answer is worth a look.
quiz Which answer is the right one here?
choice The first answer, which is wrong
why WRONG: the first one is wrong.
correct The second answer, which is right
why RIGHT: the second one is right.
choice The third answer, also wrong
why WRONG: the third one is wrong too.
step last
say HOTEL is the last step.
LESSON

# --- 72x20: Right reads the step whole, then moves on --------------------
session small 72 20 learn --no-animation 1
wait_for "Step 1 of 4" "the first step at 72x20"
wait_for "ALPHA begins"
wait_for "more ▼ 1/2" "the page indicator of a step longer than the pane"
screen_now | grep -q "ECHO ends the step" && fail "the whole step fits: the test needs a longer one"
same_as "$golden_dir/small-72x20-step1.screen"
no_cut_words
key Right
wait_for "ECHO ends the step" "Right showing the rest of the step"
wait_for "2/2" "the last page of the step"
screen_now | grep -q "Step 1 of 4" || fail "Right left the step before it was read"
key Left
wait_for "more ▼ 1/2" "Left paging back"
screen_now | grep -q "Step 1 of 4" || fail "Left left the step instead of paging back"
key Right Right
wait_for "Step 2 of 4" "Right moving on once the step was read"

# --- code lines wrap with a mark; names break at _ with a mark ------------
wait_for "-days 365 " "the code line"
screen_now | grep -q "/CN=www.example.com" || fail "the end of the code line is lost"
screen_now | grep -q "365 -out.*↩\|-days.*↩" || fail "no continuation mark on the wrapped code line"
screen_now | grep -q "_↩" || fail "a long identifier is not broken at _ with a mark"
no_split_units
no_cut_words

# --- the quiz: its letters, shown whole before an answer -----------------
key Right
wait_for "breaks at _." "the rest of the code step"
key Right
wait_for "Step 3 of 4"
wait_for "what-if keys are off while the quiz waits" "the result bar at a quiz"
screen_now | grep -q "t tamper" && fail "the what-if keys offered during a quiz"
screen_now | grep -q "a-c pick" || fail "the key line does not give the quiz's own range a-c"
key c
wait_for "Read the question and every answer first" "a letter refused before the answers show"
wait_for "c) The third answer" "the quiz brought on screen"
wait_for "a) The first answer"
screen_now | grep -q "Quiz: Which answer" || fail "the question is not on screen with its answers"
screen_now | grep -q "what-ifs: \|certificate:" && fail "c changed the certificate during the quiz"
key d
wait_for "This quiz has answers a to c" "a letter past the quiz's range"
key t
wait_for "the what-if keys are off while the quiz waits" "t during the quiz"
screen_now | grep -q "tamper:" && fail "t tampered during the quiz"
key '?'
wait_for "pick an answer" "the help at a quiz"
wait_for "Hint: HINTED: the second answer" "the step's hint at the top of the help"
screen_now | grep -q "what if: tamper" && fail "the help at a quiz lists the what-if keys"
key Escape
wait_gone "pick an answer"
key b Enter
wait_for "RIGHT: the second one is right." "the answer taken once the quiz was on screen"
key q
wait_for "EXIT=0" "q leaving the lesson"

# --- 80x24: stage 0 folds the empty panes; unknown keys -----------------
session fold 80 24 learn --no-animation --restart 1
wait_for "Step 1 of 4" "the first step at 80x24"
screen_now | grep -q "CLIENT" && fail "the empty actor panes take rows at stage 0"
screen_now | grep -q "nothing crosses the wire at this stage" \
    || fail "the wire line left out while the panes are folded"
same_as "$golden_dir/small-80x24-step1.screen"
key z
wait_for "z: not a key here; ? lists the keys" "the note for an unknown key"
key q
wait_for "EXIT=0"

# --- the walkthrough at 72x20 and 80x24: j/k, whole words, units, reruns -
session walk72 72 20 walk --seed 42 --no-animation
wait_for "Stage 1/8"
key j
wait_for "▲" "j scrolling the focused pane"
key k
wait_gone "▲" "k scrolling back"
screen_now | grep -q "key leaks" && fail "k turned on the key leak"
key 3
wait_for "Stage 3/8: server hello"
no_cut_words
no_split_units
key 2
wait_for "Stage 2/8: client hello"
key Tab j j j
wait_for "TLSSIM_SEALBOX_↩" "the suite's name broken at _ with a mark"
key 1
wait_for "Stage 1/8: keypair"
no_split_units
key q
wait_for "EXIT=0"

session rerun 80 24 walk --seed 42 --no-animation
wait_for "Stage 1/8"
key 8 Tab Tab Tab
wait_for "┌─ WHAT HAPPENS AND WHY" "the narration pane"
key j j j j j j
wait_for "▲" "the narration scrolled"
key m
wait_for "Continue anyway" "the certificate warning after m"
key Escape
wait_for "went back" "going back from the warning"
screen_now | grep -q "✘ Handshake aborted at stage 3" \
    || fail "the rerun's result line is not on screen after the rerun"
key q
wait_for "EXIT=0"

# --- Mallory's relay: received once, drawn once, original then copy ------
session relay 100 30 walk --seed 42 --no-animation --tamper 2
wait_for "Stage 1/8"
key 2
wait_for "Stage 2/8: client hello"
wait_for "receives ClientHello, as" "the server receiving Mallory's copy"
n=$(screen_now | grep -c "receives ClientHello")
[ "$n" -eq 1 ] || fail "the relay reads as $n receipts"
screen_now | sed -n 3p | grep -q "ClientHello ▶ ─ ClientHello, as Mallory passes it on ▶" \
    || fail "the wire line does not read original, then Mallory's copy"
key q
wait_for "EXIT=0"

# --- the player: markers by name in script order, progress, loop, notice ---
demo="$SRCDIR/demos/handshake.demo"
session player 80 24 play "$demo"
wait_for "[start] certificate hello key data" "the markers listed, the first one current"
wait_for "%" "the progress in the script"
for mark in certificate hello key data; do
    key ]
    wait_for "[$mark]" "] going on to marker $mark in script order"
done
for mark in key hello certificate; do
    key [
    wait_for "[$mark]" "[ going back to marker $mark in script order"
done
wait_for "Before any client arrives" "the caption of the marker landed on"
stage=$(screen_now | sed -n 's/^ *\(Stage [0-9]\/8\).*/\1/p' | head -n 1)
[ -n "$stage" ] || fail "no stage in the header"
tm resize-window -t "$target" -x 60 -y 15
wait_for "needs a terminal of at least 72x20" "the size notice"
key . . ] ]
sleep 0.5
tm resize-window -t "$target" -x 80 -y 24
wait_for "$stage" "the stage of before the notice"
screen_now | grep -q "\[certificate\]" || fail "keys typed under the size notice moved the player"
# , right after a jump goes back one stage from the one on screen
key ] ]
wait_for "[key]" "] ] from certificate"
# (not n: wait_for counts with it)
shown=$(screen_now | sed -n 's/^ *Stage \([0-9]\)\/8.*/\1/p' | head -n 1)
[ -n "$shown" ] && [ "$shown" -gt 1 ] || fail "no stage to go back from at marker key"
key ,
wait_for "Stage $((shown - 1))/8" ", right after a jump going back one stage from $shown"
key .
wait_for "Stage $shown/8" ". going on one stage from $((shown - 1))"
key , ,
wait_for "Stage $((shown - 2))/8" ", , going back two stages from $shown"
key q
wait_for "EXIT=0"

session looping 80 24 play --loop --speed 10 "$demo"
wait_for "loop " "the strip saying the script loops"
wait_for "[end: it plays again soon; q quits]" "the end of a looping script saying so"
wait_for "A browser wants to talk" "the loop starting again"
key q
wait_for "EXIT=0"
