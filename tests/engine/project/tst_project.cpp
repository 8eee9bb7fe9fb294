// SPDX-License-Identifier: GPL-3.0-or-later
// The project file: creation, reopening, refusal of foreign and damaged files, migrations.
#include "encryptionswitch.h"
#include "engine/core/errors.h"
#include "engine/store/project.h"
#include "engine/store/sqlitedb.h"
#include "testsupport.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <thread>

using namespace recscope::engine;

class TestProject : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void createsAndReopens();
    void refusesBadFiles_data();
    void refusesBadFiles();
    void refusesNewerSchema();
    void detectsCorruption();
    void keepsNoPseudonymKey();
    void marksDatasetsMadeWithAStoredKey();
    void renameAndDelete();
    void migratesForward();
    void runOwnerLeavesTheMessage();
    void readOnlyOpeningNeverWrites();

private:
    QTemporaryDir m_dir;
};

void TestProject::createsAndReopens() {
    const auto path = m_dir.filePath(QStringLiteral("a.recscope")).toStdString();
    {
        auto p = Project::openOrCreate(path);
        QCOMPARE(p->schemaVersion(), Project::kSchemaVersion);
        QVERIFY(p->datasets().empty());
    }
    auto p = Project::open(path);
    QCOMPARE(p->schemaVersion(), Project::kSchemaVersion);
    QCOMPARE(p->db().queryText("PRAGMA journal_mode").value_or(""), std::string("wal"));
    QCOMPARE(p->db().queryInt("PRAGMA foreign_keys"), 1);
    QCOMPARE(p->db().queryInt("PRAGMA application_id"), static_cast<std::int64_t>(Project::kApplicationId));
}

void TestProject::refusesBadFiles_data() {
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("expected");
    QTest::newRow("text file") << QByteArray("user,item\n1,2\n") << QStringLiteral("not an SQLite database");
    QTest::newRow("binary garbage") << QByteArray(4096, '\x9c') << QStringLiteral("not an SQLite database");
    QTest::newRow("empty") << QByteArray() << QStringLiteral("not an SQLite database");
    QTest::newRow("foreign sqlite") << QByteArray("foreign") << QStringLiteral("made by another program");
    QTest::newRow("missing") << QByteArray("missing") << QStringLiteral("no such project file");
}

void TestProject::refusesBadFiles() {
    QFETCH(QByteArray, content);
    QFETCH(QString, expected);
    const QString path = m_dir.filePath(QStringLiteral("bad-%1.recscope").arg(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('_')));
    if (content == "foreign") {
        SqliteDb db(path.toStdString(), SqliteDb::Mode::CreateIfMissing);
        db.exec("CREATE TABLE t(x); INSERT INTO t VALUES(1);");
    } else if (content != "missing") {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
    }
    try {
        Project::open(path.toStdString());
        QFAIL("opened a file that is not a project");
    } catch (const EngineError &e) {
        QCOMPARE(e.kind(), ErrorKind::Project);
        QVERIFY2(QString::fromStdString(e.what()).contains(expected), e.what());
        QVERIFY2(QString::fromStdString(e.what()).contains(path), "the message names the file");
    }
}

void TestProject::refusesNewerSchema() {
    const auto path = m_dir.filePath(QStringLiteral("newer.recscope")).toStdString();
    {
        auto p = Project::openOrCreate(path);
        p->db().exec("PRAGMA user_version=99");
    }
    try {
        Project::open(path);
        QFAIL("opened a newer schema");
    } catch (const EngineError &e) {
        QVERIFY2(QString::fromStdString(e.what()).contains(QStringLiteral("newer RecScope")), e.what());
    }
    // A version below 0 is damage (fuzz_project found it read a migration before the first).
    const auto negative = m_dir.filePath(QStringLiteral("negative.recscope")).toStdString();
    {
        auto p = Project::openOrCreate(negative);
        p->db().exec("PRAGMA user_version=-1");
    }
    try {
        Project::open(negative);
        QFAIL("opened a negative schema version");
    } catch (const EngineError &e) {
        QCOMPARE(e.kind(), ErrorKind::Project);
        QVERIFY2(QString::fromStdString(e.what()).contains(QStringLiteral("schema version -1")), e.what());
    }
}

void TestProject::detectsCorruption() {
    const QString path = m_dir.filePath(QStringLiteral("corrupt.recscope"));
    {
        auto p = Project::openOrCreate(path.toStdString());
        // Enough rows to span many pages, checkpointed into the main file.
        p->db().exec("CREATE TABLE filler(x); WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i<20000) "
                     "INSERT INTO filler SELECT randomblob(64) FROM c; PRAGMA wal_checkpoint(TRUNCATE);");
        p->db().exec("PRAGMA journal_mode=DELETE");
    }
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadWrite));
    const qint64 size = f.size();
    // Scribble over the middle of the file, leaving the header intact.
    f.seek(size / 2);
    f.write(QByteArray(static_cast<int>(size / 4), '\xAB'));
    f.close();
    try {
        Project::open(path.toStdString());
        QFAIL("opened a damaged file");
    } catch (const EngineError &e) {
        QCOMPARE(e.kind(), ErrorKind::Project);
        QVERIFY2(QString::fromStdString(e.what()).contains(QStringLiteral("damaged")), e.what());
    }
}

