// SPDX-License-Identifier: GPL-3.0-or-later
// The Train tab's table of runs and what can be done with one (its context menu): rename,
// duplicate into the form, resume, measure its cost, compressed copies, the privacy audit,
// exports, delete. The lab's work runs as jobs, one at a time.
#pragma once

#include "engine/settings/trainconfig.h"
#include "engine/store/runstore.h"

#include <QWidget>

#include <memory>
#include <vector>

class QSortFilterProxyModel;
class QTableView;

namespace recscope {

namespace engine {
class Project;
}
class EngineJob;
class RunsTableModel;

class RunsView : public QWidget {
    Q_OBJECT
public:
    // The privacy and efficiency lab on the selected run.
    enum class LabTask { Profile, Quantize, PruneWeights, PruneHeads, Audit, ExportRecommendations, ExportEmbeddings, ExportModel };

    explicit RunsView(QWidget *parent = nullptr);
    ~RunsView() override;

    // The project connection is used on the UI thread for small reads; lab jobs open their own.
    void setProject(engine::Project *project);
    // Reads the runs again; the selected run stays selected.
    void refresh();
    // The selected run, or null.
    const engine::RunInfo *currentRun() const;
    // Starts `task` on the selected run as a job (returned for tests; null when none can start);
    // the exports write to `target` (a .csv, .jsonl or .pt file, a folder).
    EngineJob *startLabJob(LabTask task, const QString &target = {});

    RunsTableModel *model() const { return m_runs; }
    QTableView *view() const { return m_view; }

Q_SIGNALS:
    void runSelected(qint64 runId);
    // The runs as just read (the form offers the finished ones to fine-tune from).
    void refreshed(const std::vector<recscope::engine::RunInfo> &runs);
    void duplicateRequested(const recscope::engine::TrainConfig &config, const QString &name);
    void resumeRequested();
    void runDeleted(qint64 runId);
    void jobCreated(recscope::EngineJob *job);
    // What a lab job is doing or did, for the monitor.
    void report(const QString &title, const QString &text);

private:
    void showContextMenu(const QPoint &pos);
    void renameRun();
    void duplicateRun();
    void deleteRun();

    engine::Project *m_project = nullptr;
    RunsTableModel *m_runs;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_view;
    std::unique_ptr<EngineJob> m_labJob;
};

} // namespace recscope
