// SPDX-License-Identifier: GPL-3.0-or-later
#include "reports/explanationreport.h"

#include "engine/core/errors.h"
#include "engine/core/progress.h"
#include "engine/store/project.h"
#include "engine/evaluation/runscorer.h"
#include "engine/settings/modelinfo.h"
#include "reports/reportcharts.h"
#include "reports/reportdocument.h"

#include <QDateTime>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

#include <cmath>
#include <numeric>

namespace recscope {

namespace {

QString esc(const QString &s) { return s.toHtmlEscaped(); }
QString num(double v, int digits = 4) { return std::isfinite(v) ? QLocale().toString(v, 'f', digits) : QStringLiteral("–"); }

QString row(const QString &label, const QString &value) { return ReportDocument::row(label, value); }

} // namespace

ExplanationReport::ExplanationReport(ExplanationReportData data) : m_data(std::move(data)) {}

QString ExplanationReport::valueLabel(const std::string &value, bool brief) {
    if (value == "margin")
        return brief ? tr("margin over the runner-up") : tr("margin over the runner-up (the item's score minus the best other item's)");
    if (value == "probability")
        return brief ? tr("log probability") : tr("log probability (softmax over the catalog)");
    return tr("score (logit)");
}

QString ExplanationReport::title(qint64 item) const {
    return item >= 0 && item < static_cast<qint64>(m_data.itemTitles.size()) ? QString::fromStdString(m_data.itemTitles[static_cast<std::size_t>(item)])
                                                                             : tr("item #%1").arg(item);
}

std::vector<std::pair<QString, QImage>> ExplanationReport::images() const {
    const auto &e = m_data.explanation;
    std::vector<std::pair<QString, QImage>> out;
    QStringList history; // the players' names
    for (const auto &a : e.attributions)
        history << (a.word.empty() ? title(a.item) : QString::fromStdString(a.word));
    if (e.method != "attention") {
        std::vector<WaterfallStep> steps;
        for (std::size_t i = 0; i < e.attributions.size(); ++i)
            steps.push_back({history[static_cast<int>(i)], e.attributions[i].value, e.attributions[i].stderr_});
        out.emplace_back(QStringLiteral("waterfall"),
                         waterfallImage(waterfallBars(e.baseValue, steps, e.score), e.players == "text", valueLabel(e.value, true), 900));
    }
    if (const auto &f = e.faithfulness; f.computed)
        out.emplace_back(QStringLiteral("faithfulness"),
                         faithfulnessImage({f.deletion, f.insertion, f.deletionRandomCurve, f.insertionRandomCurve, f.deletionRank, f.insertionRank},
                                           valueLabel(e.value, true), 900, 420));
    if (e.attention.empty() || e.players == "text") // attention is over the history, not the words
        return out;
    const auto last = headAverage(e.attention.back());
    std::vector<double> attends;
    QStringList read; // every position attention covers, context included
    for (auto i : m_data.readHistory)
        read << title(i);
    const auto labels = attentionLabels(static_cast<int>(last.size()), read.isEmpty() ? history : read);
    // The prediction position's row, over the history positions (the input ends with them).
    const auto &lastRow = last.back();
    const std::size_t offset = lastRow.size() - history.size() - (engine::modelInfo(m_data.run.model).bidirectional ? 1 : 0);
    for (int i = 0; i < history.size(); ++i)
        attends.push_back(lastRow[offset + static_cast<std::size_t>(i)]);
    out.emplace_back(QStringLiteral("attends"),
                     attentionBarsImage(attends, e.rollout, history, tr("What the prediction reads (last layer, heads averaged)"), 900, 420));
    for (std::size_t l = 0; l < e.attention.size(); ++l)
        out.emplace_back(QStringLiteral("attention-%1").arg(l + 1),
                         attentionHeatmapImage(headAverage(e.attention[l]), labels, tr("Layer %1, heads averaged").arg(l + 1), 760, 700));
    return out;
}

QString ExplanationReport::html(const std::function<QString(const QString &)> &image) const {
    const auto &e = m_data.explanation;
    const auto &run = m_data.run;
    QString h;
    h += ReportDocument::head(tr("Explanation report"));
    h += QStringLiteral("<h1>%1</h1>").arg(esc(tr("Why “%1” is recommended to user %2").arg(title(e.item), QString::fromStdString(m_data.userId))));
    if (e.versus)
        h += QStringLiteral("<p>%1</p>").arg(esc(tr("Explained: the score of “%1” minus the score of “%2” (why the first ranks above the second).")
                                                   .arg(title(e.item), title(*e.versus))));
    h += QStringLiteral("<p class=\"note\">%1</p>")
             .arg(esc(tr("Written by RecScope %1 on %2 (UTC).")
                          .arg(QCoreApplication::applicationVersion(), QDateTime::currentDateTimeUtc().toString(Qt::ISODate))));

    // Summary: the reason and the additivity check.
    double sum = 0;
    for (const auto &a : e.attributions)
        sum += a.value;
    h += QStringLiteral("<h2>%1</h2><p class=\"reason\">%2</p>").arg(esc(tr("Summary")), esc(QString::fromStdString(e.reason)));
    h += QStringLiteral("<table>");
    h += row(tr("Explained value"), esc(valueLabel(e.value)));
    h += row(tr("Value for the whole history"), num(e.score));
    h += row(tr("Base value (empty history)"), num(e.baseValue));
    if (e.method != "attention") {
        h += row(tr("Sum of the attributions"), num(sum));
        const bool holds = std::abs(e.additivityGap) <= 1e-4;
        h += row(tr("Additivity check"),
                 esc(holds ? tr("holds: base value + attributions = score (gap %1)").arg(QString::number(e.additivityGap, 'g', 2))
                           : tr("gap %1: base value + attributions differ from the score").arg(QString::number(e.additivityGap, 'g', 3))));
    }
    h += QStringLiteral("</table>");

    h += ReportDocument::runSection(QString::fromStdString(m_data.projectPath), QString::fromStdString(m_data.datasetName), m_data.pseudonymized, run);

    // The user and the list.
    h += QStringLiteral("<h2>%1</h2><table>").arg(esc(tr("User and recommendations")));
    h += row(tr("User"), esc(QString::fromStdString(m_data.userId)));
    h += row(tr("History"), esc(tr("%1 items; %2 read by the model and explained").arg(m_data.historyLength).arg(e.attributions.size())));
    if (e.skippedOlder > 0)
        h += row(tr("Not read"), esc(tr("%1 older items lie outside the model's window").arg(e.skippedOlder)));
    if (m_data.editedHistory)
        h += row(tr("Counterfactual"), esc(tr("the history was edited before explaining: %1 items instead of the user's %2")
                                               .arg(m_data.editedHistory->size())
                                               .arg(m_data.historyLength)));
    h += QStringLiteral("</table><p></p><table><tr><th>%1</th><th>%2</th><th>%3</th></tr>").arg(esc(tr("Rank")), esc(tr("Item")), esc(tr("Score")));
    for (std::size_t r = 0; r < m_data.recommendations.size(); ++r) {
        const auto &[item, score] = m_data.recommendations[r];
        const QString name = item == e.item ? QStringLiteral("<b>%1</b> %2").arg(esc(title(item)), esc(tr("(explained)"))) : esc(title(item));
        h += QStringLiteral("<tr><td class=\"n\">%1</td><td>%2</td><td class=\"n\">%3</td></tr>").arg(r + 1).arg(name, num(score));
    }
    h += QStringLiteral("</table>");

    // Attributions.
    h += QStringLiteral("<h2>%1</h2>").arg(esc(tr("Attributions")));
    const QString masking = e.masking == "pad" ? tr("an absent item leaves a gap (padding); the others keep their positions")
                                               : tr("an absent item is taken out of the sequence; the older items move up a place");
    h += QStringLiteral("<p>%1</p>").arg(esc(tr("Method: %1; masking: %2; %3 coalitions evaluated in %4 s.")
                                                  .arg(QString::fromStdString(e.method), masking)
                                                  .arg(e.evaluations)
                                                  .arg(num(e.seconds, 2))));
    if (e.method != "attention")
        h += QStringLiteral("<p><img src=\"%1\" width=\"640\"></p>").arg(image(QStringLiteral("waterfall")));
    h += QStringLiteral("<table><tr><th>%1</th><th>%2</th><th>%3</th><th>%4</th><th>%5</th></tr>")
             .arg(esc(tr("Position")), esc(e.players == "text" ? tr("Word of the item's text") : tr("History item")), esc(tr("Attribution")),
                  esc(tr("± std. error")), esc(tr("Attention rollout")));
    std::vector<std::size_t> order(e.attributions.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return std::abs(e.attributions[a].value) > std::abs(e.attributions[b].value); });
    for (auto i : order) {
        const auto &a = e.attributions[i];
        h += QStringLiteral("<tr><td class=\"n\">%1</td><td>%2</td><td class=\"n %3\">%4</td><td class=\"n\">%5</td><td class=\"n\">%6</td></tr>")
                 .arg(a.position + 1)
                 .arg(esc(a.word.empty() ? title(a.item) : QString::fromStdString(a.word)), a.value >= 0 ? QStringLiteral("pos") : QStringLiteral("neg"),
                      (a.value >= 0 ? QStringLiteral("+") : QString()) + num(a.value), a.stderr_ > 0 ? num(a.stderr_) : QStringLiteral("exact"),
                      i < e.rollout.size() ? num(e.rollout[i], 3) : QStringLiteral("–"));
    }
    h += QStringLiteral("</table>");

