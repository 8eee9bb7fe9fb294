// SPDX-License-Identifier: GPL-3.0-or-later
// SASRec's sequence files: one `user item` pair per line, in order.
#include "engine/data/formats/formats.h"

#include "engine/core/errors.h"

#include <filesystem>

namespace fs = std::filesystem;

namespace recscope::engine::formats {


void readSasrec(Reader &r) {
    // `user item` per line in time order: the line order is the order of events.
    readSplitInteractions(r, r.req.path, "", {0, 1, -1, -1}, r.req.encoding);
    if (!r.req.itemsPath.empty())
        readItemTable(r, r.req.itemsPath);
    if (!r.req.usersPath.empty() && !r.previewing())
        readUserTable(r, r.req.usersPath);
}

} // namespace recscope::engine::formats
