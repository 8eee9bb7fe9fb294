// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/reportwriter.h"

#include "engine/core/errors.h"
#include "widgets/explain/explanationreport.h"
#include "widgets/review/reviewreport.h"

#include <QApplication>

namespace recscope::cli {

namespace {

// Qt for the charts, off screen, for the life of one report.
class OffscreenQt {
public:
    OffscreenQt() {
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen"); // charts are drawn without a screen
        m_app = std::make_unique<QApplication>(m_argc, m_argv);
        QCoreApplication::setApplicationVersion(QStringLiteral(RECSCOPE_VERSION));
    }

private:
    int m_argc = 1;
    char m_name[13] = "recscope-cli";
    char *m_argv[2] = {m_name, nullptr};
    std::unique_ptr<QApplication> m_app;
};

template <typename Report>
void write(const Report &report, const std::string &file) {
    QString error;
    if (!report.write(QString::fromStdString(file), &error))
        throw engine::EngineError(engine::ErrorKind::Io, error.toStdString());
}

} // namespace

engine::Explanation writeExplanationReport(const std::string &, engine::Project &project, const engine::RunInfo &run, std::int64_t user,
                                           std::optional<std::int64_t> item, int k, const engine::ExplainOptions &options,
                                           const std::string &file, engine::Progress &progress) {
    OffscreenQt qt;
    std::optional<qint64> explained;
    if (item)
        explained = *item;
    const auto data = collectReportData(project, run.id, user, explained, k, options, progress);
    write(ExplanationReport(data), file);
    return data.explanation;
}

void writeReviewReport(const std::string &, engine::Project &project, const engine::RunInfo &run, const engine::ReviewOptions &options,
                       const engine::Review &review, const std::string &file) {
    OffscreenQt qt;
    write(ReviewReport(reviewReportData(project, run, options, review)), file);
}

} // namespace recscope::cli
