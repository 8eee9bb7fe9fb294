// SPDX-License-Identifier: GPL-3.0-or-later
// MainWindow.
#include "mainwindow.h"

#include "appsettings.h"
#include "engine/data/demogenerator.h"
#include "engine/core/errors.h"
#include "engine/core/keyring.h"
#include "engine/core/progress.h"
#include "engine/data/pseudonymkey.h"
#include "engine/store/encryption.h"
#include "engine/store/project.h"
#include "engine/store/runstore.h"
#include "helpdialog.h"
#include "preferencesdialog.h"
#include "widgets/compare/comparisonpanel.h"
#include "widgets/datasets/datasetexplorer.h"
#include "widgets/datasets/diagnosticspage.h"
#include "widgets/explain/explanationpanel.h"
#include "widgets/review/reviewpanel.h"
#include "widgets/datasets/datasetlistmodel.h"
#include "widgets/common/emptystate.h"
#include "widgets/common/enginejob.h"
#include "widgets/datasets/importwizard.h"
#include "widgets/common/jobstatuswidget.h"
#include "widgets/common/passphrasedialog.h"
#include "widgets/training/trainingpanel.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QInputDialog>
#include <QLabel>
#include <QListView>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QScreen>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>

namespace recscope {

namespace {
// The desktop theme's icon where there is one, else RecScope's own SVG (crisp at any DPI).
QIcon themedIcon(const char *name) {
    return QIcon::fromTheme(QLatin1String(name), QIcon(QStringLiteral(":/icons/%1.svg").arg(QLatin1String(name))));
}

QString startFolder(const QString &current) {
    if (!current.isEmpty())
        return QFileInfo(current).absolutePath();
    const QString preferred = prefs::projectFolder.get();
    return preferred.isEmpty() ? QDir::homePath() : preferred;
}
} // namespace

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent) {
    initResources();
    setWindowIcon(QIcon(QStringLiteral(":/icons/recscope.svg")));
    setObjectName(QStringLiteral("MainWindow"));
    setAcceptDrops(true);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("mainTabs"));
    m_tabs->setDocumentMode(true);
    m_explorer = new DatasetExplorer(m_tabs);
    m_training = new TrainingPanel(m_tabs);
    m_tabs->addTab(m_explorer, tr("&Explore"));
    m_compare = new ComparisonPanel(m_tabs);
    m_tabs->addTab(m_training, tr("&Train"));
    // Compare, Explain and Review need finished runs: until there are some, each says what to do.
    m_compareStack = new EmptyStateStack(m_compare, m_tabs);
    m_tabs->addTab(m_compareStack, tr("&Compare"));
    m_explain = new ExplanationPanel(m_tabs);
    m_explainStack = new EmptyStateStack(m_explain, m_tabs);
    m_tabs->addTab(m_explainStack, tr("E&xplain"));
    m_review = new ReviewPanel(m_tabs);
    m_reviewStack = new EmptyStateStack(m_review, m_tabs);
    m_tabs->addTab(m_reviewStack, tr("Rev&iew"));
    m_compareStack->setObjectName(QStringLiteral("compareEmptyState"));
    m_explainStack->setObjectName(QStringLiteral("explainEmptyState"));
    m_reviewStack->setObjectName(QStringLiteral("reviewEmptyState"));
    for (auto *stack : {m_compareStack, m_explainStack, m_reviewStack})
        connect(stack, &EmptyStateStack::actionTriggered, this, [this, stack] { startFromEmptyState(stack); });
    setCentralWidget(m_tabs);

    m_datasets = new DatasetListModel(this);
    auto *dock = new QDockWidget(tr("Datasets"), this);
    dock->setObjectName(QStringLiteral("DatasetsDock"));
    m_datasetView = new QListView(dock);
    m_datasetView->setModel(m_datasets);
    m_datasetView->setAccessibleName(tr("Datasets"));
    m_datasetView->setSpacing(3);
    m_datasetView->setWordWrap(true);
    m_datasetView->setUniformItemSizes(true);
    m_datasetView->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_datasetView->setMinimumWidth(200);
    dock->setWidget(m_datasetView);
    addDockWidget(Qt::LeftDockWidgetArea, dock);

    m_jobs = new JobStatusWidget(this);
    m_projectLabel = new QLabel(this);
    statusBar()->addPermanentWidget(m_jobs);
    statusBar()->addPermanentWidget(m_projectLabel);
    connect(m_jobs, &JobStatusWidget::jobMessage, this, [this](const QString &m) { statusBar()->showMessage(m, 8000); });

    buildMenus();
    dock->toggleViewAction()->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));
    menuBar()->actions().at(2)->menu()->addAction(dock->toggleViewAction());

    connect(m_datasetView->selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex &current) {
        const qint64 id = current.isValid() ? current.data(DatasetListModel::IdRole).toLongLong() : -1;
        m_explorer->setDataset(id);
        m_compare->setDataset(id);
        m_explain->setDataset(id);
        m_review->setDataset(id);
        m_training->setDataset(id, current.data(DatasetListModel::NameRole).toString(),
                               current.data(DatasetListModel::UsersRole).toLongLong(),
                               current.data(DatasetListModel::InteractionsRole).toLongLong());
        m_renameAction->setEnabled(current.isValid());
        m_deleteAction->setEnabled(current.isValid());
        updateEmptyStates();
    });
    connect(m_training, &TrainingPanel::activityChanged, this, &MainWindow::updateEmptyStates);
    connect(m_explorer, &DatasetExplorer::jobCreated, this, &MainWindow::trackJob);
    connect(m_training, &TrainingPanel::jobCreated, this, &MainWindow::trackJob);
    connect(m_compare, &ComparisonPanel::jobCreated, this, &MainWindow::trackJob);
    connect(m_explain, &ExplanationPanel::jobCreated, this, &MainWindow::trackJob);
    connect(m_review, &ReviewPanel::jobCreated, this, &MainWindow::trackJob);
    connect(m_training, &TrainingPanel::runFinished, m_explain, &ExplanationPanel::refreshRuns);
    connect(m_training, &TrainingPanel::runFinished, m_review, &ReviewPanel::refreshRuns);
    connect(m_review, &ReviewPanel::explainRequested, this,
            [this](qint64 runId, qint64 user, qint64 item, const engine::ExplainOptions &options) {
                m_tabs->setCurrentWidget(m_explainStack);
                m_explain->showCase(runId, user, item, options);
            });
    connect(m_training, &TrainingPanel::runFinished, m_compare, &ComparisonPanel::refreshRuns);
    connect(m_training, &TrainingPanel::runFinished, m_explorer->diagnostics(), &DiagnosticsPage::refreshRuns);
    connect(m_explorer, &DatasetExplorer::datasetCreated, this, [this](qint64 id) { refreshDatasets(id); });
    // The items and users the Explore tab has read name them on the Explain tab too.
    connect(m_explorer, &DatasetExplorer::loaded, this, [this] { m_explain->setCatalog(m_explorer->catalog()); });

    // 1280x800 where the screen has room, else the screen's free area less a window frame;
    // restoreGeometry keeps a remembered geometry on the screens there are now.
    const QScreen *where = screen() ? screen() : QGuiApplication::primaryScreen();
    const QSize room = where ? where->availableGeometry().size() - QSize(16, 40) : QSize(1280, 800);
    resize(QSize(1280, 800).boundedTo(room).expandedTo(minimumSizeHint()));
    restoreGeometry(prefs::windowGeometry.get());
    restoreState(prefs::windowState.get());
    updateTitle();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildMenus() {
    auto *file = menuBar()->addMenu(tr("&File"));
    file->addAction(themedIcon("document-new"), tr("&New Project…"), QKeySequence::New, this, &MainWindow::newProject);
    file->addAction(themedIcon("document-open"), tr("&Open Project…"), QKeySequence::Open, this, &MainWindow::openProjectDialog);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    file->addAction(tr("Open &Demo Project"), this, [this] { openDemoProject(defaultDemoPath()); });
    file->addSeparator();
    m_importAction = file->addAction(themedIcon("document-import"), tr("&Import Dataset…"),
                                     QKeySequence(Qt::CTRL | Qt::Key_I), this, [this] { openImportWizard(); });
    file->addSeparator();
    m_encryptAction = file->addAction(tr("&Encrypt Project…"), this, &MainWindow::encryptOrDecryptProject);
    m_passphraseAction = file->addAction(tr("Change &Passphrase…"), this, &MainWindow::changePassphrase);
    file->addSeparator();
    file->addAction(tr("&Preferences…"), QKeySequence::Preferences, this, &MainWindow::showPreferences);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    auto *data = menuBar()->addMenu(tr("&Dataset"));
    m_renameAction = data->addAction(tr("&Rename…"), QKeySequence(Qt::Key_F2), this, &MainWindow::renameDataset);
    m_deleteAction = data->addAction(tr("&Delete…"), QKeySequence::Delete, this, &MainWindow::deleteDataset);
    data->addAction(tr("Re&fresh"), QKeySequence::Refresh, this, [this] { refreshDatasets(currentDatasetId()); });
    m_renameAction->setEnabled(false);
    m_deleteAction->setEnabled(false);
    m_deleteAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_datasetView->addAction(m_renameAction);
    m_datasetView->addAction(m_deleteAction);
    m_deleteAction->setShortcutContext(Qt::WidgetShortcut);

    menuBar()->addMenu(tr("&View"));

    auto *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(themedIcon("help-contents"), tr("&User Guide"), QKeySequence::HelpContents, this, [this] {
        auto *help = new HelpDialog(this);
        help->setAttribute(Qt::WA_DeleteOnClose);
        help->show();
    });
    help->addSeparator();
    help->addAction(tr("&About RecScope"), this, &MainWindow::showAbout);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);

    auto *tb = addToolBar(tr("Main"));
    tb->setObjectName(QStringLiteral("MainToolBar"));
    tb->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    tb->addAction(file->actions().at(0));
    tb->addAction(file->actions().at(1));
    tb->addAction(m_importAction);
    updateRecentMenu();
}

