// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/lm/bertconfig.h"

#include "engine/core/errors.h"
#include "engine/lm/files.h"

namespace recscope::engine {

namespace {

using Json = nlohmann::json;

// The largest sizes RecScope builds a model for: beyond them config.json is damaged, not a BERT.
constexpr std::int64_t kMaxVocabulary = 4'000'000, kMaxWidth = 1 << 16, kMaxLayers = 256, kMaxPositions = 1 << 20,
                       kMaxTokenTypes = 1024;

// A config file's values, each checked for its type, with the file and key in every refusal.
class Settings {
public:
    Settings(const Json &j, const std::string &path) : m_j(j), m_path(path) {}

    void size(const char *key, std::int64_t &field, bool required, std::int64_t most) const {
        if (!m_j.contains(key)) {
            if (required)
                throw EngineError(ErrorKind::BadInput, "the size is missing", {m_path, 0, key});
            return;
        }
        const auto &v = m_j[key];
        if (!v.is_number_integer() || v.get<std::int64_t>() <= 0)
            throw EngineError(ErrorKind::BadInput, "expected a positive whole number", {m_path, 0, key});
        if (v.get<std::int64_t>() > most)
            throw EngineError(ErrorKind::BadInput, std::to_string(v.get<std::int64_t>()) + " is larger than any BERT-family model (at most " +
                                                       std::to_string(most) + ")", {m_path, 0, key});
        field = v.get<std::int64_t>();
    }
    void number(const char *key, double &field, double low, double high) const {
        if (!m_j.contains(key) || m_j[key].is_null())
            return;
        const auto &v = m_j[key];
        if (!v.is_number() || !(v.get<double>() >= low && v.get<double>() < high))
            throw EngineError(ErrorKind::BadInput, "expected a number from " + std::to_string(low) + " up to " + std::to_string(high),
                              {m_path, 0, key});
        field = v.get<double>();
    }
    std::string text(const char *key, const std::string &fallback) const {
        if (!m_j.contains(key) || m_j[key].is_null())
            return fallback;
        if (!m_j[key].is_string())
            throw EngineError(ErrorKind::BadInput, "expected a string", {m_path, 0, key});
        return m_j[key].get<std::string>();
    }
    bool flag(const char *key) const {
        if (!m_j.contains(key) || m_j[key].is_null())
            return false;
        if (!m_j[key].is_boolean())
            throw EngineError(ErrorKind::BadInput, "expected true or false", {m_path, 0, key});
        return m_j[key].get<bool>();
    }

private:
    const Json &m_j;
    const std::string &m_path;
};

Json readObject(const std::string &path) {
    Json j = readJsonFile(path);
    if (!j.is_object())
        throw EngineError(ErrorKind::BadInput, "is not a JSON object", {path});
    return j;
}

} // namespace

BertConfig BertConfig::fromFile(const std::string &path) {
    const Json j = readObject(path);
    const Settings s(j, path);
    const std::string type = s.text("model_type", "");
    bool bertArchitecture = false;
    if (j.contains("architectures") && j["architectures"].is_array())
        for (const auto &a : j["architectures"])
            bertArchitecture |= a.is_string() && a.get<std::string>().rfind("Bert", 0) == 0;
    if (type != "bert" && !(type.empty() && bertArchitecture))
        throw EngineError(ErrorKind::BadInput,
                          "model_type '" + type + "' is not supported: RecScope reads BERT-family encoders (model_type \"bert\": "
                          "BERT, MiniLM and sentence-transformers models built on BERT)",
                          {path, 0, "model_type"});
    BertConfig c;
    s.size("vocab_size", c.vocabulary, true, kMaxVocabulary);
    s.size("hidden_size", c.hidden, true, kMaxWidth);
    s.size("num_hidden_layers", c.layers, true, kMaxLayers);
    s.size("num_attention_heads", c.heads, true, kMaxWidth);
    s.size("intermediate_size", c.intermediate, true, 4 * kMaxWidth);
    s.size("max_position_embeddings", c.maxPositions, false, kMaxPositions);
    s.size("type_vocab_size", c.tokenTypes, false, kMaxTokenTypes);
    if (c.hidden % c.heads != 0)
        throw EngineError(ErrorKind::BadInput,
                          "hidden_size " + std::to_string(c.hidden) + " is not a multiple of num_attention_heads " + std::to_string(c.heads),
                          {path, 0, "num_attention_heads"});
    s.number("layer_norm_eps", c.eps, 0, 1);
    s.number("hidden_dropout_prob", c.dropout, 0, 1);
    s.number("attention_probs_dropout_prob", c.attentionDropout, 0, 1);
    c.activation = s.text("hidden_act", c.activation);
    if (c.activation != "gelu" && c.activation != "gelu_new" && c.activation != "gelu_pytorch_tanh" && c.activation != "relu")
        throw EngineError(ErrorKind::BadInput, "hidden_act '" + c.activation + "' is not supported (gelu, gelu_new, gelu_pytorch_tanh, relu)",
                          {path, 0, "hidden_act"});
    const std::string positions = s.text("position_embedding_type", "absolute");
    if (positions != "absolute")
        throw EngineError(ErrorKind::BadInput, "position_embedding_type '" + positions + "' is not supported (absolute)",
                          {path, 0, "position_embedding_type"});
    return c;
}

Pooling poolingFromFile(const std::string &path) {
    const Json j = readObject(path);
    const Settings s(j, path);
    return s.flag("pooling_mode_cls_token") && !s.flag("pooling_mode_mean_tokens") ? Pooling::Cls : Pooling::Mean;
}

} // namespace recscope::engine
