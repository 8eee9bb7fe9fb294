// SPDX-License-Identifier: GPL-3.0-or-later
// The main window on the demo project: dataset list, explorer tabs, charts, search, cleaning.
#include "engine/data/demogenerator.h"
#include "engine/data/importer.h"
#include "engine/core/progress.h"
#include "engine/store/encryption.h"
#include "engine/store/project.h"
#include "engine/store/sqlitedb.h"
#include "appsettings.h"
#include "engine/core/runtime.h"
#include "helpdialog.h"
#include "mainwindow.h"
#include "preferencesdialog.h"
#include "screenshots.h"
#include "testsupport.h"
#include "widgets/common/chartwidget.h"
#include "widgets/datasets/historylengthchart.h"
#include "widgets/datasets/longtailchart.h"
#include "widgets/common/emptystate.h"
#include "widgets/common/passphrasedialog.h"
#include "widgets/datasets/datasetexplorer.h"
#include "widgets/datasets/datasetlistmodel.h"
#include "widgets/datasets/itemtablemodel.h"
#include "widgets/training/trainingform.h"
#include "widgets/training/trainingpanel.h"
#include "widgets/datasets/usertablemodel.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QSpinBox>
#include <QTextBrowser>
#include <QListView>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QSettings>
#include <QLabel>
#include <QMessageBox>
#include <QTimer>

#include <functional>
#include <QTableWidget>
#include <QProcess>
#include <QTest>
#include "widgets/common/qcustomplotwrapper.h"

using namespace recscope;

class TestMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void opensDemoAndExplores();
    void reidentificationOfMovieLens();
    void exportsCharts();
    void cleanedCopyAppears();
    void preferencesApply();
    void helpAndAbout();
    void asksForThePassphrase();
    void offersToDestroyAStoredKey();
    void passphraseMustBeTypedTwice();
    void helpWithoutADisplay();
    void fitsSmallScreens();
    void emptyStatesSayWhatToDo();

private:
    // Opens the demo project (again) and waits for the dataset view: each case starts from it,
    // whatever ran before.
    void openDemo();

    QTemporaryDir m_dir;
    QString m_path;
    std::unique_ptr<MainWindow> m_window;
};

void TestMainWindow::initTestCase() {
    QCoreApplication::setOrganizationName(QStringLiteral("RecScopeTest"));
    QSettings().clear();
    test::installScreenshotTranslator();
    m_path = m_dir.filePath(QStringLiteral("demo.recscope"));
    engine::NullProgress none;
    engine::writeDemoProject(m_path.toStdString(), none);
    m_window = std::make_unique<MainWindow>();
    m_window->resize(1280, 800);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestMainWindow::openDemo() {
    QSignalSpy loaded(m_window->explorer(), &DatasetExplorer::loaded);
    QVERIFY(m_window->openProject(m_path));
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 20000);
}

void TestMainWindow::opensDemoAndExplores() {
    openDemo();
    QCOMPARE(m_window->datasetModel()->rowCount(), 1);
    auto *explorer = m_window->explorer();
    QVERIFY(explorer->longTailChart()->plot()->graph(0)->dataCount() > 1000);
    QVERIFY(explorer->historyChart()->plot()->plottableCount() == 1);
    QVERIFY(m_window->windowTitle().contains(QStringLiteral("demo.recscope")));
    test::saveScreenshot(m_window.get(), QStringLiteral("main-overview"));

    // Items: searchable.
    explorer->tabs()->setCurrentIndex(1);
    QCOMPARE(explorer->itemModel()->rowCount(), 3000);
    explorer->itemSearch()->setText(QStringLiteral("harbor"));
    QTRY_VERIFY(explorer->itemView()->model()->rowCount() < 3000);
    QVERIFY(explorer->itemView()->model()->rowCount() > 0);
    test::saveScreenshot(m_window.get(), QStringLiteral("main-items"));
    explorer->itemSearch()->clear();

    // Users: a timeline with titles.
    explorer->tabs()->setCurrentIndex(2);
    explorer->showUser(0);
    QCOMPARE(explorer->timelineModel()->rowCount(), int(explorer->userModel()->userAt(0)->interactions));
    QVERIFY(explorer->timelineModel()->index(0, 3).data().toString().startsWith(QStringLiteral("The ")));
    test::saveScreenshot(m_window.get(), QStringLiteral("main-users"));

    explorer->tabs()->setCurrentIndex(3);
    test::saveScreenshot(m_window.get(), QStringLiteral("main-quality"));

    // Re-identification: the user table's quasi-identifiers, as stored and generalised twice.
    explorer->tabs()->setCurrentIndex(4);
    QCOMPARE(explorer->anonymityTable()->rowCount(), 3);
    QVERIFY(explorer->anonymitySummary()->text().contains(QStringLiteral("unique")));
    explorer->tabs()->setCurrentIndex(0);

    // The Train tab knows the selected dataset.
    m_window->tabs()->setCurrentIndex(1);
    QVERIFY(m_window->trainingPanel()->isVisible());
    test::saveScreenshot(m_window.get(), QStringLiteral("main-training"));
    m_window->tabs()->setCurrentIndex(0);
}