QString MainWindow::defaultDemoPath() {
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(dir);
    return dir + QStringLiteral("/demo.recscope");
}

QString MainWindow::projectPath() const { return m_project ? QString::fromStdString(m_project->path()) : QString(); }

void MainWindow::updateTitle() {
    const QString path = projectPath();
    const bool encrypted = m_project && m_project->encrypted();
    setWindowTitle(path.isEmpty() ? tr("RecScope")
                   : encrypted ? tr("%1 (encrypted) — RecScope").arg(QFileInfo(path).fileName())
                               : tr("%1 — RecScope").arg(QFileInfo(path).fileName()));
    m_projectLabel->setText(path.isEmpty() ? tr("No project open")
                            : encrypted    ? tr("%1 — encrypted").arg(QDir::toNativeSeparators(path))
                                           : QDir::toNativeSeparators(path));
    m_importAction->setEnabled(m_project != nullptr);
    m_encryptAction->setEnabled(m_project != nullptr);
    m_encryptAction->setText(encrypted ? tr("&Decrypt Project…") : tr("&Encrypt Project…"));
    m_passphraseAction->setEnabled(encrypted);
}

bool MainWindow::unlockIfNeeded(const QString &path) {
    const std::string p = QDir::fromNativeSeparators(path).toStdString();
    try {
        if (!engine::isEncryptedProjectFile(p) || engine::isProjectUnlocked(p))
            return true;
    } catch (const engine::EngineError &) {
        return true; // a damaged header: opening says so
    }
    PassphraseDialog dialog(PassphraseDialog::Mode::Unlock, QFileInfo(path).fileName(), this);
    for (;;) {
        if (dialog.exec() != QDialog::Accepted)
            return false;
        QApplication::setOverrideCursor(Qt::WaitCursor); // Argon2id: about a second, on purpose
        try {
            engine::unlockProject(p, dialog.passphrase().toStdString());
            QApplication::restoreOverrideCursor();
            dialog.passphraseEdit()->clear();
            return true;
        } catch (const engine::EngineError &e) {
            QApplication::restoreOverrideCursor();
            if (e.kind() != engine::ErrorKind::Passphrase) {
                QMessageBox::critical(this, tr("Open Project"), tr("Could not open the project.\n\n%1").arg(QString::fromStdString(e.what())));
                return false;
            }
            dialog.setError(tr("That passphrase does not open this project. Try again."));
        }
    }
}

