// SPDX-License-Identifier: GPL-3.0-or-later
// recscope: the workbench.
#include "appsettings.h"
#include "engine/runtime.h"
#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

int main(int argc, char *argv[]) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("RecScope"));
    QApplication::setApplicationName(QStringLiteral("RecScope"));
    QApplication::setApplicationVersion(QStringLiteral(RECSCOPE_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/recscope.svg")));
    recscope::settings::migrate();

    QTranslator qtTranslator, appTranslator;
    if (qtTranslator.load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(&qtTranslator);
    if (appTranslator.load(QLocale(), QStringLiteral("recscope"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QApplication::installTranslator(&appTranslator);

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "RecScope: a workbench for transformer recommenders."));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption demo(QStringLiteral("demo"), QApplication::translate("main", "Open the bundled demo project (created on first use)."));
    parser.addOption(demo);
    parser.addPositionalArgument(QStringLiteral("project"), QApplication::translate("main", "A project file to open."));
    parser.process(app);

    recscope::engine::setComputeThreads(recscope::prefs::computeThreads.get());

    recscope::MainWindow window;
    window.show();
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