void TestMainWindow::reidentificationOfMovieLens() {
    // MovieLens 100K's users by age, gender, occupation and zip: almost all unique as stored.
    RECSCOPE_REQUIRE_SHARED("ml-100k/u.user");
    const QString path = m_dir.filePath(QStringLiteral("ml100k.recscope"));
    {
        auto project = engine::Project::openOrCreate(path.toStdString());
        engine::ImportRequest r;
        r.format = "movielens-100k";
        r.path = (test::sharedDataDir() + QStringLiteral("/ml-100k")).toStdString();
        engine::NullProgress none;
        engine::importDataset(*project, r, none);
    }
    QSignalSpy loaded(m_window->explorer(), &DatasetExplorer::loaded);
    QVERIFY(m_window->openProject(path));
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 20000);
    auto *explorer = m_window->explorer();
    explorer->tabs()->setCurrentIndex(4);
    QCOMPARE(explorer->anonymityTable()->rowCount(), 3);
    QVERIFY2(explorer->anonymitySummary()->text().contains(QLocale().toString(98.5, 'f', 1)), qPrintable(explorer->anonymitySummary()->text()));
    test::saveScreenshot(m_window.get(), QStringLiteral("main-reidentification"));
    explorer->tabs()->setCurrentIndex(0);
}

void TestMainWindow::exportsCharts() {
    openDemo();
    auto *chart = m_window->explorer()->longTailChart();
    for (const char *suffix : {"png", "svg", "pdf"}) {
        const QString file = m_dir.filePath(QStringLiteral("tail.%1").arg(QLatin1String(suffix)));
        QString error;
        QVERIFY2(chart->exportTo(file, &error), qPrintable(error));
        QVERIFY(QFileInfo(file).size() > 1000);
    }
    QString error;
    QVERIFY(!chart->exportTo(m_dir.filePath(QStringLiteral("tail.bmpx")), &error));
    QVERIFY(error.contains(QStringLiteral("bmpx")));
}

void TestMainWindow::cleanedCopyAppears() {
    openDemo();
    auto *explorer = m_window->explorer();
    auto *clean = explorer->findChild<QPushButton *>(QStringLiteral("createCleanedCopyButton"));
    QVERIFY(clean);
    QSignalSpy created(explorer, &DatasetExplorer::datasetCreated);
    clean->click();
    QTRY_COMPARE_WITH_TIMEOUT(created.count(), 1, 20000);
    QTRY_COMPARE(m_window->datasetModel()->rowCount(), 2);
    QCOMPARE(m_window->datasetModel()->index(1).data(DatasetListModel::NameRole).toString(), QStringLiteral("demo (cleaned)"));
}

void TestMainWindow::preferencesApply() {
    PreferencesDialog dialog(m_window.get());
    dialog.show();
    test::saveScreenshot(&dialog, QStringLiteral("preferences"));
    const QColor before = QApplication::palette().color(QPalette::Window);
    dialog.themeBox()->setCurrentIndex(dialog.themeBox()->findData(QStringLiteral("dark")));
    dialog.threadsBox()->setValue(1);
    dialog.accept();
    QCOMPARE(prefs::theme.get(), QStringLiteral("dark"));
    QVERIFY(QApplication::palette().color(QPalette::Window).lightness() < 100);
    QVERIFY(QApplication::palette().color(QPalette::Window) != before);
    QCOMPARE(engine::computeThreads(), 1);
    QCOMPARE(prefs::computeThreads.get(), 1);
    test::saveScreenshot(m_window.get(), QStringLiteral("main-dark"));
    PreferencesDialog back(m_window.get());
    back.themeBox()->setCurrentIndex(back.themeBox()->findData(QStringLiteral("light")));
    back.accept();
    QVERIFY(QApplication::palette().color(QPalette::Window).lightness() > 150);
}

void TestMainWindow::helpAndAbout() {
    HelpDialog help(m_window.get());
    help.show();
    QVERIFY(help.browser()->toPlainText().contains(QStringLiteral("Import a dataset")));
    test::saveScreenshot(&help, QStringLiteral("help"));
    AboutDialog about(m_window.get());
    about.show();
    const auto browsers = about.findChildren<QTextBrowser *>();
    QCOMPARE(browsers.size(), 1);
    const QString licenses = browsers.front()->toPlainText();
    for (const char *part : {"Qt 6", "QCustomPlot", "LibTorch", "SQLite", "BSD 3-Clause", "GNU General Public License"})
        QVERIFY2(licenses.contains(QLatin1String(part)), part);
    test::saveScreenshot(&about, QStringLiteral("about"));
}

