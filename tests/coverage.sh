#!/bin/sh
# make coverage: line and branch coverage of the engine library (the
# engine, the actors, the codecs and the parsers) after make check, in a
# build configured with --enable-coverage.  Uses gcovr, or else lcov.
set -u
: "${SRCDIR:?}" "${BUILDDIR:?}"
GCOVR=${GCOVR:-$(command -v gcovr 2>/dev/null || true)}
LCOV=${LCOV:-$(command -v lcov 2>/dev/null || true)}

# The front ends (commands, views, the TUI) are left out: the figure is the
# library's, whose every input comes from files, options and the wire.
front_ends='src/((cli|tui|views)/.*|base/textout\.c)$'

if [ -n "$GCOVR" ]; then
    mkdir -p "$BUILDDIR/coverage"
    "$GCOVR" --root "$SRCDIR" --object-directory "$BUILDDIR" \
        --filter "$SRCDIR/src/" --exclude "$SRCDIR/$front_ends" \
        --exclude-unreachable-branches --exclude-throw-branches \
        --html-details "$BUILDDIR/coverage/index.html" \
        --txt - --print-summary
elif [ -n "$LCOV" ]; then
    "$LCOV" --quiet --capture --directory "$BUILDDIR" --base-directory "$SRCDIR" \
        --rc lcov_branch_coverage=1 --output-file "$BUILDDIR/coverage.info" &&
    "$LCOV" --quiet --extract "$BUILDDIR/coverage.info" "*/src/*" \
        --rc lcov_branch_coverage=1 --output-file "$BUILDDIR/coverage.info" &&
    "$LCOV" --quiet --remove "$BUILDDIR/coverage.info" '*/src/cli/*' '*/src/tui/*' '*/src/views/*' \
        '*/textout.c' --rc lcov_branch_coverage=1 \
        --output-file "$BUILDDIR/coverage.info" &&
    "$LCOV" --summary "$BUILDDIR/coverage.info" --rc lcov_branch_coverage=1
else
    echo "make coverage: neither gcovr nor lcov is installed (apt-get install gcovr)" >&2
    exit 1
fi