    // Faithfulness.
    if (const auto &f = e.faithfulness; f.computed) {
        h += QStringLiteral("<h2>%1</h2>").arg(esc(tr("Faithfulness")));
        h += QStringLiteral("<p>%1</p>").arg(esc(tr("Do the attributions say what the model does? The deletion curve takes the most "
                                                     "credited items away one by one, the insertion curve gives them back to an empty "
                                                     "history; the dashed curves do the same in random orders. Areas are on a scale "
                                                     "where the lowest point of the curves is 0 and the highest 1: a faithful explanation has a "
                                                     "lower deletion area and a higher insertion area than the random orders.")));
        h += QStringLiteral("<p><img src=\"%1\" width=\"640\"></p>").arg(image(QStringLiteral("faithfulness")));
        h += QStringLiteral("<table><tr><th></th><th>%1</th><th>%2</th></tr>").arg(esc(tr("Attributions' order")), esc(tr("Random orders")));
        h += QStringLiteral("<tr><td>%1</td><td class=\"n\">%2</td><td class=\"n\">%3</td></tr>")
                 .arg(esc(tr("Deletion area (lower is better)")), num(f.deletionArea, 3), num(f.deletionRandom, 3));
        h += QStringLiteral("<tr><td>%1</td><td class=\"n\">%2</td><td class=\"n\">%3</td></tr>")
                 .arg(esc(tr("Insertion area (higher is better)")), num(f.insertionArea, 3), num(f.insertionRandom, 3));
        h += QStringLiteral("</table>");
        if (std::isfinite(f.attentionAgreement))
            h += QStringLiteral("<p>%1</p>").arg(esc(tr("Attention rollout and the attributions rank the history's items alike at "
                                                         "Spearman %1 (1: the same order, 0: unrelated).")
                                                          .arg(num(f.attentionAgreement, 2))));
    }

