// SPDX-License-Identifier: GPL-3.0-or-later
// The dataset's Diagnostics page: for a run on it, does the model use the order of a history
// (NDCG@10 with histories shuffled and reversed, and a verdict), does the evaluation leak the
// future (test interactions older than the latest training one; the same model on a global
// temporal split), and are items repeated across training and test. Runs in a job; reads only.
#pragma once

#include "engine/evaluation/diagnostics.h"

#include <QWidget>

#include <memory>

class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace recscope {
namespace engine {
class Project;
}
class EngineJob;

class DiagnosticsPage : public QWidget {
    Q_OBJECT
public:
    explicit DiagnosticsPage(QWidget *parent = nullptr);
    ~DiagnosticsPage() override;

    void setProject(engine::Project *project);
    void setDataset(qint64 datasetId);
    // Reads the dataset's finished runs again (after one finishes).
    void refreshRuns();
    // Diagnoses the chosen run; false when there is none.
    bool diagnose();
    const engine::Diagnosis *result() const { return m_result.get(); }
    QComboBox *runBox() const { return m_run; }
    QSpinBox *usersBox() const { return m_users; }
    QString orderText() const;
    QString leakageText() const;
    QString repeatsText() const;

Q_SIGNALS:
    void jobCreated(recscope::EngineJob *job);
    void diagnosed();

private:
    void show(const engine::Diagnosis &d);

    engine::Project *m_project = nullptr;
    qint64 m_datasetId = -1;
    QComboBox *m_run;
    QSpinBox *m_users;
    QPushButton *m_start, *m_cancel;
    QLabel *m_status, *m_order, *m_orderDetail, *m_leakage, *m_leakageDetail, *m_repeats;
    std::unique_ptr<EngineJob> m_job;
    std::shared_ptr<engine::Diagnosis> m_result;
};

} // namespace recscope
