// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/training/runsview.h"

#include "engine/core/errors.h"
#include "engine/efficiency/efficiency.h"
#include "engine/export/exports.h"
#include "engine/privacy/privacy.h"
#include "engine/store/project.h"
#include "engine/training/trainer.h"
#include "widgets/common/enginejob.h"
#include "widgets/training/runstablemodel.h"

#include <QFileDialog>
#include <QHeaderView>
#include <QInputDialog>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QSignalBlocker>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace recscope {

namespace {
constexpr int kExportedPerUser = 10; // items per user in an exported top list
} // namespace

RunsView::RunsView(QWidget *parent) : QWidget(parent) {
    auto *l = new QVBoxLayout(this);
    l->setContentsMargins(0, 0, 0, 0);
    m_runs = new RunsTableModel(this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_runs);
    m_proxy->setSortRole(Qt::EditRole);
    m_view = new QTableView(this);
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(RunsTableModel::NameColumn, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setAlternatingRowColors(true);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->setAccessibleName(tr("Runs"));
    l->addWidget(m_view);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &cur) {
        if (cur.isValid())
            Q_EMIT runSelected(cur.data(RunsTableModel::RunIdRole).toLongLong());
    });
    connect(m_view, &QWidget::customContextMenuRequested, this, &RunsView::showContextMenu);
}

RunsView::~RunsView() = default;

void RunsView::setProject(engine::Project *project) {
    m_project = project;
    refresh();
}

const engine::RunInfo *RunsView::currentRun() const {
    const QModelIndex i = m_view->currentIndex();
    return i.isValid() ? m_runs->runAt(m_runs->rowOfRun(i.data(RunsTableModel::RunIdRole).toLongLong())) : nullptr;
}