void TestProject::keepsNoPseudonymKey() {
    // Pseudonym keys live outside the project (key files, passphrases) or nowhere (irreversible):
    // a new project holds none, so whoever has the file cannot re-identify anyone with it.
    const auto path = m_dir.filePath(QStringLiteral("key.recscope")).toStdString();
    auto p = Project::openOrCreate(path);
    QVERIFY(!p->hasStoredPseudonymKey());
    QVERIFY(!p->metaBlob("pseudonym_key"));
    QVERIFY_THROWS_EXCEPTION(EngineError, p->storedPseudonymKey());
}

void TestProject::marksDatasetsMadeWithAStoredKey() {
    // Schema 8 kept the key in `meta`; opening marks the datasets made with it, and keeps the key
    // until the analyst moves it out or destroys it. A key no dataset used is removed at once.
    const auto path = m_dir.filePath(QStringLiteral("v8.recscope")).toStdString();
    const auto unused = m_dir.filePath(QStringLiteral("v8-unused.recscope")).toStdString();
    for (const auto &file : {path, unused}) {
        auto p = Project::openOrCreate(file);
        p->db().exec("INSERT INTO datasets(name, format, source, created_at, n_users, n_items, n_interactions, pseudonymized) "
                     "VALUES('hashed','csv','x','now',1,1,1," + std::string(file == path ? "1" : "0") + ")");
        p->setMetaBlob("pseudonym_key", std::vector<unsigned char>(32, 5));
        p->db().exec("ALTER TABLE datasets DROP COLUMN pseudonym_key_id; ALTER TABLE datasets DROP COLUMN pseudonym_kind; "
                     "PRAGMA user_version=8;");
    }
    auto p = Project::open(path);
    QCOMPARE(p->datasets().front().pseudonymKind, std::string("stored-key"));
    QVERIFY(p->hasStoredPseudonymKey());
    auto q = Project::open(unused);
    QCOMPARE(q->datasets().front().pseudonymKind, std::string(""));
    QVERIFY(!q->hasStoredPseudonymKey());
}

void TestProject::renameAndDelete() {
    const auto path = m_dir.filePath(QStringLiteral("rd.recscope")).toStdString();
    auto p = Project::openOrCreate(path);
    p->db().exec("INSERT INTO datasets(name, format, source, created_at, n_users, n_items, n_interactions) "
                 "VALUES('one','csv','x','now',1,1,1),('two','csv','y','now',1,1,1)");
    p->db().exec("INSERT INTO items(dataset_id, idx, ext_id, n_interactions) VALUES(1, 0, 'a', 1)");
    QCOMPARE(p->uniqueDatasetName("one"), std::string("one (2)"));
    QVERIFY_THROWS_EXCEPTION(EngineError, p->renameDataset(1, "two"));
    p->renameDataset(1, "uno");
    QVERIFY(p->datasetByName("uno").has_value());
    QCOMPARE(p->requireDataset("2").name, std::string("two"));
    p->deleteDataset(1);
    QCOMPARE(p->datasets().size(), std::size_t(1));
    QCOMPARE(p->db().queryInt("SELECT count(*) FROM items"), 0); // cascaded
    try {
        p->requireDataset("nope");
        QFAIL("found a missing dataset");
    } catch (const EngineError &e) {
        QVERIFY(QString::fromStdString(e.what()).contains(QStringLiteral("two")));
    }
}

void TestProject::migratesForward() {
    // A version-1 file (datasets, no runs) is brought up to the current schema on open.
    const auto path = m_dir.filePath(QStringLiteral("v1.recscope")).toStdString();
    {
        auto p = Project::openOrCreate(path);
        p->db().exec("INSERT INTO datasets(name, format, source, created_at, n_users, n_items, n_interactions) "
                     "VALUES('old','csv','x','now',1,1,1)");
        p->db().exec("ALTER TABLE datasets DROP COLUMN pseudonym_key_id; ALTER TABLE datasets DROP COLUMN pseudonym_kind; "
                     "DROP TABLE encoder_cache; DROP TABLE sweep_trials; DROP TABLE sweeps; DROP TABLE run_profiles; DROP TABLE evaluations; "
                     "DROP TABLE checkpoints; DROP TABLE run_epochs; DROP TABLE runs; PRAGMA user_version=1;");
    }
    auto p = Project::open(path);
    QCOMPARE(p->schemaVersion(), Project::kSchemaVersion);
    QCOMPARE(p->db().queryInt("PRAGMA user_version"), static_cast<std::int64_t>(Project::kSchemaVersion));
    QCOMPARE(p->db().queryInt("SELECT count(*) FROM runs"), 0);
    QCOMPARE(p->db().queryInt("SELECT count(*) FROM run_profiles"), 0); // version 4
    QCOMPARE(p->db().queryInt("SELECT count(*) FROM sweeps"), 0);       // version 7
    QCOMPARE(p->db().queryInt("SELECT count(*) FROM encoder_cache"), 0); // version 8
    QCOMPARE(p->datasetByName("old")->pseudonymKind, std::string(""));   // version 9
    QVERIFY(p->datasetByName("old").has_value());
}