    // The smallest change.
    if (const auto &c = e.counterfactual; c.computed) {
        const QString place = c.topK == 1 ? tr("first place") : tr("the top %1").arg(c.topK);
        h += QStringLiteral("<h2>%1</h2>").arg(esc(tr("Smallest change")));
        if (c.rankBefore > c.topK) {
            h += QStringLiteral("<p>%1</p>").arg(esc(tr("Nothing to undo: “%1” is at #%2 already, outside %3.").arg(title(e.item)).arg(c.rankBefore).arg(place)));
        } else if (c.found) {
            QStringList removed;
            for (auto i : c.removed)
                removed << QStringLiteral("“%1”").arg(title(i));
            h += QStringLiteral("<p>%1</p>")
                     .arg(esc(tr("Without %1, “%2” leaves %3: it falls to #%4 and “%5” comes first. No smaller removal does (%6). %7")
                                  .arg(removed.join(QStringLiteral(", ")), title(e.item), place)
                                  .arg(c.rankAfter)
                                  .arg(title(c.newTop),
                                       c.search == "exact" ? tr("every removal of that size or smaller was tried")
                                                           : tr("as far as a beam search guided by the attributions finds"),
                                       c.verified ? tr("Scoring the changed history as a whole confirms it.")
                                                  : tr("Scoring the changed history as a whole does NOT confirm it."))));
            h += QStringLiteral("<p>%1</p>").arg(esc(c.topAttributed ? tr("These are the items with the largest attributions.")
                                                                      : tr("These are not simply the items with the largest attributions.")));
        } else {
            h += QStringLiteral("<p>%1</p>").arg(esc(tr("No removal of up to %1 history items takes “%2” out of %3.")
                                                          .arg(c.searchedUpTo)
                                                          .arg(title(e.item), place)));
        }
        if (c.swap.found)
            h += QStringLiteral("<p>%1</p>")
                     .arg(esc(tr("The closest single swap: “%1” in place of “%2” (similarity %3) also takes it out of %4.")
                                  .arg(title(c.swap.to), title(c.swap.from), num(c.swap.similarity, 2), place)));
    }

