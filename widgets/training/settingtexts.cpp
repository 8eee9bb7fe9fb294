// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/training/settingtexts.h"

#include <QCoreApplication>
#include <QHash>

#include <cmath>

namespace recscope::settingtexts {

namespace {

constexpr const char *kContext = "TrainingSettings";

struct SettingText {
    const char *key;
    const char *label;
    const char *help = nullptr;
    const char *minimum = nullptr; // shown at the minimum value
    int decimals = 3;              // real settings
    double step = 0;               // real settings; 0 = one unit of the last decimal
};

// Every setting of engine::trainSettings(), in no particular order (the engine's table orders them).
const SettingText kSettings[] = {
    {"epochs", QT_TRANSLATE_NOOP("TrainingSettings", "&Epochs"),
     QT_TRANSLATE_NOOP("TrainingSettings", "Passes over the training data; early stopping may end the run sooner.")},
    {"batch_size", QT_TRANSLATE_NOOP("TrainingSettings", "&Batch size"),
     QT_TRANSLATE_NOOP("TrainingSettings", "Training rows per step (with DP-SGD: the expected number of units per step).")},
    {"lr", QT_TRANSLATE_NOOP("TrainingSettings", "&Learning rate"), QT_TRANSLATE_NOOP("TrainingSettings", "The optimiser's step size."),
     nullptr, 5, 1e-4},
    {"weight_decay", QT_TRANSLATE_NOOP("TrainingSettings", "&Weight decay"),
     QT_TRANSLATE_NOOP("TrainingSettings", "An L2 penalty through the optimiser (decoupled with AdamW; biased MF: on each rating's "
                                           "factors and biases)."),
     nullptr, 5, 1e-4},
    {"l1", QT_TRANSLATE_NOOP("TrainingSettings", "L&1 on item vectors"),
     QT_TRANSLATE_NOOP("TrainingSettings", "An L1 penalty on the item vectors, which pushes rarely seen items' vectors to zero."),
     QT_TRANSLATE_NOOP("TrainingSettings", "off"), 5, 1e-4},
    {"patience", QT_TRANSLATE_NOOP("TrainingSettings", "&Patience"),
     QT_TRANSLATE_NOOP("TrainingSettings", "Epochs without a better validation NDCG@10 before the run stops early."),
     QT_TRANSLATE_NOOP("TrainingSettings", "off")},
    {"max_minutes", QT_TRANSLATE_NOOP("TrainingSettings", "Time b&udget (minutes)"),
     QT_TRANSLATE_NOOP("TrainingSettings", "Stop training when this much time is spent, keeping the best epoch: no epoch starts "
                                           "that would end past it, and the learning-rate decay spans the budget instead of the "
                                           "epochs (set Epochs high)."),
     QT_TRANSLATE_NOOP("TrainingSettings", "no limit"), 1, 1},
    {"init_from", QT_TRANSLATE_NOOP("TrainingSettings", "&Start from"),
     QT_TRANSLATE_NOOP("TrainingSettings", "Fine-tune: start from a finished run of the same model and shape; items and users are "
                                           "matched by id, so the run may come from another slice of the data.")},
    {"maxlen", QT_TRANSLATE_NOOP("TrainingSettings", "Max &history"),
     QT_TRANSLATE_NOOP("TrainingSettings", "The newest items of a history the model reads.")},
    {"hidden", QT_TRANSLATE_NOOP("TrainingSettings", "&Hidden size"),
     QT_TRANSLATE_NOOP("TrainingSettings", "The width of the item and user vectors.")},
    {"layers", QT_TRANSLATE_NOOP("TrainingSettings", "La&yers"), QT_TRANSLATE_NOOP("TrainingSettings", "Transformer blocks.")},
    {"heads", QT_TRANSLATE_NOOP("TrainingSettings", "H&eads"),
     QT_TRANSLATE_NOOP("TrainingSettings", "Attention heads per block; the hidden size must be a multiple of them.")},
    {"ffn", QT_TRANSLATE_NOOP("TrainingSettings", "&Feed-forward width"),
     QT_TRANSLATE_NOOP("TrainingSettings", "The feed-forward layer's width as a multiple of the hidden size (SASRec 1, BERT 4).")},
    {"activation", QT_TRANSLATE_NOOP("TrainingSettings", "&Activation"),
     QT_TRANSLATE_NOOP("TrainingSettings", "The feed-forward layer's activation.")},
    {"dropout", QT_TRANSLATE_NOOP("TrainingSettings", "&Dropout"), QT_TRANSLATE_NOOP("TrainingSettings", "Dropout in the transformer blocks."),
     nullptr, 2, 0.05},
    {"loss", QT_TRANSLATE_NOOP("TrainingSettings", "L&oss"),
     QT_TRANSLATE_NOOP("TrainingSettings", "BCE: each position's next item against one sampled item. Cross-entropy: a softmax over "
                                           "the whole catalog, slower per step and far fewer epochs to the same accuracy. Sampled "
                                           "softmax: against items drawn for each batch, close to cross-entropy at a fraction of "
                                           "its cost on a large catalog.")},
    {"neighbors", QT_TRANSLATE_NOOP("TrainingSettings", "&Neighbours"),
     QT_TRANSLATE_NOOP("TrainingSettings", "Item-kNN: the most similar items kept for each item.")},
    {"mask_prob", QT_TRANSLATE_NOOP("TrainingSettings", "&Mask probability"),
     QT_TRANSLATE_NOOP("TrainingSettings", "BERT4Rec: the share of history items hidden and predicted in training."), nullptr, 2, 0.05},
    {"mask_last", QT_TRANSLATE_NOOP("TrainingSettings", "Mask the &newest item"),
     QT_TRANSLATE_NOOP("TrainingSettings", "BERT4Rec: the chance that a training row's newest item is masked as well, the position a "
                                           "recommendation is read from."),
     QT_TRANSLATE_NOOP("TrainingSettings", "never"), 2, 0.05},
    {"optimizer", QT_TRANSLATE_NOOP("TrainingSettings", "&Optimizer")},
    {"warmup", QT_TRANSLATE_NOOP("TrainingSettings", "&Warm-up epochs"),
     QT_TRANSLATE_NOOP("TrainingSettings", "The learning rate rises linearly from zero over these epochs."),
     QT_TRANSLATE_NOOP("TrainingSettings", "none")},
    {"decay", QT_TRANSLATE_NOOP("TrainingSettings", "&Decay"),
     QT_TRANSLATE_NOOP("TrainingSettings", "After the warm-up the learning rate stays, or falls to zero at the last epoch.")},
    {"clip", QT_TRANSLATE_NOOP("TrainingSettings", "Gradient &clipping"),
     QT_TRANSLATE_NOOP("TrainingSettings", "The gradient's norm is scaled down to this before each step."),
     QT_TRANSLATE_NOOP("TrainingSettings", "off"), 2, 0.5},
    {"batching", QT_TRANSLATE_NOOP("TrainingSettings", "&Batches"),
     QT_TRANSLATE_NOOP("TrainingSettings", "Random batches learn as the papers do; each is computed in groups of like length, with "
                                           "no work on padding. Batches of users of like history length save a little more time, "
                                           "but a batch of short histories then counts as much as a full one and the model learns "
                                           "more slowly.")},
    {"windows", QT_TRANSLATE_NOOP("TrainingSettings", "Long &histories"),
     QT_TRANSLATE_NOOP("TrainingSettings", "A model reads at most its longest history. Trained on the newest items alone, the older "
                                           "part of a long history is never learnt from; in windows, every interaction is a target "
                                           "once, and an epoch takes longer.")},
    {"seed", QT_TRANSLATE_NOOP("TrainingSettings", "S&eed"), QT_TRANSLATE_NOOP("TrainingSettings", "The same seed repeats a run on this machine.")},
    {"threads", QT_TRANSLATE_NOOP("TrainingSettings", "Compute &threads"),
     QT_TRANSLATE_NOOP("TrainingSettings", "Threads this run computes with; at the minimum, the number set in Preferences."),
     QT_TRANSLATE_NOOP("TrainingSettings", "as in Preferences")},
    {"device", QT_TRANSLATE_NOOP("TrainingSettings", "Com&pute device"),
     QT_TRANSLATE_NOOP("TrainingSettings", "Where the run trains: as set in Preferences, on the processor, or on a GPU (a "
                                           "build with CUDA on a machine with a GPU). A run trained on a GPU scores and explains "
                                           "on any machine.")},
    {"loss_negatives", QT_TRANSLATE_NOOP("TrainingSettings", "Items drawn &per batch"),
     QT_TRANSLATE_NOOP("TrainingSettings", "Sampled softmax: every target of a batch is ranked against this many items drawn "
                                           "from the catalog.")},
    {"loss_sampling", QT_TRANSLATE_NOOP("TrainingSettings", "Items &drawn as"),
     QT_TRANSLATE_NOOP("TrainingSettings", "Sampled softmax: every item alike, or as often as it is a training target. Popular "
                                           "items are then the harder negatives they are in the full softmax; each drawn item's "
                                           "score is corrected by its chance to be drawn (log-Q).")},
    {"negatives", QT_TRANSLATE_NOOP("TrainingSettings", "Sampled &negatives"),
     QT_TRANSLATE_NOOP("TrainingSettings", "Items the held-out item is ranked against in validation and test (NDCG@10, HR@10): "
                                           "sampled from those the user never saw, the same ones every epoch.")},
    {"split", QT_TRANSLATE_NOOP("TrainingSettings", "S&plit"),
     QT_TRANSLATE_NOOP("TrainingSettings", "Leave-one-out: each user's last item is the test case. Cold start: a tenth of the items "
                                           "never appear in training; each user's last such item is ranked among held-out items "
                                           "only. Temporal: everything after a global time cut is test (needs timestamps). Random: "
                                           "a random share of the interactions is test. K-fold: a group of users never seen in "
                                           "training, tested on their last item; the privacy audit needs such a run.")},
    {"test_ratio", QT_TRANSLATE_NOOP("TrainingSettings", "Test &share"),
     QT_TRANSLATE_NOOP("TrainingSettings", "Temporal and random splits: the share of the interactions in the test part."), nullptr, 2, 0.05},
    {"folds", QT_TRANSLATE_NOOP("TrainingSettings", "&Folds"),
     QT_TRANSLATE_NOOP("TrainingSettings", "K-fold split: the groups the users are dealt into.")},
    {"fold", QT_TRANSLATE_NOOP("TrainingSettings", "Held-out f&old"),
     QT_TRANSLATE_NOOP("TrainingSettings", "K-fold split: the group held out, counted from 0 (below the number of folds).")},
    {"text_len", QT_TRANSLATE_NOOP("TrainingSettings", "Item &text tokens"),
     QT_TRANSLATE_NOOP("TrainingSettings", "How many tokens of each item's title, categories and description the model reads.")},
    {"vocab_size", QT_TRANSLATE_NOOP("TrainingSettings", "&Vocabulary"),
     QT_TRANSLATE_NOOP("TrainingSettings", "The own language model: the size of the tokenizer's vocabulary, learnt from the item text.")},
    {"pretrain_epochs", QT_TRANSLATE_NOOP("TrainingSettings", "Pre&training epochs"),
     QT_TRANSLATE_NOOP("TrainingSettings", "Masked-language-model epochs on the item text before the recommender is trained."),
     QT_TRANSLATE_NOOP("TrainingSettings", "none")},
    {"fusion", QT_TRANSLATE_NOOP("TrainingSettings", "Item &vector"),
     QT_TRANSLATE_NOOP("TrainingSettings", "What an item's vector is made of: its text alone, or its text and a vector learnt for its id.")},
    {"id_dropout", QT_TRANSLATE_NOOP("TrainingSettings", "&Id dropout"),
     QT_TRANSLATE_NOOP("TrainingSettings", "The share of items trained on their text alone, so that items never seen in training "
                                           "still score well."),
     nullptr, 2, 0.05},
    {"encoder", QT_TRANSLATE_NOOP("TrainingSettings", "Text en&coder"),
     QT_TRANSLATE_NOOP("TrainingSettings", "A Hugging Face BERT-family folder (config.json, model.safetensors, vocab.txt or "
                                           "tokenizer.json): BERT, MiniLM or a sentence-transformers model built on BERT. It reads "
                                           "each item's text instead of the model's own small language model. Leave empty for the "
                                           "own one."),
     QT_TRANSLATE_NOOP("TrainingSettings", "its own, pretrained on the item text")},
    {"encoder_layers", QT_TRANSLATE_NOOP("TrainingSettings", "Fine-tuned &layers"),
     QT_TRANSLATE_NOOP("TrainingSettings", "Frozen: the encoder reads the catalog once (kept in the project) and the run trains an "
                                           "adaptor over its vectors. N: its last N layers are trained with the recommender as well; "
                                           "slower, and its reading of the lower layers is kept instead."),
     QT_TRANSLATE_NOOP("TrainingSettings", "none (frozen)")},
    {"dp", QT_TRANSLATE_NOOP("TrainingSettings", "&Differential privacy"),
     QT_TRANSLATE_NOOP("TrainingSettings", "DP-SGD: each step clips the gradient of every sampled user (or example) to the clip norm "
                                           "and adds Gaussian noise, so no single unit can change the model by much. User level "
                                           "protects everything one user did; example level one window of a history. The "
                                           "accountant reports epsilon for delta as training goes. For the text-aware model choose "
                                           "the BCE loss: with cross-entropy each user's step encodes the whole catalog's text.")},
    {"dp.noise", QT_TRANSLATE_NOOP("TrainingSettings", "&Noise multiplier"),
     QT_TRANSLATE_NOOP("TrainingSettings", "The noise's standard deviation in units of the clip norm. At the minimum the noise is "
                                           "chosen so that the last epoch ends at the target epsilon."),
     QT_TRANSLATE_NOOP("TrainingSettings", "chosen for the target"), 3, 0.1},
    {"dp.clip", QT_TRANSLATE_NOOP("TrainingSettings", "&Clip norm"),
     QT_TRANSLATE_NOOP("TrainingSettings", "Each unit's gradient is scaled down to this norm before the noise is added."), nullptr, 3, 0.1},
    {"dp.delta", QT_TRANSLATE_NOOP("TrainingSettings", "De&lta"),
     QT_TRANSLATE_NOOP("TrainingSettings", "The chance the epsilon guarantee may fail; by default one over the number of units."),
     QT_TRANSLATE_NOOP("TrainingSettings", "1 / number of units"), 7, 1e-5},
    {"dp.target_epsilon", QT_TRANSLATE_NOOP("TrainingSettings", "&Target epsilon"),
     QT_TRANSLATE_NOOP("TrainingSettings", "Training stops before a step would spend more than this."),
     QT_TRANSLATE_NOOP("TrainingSettings", "none"), 2, 0.5},
    {"dp.sampling", QT_TRANSLATE_NOOP("TrainingSettings", "Sa&mpling"),
     QT_TRANSLATE_NOOP("TrainingSettings", "The accountant's guarantee assumes Poisson sampling; shuffled batches are accounted at the "
                                           "same rate, the usual approximation.")},
};

struct ChoiceText {
    const char *key, *value, *text;
};

const ChoiceText kChoices[] = {
    {"activation", "relu", QT_TRANSLATE_NOOP("TrainingSettings", "ReLU")},
    {"activation", "gelu", QT_TRANSLATE_NOOP("TrainingSettings", "GELU")},
    {"optimizer", "adam", QT_TRANSLATE_NOOP("TrainingSettings", "Adam")},
    {"optimizer", "adamw", QT_TRANSLATE_NOOP("TrainingSettings", "AdamW (decoupled weight decay)")},
    {"optimizer", "sgd", QT_TRANSLATE_NOOP("TrainingSettings", "SGD with momentum")},
    {"decay", "none", QT_TRANSLATE_NOOP("TrainingSettings", "Constant")},
    {"decay", "linear", QT_TRANSLATE_NOOP("TrainingSettings", "Linear to zero")},
    {"decay", "cosine", QT_TRANSLATE_NOOP("TrainingSettings", "Cosine to zero")},
    {"loss", "bce", QT_TRANSLATE_NOOP("TrainingSettings", "BCE, one sampled negative")},
    {"loss", "ce", QT_TRANSLATE_NOOP("TrainingSettings", "Cross-entropy over the catalog")},
    {"loss", "ssm", QT_TRANSLATE_NOOP("TrainingSettings", "Sampled softmax")},
    {"loss_sampling", "uniform", QT_TRANSLATE_NOOP("TrainingSettings", "Uniformly")},
    {"loss_sampling", "popularity", QT_TRANSLATE_NOOP("TrainingSettings", "By popularity, log-Q corrected")},
    {"batching", "random", QT_TRANSLATE_NOOP("TrainingSettings", "Random users")},
    {"batching", "length", QT_TRANSLATE_NOOP("TrainingSettings", "Users of like history length")},
    {"windows", "newest", QT_TRANSLATE_NOOP("TrainingSettings", "Newest items only")},
    {"windows", "all", QT_TRANSLATE_NOOP("TrainingSettings", "All of it, in windows")},
    {"split", "loo", QT_TRANSLATE_NOOP("TrainingSettings", "Leave-one-out")},
    {"split", "cold", QT_TRANSLATE_NOOP("TrainingSettings", "Cold-start items")},
    {"split", "temporal", QT_TRANSLATE_NOOP("TrainingSettings", "Temporal (a global time cut)")},
    {"split", "random", QT_TRANSLATE_NOOP("TrainingSettings", "Random interactions")},
    {"split", "kfold", QT_TRANSLATE_NOOP("TrainingSettings", "K-fold (users held out)")},
    {"fusion", "text+id", QT_TRANSLATE_NOOP("TrainingSettings", "Text and item id")},
    {"fusion", "text", QT_TRANSLATE_NOOP("TrainingSettings", "Text only")},
    {"dp", "none", QT_TRANSLATE_NOOP("TrainingSettings", "Off")},
    {"dp", "user", QT_TRANSLATE_NOOP("TrainingSettings", "User level (a whole history)")},
    {"dp", "example", QT_TRANSLATE_NOOP("TrainingSettings", "Example level (a window of a history)")},
    {"dp.sampling", "poisson", QT_TRANSLATE_NOOP("TrainingSettings", "Poisson (each unit on its own coin)")},
    {"dp.sampling", "uniform", QT_TRANSLATE_NOOP("TrainingSettings", "Uniform (shuffled fixed batches)")},
};

const std::pair<const char *, const char *> kModels[] = {
    {"pop", QT_TRANSLATE_NOOP("TrainingSettings", "Popularity (baseline)")},
    {"itemknn", QT_TRANSLATE_NOOP("TrainingSettings", "Item-kNN (cosine)")},
    {"bprmf", QT_TRANSLATE_NOOP("TrainingSettings", "BPR matrix factorization")},
    {"biasedmf", QT_TRANSLATE_NOOP("TrainingSettings", "Biased MF (predicts explicit ratings)")},
    {"sasrec", QT_TRANSLATE_NOOP("TrainingSettings", "SASRec (causal self-attention)")},
    {"bert4rec", QT_TRANSLATE_NOOP("TrainingSettings", "BERT4Rec (bidirectional, masked items)")},
    {"textrec", QT_TRANSLATE_NOOP("TrainingSettings", "Text-aware transformer (reads item text)")},
};

QString translated(const char *text) { return text ? QCoreApplication::translate(kContext, text) : QString(); }

const SettingText *find(std::string_view key) {
    static const QHash<QByteArray, const SettingText *> byKey = [] {
        QHash<QByteArray, const SettingText *> h;
        for (const auto &s : kSettings)
            h.insert(QByteArray(s.key), &s);
        return h;
    }();
    return byKey.value(QByteArray(key.data(), static_cast<qsizetype>(key.size())), nullptr);
}

const ChoiceText *findChoice(std::string_view key, std::string_view value) {
    for (const auto &c : kChoices)
        if (key == c.key && value == c.value)
            return &c;
    return nullptr;
}

const char *findModel(std::string_view key) {
    for (const auto &[k, name] : kModels)
        if (key == k)
            return name;
    return nullptr;
}

} // namespace

QString label(std::string_view key) {
    const auto *s = find(key);
    return s ? translated(s->label) : QString::fromUtf8(key.data(), static_cast<qsizetype>(key.size()));
}

QString help(std::string_view key) {
    const auto *s = find(key);
    return s ? translated(s->help) : QString();
}

QString minimumText(std::string_view key) {
    const auto *s = find(key);
    return s ? translated(s->minimum) : QString();
}

int decimals(std::string_view key) {
    const auto *s = find(key);
    return s ? s->decimals : 3;
}

double step(std::string_view key) {
    const auto *s = find(key);
    return s && s->step > 0 ? s->step : std::pow(10.0, -decimals(key));
}

QString choice(std::string_view key, std::string_view value) {
    const auto *c = findChoice(key, value);
    return c ? translated(c->text) : QString::fromUtf8(value.data(), static_cast<qsizetype>(value.size()));
}

QString modelName(std::string_view key) {
    const char *name = findModel(key);
    return name ? translated(name) : QString::fromUtf8(key.data(), static_cast<qsizetype>(key.size()));
}

QString groupTitle(engine::TrainSetting::Group group) {
    using G = engine::TrainSetting::Group;
    static const std::pair<G, const char *> titles[] = {
        {G::Training, QT_TRANSLATE_NOOP("TrainingSettings", "Training")}, {G::Model, QT_TRANSLATE_NOOP("TrainingSettings", "Model")},
        {G::Schedule, QT_TRANSLATE_NOOP("TrainingSettings", "Schedule")}, {G::Evaluation, QT_TRANSLATE_NOOP("TrainingSettings", "Evaluation")},
        {G::Text, QT_TRANSLATE_NOOP("TrainingSettings", "Text")},         {G::Privacy, QT_TRANSLATE_NOOP("TrainingSettings", "Privacy")}};
    for (const auto &[g, title] : titles)
        if (g == group)
            return translated(title);
    return {};
}

bool hasLabel(std::string_view key) { return find(key) != nullptr; }
bool hasChoice(std::string_view key, std::string_view value) { return findChoice(key, value) != nullptr; }
bool hasModelName(std::string_view key) { return findModel(key) != nullptr; }

} // namespace recscope::settingtexts
