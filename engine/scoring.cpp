// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/scoring.h"

#include "engine/errors.h"
#include "engine/models.h"
#include "engine/project.h"
#include "engine/runstore.h"
#include "engine/split.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <optional>

namespace recscope::engine {

using namespace detail;

struct RunScorer::Impl {
    TrainConfig config;
    std::int64_t numItems = 0;
    std::vector<double> popularity;     // pop
    std::optional<ItemKnn> knn;         // itemknn
    BprMf bpr{nullptr};                 // bprmf
    SasRec sasrec{nullptr};             // sasrec, bert4rec
    TextRec textrec{nullptr};           // textrec
    std::optional<TextTokenizer> tokenizer; // textrec
    std::vector<std::string> texts;     // textrec: each item row's text
    torch::Tensor itemTable;            // [numItems + 1, H]: every item's vector, computed once
    // scoreAllAfter: the context's states by where it starts in the position table.
    std::vector<std::int32_t> cachedContext;
    std::map<std::int64_t, PrefixStates> contextStates;

    // The causal sequence model that a shared context can be computed once for, or null.
    SasRecImpl *causalModel() {
        if (textrec)
            return &textrec->sequenceModel();
        if (sasrec && sasrec->options().causal)
            return sasrec.get();
        return nullptr;
    }

    // The loaded torch model, or null for popularity and item-kNN.
    torch::nn::Module *module() {
        if (sasrec)
            return sasrec.get();
        if (textrec)
            return textrec.get();
        if (bpr)
            return bpr.get();
        return nullptr;
    }

    // The model input for histories (0-based items; -1 stays padding), [B, width].
    torch::Tensor inputFor(const std::vector<std::vector<std::int32_t>> &histories) const {
        const auto b = static_cast<std::int64_t>(histories.size());
        std::int64_t width = 1;
        std::vector<std::vector<std::int32_t>> rows(histories.size());
        for (std::size_t i = 0; i < histories.size(); ++i) {
            for (auto item : histories[i])
                rows[i].push_back(item + 1);
            width = std::max(width, scoringLength(config, rows[i].size(), false));
        }
        auto input = torch::zeros({b, width}, torch::kLong);
        auto *in = input.data_ptr<std::int64_t>();
        for (std::int64_t i = 0; i < b; ++i)
            fillScoringInput(config, rows[static_cast<std::size_t>(i)], 0, numItems, width, in + i * width);
        return input;
    }

    // Histories with gaps (-1): each item reads at the position it has in the whole history, the
    // gaps are left out of the computation (padding is never attended), and the prediction is
    // read after the newest item present (BERT4Rec: at its [MASK], last).
    torch::Tensor hiddenWithGaps(const std::vector<std::vector<std::int32_t>> &histories) {
        const bool bert = config.model == "bert4rec";
        const auto cap = static_cast<std::size_t>(std::max(1, config.maxlen - (bert ? 1 : 0)));
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
                    positions[i].push_back(config.maxlen - total + static_cast<std::int64_t>(j));
                }
            if (bert) {
                items[i].push_back(numItems + 1);
                positions[i].push_back(config.maxlen - 1);
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
        const auto out = config.model == "textrec" ? textrec->encode(input, nullptr, &where) : sasrec->encode(input, nullptr, &where);
        return out.select(1, width - 1);
    }

    // One vector per history that scores items by dot product: [B, H].
    torch::Tensor hidden(const std::vector<std::vector<std::int32_t>> &histories, std::int64_t user) {
        if (config.model == "bprmf")
            return bpr->users(torch::full({static_cast<std::int64_t>(histories.size())}, user, torch::kLong));
        for (const auto &h : histories)
            if (std::find(h.begin(), h.end(), -1) != h.end())
                return hiddenWithGaps(histories);
        const auto input = inputFor(histories);
        const auto width = input.size(1);
        if (config.model == "textrec")
            return textrec->encode(input).select(1, width - 1);
        return sasrec->encode(input).select(1, width - 1);
    }

