// SPDX-License-Identifier: GPL-3.0-or-later
// The training runs of a project: name, model, dataset, status, best epoch, metrics, duration.
#pragma once

#include "engine/efficiency/efficiency.h"
#include "engine/store/runstore.h"

#include <QAbstractTableModel>
#include <QHash>

#include <optional>
#include <vector>

namespace recscope {

class RunsTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { NameColumn, ModelColumn, DatasetColumn, StatusColumn, BestEpochColumn, ValidNdcgColumn,
                  TestNdcgColumn, TestHrColumn, TestRmseColumn, DurationColumn, EpsilonColumn, SizeColumn, LatencyColumn, ColumnCount };
    static constexpr int RunIdRole = Qt::UserRole + 1;

    explicit RunsTableModel(QObject *parent = nullptr);
    // `profiles`: the stored cost measurements (recscope-cli profile or "Measure cost"), by run id.
    void setRuns(std::vector<engine::RunInfo> runs, QHash<qint64, QString> datasetNames,
                 QHash<qint64, engine::RunProfile> profiles = {});
    const engine::RunInfo *runAt(int row) const;
    int rowOfRun(qint64 id) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QString statusText(engine::RunStatus status);

private:
    struct Row {
        engine::RunInfo run;
        double validNdcg = -1, testNdcg = -1, testHr = -1;
        double testRmse = -1; // rating models
        QString split; // other than loo: its numbers measure another task, not comparable with leave-one-out
        double epsilon = -1, delta = 0; // DP runs
        std::optional<engine::RunProfile> profile;
    };
    std::vector<Row> m_rows;
    QHash<qint64, QString> m_datasets;
};

} // namespace recscope