void RunsView::refresh() {
    if (!m_project) {
        m_runs->setRuns({}, {});
        Q_EMIT refreshed({});
        return;
    }
    QHash<qint64, QString> names;
    for (const auto &d : m_project->datasets())
        names.insert(d.id, QString::fromStdString(d.name));
    const auto runs = engine::RunStore(*m_project).runs();
    QHash<qint64, engine::RunProfile> profiles;
    for (const auto &r : runs)
        if (auto p = engine::storedProfile(*m_project, r.id))
            profiles.insert(r.id, *p);
    // The selected run stays selected (quietly: the monitor keeps what it shows).
    const QModelIndex current = m_view->currentIndex();
    const qint64 selected = current.isValid() ? current.data(RunsTableModel::RunIdRole).toLongLong() : 0;
    m_runs->setRuns(runs, names, profiles);
    if (const int row = m_runs->rowOfRun(selected); selected > 0 && row >= 0) {
        const QSignalBlocker block(m_view->selectionModel());
        const QModelIndex at = m_proxy->mapFromSource(m_runs->index(row, 0));
        m_view->selectionModel()->setCurrentIndex(at, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    }
    m_view->resizeColumnsToContents();
    Q_EMIT refreshed(runs);
}

void RunsView::showContextMenu(const QPoint &pos) {
    if (!m_view->indexAt(pos).isValid())
        return;
    QMenu menu(this);
    menu.addAction(tr("Rename…"), this, &RunsView::renameRun);
    menu.addAction(tr("Duplicate with these settings"), this, &RunsView::duplicateRun);
    const auto *run = m_runs->runAt(m_runs->rowOfRun(m_view->indexAt(pos).data(RunsTableModel::RunIdRole).toLongLong()));
    const int processes = run ? engine::runWorldSize(*run) : 1;
    auto *resume = menu.addAction(processes > 1 ? tr("Resume from the last checkpoint in %n processes", "", processes)
                                                : tr("Resume from the last checkpoint"),
                                  this, &RunsView::resumeRequested);
    resume->setEnabled(run && engine::isResumable(run->status));
    menu.addSeparator();
    // The lab works on finished runs, one job at a time.
    const bool finished = run && run->status == engine::RunStatus::Finished && !(m_labJob && m_labJob->isRunning());
    const bool neural = run && engine::modelInfo(run->model).transformer;
    menu.addAction(tr("Measure cost (size, latency, throughput)"), this, [this] { startLabJob(LabTask::Profile); })->setEnabled(finished);
    auto *compress = menu.addMenu(tr("Compressed copy"));
    compress->setEnabled(finished && neural);
    compress->addAction(tr("Int8 weights (per-row scales)"), this, [this] { startLabJob(LabTask::Quantize); });
    compress->addAction(tr("Prune 50% of the weights (by magnitude)"), this, [this] { startLabJob(LabTask::PruneWeights); });
    compress->addAction(tr("Prune 50% of the attention heads"), this, [this] { startLabJob(LabTask::PruneHeads); });
    auto *audit = menu.addAction(tr("Privacy audit (membership inference)"), this, [this] { startLabJob(LabTask::Audit); });
    bool kfold = false;
    try {
        kfold = run && engine::TrainConfig::fromJson(run->configJson).split == engine::SplitKind::KFold;
    } catch (const engine::EngineError &) {
    }
    audit->setEnabled(finished && kfold);
    audit->setToolTip(tr("Needs a run trained on the k-fold split: the attack compares trained users with held-out ones."));
    auto *exports = menu.addMenu(tr("Export"));
    exports->setEnabled(finished);
    exports->addAction(tr("Every user's top %1 (CSV or JSON lines)…").arg(kExportedPerUser), this, [this] {
        const QString file = QFileDialog::getSaveFileName(this, tr("Export recommendations"), tr("recommendations.csv"),
                                                          tr("CSV (*.csv);;JSON lines (*.jsonl)"));
        if (!file.isEmpty())
            startLabJob(LabTask::ExportRecommendations, file);
    });
    auto *vectors = exports->addAction(tr("Item and user vectors (TensorBoard projector)…"), this, [this] {
        const QString folder = QFileDialog::getExistingDirectory(this, tr("Folder for the vectors"));
        if (!folder.isEmpty())
            startLabJob(LabTask::ExportEmbeddings, folder);
    });
    vectors->setEnabled(run && engine::modelInfo(run->model).vectors);
    auto *script = exports->addAction(tr("Model as TorchScript (.pt)…"), this, [this] {
        const QString file = QFileDialog::getSaveFileName(this, tr("Export the model"), tr("model.pt"), tr("TorchScript (*.pt)"));
        if (!file.isEmpty())
            startLabJob(LabTask::ExportModel, file);
    });
    script->setEnabled(run && engine::modelInfo(run->model).transformer);
    script->setToolTip(tr("The transformers, with their weights and item ids: a service loads it with torch.jit.load, no RecScope needed."));
    vectors->setToolTip(tr("Models that score by a dot product of a user's and an item's vector: BPR-MF and the transformers."));
    menu.setToolTipsVisible(true);
    menu.addSeparator();
    menu.addAction(tr("Delete…"), this, &RunsView::deleteRun);
    menu.exec(m_view->viewport()->mapToGlobal(pos));
}

EngineJob *RunsView::startLabJob(LabTask task, const QString &target) {
    const auto *run = currentRun();
    if (!run || !m_project || (m_labJob && m_labJob->isRunning()))
        return nullptr;
    const qint64 id = run->id;
    const QString name = QString::fromStdString(run->name);
    const std::string path = m_project->path();
    QString title;
    switch (task) {
    case LabTask::Profile: title = tr("Measuring the cost of %1").arg(name); break;
    case LabTask::Quantize: title = tr("Int8 copy of %1").arg(name); break;
    case LabTask::PruneWeights: title = tr("Pruning 50% of the weights of %1").arg(name); break;
    case LabTask::PruneHeads: title = tr("Pruning 50% of the heads of %1").arg(name); break;
    case LabTask::Audit: title = tr("Privacy audit of %1").arg(name); break;
    case LabTask::ExportRecommendations: title = tr("Exporting the recommendations of %1").arg(name); break;
    case LabTask::ExportEmbeddings: title = tr("Exporting the vectors of %1").arg(name); break;
    case LabTask::ExportModel: title = tr("Writing %1 as TorchScript").arg(name); break;
    }
    m_labJob = std::make_unique<EngineJob>(title, [path, id, task, target = target.toStdString()](engine::Progress &progress) -> QString {
        auto project = engine::Project::open(path);
        const QLocale loc;
        switch (task) {
        case LabTask::Profile: {
            const auto p = engine::profileRun(*project, id, progress);
            return tr("%1 parameters, %2; latency p50 %3 ms, p95 %4 ms; %5 users/s")
                .arg(loc.toString(static_cast<qlonglong>(p.parameters)),
                     loc.formattedDataSize(p.checkpointBytes, 2, QLocale::DataSizeSIFormat), loc.toString(p.latencyP50Ms, 'f', 2),
                     loc.toString(p.latencyP95Ms, 'f', 2), loc.toString(p.usersPerSecond, 'f', 0));
        }
        case LabTask::Quantize:
        case LabTask::PruneWeights:
        case LabTask::PruneHeads: {
            const auto made = task == LabTask::Quantize ? engine::quantizeRun(*project, id, progress)
                                                        : engine::pruneRun(*project, id, 0.5, task == LabTask::PruneHeads, progress);
            const auto copy = engine::RunStore(*project).run(made);
            return tr("New run %1: compare it with its parent in the Compare tab").arg(QString::fromStdString(copy->name));
        }
        case LabTask::Audit: {
            const auto a = engine::auditMembership(*project, id, progress);
            return tr("Membership-inference AUC %1 (0.5: the attack cannot tell; 1: it always can). Mean loss %2 for "
                      "%3 trained users, %4 for %5 held out.")
                .arg(loc.toString(a.auc, 'f', 3), loc.toString(a.memberLoss, 'f', 3), loc.toString(static_cast<qlonglong>(a.members)),
                     loc.toString(a.nonMemberLoss, 'f', 3), loc.toString(static_cast<qlonglong>(a.nonMembers)));
        }
        case LabTask::ExportRecommendations: {
            const auto r = engine::exportRecommendations(*project, id, target, kExportedPerUser, progress);
            return tr("%1 recommendations for %2 users written to %3")
                .arg(loc.toString(static_cast<qlonglong>(r.rows)), loc.toString(static_cast<qlonglong>(r.users)), QString::fromStdString(target));
        }
        case LabTask::ExportModel: {
            engine::exportModel(*project, id, target, progress);
            return tr("Written to %1: load it with torch.jit.load and call recommend(history, k)").arg(QString::fromStdString(target));
        }
        case LabTask::ExportEmbeddings: {
            const auto r = engine::exportEmbeddings(*project, id, target, progress);
            return tr("%1 item and %2 user vectors of %3 numbers written to %4 (open it in TensorBoard's projector)")
                .arg(loc.toString(static_cast<qlonglong>(r.items)), loc.toString(static_cast<qlonglong>(r.users)),
                     loc.toString(static_cast<qlonglong>(r.dim)), QString::fromStdString(target));
        }
        }
        return {};
    });
    connect(m_labJob.get(), &EngineJob::finished, this, [this, title, job = m_labJob.get()] {
        Q_EMIT report(title, job->state() == EngineJob::State::Succeeded ? job->resultText()
                             : job->state() == EngineJob::State::Cancelled ? tr("Cancelled.") : job->errorText());
        refresh();
    });
    Q_EMIT report(title, tr("Working…"));
    Q_EMIT jobCreated(m_labJob.get());
    m_labJob->start();
    return m_labJob.get();
}

void RunsView::renameRun() {
    const auto *run = currentRun();
    if (!run || !m_project)
        return;
    const qint64 id = run->id;
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Rename Run"), tr("New name:"), QLineEdit::Normal,
                                               QString::fromStdString(run->name), &ok).trimmed();
    if (!ok || name.isEmpty())
        return;
    engine::RunStore(*m_project).rename(id, name.toStdString());
    refresh();
}

void RunsView::duplicateRun() {
    const auto *run = currentRun();
    if (!run)
        return;
    engine::TrainConfig config;
    try {
        config = engine::TrainConfig::fromJson(run->configJson);
    } catch (const std::exception &) {
        return;
    }
    Q_EMIT duplicateRequested(config, tr("%1 (copy)").arg(QString::fromStdString(run->name)));
}

void RunsView::deleteRun() {
    const auto *run = currentRun();
    if (!run || !m_project)
        return;
    const qint64 id = run->id;
    if (run->status == engine::RunStatus::Running) {
        QMessageBox::information(this, tr("Delete Run"), tr("Cancel the run before deleting it."));
        return;
    }
    const auto answer = QMessageBox::question(
        this, tr("Delete Run"),
        tr("Delete run '%1'?\n\nIts configuration, %2 epoch(s) of curves and its checkpoints are removed from the project file.")
            .arg(QString::fromStdString(run->name)).arg(run->epochsDone),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer != QMessageBox::Yes)
        return;
    engine::RunStore(*m_project).remove(id);
    Q_EMIT runDeleted(id);
    refresh();
}

} // namespace recscope
