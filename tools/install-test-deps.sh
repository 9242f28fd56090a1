#!/usr/bin/env bash
# Installs the third-party peers the integration tests drive and the codec libraries Mcptt.Media loads (Debian 12). Idempotent: when every tool/library is
# already on PATH it does nothing and never touches apt. Needs root (or sudo) only when something is missing.
set -euo pipefail

# tool -> Debian package
declare -A PACKAGE_OF=(
  [sipp]=sip-tester
  [baresip]=baresip-core
  [tshark]=tshark
  [prometheus]=prometheus
  [promtool]=prometheus
  [sox]=sox
  [kamailio]=kamailio
  [rtpengine]=rtpengine-daemon
  [curl]=curl
  [afl-fuzz]=afl++
)

# shared library (soname) -> Debian package: the codec libraries Mcptt.Media loads through P/Invoke, and
# spandsp, whose G.722 the tests compare ours with bit for bit.
declare -A LIBRARY_PACKAGE_OF=(
  [libopus.so.0]=libopus0
  [libcodec2.so.1.0]=libcodec2-1.0
  [libspandsp.so.2]=libspandsp2
)

have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || [ -x "/sbin/$1" ]; }
have_library() { ldconfig -p 2>/dev/null | grep -q " $1 " || compgen -G "/usr/lib/*/$1" >/dev/null; }

missing_packages=()
add_missing() { [[ " ${missing_packages[*]-} " == *" $1 "* ]] || missing_packages+=("$1"); }
for tool in "${!PACKAGE_OF[@]}"; do
  have "$tool" || add_missing "${PACKAGE_OF[$tool]}"
done
for library in "${!LIBRARY_PACKAGE_OF[@]}"; do
  have_library "$library" || add_missing "${LIBRARY_PACKAGE_OF[$library]}"
done

if [ "${#missing_packages[@]}" -eq 0 ]; then
  echo "install-test-deps: all test peers present (sipp baresip tshark prometheus promtool sox kamailio rtpengine curl afl-fuzz; libopus0 libcodec2-1.0 libspandsp2)"
  exit 0
fi

echo "install-test-deps: installing ${missing_packages[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install-test-deps: need root to install ${missing_packages[*]} (no sudo found)" >&2; exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
# tshark asks whether non-root users may capture; answer once, non-interactively.
echo "wireshark-common wireshark-common/install-setuid boolean false" | $SUDO debconf-set-selections
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -q
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends \
  sip-tester baresip-core tshark prometheus sox kamailio rtpengine-daemon curl afl++ \
  libopus0 libcodec2-1.0 libspandsp2

for tool in "${!PACKAGE_OF[@]}"; do
  have "$tool" || { echo "install-test-deps: $tool still missing after install" >&2; exit 1; }
done
for library in "${!LIBRARY_PACKAGE_OF[@]}"; do
  have_library "$library" || { echo "install-test-deps: $library still missing after install" >&2; exit 1; }
done
echo "install-test-deps: done"
