// SPDX-License-Identifier: GPL-3.0-or-later
// Project file: opening, schema migrations and dataset queries.
#include "engine/store/project.h"

#include "engine/core/clock.h"
#include "engine/core/errors.h"
#include "engine/core/runtime.h"
#include "engine/core/utf8.h"
#include "engine/store/encryption.h"
#include "engine/store/sqlitedb.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>
#include <unordered_map>

namespace recscope::engine {

namespace {

// Forward migrations: entry i takes a file from schema version i to i + 1. Append, never edit.
const char *const kMigrations[] = {
    // 0 -> 1: datasets with their users, items and interactions.
    R"SQL(
CREATE TABLE meta(key TEXT PRIMARY KEY, value BLOB) WITHOUT ROWID;
CREATE TABLE datasets(
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    format TEXT NOT NULL,
    source TEXT NOT NULL,
    created_at TEXT NOT NULL,
    n_users INTEGER NOT NULL,
    n_items INTEGER NOT NULL,
    n_interactions INTEGER NOT NULL,
    pseudonymized INTEGER NOT NULL DEFAULT 0,
    has_ratings INTEGER NOT NULL DEFAULT 0,
    has_timestamps INTEGER NOT NULL DEFAULT 0,
    fingerprint TEXT NOT NULL DEFAULT '',
    options_json TEXT NOT NULL DEFAULT '{}',
    report_json TEXT NOT NULL DEFAULT '{}',
    parent_id INTEGER REFERENCES datasets(id) ON DELETE SET NULL
);
CREATE TABLE users(
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    ext_id TEXT NOT NULL,
    attrs_json TEXT NOT NULL DEFAULT '{}',
    n_interactions INTEGER NOT NULL,
    PRIMARY KEY(dataset_id, idx)
) WITHOUT ROWID;
CREATE TABLE items(
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    ext_id TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    categories TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    in_catalog INTEGER NOT NULL DEFAULT 0,
    n_interactions INTEGER NOT NULL,
    PRIMARY KEY(dataset_id, idx)
) WITHOUT ROWID;
-- One row per user: the whole history in time order, as little-endian arrays. Recommenders
-- read sequences, and O(users) rows keep imports and loads fast (ML-1M: 6,040 rows, not 1M).
CREATE TABLE sequences(
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    user_idx INTEGER NOT NULL,
    length INTEGER NOT NULL,
    items BLOB NOT NULL,      -- int32 item indices
    ratings BLOB,             -- float32, NaN = none; NULL when the dataset has no ratings
    timestamps BLOB,          -- int64 Unix seconds, INT64_MIN = none; NULL when it has no times
    UNIQUE(dataset_id, user_idx)
);
CREATE TABLE planted_rules(
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    trigger_idx INTEGER NOT NULL,
    target_idx INTEGER NOT NULL,
    probability REAL NOT NULL,
    PRIMARY KEY(dataset_id, trigger_idx, target_idx)
) WITHOUT ROWID;
)SQL",
    // 1 -> 2: training runs, their per-epoch curves and checkpoints.
    R"SQL(
CREATE TABLE runs(
    id INTEGER PRIMARY KEY,
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    model TEXT NOT NULL,
    config_json TEXT NOT NULL,
    status TEXT NOT NULL,          -- queued, running, finished, cancelled, failed, interrupted
    message TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    finished_at TEXT,
    seconds REAL NOT NULL DEFAULT 0,
    best_epoch INTEGER,
    epochs_done INTEGER NOT NULL DEFAULT 0,
    metrics_json TEXT NOT NULL DEFAULT '{}',
    parent_run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL
);
CREATE TABLE run_epochs(
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    epoch INTEGER NOT NULL,
    train_loss REAL,
    valid_loss REAL,
    valid_ndcg10 REAL,
    valid_hr10 REAL,
    seconds REAL NOT NULL,
    PRIMARY KEY(run_id, epoch)
) WITHOUT ROWID;
CREATE TABLE checkpoints(
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,            -- best, last
    epoch INTEGER NOT NULL,
    state BLOB NOT NULL,           -- the model as written by torch::save
    checksum TEXT NOT NULL,        -- xxh3-64 of state, hex
    PRIMARY KEY(run_id, kind)
);
)SQL",
    // 2 -> 3: evaluations of runs under a named protocol, with per-user values.
    R"SQL(
CREATE TABLE evaluations(
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    protocol TEXT NOT NULL,            -- loo-full, loo-sampled-uniform-100, ...
    ks TEXT NOT NULL,                  -- "5,10,20"
    seed INTEGER NOT NULL,             -- negative sampling
    dataset_fingerprint TEXT NOT NULL, -- the dataset measured (datasets.fingerprint then)
    created_at TEXT NOT NULL,
    seconds REAL NOT NULL,
    metrics_json TEXT NOT NULL,        -- names, mean values, notes, per_user (names of the matrix rows)
    users BLOB NOT NULL,               -- int32 user indices, one per case
    per_user BLOB NOT NULL             -- float32 [per_user metric][case]
);
CREATE INDEX evaluations_by_run ON evaluations(run_id);
)SQL",
    // 3 -> 4: what a run costs to use (recscope-cli profile, the efficiency lab).
    R"SQL(
