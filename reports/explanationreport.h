// SPDX-License-Identifier: GPL-3.0-or-later
// The explanation report for reviewers: one recommendation of one run for one user, with the
// run's record (model, settings, split, test metrics), the user's top list, the attribution
// table and waterfall, the attention images, the additivity check and the reason. Written as a
// self-contained HTML file (images inline) or a PDF, from the Explain tab and recscope-cli.
#pragma once

#include "engine/explain/explain.h"
#include "engine/explain/explanationrecord.h"
#include "engine/store/runstore.h"
#include "reports/reportdocument.h"

#include <QCoreApplication>
#include <QImage>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace recscope {

namespace engine {
class Progress;
class Project;
}

// The report's data: the engine's record of one explanation (engine/explain/explanationrecord.h).
struct ExplanationReportData : engine::ExplanationRecord {};

class ExplanationReport {
    Q_DECLARE_TR_FUNCTIONS(recscope::ExplanationReport)
public:
    explicit ExplanationReport(ExplanationReportData data);

    // The report as HTML; `image(name)` gives the source of each picture (a data: URI for a
    // standalone file, a resource name for QTextDocument).
    QString html(const std::function<QString(const QString &name)> &image) const;
    // The pictures the HTML names: "waterfall", "attention-<layer>", "attends".
    std::vector<std::pair<QString, QImage>> images() const;
    // Writes .html or .pdf (by suffix). False, with `error` set, when it cannot.
    bool write(const QString &fileName, QString *error = nullptr) const;
    // A page of the PDF as a picture (A4 at `dpi`), for previews and screenshots; null past the end.
    QImage pdfPage(int page, int dpi = 96) const;
    // What an explanation explains (its value: margin, logit, probability), in words; `brief`
    // for chart axes and one-line summaries.
    static QString valueLabel(const std::string &value, bool brief = false);

private:
    ReportDocument document() const;
    QString title(qint64 item) const;
    ExplanationReportData m_data;
};

} // namespace recscope
