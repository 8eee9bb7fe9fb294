// SPDX-License-Identifier: GPL-3.0-or-later
// In-memory dataset filters and the transactional writer.
#include "engine/data/datasetdraft.h"

#include "engine/core/clock.h"
#include "engine/core/errors.h"
#include "engine/core/utf8.h"
#include "engine/core/fingerprint.h"
#include "engine/core/runtime.h"
#include "engine/core/progress.h"
#include "engine/data/pseudonymkey.h"
#include "engine/data/pseudonymizer.h"
#include "engine/store/sqlitedb.h"


#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <numeric>

namespace recscope::engine {

std::int32_t DatasetDraft::intern(Index &index, std::string_view id, std::size_t next, bool &inserted) {
    if (auto it = index.find(id); it != index.end()) {
        inserted = false;
        return it->second;
    }
    inserted = true;
    const auto v = static_cast<std::int32_t>(next);
    index.emplace(std::string(id), v);
    return v;
}

std::int32_t DatasetDraft::internUser(std::string_view id) {
    if (m_lastUserIndex >= 0 && id == m_lastUser)
        return m_lastUserIndex;
    bool inserted;
    const auto v = intern(m_userIndex, id, users.size(), inserted);
    if (inserted)
        users.push_back({std::string(id), "{}"});
    m_lastUser.assign(id);
    m_lastUserIndex = v;
    return v;
}

std::int32_t DatasetDraft::internItem(std::string_view id) {
    bool inserted;
    const auto v = intern(m_itemIndex, id, items.size(), inserted);
    if (inserted)
        items.push_back({std::string(id), {}, {}, {}, false});
    return v;
}

std::optional<std::int32_t> DatasetDraft::findItem(std::string_view id) const {
    auto it = m_itemIndex.find(id);
    if (it == m_itemIndex.end())
        return std::nullopt;
    return it->second;
}

void DatasetDraft::keepRatingsAtLeast(double minRating, FilterCounts &counts) {
    const auto before = interactions.size();
    std::erase_if(interactions, [&](const DraftInteraction &x) { return !(x.rating >= minRating); });
    counts.droppedByRating += static_cast<std::int64_t>(before - interactions.size());
}

void DatasetDraft::removeDuplicates(DuplicatePolicy policy, FilterCounts &counts) {
    if (policy == DuplicatePolicy::KeepAll)
        return;
    sortByUserAndTime();
    // Within each user, keep the first (or last) occurrence of each item.
    std::vector<char> keep(interactions.size(), 1);
    std::unordered_map<std::int32_t, std::size_t> seen;
    std::size_t i = 0;
    while (i < interactions.size()) {
        std::size_t j = i;
        seen.clear();
        while (j < interactions.size() && interactions[j].user == interactions[i].user) {
            auto [it, fresh] = seen.try_emplace(interactions[j].item, j);
            if (!fresh) {
                if (policy == DuplicatePolicy::KeepFirst) {
                    keep[j] = 0;
                } else {
                    keep[it->second] = 0;
                    it->second = j;
                }
            }
            ++j;
        }
        i = j;
    }
    std::size_t w = 0;
    for (std::size_t r = 0; r < interactions.size(); ++r)
        if (keep[r])
            interactions[w++] = interactions[r];
    counts.droppedDuplicates += static_cast<std::int64_t>(interactions.size() - w);
    interactions.resize(w);
}

void DatasetDraft::applyKcore(int k, FilterCounts &counts) {
    if (k <= 1)
        return;
    const auto before = interactions.size();
    for (;;) {
        std::vector<std::int64_t> perUser(users.size(), 0), perItem(items.size(), 0);
        for (const auto &x : interactions) {
            ++perUser[static_cast<std::size_t>(x.user)];
            ++perItem[static_cast<std::size_t>(x.item)];
        }
        const auto n = interactions.size();
        std::erase_if(interactions, [&](const DraftInteraction &x) {
            return perUser[static_cast<std::size_t>(x.user)] < k || perItem[static_cast<std::size_t>(x.item)] < k;
        });
        if (interactions.size() == n)
            break;
    }
    counts.droppedByKcore += static_cast<std::int64_t>(before - interactions.size());
}

void DatasetDraft::dropUnknownItems(FilterCounts &counts) {
    const auto before = interactions.size();
    std::erase_if(interactions, [&](const DraftInteraction &x) { return !items[static_cast<std::size_t>(x.item)].inCatalog; });
    counts.droppedUnknownItems += static_cast<std::int64_t>(before - interactions.size());
}

void DatasetDraft::dropBadTimestamps(FilterCounts &counts) {
    if (!hasTimestamps)
        return;
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    const auto before = interactions.size();
    std::erase_if(interactions, [&](const DraftInteraction &x) {
        return x.timestamp == kNoTimestamp || x.timestamp <= 0 || x.timestamp > now + 86400;
    });
    counts.droppedBadTimestamps += static_cast<std::int64_t>(before - interactions.size());
}

void DatasetDraft::sortByUserAndTime() {
    std::stable_sort(interactions.begin(), interactions.end(), [](const DraftInteraction &a, const DraftInteraction &b) {
        if (a.user != b.user)
            return a.user < b.user;
        if (a.timestamp != b.timestamp)
            return a.timestamp < b.timestamp;
        return a.order < b.order;
    });
}

void DatasetDraft::compact(bool keepCatalogOnlyItems) {
    std::vector<std::int64_t> perUser(users.size(), 0), perItem(items.size(), 0);
    for (const auto &x : interactions) {
        ++perUser[static_cast<std::size_t>(x.user)];
        ++perItem[static_cast<std::size_t>(x.item)];
    }
    std::vector<std::int32_t> userMap(users.size(), -1), itemMap(items.size(), -1);
    std::vector<DraftUser> newUsers;
    std::vector<DraftItem> newItems;
    m_userIndex.clear();
    m_itemIndex.clear();
    m_lastUserIndex = -1;
    for (std::size_t u = 0; u < users.size(); ++u) {
        if (perUser[u] == 0)
            continue;
        userMap[u] = static_cast<std::int32_t>(newUsers.size());
        m_userIndex.emplace(users[u].externalId, userMap[u]);
        newUsers.push_back(std::move(users[u]));
    }
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (perItem[i] == 0 && !(keepCatalogOnlyItems && items[i].inCatalog))
            continue;
        itemMap[i] = static_cast<std::int32_t>(newItems.size());
        m_itemIndex.emplace(items[i].externalId, itemMap[i]);
        newItems.push_back(std::move(items[i]));
    }
    for (auto &x : interactions) {
        x.user = userMap[static_cast<std::size_t>(x.user)];
        x.item = itemMap[static_cast<std::size_t>(x.item)];
    }
    std::vector<PlantedRule> rules;
    for (auto r : plantedRules) {
        const auto t = itemMap[static_cast<std::size_t>(r.trigger)], g = itemMap[static_cast<std::size_t>(r.target)];
        if (t >= 0 && g >= 0)
            rules.push_back({t, g, r.probability});
    }
    plantedRules = std::move(rules);
    users = std::move(newUsers);
    items = std::move(newItems);
}

