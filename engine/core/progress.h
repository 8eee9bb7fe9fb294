// SPDX-License-Identifier: GPL-3.0-or-later
// The small sink through which long engine work reports progress and learns it was cancelled.
// Stages are codes with arguments (no UI words): the UI words them in its language, the CLI
// prints `englishText`.
#pragma once

#include "engine/core/enumnames.h"

#include <atomic>
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace recscope::engine {

// What the engine is doing. The arguments each stage carries are listed after it.
enum class Stage {
    Reading,               // reading a dataset's tables
    ReadingFile,           // file name
    Filtering,             // filtering and sorting the imported rows
    StoringUsers,
    StoringItems,
    StoringInteractions,
    Committing,            // writing the transaction to the project file
    PreparingData,         // the split, windows and negatives of a run
    TrainingTokenizer,     // SentencePiece on the item text
    Pretraining,           // epoch, epochs, mean loss
    LoadingEncoder,        // a pretrained encoder's folder
    EncodingItems,         // items read, items
    Epoch,                 // epoch, epochs
    Validating,            // epoch
    Stopping,              // the run's status: finished, cancelled or failed
    LoadingModel,
    CountingCooccurrences, // item-kNN
    RankingCatalog,
    MeasuringBeyondAccuracy, // diversity and novelty
    Evaluated,
    Reranking,             // re-ranking for diversity
    Reranked,
    Recommending,          // a user's top list
    ComputingAttributions,
    Explained,
    ReviewingExplanations,
    Reviewed,
    MeasuringLatency,      // one user at a time
    MeasuringThroughput,   // users a batch
    Profiled,
    WritingQuantized,
    Quantized,
    WritingPruned,
    Pruned,
    ScoringMembers,        // membership audit: members and held-out users
    Audited,
    TestingDifferences,    // significance tests of a comparison
    WritingRecommendations, // every user's top-k list
    WritingEmbeddings,
    WritingModel,          // TorchScript
    Exported,
    Swept,                 // a sweep's last trial ended
    Diagnosing,            // a run's diagnostics: order, leakage, repeats
    Diagnosed,
};

template <>
struct EnumNames<Stage> {
    static constexpr std::pair<Stage, std::string_view> values[] = {
        {Stage::Reading, "reading"},
        {Stage::ReadingFile, "reading-file"},
        {Stage::Filtering, "filtering"},
        {Stage::StoringUsers, "storing-users"},
        {Stage::StoringItems, "storing-items"},
        {Stage::StoringInteractions, "storing-interactions"},
        {Stage::Committing, "committing"},
        {Stage::PreparingData, "preparing-data"},
        {Stage::TrainingTokenizer, "training-tokenizer"},
        {Stage::Pretraining, "pretraining"},
        {Stage::LoadingEncoder, "loading-encoder"},
        {Stage::EncodingItems, "encoding-items"},
        {Stage::Epoch, "epoch"},
        {Stage::Validating, "validating"},
        {Stage::Stopping, "stopping"},
        {Stage::LoadingModel, "loading-model"},
        {Stage::CountingCooccurrences, "counting-cooccurrences"},
        {Stage::RankingCatalog, "ranking-catalog"},
        {Stage::MeasuringBeyondAccuracy, "measuring-beyond-accuracy"},
        {Stage::Evaluated, "evaluated"},
        {Stage::Reranking, "reranking"},
        {Stage::Reranked, "reranked"},
        {Stage::Recommending, "recommending"},
        {Stage::ComputingAttributions, "computing-attributions"},
        {Stage::Explained, "explained"},
        {Stage::ReviewingExplanations, "reviewing-explanations"},
        {Stage::Reviewed, "reviewed"},
        {Stage::MeasuringLatency, "measuring-latency"},
        {Stage::MeasuringThroughput, "measuring-throughput"},
        {Stage::Profiled, "profiled"},
        {Stage::WritingQuantized, "writing-quantized"},
        {Stage::Quantized, "quantized"},
        {Stage::WritingPruned, "writing-pruned"},
        {Stage::Pruned, "pruned"},
        {Stage::ScoringMembers, "scoring-members"},
        {Stage::Audited, "audited"},
        {Stage::TestingDifferences, "testing-differences"},
        {Stage::WritingRecommendations, "writing-recommendations"},
        {Stage::WritingEmbeddings, "writing-embeddings"},
        {Stage::WritingModel, "writing-model"},
        {Stage::Exported, "exported"},
        {Stage::Swept, "swept"},
        {Stage::Diagnosing, "diagnosing"},
        {Stage::Diagnosed, "diagnosed"},
    };
};

// A stage and its arguments (numbers written in the C locale).
struct ProgressStage {
    Stage code = Stage::Reading;
    std::vector<std::string> args;

    ProgressStage(Stage code = Stage::Reading) : code(code) {} // NOLINT: a bare code is a stage
    ProgressStage(Stage code, std::vector<std::string> args) : code(code), args(std::move(args)) {}
    // The i-th argument, or empty.
    const std::string &arg(std::size_t i) const;
    // The argument as a number, or 0.
    long long intArg(std::size_t i) const;
};

// The stage in English, as the CLI prints it ("epoch 3/10", "reading ratings.dat").
std::string englishText(const ProgressStage &stage);

// Implemented by callers (a Qt job, the CLI, a test). The engine calls report() from its own
// thread, between units of work, and stops with ErrorKind::Cancelled soon after cancelled()
// turns true. Implementations must be thread-safe and cheap; the engine throttles its calls.
class Progress {
public:
    virtual ~Progress() = default;
    virtual void report(double fraction, const ProgressStage &stage) = 0;
    virtual bool cancelled() const = 0;
};

// A Progress that ignores reports and never cancels.
class NullProgress final : public Progress {
public:
    void report(double, const ProgressStage &) override {}
    bool cancelled() const override { return false; }
};

// A Progress built from a callback and an atomic flag; handy for the CLI and tests.
class CallbackProgress final : public Progress {
public:
    using Callback = std::function<void(double, const ProgressStage &)>;
    explicit CallbackProgress(Callback cb = {}) : m_cb(std::move(cb)) {}
    void report(double fraction, const ProgressStage &stage) override {
        if (m_cb)
            m_cb(fraction, stage);
    }
    bool cancelled() const override { return m_cancel.load(std::memory_order_relaxed); }
    void cancel() { m_cancel.store(true, std::memory_order_relaxed); }

private:
    Callback m_cb;
    std::atomic<bool> m_cancel{false};
};

// One step of a longer task: reports [0, 1] as [from, to] of the parent's range, cancels with it.
class SubProgress final : public Progress {
public:
    SubProgress(Progress &parent, double from, double to) : m_parent(parent), m_from(from), m_to(to) {}
    void report(double fraction, const ProgressStage &stage) override { m_parent.report(m_from + (m_to - m_from) * fraction, stage); }
    bool cancelled() const override { return m_parent.cancelled(); }

private:
    Progress &m_parent;
    double m_from, m_to;
};

// Throws EngineError(Cancelled) when the sink asks to stop.
void throwIfCancelled(const Progress &progress);

} // namespace recscope::engine
