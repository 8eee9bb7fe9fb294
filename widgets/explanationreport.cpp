// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/explanationreport.h"

#include "engine/errors.h"
#include "engine/progress.h"
#include "engine/project.h"
#include "engine/training.h"
#include "widgets/explanationcharts.h"
#include "widgets/qcustomplotwrapper.h"

#include <QApplication>
#include <QBuffer>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QPageLayout>
#include <QPainter>
#include <QPdfWriter>
#include <QStyle>
#include <QTextDocument>
#include <QUrl>

#include <cmath>
#include <numeric>

namespace recscope {

namespace {

QString esc(const QString &s) { return s.toHtmlEscaped(); }
QString num(double v, int digits = 4) { return std::isfinite(v) ? QLocale().toString(v, 'f', digits) : QStringLiteral("–"); }

// A chart rendered off screen on the light standard palette (reports are printed).
template <typename Chart, typename Fill>
QImage renderChart(int width, int height, Fill fill) {
    Chart chart;
    chart.setPalette(QApplication::style()->standardPalette());
    chart.resize(width, height);
    fill(chart);
    chart.plot()->replot();
    return chart.plot()->toPixmap(width, height, 2.0).toImage();
}

QString row(const QString &label, const QString &value) {
    return QStringLiteral("<tr><th align=\"left\" valign=\"top\">%1</th><td>%2</td></tr>").arg(esc(label), value);
}

} // namespace

ExplanationReportData collectReportData(engine::Project &project, qint64 runId, qint64 user, std::optional<qint64> item, int k,
                                        const engine::ExplainOptions &options, engine::Progress &progress) {
    ExplanationReportData d;
    const auto run = engine::RunStore(project).run(runId);
    if (!run)
        throw engine::EngineError(engine::ErrorKind::Usage, "no run with id " + std::to_string(runId));
    d.run = *run;
    const auto info = project.dataset(run->datasetId);
    d.projectPath = QString::fromStdString(project.path());
    d.datasetName = QString::fromStdString(info->name);
    d.pseudonymized = info->pseudonymized;
    const auto users = project.users(run->datasetId);
    if (user < 0 || user >= static_cast<qint64>(users.size()))
        throw engine::EngineError(engine::ErrorKind::Usage, "no user " + std::to_string(user) + " in the run's dataset");
    d.userId = QString::fromStdString(users[static_cast<std::size_t>(user)].externalId);
    d.historyLength = static_cast<qint64>(project.timeline(run->datasetId, user).size());
    for (const auto &i : project.items(run->datasetId))
        d.itemTitles << QString::fromStdString(i.title);
    engine::SubProgress ranking(progress, 0, 0.1);
    ranking.report(0, "recommending");
    d.recommendations.clear();
    for (const auto &[i, score] : engine::recommend(project, runId, user, k, options.history))
        d.recommendations.emplace_back(i, score);
    if (options.history)
        d.editedHistory = std::vector<qint64>(options.history->begin(), options.history->end());
    const qint64 explained = item ? *item : d.recommendations.empty() ? 0 : d.recommendations.front().first;
    engine::SubProgress explaining(progress, 0.1, 1.0);
    d.explanation = engine::explain(project, runId, user, explained, options, explaining);
    return d;
}

ExplanationReport::ExplanationReport(ExplanationReportData data) : m_data(std::move(data)) {}

QString ExplanationReport::valueLabel(const std::string &value, bool brief) {
    if (value == "margin")
        return brief ? tr("margin over the runner-up") : tr("margin over the runner-up (the item's score minus the best other item's)");
    if (value == "probability")
        return brief ? tr("log probability") : tr("log probability (softmax over the catalog)");
    return tr("score (logit)");
}

QString ExplanationReport::title(qint64 item) const { return m_data.itemTitles.value(static_cast<int>(item), tr("item #%1").arg(item)); }

std::vector<std::pair<QString, QImage>> ExplanationReport::images() const {
    const auto &e = m_data.explanation;
    std::vector<std::pair<QString, QImage>> out;
    QStringList history; // the players' names
    for (const auto &a : e.attributions)
        history << (a.word.empty() ? title(a.item) : QString::fromStdString(a.word));
    if (e.method != "attention") {
        std::vector<WaterfallChart::Step> steps;
        for (std::size_t i = 0; i < e.attributions.size(); ++i)
            steps.push_back({history[static_cast<int>(i)], e.attributions[i].value, e.attributions[i].stderr_});
        const int bars = std::min<int>(static_cast<int>(steps.size()), 15) + 3;
        out.emplace_back(QStringLiteral("waterfall"), renderChart<WaterfallChart>(900, 90 + 30 * bars, [&](WaterfallChart &c) {
                             c.retitleFor(e.players == "text", valueLabel(e.value, true));
                             c.setSteps(e.baseValue, steps, e.score);
                         }));
    }
    if (const auto &f = e.faithfulness; f.computed)
        out.emplace_back(QStringLiteral("faithfulness"), renderChart<FaithfulnessChart>(900, 420, [&](FaithfulnessChart &c) {
                             c.setCurves({f.deletion, f.insertion, f.deletionRandomCurve, f.insertionRandomCurve,
                                          std::vector<qint64>(f.deletionRank.begin(), f.deletionRank.end()),
                                          std::vector<qint64>(f.insertionRank.begin(), f.insertionRank.end())},
                                         valueLabel(e.value, true));
                         }));
    if (e.attention.empty() || e.players == "text") // attention is over the history, not the words
        return out;
    const auto last = headAverage(e.attention.back());
    std::vector<double> attends;
    const auto labels = attentionLabels(static_cast<int>(last.size()), history);
    // The prediction position's row, over the history positions (the input ends with them).
    const auto &lastRow = last.back();
    const std::size_t offset = lastRow.size() - history.size() - (m_data.run.model == "bert4rec" ? 1 : 0);
    for (int i = 0; i < history.size(); ++i)
        attends.push_back(lastRow[offset + static_cast<std::size_t>(i)]);
    out.emplace_back(QStringLiteral("attends"), renderChart<AttentionBarsChart>(900, 420, [&](AttentionBarsChart &c) {
                         c.setWeights(attends, e.rollout, history, tr("What the prediction reads (last layer, heads averaged)"));
                     }));
    for (std::size_t l = 0; l < e.attention.size(); ++l)
        out.emplace_back(QStringLiteral("attention-%1").arg(l + 1), renderChart<AttentionHeatmap>(760, 700, [&](AttentionHeatmap &c) {
                             c.setMatrix(headAverage(e.attention[l]), labels, tr("Layer %1, heads averaged").arg(l + 1));
                         }));
    return out;
}

QString ExplanationReport::html(const std::function<QString(const QString &)> &image) const {
    const auto &e = m_data.explanation;
    const auto &run = m_data.run;
    const QJsonObject config = QJsonDocument::fromJson(QByteArray::fromStdString(run.configJson)).object();
    const QJsonObject metrics = QJsonDocument::fromJson(QByteArray::fromStdString(run.metricsJson)).object();
    QString h;
    h += QStringLiteral("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>%1</title><style>"
                        "body{font-family:sans-serif;max-width:60em;margin:2em auto;color:#222}"
                        "h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #bbb;margin-top:1.6em}"
                        "table{border-collapse:collapse}th,td{padding:3px 8px;border:1px solid #ccc}"
                        "th{background:#f0f0f0}td.n{text-align:right}.pos{color:#00734f}.neg{color:#b34700}"
                        ".note{color:#555;font-size:0.9em}.reason{font-size:1.1em;font-weight:bold}"
                        "</style></head><body>")
             .arg(esc(tr("Explanation report")));
    h += QStringLiteral("<h1>%1</h1>").arg(esc(tr("Why “%1” is recommended to user %2").arg(title(e.item), m_data.userId)));
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

    // The run.
    h += QStringLiteral("<h2>%1</h2><table>").arg(esc(tr("Model and run")));
    h += row(tr("Project"), esc(QFileInfo(m_data.projectPath).fileName()));
    h += row(tr("Dataset"), esc(m_data.datasetName) + (m_data.pseudonymized ? esc(tr(" (user ids pseudonymized)")) : QString()));
    h += row(tr("Run"), esc(QStringLiteral("%1 (id %2)").arg(QString::fromStdString(run.name)).arg(run.id)));
    h += row(tr("Model"), esc(QString::fromStdString(run.model)));
    h += row(tr("Trained"), esc(tr("%1 epochs, best checkpoint at epoch %2, finished %3")
                                    .arg(run.epochsDone)
                                    .arg(run.bestEpoch ? QString::number(*run.bestEpoch) : QStringLiteral("–"),
                                         QString::fromStdString(run.finishedAt))));
    QStringList settings;
    for (auto it = config.begin(); it != config.end(); ++it)
        settings << QStringLiteral("%1=%2").arg(it.key(), it.value().isString() ? it.value().toString() : it.value().toVariant().toString());
    h += row(tr("Settings"), esc(settings.join(QStringLiteral(", "))));
    const auto test = metrics.value(QStringLiteral("test")).toObject();
    if (!test.isEmpty()) {
        QStringList shown;
        for (const auto &name : {QStringLiteral("NDCG@10"), QStringLiteral("HR@10"), QStringLiteral("MRR")})
            if (test.contains(name))
                shown << QStringLiteral("%1 %2").arg(name, num(test.value(name).toDouble()));
        h += row(tr("Test metrics"), esc(shown.join(QStringLiteral(", "))));
    }
    const QString protocol = metrics.value(QStringLiteral("protocol")).toString();
    h += row(tr("Protocol of those metrics"),
             esc(protocol.isEmpty() ? tr("split %1").arg(config.value(QStringLiteral("split")).toString()) : protocol));
    h += QStringLiteral("</table>");

    // The user and the list.
    h += QStringLiteral("<h2>%1</h2><table>").arg(esc(tr("User and recommendations")));
    h += row(tr("User"), esc(m_data.userId));
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

bool ExplanationReport::write(const QString &fileName, QString *error) const {
    const auto pictures = images();
    const bool pdf = fileName.endsWith(QStringLiteral(".pdf"), Qt::CaseInsensitive);
    if (!pdf && !fileName.endsWith(QStringLiteral(".html"), Qt::CaseInsensitive) && !fileName.endsWith(QStringLiteral(".htm"), Qt::CaseInsensitive)) {
        if (error)
            *error = tr("%1: a report is written as .html or .pdf").arg(fileName);
        return false;
    }
    if (!pdf) {
        const QString text = html([&](const QString &name) {
            for (const auto &[n, img] : pictures)
                if (n == name) {
                    QByteArray png;
                    QBuffer buffer(&png);
                    buffer.open(QIODevice::WriteOnly);
                    img.save(&buffer, "PNG");
                    return QStringLiteral("data:image/png;base64,") + QString::fromLatin1(png.toBase64());
                }
            return QString();
        });
        QFile file(fileName);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(text.toUtf8()) < 0) {
            if (error)
                *error = tr("%1: %2").arg(fileName, file.errorString());
            return false;
        }
        return true;
    }
    const auto doc = pdfDocument(96);
    QPdfWriter writer(fileName);
    writer.setTitle(tr("Explanation report"));
    writer.setCreator(QStringLiteral("RecScope"));
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setPageMargins(QMarginsF(18, 18, 18, 18), QPageLayout::Millimeter);
    doc->print(&writer);
    if (!QFileInfo(fileName).exists() || QFileInfo(fileName).size() == 0) {
        if (error)
            *error = tr("%1: the PDF could not be written").arg(fileName);
        return false;
    }
    return true;
}

std::unique_ptr<QTextDocument> ExplanationReport::pdfDocument(int dpi) const {
    auto doc = std::make_unique<QTextDocument>();
    for (const auto &[name, img] : images())
        doc->addResource(QTextDocument::ImageResource, QUrl(name), img);
    doc->setHtml(html([](const QString &name) { return name; }));
    const double margin = 18 / 25.4 * dpi;
    doc->setPageSize(QSizeF(210 / 25.4 * dpi - 2 * margin, 297 / 25.4 * dpi - 2 * margin));
    return doc;
}

QImage ExplanationReport::pdfPage(int page, int dpi) const {
    const auto doc = pdfDocument(dpi);
    if (page < 0 || page >= doc->pageCount())
        return {};
    const double margin = 18 / 25.4 * dpi;
    const QSizeF body = doc->pageSize();
    QImage image(QSize(static_cast<int>(body.width() + 2 * margin), static_cast<int>(body.height() + 2 * margin)), QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.translate(margin, margin - page * body.height());
    doc->drawContents(&painter, QRectF(QPointF(0, page * body.height()), body));
    return image;
}

} // namespace recscope