void MainWindow::offerToRemoveStoredKey() {
    if (!m_project || !m_project->hasStoredPseudonymKey())
        return;
    QStringList names;
    for (const auto &d : m_project->datasets())
        if (d.pseudonymKind == "stored-key")
            names << QString::fromStdString(d.name).toHtmlEscaped();
    QMessageBox box(QMessageBox::Warning, tr("Pseudonym Key in the Project"),
                    tr("<p>This project was made by an older RecScope, which kept the key of its pseudonymized user ids "
                       "inside the project file. Anyone who has the file can use that key to re-identify every user "
                       "of: <b>%1</b>.</p><p><b>Move the key to a file</b> you keep apart from the project (or to the system "
                       "keyring) if further "
                       "imports must give the same people the same pseudonyms; <b>destroy it</b> if nobody needs to link "
                       "the ids back.</p>")
                        .arg(names.join(QStringLiteral(", "))),
                    QMessageBox::NoButton, this);
    auto *move = box.addButton(tr("Move the Key to a File…"), QMessageBox::AcceptRole);
    QAbstractButton *toKeyring = nullptr;
    if (!engine::keyring::backendName().empty())
        toKeyring = box.addButton(tr("Move the Key to the Keyring…"), QMessageBox::AcceptRole);
    auto *destroy = box.addButton(tr("Destroy the Key"), QMessageBox::DestructiveRole);
    box.addButton(tr("Not Now"), QMessageBox::RejectRole);
    box.exec();
    bool clean = true;
    try {
        if (box.clickedButton() == move) {
            const QString file = QFileDialog::getSaveFileName(this, tr("Save the Pseudonym Key"),
                                                              startFolder({}) + QStringLiteral("/pseudonyms.key"),
                                                              tr("Key files (*.key);;All files (*)"));
            if (file.isEmpty())
                return;
            clean = engine::movePseudonymKeyOut(*m_project, QDir::fromNativeSeparators(file).toStdString());
            statusBar()->showMessage(tr("The pseudonym key is now in %1 and no longer in the project.").arg(file));
        } else if (toKeyring && box.clickedButton() == toKeyring) {
            bool ok = false;
            const QString name = QInputDialog::getText(this, tr("Move the Key to the Keyring"),
                                                       tr("Name of the new entry in the system keyring (%1):")
                                                           .arg(QString::fromStdString(engine::keyring::backendName())),
                                                       QLineEdit::Normal, QFileInfo(projectPath()).completeBaseName(), &ok)
                                     .trimmed();
            if (!ok || name.isEmpty())
                return;
            clean = engine::movePseudonymKeyToKeyring(*m_project, name.toStdString());
            statusBar()->showMessage(tr("The pseudonym key is now in the system keyring as '%1' and no longer in the project.").arg(name));
        } else if (box.clickedButton() == destroy) {
            clean = engine::destroyStoredPseudonymKey(*m_project);
            statusBar()->showMessage(tr("The pseudonym key is destroyed: no one can link these ids back any more."));
        } else {
            return;
        }
    } catch (const engine::EngineError &e) {
        QMessageBox::critical(this, tr("Pseudonym Key"), QString::fromStdString(e.what()));
        return;
    }
    if (!clean)
        QMessageBox::information(this, tr("Pseudonym Key"),
                                 tr("Another program has this project open: old copies of the key stay in its "
                                    "write-ahead log until it closes. Open the project again then to finish."));
    refreshDatasets(currentDatasetId());
}

