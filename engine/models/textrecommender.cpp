// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/models/textrecommender.h"

#include "engine/core/errors.h"
#include "engine/core/progress.h"
#include "engine/models/models.h"
#include "engine/training/sequencetrainer.h"

#include <algorithm>

namespace recscope::engine::detail {

// Masked-language-model pretraining of the text model's language model on the catalog text
// (every item with text, held-out ones included: their text is known, their interactions not).
void TextRecommender::pretrainLanguageModel(Progress &progress) {
    const auto &c = config();
    auto &model = m_model;
    const auto numItems = this->numItems();
    std::vector<std::int64_t> items;
    const auto hasText = model->tokens().ne(0).any(1).contiguous(); // [n+1]
    const auto *p = hasText.data_ptr<bool>();
    for (std::int64_t i = 1; i <= numItems; ++i)
        if (p[i])
            items.push_back(i);
    if (items.empty() || c.pretrainEpochs == 0)
        return;
    auto opt = makeOptimizer(c, model->parameters());
    std::mt19937_64 rng(c.seed ^ 0x5EEDULL);
    const auto batch = static_cast<std::size_t>(c.batchSize);
    const std::size_t batches = (items.size() + batch - 1) / batch;
    model->train();
    for (int epoch = 0; epoch < c.pretrainEpochs; ++epoch) {
        std::shuffle(items.begin(), items.end(), rng);
        double sum = 0;
        for (std::size_t b = 0; b < batches; ++b) {
            throwIfCancelled(progress);
            const std::vector<std::int64_t> chunk(items.begin() + static_cast<long>(b * batch),
                                                  items.begin() + static_cast<long>(std::min(items.size(), (b + 1) * batch)));
            const auto loss = model->maskedLanguageLoss(torch::tensor(chunk, torch::kLong), rng);
            const double value = loss.item<double>();
            checkFinite(value, epoch, b);
            step(*opt, loss, model->parameters(), c.clip);
            sum += value;
            progress.report(0, {Stage::Pretraining, {std::to_string(epoch + 1), std::to_string(c.pretrainEpochs), std::to_string(sum / static_cast<double>(b + 1))}});
        }
    }
}

// A tokenizer trained on the catalog text (or the one of the run it is resumed or fine-tuned
// from), MLM pretraining, then sequence training end to end.
void TextRecommender::train(TrainingSession &t) {
    const auto &c = config();
    m_texts = catalogText(t.project, t.datasetId);
    const std::optional<std::string> own = t.store.loadCheckpoint(t.result.runId, "tokenizer");
    std::optional<std::string> stored = own;
    if (!stored && t.warm)
        stored = t.store.loadCheckpoint(c.initFrom, "tokenizer");
    if (!stored)
        t.progress.report(0, Stage::TrainingTokenizer);
    m_tokenizer = stored ? TextTokenizer::load(*stored) : TextTokenizer::train(m_texts, c.vocabularySize);
    if (!own)
        t.store.saveCheckpoint(t.result.runId, "tokenizer", 0, m_tokenizer->serialized());
    torch::manual_seed(c.seed);
    m_model = makeTextRec(c, numItems(), *m_tokenizer, m_texts);
    if (t.warm) {
        TextRec source = makeTextRec(t.warm->source, t.warm->sourceItems, *m_tokenizer,
                                     std::vector<std::string>(static_cast<std::size_t>(t.warm->sourceItems) + 1));
        deserialize(source, t.warm->state);
        applyWarmStart(m_model, source, *t.warm);
    } else if (!t.resume) {
        pretrainLanguageModel(t.progress);
        t.store.saveCheckpoint(t.result.runId, "lm", 0, serialize(m_model));
    }
    SequenceTrainer<TextRec>(c, t.split, m_model).train(t.store, t.result, t.progress, t.onEpoch, t.resume);
}

void TextRecommender::load(const StoredRun &run) {
    const auto tokenizer = run.store.loadCheckpoint(run.run.id, "tokenizer");
    if (!tokenizer)
        throw EngineError(ErrorKind::Project, "run '" + run.run.name + "' has no stored tokenizer");
    m_tokenizer = TextTokenizer::load(*tokenizer);
    m_texts = catalogText(run.project, run.run.datasetId);
    m_model = makeTextRec(config(), numItems(), *m_tokenizer, m_texts);
    deserialize(m_model, run.checkpoint());
    m_model->eval();
    m_itemTable = m_model->itemVectors(torch::arange(numItems() + 1, torch::kLong));
}

std::uint64_t TextRecommender::trainingBytes() const {
    // The text model reads up to the whole catalog's text per batch.
    const auto &c = config();
    const double n = static_cast<double>(numItems()) + 1, h = c.hidden, layers = c.layers, heads = c.heads;
    const double text = n * c.textLength * h * layers * 14 * 4 + n * heads * c.textLength * c.textLength * layers * 3 * 4;
    return SequenceRecommender::trainingBytes() + static_cast<std::uint64_t>(text);
}

std::vector<RunScorer::Word> TextRecommender::itemWords(std::int32_t item) const {
    // SentencePiece splits on whitespace first, so a text's pieces are its words' pieces in turn.
    const auto &text = m_texts[static_cast<std::size_t>(item) + 1];
    const int length = config().textLength;
    std::vector<RunScorer::Word> words;
    int read = 0;
    for (std::size_t from = 0; from < text.size();) {
        const auto space = std::min(text.find(' ', from), text.size());
        if (space > from && read < length) {
            RunScorer::Word w{text.substr(from, space - from), m_tokenizer->encode(text.substr(from, space - from))};
            if (static_cast<int>(w.pieces.size()) > length - read)
                w.pieces.resize(static_cast<std::size_t>(length - read));
            read += static_cast<int>(w.pieces.size());
            if (!w.pieces.empty())
                words.push_back(std::move(w));
        }
        from = space + 1;
    }
    return words;
}

std::vector<double> TextRecommender::scoreItemTexts(const std::vector<std::int32_t> &history, std::int32_t item,
                                                    const std::vector<std::vector<int>> &texts, std::int32_t versus) {
    const auto length = static_cast<std::int64_t>(config().textLength);
    auto tokens = torch::zeros({static_cast<std::int64_t>(texts.size()), length}, torch::kLong);
    auto *p = tokens.data_ptr<std::int64_t>();
    for (std::size_t i = 0; i < texts.size(); ++i) { // left-padded, as the catalog's rows
        const auto n = std::min<std::int64_t>(length, static_cast<std::int64_t>(texts[i].size()));
        std::copy(texts[i].begin(), texts[i].begin() + n, p + static_cast<std::int64_t>(i) * length + (length - n));
    }
    const auto h = hidden({history})[0]; // [H]
    auto vectors = m_model->textVectorsOf(tokens) + m_model->idVectors(torch::full({1}, item + 1, torch::kLong));
    auto s = torch::mv(vectors, h);
    if (versus >= 0)
        s = s - torch::dot(m_itemTable[versus + 1], h);
    s = s.contiguous();
    const auto *v = s.data_ptr<float>();
    return std::vector<double>(v, v + texts.size());
}

std::unique_ptr<Recommender> makeTextRecommender(const TrainConfig &config, std::int64_t numItems) {
    return std::make_unique<TextRecommender>(config, numItems);
}

} // namespace recscope::engine::detail
