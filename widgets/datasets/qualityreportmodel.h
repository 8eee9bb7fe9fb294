// SPDX-License-Identifier: GPL-3.0-or-later
// The data-quality report as a table: what was checked, how often it failed, what a fix does.
#pragma once

#include "engine/data/datasetstats.h"

#include <QAbstractTableModel>

#include <vector>

namespace recscope {

class QualityReportModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { CheckColumn, CountColumn, MeaningColumn, ColumnCount };
    explicit QualityReportModel(QObject *parent = nullptr);
    void setReport(const engine::QualityReport &report, bool hasTimestamps);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row {
        QString check;
        qint64 count = 0;
        QString meaning;
        bool problem = false;
    };
    std::vector<Row> m_rows;
};

} // namespace recscope
