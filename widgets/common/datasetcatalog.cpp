// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/common/datasetcatalog.h"

#include <QCoreApplication>

namespace recscope {

std::shared_ptr<const DatasetCatalog> DatasetCatalog::read(engine::Project &project, qint64 datasetId) {
    auto c = std::make_shared<DatasetCatalog>();
    c->datasetId = datasetId;
    c->items = project.items(datasetId);
    c->users = project.users(datasetId);
    return c;
}

QString DatasetCatalog::itemTitle(std::int64_t item) const {
    if (item >= 0 && item < static_cast<std::int64_t>(items.size()))
        return QString::fromStdString(items[static_cast<std::size_t>(item)].title);
    return QCoreApplication::translate("recscope::DatasetCatalog", "item %1").arg(item);
}

} // namespace recscope
