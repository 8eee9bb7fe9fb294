// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/models/sequencetrainer.h"

#include "engine/core/errors.h"
#include "engine/core/rdpaccountant.h"

#include <torch/autograd.h>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace recscope::engine::detail {

std::vector<Window> windowsOf(const Split &s, std::size_t u, std::int64_t L, bool bert, bool all) {
    const std::size_t n = s.train[u].size(), step = static_cast<std::size_t>(L), span = step + (bert ? 0 : 1);
    std::vector<Window> out;
    for (std::size_t end = n; end >= (bert ? 1u : 2u);) {
        out.push_back({u, end > span ? end - span : 0, end});
        if (!all || end <= span)
            break;
        end -= step;
    }
    return out;
}

std::vector<std::size_t> lengthGroups(const std::vector<std::int64_t> &w, const TrainConfig &c) {
    // Work of a row of length L in multiply-adds: the six H x H products of a block (four with
    // ffn 1 for attention, two for the feed-forward) at each position, and at each pair of
    // positions a score, a weighted value and the softmax, mask and dropout around them.
    const double h = static_cast<double>(c.hidden);
    const double perPosition = (4.0 + 2.0 * static_cast<double>(c.ffn)) * h * h, perPair = 2.0 * h + 20.0;
    const double perGroup = 1e7; // the fixed cost of a group's ~150 operators, measured as the best cut on ML-1M
    auto rowWork = [&](std::int64_t length) {
        const auto l = static_cast<double>(length);
        return l * perPosition + l * l * perPair;
    };
    // best[j]: least work for rows [0, j); cut[j]: where its last group starts.
    const std::size_t n = w.size();
    std::vector<double> best(n + 1, 0);
    std::vector<std::size_t> cut(n + 1, 0);
    for (std::size_t j = 1; j <= n; ++j) {
        best[j] = 1e300;
        for (std::size_t i = 0; i < j; ++i) {
            const double work = best[i] + perGroup + static_cast<double>(j - i) * rowWork(w[j - 1]);
            if (work < best[j]) {
                best[j] = work;
                cut[j] = i;
            }
        }
    }
    std::vector<std::size_t> ends;
    for (std::size_t j = n; j > 0; j = cut[j])
        ends.push_back(j);
    std::reverse(ends.begin(), ends.end());
    return ends;
}

std::vector<std::vector<Window>> privacyUnits(const TrainConfig &c, const Split &s) {
    std::vector<std::vector<Window>> units;
    const bool bert = c.info().bidirectional;
    for (std::size_t u = 0; u < s.train.size(); ++u) {
        if (s.train[u].size() < 2)
            continue;
        auto w = windowsOf(s, u, c.maxlen, bert, true);
        if (c.dp == DpMode::User)
            units.push_back(std::move(w));
        else
            for (const auto &x : w)
                units.push_back({x});
    }
    return units;
}

std::int64_t dpStepsPerEpoch(const TrainConfig &c, std::size_t units) {
    return static_cast<std::int64_t>((units + static_cast<std::size_t>(c.batchSize) - 1) / static_cast<std::size_t>(c.batchSize));
}

double dpSamplingRate(const TrainConfig &c, std::size_t units) {
    return std::min(1.0, static_cast<double>(c.batchSize) / static_cast<double>(std::max<std::size_t>(1, units)));
}

void resolvePrivacy(TrainConfig &c, const Split &s) {
    if (c.dp == DpMode::None)
        return;
    const auto n = privacyUnits(c, s).size();
    if (n == 0)
        throw EngineError(ErrorKind::BadInput, "no user has two or more training interactions");
    if (c.dpDelta <= 0)
        c.dpDelta = 1.0 / static_cast<double>(n);
    const double q = dpSamplingRate(c, n);
    if (c.dpNoise <= 0)
        c.dpNoise = noiseForEpsilon(q, dpStepsPerEpoch(c, n) * c.epochs, c.dpDelta, c.dpTargetEpsilon);
    else if (c.dpTargetEpsilon > 0 && epsilonAfter(q, c.dpNoise, 1, c.dpDelta).epsilon > c.dpTargetEpsilon)
        throw EngineError(ErrorKind::Usage, "dp.target_epsilon=" + std::to_string(c.dpTargetEpsilon) + " is spent by a single step at dp.noise=" +
                                                std::to_string(c.dpNoise) + "; raise the noise or the target");
}

namespace {

// Plain training: each user's newest window (or all their windows) once per epoch, in shuffled batches.
class MinibatchUpdates final : public UpdateStrategy {
public:
    explicit MinibatchUpdates(const UpdateContext &x) : m_x(x) {
        const auto &s = x.split;
        for (std::size_t u = 0; u < s.train.size(); ++u)
            if (s.train[u].size() >= 2)
                for (const auto &w : windowsOf(s, u, x.config.maxlen, x.config.info().bidirectional, x.config.windows == Windows::All))
                    m_rows.push_back(w);
        if (m_rows.empty())
            throw EngineError(ErrorKind::BadInput, "no user has two or more training interactions");
    }

