// SPDX-License-Identifier: GPL-3.0-or-later
// The store's two layers on their own: SqliteDb (types, errors, transactions, statement reuse)
// and RunStore (a run's life: status and owner, epochs, checkpoints and their checksums, names).
#include "encryptionswitch.h"
#include "engine/core/errors.h"
#include "engine/core/platform.h"
#include "engine/core/progress.h"
#include "engine/data/datasetdraft.h"
#include "engine/store/project.h"
#include "engine/store/runstore.h"
#include "engine/store/sqlitedb.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "demofixture.h"

#include <cstring>
#include <limits>

using namespace recscope::engine;

class TestStore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void missingFileIsNamed();
    void valuesRoundTrip();
    void badSqlSaysWhat();
    void transactionsAreAllOrNothing();
    void statementsAreReusable();
    void runLifeCycle();
    void epochsAreReplacedNotDuplicated();
    void checkpointsVerifyTheirChecksum();
    void runsAreFoundByNameOrId();
    void unknownStatusIsAProjectError();
    void removingARunTakesItsRecords();
    void projectsFollowTheEncryptionSwitch();

private:
    std::string path(const char *name) const { return m_dir->filePath(QString::fromLatin1(name)).toStdString(); }
    // A project with one small dataset, for the RunStore cases.
    std::int64_t projectWithDataset(std::unique_ptr<Project> &project);

    std::unique_ptr<QTemporaryDir> m_dir;
};

// Each case gets its own folder: no case sees another's files.
void TestStore::init() { m_dir = std::make_unique<QTemporaryDir>(); }

std::int64_t TestStore::projectWithDataset(std::unique_ptr<Project> &project) {
    project = Project::openOrCreate(path("runs.recscope"));
    DatasetDraft draft;
    for (int u = 0; u < 3; ++u) {
        const auto user = draft.internUser("u" + std::to_string(u));
        for (int i = 0; i < 4; ++i)
            draft.add(user, draft.internItem("i" + std::to_string(i)), 1.0f, 10 * u + i);
    }
    draft.hasTimestamps = true;
    return recscope::test::storeDraft(*project, draft, "tiny");
}

void TestStore::missingFileIsNamed() {
    const auto file = path("absent.db");
    try {
        SqliteDb db(file, SqliteDb::Mode::OpenExisting);
        QFAIL("opened a file that is not there");
    } catch (const EngineError &e) {
        QCOMPARE(e.kind(), ErrorKind::Project);
        QVERIFY2(std::string(e.what()).find("absent.db") != std::string::npos, e.what());
    }
    QVERIFY(!QFile::exists(QString::fromStdString(file))); // and nothing was created
}

void TestStore::valuesRoundTrip() {
    SqliteDb db(path("v.db"), SqliteDb::Mode::CreateIfMissing);
    db.exec("CREATE TABLE t(i INTEGER, r REAL, s TEXT, b BLOB, n TEXT)");
    const std::int64_t big = std::numeric_limits<std::int64_t>::max();
    const std::string text = "Amélie 天使 \"quoted\"";
    const unsigned char bytes[] = {0, 1, 0, 255, 0};
    SqliteStatement in(db, "INSERT INTO t VALUES(?,?,?,?,?)");
    in.bind(1, big).bind(2, -0.125).bind(3, text).bindBlob(4, bytes, sizeof bytes).bindNull(5).exec();
    QCOMPARE(db.lastInsertId(), std::int64_t(1));
    QCOMPARE(db.changes(), 1);

    SqliteStatement out(db, "SELECT i, r, s, b, n FROM t");
    QVERIFY(out.step());
    QCOMPARE(out.int64(0), big);
    QCOMPARE(out.real(1), -0.125);
    QCOMPARE(out.text(2), text);
    const auto blob = out.blob(3);
    QCOMPARE(blob.size(), sizeof bytes);
    QVERIFY(std::memcmp(blob.data(), bytes, sizeof bytes) == 0);
    QVERIFY(out.isNull(4));
    QVERIFY(!out.isNull(0));
    QVERIFY(!out.step());

    QCOMPARE(db.queryText("SELECT s FROM t WHERE i = 0"), std::optional<std::string>());
    QCOMPARE(db.queryInt("SELECT i FROM t WHERE i = 0", -7), std::int64_t(-7));
    QCOMPARE(db.queryInt("SELECT count(*) FROM t"), std::int64_t(1));
}

void TestStore::badSqlSaysWhat() {
    SqliteDb db(path("bad.db"), SqliteDb::Mode::CreateIfMissing);
    try {
        db.exec("CREATE TABLE t(x INTEGER NOT NULL)");
        db.exec("INSERT INTO t VALUES(NULL)");
        QFAIL("a NOT NULL column took NULL");
    } catch (const EngineError &e) {
        QCOMPARE(e.kind(), ErrorKind::Project);
        QVERIFY2(std::string(e.what()).find("NOT NULL") != std::string::npos, e.what());
    }
    QVERIFY_THROWS_EXCEPTION(EngineError, SqliteStatement(db, "SELEC nothing"));
}

