// SPDX-License-Identifier: GPL-3.0-or-later
// DatasetListModel.
#include "widgets/datasets/datasetlistmodel.h"

#include <QIcon>
#include <QLocale>

namespace recscope {

DatasetListModel::DatasetListModel(QObject *parent) : QAbstractListModel(parent) {}

void DatasetListModel::setDatasets(std::vector<engine::DatasetInfo> datasets) {
    beginResetModel();
    m_datasets = std::move(datasets);
    endResetModel();
}

const engine::DatasetInfo *DatasetListModel::datasetAt(int row) const {
    return row >= 0 && row < static_cast<int>(m_datasets.size()) ? &m_datasets[static_cast<std::size_t>(row)] : nullptr;
}

int DatasetListModel::rowOfId(qint64 id) const {
    for (std::size_t i = 0; i < m_datasets.size(); ++i)
        if (m_datasets[i].id == id)
            return static_cast<int>(i);
    return -1;
}

int DatasetListModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_datasets.size());
}

QVariant DatasetListModel::data(const QModelIndex &index, int role) const {
    const auto *d = index.isValid() ? datasetAt(index.row()) : nullptr;
    if (!d)
        return {};
    const QLocale loc;
    switch (role) {
    case Qt::DisplayRole:
        return tr("%1\n%2 users · %3 items\n%4 interactions")
            .arg(QString::fromStdString(d->name), loc.toString(d->users), loc.toString(d->items), loc.toString(d->interactions));
    case Qt::ToolTipRole:
        return tr("Format: %1\nSource: %2\nImported: %3\nUser ids: %4\nFingerprint: %5")
            .arg(QString::fromStdString(d->format), QString::fromStdString(d->source), QString::fromStdString(d->createdAt),
                 describeUserIds(*d),
                 QString::fromStdString(d->fingerprint));
    case Qt::AccessibleTextRole:
    case NameRole:
        return QString::fromStdString(d->name);
    case IdRole:
        return QVariant::fromValue<qint64>(d->id);
    case UsersRole:
        return QVariant::fromValue<qint64>(d->users);
    case ItemsRole:
        return QVariant::fromValue<qint64>(d->items);
    case InteractionsRole:
        return QVariant::fromValue<qint64>(d->interactions);
    default:
        return {};
    }
}

QString DatasetListModel::describeUserIds(const engine::DatasetInfo &d) {
    if (!d.pseudonymized)
        return tr("as in the source");
    if (d.pseudonymKind == "keyed")
        return tr("pseudonymized with a key kept outside the project (key %1)").arg(QString::fromStdString(d.pseudonymKeyId));
    if (d.pseudonymKind == "stored-key")
        return tr("pseudonymized, but the key is stored in the project: anyone with the file can re-identify the users");
    return tr("pseudonymized irreversibly (the key was used once and wiped)");
}

} // namespace recscope
