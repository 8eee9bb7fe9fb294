// SPDX-License-Identifier: GPL-3.0-or-later
// ItemTableModel and its search proxy.
#include "widgets/datasets/itemtablemodel.h"

#include <QLocale>

namespace recscope {

ItemTableModel::ItemTableModel(QObject *parent) : QAbstractTableModel(parent) {}

void ItemTableModel::setItems(std::vector<engine::ItemRecord> items) {
    beginResetModel();
    m_items = std::move(items);
    m_search.clear();
    m_search.reserve(m_items.size());
    for (const auto &it : m_items)
        m_search.push_back(QString::fromStdString(it.externalId + " " + it.title + " " + it.categories).toLower());
    endResetModel();
}

const engine::ItemRecord *ItemTableModel::itemAt(int row) const {
    return row >= 0 && row < static_cast<int>(m_items.size()) ? &m_items[static_cast<std::size_t>(row)] : nullptr;
}

int ItemTableModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : static_cast<int>(m_items.size()); }
int ItemTableModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant ItemTableModel::data(const QModelIndex &index, int role) const {
    const auto *it = index.isValid() ? itemAt(index.row()) : nullptr;
    if (!it)
        return {};
    if (role == SearchTextRole)
        return m_search[static_cast<std::size_t>(index.row())];
    if (role == Qt::TextAlignmentRole && index.column() == InteractionsColumn)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole || role == Qt::EditRole) {
        switch (index.column()) {
        case IdColumn: return QString::fromStdString(it->externalId);
        case TitleColumn: return QString::fromStdString(it->title);
        case CategoriesColumn: return QString::fromStdString(it->categories).replace(QLatin1Char('|'), QLatin1String(", "));
        case InteractionsColumn:
            return role == Qt::EditRole ? QVariant::fromValue<qint64>(it->interactions) : QVariant(QLocale().toString(it->interactions));
        case CatalogColumn: return it->inCatalog ? tr("yes") : tr("no");
        case DescriptionColumn: return QString::fromStdString(it->description);
        }
    }
    return {};
}

QVariant ItemTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case IdColumn: return tr("Item id");
    case TitleColumn: return tr("Title");
    case CategoriesColumn: return tr("Categories");
    case InteractionsColumn: return tr("Interactions");
    case CatalogColumn: return tr("In item table");
    case DescriptionColumn: return tr("Description");
    }
    return {};
}

ItemFilterProxyModel::ItemFilterProxyModel(QObject *parent) : QSortFilterProxyModel(parent) {
    setSortRole(Qt::EditRole);
}

void ItemFilterProxyModel::setSearchText(const QString &text) {
    const auto words = text.toLower().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (words == m_words)
        return;
#if QT_VERSION >= QT_VERSION_CHECK(6, 9, 0)
    beginFilterChange();
    m_words = words;
    endFilterChange();
#else
    m_words = words;
    invalidateFilter();
#endif
}

bool ItemFilterProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const {
    if (m_words.isEmpty())
        return true;
    const QString hay = sourceModel()->index(sourceRow, 0, sourceParent).data(ItemTableModel::SearchTextRole).toString();
    for (const auto &w : m_words)
        if (!hay.contains(w))
            return false;
    return true;
}

} // namespace recscope
