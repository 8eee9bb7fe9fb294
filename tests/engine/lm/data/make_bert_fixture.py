#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes tests/engine/lm/data/bert-tiny/: a small BERT checkpoint in the Hugging Face layout
(config.json, model.safetensors, vocab.txt, tokenizer_config.json) and expected.safetensors (token
ids, attention masks and the last hidden states).

The encoder here is independent of RecScope's: PyTorch's own nn.TransformerEncoderLayer (post-norm,
GELU, eps 1e-12) over BERT's embeddings, with the weights saved under Hugging Face's names. RecScope's
libtorch BERT must give the same hidden states (tst_bert). Needs Debian's python3-torch; the files
it writes are committed, so the tests do not. Run: /usr/bin/python3 make_bert_fixture.py
"""
import json
import os
import struct

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "bert-tiny")

VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", ".", ",", "!", "(", ")", "-", "'", ":", "|",
         "the", "a", "of", "and", "in", "to", "is", "story", "war", "star", "wars", "love", "comedy",
         "drama", "action", "sci", "fi", "film", "un", "##believ", "##able", "##s", "##ing", "##ed",
         "play", "cafe", "naive", "resume", "toy", "life", "beautiful", "crouching", "tiger",
         "电", "影", "好", "1995", "19", "##95", "2", "##0", "matrix", "new", "hope", "adventure",
         "children", "animation", "thriller", "crime", "horror", "musical", "romance", "western", "$", "\u2026", "b"]

HIDDEN, LAYERS, HEADS, INTERMEDIATE, MAX_POS, TYPES = 32, 2, 4, 64, 40, 2


def save_safetensors(path, tensors):
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        t = t.detach().contiguous()
        dtype = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16", torch.int64: "I64"}[t.dtype]
        raw = t.view(torch.uint8).numpy().tobytes() if t.dtype != torch.int64 else t.numpy().tobytes()
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    header["__metadata__"] = {"format": "pt", "written_by": "make_bert_fixture.py"}
    text = json.dumps(header).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def main():
    torch.manual_seed(1995)
    os.makedirs(OUT, exist_ok=True)
    words = torch.nn.Embedding(len(VOCAB), HIDDEN, padding_idx=0)
    positions = torch.nn.Embedding(MAX_POS, HIDDEN)
    types = torch.nn.Embedding(TYPES, HIDDEN)
    norm = torch.nn.LayerNorm(HIDDEN, eps=1e-12)
    layers = [torch.nn.TransformerEncoderLayer(HIDDEN, HEADS, INTERMEDIATE, dropout=0.0, activation="gelu",
                                               layer_norm_eps=1e-12, batch_first=True, norm_first=False)
              for _ in range(LAYERS)]
    with torch.no_grad():  # LayerNorm weights away from 1/0 so that a swapped name shows
        for ln in [norm] + [m for l in layers for m in (l.norm1, l.norm2)]:
            ln.weight.uniform_(0.5, 1.5)
            ln.bias.uniform_(-0.2, 0.2)
        for l in layers:
            l.self_attn.in_proj_bias.uniform_(-0.2, 0.2)
    for m in [words, positions, types, norm] + layers:
        m.eval()

    # Hugging Face's names, with the "bert." prefix of BertModel checkpoints.
    state = {
        "bert.embeddings.word_embeddings.weight": words.weight,
        "bert.embeddings.position_embeddings.weight": positions.weight,
        "bert.embeddings.token_type_embeddings.weight": types.weight,
        "bert.embeddings.LayerNorm.weight": norm.weight,
        "bert.embeddings.LayerNorm.bias": norm.bias,
    }
    for i, l in enumerate(layers):
        p = f"bert.encoder.layer.{i}."
        w, b = l.self_attn.in_proj_weight, l.self_attn.in_proj_bias
        for j, part in enumerate(["query", "key", "value"]):
            state[p + f"attention.self.{part}.weight"] = w[j * HIDDEN:(j + 1) * HIDDEN]
            state[p + f"attention.self.{part}.bias"] = b[j * HIDDEN:(j + 1) * HIDDEN]
        state[p + "attention.output.dense.weight"] = l.self_attn.out_proj.weight
        state[p + "attention.output.dense.bias"] = l.self_attn.out_proj.bias
        state[p + "attention.output.LayerNorm.weight"] = l.norm1.weight
        state[p + "attention.output.LayerNorm.bias"] = l.norm1.bias
        state[p + "intermediate.dense.weight"] = l.linear1.weight
        state[p + "intermediate.dense.bias"] = l.linear1.bias
        state[p + "output.dense.weight"] = l.linear2.weight
        state[p + "output.dense.bias"] = l.linear2.bias
        state[p + "output.LayerNorm.weight"] = l.norm2.weight
        state[p + "output.LayerNorm.bias"] = l.norm2.bias
    # A pooler as BertModel has; RecScope does not use it and must not be confused by it.
    state["bert.pooler.dense.weight"] = torch.randn(HIDDEN, HIDDEN)
    state["bert.pooler.dense.bias"] = torch.zeros(HIDDEN)
    save_safetensors(os.path.join(OUT, "model.safetensors"), state)

    config = {"architectures": ["BertModel"], "model_type": "bert", "hidden_size": HIDDEN,
              "num_hidden_layers": LAYERS, "num_attention_heads": HEADS, "intermediate_size": INTERMEDIATE,
              "hidden_act": "gelu", "max_position_embeddings": MAX_POS, "type_vocab_size": TYPES,
              "vocab_size": len(VOCAB), "layer_norm_eps": 1e-12, "pad_token_id": 0,
              "position_embedding_type": "absolute", "hidden_dropout_prob": 0.1,
              "attention_probs_dropout_prob": 0.1}
    with open(os.path.join(OUT, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
    with open(os.path.join(OUT, "vocab.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(VOCAB) + "\n")
    with open(os.path.join(OUT, "tokenizer_config.json"), "w") as f:
        json.dump({"do_lower_case": True, "tokenize_chinese_chars": True, "strip_accents": None,
                   "model_max_length": MAX_POS}, f, indent=2)

    # Inputs: right-padded rows of different lengths, token type 0, as RecScope encodes item texts.
    lengths = [9, 5, 12, 3]
    total = max(lengths)
    gen = torch.Generator().manual_seed(7)
    ids = torch.zeros(len(lengths), total, dtype=torch.int64)
    for r, n in enumerate(lengths):
        ids[r, 0] = 2
        ids[r, 1:n - 1] = torch.randint(5, len(VOCAB), (n - 2,), generator=gen)
        ids[r, n - 1] = 3
    mask = (torch.arange(total)[None, :] < torch.tensor(lengths)[:, None]).to(torch.int64)
    with torch.no_grad():
        pos = torch.arange(total)[None, :].expand(len(lengths), total)
        h = norm(words(ids) + positions(pos) + types(torch.zeros_like(ids)))
        for l in layers:
            h = l(h, src_key_padding_mask=mask == 0)
        h = h * mask[:, :, None]  # padded positions are not compared
    save_safetensors(os.path.join(OUT, "expected.safetensors"),
                     {"input_ids": ids, "attention_mask": mask, "last_hidden_state": h})
    print("wrote", OUT, "with torch", torch.__version__)


if __name__ == "__main__":
    main()
