// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/models/textrecommender.h"

#include "engine/core/errors.h"
#include "engine/core/progress.h"
#include "engine/lm/pretrained.h"
#include "engine/models/collective.h"
#include "engine/models/models.h"
#include "engine/store/project.h"
#include "engine/store/runstore.h"
#include "engine/models/sequencetrainer.h"

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
    if (!c.encoder.empty()) {
        trainWithEncoder(t);
        return;
    }
    const std::optional<std::string> own = t.store.loadCheckpoint(t.result.runId, "tokenizer");
    std::optional<std::string> stored = own;
    if (!stored && t.warm)
        stored = t.store.loadCheckpoint(c.initFrom, "tokenizer");
    if (!stored)
        t.progress.report(0, Stage::TrainingTokenizer);
    m_tokenizer = stored ? TextTokenizer::load(*stored) : TextTokenizer::train(m_texts, c.vocabularySize);
    if (t.collective) // every rank reads the text with rank 0's vocabulary
        m_tokenizer = TextTokenizer::load(t.collective->fromLeader("tokenizer", m_tokenizer->serialized()));
    if (!own && t.writes())
        t.store.saveCheckpoint(t.result.runId, "tokenizer", 0, m_tokenizer->serialized());
    torch::manual_seed(c.seed);
    m_model = makeTextRec(c, numItems(), *m_tokenizer, m_texts);
    if (t.warm) {
        TextRec source = makeTextRec(t.warm->source, t.warm->sourceItems, *m_tokenizer,
                                     std::vector<std::string>(static_cast<std::size_t>(t.warm->sourceItems) + 1));
        deserialize(source, t.warm->state);
        applyWarmStart(m_model, source, *t.warm);
    } else if (!t.resume) {
        pretrainLanguageModel(t.progress); // on every rank alike; rank 0's weights are broadcast before training
        if (t.writes())
            t.store.saveCheckpoint(t.result.runId, "lm", 0, serialize(m_model));
    }
    SequenceTrainer<TextRec>(c, t.split, m_model).train(t.store, t.result, t.progress, t.onEpoch, t.resume, t.collective);
}

PretrainedEncoder &TextRecommender::encoder() {
    if (!m_encoder)
        m_encoder = loadPretrainedEncoder(config().encoder);
    return *m_encoder;
}

int TextRecommender::encoderTextLength() const {
    return static_cast<int>(std::min<std::int64_t>(config().textLength, m_encoder ? m_encoder->config.maxPositions : config().textLength));
}

// The encoder reads the catalog once per dataset, text length and layer split (cached in the
// project); the run trains the adaptor, the fine-tuned layers, the ids and the sequence model.
void TextRecommender::trainWithEncoder(TrainingSession &t) {
    const auto &c = config();
    std::optional<EncodedCatalog> catalog;
    std::optional<std::string> key = t.store.loadCheckpoint(t.result.runId, "encoder");
    if (t.resume && key) // continuing: the reading it started with, without the folder if cached
        if (const auto cached = t.project.encoderCache(t.datasetId, *key))
            catalog = EncodedCatalog::deserialize(*cached);
    if (!catalog) {
        t.progress.report(0, {Stage::LoadingEncoder, {c.encoder}});
        auto &e = encoder();
        key = encodedCatalogKey(e.fingerprint, m_texts, c.textLength, c.encoderLayers);
        if (const auto cached = t.project.encoderCache(t.datasetId, *key)) {
            catalog = EncodedCatalog::deserialize(*cached);
        } else {
            catalog = encodeCatalog(e, m_texts, c.textLength, c.encoderLayers, t.progress);
            if (t.writes())
                t.project.saveEncoderCache(t.datasetId, *key, catalog->serialize());
        }
        if (t.writes())
            t.store.saveCheckpoint(t.result.runId, "encoder", 0, *key);
    }
    torch::manual_seed(c.seed);
    m_model = makeTextRec(c, numItems(), *catalog);
    if (!t.resume)
        m_model->startFrom(encoder());
    SequenceTrainer<TextRec>(c, t.split, m_model).train(t.store, t.result, t.progress, t.onEpoch, t.resume, t.collective);
}

void TextRecommender::load(const StoredRun &run) {
    if (!config().encoder.empty()) {
        const auto key = run.store.loadCheckpoint(run.run.id, "encoder");
        if (!key)
            throw EngineError(ErrorKind::Project, "run '" + run.run.name + "' has no record of its pretrained encoder's reading");
        const auto cached = run.project.encoderCache(run.run.datasetId, *key);
        if (!cached)
            throw EngineError(ErrorKind::Project, "run '" + run.run.name + "': the pretrained encoder's reading of the item text is "
                                                  "no longer in the project; train the run again");
        m_texts = catalogText(run.project, run.run.datasetId);
        m_model = makeTextRec(config(), numItems(), EncodedCatalog::deserialize(*cached));
        deserialize(m_model, run.checkpoint());
        m_model->eval();
        placeForScoring(m_model);
        return;
    }
    const auto tokenizer = run.store.loadCheckpoint(run.run.id, "tokenizer");
    if (!tokenizer)
        throw EngineError(ErrorKind::Project, "run '" + run.run.name + "' has no stored tokenizer");
    m_tokenizer = TextTokenizer::load(*tokenizer);
    m_texts = catalogText(run.project, run.run.datasetId);
    m_model = makeTextRec(config(), numItems(), *m_tokenizer, m_texts);
    deserialize(m_model, run.checkpoint());
    m_model->eval();
    placeForScoring(m_model);
}

