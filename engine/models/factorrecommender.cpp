// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/models/factorrecommender.h"

#include "engine/core/errors.h"

namespace recscope::engine::detail {

void FactorRecommender::requireUsers(const std::vector<std::vector<std::int32_t>> &histories, const std::vector<std::int64_t> &users) const {
    if (users.size() != histories.size())
        throw EngineError(ErrorKind::Usage, std::string(info().name) + " scores users of its dataset: one user index per case");
}

void FactorRecommender::scoreAll(const std::vector<std::vector<std::int32_t>> &histories, const std::vector<std::int64_t> &users,
                                 std::vector<float> &scores) {
    requireUsers(histories, users);
    const auto all = torch::matmul(userRows(torch::tensor(users, torch::kLong)), m_itemTable.t()).contiguous(); // [B, n+1]
    const auto *p = all.data_ptr<float>();
    const auto n = numItems();
    scores.assign(histories.size() * static_cast<std::size_t>(n), 0.0f);
    for (std::int64_t i = 0; i < all.size(0); ++i)
        std::copy(p + i * (n + 1) + 1, p + (i + 1) * (n + 1), scores.data() + i * n);
}

std::vector<double> FactorRecommender::scoreItem(const std::vector<std::vector<std::int32_t>> &histories, std::int64_t user,
                                                 std::int32_t item, std::int32_t versus) {
    auto target = m_itemTable[item + 1];
    if (versus >= 0)
        target = target - m_itemTable[versus + 1];
    const double v = torch::dot(userRows(torch::full({1}, user, torch::kLong))[0], target).item<double>();
    return std::vector<double>(histories.size(), v); // a user's score does not depend on the history
}

torch::Tensor FactorRecommender::userVectors(const std::vector<std::vector<std::int32_t>> &histories, const std::vector<std::int64_t> &users) {
    requireUsers(histories, users);
    return userRows(torch::tensor(users, torch::kLong));
}

} // namespace recscope::engine::detail
