// SPDX-License-Identifier: GPL-3.0-or-later
// The sqlite3 C API behind SqliteDb, SqliteStatement and SqliteTransaction.
#include "engine/store/sqlitedb.h"

#include "engine/core/errors.h"
#include "engine/store/cryptvfs.h"

#include <sqlite3.h>

#include <algorithm>
#include <filesystem>

namespace recscope::engine {

SqliteDb::SqliteDb(const std::string &path, Mode mode, bool encrypted) : m_path(path), m_encrypted(encrypted) {
    // URI names let VACUUM INTO pick the VFS of the file it writes (encrypting and decrypting).
    int flags = (mode == Mode::ReadOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;
    if (mode == Mode::CreateIfMissing)
        flags |= SQLITE_OPEN_CREATE;
    if (encrypted)
        cryptvfs::ensureRegistered();
    int rc = sqlite3_open_v2(path.c_str(), &m_db, flags, encrypted ? cryptvfs::kVfsName : nullptr);
    if (rc != SQLITE_OK) {
        std::string msg = m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc);
        if ((m_db ? sqlite3_extended_errcode(m_db) : rc) == SQLITE_IOERR_DATA)
            msg = "a page of the encrypted project failed its authentication check (the file is damaged or was altered)";
        sqlite3_close(m_db);
        m_db = nullptr;
        throw EngineError(ErrorKind::Project, "cannot open project file: " + msg, {path});
    }
    sqlite3_extended_result_codes(m_db, 1);
    sqlite3_busy_timeout(m_db, 5000);
    if (encrypted) {
        // A throw here skips the destructor: close the connection (and its file) first.
        try {
            // Before the first write of a new file: 4096-byte pages with 40 bytes for nonce and
            // tag. On an existing file both are already so and this changes nothing.
            int reserve = cryptvfs::kReserveBytes;
            sqlite3_file_control(m_db, "main", SQLITE_FCNTL_RESERVE_BYTES, &reserve);
            exec("PRAGMA page_size=" + std::to_string(cryptvfs::kPageSize));
            exec("PRAGMA temp_store=MEMORY");
            // A page read again from the cache is not decrypted again: opening checks the whole
            // file's integrity and the first queries then read the same pages (default: 2 MiB).
            exec("PRAGMA cache_size=-32768");
        } catch (...) {
            sqlite3_close_v2(m_db);
            m_db = nullptr;
            throw;
        }
    }
}

SqliteDb::~SqliteDb() { sqlite3_close_v2(m_db); }

bool SqliteDb::readOnly() const { return sqlite3_db_readonly(m_db, "main") == 1; }

namespace {
// SQLite waits for another writer (busy_timeout) and then gives up with SQLITE_BUSY.
constexpr const char *kBusy =
    "the project is busy: another program (or another job) is writing to it; try again when it has finished";
bool isBusy(sqlite3 *db) { return (sqlite3_extended_errcode(db) & 0xFF) == SQLITE_BUSY; }
} // namespace

void SqliteDb::fail(std::string_view what) const {
    if (isBusy(m_db))
        throw EngineError(ErrorKind::Project, kBusy, {m_path});
    if (sqlite3_extended_errcode(m_db) == SQLITE_IOERR_DATA)
        throw EngineError(ErrorKind::Project,
                          std::string(what) + ": a page of the encrypted project failed its authentication check "
                                              "(the file is damaged or was altered)",
                          {m_path});
    throw EngineError(ErrorKind::Project, std::string(what) + ": " + sqlite3_errmsg(m_db), {m_path});
}

void SqliteDb::exec(std::string_view sql) {
    char *err = nullptr;
    std::string s(sql);
    if (sqlite3_exec(m_db, s.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
        std::string msg = err ? err : "unknown error";
        sqlite3_free(err);
        if (isBusy(m_db))
            throw EngineError(ErrorKind::Project, kBusy, {m_path});
        if (sqlite3_extended_errcode(m_db) == SQLITE_IOERR_DATA)
            msg = "a page of the encrypted project failed its authentication check (the file is damaged or was altered)";
        throw EngineError(ErrorKind::Project, "SQL failed: " + msg, {m_path});
    }
}

std::optional<std::string> SqliteDb::queryText(std::string_view sql) {
    SqliteStatement st(*this, sql);
    if (st.step() && !st.isNull(0))
        return st.text(0);
    return std::nullopt;
}

std::int64_t SqliteDb::queryInt(std::string_view sql, std::int64_t fallback) {
    SqliteStatement st(*this, sql);
    if (st.step() && !st.isNull(0))
        return st.int64(0);
    return fallback;
}

std::int64_t SqliteDb::lastInsertId() const { return sqlite3_last_insert_rowid(m_db); }
int SqliteDb::changes() const { return sqlite3_changes(m_db); }

SqliteStatement::SqliteStatement(SqliteDb &db, std::string_view sql) : m_db(db) {
    if (sqlite3_prepare_v2(db.handle(), sql.data(), static_cast<int>(sql.size()), &m_stmt, nullptr) != SQLITE_OK)
        db.fail("cannot prepare '" + std::string(sql.substr(0, 60)) + "'");
}

SqliteStatement::~SqliteStatement() { sqlite3_finalize(m_stmt); }

SqliteStatement &SqliteStatement::bind(int i, std::int64_t v) {
    if (sqlite3_bind_int64(m_stmt, i, v) != SQLITE_OK)
        m_db.fail("bind");
    return *this;
}
SqliteStatement &SqliteStatement::bind(int i, double v) {
    if (sqlite3_bind_double(m_stmt, i, v) != SQLITE_OK)
        m_db.fail("bind");
    return *this;
}
SqliteStatement &SqliteStatement::bind(int i, std::string_view t) {
    if (sqlite3_bind_text(m_stmt, i, t.data(), static_cast<int>(t.size()), SQLITE_TRANSIENT) != SQLITE_OK)
        m_db.fail("bind");
    return *this;
}
SqliteStatement &SqliteStatement::bindBlob(int i, const void *d, std::size_t n) {
    if (sqlite3_bind_blob64(m_stmt, i, d, n, SQLITE_TRANSIENT) != SQLITE_OK)
        m_db.fail("bind");
    return *this;
}
SqliteStatement &SqliteStatement::bindNull(int i) {
    if (sqlite3_bind_null(m_stmt, i) != SQLITE_OK)
        m_db.fail("bind");
    return *this;
}

bool SqliteStatement::step() {
    int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    m_db.fail("step");
}

void SqliteStatement::exec() {
    while (step()) {
    }
    reset();
}

void SqliteStatement::reset() {
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

bool SqliteStatement::isNull(int c) const { return sqlite3_column_type(m_stmt, c) == SQLITE_NULL; }
std::int64_t SqliteStatement::int64(int c) const { return sqlite3_column_int64(m_stmt, c); }
double SqliteStatement::real(int c) const { return sqlite3_column_double(m_stmt, c); }
std::string SqliteStatement::text(int c) const {
    auto p = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, c));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, c))) : std::string();
}
std::vector<unsigned char> SqliteStatement::blob(int c) const {
    auto p = static_cast<const unsigned char *>(sqlite3_column_blob(m_stmt, c));
    int n = sqlite3_column_bytes(m_stmt, c);
    return p ? std::vector<unsigned char>(p, p + n) : std::vector<unsigned char>();
}

