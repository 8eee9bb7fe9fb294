// SPDX-License-Identifier: GPL-3.0-or-later
// The Review tab: explains many users' top recommendations of one run and shows how faithful
// the explanations are (each against random orders), how often the newest item dominates, how
// well attention agrees with the attributions and what is credited most, with every case in a
// sortable table (double-click one to open it in the Explain tab) and a report for reviewers.
// The review runs as a job (progress, cancel) and only reads the project.
#pragma once

#include "engine/explain/explain.h"

#include <QWidget>

#include <memory>

class QCheckBox;
class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSortFilterProxyModel;
class QSpinBox;
class QStandardItemModel;
class QTabWidget;
class QTableView;

namespace recscope {
namespace engine {
class Project;
}
class EngineJob;
class ReviewCreditChart;
class ReviewFaithfulnessChart;
class ReviewHistogramChart;
struct ReviewReportData;

class ReviewPanel : public QWidget {
    Q_OBJECT
public:
    explicit ReviewPanel(QWidget *parent = nullptr);
    ~ReviewPanel() override;

    void setProject(engine::Project *project);
    void setDataset(qint64 datasetId);
    void refreshRuns();
    // Starts a review with the form's settings; false when there is no run to review.
    bool startReview();
    void cancelReview();
    bool isReviewing() const;
    // Writes the report of the last review (.html or .pdf); false with `error` set when it cannot.
    bool writeReport(const QString &fileName, QString *error = nullptr);

    QComboBox *runBox() const { return m_run; }
    QSpinBox *usersBox() const { return m_users; }
    QCheckBox *allUsersBox() const { return m_allUsers; }
    QSpinBox *windowBox() const { return m_window; }
    QComboBox *methodBox() const { return m_method; }
    QComboBox *maskingBox() const { return m_masking; }
    QComboBox *valueBox() const { return m_value; }
    QPushButton *reviewButton() const { return m_start; }
    QPushButton *reportButton() const { return m_report; }
    QTableView *caseTable() const { return m_table; }
    QTabWidget *views() const { return m_tabs; }
    ReviewFaithfulnessChart *faithfulnessChart() const { return m_faithfulness; }
    ReviewHistogramChart *agreementChart() const { return m_agreement; }
    ReviewCreditChart *itemChart() const { return m_items; }
    ReviewCreditChart *categoryChart() const { return m_categories; }
    QString summaryText() const;
    QString statusText() const;
    const ReviewReportData *result() const { return m_result.get(); }

Q_SIGNALS:
    void jobCreated(recscope::EngineJob *job);
    void reviewed();
    // A case to open in the Explain tab, with the settings the review explained it with.
    void explainRequested(qint64 runId, qint64 user, qint64 item, const recscope::engine::ExplainOptions &options);

private:
    void showResult();
    void askForReport();

    engine::Project *m_project = nullptr;
    qint64 m_datasetId = -1;
    QComboBox *m_run, *m_method, *m_masking, *m_value;
    QSpinBox *m_users, *m_window, *m_seed;
    QCheckBox *m_allUsers;
    QPushButton *m_start, *m_cancel, *m_report;
    QProgressBar *m_progress;
    QLabel *m_status, *m_summary;
    QStandardItemModel *m_cases;
    QSortFilterProxyModel *m_sorted;
    QTableView *m_table;
    QTabWidget *m_tabs;
    ReviewFaithfulnessChart *m_faithfulness;
    ReviewHistogramChart *m_agreement;
    ReviewCreditChart *m_items, *m_categories;
    std::unique_ptr<EngineJob> m_job;
    std::shared_ptr<ReviewReportData> m_result;
};

} // namespace recscope
