#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Writes the fuzz targets' seed corpora (tests/fuzz/corpus/<target>/) from the import fixtures and
# from files the engine writes itself. Run once after changing a format; the corpora are committed.
# usage: tests/fuzz/make_seeds.sh BUILD_DIR FUZZ_BUILD_DIR   (recscope-cli and make_crypt_seed)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cli="$1/app/recscope-cli"; cryptseed="$2/make_crypt_seed"
fix="$root/tests/engine/import/data"
out="$here/corpus"
cut=$'\n--8<--\n'
seed() { # seed TARGET NAME FLAGS FILE... : the flags byte, then the files joined by cut lines
  local target=$1 name=$2 flags=$3; shift 3
  mkdir -p "$out/$target"
  { [ -n "$flags" ] && printf "\\x$flags"; local first=1
    for f in "$@"; do [ $first = 1 ] || printf '%s' "$cut"; first=0; cat "$f"; done; } > "$out/$target/$name"
}
rm -rf "$out"; mkdir -p "$out"
for f in bad_rating.csv quoted_bom_crlf.csv semicolon_order.csv truncated.csv header_only.csv; do
  seed csv "${f%.*}" 01 "$fix/$f"; done
seed csv latin1-noheader 40 "$fix/latin1_noheader.tsv"
seed csv items 00 "$fix/bad_rating.csv" "$fix/items_quoted.csv"
seed csv skip-report-not-utf8 41 "$fix/skip_report_not_utf8.csv"   # issue 30
seed sasrec mini 00 "$fix/sasrec_mini.txt" "$fix/sasrec_items.tsv"
seed recbole mini 01 "$fix/recbole-mini/recbole-mini.inter" "$fix/recbole-mini/recbole-mini.item" "$fix/recbole-mini/recbole-mini.user"
seed movielens_1m mini 01 "$fix/ml-1m-mini/ratings.dat" "$fix/ml-1m-mini/movies.dat" "$fix/ml-1m-mini/users.dat"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
sed 's/::/\t/g' "$fix/ml-1m-mini/ratings.dat" > "$tmp/u.data"
awk -F'::' '{printf "%s|%s|01-Jan-1995||http://x|0|0|1|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0\n", $1, $2}' "$fix/ml-1m-mini/movies.dat" > "$tmp/u.item"
awk -F'::' '{printf "%s|%s|%s|writer|%s\n", $1, $3, $2, $5}' "$fix/ml-1m-mini/users.dat" > "$tmp/u.user"
seed movielens_100k mini 00 "$tmp/u.data" "$tmp/u.item" "$tmp/u.user"
seed amazon_jsonl mini 01 "$fix/amazon/reviews.jsonl" "$fix/amazon/meta.jsonl"
printf 'un ##believ ##able, 天使 CAFÉ… 2000' > "$tmp/text"
bert="$root/tests/engine/lm/data/bert-tiny"
seed wordpiece bert-tiny "" "$bert/vocab.txt" "$bert/tokenizer_config.json" /dev/null "$tmp/text"
# A pretrained encoder's folder: config.json (with a pooling file), safetensors files.
seed bertconfig bert-tiny "" "$bert/config.json"
printf '{"word_embedding_dimension": 32, "pooling_mode_cls_token": true, "pooling_mode_mean_tokens": false}' > "$tmp/pooling.json"
seed bertconfig bert-tiny-cls "" "$bert/config.json" "$tmp/pooling.json"
mkdir -p "$out/safetensors"
cp "$bert/expected.safetensors" "$out/safetensors/expected"
python3 - "$out/safetensors/two" <<'PY'
import json, struct, sys
header = json.dumps({"__metadata__": {"format": "pt"},
                     "a": {"dtype": "F16", "shape": [2, 2], "data_offsets": [0, 8]},
                     "b": {"dtype": "I64", "shape": [1], "data_offsets": [8, 16]}}).encode()
open(sys.argv[1], "wb").write(struct.pack("<Q", len(header)) + header + bytes(16))
PY
# Files the engine writes: a small project with two runs, its run configurations, key files.
"$cli" import --project "$tmp/p.recscope" --format recbole --pseudonymize --pseudonym-key "$tmp/k.key" "$fix/recbole-mini" >/dev/null
"$cli" train --project "$tmp/p.recscope" --dataset 1 --model pop >/dev/null
"$cli" train --project "$tmp/p.recscope" --dataset 1 --model sasrec --set epochs=1 --set maxlen=8 --set hidden=8 >/dev/null
# An int8 checkpoint of the SASRec run (compress writes it as a new run).
"$cli" compress --project "$tmp/p.recscope" --run 2 --quantize int8 >/dev/null
mkdir -p "$out/checkpoint"
sqlite3 "$tmp/p.recscope" "SELECT writefile('$out/checkpoint/sasrec-int8', state) FROM checkpoints WHERE run_id = 3 AND kind = 'best'" >/dev/null
sqlite3 "$tmp/p.recscope" "DELETE FROM runs WHERE id = 3" >/dev/null
sqlite3 "$tmp/p.recscope" "PRAGMA wal_checkpoint(TRUNCATE); DELETE FROM checkpoints; VACUUM;" >/dev/null
mkdir -p "$out/project" "$out/runconfig" "$out/keyfile" "$out/crypt"
cp "$tmp/p.recscope" "$out/project/small"
i=0; sqlite3 "$tmp/p.recscope" "SELECT config_json FROM runs" | while read -r c; do i=$((i+1)); printf '%s' "$c" > "$out/runconfig/run$i"; done
cp "$tmp/k.key" "$out/keyfile/key"
printf 'recscope-pseudonym-key 1 abcd\n' > "$out/keyfile/short"
"$cryptseed" "$tmp/c.recscope"
cp "$tmp/c.recscope" "$out/crypt/small"
du -sh "$out"; ls "$out"
