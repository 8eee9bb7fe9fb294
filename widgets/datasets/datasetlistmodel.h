// SPDX-License-Identifier: GPL-3.0-or-later
// The datasets of the open project, for the Datasets dock.
#pragma once

#include "engine/store/project.h"

#include <QAbstractListModel>

#include <vector>

namespace recscope {

class DatasetListModel : public QAbstractListModel {
    Q_OBJECT
public:
    // How a dataset's user ids are stored, in words: as in the source, or which kind of pseudonym.
    static QString describeUserIds(const engine::DatasetInfo &d);

    enum Roles { IdRole = Qt::UserRole + 1, NameRole, UsersRole, ItemsRole, InteractionsRole };

    explicit DatasetListModel(QObject *parent = nullptr);

    void setDatasets(std::vector<engine::DatasetInfo> datasets);
    const engine::DatasetInfo *datasetAt(int row) const;
    int rowOfId(qint64 id) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    std::vector<engine::DatasetInfo> m_datasets;
};

} // namespace recscope