void TextRecommender::preflight(Project &project, std::int64_t datasetId) const {
    requireItemText(catalogText(project, datasetId));
    const auto &c = config();
    if (!c.encoder.empty()) {
        const auto encoder = inspectPretrainedFolder(c.encoder);
        if (c.encoderLayers >= encoder.layers)
            throw EngineError(ErrorKind::Usage, "encoder_layers=" + std::to_string(c.encoderLayers) + ": the encoder has " +
                                                    std::to_string(encoder.layers) + " layers; fine-tune fewer (at least one stays frozen)");
    }
}

std::uint64_t TextRecommender::trainingBytes() const {
    // The text model reads up to the whole catalog's text per batch.
    const auto &c = config();
    if (!c.encoder.empty()) { // frozen: an adaptor over cached vectors; fine-tuned: its layers over cached states
        const double n = static_cast<double>(numItems()) + 1, width = 1024; // a BERT-base width bounds MiniLM's
        const double tuned = n * c.textLength * width * c.encoderLayers * 14 * 4 + n * c.textLength * width * 2;
        return SequenceRecommender::trainingBytes() + static_cast<std::uint64_t>(tuned);
    }
    const double n = static_cast<double>(numItems()) + 1, h = c.hidden, layers = c.layers, heads = c.heads;
    const double text = n * c.textLength * h * layers * 14 * 4 + n * heads * c.textLength * c.textLength * layers * 3 * 4;
    return SequenceRecommender::trainingBytes() + static_cast<std::uint64_t>(text);
}

std::vector<TextWord> TextRecommender::itemWords(std::int32_t item) {
    // SentencePiece and BERT's basic tokenizer split on whitespace first, so a text's pieces are
    // its words' pieces in turn.
    const auto &text = m_texts[static_cast<std::size_t>(item) + 1];
    const bool pretrained = !config().encoder.empty();
    const WordPieceTokenizer *wordPiece = pretrained ? encoder().tokenizer.get() : nullptr;
    const int length = pretrained ? encoderTextLength() - 2 : config().textLength; // [CLS] and [SEP] take two
    std::vector<TextWord> words;
    int read = 0;
    for (std::size_t from = 0; from < text.size();) {
        const auto space = std::min(text.find(' ', from), text.size());
        if (space > from && read < length) {
            const auto word = text.substr(from, space - from);
            TextWord w{word, wordPiece ? wordPiece->encode(word) : m_tokenizer->encode(word)};
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
    const auto h = hidden({history})[0]; // [H]
    const auto vectors = (config().encoder.empty() ? ownTextVectors(texts) : encoderTextVectors(texts)) +
                         m_model->idVectors(torch::full({1}, item + 1, torch::kLong));
    auto s = torch::mv(vectors, h);
    if (versus >= 0)
        s = s - torch::dot(m_itemTable[versus + 1], h);
    s = s.contiguous();
    const auto *v = s.data_ptr<float>();
    return std::vector<double>(v, v + texts.size());
}

torch::Tensor TextRecommender::ownTextVectors(const std::vector<std::vector<int>> &texts) {
    const auto length = static_cast<std::int64_t>(config().textLength);
    auto tokens = torch::zeros({static_cast<std::int64_t>(texts.size()), length}, torch::kLong);
    auto *p = tokens.data_ptr<std::int64_t>();
    for (std::size_t i = 0; i < texts.size(); ++i) { // left-padded, as the catalog's rows
        const auto n = std::min<std::int64_t>(length, static_cast<std::int64_t>(texts[i].size()));
        std::copy(texts[i].begin(), texts[i].begin() + n, p + static_cast<std::int64_t>(i) * length + (length - n));
    }
    return m_model->textVectorsOf(tokens);
}

// Edited texts through the encoder's frozen layers, then the run's own layers and adaptor.
torch::Tensor TextRecommender::encoderTextVectors(const std::vector<std::vector<int>> &texts) {
    auto &e = encoder();
    const auto length = static_cast<std::int64_t>(encoderTextLength());
    const auto rows = static_cast<std::int64_t>(texts.size());
    auto ids = torch::full({rows, length}, e.tokenizer->padId(), torch::kLong);
    auto mask = torch::zeros({rows, length}, torch::kLong);
    auto *ip = ids.data_ptr<std::int64_t>(), *mp = mask.data_ptr<std::int64_t>();
    for (std::int64_t i = 0; i < rows; ++i) { // [CLS] pieces [SEP], right-padded, as encodeCatalog reads
        const auto &pieces = texts[static_cast<std::size_t>(i)];
        const auto n = std::min<std::int64_t>(length - 2, static_cast<std::int64_t>(pieces.size()));
        auto *row = ip + i * length, *seen = mp + i * length;
        row[0] = e.tokenizer->clsId();
        row[n + 1] = e.tokenizer->sepId();
        std::fill(seen, seen + n + 2, 1);
        for (std::int64_t j = 0; j < n; ++j) {
            row[j + 1] = pieces[static_cast<std::size_t>(j)];
            if (row[j + 1] == 0) // a masked piece: a gap no token attends to, the others keep their positions
                seen[j + 1] = 0;
        }
    }
    const auto tuned = static_cast<std::int64_t>(config().encoderLayers);
    torch::NoGradGuard noGrad;
    auto states = e.model->run(e.model->embed(ids), mask, 0, e.config.layers - tuned);
    if (tuned == 0) // the frozen reading is cached pooled
        return m_model->textVectorsFromStates(poolStates(states, mask, e.pooling), mask);
    states = states.to(torch::kHalf).to(torch::kFloat); // as the cache keeps them
    return m_model->textVectorsFromStates(states, mask);
}

std::unique_ptr<Recommender> makeTextRecommender(const TrainConfig &config, std::int64_t numItems) {
    return std::make_unique<TextRecommender>(config, numItems);
}

} // namespace recscope::engine::detail
