// SPDX-License-Identifier: GPL-3.0-or-later
// A demo project for engine tests: planted sequential rules the models can learn.
#pragma once

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

} // namespace recscope::test
