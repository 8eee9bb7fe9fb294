// SPDX-License-Identifier: GPL-3.0-or-later
// The explainability review report: for a run, how faithful its explanations are across the
// sampled users (areas against random orders, as a scatter and in numbers), how often the
// newest item dominates, how well attention agrees with the attributions, the items and item
// groups credited most, the explanations a reviewer should look at first, and the protocol.
// HTML or PDF, from the Review tab and recscope-cli review --report.
#pragma once

#include "engine/explain/explainreview.h"
#include "engine/store/runstore.h"
#include "widgets/common/reportdocument.h"

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
class ReviewCreditChart;
class ReviewFaithfulnessChart;
class ReviewHistogramChart;

struct ReviewReportData {
    QString projectPath;
    QString datasetName;
    bool pseudonymized = false;
    qint64 datasetUsers = 0;
    engine::RunInfo run;
    engine::ReviewOptions options;
    engine::Review review;
    QStringList itemTitles;          // every item of the dataset, by index
    std::map<qint64, QString> userIds; // the reviewed users' ids as stored

    QString itemTitle(qint64 item) const; // "nothing" for -1 (no item credited)
    QString userId(qint64 user) const;    // "#index" when not reviewed
};

// Runs the review and gathers what the report names. Throws EngineError as reviewExplanations does.
ReviewReportData collectReviewData(engine::Project &project, qint64 runId, const engine::ReviewOptions &options, engine::Progress &progress);
// The report's data for a review already made.
ReviewReportData reviewReportData(engine::Project &project, const engine::RunInfo &run, const engine::ReviewOptions &options,
                                  engine::Review review);

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
    // The review's charts as the Review tab and the report draw them (an empty review clears them).
    static void showFaithfulness(const ReviewReportData &data, ReviewFaithfulnessChart &chart);
    static void showAgreement(const ReviewReportData &data, ReviewHistogramChart &chart);
    // Items (or, with items false, item groups) credited most often, the first `keep`.
    static void showCredits(const ReviewReportData &data, bool items, ReviewCreditChart &chart, std::size_t keep);

private:
    ReportDocument document() const;
    ReviewReportData m_data;
};

} // namespace recscope
