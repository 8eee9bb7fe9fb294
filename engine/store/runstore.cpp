// SPDX-License-Identifier: GPL-3.0-or-later
// RunStore.
#include "engine/store/runstore.h"

#include "engine/core/clock.h"
#include "engine/core/utf8.h"
#include "engine/core/platform.h"

#include "engine/core/errors.h"
#include "engine/core/fingerprint.h"
#include "engine/core/runtime.h"
#include "engine/store/project.h"
#include "engine/store/sqlitedb.h"


#include <nlohmann/json.hpp>

#include <cstdio>
#include <ctime>

namespace recscope::engine {

namespace {
std::string checksum(const std::string &data) { return Fingerprint::of(data); }

constexpr const char *kRunColumns = "SELECT id, dataset_id, name, model, config_json, status, message, created_at, "
                                    "coalesce(finished_at, ''), seconds, best_epoch, epochs_done, metrics_json FROM runs ";

RunInfo readRun(SqliteStatement &st) {
    RunInfo r;
    r.id = st.int64(0);
    r.datasetId = st.int64(1);
    r.name = st.text(2);
    r.model = st.text(3);
    r.configJson = st.text(4);
    const auto status = st.text(5);
    const auto known = enumFromName<RunStatus>(status);
    if (!known)
        throw EngineError(ErrorKind::Project, "run " + std::to_string(r.id) + " has an unknown status '" + status + "'");
    r.status = *known;
    r.message = st.text(6);
    r.createdAt = st.text(7);
    r.finishedAt = st.text(8);
    r.seconds = st.real(9);
    if (!st.isNull(10))
        r.bestEpoch = st.int64(10);
    r.epochsDone = st.int64(11);
    r.metricsJson = st.text(12);
    return r;
}

} // namespace

std::int64_t RunStore::create(std::int64_t datasetId, const std::string &name, const std::string &model,
                              const std::string &configJson) {
    requireUtf8Name(name, "the run name");
    SqliteStatement st(m_project.db(), "INSERT INTO runs(dataset_id, name, model, config_json, status, created_at) "
                                       "VALUES(?,?,?,?, 'queued', ?)");
    st.bind(1, datasetId).bind(2, name).bind(3, model).bind(4, configJson).bind(5, utcTimestamp()).exec();
    return m_project.db().lastInsertId();
}

void RunStore::setStatus(std::int64_t run, RunStatus status, const std::string &message, std::optional<std::int64_t> owner) {
    SqliteStatement st(m_project.db(), "UPDATE runs SET status = ?, message = ?, owner_pid = ? WHERE id = ?");
    st.bind(1, std::string(nameOf(status))).bind(2, message);
    if (status == RunStatus::Running)
        st.bind(3, owner.value_or(platform::processId()));
    else
        st.bindNull(3);
    st.bind(4, run).exec();
}

void RunStore::setConfig(std::int64_t run, const std::string &configJson) {
    SqliteStatement st(m_project.db(), "UPDATE runs SET config_json = ? WHERE id = ?");
    st.bind(1, configJson).bind(2, run).exec();
}

void RunStore::setParent(std::int64_t run, std::int64_t parent) {
    SqliteStatement st(m_project.db(), "UPDATE runs SET parent_run_id = ? WHERE id = ?");
    st.bind(1, parent).bind(2, run).exec();
}

void RunStore::appendEpoch(std::int64_t run, const EpochRecord &e) {
    SqliteTransaction tx(m_project.db());
    SqliteStatement st(m_project.db(), "INSERT OR REPLACE INTO run_epochs(run_id, epoch, train_loss, valid_loss, "
                                       "valid_ndcg10, valid_hr10, seconds, epsilon) VALUES(?,?,?,?,?,?,?,?)");
    st.bind(1, run).bind(2, e.epoch).bind(3, e.trainLoss);
    if (e.validLoss)
        st.bind(4, *e.validLoss);
    else
        st.bindNull(4);
    st.bind(5, e.validNdcg10).bind(6, e.validHr10).bind(7, e.seconds);
    if (e.epsilon)
        st.bind(8, *e.epsilon);
    else
        st.bindNull(8);
    st.exec();
    SqliteStatement up(m_project.db(), "UPDATE runs SET epochs_done = ? WHERE id = ?");
    up.bind(1, e.epoch).bind(2, run).exec();
    tx.commit();
}

void RunStore::finish(std::int64_t run, RunStatus status, const std::string &message, double seconds,
                      std::optional<std::int64_t> bestEpoch, const std::string &metricsJson) {
    SqliteStatement st(m_project.db(), "UPDATE runs SET status = ?, message = ?, finished_at = ?, seconds = ?, "
                                       "best_epoch = ?, metrics_json = ? WHERE id = ?");
    st.bind(1, std::string(nameOf(status))).bind(2, message).bind(3, utcTimestamp()).bind(4, seconds);
    if (bestEpoch)
        st.bind(5, *bestEpoch);
    else
        st.bindNull(5);
    st.bind(6, metricsJson).bind(7, run).exec();
}

void RunStore::saveCheckpoint(std::int64_t run, const std::string &kind, std::int64_t epoch, const std::string &state) {
    SqliteStatement st(m_project.db(), "INSERT OR REPLACE INTO checkpoints(run_id, kind, epoch, state, checksum) VALUES(?,?,?,?,?)");
    st.bind(1, run).bind(2, kind).bind(3, epoch).bindBlob(4, state.data(), state.size()).bind(5, checksum(state)).exec();
}

std::optional<std::string> RunStore::loadCheckpoint(std::int64_t run, const std::string &kind, std::int64_t *epoch) {
    SqliteStatement st(m_project.db(), "SELECT epoch, state, checksum FROM checkpoints WHERE run_id = ? AND kind = ?");
    st.bind(1, run).bind(2, kind);
    if (!st.step())
        return std::nullopt;
    const auto bytes = st.blob(1);
    std::string state(bytes.begin(), bytes.end());
    if (checksum(state) != st.text(2))
        throw EngineError(ErrorKind::Project, "the " + kind + " checkpoint of run " + std::to_string(run) +
                                                  " is damaged (checksum mismatch)", {m_project.path()});
    if (epoch)
        *epoch = st.int64(0);
    return state;
}

std::vector<RunInfo> RunStore::runs() {
    std::vector<RunInfo> out;
    SqliteStatement st(m_project.db(), std::string(kRunColumns) + "ORDER BY id");
    while (st.step())
        out.push_back(readRun(st));
    return out;
}

std::optional<RunInfo> RunStore::run(std::int64_t id) {
    SqliteStatement st(m_project.db(), std::string(kRunColumns) + "WHERE id = ?");
    st.bind(1, id);
    if (st.step())
        return readRun(st);
    return std::nullopt;
}

RunInfo RunStore::requireRun(const std::string &nameOrId) {
    {
        SqliteStatement st(m_project.db(), std::string(kRunColumns) + "WHERE name = ? ORDER BY id DESC LIMIT 1");
        st.bind(1, nameOrId);
        if (st.step())
            return readRun(st);
    }
    if (const auto id = parseId(nameOrId))
        if (auto r = run(*id))
            return *r;
    throw EngineError(ErrorKind::Usage, "no run named '" + nameOrId + "' in the project");
}

RunInfo RunStore::requireRunId(std::int64_t id) {
    if (auto r = run(id))
        return *r;
    throw EngineError(ErrorKind::Usage, "no run with id " + std::to_string(id));
}

std::vector<EpochRecord> RunStore::epochs(std::int64_t run) {
    std::vector<EpochRecord> out;
    SqliteStatement st(m_project.db(), "SELECT epoch, train_loss, valid_loss, valid_ndcg10, valid_hr10, seconds, epsilon "
                                       "FROM run_epochs WHERE run_id = ? ORDER BY epoch");
    st.bind(1, run);
    while (st.step()) {
        EpochRecord e;
        e.epoch = st.int64(0);
        e.trainLoss = st.real(1);
        if (!st.isNull(2))
            e.validLoss = st.real(2);
        e.validNdcg10 = st.real(3);
        e.validHr10 = st.real(4);
        e.seconds = st.real(5);
        if (!st.isNull(6))
            e.epsilon = st.real(6);
        out.push_back(e);
    }
    return out;
}

void RunStore::rename(std::int64_t run, const std::string &name) {
    if (name.empty())
        throw EngineError(ErrorKind::Usage, "a run name cannot be empty");
    requireUtf8Name(name, "the run name");
    SqliteStatement st(m_project.db(), "UPDATE runs SET name = ? WHERE id = ?");
    st.bind(1, name).bind(2, run).exec();
}

void RunStore::remove(std::int64_t run) {
    SqliteStatement st(m_project.db(), "DELETE FROM runs WHERE id = ?");
    st.bind(1, run).exec();
}

int RunStore::markInterrupted() {
    std::vector<std::int64_t> dead;
    SqliteStatement st(m_project.db(), "SELECT id, owner_pid FROM runs WHERE status = 'running'");
    while (st.step()) {
        const auto pid = st.isNull(1) ? std::int64_t(0) : st.int64(1);
        if (pid > 0 && (pid == platform::processId() || platform::processAlive(pid)))
            continue; // its process (perhaps this one) is still training it
        dead.push_back(st.int64(0));
    }
    for (auto id : dead)
        setStatus(id, RunStatus::Interrupted, "the process training it ended before the run finished");
    return static_cast<int>(dead.size());
}

std::string EvalMetrics::toJson() const {
    nlohmann::json j{{"NDCG@10", ndcg10}, {"HR@10", hr10}, {"NDCG@5", ndcg5}, {"HR@5", hr5}, {"MRR", mrr}, {"users", users}};
    if (rmse)
        j["RMSE"] = *rmse;
    if (mae)
        j["MAE"] = *mae;
    return j.dump();
}

} // namespace recscope::engine
