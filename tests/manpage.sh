#!/bin/sh
# The manual page keeps up with the program: every command that
# 'tlssim --help' lists has its entry, and every --option that the help of
# tlssim and of each command names appears in doc/tlssim.1.  With groff at
# hand, the page must also render without a single warning.
set -u
: "${TLSSIM:?}" "${SRCDIR:?}"
page="$SRCDIR/doc/tlssim.1"
fail=0
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT

[ -r "$page" ] || { echo "FAIL: no $page"; exit 1; }
# The page's text with roff's escaped hyphens made plain.
sed 's/\\-/-/g' "$page" >"$tmp/page"

"$TLSSIM" --help >"$tmp/help" || { echo "FAIL: tlssim --help"; exit 1; }
commands=$(sed -n '/^Commands:/,/^$/p' "$tmp/help" | sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p')
[ -n "$commands" ] || { echo "FAIL: no commands found in tlssim --help"; exit 1; }

for cmd in $commands; do
    grep -qx "\.B $cmd" "$tmp/page" || { echo "FAIL: command '$cmd' has no entry"; fail=1; }
    "$TLSSIM" "$cmd" --help >"$tmp/help-$cmd" 2>&1 \
        || { echo "FAIL: tlssim $cmd --help exits $?"; fail=1; }
done

checked=0
for opt in $(cat "$tmp"/help* | grep -o -- '--[a-z][a-z0-9-]*' | sort -u); do
    checked=$((checked + 1))
    grep -q -- "$opt\([^a-z0-9-]\|\$\)" "$tmp/page" || { echo "FAIL: $opt is not in the man page"; fail=1; }
done
for opt in $(grep -ho -- ' -[a-zA-Z],' "$tmp"/help* | tr -d ' ,' | sort -u); do
    grep -q -- "$opt\([^a-zA-Z]\|\$\)" "$tmp/page" || { echo "FAIL: $opt is not in the man page"; fail=1; }
done
echo "manpage: $checked options checked against the help of tlssim and of:" $commands

GROFF=${GROFF:-$(command -v groff 2>/dev/null || true)}
if [ -n "$GROFF" ] && [ -x "$GROFF" ]; then
    LC_ALL=C.UTF-8 "$GROFF" -man -Tutf8 -ww -z "$page" >"$tmp/groff" 2>&1
    if [ -s "$tmp/groff" ]; then
        echo "FAIL: groff warns about the page:"
        cat "$tmp/groff"
        fail=1
    fi
else
    echo "manpage: groff not found; the rendering is not checked"
fi
exit $fail
