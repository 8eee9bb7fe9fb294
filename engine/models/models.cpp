// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/models/models.h"
#include "engine/models/int8format.h"

#include "engine/core/errors.h"
#include "engine/core/progress.h"
#include "engine/data/split.h"
#include "engine/settings/trainconfig.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>

namespace recscope::engine::detail {

SasRecOptions sequenceOptions(const TrainConfig &c, std::int64_t numItems) {
    SasRecOptions o;
    o.numItems = numItems;
    o.maxlen = c.maxlen;
    o.hidden = c.hidden;
    o.layers = c.layers;
    o.heads = c.heads;
    o.ffn = c.ffn;
    o.gelu = c.activation == Activation::Gelu;
    o.dropout = c.dropout;
    o.causal = !c.info().bidirectional;
    o.maskToken = c.info().bidirectional;
    return o;
}

SasRec makeTransformer(const TrainConfig &c, std::int64_t numItems) { return SasRec(sequenceOptions(c, numItems)); }


TextRec makeTextRec(const TrainConfig &c, std::int64_t numItems, const TextTokenizer &tokenizer, const std::vector<std::string> &texts) {
    TextRecOptions o;
    o.sequence = sequenceOptions(c, numItems);
    o.vocabulary = tokenizer.vocabularySize();
    o.fuseIds = c.fusion == Fusion::TextAndId;
    o.idDropout = c.idDropout;
    return TextRec(o, tokenizer.encodeAll(texts, c.textLength));
}

TextRec makeTextRec(const TrainConfig &c, std::int64_t numItems, const EncodedCatalog &catalog) {
    TextRecOptions o;
    o.sequence = sequenceOptions(c, numItems);
    o.fuseIds = c.fusion == Fusion::TextAndId;
    o.idDropout = c.idDropout;
    return TextRec(o, catalog);
}

void fillScoringInput(const TrainConfig &c, const std::vector<std::int32_t> &seq, std::int32_t extra, std::int64_t numItems,
                      std::int64_t width, std::int64_t *out) {
    if (!c.info().bidirectional) {
        fillInput(seq, extra, width, out);
        return;
    }
    std::vector<std::int32_t> withExtra = seq;
    if (extra > 0)
        withExtra.push_back(extra);
    fillInput(withExtra, static_cast<std::int32_t>(numItems + 1), width, out);
}

namespace {
template <typename T>
void put(std::string &out, const T &v) { out.append(reinterpret_cast<const char *>(&v), sizeof v); }
std::vector<std::pair<std::string, torch::Tensor>> stateOf(torch::nn::Module &module) {
    std::vector<std::pair<std::string, torch::Tensor>> out;
    for (const auto &p : module.named_parameters())
        out.emplace_back(p.key(), p.value());
    for (const auto &b : module.named_buffers())
        if (b.value().defined() && b.value().is_floating_point())
            out.emplace_back(b.key(), b.value());
    return out;
}
} // namespace

bool isQuantized(const std::string &state) { return isInt8Checkpoint(state); }

namespace {
double zeroShare(torch::nn::Module &module) {
    double zeros = 0, all = 0;
    for (const auto &p : module.parameters())
        if (p.dim() == 2) {
            zeros += static_cast<double>(p.eq(0).sum().item<std::int64_t>());
            all += static_cast<double>(p.numel());
        }
    return all > 0 ? zeros / all : 0;
}
} // namespace

double pruneUnstructured(torch::nn::Module &module, double fraction) {
    torch::NoGradGuard noGrad;
    std::vector<torch::Tensor> matrices;
    for (const auto &p : module.parameters())
        if (p.dim() == 2)
            matrices.push_back(p);
    if (matrices.empty() || fraction <= 0)
        return zeroShare(module);
    std::vector<torch::Tensor> flat;
    for (const auto &m : matrices)
        flat.push_back(m.detach().abs().reshape({-1}));
    const auto all = torch::cat(flat);
    const auto cut = std::min<std::int64_t>(all.numel(), static_cast<std::int64_t>(std::llround(fraction * static_cast<double>(all.numel()))));
    if (cut > 0) {
        const double threshold = std::get<0>(torch::kthvalue(all, cut)).item<double>();
        for (auto &m : matrices)
            m.masked_fill_(m.abs() <= threshold, 0.0);
    }
    return zeroShare(module);
}

double pruneHeads(torch::nn::Module &module, int heads, double fraction) {
    torch::NoGradGuard noGrad;
    // Each attention block: its v (rows per head) and out (columns per head) projections.
    struct Head {
        torch::Tensor v, vBias, out;
        std::int64_t from, to;
        double norm;
    };
    std::vector<Head> all;
    for (const auto &child : module.named_modules()) {
        const auto sub = child.value()->named_children();
        torch::Tensor v, vb, out;
        for (const auto &c : sub) {
            if (c.key() == "v") {
                v = c.value()->named_parameters()["weight"];
                vb = c.value()->named_parameters()["bias"];
            } else if (c.key() == "out") {
                out = c.value()->named_parameters()["weight"];
            }
        }
        if (!v.defined() || !out.defined())
            continue;
        const auto d = v.size(0) / heads;
        for (int h = 0; h < heads; ++h) {
            const auto rows = v.slice(0, h * d, (h + 1) * d), cols = out.slice(1, h * d, (h + 1) * d);
            all.push_back({v, vb, out, h * d, (h + 1) * d, std::sqrt(rows.pow(2).sum().item<double>() + cols.pow(2).sum().item<double>())});
        }
    }
    std::sort(all.begin(), all.end(), [](const Head &a, const Head &b) { return a.norm < b.norm; });
    const auto cut = std::min(all.size(), static_cast<std::size_t>(std::llround(fraction * static_cast<double>(all.size()))));
    for (std::size_t i = 0; i < cut; ++i) {
        auto &h = all[i];
        h.v.slice(0, h.from, h.to).zero_();
        if (h.vBias.defined())
            h.vBias.slice(0, h.from, h.to).zero_();
        h.out.slice(1, h.from, h.to).zero_();
    }
    return zeroShare(module);
}

std::string quantizeInt8(torch::nn::Module &module) {
    torch::NoGradGuard noGrad;
    std::string out(kInt8Magic);
    const auto state = stateOf(module);
    put(out, static_cast<std::uint32_t>(state.size()));
    for (const auto &[name, tensor] : state) {
        const auto t = tensor.detach().to(torch::kCPU, torch::kFloat).contiguous();
        put(out, static_cast<std::uint32_t>(name.size()));
        out += name;
        put(out, static_cast<std::uint8_t>(t.dim()));
        for (auto d : t.sizes())
            put(out, static_cast<std::int64_t>(d));
        const bool matrix = t.dim() == 2;
        put(out, static_cast<std::uint8_t>(matrix ? 1 : 0));
        if (!matrix) {
            out.append(reinterpret_cast<const char *>(t.data_ptr<float>()), static_cast<std::size_t>(t.numel()) * sizeof(float));
            continue;
        }
        // Symmetric per-row scales: a row's largest magnitude maps to 127.
        const auto scale = (t.abs().amax(1) / 127.0).clamp_min(1e-12).contiguous();
        const auto q = torch::round(t / scale.unsqueeze(1)).clamp(-127, 127).to(torch::kChar).contiguous();
        out.append(reinterpret_cast<const char *>(scale.data_ptr<float>()), static_cast<std::size_t>(scale.numel()) * sizeof(float));
        out.append(reinterpret_cast<const char *>(q.data_ptr<std::int8_t>()), static_cast<std::size_t>(q.numel()));
    }
    return out;
}

void loadQuantized(torch::nn::Module &module, const std::string &in) {
    torch::NoGradGuard noGrad;
    std::map<std::string, torch::Tensor> target;
    for (auto &[name, tensor] : stateOf(module))
        target[name] = tensor;
    for (const auto &e : readInt8Checkpoint(in)) {
        const auto it = target.find(e.name);
        if (it == target.end() || it->second.sizes() != c10::IntArrayRef(e.shape))
            throw EngineError(ErrorKind::Project, "the int8 checkpoint does not fit this model (" + e.name + ")");
        torch::Tensor value;
        if (e.matrix) {
            auto scale = torch::empty({e.shape[0], 1}, torch::kFloat);
            std::memcpy(scale.data_ptr<float>(), in.data() + e.scales, static_cast<std::size_t>(e.shape[0]) * sizeof(float));
            auto q = torch::empty(e.shape, torch::kChar);
            std::memcpy(q.data_ptr<std::int8_t>(), in.data() + e.values, e.elements);
            value = q.to(torch::kFloat) * scale;
        } else {
            value = torch::empty(e.shape, torch::kFloat);
            std::memcpy(value.data_ptr<float>(), in.data() + e.values, e.elements * sizeof(float));
        }
        it->second.copy_(value);
    }
}

std::int64_t scoringLength(const TrainConfig &c, std::size_t history, bool extra) {
    const auto n = static_cast<std::int64_t>(history) + (extra ? 1 : 0) + (c.info().bidirectional ? 1 : 0);
    return std::clamp<std::int64_t>(n, 1, c.maxlen);
}

} // namespace recscope::engine::detail
