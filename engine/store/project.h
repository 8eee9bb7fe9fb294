// SPDX-License-Identifier: GPL-3.0-or-later
// The project file: one SQLite database holding datasets (and, later, runs and explanations).
#pragma once

#include <chrono>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace recscope::engine {

class SqliteDb;

struct DatasetInfo {
    std::int64_t id = 0;
    std::string name;
    std::string format;       // importer that made it: movielens-100k, csv, demo, cleaned, ...
    std::string source;       // the path(s) it was read from
    std::string createdAt;    // ISO 8601, UTC
    std::int64_t users = 0;
    std::int64_t items = 0;
    std::int64_t interactions = 0;
    bool pseudonymized = false;
    bool hasRatings = false;
    bool hasTimestamps = false;
    std::string fingerprint;  // xxh3-64 of the interaction table, hex
    std::string optionsJson;  // the import options, for the record
    std::string reportJson;   // the import report (skipped lines, filter counts)
    std::optional<std::int64_t> parentId; // set for cleaned copies
    std::string pseudonymKind;  // "", "keyed", "irreversible" or "stored-key" (PseudonymKind)
    std::string pseudonymKeyId; // names the key of a keyed dataset without revealing it
};

struct ItemRecord {
    std::int64_t index = 0;
    std::string externalId;
    std::string title;
    std::string categories;   // '|'-separated
    std::string description;
    bool inCatalog = false;   // present in the item table that came with the import
    std::int64_t interactions = 0;
};

struct UserRecord {
    std::int64_t index = 0;
    std::string externalId;   // a keyed hash when the dataset is pseudonymized
    std::string attributesJson;
    std::int64_t interactions = 0;
};

inline constexpr std::int64_t kNoTimestamp = std::numeric_limits<std::int64_t>::min();

struct TimelineEntry {
    std::int64_t position = 0;
    std::int64_t item = 0;
    std::string itemExternalId;
    std::string title;
    std::optional<double> rating;
    std::int64_t timestamp = kNoTimestamp;
};

// All interactions of a dataset in storage order (by user, then position): the form models read.
struct InteractionTable {
    std::vector<std::int32_t> user;
    std::vector<std::int32_t> item;
    std::vector<float> rating;           // NaN where the dataset has no rating
    std::vector<std::int64_t> timestamp; // kNoTimestamp where unknown
    std::size_t size() const { return user.size(); }
};

// A sequential rule planted by the demo generator: after `trigger`, users often take `target`.
struct PlantedRule {
    std::int64_t trigger = 0;
    std::int64_t target = 0;
    double probability = 0;
};

// The whole of `text` as a decimal id ("12"), or nothing ("12a", "", "run 3").
std::optional<std::int64_t> parseId(const std::string &text);

// One open project file. Not thread-safe: open one Project per thread (SQLite's WAL lets a
// worker write while the UI thread reads). Every method throws EngineError on failure.
class Project {
public:
    static constexpr int kSchemaVersion = 9;
    static constexpr std::int32_t kApplicationId = 0x52435331; // "RCS1"

    // Opens an existing project, migrating an older schema forward. Throws EngineError(Project)
    // for a missing, corrupt, foreign or newer file, and EngineError(Passphrase) for an encrypted
    // one this process has not unlocked (engine/store/encryption.h).
    static std::unique_ptr<Project> open(const std::string &path);
    // Opens an existing project for reading only (the ranks of a data-parallel run other than rank
    // 0). An older schema is not migrated here: it waits up to `waitForUpgrade` for a read-write
    // opener (rank 0) to migrate it, then throws EngineError(Project).
    static std::unique_ptr<Project> openReadOnly(const std::string &path,
                                                 std::chrono::milliseconds waitForUpgrade = std::chrono::milliseconds(0));
    // Opens the project at `path`, creating an empty one when no file exists there (encrypted when
    // encryptNewProject or a session passphrase asked for it).
    static std::unique_ptr<Project> openOrCreate(const std::string &path);

    ~Project();
    Project(const Project &) = delete;
    Project &operator=(const Project &) = delete;

    const std::string &path() const;
    int schemaVersion() const;
    bool readOnly() const;  // opened with openReadOnly
    bool encrypted() const; // stored through the encrypting VFS (engine/store/encryption.h)

    std::vector<DatasetInfo> datasets();
    std::optional<DatasetInfo> dataset(std::int64_t id);
    std::optional<DatasetInfo> datasetByName(const std::string &name);
    // Resolves a name or a numeric id; throws EngineError(Usage) naming the choices when absent.
    DatasetInfo requireDataset(const std::string &nameOrId);
    bool hasDatasetNamed(const std::string &name);
    // A name not yet used in this project: `base`, `base (2)`, ...
    std::string uniqueDatasetName(const std::string &base);
    void renameDataset(std::int64_t id, const std::string &newName);
    void deleteDataset(std::int64_t id);

    std::vector<ItemRecord> items(std::int64_t datasetId);
    std::vector<UserRecord> users(std::int64_t datasetId);
    std::vector<TimelineEntry> timeline(std::int64_t datasetId, std::int64_t userIndex);
    InteractionTable interactions(std::int64_t datasetId);
    std::vector<PlantedRule> plantedRules(std::int64_t datasetId);

    // What a pretrained encoder read from a dataset's item text (models/textrec), kept under a key
    // naming the encoder and how it read: reading a large catalog again takes minutes.
    std::optional<std::string> encoderCache(std::int64_t datasetId, const std::string &key);
    void saveEncoderCache(std::int64_t datasetId, const std::string &key, const std::string &state);

    // Small named values of the project (salts, settings), in its `meta` table.
    std::optional<std::vector<unsigned char>> metaBlob(const std::string &key);
    void setMetaBlob(const std::string &key, const std::vector<unsigned char> &value);

    // Projects made before schema 9 kept their pseudonym key inside the file, so anyone holding
    // the file could re-identify every user. These read it (to move it to a key file) and remove
    // it for good: the datasets made with it become `newKind` ("keyed" with the key file's id, or
    // "irreversible"). Removal zeroes the bytes and empties the WAL; it returns false when another
    // connection kept the WAL from being emptied (try again once it has closed).
    bool hasStoredPseudonymKey();
    std::vector<unsigned char> storedPseudonymKey();
    bool removeStoredPseudonymKey(const std::string &newKind, const std::string &keyId);

    // For engine code that writes (importers): the underlying connection.
    SqliteDb &db();

private:
    explicit Project(std::unique_ptr<SqliteDb> db);
    enum class Access { Create, Open, Read };
    // Checks what was opened; migrates (Create, Open) or reports the schema it found (Read).
    int prepare(Access access);
    std::unique_ptr<SqliteDb> m_db;
    int m_schemaVersion = 0;
};

} // namespace recscope::engine
