#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The engine on a GPU: builds the engine-only recscope-cli against the libtorch inside a
# pip-installed PyTorch 2.x (CUDA), with the engine's other libraries from Debian 12 packages
# unpacked into a prefix (no root needed), then trains SASRec on ML-1M on cuda beside the same run
# on the processor and prints epoch time, NDCG@10 and peak GPU memory. Last, the GPU-trained run
# is scored on the processor alone (checkpoints are device-neutral) and a two-process run checks
# data-parallel training.
#
# usage: scripts/gpu-check.sh [EPOCHS]      (default 3; RECSCOPE_DATA_DIR names the datasets,
#        PYTHON the interpreter with torch, BUILD_DIR the build folder, default build-gpu)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
epochs="${1:-3}"
python="${PYTHON:-python3}"
build="${BUILD_DIR:-$here/build-gpu}"
data="${RECSCOPE_DATA_DIR:-$here/../shared/data}"
prefix="$build/prefix"
mkdir -p "$build"

"$python" - <<'PY'
import torch
print("PyTorch", torch.__version__, "| CUDA", torch.version.cuda,
      "| GPU", torch.cuda.get_device_name(0) if torch.cuda.is_available() else "none")
PY
torch_cmake="$("$python" -c 'import torch.utils; print(torch.utils.cmake_prefix_path)')"
abi="$("$python" -c 'import torch; print(int(torch.compiled_with_cxx11_abi()))')"

# The engine's other libraries: Debian's -dev packages where installed, else unpacked here.
packages=(libsqlite3-dev libsqlite3-0 libsodium-dev libsodium23 nlohmann-json3-dev libcli11-dev libxxhash-dev libxxhash0
          libutf8proc-dev libutf8proc2 libsentencepiece-dev libsentencepiece0 libsecret-1-dev libsecret-1-0 libgloo-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "gpu-check: unpacking ${missing[*]} into $prefix"
  (cd "$build" && apt-get download "${missing[@]}")
  for deb in "$build"/*.deb; do dpkg -x "$deb" "$prefix"; done
fi
export PKG_CONFIG_PATH="$prefix/usr/lib/x86_64-linux-gnu/pkgconfig:$prefix/usr/share/pkgconfig:${PKG_CONFIG_PATH:-}"
export LD_LIBRARY_PATH="$prefix/usr/lib/x86_64-linux-gnu:${LD_LIBRARY_PATH:-}"

cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DRECSCOPE_ENGINE_ONLY=ON -DRECSCOPE_BUILD_TESTS=OFF \
  -DCMAKE_PREFIX_PATH="$torch_cmake;$prefix/usr" -DCMAKE_CXX_FLAGS="-D_GLIBCXX_USE_CXX11_ABI=$abi -I$prefix/usr/include"
cmake --build "$build" -j "$(nproc)"
cli="$build/app/recscope-cli"
"$cli" --version

project="$build/gpu-check.recscope"
rm -f "$project"
"$cli" import --project "$project" --format sasrec --name ml1m "$data/ml-1m/ml-1m.txt" >/dev/null

train() { # device -> JSON summary
  "$cli" --threads "$(nproc)" train --project "$project" --dataset ml1m --model sasrec --json \
    --set maxlen=200 --set epochs="$epochs" --set patience=0 --set device="$1" | tail -n1
}
summary() { # JSON summary -> "run, seconds per epoch, test NDCG@10"
  "$python" -c 'import json,sys; j=json.loads(sys.argv[1]); print(j["run"], "%.1f" % (j["seconds"]/max(1,j["epochs"])), "%.4f" % j["metrics"]["test"]["NDCG@10"])' "$1"
}

# Peak memory in use on the GPU while the cuda run trains (nvidia-smi, every 200 ms).
nvidia-smi --query-gpu=memory.used --format=csv,noheader,nounits -lms 200 >"$build/gpu-memory.log" 2>/dev/null &
sampler=$!
gpu_json="$(train cuda)"
kill "$sampler" 2>/dev/null || true
gpu_memory="$(sort -n "$build/gpu-memory.log" | tail -n1)"
cpu_json="$(train cpu)"
read -r gpu_run gpu_epoch gpu_ndcg <<<"$(summary "$gpu_json")"
read -r cpu_run cpu_epoch cpu_ndcg <<<"$(summary "$cpu_json")"
echo "SASRec on ML-1M, maxlen 200, $epochs epoch(s):"
echo "  cuda: ${gpu_epoch} s per epoch (with validation), test NDCG@10 ${gpu_ndcg} (100 sampled negatives), peak GPU memory ${gpu_memory} MiB"
echo "  cpu:  ${cpu_epoch} s per epoch (with validation), test NDCG@10 ${cpu_ndcg}"

# Scored and explained on the GPU it trained on, then on the processor alone (device-neutral checkpoints).
score() { # label, env -> full-ranking NDCG@10 and the seconds it took
  local start end
  start=$(date +%s.%N)
  env "${@:2}" "$cli" evaluate --project "$project" --run "$gpu_run" --protocol loo-full --json | tail -n1 >"$build/eval.json"
  end=$(date +%s.%N)
  "$python" -c 'import json,sys; j=json.load(open(sys.argv[1])); print("  the cuda run scored on the %s: full-ranking NDCG@10 %.4f in %.1f s" % (sys.argv[2], j["metrics"]["NDCG@10"], float(sys.argv[4]) - float(sys.argv[3])))' \
    "$build/eval.json" "$1" "$start" "$end"
}
score gpu CUDA_VISIBLE_DEVICES="${CUDA_VISIBLE_DEVICES:-0}"
score cpu CUDA_VISIBLE_DEVICES=""
top="$("$cli" recommend --project "$project" --run "$gpu_run" --user '#0' --top 1 --json | tail -n1 |
  "$python" -c 'import json,sys; print(json.load(sys.stdin)["recommendations"][0]["item"])')"
"$cli" explain --project "$project" --run "$gpu_run" --user '#0' --item "$top" --counterfactual --json | tail -n1 |
  "$python" -c 'import json,sys; j=json.load(sys.stdin); print("  explained on the GPU: item %s, %d attributions, smallest change %s" % (j["item"], len(j["attributions"]), j["counterfactual"]["removed"]))'

# Two processes on the GPU(s) there are (NCCL-free: Gloo moves the gradients).
"$cli" --threads 1 train --nproc 2 --project "$project" --dataset ml1m --model sasrec --json \
  --set maxlen=200 --set epochs=1 --set patience=0 --set device=cuda | tail -n1 |
  "$python" -c 'import json,sys; j=json.load(sys.stdin); print("  2 processes, 1 epoch: %s in %.1f s, test NDCG@10 %.4f" % (j["status"], j["seconds"], j["metrics"]["test"]["NDCG@10"]))'
