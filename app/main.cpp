// SPDX-License-Identifier: GPL-3.0-or-later
// recscope: the workbench.
#include "appsettings.h"
#include "helpdialog.h"
#include "engine/core/device.h"
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

#include <string_view>

namespace {

// Installed: <prefix>/bin/recscope and <prefix>/share/recscope/translations. In the build tree
// the .qm files sit beside the CMake folder of app/.
QStringList translationDirs() {
    const QString bin = QCoreApplication::applicationDirPath();
    return {bin + QStringLiteral("/../share/recscope/translations"), bin, QStringLiteral(RECSCOPE_BUILD_QM_DIR)};
}

void installTranslators(QCoreApplication &app, const QLocale &locale) {
    auto *qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    auto *ours = new QTranslator(&app);
    for (const QString &dir : translationDirs())
        if (ours->load(locale, QStringLiteral("recscope"), QStringLiteral("_"), dir)) {
            QCoreApplication::installTranslator(ours);
            break;
        }
}

// Names, settings and the language (the preference, else the system's; numbers and dates follow
// the same locale): what both the workbench and its --help need.
void setUp(QCoreApplication &app) {
    QCoreApplication::setOrganizationName(QStringLiteral("RecScope"));
    QCoreApplication::setApplicationName(QStringLiteral("RecScope"));
    QCoreApplication::setApplicationVersion(QStringLiteral(RECSCOPE_VERSION));
    recscope::settings::migrate();
    const QString language = recscope::prefs::language.get();
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    QLocale::setDefault(locale);
    installTranslators(app, locale);
}

struct Options {
    QCommandLineOption demo{QStringLiteral("demo"), QCoreApplication::translate("main", "Open the bundled demo project (created on first use).")};
    QCommandLineOption smoke{QStringLiteral("smoke-test"),
                             QCoreApplication::translate("main", "Start, show the main window, and quit (for installation checks).")};
};

void describe(QCommandLineParser &parser, const Options &o) {
    parser.setApplicationDescription(QCoreApplication::translate("main", "RecScope: a workbench for transformer recommenders."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption(o.demo);
    parser.addOption(o.smoke);
    parser.addPositionalArgument(QStringLiteral("project"), QCoreApplication::translate("main", "A project file to open."));
}

// --help and --version answer without a display (on a server, over ssh, in an installer check).
bool onlyAsksForText(int argc, char *argv[]) {
    for (int i = 1; i < argc; ++i) {
        const std::string_view a = argv[i];
        if (a == "-h" || a == "--help" || a == "--help-all" || a == "-?" || a == "-v" || a == "--version")
            return true;
    }
    return false;
}

} // namespace

int main(int argc, char *argv[]) {
    if (onlyAsksForText(argc, argv)) {
        QCoreApplication app(argc, argv);
        setUp(app);
        QCommandLineParser parser;
        const Options options;
        describe(parser, options);
        parser.process(app); // prints and exits
        return 0;
    }
    recscope::engine::keepLargeAllocations();
    QApplication app(argc, argv);
    setUp(app);
    recscope::initResources();
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/recscope.svg")));
    recscope::applyTheme(recscope::prefs::theme.get());

    QCommandLineParser parser;
    const Options options;
    describe(parser, options);
    parser.process(app);

    recscope::engine::setComputeThreads(recscope::prefs::computeThreads.get());
    recscope::engine::setPreferredDevice(recscope::prefs::computeDevice.get().toStdString());

    recscope::MainWindow window;
    window.show();
    if (parser.isSet(options.smoke)) {
        QTimer::singleShot(0, &app, [] { QApplication::exit(0); });
        return QApplication::exec();
    }
    const QStringList args = parser.positionalArguments();
    if (!args.isEmpty())
        window.openProject(args.first());
    else if (parser.isSet(options.demo))
        window.openDemoProject(recscope::MainWindow::defaultDemoPath());
    else if (const QString last = recscope::prefs::lastProject.get(); !last.isEmpty() && QFileInfo::exists(last))
        window.openProject(last);
    else
        window.openDemoProject(recscope::MainWindow::defaultDemoPath());
    return QApplication::exec();
}
