#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the Debian 12 packages RecScope needs (sudo when not root). Safe to run again.
set -euo pipefail

PACKAGES=(
  cmake ninja-build g++ pkg-config ccache
  qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n qt6-svg-dev
  libqcustomplot-dev libtorch-dev libgloo-dev libopenblas0-pthread
  libsqlite3-dev sqlite3 libsodium-dev nlohmann-json3-dev libcli11-dev libxxhash-dev libsentencepiece-dev libutf8proc-dev
  libsecret-1-dev gnome-keyring dbus-daemon
  clang libclang-rt-14-dev
  xvfb xauth imagemagick fonts-noto-cjk time
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# libtorch calls whatever libblas.so.3 the alternatives point at; the reference BLAS is ~10x slower.
if command -v update-alternatives >/dev/null; then
  ob=$(update-alternatives --list libblas.so.3-x86_64-linux-gnu 2>/dev/null | grep openblas-pthread | head -n1 || true)
  if [ -n "$ob" ]; then
    cur=$(readlink -f /etc/alternatives/libblas.so.3-x86_64-linux-gnu 2>/dev/null || true)
    if [ "$cur" != "$(readlink -f "$ob")" ]; then
      SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
      $SUDO update-alternatives --set libblas.so.3-x86_64-linux-gnu "$ob" >/dev/null || true
    fi
  fi
fi