void MainWindow::closeProject() {
    m_explorer->setProject(nullptr);
    m_training->setProject(nullptr);
    m_compare->setProject(nullptr);
    m_explain->setProject(nullptr);
    m_review->setProject(nullptr);
    m_project.reset();
    refreshDatasets();
    updateTitle();
}

void MainWindow::convertProject(const QString &title, std::function<void(const std::string &)> work) {
    const QString path = projectPath();
    closeProject();
    const std::string p = QDir::fromNativeSeparators(path).toStdString();
    m_convertJob = std::make_unique<EngineJob>(title, [p, work](engine::Progress &) {
        work(p);
        return QString();
    });
    connect(m_convertJob.get(), &EngineJob::succeeded, this, [this, path] { openProject(path); });
    connect(m_convertJob.get(), &EngineJob::failed, this, [this, path, title](const QString &m) {
        QMessageBox::critical(this, title, tr("The project is unchanged.\n\n%1").arg(m));
        openProject(path);
    });
    trackJob(m_convertJob.get());
    m_convertJob->start();
}

void MainWindow::encryptOrDecryptProject() {
    if (!m_project)
        return;
    const QString name = QFileInfo(projectPath()).fileName();
    if (m_project->encrypted()) {
        if (QMessageBox::question(this, tr("Decrypt Project"),
                                  tr("Store %1 unencrypted? Anyone who has the file will be able to read it.").arg(name)) !=
            QMessageBox::Yes)
            return;
        convertProject(tr("Decrypting the project"), [](const std::string &p) { engine::decryptProject(p); });
        return;
    }
    PassphraseDialog dialog(PassphraseDialog::Mode::Choose, name, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const std::string passphrase = dialog.passphrase().toStdString();
    dialog.passphraseEdit()->clear();
    dialog.confirmEdit()->clear();
    convertProject(tr("Encrypting the project"), [passphrase](const std::string &p) { engine::encryptProject(p, passphrase); });
}

void MainWindow::changePassphrase() {
    if (!m_project || !m_project->encrypted())
        return;
    PassphraseDialog dialog(PassphraseDialog::Mode::Choose, QFileInfo(projectPath()).fileName(), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const std::string passphrase = dialog.passphrase().toStdString();
    dialog.passphraseEdit()->clear();
    dialog.confirmEdit()->clear();
    convertProject(tr("Changing the passphrase"),
                   [passphrase](const std::string &p) { engine::changeProjectPassphrase(p, passphrase); });
}

bool MainWindow::openProject(const QString &path) {
    if (!unlockIfNeeded(path))
        return false;
    try {
        auto project = engine::Project::open(QDir::fromNativeSeparators(path).toStdString());
        m_explorer->setProject(nullptr);
        m_training->setProject(nullptr);
        m_compare->setProject(nullptr);
        m_explain->setProject(nullptr);
        m_review->setProject(nullptr);
        m_project = std::move(project);
    } catch (const engine::EngineError &e) {
        QMessageBox::critical(this, tr("Open Project"), tr("Could not open the project.\n\n%1").arg(QString::fromStdString(e.what())));
        return false;
    }
    m_explorer->setProject(m_project.get());
    m_training->setProject(m_project.get());
    m_compare->setProject(m_project.get());
    m_explain->setProject(m_project.get());
    m_review->setProject(m_project.get());
    addRecent(QFileInfo(path).absoluteFilePath());
    updateTitle();
    refreshDatasets();
    if (m_datasets->rowCount() > 0)
        m_datasetView->setCurrentIndex(m_datasets->index(0));
    offerToRemoveStoredKey();
    return true;
}

void MainWindow::openDemoProject(const QString &path) {
    if (QFileInfo::exists(path)) {
        openProject(path);
        return;
    }
    const std::string p = path.toStdString();
    m_demoJob = std::make_unique<EngineJob>(tr("Creating the demo project"), [p](engine::Progress &progress) {
        engine::writeDemoProject(p, progress);
        return tr("the demo dataset is ready");
    });
    connect(m_demoJob.get(), &EngineJob::succeeded, this, [this, path] { openProject(path); });
    connect(m_demoJob.get(), &EngineJob::failed, this, [this](const QString &m) {
        QMessageBox::critical(this, tr("Demo project"), tr("The demo project could not be created.\n\n%1").arg(m));
    });
    trackJob(m_demoJob.get());
    m_demoJob->start();
}

void MainWindow::newProject() {
    QString path = QFileDialog::getSaveFileName(this, tr("New Project"), startFolder({}) + QStringLiteral("/untitled.recscope"),
                                                tr("RecScope projects (*.recscope)"));
    if (path.isEmpty())
        return;
    if (!path.endsWith(QLatin1String(".recscope")))
        path += QLatin1String(".recscope");
    if (QFileInfo::exists(path) && !QFile::remove(path)) {
        QMessageBox::critical(this, tr("New Project"), tr("%1 exists and cannot be replaced.").arg(path));
        return;
    }
    PassphraseDialog encryption(PassphraseDialog::Mode::Optional, QFileInfo(path).fileName(), this);
    if (encryption.exec() != QDialog::Accepted)
        return;
    try {
        if (encryption.encrypt()) {
            QApplication::setOverrideCursor(Qt::WaitCursor);
            const std::string passphrase = encryption.passphrase().toStdString();
            encryption.passphraseEdit()->clear();
            encryption.confirmEdit()->clear();
            engine::encryptNewProject(path.toStdString(), passphrase);
            QApplication::restoreOverrideCursor();
        }
        engine::Project::openOrCreate(path.toStdString());
    } catch (const engine::EngineError &e) {
        if (QApplication::overrideCursor())
            QApplication::restoreOverrideCursor();
        QMessageBox::critical(this, tr("New Project"), QString::fromStdString(e.what()));
        return;
    }
    openProject(path);
}

void MainWindow::openProjectDialog() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Project"), startFolder(projectPath()),
                                                      tr("RecScope projects (*.recscope);;All files (*)"));
    if (!path.isEmpty())
        openProject(path);
}

