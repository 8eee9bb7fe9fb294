// SPDX-License-Identifier: GPL-3.0-or-later
// What the Sweeps page shares between its table and its charts: number formats, the trials'
// colours and words, and where a setting's values sit on an axis.
#pragma once

#include "engine/training/sweep.h"
#include "widgets/common/qcustomplotwrapper.h"
#include "widgets/compare/sweepview.h"

#include <QLocale>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

namespace recscope::sweepcharts {

inline QString num(double v, int digits = 4) { return std::isfinite(v) ? QLocale().toString(v, 'f', digits) : QStringLiteral("–"); }

// Okabe-Ito, as the other charts: trials that ran the full length, those halving stopped, the best.
inline const QColor kFull(0x00, 0x72, 0xb2), kStopped(0x99, 0x99, 0x99), kBest(0xd5, 0x5e, 0x00);

inline QString statusText(const engine::SweepTrial &t) {
    if (t.runId == 0)
        return SweepView::tr("not started (budget)");
    if (t.stoppedEarly)
        return SweepView::tr("stopped early after %n epoch(s)", nullptr, static_cast<int>(t.epochs));
    switch (t.status) {
    case engine::RunStatus::Finished: return SweepView::tr("finished");
    case engine::RunStatus::Cancelled: return SweepView::tr("cancelled");
    case engine::RunStatus::Failed: return SweepView::tr("failed");
    default: return SweepView::tr("not finished");
    }
}

// A trial as the charts' tooltips describe it.
inline QString trialText(const engine::SweepTrial &t) {
    QString settings;
    for (const auto &[k, v] : t.settings)
        settings += (settings.isEmpty() ? QString() : QStringLiteral(", ")) + QString::fromStdString(k + "=" + v);
    return SweepView::tr("Trial %1 (%2)\nvalidation NDCG@10 %3, test %4\n%5")
        .arg(t.index)
        .arg(settings, num(t.validNdcg10), num(t.testNdcg10), statusText(t));
}

// Where each trial's value of `key` stands on a [0, 1] axis, and the axis's labels.
struct AxisPlacement {
    std::vector<double> position; // per trial, NaN where it has no value
    std::vector<std::pair<double, QString>> labels;
};

inline AxisPlacement placeSetting(const engine::SweepResult &sweep, const std::string &key) {
    AxisPlacement a;
    std::vector<std::string> categories;
    bool numeric = true;
    double lo = INFINITY, hi = -INFINITY;
    for (const auto &t : sweep.trials) {
        const auto it = t.settings.find(key);
        if (it == t.settings.end())
            continue;
        char *end = nullptr;
        const double v = std::strtod(it->second.c_str(), &end);
        numeric = numeric && end && *end == '\0' && !it->second.empty();
        lo = std::min(lo, v);
        hi = std::max(hi, v);
        if (std::find(categories.begin(), categories.end(), it->second) == categories.end())
            categories.push_back(it->second);
    }
    const bool log = numeric && lo > 0 && hi / lo >= 100;
    const auto place = [&](double v) {
        if (!(hi > lo))
            return 0.5;
        return log ? (std::log(v) - std::log(lo)) / (std::log(hi) - std::log(lo)) : (v - lo) / (hi - lo);
    };
    for (const auto &t : sweep.trials) {
        const auto it = t.settings.find(key);
        if (it == t.settings.end()) {
            a.position.push_back(NAN);
        } else if (numeric) {
            a.position.push_back(place(std::strtod(it->second.c_str(), nullptr)));
        } else {
            const auto i = std::find(categories.begin(), categories.end(), it->second) - categories.begin();
            a.position.push_back(categories.size() > 1 ? static_cast<double>(i) / static_cast<double>(categories.size() - 1) : 0.5);
        }
    }
    if (numeric && std::isfinite(lo)) {
        a.labels.emplace_back(place(lo), QLocale().toString(lo, 'g', 4));
        if (hi > lo)
            a.labels.emplace_back(place(hi), QLocale().toString(hi, 'g', 4) + (log ? SweepView::tr(" (log)") : QString()));
    } else {
        for (std::size_t i = 0; i < categories.size(); ++i)
            a.labels.emplace_back(categories.size() > 1 ? static_cast<double>(i) / static_cast<double>(categories.size() - 1) : 0.5,
                                  QString::fromStdString(categories[i]));
    }
    return a;
}

} // namespace recscope::sweepcharts
