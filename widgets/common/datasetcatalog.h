// SPDX-License-Identifier: GPL-3.0-or-later
// A dataset's items and users as the screens name them, read once in a worker thread and shared
// by the screens that show them (Explore's tables, Explain's lists and charts): no screen runs a
// whole-table query on the UI thread.
#pragma once

#include "engine/store/project.h"

#include <QString>

#include <memory>
#include <vector>

namespace recscope {

struct DatasetCatalog {
    qint64 datasetId = -1;
    std::vector<engine::ItemRecord> items; // by item index
    std::vector<engine::UserRecord> users; // by user index

    // Reads both through `project` (a connection of the calling thread).
    static std::shared_ptr<const DatasetCatalog> read(engine::Project &project, qint64 datasetId);
    // The item's title, or "item N" for an index the catalogue does not have.
    QString itemTitle(std::int64_t item) const;
};

using SharedCatalog = std::shared_ptr<const DatasetCatalog>;

} // namespace recscope
