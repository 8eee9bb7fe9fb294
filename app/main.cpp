// SPDX-License-Identifier: GPL-3.0-or-later
// recscope: the workbench.
#include "appsettings.h"
#include "helpdialog.h"
#include "engine/core/runtime.h"
#include "mainwindow.h"
#include "theme.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QLocale>
#include <QTimer>
#include <QTranslator>

namespace {

// Installed: <prefix>/bin/recscope and <prefix>/share/recscope/translations. In the build tree
// the .qm files sit beside the CMake folder of app/.
QStringList translationDirs() {
    const QString bin = QCoreApplication::applicationDirPath();
    return {bin + QStringLiteral("/../share/recscope/translations"), bin, QStringLiteral(RECSCOPE_BUILD_QM_DIR)};
}

void installTranslators(QApplication &app, const QLocale &locale) {
    auto *qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(qt);
    auto *ours = new QTranslator(&app);
    for (const QString &dir : translationDirs())
        if (ours->load(locale, QStringLiteral("recscope"), QStringLiteral("_"), dir)) {
            QApplication::installTranslator(ours);
            break;
        }
}

} // namespace

int main(int argc, char *argv[]) {
    recscope::engine::keepLargeAllocations();
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("RecScope"));
    QApplication::setApplicationName(QStringLiteral("RecScope"));
    QApplication::setApplicationVersion(QStringLiteral(RECSCOPE_VERSION));
    recscope::initResources();
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/recscope.svg")));
    recscope::settings::migrate();

    // Language: the preference, else the system's. Numbers and dates follow the same locale.
    const QString language = recscope::prefs::language.get();
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    QLocale::setDefault(locale);
    installTranslators(app, locale);
    recscope::applyTheme(recscope::prefs::theme.get());

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "RecScope: a workbench for transformer recommenders."));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption demo(QStringLiteral("demo"), QApplication::translate("main", "Open the bundled demo project (created on first use)."));
    QCommandLineOption smoke(QStringLiteral("smoke-test"),
                             QApplication::translate("main", "Start, show the main window, and quit (for installation checks)."));
    parser.addOption(demo);
    parser.addOption(smoke);
    parser.addPositionalArgument(QStringLiteral("project"), QApplication::translate("main", "A project file to open."));
    parser.process(app);

    recscope::engine::setComputeThreads(recscope::prefs::computeThreads.get());

    recscope::MainWindow window;
    window.show();
    if (parser.isSet(smoke)) {
        QTimer::singleShot(0, &app, [] { QApplication::exit(0); });
        return QApplication::exec();
    }
    const QStringList args = parser.positionalArguments();
    if (!args.isEmpty())
        window.openProject(args.first());
    else if (parser.isSet(demo))
        window.openDemoProject(recscope::MainWindow::defaultDemoPath());
    else if (const QString last = recscope::prefs::lastProject.get(); !last.isEmpty() && QFileInfo::exists(last))
        window.openProject(last);
    else
        window.openDemoProject(recscope::MainWindow::defaultDemoPath());
    return QApplication::exec();
}
