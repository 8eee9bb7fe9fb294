// SPDX-License-Identifier: GPL-3.0-or-later
// GUI tests save what they show when RECSCOPE_SCREENSHOT_DIR is set (docs and reviews).
#pragma once

#include <QDir>
#include <QPixmap>
#include <QWidget>

namespace recscope::test {

inline void saveScreenshot(QWidget *w, const QString &name) {
    const QString dir = qEnvironmentVariable("RECSCOPE_SCREENSHOT_DIR");
    if (dir.isEmpty() || !w)
        return;
    QDir().mkpath(dir);
    w->grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
}

} // namespace recscope::test