void TestStore::transactionsAreAllOrNothing() {
    SqliteDb db(path("tx.db"), SqliteDb::Mode::CreateIfMissing);
    db.exec("CREATE TABLE t(x INTEGER)");
    try {
        SqliteTransaction tx(db);
        db.exec("INSERT INTO t VALUES(1)");
        db.exec("INSERT INTO t VALUES(2)");
        throw EngineError(ErrorKind::BadInput, "a failure half-way");
    } catch (const EngineError &) {
    }
    QCOMPARE(db.queryInt("SELECT count(*) FROM t"), std::int64_t(0));
    {
        SqliteTransaction tx(db);
        db.exec("INSERT INTO t VALUES(3)");
        tx.commit();
    }
    QCOMPARE(db.queryInt("SELECT sum(x) FROM t"), std::int64_t(3));
}

void TestStore::statementsAreReusable() {
    SqliteDb db(path("reuse.db"), SqliteDb::Mode::CreateIfMissing);
    db.exec("CREATE TABLE t(x INTEGER)");
    SqliteStatement in(db, "INSERT INTO t VALUES(?)");
    for (int i = 1; i <= 100; ++i)
        in.bind(1, i).exec(); // exec resets, so the same statement takes the next row
    QCOMPARE(db.queryInt("SELECT sum(x) FROM t"), std::int64_t(5050));
    SqliteStatement q(db, "SELECT count(*) FROM t WHERE x > ?");
    for (int cut : {0, 50, 99}) {
        q.bind(1, cut);
        QVERIFY(q.step());
        QCOMPARE(q.int64(0), std::int64_t(100 - cut));
        q.reset();
    }
}

void TestStore::runLifeCycle() {
    std::unique_ptr<Project> p;
    const auto dataset = projectWithDataset(p);
    RunStore store(*p);
    const auto id = store.create(dataset, "first", "sasrec", "{}");
    auto r = store.run(id);
    QVERIFY(r);
    QCOMPARE(r->status, RunStatus::Queued);
    QVERIFY(!r->createdAt.empty());
    QVERIFY(r->finishedAt.empty());
    const auto owner = [&] { return p->db().queryInt("SELECT coalesce(owner_pid, -1) FROM runs WHERE id = " + std::to_string(id)); };

    store.setStatus(id, RunStatus::Running);
    QCOMPARE(owner(), platform::processId());
    store.setStatus(id, RunStatus::Running, {}, 4242);
    QCOMPARE(owner(), std::int64_t(4242));

    store.finish(id, RunStatus::Finished, "done", 12.5, 3, R"({"test":{"ndcg10":0.5}})");
    r = store.run(id);
    QCOMPARE(r->status, RunStatus::Finished);
    QCOMPARE(r->message, std::string("done"));
    QCOMPARE(r->seconds, 12.5);
    QCOMPARE(r->bestEpoch, std::optional<std::int64_t>(3));
    QCOMPARE(r->metricsJson, std::string(R"({"test":{"ndcg10":0.5}})"));
    QVERIFY(!r->finishedAt.empty());
    store.setStatus(id, RunStatus::Cancelled);
    QCOMPARE(owner(), std::int64_t(-1)); // only a running run has an owner
    QVERIFY(isResumable(RunStatus::Cancelled) && isResumable(RunStatus::Interrupted) && isResumable(RunStatus::Failed));
    QVERIFY(!isResumable(RunStatus::Finished) && !isResumable(RunStatus::Running) && !isResumable(RunStatus::Queued));
}

void TestStore::epochsAreReplacedNotDuplicated() {
    std::unique_ptr<Project> p;
    const auto dataset = projectWithDataset(p);
    RunStore store(*p);
    const auto id = store.create(dataset, "curve", "sasrec", "{}");
    EpochRecord e;
    e.epoch = 1;
    e.trainLoss = 2.0;
    e.validNdcg10 = 0.1;
    store.appendEpoch(id, e);
    e.epoch = 2;
    e.trainLoss = 1.5;
    e.validLoss = 1.7;
    e.epsilon = 0.8;
    store.appendEpoch(id, e);
    e.trainLoss = 1.4; // epoch 2 again, as a resumed run writes it
    store.appendEpoch(id, e);
    const auto epochs = store.epochs(id);
    QCOMPARE(epochs.size(), std::size_t(2));
    QCOMPARE(epochs[0].validLoss, std::optional<double>());
    QCOMPARE(epochs[0].epsilon, std::optional<double>());
    QCOMPARE(epochs[1].trainLoss, 1.4);
    QCOMPARE(epochs[1].validLoss, std::optional<double>(1.7));
    QCOMPARE(epochs[1].epsilon, std::optional<double>(0.8));
    QCOMPARE(store.run(id)->epochsDone, std::int64_t(2));
}