    // [B, numItems + 1] scores (column 0 is padding) into B x numItems floats.
    void copyRows(const torch::Tensor &all, float *out) const {
        const auto c = all.contiguous();
        const auto *p = c.data_ptr<float>();
        const auto cols = numItems + 1;
        for (std::int64_t i = 0; i < c.size(0); ++i)
            std::copy(p + i * cols + 1, p + (i + 1) * cols, out + i * numItems);
    }
};

RunScorer::RunScorer(std::unique_ptr<Impl> impl) : d(std::move(impl)) {}
RunScorer::~RunScorer() = default;

const TrainConfig &RunScorer::config() const { return d->config; }
std::int64_t RunScorer::numItems() const { return d->numItems; }

std::string RunScorer::quantizedState() const {
    auto *m = d->module();
    if (!m)
        throw EngineError(ErrorKind::Usage, "a " + d->config.model + " run has no weight matrices to quantize");
    return quantizeInt8(*m);
}

std::string RunScorer::prunedState(double fraction, bool byHead, double *zeroShare) {
    auto *m = d->module();
    if (!m)
        throw EngineError(ErrorKind::Usage, "a " + d->config.model + " run has no weight matrices to prune");
    if (byHead && d->bpr)
        throw EngineError(ErrorKind::Usage, "a " + d->config.model + " run has no attention heads to prune");
    const double z = byHead ? pruneHeads(*m, d->config.heads, fraction) : pruneUnstructured(*m, fraction);
    if (zeroShare)
        *zeroShare = z;
    return serialize(m);
}

std::int64_t RunScorer::parameterCount() const {
    if (const auto *m = d->module()) {
        std::int64_t n = 0;
        for (const auto &p : m->parameters())
            n += p.numel();
        return n;
    }
    if (d->knn) {
        std::int64_t n = 0;
        for (const auto &list : d->knn->neighbors)
            n += static_cast<std::int64_t>(list.size());
        return n;
    }
    return static_cast<std::int64_t>(d->popularity.size());
}

std::unique_ptr<RunScorer> RunScorer::load(Project &project, std::int64_t runId) {
    RunStore store(project);
    const auto run = store.run(runId);
    if (!run)
        throw EngineError(ErrorKind::Usage, "no run with id " + std::to_string(runId));
    const auto info = project.dataset(run->datasetId);
    if (!info)
        throw EngineError(ErrorKind::Project, "run " + std::to_string(runId) + " refers to a dataset that is gone");
    auto d = std::make_unique<Impl>();
    d->config = TrainConfig::fromJson(run->configJson);
    d->numItems = info->items;
    const auto &c = d->config;
    auto checkpoint = [&] {
        auto state = store.loadCheckpoint(runId, "best");
        if (!state)
            throw EngineError(ErrorKind::Project, "run '" + run->name + "' has no checkpoint to score with");
        return *state;
    };
    torch::NoGradGuard noGrad;
    const auto all = torch::arange(info->items + 1, torch::kLong);
    if (c.model == "pop") {
        d->popularity = popularity(makeSplit(project, run->datasetId, c));
    } else if (c.model == "itemknn") {
        d->knn = ItemKnn::parse(checkpoint());
    } else if (c.model == "bprmf") {
        d->bpr = BprMf(info->users, info->items, c.hidden);
        deserialize(d->bpr, checkpoint());
        d->itemTable = d->bpr->items(all);
    } else if (c.model == "textrec") {
        const auto tokenizer = store.loadCheckpoint(runId, "tokenizer");
        if (!tokenizer)
            throw EngineError(ErrorKind::Project, "run '" + run->name + "' has no stored tokenizer");
        d->tokenizer = TextTokenizer::load(*tokenizer);
        d->texts = catalogText(project, run->datasetId);
        d->textrec = makeTextRec(c, info->items, *d->tokenizer, d->texts);
        deserialize(d->textrec, checkpoint());
        d->textrec->eval();
        d->itemTable = d->textrec->itemVectors(all);
    } else {
        d->sasrec = makeTransformer(c, info->items);
        deserialize(d->sasrec, checkpoint());
        d->sasrec->eval();
        d->itemTable = d->sasrec->itemVectors(all);
    }
    return std::unique_ptr<RunScorer>(new RunScorer(std::move(d)));
}

void RunScorer::scoreAll(const std::vector<std::vector<std::int32_t>> &histories, const std::vector<std::int64_t> &users,
                         std::vector<float> &scores) {
    torch::NoGradGuard noGrad; // thread-local: on the caller's thread
    const auto n = static_cast<std::size_t>(d->numItems);
    scores.assign(histories.size() * n, 0.0f);
    const auto &model = d->config.model;
    if (model == "pop") {
        for (std::size_t i = 0; i < histories.size(); ++i)
            for (std::size_t j = 0; j < n; ++j)
                scores[i * n + j] = static_cast<float>(d->popularity[j + 1]);
    } else if (model == "itemknn") {
        for (std::size_t i = 0; i < histories.size(); ++i) {
            std::vector<std::int32_t> rows;
            for (auto item : histories[i])
                if (item >= 0) // a gap
                    rows.push_back(item + 1);
            for (const auto &[item, score] : knnScores(*d->knn, rows))
                scores[i * n + static_cast<std::size_t>(item - 1)] = static_cast<float>(score);
        }
    } else if (model == "bprmf") {
        if (users.size() != histories.size())
            throw EngineError(ErrorKind::Usage, "BPR-MF scores users of its dataset: one user index per case");
        std::vector<std::int64_t> u(users);
        const auto vectors = d->bpr->users(torch::tensor(u, torch::kLong)); // [B, H]
        d->copyRows(torch::matmul(vectors, d->itemTable.t()), scores.data());
    } else {
        d->copyRows(torch::matmul(d->hidden(histories, 0), d->itemTable.t()), scores.data());
    }
}

void RunScorer::scoreAllAfter(const std::vector<std::int32_t> &context, const std::vector<std::vector<std::int32_t>> &tails,
                               std::int64_t user, std::vector<float> &scores) {
    torch::NoGradGuard noGrad;
    auto *model = d->causalModel();
    const auto c = static_cast<std::int64_t>(context.size());
    const auto maxlen = static_cast<std::int64_t>(d->config.maxlen);
    const bool fits = std::all_of(tails.begin(), tails.end(), [&](const auto &t) { return c + static_cast<std::int64_t>(t.size()) <= maxlen; });
    if (!model || context.empty() || !fits) { // the whole histories, as they are
        std::vector<std::vector<std::int32_t>> joined;
        for (const auto &t : tails) {
            joined.push_back(context);
            joined.back().insert(joined.back().end(), t.begin(), t.end());
        }
        scoreAll(joined, std::vector<std::int64_t>(joined.size(), user), scores);
        return;
    }
    if (d->cachedContext != context) {
        d->cachedContext = context;
        d->contextStates.clear();
    }
    const auto n = static_cast<std::size_t>(d->numItems);
    scores.assign(tails.size() * n, 0.0f);
    // Cases whose context starts at the same position and that read as many items go together.
    std::map<std::pair<std::int64_t, std::int64_t>, std::vector<std::size_t>> groups;
    for (std::size_t i = 0; i < tails.size(); ++i) {
        const auto present = std::count_if(tails[i].begin(), tails[i].end(), [](auto x) { return x >= 0; });
        groups[{maxlen - c - static_cast<std::int64_t>(tails[i].size()), present}].push_back(i);
    }
    for (const auto &[key, cases] : groups) {
        const auto [offset, present] = key;
        auto state = d->contextStates.find(offset);
        if (state == d->contextStates.end()) {
            std::vector<std::int64_t> rows;
            for (auto item : context)
                rows.push_back(item + 1);
            const auto vectors = torch::embedding(d->itemTable, torch::tensor(rows, torch::kLong)).unsqueeze(0);
            state = d->contextStates.emplace(offset, model->encodePrefix(vectors, torch::arange(offset, offset + c, torch::kLong).unsqueeze(0))).first;
        }
        const auto b = static_cast<std::int64_t>(cases.size());
        torch::Tensor hidden;
        if (present == 0) { // read at the context's newest item
            hidden = state->second.last.expand({b, state->second.last.size(1)});
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
            hidden = model->encodeAfter(state->second, torch::embedding(d->itemTable, items), positions).select(1, present - 1);
        }
        const auto all = torch::matmul(hidden, d->itemTable.t()).contiguous();
        const auto *p = all.data_ptr<float>();
        for (std::int64_t r = 0; r < b; ++r)
            std::copy(p + r * (d->numItems + 1) + 1, p + (r + 1) * (d->numItems + 1), scores.data() + cases[static_cast<std::size_t>(r)] * n);
    }
}

std::vector<double> RunScorer::scoreItem(const std::vector<std::vector<std::int32_t>> &histories, std::int64_t user, std::int32_t item,
                                         std::int32_t versus) {
    torch::NoGradGuard noGrad;
    if (item < 0 || item >= d->numItems || versus >= d->numItems)
        throw EngineError(ErrorKind::Usage, "no item " + std::to_string(item) + " in the run's dataset");
    std::vector<double> out(histories.size(), 0.0);
    const auto &model = d->config.model;
    if (model == "pop") {
        const double v = d->popularity[static_cast<std::size_t>(item + 1)] -
                         (versus >= 0 ? d->popularity[static_cast<std::size_t>(versus + 1)] : 0.0);
        std::fill(out.begin(), out.end(), v);
    } else if (model == "itemknn") {
        for (std::size_t i = 0; i < histories.size(); ++i) {
            std::vector<std::int32_t> rows;
            for (auto h : histories[i])
                if (h >= 0)
                    rows.push_back(h + 1);
            const auto acc = knnScores(*d->knn, rows);
            auto at = [&](std::int32_t x) {
                const auto it = acc.find(x + 1);
                return it == acc.end() ? 0.0 : it->second;
            };
            out[i] = at(item) - (versus >= 0 ? at(versus) : 0.0);
        }
    } else {
        auto target = d->itemTable[item + 1];
        if (versus >= 0)
            target = target - d->itemTable[versus + 1];
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
            const auto s = torch::matmul(d->hidden(chunk, user), target).contiguous(); // [chunk]
            const auto *p = s.data_ptr<float>();
            for (auto k = start; k < end; ++k)
                out[order[k]] = p[k - start];
        }
    }
    return out;
}

