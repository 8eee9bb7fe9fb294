// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/reportwriter.h"

#include "engine/core/errors.h"
#include "reports/explanationreport.h"
#include "reports/reviewreport.h"

#include <QGuiApplication>

namespace recscope::cli {

namespace {

// Qt GUI (fonts, painting, PDF), off screen, for the life of one report; no widgets.
class OffscreenQt {
public:
    OffscreenQt() {
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen"); // charts are drawn without a screen
        m_app = std::make_unique<QGuiApplication>(m_argc, m_argv);
        QCoreApplication::setApplicationVersion(QStringLiteral(RECSCOPE_VERSION));
    }

private:
    int m_argc = 1;
    char m_name[13] = "recscope-cli";
    char *m_argv[2] = {m_name, nullptr};
    std::unique_ptr<QGuiApplication> m_app;
};

template <typename Report>
void write(const Report &report, const std::string &file) {
    QString error;
    if (!report.write(QString::fromStdString(file), &error))
        throw engine::EngineError(engine::ErrorKind::Io, error.toStdString());
}

} // namespace

engine::Explanation writeExplanationReport(engine::Project &project, const engine::RunInfo &run, std::int64_t user,
                                           std::optional<std::int64_t> item, int k, const engine::ExplainOptions &options,
                                           const std::string &file, engine::Progress &progress) {
    ExplanationReportData data{engine::recordExplanation(project, run.id, user, item, k, options, progress)};
    auto explanation = data.explanation;
    OffscreenQt qt;
    write(ExplanationReport(std::move(data)), file);
    return explanation;
}

void writeReviewReport(engine::Project &project, const engine::RunInfo &run, const engine::ReviewOptions &options,
                       const engine::Review &review, const std::string &file) {
    OffscreenQt qt;
    write(ReviewReport({engine::recordReview(project, run, options, review)}), file);
}

} // namespace recscope::cli
