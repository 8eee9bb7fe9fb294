// SPDX-License-Identifier: GPL-3.0-or-later
// The users of a dataset (id, history length, attributes) and one user's timeline.
#pragma once

#include "engine/store/project.h"

#include <QAbstractTableModel>

#include <vector>

namespace recscope {

class UserTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { IdColumn, InteractionsColumn, AttributesColumn, ColumnCount };
    explicit UserTableModel(QObject *parent = nullptr);
    void setUsers(std::vector<engine::UserRecord> users);
    const engine::UserRecord *userAt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<engine::UserRecord> m_users;
    std::vector<QString> m_attributes;
};

class TimelineModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { PositionColumn, TimeColumn, ItemColumn, TitleColumn, RatingColumn, ColumnCount };
    explicit TimelineModel(QObject *parent = nullptr);
    void setTimeline(std::vector<engine::TimelineEntry> entries);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<engine::TimelineEntry> m_entries;
};

} // namespace recscope