std::vector<RunScorer::Word> RunScorer::itemWords(std::int32_t item) const {
    if (d->config.model != "textrec")
        throw EngineError(ErrorKind::Usage, "only the text model reads item text; a " + d->config.model + " run has no words to explain");
    if (item < 0 || item >= d->numItems)
        throw EngineError(ErrorKind::Usage, "no item " + std::to_string(item) + " in the run's dataset");
    // SentencePiece splits on whitespace first, so a text's pieces are its words' pieces in turn.
    const auto &text = d->texts[static_cast<std::size_t>(item) + 1];
    std::vector<Word> words;
    int read = 0;
    for (std::size_t from = 0; from < text.size();) {
        const auto space = std::min(text.find(' ', from), text.size());
        if (space > from && read < d->config.textLength) {
            Word w{text.substr(from, space - from), d->tokenizer->encode(text.substr(from, space - from))};
            if (static_cast<int>(w.pieces.size()) > d->config.textLength - read)
                w.pieces.resize(static_cast<std::size_t>(d->config.textLength - read));
            read += static_cast<int>(w.pieces.size());
            if (!w.pieces.empty())
                words.push_back(std::move(w));
        }
        from = space + 1;
    }
    return words;
}

std::vector<double> RunScorer::scoreItemTexts(const std::vector<std::int32_t> &history, std::int32_t item,
                                              const std::vector<std::vector<int>> &texts, std::int32_t versus) {
    torch::NoGradGuard noGrad;
    if (d->config.model != "textrec")
        throw EngineError(ErrorKind::Usage, "only the text model reads item text");
    const auto length = static_cast<std::int64_t>(d->config.textLength);
    auto tokens = torch::zeros({static_cast<std::int64_t>(texts.size()), length}, torch::kLong);
    auto *p = tokens.data_ptr<std::int64_t>();
    for (std::size_t i = 0; i < texts.size(); ++i) { // left-padded, as the catalog's rows
        const auto n = std::min<std::int64_t>(length, static_cast<std::int64_t>(texts[i].size()));
        std::copy(texts[i].begin(), texts[i].begin() + n, p + static_cast<std::int64_t>(i) * length + (length - n));
    }
    const auto h = d->hidden({history}, 0)[0]; // [H]
    auto vectors = d->textrec->textVectorsOf(tokens) + d->textrec->idVectors(torch::full({1}, item + 1, torch::kLong));
    auto s = torch::mv(vectors, h);
    if (versus >= 0)
        s = s - torch::dot(d->itemTable[versus + 1], h);
    s = s.contiguous();
    const auto *v = s.data_ptr<float>();
    return std::vector<double>(v, v + texts.size());
}

std::vector<std::vector<std::vector<std::vector<float>>>> RunScorer::attention(const std::vector<std::int32_t> &history) {
    torch::NoGradGuard noGrad;
    const auto &model = d->config.model;
    if (model != "sasrec" && model != "bert4rec" && model != "textrec")
        throw EngineError(ErrorKind::Usage, "a " + model + " run has no attention; attention views need SASRec, BERT4Rec or the text model");
    const auto input = d->inputFor({history});
    std::vector<torch::Tensor> layers;
    if (model == "textrec")
        d->textrec->encode(input, &layers);
    else
        d->sasrec->encode(input, &layers);
    std::vector<std::vector<std::vector<std::vector<float>>>> out;
    for (const auto &t : layers) {
        const auto w = t.select(0, 0).contiguous(); // [heads, L, L]
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

} // namespace recscope::engine
