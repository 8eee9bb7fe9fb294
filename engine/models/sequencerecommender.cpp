// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/models/sequencerecommender.h"

#include "engine/core/device.h"
#include "engine/core/errors.h"
#include "engine/models/models.h"
#include "engine/models/scriptexport.h"

#include <algorithm>
#include <numeric>

namespace recscope::engine::detail {

std::string scoringDevice(const TrainConfig &config) {
    if (config.device == "cpu" || !cudaBuild())
        return "cpu";
    try {
        return resolveDevice(config.device);
    } catch (const EngineError &) { // trained on a GPU this machine lacks
        return "cpu";
    }
}

torch::Tensor SequenceRecommender::inputFor(const std::vector<std::vector<std::int32_t>> &histories) const {
    const auto b = static_cast<std::int64_t>(histories.size());
    std::int64_t width = 1;
    std::vector<std::vector<std::int32_t>> rows(histories.size());
    for (std::size_t i = 0; i < histories.size(); ++i) {
        for (auto item : histories[i])
            rows[i].push_back(item + 1);
        width = std::max(width, scoringLength(config(), rows[i].size(), false));
    }
    auto input = torch::zeros({b, width}, torch::kLong);
    auto *in = input.data_ptr<std::int64_t>();
    for (std::int64_t i = 0; i < b; ++i)
        fillScoringInput(config(), rows[static_cast<std::size_t>(i)], 0, numItems(), width, in + i * width);
    return input.to(m_device);
}

// Histories with gaps (-1): each item reads at the position it has in the whole history, the
// gaps are left out of the computation (padding is never attended), and the prediction is
// read after the newest item present (BERT4Rec: at its [MASK], last).
torch::Tensor SequenceRecommender::hiddenWithGaps(const std::vector<std::vector<std::int32_t>> &histories) {
    const bool bert = info().bidirectional;
    const auto maxlen = static_cast<std::int64_t>(config().maxlen);
    const auto cap = static_cast<std::size_t>(std::max<std::int64_t>(1, maxlen - (bert ? 1 : 0)));
    const auto b = static_cast<std::int64_t>(histories.size());
    std::vector<std::vector<std::int64_t>> items(histories.size()), positions(histories.size());
    std::int64_t width = 1;
    for (std::size_t i = 0; i < histories.size(); ++i) {
        const auto &h = histories[i];
        const auto n = std::min(h.size(), cap), start = h.size() - n;
        const auto total = static_cast<std::int64_t>(n) + (bert ? 1 : 0);
        for (std::size_t j = 0; j < n; ++j)
            if (h[start + j] >= 0) {
                items[i].push_back(h[start + j] + 1);
                positions[i].push_back(maxlen - total + static_cast<std::int64_t>(j));
            }
        if (bert) {
            items[i].push_back(numItems() + 1);
            positions[i].push_back(maxlen - 1);
        }
        width = std::max<std::int64_t>(width, static_cast<std::int64_t>(items[i].size()));
    }
    auto input = torch::zeros({b, width}, torch::kLong), where = torch::zeros({b, width}, torch::kLong);
    auto *in = input.data_ptr<std::int64_t>();
    auto *at = where.data_ptr<std::int64_t>();
    for (std::int64_t i = 0; i < b; ++i) { // right-aligned, as every input
        const auto &row = items[static_cast<std::size_t>(i)];
        const auto offset = i * width + width - static_cast<std::int64_t>(row.size());
        std::copy(row.begin(), row.end(), in + offset);
        std::copy(positions[static_cast<std::size_t>(i)].begin(), positions[static_cast<std::size_t>(i)].end(), at + offset);
    }
    const auto placed = where.to(m_device);
    return encode(input.to(m_device), nullptr, &placed).select(1, width - 1);
}

torch::Tensor SequenceRecommender::hidden(const std::vector<std::vector<std::int32_t>> &histories) {
    for (const auto &h : histories)
        if (std::find(h.begin(), h.end(), -1) != h.end())
            return hiddenWithGaps(histories);
    const auto input = inputFor(histories);
    return encode(input, nullptr, nullptr).select(1, input.size(1) - 1);
}

// [B, numItems + 1] scores (column 0 is padding) into B x numItems floats.
void SequenceRecommender::copyRows(const torch::Tensor &all, float *out) const {
    const auto c = all.to(torch::kCPU).contiguous();
    const auto *p = c.data_ptr<float>();
    const auto cols = numItems() + 1;
    for (std::int64_t i = 0; i < c.size(0); ++i)
        std::copy(p + i * cols + 1, p + (i + 1) * cols, out + i * numItems());
}

void SequenceRecommender::saveScript(const std::string &file, const std::vector<std::string> &itemIds) {
    auto &model = sequenceModel();
    // The input rows: the item vectors, and BERT4Rec's [MASK] row after them.
    const auto inputs = model.options().maskToken ? torch::cat({m_itemTable, model.itemEmbeddings().slice(0, numItems() + 1)}) : m_itemTable;
    saveTransformerScript(model, inputs, m_itemTable.slice(0, 1), itemIds, file);
}

void SequenceRecommender::scoreAll(const std::vector<std::vector<std::int32_t>> &histories, const std::vector<std::int64_t> &,
                                   std::vector<float> &scores) {
    scores.assign(histories.size() * static_cast<std::size_t>(numItems()), 0.0f);
    copyRows(torch::matmul(hidden(histories), m_itemTable.t()), scores.data());
}

void SequenceRecommender::scoreAllAfter(const std::vector<std::int32_t> &context, const std::vector<std::vector<std::int32_t>> &tails,
                                        std::int64_t user, std::vector<float> &scores) {
    auto *model = causalModel();
    const auto c = static_cast<std::int64_t>(context.size());
    const auto maxlen = static_cast<std::int64_t>(config().maxlen);
    const bool fits = std::all_of(tails.begin(), tails.end(), [&](const auto &t) { return c + static_cast<std::int64_t>(t.size()) <= maxlen; });
    if (!model || context.empty() || !fits) { // the whole histories, as they are
        Recommender::scoreAllAfter(context, tails, user, scores);
        return;
    }
    if (m_cachedContext != context) {
        m_cachedContext = context;
        m_contextStates.clear();
    }
    const auto n = static_cast<std::size_t>(numItems());
    scores.assign(tails.size() * n, 0.0f);
    // Cases whose context starts at the same position and that read as many items go together.
    std::map<std::pair<std::int64_t, std::int64_t>, std::vector<std::size_t>> groups;
    for (std::size_t i = 0; i < tails.size(); ++i) {
        const auto present = std::count_if(tails[i].begin(), tails[i].end(), [](auto x) { return x >= 0; });
        groups[{maxlen - c - static_cast<std::int64_t>(tails[i].size()), present}].push_back(i);
    }
    for (const auto &[key, cases] : groups) {
        const auto [offset, present] = key;
        auto state = m_contextStates.find(offset);
        if (state == m_contextStates.end()) {
            std::vector<std::int64_t> rows;
            for (auto item : context)
                rows.push_back(item + 1);
            const auto on = torch::TensorOptions(torch::kLong).device(m_device);
            const auto vectors = torch::embedding(m_itemTable, torch::tensor(rows, torch::kLong).to(m_device)).unsqueeze(0);
            state = m_contextStates.emplace(offset, model->encodePrefix(vectors, torch::arange(offset, offset + c, on).unsqueeze(0))).first;
        }
        const auto b = static_cast<std::int64_t>(cases.size());
        torch::Tensor h;
        if (present == 0) { // read at the context's newest item
            h = state->second.last.expand({b, state->second.last.size(1)});
        } else {
            auto items = torch::zeros({b, present}, torch::kLong), positions = torch::zeros({b, present}, torch::kLong);
            auto *in = items.data_ptr<std::int64_t>();
            auto *at = positions.data_ptr<std::int64_t>();
            for (std::int64_t r = 0; r < b; ++r) {
                const auto &t = tails[cases[static_cast<std::size_t>(r)]];
                std::int64_t k = 0;
                for (std::size_t j = 0; j < t.size(); ++j)
                    if (t[j] >= 0) {
                        in[r * present + k] = t[j] + 1;
                        at[r * present + k++] = offset + c + static_cast<std::int64_t>(j);
                    }
            }
            h = model->encodeAfter(state->second, torch::embedding(m_itemTable, items.to(m_device)), positions.to(m_device)).select(1, present - 1);
        }
        const auto all = torch::matmul(h, m_itemTable.t()).to(torch::kCPU).contiguous();
        const auto *p = all.data_ptr<float>();
        for (std::int64_t r = 0; r < b; ++r)
            std::copy(p + r * (numItems() + 1) + 1, p + (r + 1) * (numItems() + 1), scores.data() + cases[static_cast<std::size_t>(r)] * n);
    }
}

std::vector<double> SequenceRecommender::scoreItem(const std::vector<std::vector<std::int32_t>> &histories, std::int64_t,
                                                   std::int32_t item, std::int32_t versus) {
    std::vector<double> out(histories.size(), 0.0);
    auto target = m_itemTable[item + 1];
    if (versus >= 0)
        target = target - m_itemTable[versus + 1];
    // Histories of similar length together: a batch is as wide as its longest one, and
    // padding is invisible to the score, so shorter ones would only cost time.
    std::vector<std::size_t> order(histories.size()), length(histories.size());
    std::iota(order.begin(), order.end(), 0);
    for (std::size_t i = 0; i < histories.size(); ++i) // what is computed: the items present
        length[i] = static_cast<std::size_t>(std::count_if(histories[i].begin(), histories[i].end(), [](auto x) { return x >= 0; }));
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return length[a] < length[b]; });
    constexpr std::size_t kChunk = 128;
    std::vector<std::vector<std::int32_t>> chunk;
    for (std::size_t start = 0; start < order.size(); start += kChunk) {
        const auto end = std::min(order.size(), start + kChunk);
        chunk.clear();
        for (auto k = start; k < end; ++k)
            chunk.push_back(histories[order[k]]);
        const auto s = torch::matmul(hidden(chunk), target).to(torch::kCPU).contiguous(); // [chunk]
        const auto *p = s.data_ptr<float>();
        for (auto k = start; k < end; ++k)
            out[order[k]] = p[k - start];
    }
    return out;
}

