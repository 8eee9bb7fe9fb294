// SPDX-License-Identifier: GPL-3.0-or-later
// StringTableModel.
#include "widgets/common/stringtablemodel.h"

namespace recscope {

StringTableModel::StringTableModel(QObject *parent) : QAbstractTableModel(parent) {}

void StringTableModel::setTable(QStringList header, std::vector<QStringList> rows) {
    beginResetModel();
    m_header = std::move(header);
    m_rows = std::move(rows);
    endResetModel();
}

int StringTableModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : static_cast<int>(m_rows.size()); }
int StringTableModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : static_cast<int>(m_header.size()); }

QVariant StringTableModel::data(const QModelIndex &index, int role) const {
    if (!index.isValid() || (role != Qt::DisplayRole && role != Qt::ToolTipRole))
        return {};
    const auto &row = m_rows[static_cast<std::size_t>(index.row())];
    return index.column() < row.size() ? row.at(index.column()) : QString();
}

QVariant StringTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole && section >= 0 && section < m_header.size())
        return m_header.at(section);
    return QAbstractTableModel::headerData(section, orientation, role);
}

} // namespace recscope
