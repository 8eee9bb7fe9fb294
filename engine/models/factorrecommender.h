// SPDX-License-Identifier: GPL-3.0-or-later
// What the matrix factorisations (BPR-MF, biased MF) share once trained: one vector per training
// user and per item, a score being their dot product. Engine-private: includes torch.
#pragma once

#ifndef RECSCOPE_ENGINE_INTERNAL
#error "engine/models/ is private to the engine"
#endif

#include "engine/models/recommender.h"

namespace recscope::engine::detail {

class FactorRecommender : public Recommender {
public:
    using Recommender::Recommender;

    void scoreAll(const std::vector<std::vector<std::int32_t>> &histories, const std::vector<std::int64_t> &users,
                  std::vector<float> &scores) override;
    std::vector<double> scoreItem(const std::vector<std::vector<std::int32_t>> &histories, std::int64_t user, std::int32_t item,
                                  std::int32_t versus) override;
    torch::Tensor itemVectors() override { return m_itemTable.slice(0, 1); }
    torch::Tensor userVectors(const std::vector<std::vector<std::int32_t>> &histories, const std::vector<std::int64_t> &users) override;

protected:
    // The vectors of users (indices into the run's dataset), [B, D].
    virtual torch::Tensor userRows(const torch::Tensor &users) = 0;
    torch::Tensor m_itemTable; // [numItems + 1, D], row 0 padding; set by load()

private:
    void requireUsers(const std::vector<std::vector<std::int32_t>> &histories, const std::vector<std::int64_t> &users) const;
};

} // namespace recscope::engine::detail