void TestMainWindow::asksForThePassphrase() {
    const QString path = m_dir.filePath(QStringLiteral("locked.recscope"));
    engine::encryptNewProject(path.toStdString(), "open sesame, please", engine::KdfCost::minimal());
    engine::NullProgress none;
    engine::writeDemoProject(path.toStdString(), none);
    engine::lockProject(path.toStdString());
    // A wrong passphrase first: the dialog stays, says so, and takes the right one.
    QStringList errors;
    int tries = 0;
    std::function<void()> answer = [&] {
        auto *dialog = qobject_cast<PassphraseDialog *>(QApplication::activeModalWidget());
        if (!dialog) {
            QTimer::singleShot(50, answer);
            return;
        }
        const auto label = dialog->findChildren<QLabel *>();
        for (auto *l : label)
            if (l->isVisible() && l->text().contains(QStringLiteral("does not open")))
                errors << l->text();
        dialog->passphraseEdit()->setText(tries++ == 0 ? QStringLiteral("open sesame") : QStringLiteral("open sesame, please"));
        dialog->accept();
        if (tries < 2)
            QTimer::singleShot(50, answer);
    };
    QTimer::singleShot(50, answer);
    QVERIFY(m_window->openProject(path));
    QCOMPARE(tries, 2);
    QCOMPARE(errors.size(), 1);
    QVERIFY(m_window->windowTitle().contains(QStringLiteral("encrypted")) || m_window->windowTitle().contains(QStringLiteral("已加密")));
    QCOMPARE(m_window->datasetModel()->rowCount(), 1);
    openDemo();
}

void TestMainWindow::offersToDestroyAStoredKey() {
    const QString path = m_dir.filePath(QStringLiteral("oldkey.recscope"));
    {
        engine::NullProgress none;
        engine::writeDemoProject(path.toStdString(), none);
        auto p = engine::Project::open(path.toStdString());
        p->setMetaBlob("pseudonym_key", std::vector<unsigned char>(32, 3));
        p->db().exec("UPDATE datasets SET pseudonym_kind = 'stored-key'");
    }
    bool asked = false;
    std::function<void()> answer = [&] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box) {
            QTimer::singleShot(50, answer);
            return;
        }
        asked = true;
        test::saveScreenshot(box, QStringLiteral("stored-pseudonym-key"));
        for (auto *b : box->buttons())
            if (box->buttonRole(b) == QMessageBox::DestructiveRole)
                b->click();
    };
    QTimer::singleShot(50, answer);
    QVERIFY(m_window->openProject(path));
    QVERIFY(asked);
    auto p = engine::Project::open(path.toStdString());
    QVERIFY(!p->hasStoredPseudonymKey());
    QCOMPARE(p->datasets().front().pseudonymKind, std::string("irreversible"));
    openDemo();
}

void TestMainWindow::passphraseMustBeTypedTwice() {
    // New Project's dialog: encryption is a choice; once chosen, OK waits for two equal entries of
    // at least eight characters and says what is missing.
    PassphraseDialog d(PassphraseDialog::Mode::Optional, QStringLiteral("untitled.recscope"));
    d.show();
    auto *ok = d.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QVERIFY(ok->isEnabled());
    QVERIFY(!d.passphraseEdit()->isEnabled());
    QVERIFY(!d.encrypt());
    d.encryptBox()->setChecked(true);
    QVERIFY(!ok->isEnabled());
    d.passphraseEdit()->setText(QStringLiteral("short"));
    QVERIFY(!ok->isEnabled());
    d.passphraseEdit()->setText(QStringLiteral("blue horses at dawn"));
    d.confirmEdit()->setText(QStringLiteral("blue horses at dusk"));
    QVERIFY(!ok->isEnabled());
    test::saveScreenshot(&d, QStringLiteral("new-project-passphrase"));
    d.confirmEdit()->setText(QStringLiteral("blue horses at dawn"));
    QVERIFY(ok->isEnabled());
    QCOMPARE(d.passphrase(), QStringLiteral("blue horses at dawn"));
}

