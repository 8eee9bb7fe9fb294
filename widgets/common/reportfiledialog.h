// SPDX-License-Identifier: GPL-3.0-or-later
// Where to save a report: asks for an .html or .pdf file, writes through `write` and says so
// when it fails; the file written, or empty.
#pragma once

#include <QString>

#include <functional>

class QWidget;

namespace recscope {

QString saveReportInteractively(QWidget *parent, const QString &caption, const QString &suggestedName,
                                const std::function<bool(const QString &file, QString *error)> &write);

} // namespace recscope