CREATE TABLE run_profiles(
    run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
    measured_at TEXT NOT NULL,
    profile_json TEXT NOT NULL     -- parameters, bytes, flops, latency, throughput, threads
);
)SQL",
    // 4 -> 5: the privacy budget spent by each epoch of a DP-SGD run.
    R"SQL(
ALTER TABLE run_epochs ADD COLUMN epsilon REAL;
)SQL",
    // 5 -> 6: the process training a run in its own column; the message (shown to people) held
    // "pid N" before.
    R"SQL(
ALTER TABLE runs ADD COLUMN owner_pid INTEGER;
UPDATE runs SET owner_pid = CAST(substr(message, 5) AS INTEGER), message = ''
 WHERE status = 'running' AND message LIKE 'pid %';
)SQL",
    // 6 -> 7: hyperparameter sweeps and their trials (each trial is a run).
    R"SQL(
CREATE TABLE sweeps(
    id INTEGER PRIMARY KEY,
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    request_json TEXT NOT NULL,    -- model, fixed and varied settings, strategy, budget, halving
    created_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL,          -- running, finished, cancelled, failed
    message TEXT,                  -- why trials were left out (budget)
    seconds REAL
);
CREATE TABLE sweep_trials(
    sweep_id INTEGER NOT NULL REFERENCES sweeps(id) ON DELETE CASCADE,
    trial INTEGER NOT NULL,
    run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
    trial_json TEXT NOT NULL,      -- settings, status, epochs, validation and test NDCG@10, seconds
    PRIMARY KEY(sweep_id, trial)
);
)SQL",
    // 7 -> 8: item text read by pretrained encoders, per dataset.
    R"SQL(
CREATE TABLE encoder_cache(
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    key TEXT NOT NULL,             -- the encoder's fingerprint, the text length, the layers run
    created_at TEXT NOT NULL,
    state BLOB NOT NULL,           -- tensors as written by torch::save
    PRIMARY KEY(dataset_id, key)
);
)SQL",
    // 8 -> 9: pseudonym keys leave the project. Each dataset says how its ids were replaced; those
    // made with the key stored beside them are marked, so that opening such a project can offer to
    // move the key out or destroy it.
    R"SQL(
ALTER TABLE datasets ADD COLUMN pseudonym_kind TEXT NOT NULL DEFAULT '';
ALTER TABLE datasets ADD COLUMN pseudonym_key_id TEXT NOT NULL DEFAULT '';
UPDATE datasets SET pseudonym_kind = 'stored-key'
 WHERE pseudonymized = 1 AND EXISTS (SELECT 1 FROM meta WHERE key = 'pseudonym_key');
UPDATE datasets SET pseudonym_kind = 'irreversible' WHERE pseudonymized = 1 AND pseudonym_kind = '';
)SQL",
};
constexpr int kMigrationCount = sizeof(kMigrations) / sizeof(kMigrations[0]);
static_assert(kMigrationCount == Project::kSchemaVersion);

bool looksLikeSqlite(const std::string &path) {
    const auto header = readDatabaseStart(path, 16);
    return header && header->size() == 16 && std::memcmp(header->data(), "SQLite format 3", 16) == 0;
}

