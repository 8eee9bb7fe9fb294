// SPDX-License-Identifier: GPL-3.0-or-later
#include "reports/reviewreport.h"

#include "engine/core/errors.h"
#include "engine/store/project.h"
#include "reports/explanationreport.h"

#include <QDateTime>
#include <QLocale>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace recscope {

namespace {
QString esc(const QString &s) { return s.toHtmlEscaped(); }
QString num(double v, int digits = 3) { return std::isfinite(v) ? QLocale().toString(v, 'f', digits) : QStringLiteral("–"); }
QString percent(double share) { return std::isfinite(share) ? QLocale().toString(100 * share, 'f', 0) + QLatin1Char('%') : QStringLiteral("–"); }

template <typename F>
std::vector<double> field(const engine::Review &r, F f) {
    std::vector<double> out;
    for (const auto &c : r.cases)
        out.push_back(f(c));
    return out;
}
} // namespace

ReviewReport::ReviewReport(ReviewReportData data) : m_data(std::move(data)) {}

QString ReviewReportData::itemTitle(qint64 item) const {
    if (item < 0)
        return ReviewReport::tr("nothing");
    return item < static_cast<qint64>(itemTitles.size()) ? QString::fromStdString(itemTitles[static_cast<std::size_t>(item)])
                                                         : ReviewReport::tr("item #%1").arg(item);
}

QString ReviewReportData::userId(qint64 user) const {
    const auto it = userIds.find(user);
    return it != userIds.end() ? QString::fromStdString(it->second) : QStringLiteral("#%1").arg(user);
}

std::vector<FaithfulnessCase> ReviewReport::faithfulnessCases(const ReviewReportData &d) {
    std::vector<FaithfulnessCase> cases;
    for (const auto &c : d.review.cases)
        cases.push_back({tr("%1: “%2”").arg(d.userId(c.user), d.itemTitle(c.item)), c.deletionArea, c.deletionRandom, c.insertionArea,
                         c.insertionRandom});
    return cases;
}

ReviewReport::Histogram ReviewReport::agreement(const engine::Review &r) {
    Histogram h;
    h.values = field(r, [](const auto &c) { return c.attentionAgreement; });
    h.title = tr("Attention rollout against the attributions");
    h.axis = tr("Spearman rank correlation (1: the same order)");
    return h;
}

ReviewReport::Credits ReviewReport::credits(const ReviewReportData &d, bool items, std::size_t keep) {
    const auto &list = items ? d.review.items : d.review.categories;
    Credits c;
    for (std::size_t i = 0; i < list.size() && i < keep; ++i) {
        c.names << (items ? d.itemTitle(list[i].item) : QString::fromStdString(list[i].name));
        c.counts.push_back(list[i].first);
    }
    c.title = items ? tr("History items credited most often") : tr("Item groups (categories) credited most often");
    return c;
}

ReviewReport::Credits ReviewReport::changeSizes(const engine::Review &r) {
    Credits c;
    for (std::size_t k = 1; k < r.changeSizes.size(); ++k) {
        c.names << tr("%n item(s)", nullptr, static_cast<int>(k));
        c.counts.push_back(r.changeSizes[k]);
    }
    if (!r.changeSizes.empty() && r.changeSizes[0] > 0) {
        c.names << tr("none in the window");
        c.counts.push_back(r.changeSizes[0]);
    }
    c.title = tr("Items to take out before the item leaves first place");
    return c;
}

