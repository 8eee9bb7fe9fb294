// SPDX-License-Identifier: GPL-3.0-or-later
// The reports' charts as pictures (QPainter, no widgets), and the data shaping that the
// on-screen charts share with them: the waterfall's bars, attention's labels and head average.
#pragma once

#include <QImage>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <vector>

namespace recscope {

// Waterfall: from the base value through each player's attribution to the score.
struct WaterfallStep {
    QString label;
    double value = 0, stderr_ = 0;
};
struct WaterfallBar {
    QString label;
    double from = 0, to = 0, stderr_ = 0;
};
// The base value, the steps by magnitude (at most `shown` apart, the rest summed as "other
// items"), then the score.
std::vector<WaterfallBar> waterfallBars(double base, const std::vector<WaterfallStep> &steps, double score, int shown = 15);
// The chart's title for history items (false) or the words of the item's text (true).
QString waterfallTitle(bool words);

// Deletion and insertion curves: n + 1 points each; ranks may be empty.
struct FaithfulnessCurves {
    std::vector<double> deletion, insertion, deletionRandom, insertionRandom;
    std::vector<std::int64_t> deletionRank, insertionRank;
};

// One explanation of a review: its areas and those of random orders.
struct FaithfulnessCase {
    QString label;
    double deletion = 0, deletionRandom = 0, insertion = 0, insertionRandom = 0;
};

// Names for the `n` input positions of an attention matrix: the input ends with the history
// (`history`, oldest first), then [prediction] for a masked position (BERT4Rec).
QStringList attentionLabels(int n, const QStringList &history);
// A round step (1, 2, 5, 10, 20, 25, 50...) that numbers `positions` positions about a dozen times.
int positionStep(int positions);
// The head average of one layer's attention ([head][query][key]).
std::vector<std::vector<float>> headAverage(const std::vector<std::vector<std::vector<float>>> &layer);

// Pictures for the reports, `width` x `height` logical pixels (drawn at twice that).
QImage waterfallImage(const std::vector<WaterfallBar> &bars, bool words, const QString &valueName, int width);
QImage faithfulnessImage(const FaithfulnessCurves &curves, const QString &valueName, int width, int height);
QImage attentionBarsImage(const std::vector<double> &weights, const std::vector<double> &rollout, const QStringList &labels,
                          const QString &title, int width, int height);
// Each row's colours scaled to its largest weight, as the Explain tab shows by default.
QImage attentionHeatmapImage(const std::vector<std::vector<float>> &weights, const QStringList &labels, const QString &title, int width,
                             int height);
QImage reviewFaithfulnessImage(const std::vector<FaithfulnessCase> &cases, int width, int height);
QImage histogramImage(const std::vector<double> &values, double lo, double hi, int bins, const QString &title, const QString &axis,
                      int width, int height);
QImage creditImage(const QStringList &names, const std::vector<int> &counts, const QString &title, int width);

} // namespace recscope
