// SPDX-License-Identifier: GPL-3.0-or-later
// A dataset being built in memory by an importer or generator, its filters, and its writer.
#pragma once

#include "engine/store/project.h"

#include <cmath>
#include <bit>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace recscope::engine {

class Progress;

// Sequences are stored as raw little-endian arrays.
static_assert(std::endian::native == std::endian::little, "RecScope project files assume a little-endian machine");

struct DraftInteraction {
    std::int32_t user = 0;
    std::int32_t item = 0;
    float rating = std::nanf("");       // NaN: no rating
    std::int64_t timestamp = kNoTimestamp;
    std::int64_t order = 0;             // position in the source, breaks timestamp ties
};

struct DraftItem {
    std::string externalId;
    std::string title;
    std::string categories; // '|'-separated
    std::string description;
    bool inCatalog = false;
};

struct DraftUser {
    std::string externalId;
    std::string attributesJson = "{}";
};

enum class DuplicatePolicy { KeepAll, KeepFirst, KeepLast };

// What happened to the rows between reading and storing.
struct FilterCounts {
    std::int64_t droppedByRating = 0;
    std::int64_t droppedDuplicates = 0;
    std::int64_t droppedByKcore = 0;
    std::int64_t droppedUnknownItems = 0;
    std::int64_t droppedBadTimestamps = 0;
};

class DatasetDraft {
public:
    std::int32_t internUser(std::string_view externalId);
    std::int32_t internItem(std::string_view externalId);
    // The item's record, created (outside the catalog) when first named.
    DraftItem &item(std::string_view externalId) { return items[static_cast<std::size_t>(internItem(externalId))]; }
    DraftUser &user(std::string_view externalId) { return users[static_cast<std::size_t>(internUser(externalId))]; }
    std::optional<std::int32_t> findItem(std::string_view externalId) const;

    void add(std::int32_t user, std::int32_t item, float rating, std::int64_t timestamp) {
        interactions.push_back({user, item, rating, timestamp, static_cast<std::int64_t>(interactions.size())});
    }

    // Filters, each in place. The k-core filter repeats until every user and item has >= k.
    void keepRatingsAtLeast(double minRating, FilterCounts &counts);
    void removeDuplicates(DuplicatePolicy policy, FilterCounts &counts);
    void applyKcore(int k, FilterCounts &counts);
    void dropUnknownItems(FilterCounts &counts);
    void dropBadTimestamps(FilterCounts &counts);
    // Sorts by user, then time (missing times keep source order), then source order.
    void sortByUserAndTime();
    // Drops users without interactions and items that are neither interacted with nor in the
    // catalog (or, with k-core on, not interacted with), renumbering both densely.
    void compact(bool keepCatalogOnlyItems);

    std::vector<DraftInteraction> interactions;
    std::vector<DraftItem> items;
    std::vector<DraftUser> users;
    std::vector<PlantedRule> plantedRules; // indices into items
    bool hasRatings = false;
    bool hasTimestamps = false;

private:
    // Transparent hashing: look up by string_view without building a std::string.
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
    };
    using Index = std::unordered_map<std::string, std::int32_t, Hash, std::equal_to<>>;
    static std::int32_t intern(Index &index, std::string_view id, std::size_t next, bool &inserted);
    Index m_userIndex;
    Index m_itemIndex;
    std::string m_lastUser; // consecutive rows usually share a user
    std::int32_t m_lastUserIndex = -1;
};

struct PseudonymKey; // engine/data/pseudonymkey.h

// What the writer records about a dataset besides its rows.
struct DatasetMeta {
    std::string name;
    std::string format;
    std::string source;
    std::string optionsJson = "{}";
    std::string reportJson = "{}";
    // Set: user ids are replaced by their pseudonyms under this key before anything is stored.
    const PseudonymKey *pseudonymKey = nullptr;
    // A copy of a dataset whose ids are pseudonyms already (cleaned copies): its kind and key id.
    std::string inheritedPseudonymKind, inheritedPseudonymKeyId;
    std::optional<std::int64_t> parentId;
};

// Writes a sorted, compacted draft as a new dataset in one transaction and returns its id.
// Cancel or any error rolls the transaction back: the project is left exactly as it was.
// The draft's user ids are replaced by their pseudonyms when meta.pseudonymKey is set.
std::int64_t writeDataset(Project &project, DatasetDraft &draft, const DatasetMeta &meta, Progress &progress);

// Reads a stored dataset back into a draft (for cleaned copies and re-processing).
DatasetDraft loadDraft(Project &project, std::int64_t datasetId);

// Hex xxh3-64 fingerprint of a dataset's interactions (user, item, rating, time, in order).
std::string fingerprint(const DatasetDraft &draft);

} // namespace recscope::engine
