// SPDX-License-Identifier: GPL-3.0-or-later
// What every report shares: a page of HTML with named pictures, written as one self-contained
// .html file (pictures inline) or as a PDF on A4 with 18 mm margins, and its PDF pages as images
// (previews, screenshots). The explanation report and the review report are made of these.
#pragma once

#include <QCoreApplication>
#include <QImage>
#include <QString>

#include "engine/store/runstore.h"

#include <functional>
#include <memory>
#include <utility>
#include <vector>

class QTextDocument;

namespace recscope {

class ReportDocument {
    Q_DECLARE_TR_FUNCTIONS(recscope::ReportDocument)
public:
    // `html(image)` writes the page; `image(name)` gives each picture's source (a data: URI in a
    // standalone file, a resource name in the PDF).
    using Html = std::function<QString(const std::function<QString(const QString &name)> &image)>;
    ReportDocument(QString title, std::vector<std::pair<QString, QImage>> images, Html html);

    // .html or .pdf, by suffix. False, with `error` set, when it cannot.
    bool write(const QString &fileName, QString *error = nullptr) const;
    // A page of the PDF as a picture (A4 at `dpi`); null past the end.
    QImage pdfPage(int page, int dpi = 96) const;

    // The page head every report uses: title and style sheet, up to the open <body>.
    static QString head(const QString &title);
    // A table row: the label, and the value as HTML.
    static QString row(const QString &label, const QString &valueHtml);
    // The "Model and run" section: project, dataset, run, model, training, settings, test metrics
    // and their protocol.
    static QString runSection(const QString &projectPath, const QString &datasetName, bool pseudonymized, const engine::RunInfo &run);

private:
    std::unique_ptr<QTextDocument> pdfDocument(int dpi) const;
    QString m_title;
    std::vector<std::pair<QString, QImage>> m_images;
    Html m_html;
};

} // namespace recscope
