// SPDX-License-Identifier: GPL-3.0-or-later
// Writes the encrypted-file fuzz target's seed: a small project encrypted with its fixed key.
// usage: make_crypt_seed OUT
#include "cryptkey.h"

#include "engine/store/sqlitedb.h"

#include <sodium.h>

#include <cstdio>

using namespace recscope;
namespace vfs = engine::cryptvfs;

int main(int argc, char **argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: make_crypt_seed OUT\n");
        return 2;
    }
    vfs::Header h;
    h.kdfAlgorithm = crypto_pwhash_ALG_ARGON2ID13;
    h.opsLimit = crypto_pwhash_OPSLIMIT_MIN;
    h.memLimit = crypto_pwhash_MEMLIMIT_MIN;
    vfs::setKey(vfs::canonicalPath(argv[1]), fuzz::fixedKey(h));
    engine::SqliteDb db(argv[1], engine::SqliteDb::Mode::CreateIfMissing, true);
    db.exec("PRAGMA journal_mode=WAL");
    db.exec("CREATE TABLE items(id INTEGER PRIMARY KEY, title TEXT); CREATE INDEX by_title ON items(title)");
    for (int i = 0; i < 60; ++i)
        db.exec("INSERT INTO items(title) VALUES('film number " + std::to_string(i) + " " + std::string(static_cast<std::size_t>(i * 7), 'x') + "')");
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    return 0;
}