void MainWindow::updateEmptyStates() {
    const qint64 dataset = currentDatasetId();
    int finished = 0;
    QStringList models;
    if (m_project && dataset >= 0) {
        try {
            for (const auto &r : engine::RunStore(*m_project).runs())
                if (r.datasetId == dataset && r.status == engine::RunStatus::Finished) {
                    ++finished;
                    models << QString::fromStdString(r.model);
                }
        } catch (const engine::EngineError &) {
        }
    }
    const bool training = m_training->pendingCount() > 0;
    const auto show = [&](EmptyStateStack *stack, int needed, const QString &title, const QString &why, const QString &action) {
        if (!m_project || dataset < 0) {
            stack->showEmpty(m_project ? tr("No dataset chosen") : tr("No project open"),
                             m_project ? tr("Choose a dataset in the list on the left, or import one.")
                                       : tr("Open a project, or create one and import a dataset into it."),
                             m_project ? tr("Import a Dataset…") : tr("Open the Demo Project"));
        } else if (finished >= needed) {
            stack->showContent();
        } else if (training) {
            stack->showEmpty(title, why + QLatin1Char(' ') + tr("A run is training on the Train tab: this page fills in when it finishes."));
        } else {
            stack->showEmpty(title, why, action);
        }
    };
    show(m_compareStack, 2, tr("Nothing to compare yet"),
         tr("Comparing needs two or more finished runs of this dataset; it has %n.", "", finished),
         finished == 0 ? tr("Train a Popularity Baseline and a SASRec")
                       : models.contains(QStringLiteral("pop")) ? tr("Train a SASRec to Compare With") : tr("Train a Popularity Baseline"));
    show(m_explainStack, 1, tr("No run to explain yet"),
         tr("Explanations take apart a finished run's recommendations for one user: which items of the history made each "
            "one, what the model attended to, what changes it."),
         tr("Train a SASRec on This Dataset"));
    show(m_reviewStack, 1, tr("No run to review yet"),
         tr("A review explains the recommendations of many users from one finished run and reports how faithful the "
            "explanations are."),
         tr("Train a SASRec on This Dataset"));
}

