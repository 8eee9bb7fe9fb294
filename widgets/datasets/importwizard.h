// SPDX-License-Identifier: GPL-3.0-or-later
// The import wizard: source files, a parsed preview with column mapping, options, and the run.
#pragma once

#include "engine/data/importer.h"

#include <QWizard>

#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTableView;
class QCheckBox;
class QDoubleSpinBox;
class QSpinBox;
class QRadioButton;

namespace recscope {

class EngineJob;
class StringTableModel;

class ImportWizard : public QWizard {
    Q_OBJECT
public:
    enum PageId { SourcePageId, PreviewPageId, OptionsPageId, RunPageId };

    // `projectPath`: the project to import into; the import opens its own connection in a worker.
    explicit ImportWizard(QString projectPath, QWidget *parent = nullptr);
    ~ImportWizard() override;

    // Pre-fills the source page, e.g. from a file dropped on the main window.
    void setSource(const QString &format, const QString &path);
    // The request as the pages currently describe it.
    engine::ImportRequest request() const;
    // The import job of the last page, while it exists.
    EngineJob *job() const { return m_job.get(); }
    qint64 importedDatasetId() const { return m_importedId; }

    // Widgets the GUI tests drive.
    QComboBox *formatBox() const { return m_format; }
    QLineEdit *pathEdit() const { return m_path; }
    QLineEdit *itemsEdit() const { return m_items; }
    QLineEdit *nameEdit() const { return m_name; }
    StringTableModel *previewModel() const { return m_parsedModel; }
    QComboBox *mappingBox(const QString &role) const;
    QRadioButton *skipErrorsButton() const { return m_skip; }
    QCheckBox *pseudonymizeBox() const { return m_pseudonymize; }
    QComboBox *pseudonymKeyBox() const { return m_keyKind; }
    QLineEdit *pseudonymKeyFileEdit() const { return m_keyFile; }
    QPushButton *cancelImportButton() const { return m_cancelImport; }
    StringTableModel *skippedModel() const { return m_skippedModel; }
    QLabel *resultLabel() const { return m_result; }

    // Guesses the format from a dropped path (folder with u.data -> movielens-100k, ...).
    static QString guessFormat(const QString &path);

Q_SIGNALS:
    void datasetImported(qint64 datasetId);
    void jobCreated(recscope::EngineJob *job);

protected:
    void initializePage(int id) override;
    bool validateCurrentPage() override;
    void reject() override;

private:
    QWizardPage *buildSourcePage();
    QWizardPage *buildPreviewPage();
    QWizardPage *buildOptionsPage();
    QWizardPage *buildRunPage();
    void updateFormatHelp();
    void refreshPreview();
    void startImport();

    QString m_projectPath;
    // Source
    QComboBox *m_format;
    QLabel *m_formatHelp;
    QLineEdit *m_path, *m_items, *m_users, *m_name;
    QPushButton *m_browseFolder;
    // Preview
    QLabel *m_previewInfo;
    QWidget *m_mappingPanel;
    QMap<QString, QComboBox *> m_mapping;
    StringTableModel *m_rawModel, *m_parsedModel;
    QTableView *m_rawView;
    bool m_updatingMapping = false;
    // Options
    QCheckBox *m_useMinRating, *m_pseudonymize;
    QComboBox *m_keyKind;
    QLineEdit *m_keyFile, *m_keyPassphrase, *m_keyringName;
    QLabel *m_keyHelp;
    QDoubleSpinBox *m_minRating;
    QSpinBox *m_kcore;
    QComboBox *m_duplicates;
    QRadioButton *m_stop, *m_skip;
    // Run
    QProgressBar *m_progress;
    QLabel *m_stage, *m_result;
    QPushButton *m_cancelImport;
    StringTableModel *m_skippedModel;
    QTableView *m_skippedView;
    std::unique_ptr<EngineJob> m_job;
    std::shared_ptr<engine::ImportReport> m_report;
    qint64 m_importedId = -1;
    bool m_done = false;
};

} // namespace recscope