DatasetInfo readDataset(SqliteStatement &st) {
    DatasetInfo d;
    d.id = st.int64(0);
    d.name = st.text(1);
    d.format = st.text(2);
    d.source = st.text(3);
    d.createdAt = st.text(4);
    d.users = st.int64(5);
    d.items = st.int64(6);
    d.interactions = st.int64(7);
    d.pseudonymized = st.int64(8) != 0;
    d.hasRatings = st.int64(9) != 0;
    d.hasTimestamps = st.int64(10) != 0;
    d.fingerprint = st.text(11);
    d.optionsJson = st.text(12);
    d.reportJson = st.text(13);
    if (!st.isNull(14))
        d.parentId = st.int64(14);
    d.pseudonymKind = st.text(15);
    d.pseudonymKeyId = st.text(16);
    return d;
}

constexpr const char *kDatasetColumns =
    "SELECT id, name, format, source, created_at, n_users, n_items, n_interactions, pseudonymized, "
    "has_ratings, has_timestamps, fingerprint, options_json, report_json, parent_id, pseudonym_kind, pseudonym_key_id "
    "FROM datasets ";

} // namespace

std::optional<std::int64_t> parseId(const std::string &text) {
    char *end = nullptr;
    const long long id = std::strtoll(text.c_str(), &end, 10);
    if (text.empty() || !end || *end != '\0')
        return std::nullopt;
    return id;
}

Project::Project(std::unique_ptr<SqliteDb> db) : m_db(std::move(db)) {}
Project::~Project() = default;

namespace {

// The checks before any opening: a file that is there, a database, unlocked when encrypted.
bool checkOpenable(const std::string &path) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        throw EngineError(ErrorKind::Project, "no such project file", {path});
    if (std::filesystem::is_directory(path, ec))
        throw EngineError(ErrorKind::Project, "this is a folder, not a project file", {path});
    const bool encrypted = isEncryptedProjectFile(path);
    if (!encrypted && !looksLikeSqlite(path))
        throw EngineError(ErrorKind::Project, "not a RecScope project (the file is not an SQLite database)", {path});
    if (encrypted)
        detail::requireUnlocked(path);
    return encrypted;
}

} // namespace

std::unique_ptr<Project> Project::open(const std::string &path) {
    const bool encrypted = checkOpenable(path);
    std::unique_ptr<Project> p(new Project(std::make_unique<SqliteDb>(path, SqliteDb::Mode::OpenExisting, encrypted)));
    p->prepare(Access::Open);
    return p;
}