    // Attention.
    if (e.players == "text")
        h += QStringLiteral("<p>%1</p>").arg(esc(tr("The players are the words of the item's own text; the user's history is held "
                                                     "fixed, and the base value is the item read with an empty text.")));
    if (!e.attention.empty() && e.players != "text") {
        h += QStringLiteral("<h2>%1</h2>").arg(esc(tr("Attention")));
        h += QStringLiteral("<p>%1</p>").arg(esc(tr("Where the model looked while reading the history: each row of a heatmap is a position "
                                                     "reading the earlier ones (rows sum to 1). Attention is not an explanation of the "
                                                     "score; the attributions above are.")));
        h += QStringLiteral("<p><img src=\"%1\" width=\"640\"></p>").arg(image(QStringLiteral("attends")));
        for (std::size_t l = 0; l < e.attention.size(); ++l)
            h += QStringLiteral("<p><img src=\"%1\" width=\"520\"></p>").arg(image(QStringLiteral("attention-%1").arg(l + 1)));
    }

    // How to read it.
    h += QStringLiteral("<h2>%1</h2><ul>").arg(esc(tr("How to read this report")));
    h += QStringLiteral("<li>%1</li>").arg(esc(tr("An attribution is the item's Shapley value: its average effect on the score over every "
                                                  "subset of the rest of the history. Attributions add up from the base value (the score "
                                                  "after an empty history) to the score.")));
    h += QStringLiteral("<li>%1</li>").arg(esc(tr("Exact values enumerate every subset; sampled ones (KernelSHAP, permutation) carry a "
                                                  "standard error from the sampling.")));
    h += QStringLiteral("<li>%1</li>").arg(esc(tr("The reason names only the items that carry at least half of the positive attribution.")));
    h += QStringLiteral("</ul></body></html>");
    return h;
}

ReportDocument ExplanationReport::document() const {
    return ReportDocument(tr("Explanation report"), images(), [this](const auto &image) { return html(image); });
}

bool ExplanationReport::write(const QString &fileName, QString *error) const { return document().write(fileName, error); }

QImage ExplanationReport::pdfPage(int page, int dpi) const { return document().pdfPage(page, dpi); }

} // namespace recscope
