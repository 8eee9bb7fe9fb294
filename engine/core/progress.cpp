// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/core/progress.h"

#include "engine/core/errors.h"

#include <cstdlib>

namespace recscope::engine {

const std::string &ProgressStage::arg(std::size_t i) const {
    static const std::string none;
    return i < args.size() ? args[i] : none;
}

long long ProgressStage::intArg(std::size_t i) const { return std::atoll(arg(i).c_str()); }

std::string englishText(const ProgressStage &s) {
    switch (s.code) {
    case Stage::Reading: return "reading";
    case Stage::ReadingFile: return "reading " + s.arg(0);
    case Stage::Filtering: return "filtering";
    case Stage::StoringUsers: return "storing users";
    case Stage::StoringItems: return "storing items";
    case Stage::StoringInteractions: return "storing interactions";
    case Stage::Committing: return "committing";
    case Stage::PreparingData: return "preparing data";
    case Stage::TrainingTokenizer: return "training the tokenizer on the item text";
    case Stage::LoadingEncoder: return "loading the pretrained encoder " + s.arg(0);
    case Stage::EncodingItems: return "reading the item text with the pretrained encoder: " + s.arg(0) + " of " + s.arg(1) + " items";
    case Stage::Pretraining: return "pretraining the language model: epoch " + s.arg(0) + "/" + s.arg(1) + ", loss " + s.arg(2);
    case Stage::Epoch: return "epoch " + s.arg(0) + "/" + s.arg(1);
    case Stage::Validating: return "validating epoch " + s.arg(0);
    case Stage::Stopping: return s.arg(0);
    case Stage::LoadingModel: return "loading the model";
    case Stage::CountingCooccurrences: return "counting co-occurrences";
    case Stage::RankingCatalog: return "ranking the catalog";
    case Stage::MeasuringBeyondAccuracy: return "measuring diversity and novelty";
    case Stage::Evaluated: return "evaluated";
    case Stage::Reranking: return "re-ranking for diversity";
    case Stage::Reranked: return "re-ranked";
    case Stage::Recommending: return "recommending";
    case Stage::ComputingAttributions: return "computing attributions";
    case Stage::Explained: return "explained";
    case Stage::ReviewingExplanations: return "reviewing explanations";
    case Stage::Reviewed: return "reviewed";
    case Stage::MeasuringLatency: return "latency, one user at a time";
    case Stage::MeasuringThroughput: return "throughput, " + s.arg(0) + " users a batch";
    case Stage::Profiled: return "profiled";
    case Stage::WritingQuantized: return "writing the int8 run";
    case Stage::Quantized: return "quantized";
    case Stage::WritingPruned: return "writing the pruned run";
    case Stage::Pruned: return "pruned";
    case Stage::ScoringMembers: return "scoring members and held-out users";
    case Stage::Audited: return "audited";
    case Stage::TestingDifferences: return "testing differences";
    case Stage::WritingRecommendations: return "writing every user's recommendations";
    case Stage::WritingEmbeddings: return "writing the vectors";
    case Stage::WritingModel: return "writing the TorchScript model";
    case Stage::Exported: return "exported";
    case Stage::Swept: return "swept";
    case Stage::Diagnosing: return "diagnosing";
    case Stage::Diagnosed: return "diagnosed";
    }
    return std::string(nameOf(s.code));
}

void throwIfCancelled(const Progress &progress) {
    if (progress.cancelled())
        throw EngineError(ErrorKind::Cancelled, "cancelled");
}

} // namespace recscope::engine
