// SPDX-License-Identifier: GPL-3.0-or-later
#include "reports/reportdocument.h"

#include <QBuffer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QPageLayout>
#include <QPainter>
#include <QPdfWriter>
#include <QTextDocument>
#include <QUrl>

namespace recscope {

ReportDocument::ReportDocument(QString title, std::vector<std::pair<QString, QImage>> images, Html html)
    : m_title(std::move(title)), m_images(std::move(images)), m_html(std::move(html)) {}

QString ReportDocument::head(const QString &title) {
    return QStringLiteral("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>%1</title><style>"
                          "body{font-family:sans-serif;max-width:60em;margin:2em auto;color:#222}"
                          "h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #bbb;margin-top:1.6em}"
                          "table{border-collapse:collapse}th,td{padding:3px 8px;border:1px solid #ccc}"
                          "th{background:#f0f0f0}td.n{text-align:right}.pos{color:#00734f}.neg{color:#b34700}"
                          ".note{color:#555;font-size:0.9em}.reason{font-size:1.1em;font-weight:bold}"
                          "</style></head><body>")
        .arg(title.toHtmlEscaped());
}

QString ReportDocument::row(const QString &label, const QString &value) {
    return QStringLiteral("<tr><th align=\"left\" valign=\"top\">%1</th><td>%2</td></tr>").arg(label.toHtmlEscaped(), value);
}

QString ReportDocument::runSection(const QString &projectPath, const QString &datasetName, bool pseudonymized, const engine::RunInfo &run) {
    auto esc = [](const QString &s) { return s.toHtmlEscaped(); };
    const QJsonObject config = QJsonDocument::fromJson(QByteArray::fromStdString(run.configJson)).object();
    const QJsonObject metrics = QJsonDocument::fromJson(QByteArray::fromStdString(run.metricsJson)).object();
    QString h = QStringLiteral("<h2>%1</h2><table>").arg(esc(tr("Model and run")));
    h += row(tr("Project"), esc(QFileInfo(projectPath).fileName()));
    h += row(tr("Dataset"), esc(datasetName) + (pseudonymized ? esc(tr(" (user ids pseudonymized)")) : QString()));
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
                shown << QStringLiteral("%1 %2").arg(name, QLocale().toString(test.value(name).toDouble(), 'f', 4));
        h += row(tr("Test metrics"), esc(shown.join(QStringLiteral(", "))));
    }
    const QString protocol = metrics.value(QStringLiteral("protocol")).toString();
    h += row(tr("Protocol of those metrics"),
             esc(protocol.isEmpty() ? tr("split %1").arg(config.value(QStringLiteral("split")).toString()) : protocol));
    return h + QStringLiteral("</table>");
}

bool ReportDocument::write(const QString &fileName, QString *error) const {
    const bool pdf = fileName.endsWith(QStringLiteral(".pdf"), Qt::CaseInsensitive);
    if (!pdf && !fileName.endsWith(QStringLiteral(".html"), Qt::CaseInsensitive) && !fileName.endsWith(QStringLiteral(".htm"), Qt::CaseInsensitive)) {
        if (error)
            *error = tr("%1: a report is written as .html or .pdf").arg(fileName);
        return false;
    }
    if (!pdf) {
        const QString text = m_html([&](const QString &name) {
            for (const auto &[n, img] : m_images)
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
    writer.setTitle(m_title);
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

std::unique_ptr<QTextDocument> ReportDocument::pdfDocument(int dpi) const {
    auto doc = std::make_unique<QTextDocument>();
    for (const auto &[name, img] : m_images)
        doc->addResource(QTextDocument::ImageResource, QUrl(name), img);
    doc->setHtml(m_html([](const QString &name) { return name; }));
    const double margin = 18 / 25.4 * dpi;
    doc->setPageSize(QSizeF(210 / 25.4 * dpi - 2 * margin, 297 / 25.4 * dpi - 2 * margin));
    return doc;
}

QImage ReportDocument::pdfPage(int page, int dpi) const {
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