void MainWindow::startFromEmptyState(EmptyStateStack *stack) {
    if (!m_project) {
        openDemoProject(defaultDemoPath());
        return;
    }
    if (currentDatasetId() < 0) {
        openImportWizard();
        return;
    }
    QStringList models{QStringLiteral("sasrec")};
    if (stack == m_compareStack) {
        bool hasPop = false, hasOther = false;
        for (const auto &r : engine::RunStore(*m_project).runs())
            if (r.datasetId == currentDatasetId() && r.status == engine::RunStatus::Finished)
                (r.model == "pop" ? hasPop : hasOther) = true;
        models = !hasPop && !hasOther ? QStringList{QStringLiteral("pop"), QStringLiteral("sasrec")}
                 : hasPop             ? QStringList{QStringLiteral("sasrec")}
                                      : QStringList{QStringLiteral("pop")};
    }
    m_tabs->setCurrentWidget(m_training);
    m_training->trainModels(models);
}

void MainWindow::refreshDatasets(qint64 select) {
    if (!m_project) {
        m_datasets->setDatasets({});
        updateEmptyStates();
        return;
    }
    try {
        m_datasets->setDatasets(m_project->datasets());
    } catch (const engine::EngineError &e) {
        statusBar()->showMessage(QString::fromStdString(e.what()));
    }
    if (select >= 0)
        selectDataset(select);
}

void MainWindow::selectDataset(qint64 id) {
    const int row = m_datasets->rowOfId(id);
    if (row >= 0)
        m_datasetView->setCurrentIndex(m_datasets->index(row));
}

qint64 MainWindow::currentDatasetId() const {
    const QModelIndex i = m_datasetView->currentIndex();
    return i.isValid() ? i.data(DatasetListModel::IdRole).toLongLong() : -1;
}