    std::size_t examples() const override { return m_rows.size(); }

    double trainEpoch(int epoch, std::mt19937_64 &rng) override {
        const auto &c = m_x.config;
        Collective *const together = m_x.collective;
        const std::size_t ranks = together ? static_cast<std::size_t>(together->size()) : 1;
        const std::size_t rank = together ? static_cast<std::size_t>(together->rank()) : 0;
        // A batch is batch_size rows on each rank: a global batch of batch_size x ranks rows,
        // drawn in the same order on every rank.
        const auto share = static_cast<std::size_t>(c.batchSize), batch = share * ranks;
        const bool bert = c.info().bidirectional;
        std::sort(m_rows.begin(), m_rows.end(), [](const Window &a, const Window &b) { return a.user < b.user; });
        std::shuffle(m_rows.begin(), m_rows.end(), rng); // the order depends on this epoch's seed alone
        if (c.batching == Batching::Length) {
            // Length buckets: within pools of 32 batches rows are ordered by length, so a batch is
            // cut to its longest input instead of maxlen; the order of batches is shuffled.
            const std::size_t pool = batch * 32;
            for (std::size_t from = 0; from < m_rows.size(); from += pool)
                std::stable_sort(m_rows.begin() + static_cast<long>(from), m_rows.begin() + static_cast<long>(std::min(m_rows.size(), from + pool)),
                                 [&](const Window &a, const Window &b) { return inputLength(a, bert) < inputLength(b, bert); });
        }
        const std::size_t batches = (m_rows.size() + batch - 1) / batch;
        std::vector<std::size_t> order(batches);
        std::iota(order.begin(), order.end(), std::size_t{0});
        std::shuffle(order.begin(), order.end(), rng);
        // Negatives and masks: drawn on a generator of each rank's own.
        std::mt19937_64 rankDraws(together ? rng() + rank : 0);
        std::mt19937_64 &draws = together ? rankDraws : rng;
        double sum = 0;
        for (std::size_t bi = 0; bi < batches; ++bi) {
            throwIfCancelled(m_x.progress);
            const std::size_t end = std::min(m_rows.size(), order[bi] * batch + batch);
            const std::size_t from = std::min(end, order[bi] * batch + rank * share), to = std::min(end, from + share);
            auto [lossSum, positions] = from < to ? m_x.loss.lossSum(m_rows.data() + from, to - from, draws)
                                                  : std::pair<torch::Tensor, std::int64_t>{torch::zeros({}), 0};
            // The sum over the whole batch divided by all its positions, on every rank.
            double total = lossSum.item<double>(), count = static_cast<double>(positions);
            if (together) {
                const auto summed = together->sumValues({total, count});
                total = summed[0];
                count = summed[1];
            }
            torch::Tensor loss = lossSum / std::max(1.0, count);
            double value = total / std::max(1.0, count);
            if (c.l1 > 0) { // on each rank a share, so that the summed gradient has it once
                const auto l1 = m_x.loss.l1();
                loss = loss + l1 / static_cast<double>(ranks);
                value += l1.item<double>();
            }
            checkFinite(value, epoch, bi);
            traceStep(value);
            step(m_x.optimizer, loss, m_x.params, c.clip, together);
            sum += value;
            reportBatch(m_x.progress, c, epoch, bi, batches);
        }
        return sum / static_cast<double>(std::max<std::size_t>(1, batches));
    }

private:
    UpdateContext m_x;
    std::vector<Window> m_rows;
};

// DP-SGD: each step samples units, clips each unit's gradient to dp.clip, adds Gaussian noise
// of dp.noise x dp.clip to the sum and divides by the batch size; the accountant counts it.
class PrivateUpdates final : public UpdateStrategy {
public:
    PrivateUpdates(const UpdateContext &x, const ResumePoint *resume) : m_x(x) {
        const auto &c = x.config;
        m_units = privacyUnits(c, x.split);
        m_q = dpSamplingRate(c, m_units.size());
        m_stepsPerEpoch = dpStepsPerEpoch(c, m_units.size());
        if (resume) // the steps of the epochs already done
            m_accountant.addSteps(m_q, c.dpNoise, resume->startEpoch * m_stepsPerEpoch);
    }

    std::size_t examples() const override { return m_units.size(); }
    std::optional<double> epsilon() const override { return m_accountant.spent(m_x.config.dpDelta).epsilon; }
    bool budgetSpent() const override { return m_budgetSpent; }

