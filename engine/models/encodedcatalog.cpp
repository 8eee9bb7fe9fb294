// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/models/encodedcatalog.h"

#include "engine/core/errors.h"
#include "engine/core/fingerprint.h"
#include "engine/core/progress.h"

#include <nlohmann/json.hpp>
#include <torch/serialize.h>

#include <cstdio>
#include <sstream>

namespace recscope::engine {

namespace {

using Json = nlohmann::json;

torch::Tensor bytesTensor(const std::string &s) {
    return torch::from_blob(const_cast<char *>(s.data()), {static_cast<std::int64_t>(s.size())}, torch::kUInt8).clone();
}

std::string tensorBytes(const torch::Tensor &t) {
    const auto c = t.contiguous();
    return std::string(static_cast<const char *>(c.data_ptr()), static_cast<std::size_t>(c.numel()));
}

} // namespace

std::string EncodedCatalog::serialize() const {
    const Json meta{{"vocabulary", config.vocabulary},
                    {"hidden", config.hidden},
                    {"layers", config.layers},
                    {"heads", config.heads},
                    {"intermediate", config.intermediate},
                    {"max_positions", config.maxPositions},
                    {"token_types", config.tokenTypes},
                    {"eps", config.eps},
                    {"dropout", config.dropout},
                    {"attention_dropout", config.attentionDropout},
                    {"activation", config.activation},
                    {"pooling", pooling == Pooling::Cls ? "cls" : "mean"},
                    {"tuned_layers", tunedLayers}};
    torch::serialize::OutputArchive archive;
    archive.write("meta", bytesTensor(meta.dump()));
    if (frozen()) {
        archive.write("vectors", vectors);
    } else {
        archive.write("states", states.to(torch::kHalf)); // half the size; read back exactly (rounded when made)
        archive.write("mask", mask);
    }
    std::ostringstream out;
    archive.save_to(out);
    return out.str();
}

EncodedCatalog EncodedCatalog::deserialize(const std::string &state) {
    EncodedCatalog c;
    try {
        std::istringstream in(state);
        torch::serialize::InputArchive archive;
        archive.load_from(in);
        torch::Tensor metaBytes;
        archive.read("meta", metaBytes);
        const Json m = Json::parse(tensorBytes(metaBytes));
        c.config.vocabulary = m.at("vocabulary");
        c.config.hidden = m.at("hidden");
        c.config.layers = m.at("layers");
        c.config.heads = m.at("heads");
        c.config.intermediate = m.at("intermediate");
        c.config.maxPositions = m.at("max_positions");
        c.config.tokenTypes = m.at("token_types");
        c.config.eps = m.at("eps");
        c.config.dropout = m.at("dropout");
        c.config.attentionDropout = m.at("attention_dropout");
        c.config.activation = m.at("activation");
        c.pooling = m.at("pooling") == "cls" ? Pooling::Cls : Pooling::Mean;
        c.tunedLayers = m.at("tuned_layers");
        if (c.frozen()) {
            archive.read("vectors", c.vectors);
        } else {
            archive.read("states", c.states);
            c.states = c.states.to(torch::kFloat);
            archive.read("mask", c.mask);
        }
    } catch (const EngineError &) {
        throw;
    } catch (const std::exception &e) {
        throw EngineError(ErrorKind::Project, std::string("the stored encoder cache is damaged: ") + e.what());
    }
    return c;
}

std::string encodedCatalogKey(const std::string &fingerprint, const std::vector<std::string> &texts, int textLength, int tunedLayers) {
    Fingerprint f;
    for (const auto &t : texts) {
        const std::uint64_t n = t.size();
        f.add(&n, sizeof n).add(t);
    }
    return fingerprint + "/text " + f.hex() + "/len " + std::to_string(textLength) + "/tuned " + std::to_string(tunedLayers);
}

EncodedCatalog encodeCatalog(PretrainedEncoder &encoder, const std::vector<std::string> &texts, int textLength, int tunedLayers,
                             Progress &progress) {
    const auto layers = encoder.config.layers;
    if (tunedLayers >= layers)
        throw EngineError(ErrorKind::Usage, "encoder_layers=" + std::to_string(tunedLayers) + ": the encoder has " + std::to_string(layers) +
                                                " layers; fine-tune fewer (the first stays frozen and is read once)");
    EncodedCatalog out;
    out.config = encoder.config;
    out.pooling = encoder.pooling;
    out.tunedLayers = tunedLayers;
    const auto [ids, mask] = encoder.tokenize(texts, textLength);
    const auto n = ids.size(0), t = ids.size(1), h = encoder.config.hidden;
    torch::InferenceMode inference;
    encoder.model->eval();
    if (out.frozen())
        out.vectors = torch::empty({n, h});
    else
        out.states = torch::empty({n, t, h});
    out.mask = mask;
    // Texts of like length together, so that a batch is cut to little padding (about half the
    // work on ML-1M's titles).
    const auto order = std::get<1>(mask.sum(1).sort());
    constexpr std::int64_t kBatch = 64;
    for (std::int64_t from = 0; from < n; from += kBatch) {
        throwIfCancelled(progress);
        const auto to = std::min(n, from + kBatch);
        const auto rows = order.slice(0, from, to);
        auto m = mask.index_select(0, rows);
        const auto width = std::max<std::int64_t>(1, m.sum(1).max().item<std::int64_t>()); // right-padded: cut the common tail
        m = m.slice(1, 0, width);
        const auto batch = ids.index_select(0, rows).slice(1, 0, width);
        const auto states = encoder.model->run(encoder.model->embed(batch), m, 0, layers - tunedLayers);
        if (out.frozen()) {
            out.vectors.index_copy_(0, rows, poolStates(states, m, encoder.pooling));
        } else {
            auto padded = torch::zeros({to - from, t, h});
            padded.slice(1, 0, width).copy_(states.to(torch::kHalf)); // rounded as stored
            out.states.index_copy_(0, rows, padded);
        }
        progress.report(static_cast<double>(to) / static_cast<double>(n),
                        {Stage::EncodingItems, {std::to_string(to), std::to_string(n)}});
    }
    if (out.frozen())
        out.mask = torch::Tensor();
    return out;
}

} // namespace recscope::engine
