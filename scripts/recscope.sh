#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The two Quick start commands:
#   scripts/recscope.sh run    install what is missing, build, open the workbench on the demo project
#   scripts/recscope.sh test   install what is missing, build, run the whole test suite (CTest)
# Environment: BUILD_DIR (default build), RECSCOPE_DATA_DIR (real datasets, default ../shared/data),
# JOBS (parallel build jobs, default: number of cores), RECSCOPE_SANITIZERS (all, or ci: see below).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
mode="${1:-run}"
build="${BUILD_DIR:-$here/build}"
jobs="${JOBS:-$(nproc)}"

bash "$here/scripts/setup.sh"

# ccache hits across clones in other folders (CI builds a fresh clone): paths under the
# repository are hashed relative to it, and the working folder is not hashed.
export CCACHE_BASEDIR="$here" CCACHE_NOHASHDIR=true

cmake_args=(-S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo)
[ -n "${RECSCOPE_DATA_DIR:-}" ] && cmake_args+=("-DRECSCOPE_DATA_DIR=$RECSCOPE_DATA_DIR")
case "$mode" in
  run)  cmake_args+=(-DRECSCOPE_BUILD_TESTS=OFF) ;;
  test) cmake_args+=(-DRECSCOPE_BUILD_TESTS=ON) ;;
  *) echo "usage: $0 run|test" >&2; exit 2 ;;
esac
cmake "${cmake_args[@]}"
cmake --build "$build" -j "$jobs"

if [ "$mode" = test ]; then
  (cd "$build" && ctest --output-on-failure -j "$jobs" --timeout 600)
  # Sanitizers, each in a build folder of its own beside $build: the fuzz targets and the
  # torch-free engine under clang's ASan+UBSan and TSan (build-fuzz/), the job, queue and review
  # tests under TSan (build-tsan/), every engine test under ASan+UBSan (build-asan/).
  # RECSCOPE_SANITIZERS=ci keeps the first only (minutes instead of half an hour on a cold cache).
  sanitize() { BUILD_ROOT="$(dirname "$build")" RECSCOPE_CLI="$build/app/recscope-cli" JOBS="$jobs" bash "$here/scripts/sanitize.sh" "$1"; }
  sanitize ci
  # The Qt-free engine build (how a CUDA build is made, scripts/gpu-check.sh) still builds and trains.
  engine_build="$(dirname "$build")/build-engine"
  cmake -S "$here" -B "$engine_build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRECSCOPE_ENGINE_ONLY=ON -DRECSCOPE_BUILD_TESTS=OFF >/dev/null
  cmake --build "$engine_build" -j "$jobs" --target recscope-cli
  smoke="$(mktemp -d)"
  "$engine_build/app/recscope-cli" demo --project "$smoke/demo.recscope" >/dev/null
  "$engine_build/app/recscope-cli" --threads 1 train --nproc 2 --project "$smoke/demo.recscope" --dataset demo --model sasrec \
    --set maxlen=20 --set hidden=16 --set epochs=1 --json | tail -n1
  rm -rf "$smoke"
  if [ "${RECSCOPE_SANITIZERS:-all}" = all ]; then
    sanitize tsan
    sanitize asan
  fi
else
  if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "No display found: run this from a desktop session (or under xvfb-run)." >&2
  fi
  exec "$build/app/recscope" --demo
fi
