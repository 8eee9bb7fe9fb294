// SPDX-License-Identifier: GPL-3.0-or-later
// Datasets for engine tests: the demo project (planted sequential rules the models can learn),
// or a draft a test built by hand.
#pragma once

#include "engine/data/datasetdraft.h"
#include "engine/data/demogenerator.h"
#include "engine/core/progress.h"
#include "engine/store/project.h"

#include <QTemporaryDir>

#include <memory>

namespace recscope::test {

// Writes a demo project `file` in `dir` with histories of 20 to 40 items, opens it into
// `project` and returns its dataset id.
inline std::int64_t writeDemo(const QTemporaryDir &dir, const QString &file, int users, int items, int rules,
                              std::unique_ptr<engine::Project> &project) {
    const auto path = dir.filePath(file).toStdString();
    engine::DemoOptions o;
    o.users = users;
    o.items = items;
    o.rules = rules;
    o.minHistory = 20;
    o.maxHistory = 40;
    engine::NullProgress none;
    const auto dataset = engine::writeDemoProject(path, none, o);
    project = engine::Project::open(path);
    return dataset;
}

// Sorts and compacts a hand-built draft (catalog-only items kept) and stores it as dataset
// `name` of format "test"; returns its id.
inline std::int64_t storeDraft(engine::Project &project, engine::DatasetDraft &draft, const std::string &name) {
    draft.sortByUserAndTime();
    draft.compact(true);
    engine::DatasetMeta meta;
    meta.name = name;
    meta.format = "test";
    engine::NullProgress none;
    return engine::writeDataset(project, draft, meta, none);
}

} // namespace recscope::test
