#!/bin/sh
# run.sh - the mutation check behind 'make mutants': each tests/mutants/*.patch
# breaks one behaviour on purpose; applied to a copy of the tree, the build
# must still succeed and at least one of the tests its "Tests:" line names
# must fail.  Reports each mutant caught or missed, and exits 1 when one is
# missed, does not apply or does not build.
#
#   run.sh [NAME...]    only the named mutants (default: all)
#
# The copy is built once and rebuilt incrementally for each mutant, so a run
# of all of them takes tens of minutes; it is not part of make check.
set -u
: "${SRCDIR:?}"
MAKE=${MAKE:-make}
JOBS=${MUTANT_JOBS:-2}

work=$(mktemp -d) || exit 99
trap 'rm -rf "$work"' EXIT
trap 'exit 1' INT TERM HUP
tree="$work/tree"
build="$work/build"

if [ $# -eq 0 ]; then
    set -- $(cd "$SRCDIR/tests/mutants" && ls *.patch | sed 's/\.patch$//')
fi

echo "mutants: copying the tree and building it once (in $work)"
mkdir "$tree" "$build"
(cd "$SRCDIR" && tar cf - --exclude=.git --exclude=autom4te.cache .) | (cd "$tree" && tar xf -) \
    || exit 99
if [ ! -x "$tree/configure" ]; then
    (cd "$tree" && autoreconf --install --force >/dev/null 2>&1) || { echo "mutants: autoreconf failed"; exit 99; }
fi
(cd "$build" && "$tree/configure" >"$work/configure.log" 2>&1) \
    || { echo "mutants: configure failed"; tail "$work/configure.log"; exit 99; }
(cd "$build" && $MAKE -j"$JOBS" >"$work/build.log" 2>&1 && $MAKE -j"$JOBS" check TESTS= >>"$work/build.log" 2>&1) \
    || { echo "mutants: the unmutated tree does not build"; tail "$work/build.log"; exit 99; }

caught=0
missed=0
broken=0
for name in "$@"; do
    patch="$SRCDIR/tests/mutants/$name.patch"
    what=$(sed -n 's/^Behaviour: //p' "$patch")
    tests=$(sed -n 's/^Tests: //p' "$patch")
    if ! (cd "$tree" && patch -p1 --quiet --forward <"$patch") >"$work/patch.log" 2>&1; then
        echo "BROKEN: $name: the patch does not apply"
        cat "$work/patch.log"
        broken=$((broken + 1))
        continue
    fi
    if ! (cd "$build" && $MAKE -j"$JOBS" >"$work/m.log" 2>&1 &&
          $MAKE -j"$JOBS" check TESTS= >>"$work/m.log" 2>&1); then
        echo "BROKEN: $name: the mutant does not build"
        tail -5 "$work/m.log"
        broken=$((broken + 1))
    elif (cd "$build" && $MAKE check TESTS="$tests" >"$work/t.log" 2>&1); then
        echo "MISSED: $name ($what): $tests all pass"
        missed=$((missed + 1))
    else
        failed=$(sed -n 's/^FAIL: //p' "$work/t.log" | tr '\n' ' ')
        echo "caught: $name ($what) by $failed"
        caught=$((caught + 1))
    fi
    (cd "$tree" && patch -p1 --quiet --reverse <"$patch") >"$work/patch.log" 2>&1 \
        || { echo "mutants: cannot take $name back out"; cat "$work/patch.log"; exit 99; }
done

echo "mutants: $caught caught, $missed missed, $broken broken, of $#"
[ $missed -eq 0 ] && [ $broken -eq 0 ]
