// SPDX-License-Identifier: GPL-3.0-or-later
// The main window: project, datasets dock, dataset explorer and running jobs.
#pragma once

#include <QMainWindow>

#include <functional>
#include <memory>
#include <string>

class QListView;
class QLabel;
class QMenu;
class QTabWidget;

namespace recscope {

namespace engine {
class Project;
}
class DatasetExplorer;
class EmptyStateStack;
class DatasetListModel;
class EngineJob;
class ImportWizard;
class JobStatusWidget;
class ComparisonPanel;
class ExplanationPanel;
class ReviewPanel;
class TrainingPanel;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Opens a project file; shows the error and returns false when it cannot be opened.
    bool openProject(const QString &path);
    // Creates the demo project (in a job) at `path` if missing, then opens it.
    void openDemoProject(const QString &path);
    static QString defaultDemoPath();

    QString projectPath() const;
    DatasetListModel *datasetModel() const { return m_datasets; }
    DatasetExplorer *explorer() const { return m_explorer; }
    TrainingPanel *trainingPanel() const { return m_training; }
    ComparisonPanel *comparisonPanel() const { return m_compare; }
    ExplanationPanel *explanationPanel() const { return m_explain; }
    ReviewPanel *reviewPanel() const { return m_review; }
    EmptyStateStack *compareEmptyState() const { return m_compareStack; }
    EmptyStateStack *explainEmptyState() const { return m_explainStack; }
    EmptyStateStack *reviewEmptyState() const { return m_reviewStack; }
    QTabWidget *tabs() const { return m_tabs; }
    QListView *datasetView() const { return m_datasetView; }
    ImportWizard *openImportWizard(const QString &path = {});
    void selectDataset(qint64 id);

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void buildMenus();
    void newProject();
    void openProjectDialog();
    void refreshDatasets(qint64 select = -1);
    // Compare, Explain and Review: their content, or what to do first (no dataset, too few runs).
    void updateEmptyStates();
    void startFromEmptyState(EmptyStateStack *stack);
    void renameDataset();
    void deleteDataset();
    void showPreferences();
    void showAbout();
    void updateRecentMenu();
    void addRecent(const QString &path);
    void trackJob(EngineJob *job);
    qint64 currentDatasetId() const;
    void updateTitle();
    // Asks for the passphrase of an encrypted project this process has not unlocked; false when the
    // analyst gave up.
    bool unlockIfNeeded(const QString &path);
    // Older projects keep their pseudonym key inside the file: offers to move it out or destroy it.
    void offerToRemoveStoredKey();
    // Encrypt, decrypt, change passphrase: the project is closed, converted in a job, and reopened.
    void encryptOrDecryptProject();
    void changePassphrase();
    void convertProject(const QString &title, std::function<void(const std::string &path)> work);
    void closeProject();

    std::unique_ptr<engine::Project> m_project;
    DatasetListModel *m_datasets;
    QListView *m_datasetView;
    DatasetExplorer *m_explorer;
    TrainingPanel *m_training;
    ComparisonPanel *m_compare;
    ExplanationPanel *m_explain;
    ReviewPanel *m_review;
    EmptyStateStack *m_compareStack, *m_explainStack, *m_reviewStack;
    QTabWidget *m_tabs;
    JobStatusWidget *m_jobs;
    QLabel *m_projectLabel;
    QMenu *m_recentMenu = nullptr;
    QAction *m_importAction = nullptr;
    QAction *m_renameAction = nullptr;
    QAction *m_deleteAction = nullptr;
    QAction *m_encryptAction = nullptr;
    QAction *m_passphraseAction = nullptr;
    std::unique_ptr<EngineJob> m_demoJob;
    std::unique_ptr<EngineJob> m_convertJob;
};

} // namespace recscope
