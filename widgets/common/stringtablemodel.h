// SPDX-License-Identifier: GPL-3.0-or-later
// A read-only table of strings: import previews and lists of skipped lines.
#pragma once

#include <QAbstractTableModel>
#include <QStringList>

#include <vector>

namespace recscope {

class StringTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    explicit StringTableModel(QObject *parent = nullptr);
    void setTable(QStringList header, std::vector<QStringList> rows);
    void clear() { setTable({}, {}); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QStringList m_header;
    std::vector<QStringList> m_rows;
};

} // namespace recscope
