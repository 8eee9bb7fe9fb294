// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/lm/bert.h"

#include "engine/core/errors.h"
#include "engine/core/fingerprint.h"
#include "engine/lm/pretrained.h"
#include "engine/lm/safetensors.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>

namespace recscope::engine {

namespace fs = std::filesystem;

namespace {

std::string shapeText(c10::IntArrayRef shape) {
    std::string s = "[";
    for (std::size_t i = 0; i < shape.size(); ++i)
        s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

// A Linear with Hugging Face's module names under it ("dense.weight").
struct DenseImpl : torch::nn::Module {
    DenseImpl(std::int64_t in, std::int64_t out) { dense = register_module("dense", torch::nn::Linear(in, out)); }
    torch::nn::Linear dense{nullptr};
};
TORCH_MODULE(Dense);

// dense, dropout, added to the block's input, LayerNorm: BertSelfOutput and BertOutput.
struct AddNormImpl : torch::nn::Module {
    AddNormImpl(std::int64_t in, std::int64_t out, double eps) {
        dense = register_module("dense", torch::nn::Linear(in, out));
        norm = register_module("LayerNorm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({out}).eps(eps)));
    }
    torch::Tensor forward(const torch::Tensor &x, const torch::Tensor &input, double dropout) {
        return norm(torch::dropout(dense(x), dropout, is_training()) + input);
    }
    torch::nn::Linear dense{nullptr};
    torch::nn::LayerNorm norm{nullptr};
};
TORCH_MODULE(AddNorm);

struct SelfAttentionImpl : torch::nn::Module {
    explicit SelfAttentionImpl(std::int64_t h) {
        query = register_module("query", torch::nn::Linear(h, h));
        key = register_module("key", torch::nn::Linear(h, h));
        value = register_module("value", torch::nn::Linear(h, h));
    }
    torch::nn::Linear query{nullptr}, key{nullptr}, value{nullptr};
};
TORCH_MODULE(SelfAttention);

struct AttentionImpl : torch::nn::Module {
    AttentionImpl(std::int64_t h, double eps) {
        self = register_module("self", SelfAttention(h));
        output = register_module("output", AddNorm(h, h, eps));
    }
    SelfAttention self{nullptr};
    AddNorm output{nullptr};
};
TORCH_MODULE(Attention);

} // namespace

// ------------------------------------------------------------------ modules

struct BertLayerImpl::Parts {
    Attention attention{nullptr};
    Dense intermediate{nullptr};
    AddNorm output{nullptr};
};

BertLayerImpl::BertLayerImpl(const BertConfig &c) : m(std::make_shared<Parts>()), m_config(c) {
    m->attention = register_module("attention", Attention(c.hidden, c.eps));
    m->intermediate = register_module("intermediate", Dense(c.hidden, c.intermediate));
    m->output = register_module("output", AddNorm(c.intermediate, c.hidden, c.eps));
}

torch::Tensor BertLayerImpl::forward(const torch::Tensor &hidden, const torch::Tensor &mask) {
    const auto b = hidden.size(0), t = hidden.size(1), heads = m_config.heads, d = m_config.hidden / heads;
    auto &self = *m->attention->self;
    const auto split = [&](const torch::Tensor &x) { return x.view({b, t, heads, d}).transpose(1, 2); }; // [B, h, T, d]
    const auto q = split(self.query(hidden)), k = split(self.key(hidden)), v = split(self.value(hidden));
    auto scores = torch::matmul(q, k.transpose(-1, -2)) / std::sqrt(static_cast<double>(d));
    scores = scores.masked_fill(mask.eq(0).view({b, 1, 1, t}), std::numeric_limits<float>::lowest());
    const auto probs = torch::dropout(torch::softmax(scores, -1), m_config.attentionDropout, is_training());
    const auto context = torch::matmul(probs, v).transpose(1, 2).reshape({b, t, m_config.hidden});
    const auto attended = m->attention->output->forward(context, hidden, m_config.dropout);
    auto inner = m->intermediate->dense(attended);
    if (m_config.activation == "gelu")
        inner = torch::gelu(inner);
    else if (m_config.activation == "relu")
        inner = torch::relu(inner);
    else
        inner = torch::gelu(inner, "tanh");
    return m->output->forward(inner, attended, m_config.dropout);
}

struct BertEncoderImpl::Embeddings : torch::nn::Module {
    explicit Embeddings(const BertConfig &c) {
        words = register_module("word_embeddings", torch::nn::Embedding(c.vocabulary, c.hidden));
        positions = register_module("position_embeddings", torch::nn::Embedding(c.maxPositions, c.hidden));
        types = register_module("token_type_embeddings", torch::nn::Embedding(c.tokenTypes, c.hidden));
        norm = register_module("LayerNorm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({c.hidden}).eps(c.eps)));
    }
    torch::nn::Embedding words{nullptr}, positions{nullptr}, types{nullptr};
    torch::nn::LayerNorm norm{nullptr};
};

struct BertEncoderImpl::Layers : torch::nn::Module {
    explicit Layers(const BertConfig &c) {
        layer = register_module("layer", torch::nn::ModuleList());
        for (std::int64_t i = 0; i < c.layers; ++i)
            layer->push_back(BertLayer(c));
    }
    torch::nn::ModuleList layer{nullptr};
};

BertEncoderImpl::BertEncoderImpl(const BertConfig &c) : m_config(c) {
    m_embeddings = register_module("embeddings", std::make_shared<Embeddings>(c));
    m_encoder = register_module("encoder", std::make_shared<Layers>(c));
    m_layers = m_encoder->layer;
}

torch::Tensor BertEncoderImpl::embed(const torch::Tensor &ids) {
    const auto t = ids.size(1);
    if (t > m_config.maxPositions)
        throw EngineError(ErrorKind::Usage, "a text of " + std::to_string(t) + " tokens is longer than the encoder's " +
                                                std::to_string(m_config.maxPositions) + " positions");
    auto &e = *m_embeddings;
    const auto positions = torch::arange(t, torch::TensorOptions().dtype(torch::kLong).device(ids.device()));
    const auto x = e.words(ids) + e.positions(positions).unsqueeze(0) + e.types->weight[0];
    return torch::dropout(e.norm(x), m_config.dropout, is_training());
}

torch::Tensor BertEncoderImpl::run(torch::Tensor hidden, const torch::Tensor &mask, std::int64_t from, std::int64_t to) {
    for (auto i = from; i < to; ++i)
        hidden = layer(i)->forward(hidden, mask);
    return hidden;
}

void BertEncoderImpl::loadWeights(const std::map<std::string, torch::Tensor> &state, const std::string &file) {
    std::string prefix;
    if (state.count("bert.embeddings.word_embeddings.weight"))
        prefix = "bert.";
    else if (!state.count("embeddings.word_embeddings.weight"))
        throw EngineError(ErrorKind::BadInput,
                          "no BERT word embeddings (embeddings.word_embeddings.weight, with or without \"bert.\"): not a BERT-family checkpoint",
                          {file});
    torch::NoGradGuard noGrad;
    for (auto &p : named_parameters()) {
        const std::string name = prefix + p.key();
        auto it = state.find(name);
        if (it == state.end() && name.find("LayerNorm.") != std::string::npos) { // TF-era names
            const auto dot = name.rfind('.');
            const std::string old = name.substr(0, dot + 1) + (name.substr(dot + 1) == "weight" ? "gamma" : "beta");
            it = state.find(old);
        }
        if (it == state.end())
            throw EngineError(ErrorKind::BadInput, "the checkpoint lacks this tensor", {file, 0, name});
        if (it->second.sizes() != p.value().sizes())
            throw EngineError(ErrorKind::BadInput,
                              "its shape is " + shapeText(it->second.sizes()) + ", config.json makes it " + shapeText(p.value().sizes()),
                              {file, 0, name});
        p.value().copy_(it->second);
    }
}

torch::Tensor poolStates(const torch::Tensor &states, const torch::Tensor &mask, Pooling pooling) {
    if (pooling == Pooling::Cls)
        return states.select(1, 0);
    const auto keep = mask.unsqueeze(-1).to(states.dtype());
    return (states * keep).sum(1) / keep.sum(1).clamp_min(1);
}

// ------------------------------------------------------------------ a checkpoint folder

std::pair<torch::Tensor, torch::Tensor> PretrainedEncoder::tokenize(const std::vector<std::string> &texts, int length) const {
    length = static_cast<int>(std::min<std::int64_t>(length, config.maxPositions));
    std::vector<std::vector<int>> rows;
    rows.reserve(texts.size());
    std::size_t longest = 1;
    for (const auto &t : texts) {
        rows.push_back(tokenizer->encodeForModel(t, length));
        longest = std::max(longest, rows.back().size());
    }
    const auto n = static_cast<std::int64_t>(texts.size()), w = static_cast<std::int64_t>(longest);
    auto ids = torch::full({n, w}, tokenizer->padId(), torch::kLong);
    auto mask = torch::zeros({n, w}, torch::kLong);
    auto *ip = ids.data_ptr<std::int64_t>(), *mp = mask.data_ptr<std::int64_t>();
    for (std::int64_t r = 0; r < n; ++r)
        for (std::size_t j = 0; j < rows[static_cast<std::size_t>(r)].size(); ++j) {
            ip[r * w + static_cast<std::int64_t>(j)] = rows[static_cast<std::size_t>(r)][j];
            mp[r * w + static_cast<std::int64_t>(j)] = 1;
        }
    return {ids, mask};
}

namespace {

struct Files {
    fs::path config, weights;
};

Files checkpointFiles(const std::string &folder) {
    std::error_code ec;
    if (folder.empty())
        throw EngineError(ErrorKind::Usage, "no pretrained encoder folder was given");
    if (!fs::is_directory(folder, ec))
        throw EngineError(ErrorKind::BadInput, "not a folder: a pretrained encoder is a Hugging Face checkpoint folder", {folder});
    Files f{fs::path(folder) / "config.json", fs::path(folder) / "model.safetensors"};
    if (!fs::exists(f.config, ec))
        throw EngineError(ErrorKind::BadInput, "not a Hugging Face checkpoint: the folder has no config.json", {folder});
    if (!fs::exists(f.weights, ec)) {
        if (fs::exists(fs::path(folder) / "pytorch_model.bin", ec))
            throw EngineError(ErrorKind::BadInput,
                              "the weights are in pytorch_model.bin only; RecScope reads model.safetensors (Hugging Face's "
                              "save_pretrained writes it, or convert the .bin with the safetensors package)",
                              {folder});
        throw EngineError(ErrorKind::BadInput, "the folder has no model.safetensors", {folder});
    }
    return f;
}

} // namespace

std::string pretrainedFingerprint(const std::string &folder) {
    const auto files = checkpointFiles(folder);
    Fingerprint f;
    f.addFile(files.config.string()).addFile(files.weights.string());
    std::error_code ec;
    for (const char *name : {"vocab.txt", "tokenizer.json", "tokenizer_config.json"})
        if (fs::exists(fs::path(folder) / name, ec))
            f.addFile((fs::path(folder) / name).string());
    return f.hex();
}

PretrainedInfo inspectPretrainedFolder(const std::string &folder) {
    const auto files = checkpointFiles(folder);
    const auto config = BertConfig::fromFile(files.config.string());
    PretrainedInfo info;
    info.layers = config.layers;
    info.hidden = config.hidden;
    info.heads = config.heads;
    info.vocabulary = config.vocabulary;
    info.maxPositions = config.maxPositions;
    info.lowercase = WordPieceTokenizer::fromFolder(folder).options().lowercase;
    return info;
}

PretrainedEncoder loadPretrainedEncoder(const std::string &folder) {
    const auto files = checkpointFiles(folder);
    PretrainedEncoder e;
    e.folder = folder;
    e.config = BertConfig::fromFile(files.config.string());
    e.tokenizer = std::make_shared<WordPieceTokenizer>(WordPieceTokenizer::fromFolder(folder));
    if (e.tokenizer->size() > e.config.vocabulary)
        throw EngineError(ErrorKind::BadInput,
                          "the tokenizer has " + std::to_string(e.tokenizer->size()) + " tokens, more than config.json's vocab_size " +
                              std::to_string(e.config.vocabulary),
                          {folder});
    e.model = BertEncoder(e.config);
    e.model->loadWeights(readSafeTensors(files.weights.string()), files.weights.string());
    e.model->eval();
    // sentence-transformers folders say how they pool in 1_Pooling/config.json.
    std::error_code ec;
    if (const auto pooling = fs::path(folder) / "1_Pooling" / "config.json"; fs::exists(pooling, ec)) {
        e.pooling = poolingFromFile(pooling.string());
    }
    e.fingerprint = pretrainedFingerprint(folder);
    return e;
}

} // namespace recscope::engine
