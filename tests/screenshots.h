// SPDX-License-Identifier: GPL-3.0-or-later
// GUI tests save what they show when RECSCOPE_SCREENSHOT_DIR is set (docs and reviews).
#pragma once

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QLocale>
#include <QPixmap>
#include <QTranslator>
#include <QWidget>

namespace recscope::test {

inline void saveScreenshot(QWidget *w, const QString &name) {
    const QString dir = qEnvironmentVariable("RECSCOPE_SCREENSHOT_DIR");
    if (dir.isEmpty() || !w)
        return;
    QDir().mkpath(dir);
    QCoreApplication::processEvents(); // let palette changes and queued replots land first
    w->grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
}

// With RECSCOPE_SCREENSHOT_LANG=zh_CN the screenshots show the translated UI (the .qm files of
// the build tree are used).
inline void installScreenshotTranslator() {
    const QString lang = qEnvironmentVariable("RECSCOPE_SCREENSHOT_LANG");
    if (lang.isEmpty())
        return;
    QLocale::setDefault(QLocale(lang));
    auto *qt = new QTranslator(QCoreApplication::instance());
    if (qt->load(QLocale(lang), QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    auto *t = new QTranslator(QCoreApplication::instance());
    if (t->load(QStringLiteral("recscope_") + lang, QStringLiteral(RECSCOPE_BUILD_QM_DIR)))
        QCoreApplication::installTranslator(t);
}

} // namespace recscope::test
