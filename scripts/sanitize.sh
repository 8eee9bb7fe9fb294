#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Sanitizer runs, each in a build folder of its own:
#   scripts/sanitize.sh ci     tests/fuzz built with clang (minutes): the libFuzzer targets a few
#                              seconds each from their seeds, the torch-free engine tests under
#                              ASan+UBSan (and again encrypted), the threaded ones under TSan. Needs
#                              the main build's recscope-cli (RECSCOPE_CLI).
#   scripts/sanitize.sh fuzz   the libFuzzer targets only
#   scripts/sanitize.sh asan   every engine test under ASan+UBSan (the whole engine, torch included:
#                              a g++ build of its own, about as long as the main build)
#   scripts/sanitize.sh tsan   the queue, job and review tests under ThreadSanitizer (likewise)
# CI (scripts/recscope.sh test) runs all three. In the asan and tsan builds the SentencePiece
# plugin is not loaded (the runtimes refuse RTLD_DEEPBIND): the text model's own-tokenizer cases skip.
# Environment: BUILD_ROOT (default: the repository), JOBS, RECSCOPE_DATA_DIR, RECSCOPE_CLI.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mode="${1:?usage: $0 ci|fuzz|asan|tsan}"
root="${BUILD_ROOT:-$here}"
jobs="${JOBS:-$(nproc)}"
supp="$here/tests/sanitizers"

engine_tests=(tst_store tst_project tst_import tst_killimport tst_pseudonymizer tst_pseudonyms tst_encryption tst_textfile
              tst_split tst_datasetstats tst_runqueue tst_sweep tst_training tst_evaluation tst_explain tst_privacy
              tst_efficiency tst_quantize tst_export tst_ratings tst_bert tst_textencoder tst_counterfactual tst_diagnostics)
threaded_tests=(tst_runqueue tst_trainingpanel tst_reviewpanel tst_models)

configure() { # configure DIR OPTION
  local args=(-S "$here" -B "$1" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRECSCOPE_BUILD_TESTS=ON
              -DRECSCOPE_BUILD_BENCH=OFF "-D$2=ON")
  [ -n "${RECSCOPE_DATA_DIR:-}" ] && args+=("-DRECSCOPE_DATA_DIR=$RECSCOPE_DATA_DIR")
  cmake "${args[@]}" >/dev/null
}
regex() { local IFS='|'; echo "^($*)(_encrypted)?\$"; }

case "$mode" in
  asan)
    dir="$root/build-asan"
    configure "$dir" RECSCOPE_ASAN
    cmake --build "$dir" -j "$jobs" --target "${engine_tests[@]}"
    # Leaks are checked; those inside libraries we do not build (torch's static state) are not ours.
    ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=0" \
    LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0" \
    UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:suppressions=$supp/ubsan.supp" \
      ctest --test-dir "$dir" --output-on-failure -j "$jobs" --timeout 1200 -R "$(regex "${engine_tests[@]}")"
    ;;
  tsan)
    dir="$root/build-tsan"
    configure "$dir" RECSCOPE_TSAN
    cmake --build "$dir" -j "$jobs" --target "${threaded_tests[@]}"
    TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$supp/tsan.supp" \
      ctest --test-dir "$dir" --output-on-failure -j "$jobs" --timeout 1200 -R "$(regex "${threaded_tests[@]}")"
    ;;
  fuzz|ci)
    dir="$root/build-fuzz"
    args=(-S "$here/tests/fuzz" -B "$dir" -G Ninja -DCMAKE_CXX_COMPILER=clang++
          "-DRECSCOPE_CLI=${RECSCOPE_CLI:-$root/build/app/recscope-cli}")
    [ "$mode" = fuzz ] && args+=(-DRECSCOPE_SANITIZED_TESTS=OFF)
    [ -n "${RECSCOPE_DATA_DIR:-}" ] && args+=("-DRECSCOPE_DATA_DIR=$RECSCOPE_DATA_DIR")
    cmake "${args[@]}" >/dev/null
    cmake --build "$dir" -j "$jobs"
    labels=fuzz
    [ "$mode" = ci ] && labels="fuzz|asan|tsan"
    ctest --test-dir "$dir" --output-on-failure -j "$jobs" -L "$labels"
    ;;
  *) echo "usage: $0 ci|fuzz|asan|tsan" >&2; exit 2 ;;
esac