std::vector<std::vector<std::vector<std::vector<float>>>> SequenceRecommender::attention(const std::vector<std::int32_t> &history) {
    std::vector<torch::Tensor> layers;
    encode(inputFor({history}), &layers, nullptr);
    std::vector<std::vector<std::vector<std::vector<float>>>> out;
    for (const auto &t : layers) {
        const auto w = t.select(0, 0).to(torch::kCPU).contiguous(); // [heads, L, L]
        const auto heads = w.size(0), L = w.size(1);
        const auto *p = w.data_ptr<float>();
        std::vector<std::vector<std::vector<float>>> layer(static_cast<std::size_t>(heads));
        for (std::int64_t h = 0; h < heads; ++h)
            for (std::int64_t q = 0; q < L; ++q)
                layer[static_cast<std::size_t>(h)].emplace_back(p + (h * L + q) * L, p + (h * L + q + 1) * L);
        out.push_back(std::move(layer));
    }
    return out;
}

std::uint64_t SequenceRecommender::trainingBytes() const {
    const auto &c = config();
    const double h = c.hidden, l = c.maxlen, b = c.batchSize, layers = c.layers, heads = c.heads;
    const double params = (static_cast<double>(numItems()) + 1 + l) * h + layers * ((4 + 2.0 * c.ffn) * h * h + 12 * h) + 2 * h;
    // Weights, gradients and two Adam moments; activations kept for backward; the output layer.
    double bytes = params * 4 * 4;
    bytes += b * l * h * layers * (12 + 2.0 * c.ffn) * 4 + b * heads * l * l * layers * 3 * 4;
    const double outputs = c.loss == Loss::CrossEntropy ? static_cast<double>(numItems()) + 1
                           : c.loss == Loss::SampledSoftmax ? static_cast<double>(c.lossNegatives) + 1
                                                            : 0;
    bytes += outputs > 0 ? b * l * outputs * 4 * 3 : b * l * h * 4 * 4;
    return static_cast<std::uint64_t>(bytes);
}

} // namespace recscope::engine::detail