std::string fingerprint(const DatasetDraft &draft) {
    Fingerprint f;
    for (const auto &x : draft.interactions) {
        const std::int32_t ui[2] = {x.user, x.item};
        f.add(ui, sizeof ui).add(&x.rating, sizeof x.rating).add(&x.timestamp, sizeof x.timestamp);
    }
    return f.hex();
}

std::int64_t writeDataset(Project &project, DatasetDraft &draft, const DatasetMeta &meta, Progress &progress) {
    SqliteDb &db = project.db();
    if (meta.name.empty())
        throw EngineError(ErrorKind::Usage, "the dataset needs a name");
    requireUtf8Name(meta.name, "the dataset name");
    if (project.hasDatasetNamed(meta.name))
        throw EngineError(ErrorKind::Usage, "a dataset named '" + meta.name + "' already exists in the project");
    if (draft.interactions.empty())
        throw EngineError(ErrorKind::BadInput, "no interactions are left to store (after filtering)");

    std::string kind = meta.inheritedPseudonymKind, keyId = meta.inheritedPseudonymKeyId;
    if (meta.pseudonymKey) {
        const Pseudonymizer p(meta.pseudonymKey->bytes);
        for (auto &u : draft.users)
            u.externalId = p.pseudonym(u.externalId);
        kind = pseudonymKindName(meta.pseudonymKey->kind);
        keyId = meta.pseudonymKey->id;
    }

    std::vector<std::int64_t> perUser(draft.users.size(), 0), perItem(draft.items.size(), 0);
    for (const auto &x : draft.interactions) {
        ++perUser[static_cast<std::size_t>(x.user)];
        ++perItem[static_cast<std::size_t>(x.item)];
    }

    SqliteTransaction tx(db);
    {
        SqliteStatement st(db, "INSERT INTO datasets(name, format, source, created_at, n_users, n_items, "
                               "n_interactions, pseudonymized, has_ratings, has_timestamps, fingerprint, "
                               "options_json, report_json, parent_id, pseudonym_kind, pseudonym_key_id) "
                               "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
        st.bind(1, meta.name).bind(2, meta.format).bind(3, meta.source).bind(4, utcTimestamp());
        st.bind(5, static_cast<std::int64_t>(draft.users.size()));
        st.bind(6, static_cast<std::int64_t>(draft.items.size()));
        st.bind(7, static_cast<std::int64_t>(draft.interactions.size()));
        st.bind(8, kind.empty() ? 0 : 1);
        st.bind(9, draft.hasRatings ? 1 : 0).bind(10, draft.hasTimestamps ? 1 : 0);
        st.bind(11, fingerprint(draft)).bind(12, meta.optionsJson).bind(13, meta.reportJson);
        if (meta.parentId)
            st.bind(14, *meta.parentId);
        else
            st.bindNull(14);
        st.bind(15, kind).bind(16, keyId);
        st.exec();
    }
    const std::int64_t id = db.lastInsertId();

    const double total = static_cast<double>(draft.users.size() + draft.items.size() + draft.interactions.size());
    std::size_t done = 0;
    auto tick = [&](Stage stage) {
        if ((++done & 0xFFFF) == 0) {
            throwIfCancelled(progress);
            progress.report(static_cast<double>(done) / total, stage);
        }
    };

    {
        SqliteStatement st(db, "INSERT INTO users(dataset_id, idx, ext_id, attrs_json, n_interactions) VALUES(?,?,?,?,?)");
        for (std::size_t u = 0; u < draft.users.size(); ++u) {
            st.bind(1, id).bind(2, static_cast<std::int64_t>(u)).bind(3, draft.users[u].externalId);
            st.bind(4, draft.users[u].attributesJson).bind(5, perUser[u]).exec();
            tick(Stage::StoringUsers);
        }
    }
    {
        SqliteStatement st(db, "INSERT INTO items(dataset_id, idx, ext_id, title, categories, description, "
                               "in_catalog, n_interactions) VALUES(?,?,?,?,?,?,?,?)");
        for (std::size_t i = 0; i < draft.items.size(); ++i) {
            const auto &it = draft.items[i];
            st.bind(1, id).bind(2, static_cast<std::int64_t>(i)).bind(3, it.externalId).bind(4, it.title);
            st.bind(5, it.categories).bind(6, it.description).bind(7, it.inCatalog ? 1 : 0).bind(8, perItem[i]).exec();
            tick(Stage::StoringItems);
        }
    }
    {
        SqliteStatement st(db, "INSERT INTO sequences(dataset_id, user_idx, length, items, ratings, timestamps) "
                               "VALUES(?,?,?,?,?,?)");
        std::vector<std::int32_t> items;
        std::vector<float> ratings;
        std::vector<std::int64_t> times;
        std::size_t i = 0;
        while (i < draft.interactions.size()) {
            const std::int32_t user = draft.interactions[i].user;
            items.clear();
            ratings.clear();
            times.clear();
            for (; i < draft.interactions.size() && draft.interactions[i].user == user; ++i) {
                const auto &x = draft.interactions[i];
                items.push_back(x.item);
                ratings.push_back(x.rating);
                times.push_back(x.timestamp);
                tick(Stage::StoringInteractions);
            }
            st.bind(1, id).bind(2, static_cast<std::int64_t>(user)).bind(3, static_cast<std::int64_t>(items.size()));
            st.bindBlob(4, items.data(), items.size() * sizeof(std::int32_t));
            if (draft.hasRatings)
                st.bindBlob(5, ratings.data(), ratings.size() * sizeof(float));
            else
                st.bindNull(5);
            if (draft.hasTimestamps)
                st.bindBlob(6, times.data(), times.size() * sizeof(std::int64_t));
            else
                st.bindNull(6);
            st.exec();
        }
    }
    {
        SqliteStatement st(db, "INSERT OR IGNORE INTO planted_rules(dataset_id, trigger_idx, target_idx, probability) VALUES(?,?,?,?)");
        for (const auto &r : draft.plantedRules)
            st.bind(1, id).bind(2, r.trigger).bind(3, r.target).bind(4, r.probability).exec();
    }
    throwIfCancelled(progress);
    progress.report(1.0, Stage::Committing);
    tx.commit();
    return id;
}

DatasetDraft loadDraft(Project &project, std::int64_t datasetId) {
    auto info = project.dataset(datasetId);
    if (!info)
        throw EngineError(ErrorKind::Usage, "no dataset with id " + std::to_string(datasetId));
    DatasetDraft d;
    for (auto &u : project.users(datasetId))
        d.user(u.externalId).attributesJson = u.attributesJson;
    for (auto &it : project.items(datasetId)) {
        auto &r = d.item(it.externalId);
        r.title = std::move(it.title);
        r.categories = std::move(it.categories);
        r.description = std::move(it.description);
        r.inCatalog = it.inCatalog;
    }
    auto t = project.interactions(datasetId);
    d.interactions.reserve(t.size());
    for (std::size_t i = 0; i < t.size(); ++i)
        d.interactions.push_back({t.user[i], t.item[i], t.rating[i], t.timestamp[i], static_cast<std::int64_t>(i)});
    d.plantedRules = project.plantedRules(datasetId);
    d.hasRatings = info->hasRatings;
    d.hasTimestamps = info->hasTimestamps;
    return d;
}

} // namespace recscope::engine
