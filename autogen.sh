#!/bin/sh
# Prepare a fresh checkout for ./configure.
#   ./autogen.sh          run autoreconf
#   ./autogen.sh --deps   first install the missing Debian build dependencies
set -e
cd "$(dirname "$0")"

DEBIAN_DEPS="build-essential autoconf automake autoconf-archive pkg-config \
libsodium-dev libncurses-dev libcunit1-dev openssl tmux valgrind \
clang libclang-rt-dev python3 python3-cryptography groff-base curl asciinema"

install_deps() {
  missing=""
  for pkg in $DEBIAN_DEPS; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" \
      || missing="$missing $pkg"
  done
  if [ -z "$missing" ]; then
    echo "autogen.sh: all build dependencies are installed"
    return 0
  fi
  echo "autogen.sh: installing:$missing"
  if [ "$(id -u)" -ne 0 ]; then
    SUDO=sudo
  else
    SUDO=
  fi
  $SUDO apt-get update
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends $missing
}

if [ "${1:-}" = "--deps" ]; then
  install_deps
fi
autoreconf --install --force