std::unique_ptr<Project> Project::openReadOnly(const std::string &path, std::chrono::milliseconds waitForUpgrade) {
    const auto deadline = std::chrono::steady_clock::now() + waitForUpgrade;
    for (;;) {
        const bool encrypted = checkOpenable(path);
        std::unique_ptr<Project> p(new Project(std::make_unique<SqliteDb>(path, SqliteDb::Mode::ReadOnly, encrypted)));
        const int version = p->prepare(Access::Read);
        if (version == kSchemaVersion)
            return p;
        if (std::chrono::steady_clock::now() >= deadline)
            throw EngineError(ErrorKind::Project,
                              "the project has schema " + std::to_string(version) + ", older than this build's " + std::to_string(kSchemaVersion) +
                                  ", and cannot be upgraded while opened for reading only: open it once with the workbench or recscope-cli "
                                  "(rank 0 of a data-parallel run upgrades it)",
                              {path});
        p.reset();
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
}

std::unique_ptr<Project> Project::openOrCreate(const std::string &path) {
    std::error_code ec;
    if (std::filesystem::exists(path, ec) && std::filesystem::file_size(path, ec) > 0)
        return open(path);
    const bool encrypted = detail::prepareNewEncrypted(path);
    std::unique_ptr<Project> p(new Project(std::make_unique<SqliteDb>(path, SqliteDb::Mode::CreateIfMissing, encrypted)));
    p->prepare(Access::Create);
    return p;
}

int Project::prepare(Access access) {
    const bool allowCreate = access == Access::Create;
    SqliteDb &db = *m_db;
    const std::string &path = db.path();
    std::int64_t appId = 0, version = 0, tables = 0;
    try {
        appId = db.queryInt("PRAGMA application_id");
        version = db.queryInt("PRAGMA user_version");
        tables = db.queryInt("SELECT count(*) FROM sqlite_master");
    } catch (const EngineError &e) {
        throw EngineError(ErrorKind::Project, "the project file is damaged (" + e.message() + ")", {path});
    }
    const bool fresh = tables == 0 && appId == 0;
    if (fresh && !allowCreate)
        throw EngineError(ErrorKind::Project, "not a RecScope project (an empty database)", {path});
    if (!fresh && appId != kApplicationId)
        throw EngineError(ErrorKind::Project,
                          "not a RecScope project (an SQLite database made by another program)", {path});
    if (version < 0) // user_version is any 32-bit number; no RecScope writes one below 0
        throw EngineError(ErrorKind::Project, "the project file is damaged (schema version " + std::to_string(version) + ")", {path});
    if (version > kSchemaVersion)
        throw EngineError(ErrorKind::Project,
                          "the project was written by a newer RecScope (schema " + std::to_string(version) +
                              ", this build reads up to " + std::to_string(kSchemaVersion) + ")",
                          {path});
    if (!fresh) {
        auto check = db.queryText("PRAGMA integrity_check(5)");
        if (!check || *check != "ok")
            throw EngineError(ErrorKind::Project,
                              "the project file is damaged (integrity check: " + check.value_or("no answer") + ")",
                              {path});
    }

    if (access == Access::Read) {
        db.exec("PRAGMA foreign_keys=ON");
        m_schemaVersion = static_cast<int>(version);
        return m_schemaVersion;
    }
    db.exec("PRAGMA journal_mode=WAL");
    db.exec("PRAGMA synchronous=NORMAL");
    db.exec("PRAGMA foreign_keys=ON");

    if (version < kSchemaVersion) {
        SqliteTransaction tx(db);
        for (int v = static_cast<int>(version); v < kSchemaVersion; ++v)
            db.exec(kMigrations[v]);
        db.exec("PRAGMA application_id=" + std::to_string(kApplicationId));
        db.exec("PRAGMA user_version=" + std::to_string(kSchemaVersion));
        tx.commit();
    }
    m_schemaVersion = kSchemaVersion;
    // Projects made before schema 9 held a pseudonym key even when no dataset used it: such a key
    // protects nothing and only waits to be misused, so it goes without asking.
    if (hasStoredPseudonymKey() &&
        db.queryInt("SELECT count(*) FROM datasets WHERE pseudonym_kind = 'stored-key'") == 0)
        removeStoredPseudonymKey("irreversible", "");
    return m_schemaVersion;
}

const std::string &Project::path() const { return m_db->path(); }
bool Project::encrypted() const { return m_db->encrypted(); }
bool Project::readOnly() const { return m_db->readOnly(); }
int Project::schemaVersion() const { return m_schemaVersion; }
SqliteDb &Project::db() { return *m_db; }

std::vector<DatasetInfo> Project::datasets() {
    std::vector<DatasetInfo> out;
    SqliteStatement st(*m_db, std::string(kDatasetColumns) + "ORDER BY id");
    while (st.step())
        out.push_back(readDataset(st));
    return out;
}

std::optional<DatasetInfo> Project::dataset(std::int64_t id) {
    SqliteStatement st(*m_db, std::string(kDatasetColumns) + "WHERE id = ?");
    st.bind(1, id);
    if (st.step())
        return readDataset(st);
    return std::nullopt;
}

std::optional<DatasetInfo> Project::datasetByName(const std::string &name) {
    SqliteStatement st(*m_db, std::string(kDatasetColumns) + "WHERE name = ?");
    st.bind(1, name);
    if (st.step())
        return readDataset(st);
    return std::nullopt;
}

DatasetInfo Project::requireDataset(const std::string &nameOrId) {
    if (auto d = datasetByName(nameOrId))
        return *d;
    if (const auto id = parseId(nameOrId))
        if (auto d = dataset(*id))
            return *d;
    std::string names;
    for (const auto &d : datasets())
        names += (names.empty() ? "" : ", ") + d.name;
    throw EngineError(ErrorKind::Usage, "no dataset named '" + nameOrId + "' in the project" +
                                            (names.empty() ? " (it has none)" : " (it has: " + names + ")"));
}

bool Project::hasDatasetNamed(const std::string &name) { return datasetByName(name).has_value(); }

std::string Project::uniqueDatasetName(const std::string &base) {
    if (!hasDatasetNamed(base))
        return base;
    for (int i = 2;; ++i) {
        std::string n = base + " (" + std::to_string(i) + ")";
        if (!hasDatasetNamed(n))
            return n;
    }
}

void Project::renameDataset(std::int64_t id, const std::string &newName) {
    if (newName.empty())
        throw EngineError(ErrorKind::Usage, "a dataset name cannot be empty");
    requireUtf8Name(newName, "the dataset name");
    if (auto other = datasetByName(newName); other && other->id != id)
        throw EngineError(ErrorKind::Usage, "a dataset named '" + newName + "' already exists");
    SqliteStatement st(*m_db, "UPDATE datasets SET name = ? WHERE id = ?");
    st.bind(1, newName).bind(2, id).exec();
}

std::optional<std::string> Project::encoderCache(std::int64_t datasetId, const std::string &key) {
    SqliteStatement st(*m_db, "SELECT state FROM encoder_cache WHERE dataset_id = ? AND key = ?");
    st.bind(1, datasetId).bind(2, key);
    if (!st.step())
        return std::nullopt;
    const auto bytes = st.blob(0);
    return std::string(bytes.begin(), bytes.end());
}

void Project::saveEncoderCache(std::int64_t datasetId, const std::string &key, const std::string &state) {
    SqliteStatement st(*m_db, "INSERT OR REPLACE INTO encoder_cache(dataset_id, key, created_at, state) VALUES(?,?,?,?)");
    st.bind(1, datasetId).bind(2, key).bind(3, utcTimestamp()).bindBlob(4, state.data(), state.size()).exec();
}

void Project::deleteDataset(std::int64_t id) {
    SqliteTransaction tx(*m_db);
    SqliteStatement st(*m_db, "DELETE FROM datasets WHERE id = ?");
    st.bind(1, id).exec();
    tx.commit();
}

std::vector<ItemRecord> Project::items(std::int64_t datasetId) {
    std::vector<ItemRecord> out;
    SqliteStatement st(*m_db, "SELECT idx, ext_id, title, categories, description, in_catalog, n_interactions "
                              "FROM items WHERE dataset_id = ? ORDER BY idx");
    st.bind(1, datasetId);
    while (st.step()) {
        ItemRecord r;
        r.index = st.int64(0);
        r.externalId = st.text(1);
        r.title = st.text(2);
        r.categories = st.text(3);
        r.description = st.text(4);
        r.inCatalog = st.int64(5) != 0;
        r.interactions = st.int64(6);
        out.push_back(std::move(r));
    }
    return out;
}

std::vector<UserRecord> Project::users(std::int64_t datasetId) {
    std::vector<UserRecord> out;
    SqliteStatement st(*m_db, "SELECT idx, ext_id, attrs_json, n_interactions FROM users "
                              "WHERE dataset_id = ? ORDER BY idx");
    st.bind(1, datasetId);
    while (st.step())
        out.push_back({st.int64(0), st.text(1), st.text(2), st.int64(3)});
    return out;
}

namespace {
template <typename T>
void appendBlob(const SqliteStatement &st, int column, std::vector<T> &out, std::size_t n, T fallback) {
    const auto bytes = st.blob(column);
    const std::size_t have = bytes.size() / sizeof(T);
    const std::size_t at = out.size();
    out.resize(at + n, fallback);
    if (const std::size_t copied = std::min(have, n); copied > 0) // a NULL column has no bytes (memcpy from null is UB)
        std::memcpy(out.data() + at, bytes.data(), copied * sizeof(T));
}
} // namespace

std::vector<TimelineEntry> Project::timeline(std::int64_t datasetId, std::int64_t userIndex) {
    std::vector<TimelineEntry> out;
    SqliteStatement st(*m_db, "SELECT length, items, ratings, timestamps FROM sequences WHERE dataset_id = ? AND user_idx = ?");
    st.bind(1, datasetId).bind(2, userIndex);
    if (!st.step())
        return out;
    const auto n = static_cast<std::size_t>(st.int64(0));
    std::vector<std::int32_t> items;
    std::vector<float> ratings;
    std::vector<std::int64_t> times;
    appendBlob(st, 1, items, n, std::int32_t{0});
    appendBlob(st, 2, ratings, n, std::nanf(""));
    appendBlob(st, 3, times, n, kNoTimestamp);
    // The history's items in one query (the indices as a JSON array), not one query per item.
    std::string list = "[";
    for (std::size_t i = 0; i < n; ++i)
        list += (i ? "," : "") + std::to_string(items[i]);
    list += "]";
    std::unordered_map<std::int32_t, std::pair<std::string, std::string>> names;
    SqliteStatement item(*m_db, "SELECT i.idx, i.ext_id, i.title FROM items i JOIN (SELECT DISTINCT value AS idx FROM json_each(?)) j "
                                "ON i.idx = j.idx WHERE i.dataset_id = ?");
    item.bind(1, list).bind(2, datasetId);
    while (item.step())
        names[static_cast<std::int32_t>(item.int64(0))] = {item.text(1), item.text(2)};
    for (std::size_t i = 0; i < n; ++i) {
        TimelineEntry e;
        e.position = static_cast<std::int64_t>(i);
        e.item = items[i];
        if (const auto it = names.find(items[i]); it != names.end()) {
            e.itemExternalId = it->second.first;
            e.title = it->second.second;
        }
        if (!std::isnan(ratings[i]))
            e.rating = ratings[i];
        e.timestamp = times[i];
        out.push_back(std::move(e));
    }
    return out;
}

InteractionTable Project::interactions(std::int64_t datasetId) {
    InteractionTable t;
    if (auto d = dataset(datasetId)) {
        const auto n = static_cast<std::size_t>(d->interactions);
        t.user.reserve(n);
        t.item.reserve(n);
        t.rating.reserve(n);
        t.timestamp.reserve(n);
    }
    SqliteStatement st(*m_db, "SELECT user_idx, length, items, ratings, timestamps FROM sequences "
                              "WHERE dataset_id = ? ORDER BY user_idx");
    st.bind(1, datasetId);
    while (st.step()) {
        const auto user = static_cast<std::int32_t>(st.int64(0));
        const auto n = static_cast<std::size_t>(st.int64(1));
        t.user.resize(t.user.size() + n, user);
        appendBlob(st, 2, t.item, n, std::int32_t{0});
        appendBlob(st, 3, t.rating, n, std::nanf(""));
        appendBlob(st, 4, t.timestamp, n, kNoTimestamp);
    }
    return t;
}

std::vector<PlantedRule> Project::plantedRules(std::int64_t datasetId) {
    std::vector<PlantedRule> out;
    SqliteStatement st(*m_db, "SELECT trigger_idx, target_idx, probability FROM planted_rules "
                              "WHERE dataset_id = ? ORDER BY trigger_idx, target_idx");
    st.bind(1, datasetId);
    while (st.step())
        out.push_back({st.int64(0), st.int64(1), st.real(2)});
    return out;
}

std::optional<std::vector<unsigned char>> Project::metaBlob(const std::string &key) {
    SqliteStatement st(*m_db, "SELECT value FROM meta WHERE key = ?");
    st.bind(1, key);
    if (!st.step())
        return std::nullopt;
    return st.blob(0);
}

void Project::setMetaBlob(const std::string &key, const std::vector<unsigned char> &value) {
    SqliteStatement st(*m_db, "INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)");
    st.bind(1, key).bindBlob(2, value.data(), value.size()).exec();
}

bool Project::hasStoredPseudonymKey() {
    return m_db->queryInt("SELECT count(*) FROM meta WHERE key = 'pseudonym_key'") > 0;
}

std::vector<unsigned char> Project::storedPseudonymKey() {
    auto key = metaBlob("pseudonym_key");
    if (!key)
        throw EngineError(ErrorKind::Project, "the project holds no pseudonym key", {path()});
    return *key;
}

bool Project::removeStoredPseudonymKey(const std::string &newKind, const std::string &keyId) {
    SqliteDb &db = *m_db;
    // secure_delete zeroes the deleted cell and freed pages instead of leaving the bytes behind.
    db.exec("PRAGMA secure_delete=ON");
    {
        SqliteTransaction tx(db);
        db.exec("DELETE FROM meta WHERE key = 'pseudonym_key'");
        SqliteStatement st(db, "UPDATE datasets SET pseudonym_kind = ?, pseudonym_key_id = ? WHERE pseudonym_kind = 'stored-key'");
        st.bind(1, newKind).bind(2, keyId).exec();
        tx.commit();
    }
    db.exec("PRAGMA secure_delete=OFF");
    // Older page images with the key may still sit in the WAL: copy the zeroed pages into the
    // database and cut the WAL to nothing. busy = 1 when another connection kept it from finishing.
    SqliteStatement cp(db, "PRAGMA wal_checkpoint(TRUNCATE)");
    return cp.step() && cp.int64(0) == 0;
}

} // namespace recscope::engine
