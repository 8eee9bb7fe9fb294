// SPDX-License-Identifier: GPL-3.0-or-later
// UserTableModel and TimelineModel.
#include "widgets/datasets/usertablemodel.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

namespace recscope {

UserTableModel::UserTableModel(QObject *parent) : QAbstractTableModel(parent) {}

void UserTableModel::setUsers(std::vector<engine::UserRecord> users) {
    beginResetModel();
    m_users = std::move(users);
    m_attributes.clear();
    for (const auto &u : m_users) {
        const auto obj = QJsonDocument::fromJson(QByteArray::fromStdString(u.attributesJson)).object();
        QStringList parts;
        for (auto it = obj.begin(); it != obj.end(); ++it)
            parts << QStringLiteral("%1: %2").arg(it.key(), it.value().toVariant().toString());
        m_attributes.push_back(parts.join(QLatin1String(", ")));
    }
    endResetModel();
}

const engine::UserRecord *UserTableModel::userAt(int row) const {
    return row >= 0 && row < static_cast<int>(m_users.size()) ? &m_users[static_cast<std::size_t>(row)] : nullptr;
}

int UserTableModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : static_cast<int>(m_users.size()); }
int UserTableModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant UserTableModel::data(const QModelIndex &index, int role) const {
    const auto *u = index.isValid() ? userAt(index.row()) : nullptr;
    if (!u)
        return {};
    if (role == Qt::TextAlignmentRole && index.column() == InteractionsColumn)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::DisplayRole || role == Qt::EditRole || role == Qt::ToolTipRole) {
        switch (index.column()) {
        case IdColumn: return QString::fromStdString(u->externalId);
        case InteractionsColumn:
            return role == Qt::EditRole ? QVariant::fromValue<qint64>(u->interactions) : QVariant(QLocale().toString(u->interactions));
        case AttributesColumn: return m_attributes[static_cast<std::size_t>(index.row())];
        }
    }
    return {};
}

QVariant UserTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case IdColumn: return tr("User id");
    case InteractionsColumn: return tr("History length");
    case AttributesColumn: return tr("Attributes");
    }
    return {};
}

TimelineModel::TimelineModel(QObject *parent) : QAbstractTableModel(parent) {}

void TimelineModel::setTimeline(std::vector<engine::TimelineEntry> entries) {
    beginResetModel();
    m_entries = std::move(entries);
    endResetModel();
}

int TimelineModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : static_cast<int>(m_entries.size()); }
int TimelineModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant TimelineModel::data(const QModelIndex &index, int role) const {
    if (!index.isValid() || (role != Qt::DisplayRole && role != Qt::ToolTipRole))
        return {};
    const auto &e = m_entries[static_cast<std::size_t>(index.row())];
    switch (index.column()) {
    case PositionColumn: return QString::number(e.position + 1);
    case TimeColumn:
        if (e.timestamp == engine::kNoTimestamp)
            return tr("(order only)");
        return QLocale().toString(QDateTime::fromSecsSinceEpoch(e.timestamp, Qt::UTC), QLocale::ShortFormat);
    case ItemColumn: return QString::fromStdString(e.itemExternalId);
    case TitleColumn: return e.title.empty() ? tr("(no title)") : QString::fromStdString(e.title);
    case RatingColumn: return e.rating ? QLocale().toString(*e.rating, 'g', 3) : QString();
    }
    return {};
}

QVariant TimelineModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case PositionColumn: return tr("#");
    case TimeColumn: return tr("Time (UTC)");
    case ItemColumn: return tr("Item id");
    case TitleColumn: return tr("Title");
    case RatingColumn: return tr("Rating");
    }
    return {};
}

} // namespace recscope