SqliteTransaction::SqliteTransaction(SqliteDb &db) : m_db(db) { m_db.exec("BEGIN IMMEDIATE"); }
SqliteTransaction::~SqliteTransaction() {
    if (!m_done) {
        try {
            m_db.exec("ROLLBACK");
        } catch (...) {
        }
    }
}
void SqliteTransaction::commit() {
    m_db.exec("COMMIT");
    m_done = true;
}

std::optional<std::vector<unsigned char>> readDatabaseStart(const std::string &path, std::size_t bytes) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        return std::nullopt;
    sqlite3_vfs *vfs = sqlite3_vfs_find(nullptr);
    std::vector<char> handle(static_cast<std::size_t>(vfs->szOsFile));
    auto *file = reinterpret_cast<sqlite3_file *>(handle.data());
    int flags = 0;
    if (vfs->xOpen(vfs, path.c_str(), file, SQLITE_OPEN_READONLY | SQLITE_OPEN_MAIN_DB, &flags) != SQLITE_OK)
        return std::nullopt;
    std::vector<unsigned char> out(bytes);
    sqlite3_int64 size = 0;
    bool read = file->pMethods->xFileSize(file, &size) == SQLITE_OK;
    if (read && size > 0 && bytes > 0) {
        const int rc = file->pMethods->xRead(file, out.data(), static_cast<int>(bytes), 0);
        read = rc == SQLITE_OK || rc == SQLITE_IOERR_SHORT_READ;
    }
    file->pMethods->xClose(file);
    if (!read)
        return std::nullopt;
    out.resize(static_cast<std::size_t>(std::min<sqlite3_int64>(size, static_cast<sqlite3_int64>(bytes))));
    return out;
}

} // namespace recscope::engine
