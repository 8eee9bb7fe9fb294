// SPDX-License-Identifier: GPL-3.0-or-later
// A thin RAII layer over the sqlite3 C API: one connection, prepared statements, transactions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace recscope::engine {

class SqliteDb;

// The first `bytes` bytes of a database file (fewer for a shorter file), or nullopt where it
// cannot be read. Read through SQLite's own file layer, never a descriptor of our own: closing
// another descriptor of a database file drops every POSIX lock this process holds on it, and a
// process beside this one (a data-parallel rank) could then take the database for unused and
// reset its WAL under our open connections. SQLite keeps such a close until its locks go.
std::optional<std::vector<unsigned char>> readDatabaseStart(const std::string &path, std::size_t bytes);

// A prepared statement. Bind indices start at 1, column indices at 0. Not thread-safe: a
// statement belongs to the thread of its connection.
class SqliteStatement {
public:
    SqliteStatement(SqliteDb &db, std::string_view sql);
    ~SqliteStatement();
    SqliteStatement(const SqliteStatement &) = delete;
    SqliteStatement &operator=(const SqliteStatement &) = delete;

    SqliteStatement &bind(int index, std::int64_t value);
    SqliteStatement &bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    SqliteStatement &bind(int index, double value);
    SqliteStatement &bind(int index, std::string_view text);
    SqliteStatement &bind(int index, const char *text) { return bind(index, std::string_view(text)); }
    SqliteStatement &bind(int index, const std::string &text) { return bind(index, std::string_view(text)); }
    SqliteStatement &bindBlob(int index, const void *data, std::size_t size);
    SqliteStatement &bindNull(int index);

    // Returns true while a row is available.
    bool step();
    // Runs to completion, ignoring rows; then resets for reuse.
    void exec();
    void reset();

    bool isNull(int column) const;
    std::int64_t int64(int column) const;
    double real(int column) const;
    std::string text(int column) const;
    std::vector<unsigned char> blob(int column) const;

private:
    SqliteDb &m_db;
    sqlite3_stmt *m_stmt = nullptr;
};

// One sqlite3 connection. Throws EngineError(Project) on failure. Open one per thread.
class SqliteDb {
public:
    enum class Mode { OpenExisting, CreateIfMissing, ReadOnly };
    // `encrypted`: through the encrypting VFS (engine/store/cryptvfs.h), whose key for `path` must
    // be set; temporary tables and indices then stay in memory, and a new file gets room for the
    // nonce and tag in every page.
    SqliteDb(const std::string &path, Mode mode, bool encrypted = false);
    ~SqliteDb();
    SqliteDb(const SqliteDb &) = delete;
    SqliteDb &operator=(const SqliteDb &) = delete;

    void exec(std::string_view sql);
    std::optional<std::string> queryText(std::string_view sql);
    std::int64_t queryInt(std::string_view sql, std::int64_t fallback = 0);
    std::int64_t lastInsertId() const;
    int changes() const;
    const std::string &path() const { return m_path; }
    bool encrypted() const { return m_encrypted; }
    bool readOnly() const;
    sqlite3 *handle() const { return m_db; }

    [[noreturn]] void fail(std::string_view what) const;

private:
    sqlite3 *m_db = nullptr;
    std::string m_path;
    bool m_encrypted = false;
};

// BEGIN IMMEDIATE on construction, ROLLBACK on destruction unless commit() was called. Keeps
// the all-or-nothing promise of imports: a throw anywhere leaves the file as it was.
class SqliteTransaction {
public:
    explicit SqliteTransaction(SqliteDb &db);
    ~SqliteTransaction();
    SqliteTransaction(const SqliteTransaction &) = delete;
    SqliteTransaction &operator=(const SqliteTransaction &) = delete;
    void commit();

private:
    SqliteDb &m_db;
    bool m_done = false;
};

} // namespace recscope::engine