// Every tab fits a 1280x800 or 1366x768 screen with room for the window frame and a panel: the
// window's minimum size stays within 1260x740 on each of them.
void TestMainWindow::fitsSmallScreens() {
    openDemo();
    auto *tabs = m_window->findChild<QTabWidget *>(QStringLiteral("mainTabs"));
    QVERIFY(tabs);
    // A tab widget is as large as its largest page: each page is measured on its own, and the
    // window as a whole (the datasets dock, tool bar and status bar around them).
    for (int i = 0; i < tabs->count(); ++i) {
        const QSize page = tabs->widget(i)->minimumSizeHint();
        QVERIFY2(page.width() <= 1000 && page.height() <= 620,
                 qPrintable(QStringLiteral("the %1 tab needs %2x%3").arg(tabs->tabText(i)).arg(page.width()).arg(page.height())));
    }
    const QSize least = m_window->minimumSizeHint().expandedTo(m_window->minimumSize());
    QVERIFY2(least.width() <= 1260 && least.height() <= 740,
             qPrintable(QStringLiteral("the window needs %1x%2").arg(least.width()).arg(least.height())));
}

// A project without runs: Train, Compare, Explain and Review each say what to do and offer a
// button that does it; Explain's starts a SASRec on the Train tab and fills in when it finishes.
// (Last: it adds runs to the demo project the other cases share.)
void TestMainWindow::emptyStatesSayWhatToDo() {
    openDemo();
    auto *training = m_window->trainingPanel();
    QVERIFY(training->emptyState()->isShowingEmpty());
    QCOMPARE(training->emptyState()->actionButton()->text(), QStringLiteral("Train a SASRec on This Dataset"));
    for (auto *stack : {m_window->compareEmptyState(), m_window->explainEmptyState(), m_window->reviewEmptyState()}) {
        QVERIFY(stack->isShowingEmpty());
        QVERIFY(stack->actionButton()->isVisibleTo(stack));
    }
    QVERIFY(m_window->compareEmptyState()->textLabel()->text().contains(QStringLiteral("it has 0")));
    QCOMPARE(m_window->compareEmptyState()->actionButton()->text(), QStringLiteral("Train a Popularity Baseline and a SASRec"));
    auto *tabs = m_window->findChild<QTabWidget *>(QStringLiteral("mainTabs"));
    tabs->setCurrentWidget(m_window->explainEmptyState());
    test::saveScreenshot(m_window.get(), QStringLiteral("explain-empty"));

    training->form()->field<QSpinBox>("epochs")->setValue(1); // the button takes the form's other settings
    QSignalSpy finished(training, &TrainingPanel::runFinished);
    m_window->explainEmptyState()->actionButton()->click();
    QCOMPARE(tabs->currentWidget(), static_cast<QWidget *>(training));
    QCOMPARE(training->pendingCount(), 1);
    QVERIFY(!training->emptyState()->isShowingEmpty());
    // While it trains, no second button: the page says it is on its way.
    QVERIFY(m_window->explainEmptyState()->isShowingEmpty());
    QVERIFY(!m_window->explainEmptyState()->actionButton()->isVisibleTo(m_window->explainEmptyState()));
    QVERIFY(m_window->explainEmptyState()->textLabel()->text().contains(QStringLiteral("A run is training")));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 240000);
    QVERIFY(finished.first().first().toLongLong() > 0);
    QTRY_VERIFY(!m_window->explainEmptyState()->isShowingEmpty());
    QVERIFY(!m_window->reviewEmptyState()->isShowingEmpty());
    QVERIFY(m_window->compareEmptyState()->isShowingEmpty()); // one run: not enough to compare
    QCOMPARE(m_window->compareEmptyState()->actionButton()->text(), QStringLiteral("Train a Popularity Baseline"));
}

// `recscope --help` and `--version` on a machine without a display: no platform plugin is
// loaded, and the help is in the user's language.
void TestMainWindow::helpWithoutADisplay() {
    const auto run = [](const QStringList &args, const QString &lang) {
        QProcess p;
        auto env = QProcessEnvironment::systemEnvironment();
        for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
            env.remove(QString::fromLatin1(name));
        env.insert(QStringLiteral("LC_ALL"), lang);
        env.insert(QStringLiteral("LANG"), lang);
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(RECSCOPE_APP_PATH), args);
        p.waitForFinished(30000);
        return std::make_pair(p.exitCode(), QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError()));
    };
    const auto [helpExit, help] = run({QStringLiteral("--help")}, QStringLiteral("C.UTF-8"));
    QVERIFY2(helpExit == 0 && help.contains(QStringLiteral("--demo")) && help.contains(QStringLiteral("--smoke-test")), qPrintable(help));
    const auto [versionExit, version] = run({QStringLiteral("--version")}, QStringLiteral("C.UTF-8"));
    QVERIFY2(versionExit == 0 && version.contains(QStringLiteral(RECSCOPE_VERSION)), qPrintable(version));
    const auto [zhExit, zh] = run({QStringLiteral("--help")}, QStringLiteral("zh_CN.UTF-8"));
    QVERIFY2(zhExit == 0 && zh.contains(QStringLiteral("打开内置示例项目")), qPrintable(zh));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
