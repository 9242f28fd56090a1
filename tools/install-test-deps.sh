#!/usr/bin/env bash
# Installs the third-party peers the integration tests drive (Debian 12). Idempotent: when every tool is
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

have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || [ -x "/sbin/$1" ]; }

missing_packages=()
for tool in "${!PACKAGE_OF[@]}"; do
  if ! have "$tool"; then
    pkg="${PACKAGE_OF[$tool]}"
    [[ " ${missing_packages[*]-} " == *" $pkg "* ]] || missing_packages+=("$pkg")
  fi
done

if [ "${#missing_packages[@]}" -eq 0 ]; then
  echo "install-test-deps: all test peers present (sipp baresip tshark prometheus promtool sox kamailio rtpengine curl afl-fuzz)"
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
  sip-tester baresip-core tshark prometheus sox kamailio rtpengine-daemon curl afl++

for tool in "${!PACKAGE_OF[@]}"; do
  have "$tool" || { echo "install-test-deps: $tool still missing after install" >&2; exit 1; }
done
echo "install-test-deps: done"