QStringList ReviewReport::findings(const engine::Review &r) {
    QStringList out;
    const auto median = [&](auto f) { return engine::finiteMedian(field(r, f)); };
    out << tr("Faithfulness: for %1 of the explanations, taking the most credited items away first lowers the value faster, and giving "
              "them back first raises it faster, than random orders do (median deletion area %2 against %3 for random orders; "
              "insertion %4 against %5).")
               .arg(percent(r.beatsRandomShare), num(median([](const auto &c) { return c.deletionArea; })),
                    num(median([](const auto &c) { return c.deletionRandom; })), num(median([](const auto &c) { return c.insertionArea; })),
                    num(median([](const auto &c) { return c.insertionRandom; })));
    const bool recency = std::isfinite(r.newestFirstShare) && r.newestFirstShare > 0.5;
    const bool defaults = r.masking == "remove" && r.value == "margin";
    out << tr("The newest item is credited most in %1 of the explanations.").arg(percent(r.newestFirstShare)) + QLatin1Char(' ') +
               (!recency   ? tr("Credit is not simply given to what came last.")
                : defaults ? tr("With the item taken out and the ranking explained, that is the model's own reliance on recency.")
                           : tr("That is more than half: review again with masking 'take the item out' and the ranking explained, "
                                "which do not credit the newest item for where the prediction is read."));
    if (!r.changeSizes.empty()) {
        int found = 0, single = 0;
        for (std::size_t k = 1; k < r.changeSizes.size(); ++k)
            found += r.changeSizes[k];
        single = r.changeSizes.size() > 1 ? r.changeSizes[1] : 0;
        const double cases = static_cast<double>(found + r.changeSizes[0]);
        out << tr("Taking out a single history item undoes the recommendation in %1 of the cases, and some removal within the "
                  "explained items does in %2; in %3 of those, the smallest removal is exactly the items with the largest "
                  "attributions.")
                   .arg(percent(single / cases), percent(found / cases), percent(r.changeTopAttributedShare));
    }
    if (r.diagnosis) {
        const auto &q = r.diagnosis->sequentiality;
        out << (q.usesOrder ? tr("The model uses the order of a history: shuffling what it reads lowers NDCG@%1 from %2 to %3 (95% "
                                 "interval of the drop %4 to %5), so credit to positions and to the newest item can mean something.")
                            : tr("The model shows no sign of using the order of a history (NDCG@%1 %2, shuffled %3; 95% interval of the "
                                 "drop %4 to %5): explanations by position, and credit to the newest item as such, mean little here."))
                   .arg(r.diagnosis->k)
                   .arg(num(q.ndcg), num(q.ndcgShuffled), num(q.dropLow, 4), num(q.dropHigh, 4));
        if (const auto &l = r.diagnosis->leakage; l.timestamps && l.testBeforeCutShare > 0.05)
            out << tr("%1 of the run's test interactions happened before its latest training interaction: the model was trained on "
                      "the future of what it is tested on, and its test numbers may be optimistic.")
                       .arg(percent(l.testBeforeCutShare));
    }
    const double agreement = median([](const auto &c) { return c.attentionAgreement; });
    if (std::isfinite(agreement))
        out << tr("Attention rollout and the attributions rank the history alike at a median Spearman of %1; %2")
                   .arg(num(agreement, 2),
                        agreement >= 0.5 ? tr("attention points at the same items here.")
                                         : tr("attention is not a stand-in for the attributions here."));
    return out;
}

std::vector<std::size_t> ReviewReport::worstCases(const engine::Review &r, std::size_t keep) {
    std::vector<std::size_t> order;
    std::vector<double> shortfall(r.cases.size(), -INFINITY);
    for (std::size_t i = 0; i < r.cases.size(); ++i) {
        const auto &c = r.cases[i];
        if (std::isfinite(c.deletionRandom) && std::isfinite(c.deletionArea)) {
            shortfall[i] = (c.deletionArea - c.deletionRandom) + (c.insertionRandom - c.insertionArea);
            order.push_back(i);
        }
    }
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return shortfall[a] > shortfall[b]; });
    if (order.size() > keep)
        order.resize(keep);
    return order;
}

