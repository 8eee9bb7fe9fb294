#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the .deb with CPack, checks its metadata and contents, unpacks it into a temporary root
# and runs recscope-cli --version and an offscreen start of the GUI from there.
# usage: tst_package.sh BUILD_DIR
set -euo pipefail
build="$1"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
pass=0
ok() { echo "PASS: $*"; pass=$((pass + 1)); }

(cd "$build" && cpack -G DEB -B "$work/out" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; fail "cpack -G DEB failed"; }
deb=$(ls "$work"/out/recscope_*.deb 2>/dev/null | head -n1)
[ -n "$deb" ] || fail "no recscope_*.deb produced"
ok "built $(basename "$deb") ($(du -h "$deb" | cut -f1))"

field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = recscope ] || fail "Package is '$(field Package)'"
[ -n "$(field Version)" ] || fail "no Version"
depends="$(field Depends)"
for lib in libqt6core6 libqt6widgets6 libqt6svg6 libqcustomplot2.1-qt6 libtorch1.13 libsqlite3-0 libsodium23 qt6-qpa-plugins; do
  grep -q "$lib" <<<"$depends" || fail "Depends lacks $lib: $depends"
done
ok "Depends derived from the binaries: $depends"
grep -q libopenblas0-pthread <<<"$(field Recommends)" || fail "Recommends lacks libopenblas0-pthread"
ok "Recommends: $(field Recommends)"

contents="$(dpkg-deb -c "$deb" | awk '{print $6}')"
for f in ./usr/bin/recscope ./usr/bin/recscope-cli \
         ./usr/share/applications/recscope.desktop \
         ./usr/share/icons/hicolor/scalable/apps/recscope.svg \
         ./usr/share/metainfo/io.github.recscope.RecScope.metainfo.xml \
         ./usr/share/recscope/translations/recscope_zh_CN.qm \
         ./usr/share/doc/recscope/copyright ./usr/share/doc/recscope/THIRD-PARTY.md \
         ./usr/lib/recscope/librecscope_sentencepiece.so; do
  grep -qxF "$f" <<<"$contents" || fail "the package lacks $f"
done
ok "contents: binaries, desktop file, icon, AppStream metadata, translations, licenses"

root="$work/root"
dpkg-deb -x "$deb" "$root"
grep -q '^Exec=recscope' "$root/usr/share/applications/recscope.desktop" || fail "desktop file has no Exec=recscope"
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$root/usr/share/applications/recscope.desktop" || fail "desktop file invalid"
fi
if command -v appstreamcli >/dev/null; then
  appstreamcli validate --no-net --explain "$root/usr/share/metainfo/io.github.recscope.RecScope.metainfo.xml" >"$work/as.log" 2>&1 ||
    { grep -E '^(E|W):' "$work/as.log" && fail "AppStream metadata invalid"; }
fi
ok "desktop file and metadata valid"

version="$("$root/usr/bin/recscope-cli" --version)" || fail "recscope-cli --version failed"
grep -q "recscope-cli $(field Version)" <<<"$version" || fail "unexpected version: $version"
ok "unpacked recscope-cli runs: $version"
grep -q 'libsentencepiece0' <<<"$(field Depends)" || fail "Depends lacks libsentencepiece0 (the tokenizer plugin needs it)"
"$root/usr/bin/recscope-cli" demo --project "$work/demo.recscope" >/dev/null || fail "unpacked recscope-cli demo failed"
"$root/usr/bin/recscope-cli" train --project "$work/demo.recscope" --dataset demo --model textrec --set epochs=1 \
    --set pretrain_epochs=1 --set maxlen=10 --set hidden=8 --set text_len=8 --set vocab_size=200 >"$work/textrec.log" 2>&1 ||
  { cat "$work/textrec.log"; fail "the unpacked recscope-cli could not train the text model (tokenizer plugin)"; }
ok "unpacked recscope-cli trains the text model (SentencePiece plugin found next to it)"

export HOME="$work/home" XDG_RUNTIME_DIR="$work/run" QT_QPA_PLATFORM=offscreen
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
timeout 120 "$root/usr/bin/recscope" --smoke-test || fail "the unpacked GUI did not start"
ok "unpacked recscope starts offscreen"
LANG=zh_CN.UTF-8 LANGUAGE=zh_CN timeout 120 "$root/usr/bin/recscope" --smoke-test || fail "the GUI did not start in zh_CN"
ok "unpacked recscope starts in zh_CN"

echo "$pass passed, 0 failed"
