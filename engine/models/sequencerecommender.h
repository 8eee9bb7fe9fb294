// SPDX-License-Identifier: GPL-3.0-or-later
// What the transformers share when scoring (engine-private): reading histories with gaps at
// their own positions, reusing a causal context across coalitions, attention weights.
// SASRec and BERT4Rec (transformerrecommender.cpp) and the text model (textrecommender.h)
// supply the encoder.
#pragma once

#include "engine/models/recommender.h"
#include "engine/models/sasrec.h"

#include <map>

namespace recscope::engine::detail {

// Where a stored run of a sequence model scores: the GPU it trained on (or the preferred one) where
// this machine has one, else the processor; results always come back to the processor.
std::string scoringDevice(const TrainConfig &config);

class SequenceRecommender : public Recommender {
public:
    using Recommender::Recommender;
    void scoreAll(const std::vector<std::vector<std::int32_t>> &histories, const std::vector<std::int64_t> &users,
                  std::vector<float> &scores) override;
    std::vector<double> scoreItem(const std::vector<std::vector<std::int32_t>> &histories, std::int64_t user, std::int32_t item,
                                  std::int32_t versus) override;
    std::uint64_t trainingBytes() const override;

    // scoreAll for one user's histories that all start with `context` and go on with one of
    // `tails`: causal models compute the context once per reading position (kept until the
    // context changes) and read only each tail; BERT4Rec reads the whole histories.
    void scoreAllAfter(const std::vector<std::int32_t> &context, const std::vector<std::vector<std::int32_t>> &tails, std::int64_t user,
                       std::vector<float> &scores) override;
    torch::Tensor itemVectors() override { return m_itemTable.slice(0, 1).to(torch::kCPU); }
    void saveScript(const std::string &file, const std::vector<std::string> &itemIds) override;
    torch::Tensor userVectors(const std::vector<std::vector<std::int32_t>> &histories, const std::vector<std::int64_t> &) override {
        return hidden(histories).to(torch::kCPU);
    }
    // Every layer's attention while reading `history`, [layer][head][query][key].
    std::vector<std::vector<std::vector<std::vector<float>>>> attention(const std::vector<std::int32_t> &history);

protected:
    // The encoder over item ids: [B, L] -> [B, L, H]; see SasRecImpl::encode.
    virtual torch::Tensor encode(const torch::Tensor &input, std::vector<torch::Tensor> *attention, const torch::Tensor *positions) = 0;
    // The transformer blocks that read the item vectors (SASRec, BERT4Rec, the text model's sequence part).
    virtual SasRecImpl &sequenceModel() = 0;
    // The causal model a shared context can be computed once for, or null (BERT4Rec).
    virtual SasRecImpl *causalModel() = 0;
    // One vector per history that scores items by dot product: [B, H].
    torch::Tensor hidden(const std::vector<std::vector<std::int32_t>> &histories);

    // After load(): the weights onto the device this run scores and explains on (see
    // scoringDevice) and every item's vector computed there once.
    template <typename Holder>
    void placeForScoring(Holder &model) {
        m_device = torch::Device(scoringDevice(config()));
        model->to(m_device);
        m_itemTable = model->itemVectors(torch::arange(numItems() + 1, torch::TensorOptions(torch::kLong).device(m_device)));
    }

    torch::Tensor m_itemTable; // [numItems + 1, H]: every item's vector, on m_device
    torch::Device m_device{torch::kCPU};

private:
    torch::Tensor inputFor(const std::vector<std::vector<std::int32_t>> &histories) const;
    torch::Tensor hiddenWithGaps(const std::vector<std::vector<std::int32_t>> &histories);
    void copyRows(const torch::Tensor &all, float *out) const;

    // scoreAllAfter: the context's states by where it starts in the position table.
    std::vector<std::int32_t> m_cachedContext;
    std::map<std::int64_t, PrefixStates> m_contextStates;
};

} // namespace recscope::engine::detail