std::vector<std::pair<QString, QImage>> ReviewReport::images() const {
    const auto &r = m_data.review;
    std::vector<std::pair<QString, QImage>> out;
    out.emplace_back(QStringLiteral("faithfulness"), reviewFaithfulnessImage(faithfulnessCases(m_data), 900, 620));
    const auto a = agreement(r);
    if (std::any_of(a.values.begin(), a.values.end(), [](double v) { return std::isfinite(v); }))
        out.emplace_back(QStringLiteral("agreement"), histogramImage(a.values, a.lo, a.hi, a.bins, a.title, a.axis, 900, 380));
    if (const auto c = changeSizes(r); !c.counts.empty())
        out.emplace_back(QStringLiteral("changes"), creditImage(c.names, c.counts, c.title, 900));
    for (const bool items : {true, false}) {
        const auto c = credits(m_data, items, 12);
        if (!c.counts.empty())
            out.emplace_back(items ? QStringLiteral("items") : QStringLiteral("categories"), creditImage(c.names, c.counts, c.title, 900));
    }
    return out;
}

QString ReviewReport::html(const std::function<QString(const QString &)> &image) const {
    const auto &r = m_data.review;
    const auto &o = m_data.options.explain;
    QString h = ReportDocument::head(tr("Explainability review"));
    h += QStringLiteral("<h1>%1</h1>")
             .arg(esc(tr("Explainability review of run “%1”").arg(QString::fromStdString(m_data.run.name))));
    h += QStringLiteral("<p class=\"note\">%1</p>")
             .arg(esc(tr("Written by RecScope %1 on %2 (UTC).")
                          .arg(QCoreApplication::applicationVersion(), QDateTime::currentDateTimeUtc().toString(Qt::ISODate))));

    h += QStringLiteral("<h2>%1</h2><ul>").arg(esc(tr("Findings")));
    for (const auto &f : findings(r))
        h += QStringLiteral("<li>%1</li>").arg(esc(f));
    h += QStringLiteral("</ul>");

    const auto median = [&](auto f) { return engine::finiteMedian(field(r, f)); };
    h += QStringLiteral("<h2>%1</h2><table>").arg(esc(tr("Protocol")));
    h += ReportDocument::row(tr("Users reviewed"), esc(tr("%1 of %2 (sampled with seed %3); each user's top recommendation")
                                                         .arg(r.cases.size())
                                                         .arg(m_data.datasetUsers)
                                                         .arg(m_data.options.seed)));
    h += ReportDocument::row(tr("Explained"), esc(tr("the newest %1 items of each history; older items stay as context").arg(o.window)));
    h += ReportDocument::row(tr("Method"), esc(QString::fromStdString(r.method)));
    h += ReportDocument::row(tr("Masking"), esc(r.masking == "pad" ? tr("pad: an absent item leaves a gap")
                                                                   : tr("remove: an absent item is taken out of the sequence")));
    h += ReportDocument::row(tr("Explained value"), esc(ExplanationReport::valueLabel(r.value)));
    h += ReportDocument::row(tr("Random orders per explanation"), QString::number(o.randomOrders));
    h += ReportDocument::row(tr("Time"), esc(tr("%1 s").arg(num(r.seconds, 1))));
    h += QStringLiteral("</table>");

    h += QStringLiteral("<h2>%1</h2>").arg(esc(tr("Faithfulness")));
    h += QStringLiteral("<p>%1</p>").arg(esc(tr("Each point is one explanation: its deletion (or insertion) area when the most credited "
                                                 "items are taken away (given back) first, against the mean area for random orders. "
                                                 "Deletion points under the diagonal and insertion points above it mean the "
                                                 "attributions rank the items the way the model uses them.")));
    h += QStringLiteral("<p><img src=\"%1\" width=\"600\"></p>").arg(image(QStringLiteral("faithfulness")));
    h += QStringLiteral("<table><tr><th></th><th>%1</th><th>%2</th></tr>").arg(esc(tr("Median, attributions' order")), esc(tr("Median, random orders")));
    h += QStringLiteral("<tr><td>%1</td><td class=\"n\">%2</td><td class=\"n\">%3</td></tr>")
             .arg(esc(tr("Deletion area (lower is better)")), num(median([](const auto &c) { return c.deletionArea; })),
                  num(median([](const auto &c) { return c.deletionRandom; })));
    h += QStringLiteral("<tr><td>%1</td><td class=\"n\">%2</td><td class=\"n\">%3</td></tr>")
             .arg(esc(tr("Insertion area (higher is better)")), num(median([](const auto &c) { return c.insertionArea; })),
                  num(median([](const auto &c) { return c.insertionRandom; })));
    double gap = 0;
    for (const auto &c : r.cases)
        if (std::isfinite(c.additivityGap))
            gap = std::max(gap, std::abs(c.additivityGap));
    h += QStringLiteral("</table><p>%1</p>")
             .arg(esc(tr("Better than random orders on both curves: %1. Largest additivity gap: %2.")
                          .arg(percent(r.beatsRandomShare), QString::number(gap, 'g', 2))));

    const auto agreement = field(r, [](const auto &c) { return c.attentionAgreement; });
    if (std::any_of(agreement.begin(), agreement.end(), [](double v) { return std::isfinite(v); })) {
        h += QStringLiteral("<h2>%1</h2><p>%2</p>")
                 .arg(esc(tr("Attention and attributions")),
                      esc(tr("How alike attention rollout and the attributions rank each history's items. High agreement means "
                             "attention happens to point at what matters; low agreement means it cannot stand in for them.")));
        h += QStringLiteral("<p><img src=\"%1\" width=\"600\"></p>").arg(image(QStringLiteral("agreement")));
    }

    if (const auto sizes = changeSizes(r); !sizes.counts.empty()) {
        h += QStringLiteral("<h2>%1</h2><p>%2</p>")
                 .arg(esc(tr("Smallest changes")),
                      esc(tr("For each case, the fewest of the explained items whose removal takes the recommended item out of first "
                             "place (every removal tried, size by size, and checked by scoring the changed history). Small changes "
                             "mean a recommendation hangs on a few items; a removal that matches the largest attributions "
                             "confirms them.")));
        h += QStringLiteral("<p><img src=\"%1\" width=\"600\"></p><table><tr><th>%2</th><th>%3</th></tr>")
                 .arg(image(QStringLiteral("changes")), esc(tr("Items taken out")), esc(tr("Cases")));
        for (int i = 0; i < sizes.names.size(); ++i)
            h += QStringLiteral("<tr><td>%1</td><td class=\"n\">%2</td></tr>").arg(esc(sizes.names[i])).arg(sizes.counts[static_cast<std::size_t>(i)]);
        h += QStringLiteral("</table><p>%1</p>")
                 .arg(esc(tr("The smallest removal is exactly the items with the largest attributions in %1 of the cases that have one.")
                              .arg(percent(r.changeTopAttributedShare))));
    }

    if (r.diagnosis) {
        const auto &d = *r.diagnosis;
        const auto &q = d.sequentiality;
        h += QStringLiteral("<h2>%1</h2><p>%2</p><table>")
                 .arg(esc(tr("Diagnostics")),
                      esc(tr("The run on its own test cases (%1 users, full ranking) with each history read as it is, shuffled and "
                             "reversed (the newest items the model reads; older ones stay); whether its evaluation leaks the future; "
                             "and test items repeated from training.")
                              .arg(q.users)));
        h += ReportDocument::row(tr("NDCG@%1 as read / shuffled / reversed").arg(d.k),
                                 esc(QStringLiteral("%1 / %2 / %3").arg(num(q.ndcg), num(q.ndcgShuffled), num(q.ndcgReversed))));
        h += ReportDocument::row(tr("Drop when shuffled (95% interval)"),
                                 esc(QStringLiteral("%1 (%2 to %3)").arg(num(q.drop, 4), num(q.dropLow, 4), num(q.dropHigh, 4))));
        h += ReportDocument::row(tr("Uses the order of a history"), esc(q.usesOrder ? tr("yes") : tr("no sign of it")));
        if (const auto &l = d.leakage; l.timestamps) {
            h += ReportDocument::row(tr("Test interactions before the latest training one"), esc(percent(l.testBeforeCutShare)));
            h += ReportDocument::row(tr("NDCG@%1 on its split / on a global temporal split").arg(d.k),
                                     esc(tr("%1 / %2 (%3 users; %4 of its training after that cut)")
                                             .arg(num(l.ndcgOwnSplit), num(l.ndcgTemporal))
                                             .arg(l.temporalUsers)
                                             .arg(percent(l.trainedAfterCutShare))));
        } else {
            h += ReportDocument::row(tr("Leakage"), esc(tr("not measured: the dataset has no timestamps")));
        }
        h += ReportDocument::row(tr("Test items already in the user's training items"), esc(percent(d.repeats.testItemInUserTrainingShare)));
        h += QStringLiteral("</table>");
    }

    h += QStringLiteral("<h2>%1</h2>").arg(esc(tr("What is credited")));
    h += QStringLiteral("<p>%1</p>").arg(esc(tr("The newest item is credited most in %1 of the explanations.").arg(percent(r.newestFirstShare))));
    auto creditTable = [&](const std::vector<engine::ReviewCredit> &list, bool items, const QString &picture, const QString &heading) {
        if (list.empty())
            return;
        h += QStringLiteral("<p><img src=\"%1\" width=\"600\"></p>").arg(image(picture));
        h += QStringLiteral("<table><tr><th>%1</th><th>%2</th><th>%3</th></tr>")
                 .arg(esc(heading), esc(tr("Credited most")), esc(tr("Summed attribution there")));
        for (const auto &c : list)
            h += QStringLiteral("<tr><td>%1</td><td class=\"n\">%2</td><td class=\"n\">%3</td></tr>")
                     .arg(esc(items ? m_data.itemTitle(c.item) : QString::fromStdString(c.name)))
                     .arg(c.first)
                     .arg(num(c.positive));
        h += QStringLiteral("</table>");
    };
    creditTable(r.items, true, QStringLiteral("items"), tr("History item"));
    creditTable(r.categories, false, QStringLiteral("categories"), tr("Item group"));

    const auto worst = worstCases(r, 15);
    if (!worst.empty()) {
        h += QStringLiteral("<h2>%1</h2><p>%2</p>")
                 .arg(esc(tr("Explanations to look at first")),
                      esc(tr("The explanations that fall furthest short of random orders; open them in the Explain tab to see why.")));
        h += QStringLiteral("<table><tr><th>%1</th><th>%2</th><th>%3</th><th>%4</th><th>%5</th></tr>")
                 .arg(esc(tr("User")), esc(tr("Recommended")), esc(tr("Credited most")), esc(tr("Deletion / random")), esc(tr("Insertion / random")));
        for (auto i : worst) {
            const auto &c = r.cases[i];
            h += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td><td class=\"n\">%4 / %5</td><td class=\"n\">%6 / %7</td></tr>")
                     .arg(esc(m_data.userId(c.user)), esc(m_data.itemTitle(c.item)), esc(m_data.itemTitle(c.firstItem)), num(c.deletionArea), num(c.deletionRandom),
                          num(c.insertionArea), num(c.insertionRandom));
        }
        h += QStringLiteral("</table>");
    }

    h += ReportDocument::runSection(QString::fromStdString(m_data.projectPath), QString::fromStdString(m_data.datasetName), m_data.pseudonymized, m_data.run);
    h += QStringLiteral("<h2>%1</h2><ul>").arg(esc(tr("How to read this report")));
    h += QStringLiteral("<li>%1</li>").arg(esc(tr("Areas are on each explanation's own 0-1 scale: its lowest curve point is 0, its highest 1.")));
    h += QStringLiteral("<li>%1</li>").arg(esc(tr("A review reads the project and writes nothing to it; run it again with another seed "
                                                  "for other users.")));
    h += QStringLiteral("</ul></body></html>");
    return h;
}

ReportDocument ReviewReport::document() const {
    return ReportDocument(tr("Explainability review"), images(), [this](const auto &image) { return html(image); });
}

bool ReviewReport::write(const QString &fileName, QString *error) const { return document().write(fileName, error); }

QImage ReviewReport::pdfPage(int page, int dpi) const { return document().pdfPage(page, dpi); }

} // namespace recscope