void TestProject::runOwnerLeavesTheMessage() {
    // Version 5 kept "pid N" in a running run's message; version 6 moves it to its own column.
    const auto path = m_dir.filePath(QStringLiteral("v5.recscope")).toStdString();
    {
        auto p = Project::openOrCreate(path);
        p->db().exec("INSERT INTO datasets(name, format, source, created_at, n_users, n_items, n_interactions) "
                     "VALUES('old','csv','x','now',1,1,1)");
        p->db().exec("INSERT INTO runs(dataset_id, name, model, config_json, status, message, created_at) "
                     "VALUES(1,'r','sasrec','{}','running','pid 4242','now'), (1,'s','sasrec','{}','failed','out of memory','now')");
        p->db().exec("ALTER TABLE datasets DROP COLUMN pseudonym_key_id; ALTER TABLE datasets DROP COLUMN pseudonym_kind; "
                     "DROP TABLE encoder_cache; DROP TABLE sweep_trials; DROP TABLE sweeps; UPDATE runs SET owner_pid = NULL; "
                     "ALTER TABLE runs DROP COLUMN owner_pid; PRAGMA user_version=5;");
    }
    auto p = Project::open(path);
    QCOMPARE(p->db().queryInt("SELECT owner_pid FROM runs WHERE name = 'r'"), std::int64_t(4242));
    QCOMPARE(p->db().queryInt("SELECT count(*) FROM runs WHERE name = 'r' AND message = ''"), std::int64_t(1));
    QCOMPARE(p->db().queryInt("SELECT count(*) FROM runs WHERE name = 's' AND message = 'out of memory'"), std::int64_t(1));
}

void TestProject::readOnlyOpeningNeverWrites() {
    // The ranks of a data-parallel run other than rank 0 read the project while rank 0 writes it.
    const auto path = m_dir.filePath(QStringLiteral("ro.recscope")).toStdString();
    const char *insert = "INSERT INTO datasets(name, format, source, created_at, n_users, n_items, n_interactions) VALUES('%1','csv','x','now',1,1,1)";
    auto writer = Project::openOrCreate(path);
    writer->db().exec(QString::fromLatin1(insert).arg(QStringLiteral("first")).toStdString());
    auto reader = Project::openReadOnly(path);
    QVERIFY(reader->readOnly());
    QVERIFY(!writer->readOnly());
    QCOMPARE(reader->schemaVersion(), Project::kSchemaVersion);
    QCOMPARE(reader->datasets().size(), std::size_t{1});
    writer->db().exec(QString::fromLatin1(insert).arg(QStringLiteral("second")).toStdString());
    QCOMPARE(reader->datasets().size(), std::size_t{2}); // sees what was committed since
    try {
        reader->renameDataset(reader->datasets().front().id, "renamed");
        QFAIL("a read-only project took a write");
    } catch (const EngineError &e) {
        QVERIFY2(QString::fromStdString(e.what()).contains(QStringLiteral("readonly")), e.what());
    }
    QCOMPARE(writer->datasets().front().name, std::string("first"));
    reader.reset();
    writer.reset();

    // An older project is not upgraded by a reader: it waits for a read-write opener, or says so.
    const auto old = m_dir.filePath(QStringLiteral("ro-v8.recscope")).toStdString();
    {
        auto p = Project::openOrCreate(old);
        p->db().exec("ALTER TABLE datasets DROP COLUMN pseudonym_key_id; ALTER TABLE datasets DROP COLUMN pseudonym_kind; PRAGMA user_version=8;");
    }
    try {
        Project::openReadOnly(old);
        QFAIL("a reader opened an older schema");
    } catch (const EngineError &e) {
        QCOMPARE(e.kind(), ErrorKind::Project);
        QVERIFY2(QString::fromStdString(e.what()).contains(QStringLiteral("schema 8, older than")), e.what());
    }
    std::thread upgrade([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        Project::open(old);
    });
    auto waited = Project::openReadOnly(old, std::chrono::seconds(20));
    upgrade.join();
    QCOMPARE(waited->schemaVersion(), Project::kSchemaVersion);
    QCOMPARE(waited->datasets().size(), std::size_t{0});
}

QTEST_GUILESS_MAIN(TestProject)
#include "tst_project.moc"
