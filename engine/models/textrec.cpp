// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/models/textrec.h"

#include "engine/core/errors.h"
#include "engine/core/platform.h"
#include "engine/store/project.h"

#include <ATen/ATen.h>
#include <torch/nn/init.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <type_traits>
#include <unordered_map>

namespace recscope::engine {

std::vector<std::string> catalogText(Project &project, std::int64_t datasetId) {
    const auto info = project.dataset(datasetId);
    if (!info)
        throw EngineError(ErrorKind::Usage, "no dataset with id " + std::to_string(datasetId));
    std::vector<std::string> texts(static_cast<std::size_t>(info->items) + 1);
    for (const auto &item : project.items(datasetId)) {
        std::string categories = item.categories;
        std::string joined;
        for (std::size_t from = 0; from <= categories.size();) {
            const auto bar = std::min(categories.find('|', from), categories.size());
            if (bar > from)
                joined += (joined.empty() ? "" : ", ") + categories.substr(from, bar - from);
            from = bar + 1;
        }
        std::string text = item.title;
        for (const std::string *part : {static_cast<const std::string *>(&joined), &item.description})
            if (!part->empty())
                text += (text.empty() ? "" : " | ") + *part;
        texts[static_cast<std::size_t>(item.index) + 1] = std::move(text);
    }
    return texts;
}

namespace {

// SentencePiece lives in a plugin that binds its own symbols first (platform::openLibrary, plugins/sentencepieceplugin.cpp).
struct SentencePiecePlugin {
    int (*train)(const char *const *, std::size_t, int, char **, std::size_t *, char **) = nullptr;
    void *(*load)(const char *, std::size_t, char **) = nullptr;
    int (*vocabulary)(void *) = nullptr;
    int (*encode)(void *, const char *, std::size_t, int *, int) = nullptr;
    void (*release)(void *) = nullptr;
    void (*freeBuffer)(char *) = nullptr;
    std::string error;
};

std::vector<std::string> pluginCandidates() {
    const std::string name = RECSCOPE_PLUGIN_FILE;
    std::vector<std::string> out;
    if (const char *dir = std::getenv("RECSCOPE_PLUGIN_DIR"))
        out.push_back(std::string(dir) + "/" + name);
    if (const auto exe = platform::executablePath(); !exe.empty()) // installed: <prefix>/lib/recscope
        out.push_back((std::filesystem::path(exe).parent_path() / ".." / "lib" / "recscope" / name).string());
#ifdef RECSCOPE_BUILD_PLUGIN_DIR
    out.push_back(std::string(RECSCOPE_BUILD_PLUGIN_DIR) + "/" + name);
#endif
    return out;
}

const SentencePiecePlugin &plugin() {
    static const SentencePiecePlugin p = [] {
        SentencePiecePlugin p;
        void *handle = nullptr;
        std::string tried;
        for (const auto &path : pluginCandidates()) {
            std::string why;
            handle = platform::openLibrary(path, &why);
            if (handle)
                break;
            tried += (tried.empty() ? "" : ", ") + path;
        }
        if (!handle) {
            p.error = "the SentencePiece plugin was not found (looked for " + tried + ")";
            return p;
        }
        auto bind = [&](auto &fn, const char *symbol) {
            fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(platform::librarySymbol(handle, symbol));
        };
        bind(p.train, "recscope_spm_train");
        bind(p.load, "recscope_spm_load");
        bind(p.vocabulary, "recscope_spm_vocabulary");
        bind(p.encode, "recscope_spm_encode");
        bind(p.release, "recscope_spm_release");
        bind(p.freeBuffer, "recscope_spm_free_buffer");
        if (!p.train || !p.load || !p.vocabulary || !p.encode || !p.release || !p.freeBuffer)
            p.error = "the SentencePiece plugin lacks a function it should have";
        return p;
    }();
    if (!p.error.empty())
        throw EngineError(ErrorKind::Io, p.error);
    return p;
}

} // namespace

void requireItemText(const std::vector<std::string> &texts) {
    if (std::all_of(texts.begin(), texts.end(), [](const std::string &t) { return t.empty(); }))
        throw EngineError(ErrorKind::BadInput, "the dataset's items have no text (titles, categories or descriptions) "
                                               "for the text-aware model to read; import an item table with them");
}

TextTokenizer TextTokenizer::train(const std::vector<std::string> &texts, int vocabularySize) {
    requireItemText(texts);
    const auto &sp = plugin();
    std::vector<const char *> pointers;
    for (const auto &t : texts)
        pointers.push_back(t.c_str());
    char *model = nullptr, *error = nullptr;
    std::size_t size = 0;
    if (sp.train(pointers.data(), pointers.size(), vocabularySize, &model, &size, &error) != 0) {
        const std::string message = error ? error : "unknown error";
        sp.freeBuffer(error);
        throw EngineError(ErrorKind::BadInput, "training the tokenizer on the item text failed: " + message);
    }
    std::string serialized(model, size);
    sp.freeBuffer(model);
    return load(serialized);
}

TextTokenizer TextTokenizer::load(const std::string &serialized) {
    const auto &sp = plugin();
    char *error = nullptr;
    void *processor = sp.load(serialized.data(), serialized.size(), &error);
    if (!processor) {
        const std::string message = error ? error : "unknown error";
        sp.freeBuffer(error);
        throw EngineError(ErrorKind::Project, "the stored tokenizer does not load: " + message);
    }
    TextTokenizer t;
    t.m_processor = std::shared_ptr<void>(processor, sp.release);
    t.m_model = serialized;
    return t;
}

int TextTokenizer::vocabularySize() const { return plugin().vocabulary(m_processor.get()); }

std::vector<int> TextTokenizer::encode(const std::string &text) const {
    std::vector<int> ids(64);
    const int n = plugin().encode(m_processor.get(), text.data(), text.size(), ids.data(), static_cast<int>(ids.size()));
    ids.resize(static_cast<std::size_t>(n));
    if (n > 64)
        plugin().encode(m_processor.get(), text.data(), text.size(), ids.data(), n);
    return ids;
}

torch::Tensor TextTokenizer::encodeAll(const std::vector<std::string> &texts, std::int64_t length) const {
    auto out = torch::zeros({static_cast<std::int64_t>(texts.size()), length}, torch::kLong);
    auto *p = out.data_ptr<std::int64_t>();
    for (std::size_t i = 0; i < texts.size(); ++i) {
        if (texts[i].empty())
            continue;
        const auto ids = encode(texts[i]);
        const auto n = std::min<std::int64_t>(length, static_cast<std::int64_t>(ids.size()));
        std::copy(ids.begin(), ids.begin() + n, p + static_cast<std::int64_t>(i) * length + (length - n));
    }
    return out;
}

// ------------------------------------------------------------------ model

namespace {
constexpr std::int64_t kAdaptorExperts = 4;
}

TextAdaptorImpl::TextAdaptorImpl(std::int64_t in, std::int64_t out, std::int64_t experts, double dropout) : m_dropout(dropout) {
    m_bias = register_parameter("bias", torch::zeros({experts, in}));
    m_weight = register_parameter("weight", torch::randn({experts, in, out}) / std::sqrt(static_cast<double>(in)));
    m_gate = register_module("gate", torch::nn::Linear(torch::nn::LinearOptions(in, experts).bias(false)));
}

torch::Tensor TextAdaptorImpl::forward(const torch::Tensor &x) {
    const auto input = torch::dropout(x, m_dropout, is_training());
    const auto gates = torch::softmax(m_gate(input), -1);                               // [B, E]
    const auto whitened = torch::einsum("bei,eio->beo", {input.unsqueeze(1) - m_bias, m_weight}); // [B, E, out]
    return (gates.unsqueeze(-1) * whitened).sum(1);
}

void TextAdaptorImpl::whitenFor(const torch::Tensor &sample) { // once, on the fresh weights
    torch::NoGradGuard noGrad;
    const auto mean = sample.mean(0);
    const auto spread = sample.std(0).mean().clamp_min(1e-6).item<double>();
    m_bias.copy_(mean.unsqueeze(0).expand_as(m_bias));
    // Item vectors of about unit length at the start, as the sequence model's own embeddings are small.
    m_weight.div_(spread * std::sqrt(static_cast<double>(m_weight.size(2))));
}

TextRecImpl::TextRecImpl(const TextRecOptions &o, const EncodedCatalog &catalog) : m_options(o), m_pooling(catalog.pooling) {
    m_sequence = register_module("seq", SasRec(o.sequence));
    m_adaptor = register_module("adaptor", TextAdaptor(catalog.config.hidden, o.sequence.hidden, kAdaptorExperts, o.sequence.dropout));
    m_tuned = register_module("tuned", torch::nn::ModuleList());
    for (std::int64_t i = 0; i < catalog.tunedLayers; ++i)
        m_tuned->push_back(BertLayer(catalog.config));
    if (catalog.frozen()) {
        m_catalogVectors = catalog.vectors;
    } else {
        m_catalogStates = catalog.states;
        m_catalogMask = catalog.mask;
    }
    torch::NoGradGuard noGrad;
    m_sequence->itemEmbeddings().zero_(); // as with the own language model: text first
}

void TextRecImpl::startFrom(PretrainedEncoder &encoder) {
    torch::NoGradGuard noGrad;
    const auto first = encoder.config.layers - static_cast<std::int64_t>(m_tuned->size());
    for (std::size_t i = 0; i < m_tuned->size(); ++i) {
        auto source = encoder.model->layer(first + static_cast<std::int64_t>(i))->named_parameters();
        for (auto &p : m_tuned[i]->named_parameters())
            p.value().copy_(source[p.key()]);
    }
    // Whitening statistics over (up to 4096 of) the catalog's vectors as the encoder gives them.
    const auto rows = std::min<std::int64_t>(4096, pretrainedRows());
    const auto sample = torch::arange(1, rows, torch::kLong);
    const bool wasTraining = is_training();
    eval();
    torch::Tensor pooled;
    if (m_catalogVectors.defined()) {
        pooled = m_catalogVectors.index_select(0, sample);
    } else {
        const auto [states, mask] = catalogStates(sample);
        pooled = pooledText(states, mask);
    }
    if (pooled.size(0) > 1)
        m_adaptor->whitenFor(pooled);
    train(wasTraining);
}

std::int64_t TextRecImpl::pretrainedRows() const {
    return m_catalogVectors.defined() ? m_catalogVectors.size(0) : m_catalogStates.size(0);
}

std::pair<torch::Tensor, torch::Tensor> TextRecImpl::catalogStates(const torch::Tensor &items) const {
    auto mask = m_catalogMask.index_select(0, items);
    const auto width = std::max<std::int64_t>(1, mask.sum(1).max().item<std::int64_t>()); // right-padded
    return {m_catalogStates.index_select(0, items).slice(1, 0, width), mask.slice(1, 0, width)};
}

torch::Tensor TextRecImpl::pooledText(const torch::Tensor &states, const torch::Tensor &mask) {
    if (states.dim() == 2) // pooled already (frozen)
        return states;
    auto h = states;
    for (std::size_t i = 0; i < m_tuned->size(); ++i)
        h = m_tuned[i]->as<BertLayerImpl>()->forward(h, mask);
    return poolStates(h, mask, m_pooling);
}

torch::Tensor TextRecImpl::textVectorsFromStates(const torch::Tensor &states, const torch::Tensor &mask) {
    return m_adaptor(pooledText(states, mask));
}

TextRecImpl::TextRecImpl(const TextRecOptions &o, const torch::Tensor &tokens) : m_options(o) {
    SasRecOptions lm = o.sequence;
    lm.numItems = o.vocabulary - 1; // token ids 1..vocabulary-1; [MASK] = vocabulary
    lm.maxlen = tokens.size(1);
    lm.causal = false;
    lm.maskToken = true;
    m_language = register_module("lm", SasRec(lm));
    m_sequence = register_module("seq", SasRec(o.sequence));
    m_project = register_module("project", torch::nn::Linear(o.sequence.hidden, o.sequence.hidden));
    m_tokens = register_buffer("tokens", tokens.clone());
    m_gate = register_parameter("gate", torch::zeros({1}));
    // Word vectors of their own: MLM pretraining draws co-occurring words (a film's genres)
    // together in the language model's embeddings, which would blur what tells items apart.
    m_words = register_module("words", torch::nn::Embedding(torch::nn::EmbeddingOptions(o.vocabulary, o.sequence.hidden).padding_idx(0)));
    torch::NoGradGuard noGrad;
    // Token embeddings at unit scale after the sqrt(hidden) input scaling, so that which tokens
    // a text has outweighs where they stand (Xavier over a large vocabulary makes them tiny).
    const double unit = 1.0 / std::sqrt(static_cast<double>(o.sequence.hidden));
    torch::nn::init::normal_(m_language->itemEmbeddings(), 0, unit);
    torch::nn::init::normal_(m_words->weight, 0, unit);
    m_words->weight[0].zero_();
    // Id embeddings start at zero: an item never trained keeps only its text vector.
    m_sequence->itemEmbeddings().zero_();
    m_project->bias.zero_();
}

torch::Tensor TextRecImpl::tokensOf(const torch::Tensor &items) const {
    const auto tokens = m_tokens.index_select(0, items); // [U, T], left-padded
    // Cut the padding columns no text of this batch reaches (exact: padding is never attended).
    const auto longest = std::max<std::int64_t>(1, tokens.ne(0).sum(1).max().item<std::int64_t>());
    return tokens.slice(1, tokens.size(1) - longest);
}

torch::Tensor TextRecImpl::textVectors(const torch::Tensor &items) {
    if (m_catalogVectors.defined())
        return textVectorsFromStates(m_catalogVectors.index_select(0, items), {});
    if (m_catalogStates.defined()) {
        const auto [states, mask] = catalogStates(items);
        return textVectorsFromStates(states, mask);
    }
    return textVectorsOf(tokensOf(items));
}

torch::Tensor TextRecImpl::idVectors(const torch::Tensor &items) {
    if (!m_options.fuseIds)
        return torch::zeros({items.size(0), m_options.sequence.hidden});
    return m_sequence->itemVectors(items);
}

torch::Tensor TextRecImpl::textVectorsOf(const torch::Tensor &tokens) {
    // Bag of token embeddings plus the language model's contextual states behind a gate that
    // starts at zero (ReZero, Bachlechner et al. 2020): training starts from words such as a
    // genre, which carry over to unseen items, and lets in as much context as helps.
    const auto words = m_words(tokens) * std::sqrt(static_cast<double>(m_options.sequence.hidden));
    const auto hidden = words + m_gate * m_language->encode(tokens); // [U, T, H]
    const auto keep = tokens.ne(0).unsqueeze(-1).to(hidden.dtype());
    const auto pooled = (hidden * keep).sum(1) / keep.sum(1).clamp_min(1);
    return m_project(pooled);
}

void TextRecImpl::train(bool on) {
    m_catalog = torch::Tensor();
    torch::nn::Module::train(on);
}

torch::Tensor TextRecImpl::itemVectors(const torch::Tensor &items) {
    if (!is_training() && !torch::GradMode::is_enabled()) {
        // Scoring: read the whole catalog once, until the weights may change (train() or a load).
        if (!m_catalog.defined()) {
            const auto all = torch::arange(pretrained() ? pretrainedRows() : m_tokens.size(0), torch::kLong);
            m_catalog = textVectors(all);
            if (m_options.fuseIds)
                m_catalog = m_catalog + m_sequence->itemVectors(all);
        }
        return torch::embedding(m_catalog, items);
    }
    // Training: each distinct item is read once per call, however often it occurs.
    const auto flat = items.reshape({-1});
    const auto [unique, inverse] = at::_unique(flat, /*sorted=*/true, /*return_inverse=*/true);
    auto vectors = textVectors(unique);
    if (m_options.fuseIds) {
        auto ids = m_sequence->itemVectors(unique);
        // Id dropout (DropoutNet, Volkovs et al. 2017): some items are seen by their text alone,
        // so the text path learns to carry items that have no trained id vector.
        if (m_options.idDropout > 0)
            ids = ids * torch::bernoulli(torch::full({ids.size(0), 1}, 1.0 - m_options.idDropout));
        vectors = vectors + ids;
    }
    auto shape = items.sizes().vec();
    shape.push_back(vectors.size(1));
    return vectors.index_select(0, inverse).view(shape);
}

torch::Tensor TextRecImpl::encode(const torch::Tensor &sequences, std::vector<torch::Tensor> *attention, const torch::Tensor *positions) {
    return m_sequence->encodeVectors(itemVectors(sequences), sequences, attention, positions);
}

torch::Tensor TextRecImpl::maskedLanguageLoss(const torch::Tensor &items, std::mt19937_64 &rng) {
    auto input = tokensOf(items).clone(); // [B, T]
    auto target = torch::zeros_like(input);
    const auto maskId = m_options.vocabulary;
    std::uniform_real_distribution<double> coin(0, 1);
    auto *ip = input.data_ptr<std::int64_t>(), *tp = target.data_ptr<std::int64_t>();
    const auto b = input.size(0), t = input.size(1);
    for (std::int64_t i = 0; i < b; ++i) {
        std::int64_t last = -1;
        bool any = false;
        for (std::int64_t p = 0; p < t; ++p) {
            if (ip[i * t + p] == 0)
                continue;
            last = p;
            if (coin(rng) < 0.15) {
                tp[i * t + p] = ip[i * t + p];
                ip[i * t + p] = maskId;
                any = true;
            }
        }
        if (!any && last >= 0) {
            tp[i * t + last] = ip[i * t + last];
            ip[i * t + last] = maskId;
        }
    }
    const auto valid = target.ne(0);
    const auto hidden = m_language->encode(input).index({valid});                                   // [M, H]
    const auto logits = torch::matmul(hidden, m_language->itemEmbeddings().slice(0, 0, maskId).t()); // [M, V]
    return torch::nll_loss(torch::log_softmax(logits, -1), target.index({valid}));
}

} // namespace recscope::engine
