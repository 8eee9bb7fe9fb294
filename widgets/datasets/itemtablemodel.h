// SPDX-License-Identifier: GPL-3.0-or-later
// The items of a dataset as a table, and the proxy that searches it.
#pragma once

#include "engine/store/project.h"

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>

#include <vector>

namespace recscope {

class ItemTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { IdColumn, TitleColumn, CategoriesColumn, InteractionsColumn, CatalogColumn, DescriptionColumn, ColumnCount };
    // Lower-cased "id title categories" for searching, without allocating per comparison.
    static constexpr int SearchTextRole = Qt::UserRole + 1;

    explicit ItemTableModel(QObject *parent = nullptr);
    void setItems(std::vector<engine::ItemRecord> items);
    const engine::ItemRecord *itemAt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<engine::ItemRecord> m_items;
    std::vector<QString> m_search;
};

// Keeps the rows whose id, title or categories contain every word of the search text.
class ItemFilterProxyModel : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit ItemFilterProxyModel(QObject *parent = nullptr);
    void setSearchText(const QString &text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QStringList m_words;
};

} // namespace recscope
