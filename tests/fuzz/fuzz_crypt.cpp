// SPDX-License-Identifier: GPL-3.0-or-later
// An encrypted project file (and, after the cut, its WAL) read through the encrypting VFS: the
// header parser, the page and frame layout, authentication failures, short and odd-sized files.
#include "cryptkey.h"
#include "fuzzsupport.h"

#include "engine/store/cryptvfs.h"
#include "engine/store/sqlitedb.h"

using namespace recscope;
namespace vfs = engine::cryptvfs;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    const auto files = fuzz::parts(data, size, 2);
    fuzz::Scratch s;
    const auto path = s.write("p.recscope", files[0]);
    if (files.size() > 1)
        s.write("p.recscope-wal", files[1]);
    fuzz::refusalsOnly([&] {
        const auto header = vfs::Header::parse(reinterpret_cast<const unsigned char *>(files[0].data()), files[0].size(), path);
        if (!header)
            return;
        const auto name = vfs::canonicalPath(path);
        vfs::setKey(name, fuzz::fixedKey(*header));
        try {
            engine::SqliteDb db(path, engine::SqliteDb::Mode::OpenExisting, true);
            db.queryText("PRAGMA integrity_check");
            db.queryInt("SELECT count(*) FROM sqlite_master");
            db.queryText("SELECT group_concat(name) FROM sqlite_master");
        } catch (...) {
            vfs::removeKey(name);
            throw;
        }
        vfs::removeKey(name);
    });
    return 0;
}
