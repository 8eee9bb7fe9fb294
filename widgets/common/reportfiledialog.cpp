// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/common/reportfiledialog.h"

#include <QCoreApplication>
#include <QFileDialog>
#include <QMessageBox>

namespace recscope {

QString saveReportInteractively(QWidget *parent, const QString &caption, const QString &suggestedName,
                                const std::function<bool(const QString &, QString *)> &write) {
    const QString file = QFileDialog::getSaveFileName(parent, caption, suggestedName, QCoreApplication::translate("recscope::ReportDocument", "HTML report (*.html);;PDF report (*.pdf)"));
    if (file.isEmpty())
        return {};
    QString error;
    if (!write(file, &error)) {
        QMessageBox::warning(parent, QCoreApplication::translate("recscope::ReportDocument", "Report not written"), error);
        return {};
    }
    return file;
}

} // namespace recscope