    double trainEpoch(int epoch, std::mt19937_64 &rng) override {
        const auto &c = m_x.config;
        const auto n = m_units.size();
        const auto batch = static_cast<std::size_t>(c.batchSize);
        std::uniform_real_distribution<double> coin(0, 1);
        std::vector<std::size_t> order(n);
        std::iota(order.begin(), order.end(), std::size_t{0});
        if (c.dpSampling == DpSampling::Uniform)
            std::shuffle(order.begin(), order.end(), rng);
        double sum = 0;
        std::size_t count = 0;
        const auto steps = static_cast<std::size_t>(m_stepsPerEpoch);
        for (std::size_t bi = 0; bi < steps && !m_budgetSpent; ++bi) {
            throwIfCancelled(m_x.progress);
            std::vector<std::size_t> chosen;
            if (c.dpSampling == DpSampling::Uniform) {
                const std::size_t from = bi * batch;
                chosen.assign(order.begin() + static_cast<long>(from), order.begin() + static_cast<long>(std::min(n, from + batch)));
            } else {
                for (std::size_t u = 0; u < n; ++u) // Poisson: each unit on its own coin
                    if (coin(rng) < m_q)
                        chosen.push_back(u);
            }
            sum += privateStep(chosen, epoch, bi, rng);
            ++count;
            reportBatch(m_x.progress, c, epoch, bi, steps);
        }
        return sum / static_cast<double>(std::max<std::size_t>(1, count));
    }

private:
    // One step over the chosen units; returns their mean loss.
    double privateStep(const std::vector<std::size_t> &chosen, int epoch, std::size_t bi, std::mt19937_64 &rng) {
        const auto &c = m_x.config;
        const auto &params = m_x.params;
        std::vector<torch::Tensor> sum;
        for (const auto &p : params)
            sum.push_back(torch::zeros_like(p));
        Collective *const together = m_x.collective;
        const std::size_t ranks = together ? static_cast<std::size_t>(together->size()) : 1;
        const std::size_t rank = together ? static_cast<std::size_t>(together->rank()) : 0;
        double lossSum = 0;
        for (std::size_t k = rank; k < chosen.size(); k += ranks) { // this rank's share of the units
            const auto &rows = m_units[chosen[k]];
            const torch::Tensor loss = m_x.loss.loss(rows.data(), rows.size(), rng);
            const double value = loss.item<double>();
            checkFinite(value, epoch, bi);
            lossSum += value;
            const std::vector<torch::Tensor> grads = torch::autograd::grad({loss}, params, {}, false, false, true);
            double squared = 0;
            for (const auto &g : grads)
                if (g.defined())
                    squared += g.pow(2).sum().item<double>();
            const double factor = std::min(1.0, c.dpClip / (std::sqrt(squared) + 1e-12));
            for (std::size_t k = 0; k < grads.size(); ++k)
                if (grads[k].defined())
                    sum[k].add_(grads[k], factor);
        }
        {
            // One noise draw on the sum of all clipped gradients: rank 0 adds it to its part
            // before the parts are summed.
            torch::NoGradGuard noGrad;
            if (rank == 0)
                for (auto &part : sum)
                    part.add_(torch::randn_like(part) * (c.dpNoise * c.dpClip));
            if (together) {
                together->sum(sum);
                lossSum = together->sumValues({lossSum})[0];
            }
            for (std::size_t k = 0; k < params.size(); ++k)
                params[k].mutable_grad() = sum[k] / static_cast<double>(c.batchSize);
        }
        if (c.l1 > 0) // depends on the weights alone, not on the data: no clipping or noise needed
            m_x.loss.l1().backward();
        m_x.optimizer.step();
        m_accountant.addSteps(m_q, c.dpNoise);
        if (c.dpTargetEpsilon > 0) { // room for one more step?
            auto next = m_accountant;
            next.addSteps(m_q, c.dpNoise);
            m_budgetSpent = next.spent(c.dpDelta).epsilon > c.dpTargetEpsilon;
        }
        return lossSum / static_cast<double>(std::max<std::size_t>(1, chosen.size()));
    }

    UpdateContext m_x;
    std::vector<std::vector<Window>> m_units;
    double m_q = 0;
    std::int64_t m_stepsPerEpoch = 0;
    RdpAccountant m_accountant;
    bool m_budgetSpent = false; // one more step would pass the target
};

} // namespace

std::unique_ptr<UpdateStrategy> makeMinibatchUpdates(const UpdateContext &context) { return std::make_unique<MinibatchUpdates>(context); }

std::unique_ptr<UpdateStrategy> makePrivateUpdates(const UpdateContext &context, const ResumePoint *resume) {
    return std::make_unique<PrivateUpdates>(context, resume);
}

} // namespace recscope::engine::detail