ImportWizard *MainWindow::openImportWizard(const QString &path) {
    if (!m_project) {
        QMessageBox::information(this, tr("Import Dataset"), tr("Open or create a project first."));
        return nullptr;
    }
    auto *wizard = new ImportWizard(projectPath(), this);
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    if (!path.isEmpty())
        wizard->setSource(ImportWizard::guessFormat(path), path);
    connect(wizard, &ImportWizard::jobCreated, this, &MainWindow::trackJob);
    connect(wizard, &ImportWizard::datasetImported, this, [this](qint64 id) { refreshDatasets(id); });
    wizard->show();
    return wizard;
}

void MainWindow::renameDataset() {
    const qint64 id = currentDatasetId();
    if (id < 0 || !m_project)
        return;
    const QString old = m_datasetView->currentIndex().data(DatasetListModel::NameRole).toString();
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Rename Dataset"), tr("New name:"), QLineEdit::Normal, old, &ok).trimmed();
    if (!ok || name.isEmpty() || name == old)
        return;
    try {
        m_project->renameDataset(id, name.toStdString());
    } catch (const engine::EngineError &e) {
        QMessageBox::warning(this, tr("Rename Dataset"), QString::fromStdString(e.what()));
    }
    refreshDatasets(id);
}

void MainWindow::deleteDataset() {
    const qint64 id = currentDatasetId();
    const auto *d = m_datasets->datasetAt(m_datasetView->currentIndex().row());
    if (id < 0 || !m_project || !d)
        return;
    const QLocale loc;
    const auto answer = QMessageBox::question(
        this, tr("Delete Dataset"),
        tr("Delete '%1' from this project?\n\nIts %2 interactions, %3 users and %4 items will be removed from the project "
           "file. The source files are not touched, so it can be imported again.")
            .arg(QString::fromStdString(d->name), loc.toString(d->interactions), loc.toString(d->users), loc.toString(d->items)),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer != QMessageBox::Yes)
        return;
    try {
        m_project->deleteDataset(id);
    } catch (const engine::EngineError &e) {
        QMessageBox::warning(this, tr("Delete Dataset"), QString::fromStdString(e.what()));
    }
    m_explorer->setDataset(-1);
    refreshDatasets();
}

void MainWindow::showPreferences() {
    PreferencesDialog dialog(this);
    dialog.exec();
}

void MainWindow::showAbout() {
    AboutDialog dialog(this);
    dialog.exec();
}

void MainWindow::updateRecentMenu() {
    m_recentMenu->clear();
    const QStringList recent = prefs::recentProjects.get();
    for (const QString &p : recent)
        m_recentMenu->addAction(QDir::toNativeSeparators(p), this, [this, p] { openProject(p); });
    if (recent.isEmpty())
        m_recentMenu->addAction(tr("(none yet)"))->setEnabled(false);
    else {
        m_recentMenu->addSeparator();
        m_recentMenu->addAction(tr("Clear List"), this, [this] {
            prefs::recentProjects.set({});
            updateRecentMenu();
        });
    }
}

void MainWindow::addRecent(const QString &path) {
    QStringList recent = prefs::recentProjects.get();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > prefs::kMaxRecentProjects)
        recent.removeLast();
    prefs::recentProjects.set(recent);
    prefs::lastProject.set(path);
    updateRecentMenu();
}

void MainWindow::trackJob(EngineJob *job) { m_jobs->track(job); }

void MainWindow::closeEvent(QCloseEvent *event) {
    if (m_jobs->runningCount() > 0) {
        const auto answer = QMessageBox::question(this, tr("Quit"), tr("Jobs are still running. Cancel them and quit? "
                                                                       "Unfinished imports are not stored."),
                                                  QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
        if (answer != QMessageBox::Yes) {
            event->ignore();
            return;
        }
    }
    prefs::windowGeometry.set(saveGeometry());
    prefs::windowState.set(saveState());
    QMainWindow::closeEvent(event);
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event) {
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event) {
    const auto urls = event->mimeData()->urls();
    if (urls.isEmpty() || !urls.first().isLocalFile())
        return;
    const QString path = urls.first().toLocalFile();
    if (path.endsWith(QLatin1String(".recscope")))
        openProject(path);
    else
        openImportWizard(path);
    event->acceptProposedAction();
}

} // namespace recscope