void TestStore::checkpointsVerifyTheirChecksum() {
    std::unique_ptr<Project> p;
    const auto dataset = projectWithDataset(p);
    RunStore store(*p);
    const auto id = store.create(dataset, "weights", "sasrec", "{}");
    QVERIFY(!store.loadCheckpoint(id, "best"));
    std::string state(4096, '\0');
    for (std::size_t i = 0; i < state.size(); ++i)
        state[i] = static_cast<char>(i * 31);
    store.saveCheckpoint(id, "best", 4, state);
    std::int64_t epoch = 0;
    QCOMPARE(store.loadCheckpoint(id, "best", &epoch), std::optional<std::string>(state));
    QCOMPARE(epoch, std::int64_t(4));

    p->db().exec("UPDATE checkpoints SET state = zeroblob(4096) WHERE run_id = " + std::to_string(id));
    try {
        store.loadCheckpoint(id, "best");
        QFAIL("a damaged checkpoint was read");
    } catch (const EngineError &e) {
        QCOMPARE(e.kind(), ErrorKind::Project);
        QVERIFY2(std::string(e.what()).find("checksum") != std::string::npos, e.what());
    }
}

void TestStore::runsAreFoundByNameOrId() {
    std::unique_ptr<Project> p;
    const auto dataset = projectWithDataset(p);
    RunStore store(*p);
    const auto a = store.create(dataset, "same", "pop", "{}");
    const auto b = store.create(dataset, "same", "pop", "{}");
    const auto c = store.create(dataset, std::to_string(a), "pop", "{}"); // a name that looks like an id
    QCOMPARE(store.requireRun("same").id, b);                // the newest of that name
    QCOMPARE(store.requireRun(std::to_string(a)).id, c);     // a name wins over an id
    QCOMPARE(store.requireRun(std::to_string(b)).id, b);
    QVERIFY_THROWS_EXCEPTION(EngineError, store.requireRun("nothing"));
    QVERIFY_THROWS_EXCEPTION(EngineError, store.rename(a, ""));
    store.rename(a, "renamed");
    QCOMPARE(store.run(a)->name, std::string("renamed"));
    QCOMPARE(store.runs().size(), std::size_t(3));
    QCOMPARE(store.runs().front().id, a); // in the order they were made
}

void TestStore::unknownStatusIsAProjectError() {
    std::unique_ptr<Project> p;
    const auto dataset = projectWithDataset(p);
    RunStore store(*p);
    const auto id = store.create(dataset, "odd", "pop", "{}");
    p->db().exec("UPDATE runs SET status = 'paused' WHERE id = " + std::to_string(id));
    try {
        store.run(id);
        QFAIL("an unknown status was read");
    } catch (const EngineError &e) {
        QCOMPARE(e.kind(), ErrorKind::Project);
        QVERIFY2(std::string(e.what()).find("paused") != std::string::npos, e.what());
    }
}

void TestStore::removingARunTakesItsRecords() {
    std::unique_ptr<Project> p;
    const auto dataset = projectWithDataset(p);
    RunStore store(*p);
    const auto id = store.create(dataset, "gone", "pop", "{}");
    EpochRecord e;
    e.epoch = 1;
    store.appendEpoch(id, e);
    store.saveCheckpoint(id, "best", 1, "state");
    const auto child = store.create(dataset, "child", "pop", "{}");
    store.setParent(child, id);
    store.remove(id);
    QVERIFY(!store.run(id));
    QCOMPARE(p->db().queryInt("SELECT count(*) FROM run_epochs"), std::int64_t(0));
    QCOMPARE(p->db().queryInt("SELECT count(*) FROM checkpoints"), std::int64_t(0));
    QVERIFY(store.run(child)); // a derived run stays, without its parent
    QCOMPARE(p->db().queryInt("SELECT coalesce(parent_run_id, -1) FROM runs WHERE id = " + std::to_string(child)), std::int64_t(-1));
}

void TestStore::projectsFollowTheEncryptionSwitch() {
    // tst_store_encrypted runs every case above on encrypted projects: this shows that it does.
    auto p = Project::openOrCreate(path("switch.recscope"));
    QCOMPARE(p->encrypted(), recscope::test::kEncryptionSwitch);
    QFile f(QString::fromStdString(p->path()));
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.read(15) == "SQLite format 3", !recscope::test::kEncryptionSwitch);
}

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"
