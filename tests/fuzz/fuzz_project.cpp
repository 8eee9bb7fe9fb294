// SPDX-License-Identifier: GPL-3.0-or-later
// Opening a damaged project file: the header checks, the integrity check, migrations, and the
// queries the workbench runs first (datasets, their items and users, a timeline, the runs).
#include "fuzzsupport.h"

#include "engine/store/project.h"
#include "engine/store/runstore.h"

using namespace recscope;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    fuzz::Scratch s;
    const auto path = s.write("p.recscope", std::string_view(reinterpret_cast<const char *>(data), size));
    fuzz::refusalsOnly([&] {
        auto p = engine::Project::open(path);
        for (const auto &d : p->datasets()) {
            p->items(d.id);
            p->users(d.id);
            p->timeline(d.id, 0);
            p->interactions(d.id);
        }
        engine::RunStore runs(*p);
        for (const auto &run : runs.runs())
            runs.epochs(run.id);
    });
    return 0;
}
