#!/bin/sh
# The layers hold: no file includes a header of a higher layer, and no
# layer's library calls a function that only a higher layer defines.
#
# The order, lowest first (a layer may use those on its line and below):
#   base
#   pki       base
#   tls13     pki base
#   engine    tls13 pki base
#   net       engine tls13 pki base
#   course    engine tls13 pki base
#   views     engine tls13 pki base
#   tuicore   course views net engine tls13 pki base   (the curses-free TUI)
#   tui       tuicore and all of the above
#   cli       everything
set -u
: "${SRCDIR:?}" "${BUILDDIR:?}"

allowed() {
    case $1 in
    base) echo "base" ;;
    pki) echo "pki base" ;;
    tls13) echo "tls13 pki base" ;;
    engine) echo "engine tls13 pki base" ;;
    net) echo "net engine tls13 pki base" ;;
    course) echo "course engine tls13 pki base" ;;
    views) echo "views engine tls13 pki base" ;;
    tuicore) echo "tuicore course views net engine tls13 pki base" ;;
    tui) echo "tui tuicore course views net engine tls13 pki base" ;;
    cli) echo "cli tui tuicore course views net engine tls13 pki base" ;;
    *) echo "" ;;
    esac
}

# The TUI's curses-free files are the tuicore layer: those Makefile.am
# builds into libtuicore.a.
tuicore_files=" $(sed -n 's|^src_tui_libtuicore_a_SOURCES += ||p' "$SRCDIR/Makefile.am" |
    tr ' ' '\n' | sed 's|^src/||' | tr '\n' ' ') "
[ "$tuicore_files" != "  " ] || { echo "FAIL: no libtuicore.a sources in Makefile.am"; exit 1; }

# The layer a source file of src/ belongs to.
layer_of() {
    case $tuicore_files in
    *" $1 "*) echo tuicore ;;
    *) echo "${1%%/*}" ;;
    esac
}

fail=0
say_fail() {
    echo "FAIL: $*"
    fail=1
}

# 1. Includes: every "layer/file.h" a file names is of its layer or below.
cd "$SRCDIR/src" || exit 99
checked=0
for f in */*.c */*.h; do
    from=$(layer_of "$f")
    ok=$(allowed "$from")
    if [ -z "$ok" ]; then
        say_fail "$f: folder src/${f%%/*} is no known layer (add it to tests/layers.sh and the docs)"
        continue
    fi
    for inc in $(sed -n 's/^#include "\([a-z0-9_]*\/[a-z0-9_]*\.h\)".*/\1/p' "$f"); do
        to=$(layer_of "$inc")
        case " $ok " in
        *" $to "*) ;;
        *) say_fail "src/$f ($from) includes $inc ($to), a higher or unrelated layer" ;;
        esac
        checked=$((checked + 1))
    done
done
echo "includes checked: $checked"

# 2. Symbols: what each layer's library leaves undefined may be defined by a
# library of its own layer or below, or by none of ours (libc, libsodium,
# ncurses).
cd "$BUILDDIR" || exit 99
NM=${NM:-nm}
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
libs=$(ls src/*/lib*.a 2>/dev/null)
[ -n "$libs" ] || { echo "no layer libraries under $BUILDDIR/src: build first"; exit 99; }
for lib in $libs; do
    name=$(basename "$lib" .a)
    name=${name#lib}
    case $name in
    tuicore | tui) layer=$name ;;
    *) layer=$(basename "$(dirname "$lib")") ;;
    esac
    echo "$layer" >>"$tmp/layers"
    "$NM" -g --defined-only "$lib" 2>/dev/null | awk 'NF == 3 { print $3 }' | sort -u >"$tmp/def.$layer"
    "$NM" -u "$lib" 2>/dev/null | awk '{ print $NF }' | sort -u >"$tmp/undef.$layer"
done
calls=0
for layer in $(cat "$tmp/layers"); do
    ok=$(allowed "$layer")
    for other in $(cat "$tmp/layers"); do
        case " $ok " in *" $other "*) continue ;; esac
        for sym in $(comm -12 "$tmp/undef.$layer" "$tmp/def.$other"); do
            say_fail "the $layer layer calls $sym, which only the $other layer defines"
        done
    done
    calls=$((calls + $(wc -l <"$tmp/undef.$layer")))
done
echo "undefined symbols checked: $calls in $(wc -l <"$tmp/layers") libraries"
[ "$checked" -gt 0 ] && [ "$calls" -gt 0 ] || { echo "FAIL: nothing was checked"; exit 1; }
[ "$fail" -eq 0 ] && echo "the layers hold"
exit "$fail"
