// SPDX-License-Identifier: GPL-3.0-or-later
// The explainability review report: for a run, how faithful its explanations are across the
// sampled users (areas against random orders, as a scatter and in numbers), how often the
// newest item dominates, how well attention agrees with the attributions, the items and item
// groups credited most, the explanations a reviewer should look at first, and the protocol.
// HTML or PDF, from the Review tab and recscope-cli review --report.
#pragma once

#include "engine/explain/explainreview.h"
#include "engine/explain/explanationrecord.h"
#include "engine/store/runstore.h"
#include "reports/reportdocument.h"
#include "reports/reportcharts.h"

#include <QCoreApplication>
#include <QImage>
#include <QString>
#include <QStringList>

#include <map>
#include <vector>

namespace recscope {

namespace engine {
class Progress;
class Project;
}

// The report's data: the engine's record of one review (engine/explain/explanationrecord.h).
struct ReviewReportData : engine::ReviewRecord {
    QString itemTitle(qint64 item) const; // "nothing" for -1 (no item credited)
    QString userId(qint64 user) const;    // "#index" when not reviewed
};

class ReviewReport {
    Q_DECLARE_TR_FUNCTIONS(recscope::ReviewReport)
public:
    explicit ReviewReport(ReviewReportData data);
    QString html(const std::function<QString(const QString &name)> &image) const;
    // "faithfulness", "agreement", "items", "categories" (when any).
    std::vector<std::pair<QString, QImage>> images() const;
    bool write(const QString &fileName, QString *error = nullptr) const;
    QImage pdfPage(int page, int dpi = 96) const;

    // The review in three sentences for people: faithfulness, newest item, attention.
    static QStringList findings(const engine::Review &review);
    // Cases by how far they fall short of random orders (deletion above, insertion below),
    // worst first: the explanations to look at first.
    static std::vector<std::size_t> worstCases(const engine::Review &review, std::size_t keep);
    // What the review's charts show, for the Review tab and the report alike.
    static std::vector<FaithfulnessCase> faithfulnessCases(const ReviewReportData &data);
    // Attention rollout against the attributions: each case's Spearman correlation, in bins over [-1, 1].
    struct Histogram {
        std::vector<double> values;
        double lo = -1, hi = 1;
        int bins = 20;
        QString title, axis;
    };
    static Histogram agreement(const engine::Review &review);
    // Items (or, with items false, item groups) credited most often, the first `keep`.
    struct Credits {
        QStringList names;
        std::vector<int> counts;
        QString title;
    };
    static Credits credits(const ReviewReportData &data, bool items, std::size_t keep);
    // How many cases need 1, 2, ... items taken out (then those with none in the window); empty
    // when the review did not search.
    static Credits changeSizes(const engine::Review &review);

private:
    ReportDocument document() const;
    ReviewReportData m_data;
};

} // namespace recscope
