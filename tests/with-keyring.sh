#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a test with a system keyring of its own: a private D-Bus session and GNOME Keyring's
# Secret Service, unlocked, its keyring files under the test's $HOME (emptied first). Where either
# is missing the test runs without one and is told why in RECSCOPE_TEST_NO_KEYRING (it skips its
# keyring cases). usage: with-keyring.sh TEST [ARGS...]
if ! command -v dbus-run-session >/dev/null 2>&1 || ! command -v gnome-keyring-daemon >/dev/null 2>&1; then
  RECSCOPE_TEST_NO_KEYRING="dbus-run-session or gnome-keyring-daemon is not installed (scripts/setup.sh installs them)" exec "$@"
fi
rm -rf "${HOME:?}/.local/share/keyrings"
mkdir -p "$HOME"
# The daemon leaves when the session bus closes, that is when the test ends.
exec dbus-run-session -- sh -c '
  printf %s recscope-test-keyring | gnome-keyring-daemon --unlock --components=secrets >/dev/null || exit 1
  exec "$@"' with-keyring "$@"
