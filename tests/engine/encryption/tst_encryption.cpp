// SPDX-License-Identifier: GPL-3.0-or-later
// Encrypted project files: nothing readable in the file, its WAL or its shared memory; a wrong
// passphrase is refused and changes nothing; a flipped byte is reported as damage, never read as
// data; encrypt, rekey and decrypt keep every row; a kill during an encrypted import leaves a file
// that opens and passes its integrity check.
#include "engine/core/errors.h"
#include "engine/core/progress.h"
#include "engine/data/importer.h"
#include "engine/store/encryption.h"
#include "engine/store/project.h"
#include "engine/store/sqlitedb.h"
#include "testsupport.h"

#include <QCryptographicHash>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <csignal>
#include <thread>

using namespace recscope::engine;

namespace {
const char *const kPassphrase = "correct horse battery staple";
const QByteArray kTitle = "Toy Story (1995)";
const QByteArray kUserId = "analyst-user-000777";
} // namespace

class TestEncryption : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void nothingReadableInTheFiles();
    void wrongPassphraseChangesNothing();
    void flippedByteIsDamage_data();
    void flippedByteIsDamage();
    void encryptRekeyDecryptKeepEveryRow();
    void sessionPassphraseEncryptsNewProjects();
    void killDuringEncryptedImport();
    void threadsShareTheKey();

private:
    std::string path(const char *name) const { return m_dir->filePath(QString::fromLatin1(name)).toStdString(); }
    // One dataset from m_csv (titles, user ids) into `project`, or into the project at `file`.
    std::int64_t importInto(Project &project, bool pseudonymize = false);
    void importInto(const std::string &file) { importInto(*Project::openOrCreate(file)); }
    // Every row a reader sees: datasets, users, items, sequences, and the integrity check.
    static QByteArray readEverything(const std::string &file);
    static QByteArray fileBytes(const std::string &file);

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_csv, m_items;
};

void TestEncryption::init() {
    m_dir = std::make_unique<QTemporaryDir>();
    m_csv = m_dir->filePath(QStringLiteral("log.csv"));
    m_items = m_dir->filePath(QStringLiteral("items.csv"));
    QFile f(m_csv);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QByteArray rows = "user,item,rating,time\n";
    for (int u = 0; u < 400; ++u)
        for (int k = 0; k < 12; ++k)
            rows += (u == 7 ? kUserId : "user-" + QByteArray::number(u)) + ',' + QByteArray::number((u + k * 13) % 60) +
                    ",4," + QByteArray::number(900000000 + u * 100 + k) + '\n';
    f.write(rows);
    QFile items(m_items);
    QVERIFY(items.open(QIODevice::WriteOnly));
    QByteArray table = "item,title\n";
    for (int i = 0; i < 60; ++i)
        table += QByteArray::number(i) + ',' + (i == 5 ? kTitle : "Film number " + QByteArray::number(i)) + '\n';
    items.write(table);
}

void TestEncryption::cleanup() { clearSessionPassphrase(); }

std::int64_t TestEncryption::importInto(Project &p, bool pseudonymize) {
    ImportRequest r;
    r.format = "csv";
    r.path = m_csv.toStdString();
    r.itemsPath = m_items.toStdString();
    r.name = "films";
    r.pseudonymize = pseudonymize;
    NullProgress none;
    return importDataset(p, r, none).datasetId;
}

QByteArray TestEncryption::readEverything(const std::string &file) {
    auto p = Project::open(file);
    QByteArray out;
    for (const auto &d : p->datasets()) {
        out += QByteArray::fromStdString(d.name + d.fingerprint);
        for (const auto &u : p->users(d.id))
            out += QByteArray::fromStdString(u.externalId);
        for (const auto &i : p->items(d.id))
            out += QByteArray::fromStdString(i.externalId + i.title);
        const auto t = p->interactions(d.id);
        out += QByteArray(reinterpret_cast<const char *>(t.item.data()), static_cast<qsizetype>(t.item.size() * 4));
    }
    out += QByteArray::fromStdString(p->db().queryText("PRAGMA integrity_check").value_or("none"));
    return out;
}

QByteArray TestEncryption::fileBytes(const std::string &file) {
    QFile f(QString::fromStdString(file));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void TestEncryption::nothingReadableInTheFiles() {
    const auto file = path("secret.recscope");
    encryptNewProject(file, kPassphrase, KdfCost::minimal());
    auto p = Project::openOrCreate(file);
    QVERIFY(p->encrypted());
    const auto dataset = importInto(*p, true);
    const auto pseudonym = QByteArray::fromStdString(p->users(dataset).front().externalId);
    QVERIFY(pseudonym.startsWith("u_"));
    // While the project is open: the database, its WAL and its shared memory.
    QVERIFY(QFile::exists(QString::fromStdString(file + "-wal")));
    for (const char *suffix : {"", "-wal", "-shm"}) {
        const QByteArray bytes = fileBytes(file + suffix);
        QVERIFY2(!bytes.contains("SQLite format 3"), suffix);
        QVERIFY2(!bytes.contains(kTitle), suffix);
        QVERIFY2(!bytes.contains("Film number"), suffix);
        QVERIFY2(!bytes.contains(pseudonym), suffix);
        QVERIFY2(!bytes.contains("CREATE TABLE"), suffix);
    }
    p.reset();
    const QByteArray closed = fileBytes(file);
    QVERIFY(!closed.contains("SQLite format 3") && !closed.contains(kTitle) && !closed.contains(pseudonym));

    // Plain SQLite sees no database in it.
    QVERIFY_THROWS_EXCEPTION(EngineError, SqliteDb(file, SqliteDb::Mode::OpenExisting).queryInt("SELECT count(*) FROM sqlite_master"));

    // Without the key in this process the project asks for its passphrase.
    lockProject(file);
    try {
        Project::open(file);
        QFAIL("opened an encrypted project without its passphrase");
    } catch (const EngineError &e) {
        QCOMPARE(e.kind(), ErrorKind::Passphrase);
    }
    unlockProject(file, kPassphrase);
    auto again = Project::open(file);
    QCOMPARE(again->items(dataset).at(5).title, kTitle.toStdString());
    QCOMPARE(again->users(dataset).front().externalId, pseudonym.toStdString());
    QCOMPARE(again->db().queryText("PRAGMA integrity_check").value_or(""), std::string("ok"));
}

void TestEncryption::wrongPassphraseChangesNothing() {
    const auto file = path("w.recscope");
    encryptNewProject(file, kPassphrase, KdfCost::minimal());
    importInto(file);
    lockProject(file);
    const QByteArray before = QCryptographicHash::hash(fileBytes(file), QCryptographicHash::Sha256);
    try {
        unlockProject(file, "correct horse battery stapler");
        QFAIL("a wrong passphrase was taken");
    } catch (const EngineError &e) {
        QCOMPARE(e.kind(), ErrorKind::Passphrase);
        QVERIFY2(std::string(e.what()).find("wrong passphrase") != std::string::npos, e.what());
    }
    QVERIFY(!isProjectUnlocked(file));
    QCOMPARE(QCryptographicHash::hash(fileBytes(file), QCryptographicHash::Sha256), before);
    QVERIFY(!QFile::exists(QString::fromStdString(file + "-wal")));
}

void TestEncryption::flippedByteIsDamage_data() {
    QTest::addColumn<qint64>("offset");
    QTest::newRow("header: salt") << qint64(50);
    QTest::newRow("header: padding") << qint64(2000);
    QTest::newRow("page 1: schema") << qint64(4096 + 300);
    QTest::newRow("page 1: nonce") << qint64(2 * 4096 - 30);
    QTest::newRow("page 1: tag") << qint64(2 * 4096 - 3);
    QTest::newRow("page 3") << qint64(3 * 4096 + 1000);
    QTest::newRow("middle page") << qint64(-2); // half-way through the file
    QTest::newRow("last page") << qint64(-1);
}

void TestEncryption::flippedByteIsDamage() {
    QFETCH(qint64, offset);
    const auto file = path("f.recscope");
    encryptNewProject(file, kPassphrase, KdfCost::minimal());
    importInto(file);
    const QByteArray good = readEverything(file);
    lockProject(file);
    QByteArray bytes = fileBytes(file);
    QVERIFY(bytes.size() > 8 * 4096);
    const qint64 at = offset == -1 ? bytes.size() - 100 : offset == -2 ? (bytes.size() / 4096 / 2) * 4096 + 777 : offset;
    bytes[at] = static_cast<char>(bytes[at] ^ 0x10);
    QFile out(QString::fromStdString(file));
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(bytes);
    out.close();
    try {
        unlockProject(file, kPassphrase);
        const QByteArray read = readEverything(file);
        QVERIFY2(read == good, "a damaged file was read as different data");
        QFAIL("a flipped byte went unnoticed");
    } catch (const EngineError &e) {
        const std::string what = e.what();
        QVERIFY2(e.kind() == ErrorKind::Project, e.what());
        QVERIFY2(what.find("damaged") != std::string::npos || what.find("altered") != std::string::npos, e.what());
    }
}

void TestEncryption::encryptRekeyDecryptKeepEveryRow() {
    const auto file = path("c.recscope");
    importInto(file);
    const QByteArray plain = readEverything(file);
    QVERIFY(fileBytes(file).startsWith("SQLite format 3"));

    encryptProject(file, kPassphrase, KdfCost::minimal());
    QVERIFY(isEncryptedProjectFile(file));
    QVERIFY(!fileBytes(file).contains(kTitle));
    QCOMPARE(readEverything(file), plain);

    changeProjectPassphrase(file, "a new passphrase", KdfCost::minimal());
    lockProject(file);
    QVERIFY_THROWS_EXCEPTION(EngineError, unlockProject(file, kPassphrase));
    unlockProject(file, "a new passphrase");
    QCOMPARE(readEverything(file), plain);

    decryptProject(file);
    QVERIFY(fileBytes(file).startsWith("SQLite format 3"));
    QVERIFY(!isProjectUnlocked(file));
    QCOMPARE(readEverything(file), plain);
    // No converted copy is left beside it.
    QCOMPARE(QDir(m_dir->path()).entryList({QStringLiteral("c.recscope.*")}, QDir::Files), QStringList());
}

void TestEncryption::sessionPassphraseEncryptsNewProjects() {
    setSessionPassphrase(kPassphrase, KdfCost::minimal());
    const auto file = path("s.recscope");
    importInto(file);
    QVERIFY(isEncryptedProjectFile(file));
    lockProject(file);
    QVERIFY(Project::open(file)->encrypted()); // unlocked again with the session's passphrase
    clearSessionPassphrase();
    lockProject(file);
    QVERIFY_THROWS_EXCEPTION(EngineError, Project::open(file));
}

void TestEncryption::killDuringEncryptedImport() {
    const QString project = QString::fromStdString(path("k.recscope"));
    const QString passFile = m_dir->filePath(QStringLiteral("pass.txt"));
    QFile pf(passFile);
    QVERIFY(pf.open(QIODevice::WriteOnly));
    pf.write(QByteArray(kPassphrase) + '\n');
    pf.close();
    const QStringList common = {QStringLiteral("--passphrase-file"), passFile, QStringLiteral("--kdf-cost"), QStringLiteral("minimal")};
    QProcess first;
    first.start(QStringLiteral(RECSCOPE_CLI_PATH), QStringList{QStringLiteral("import"), QStringLiteral("--project"), project,
                                                               QStringLiteral("--format"), QStringLiteral("csv"),
                                                               QStringLiteral("--name"), QStringLiteral("kept"), m_csv} + common);
    QVERIFY(first.waitForFinished(60000));
    QVERIFY2(first.exitCode() == 0, first.readAllStandardError().constData());
    // A second import, large enough to report its storing stage, held inside its write
    // transaction and killed there.
    const QString big = m_dir->filePath(QStringLiteral("big.csv"));
    QFile bf(big);
    QVERIFY(bf.open(QIODevice::WriteOnly));
    QByteArray rows = "user,item,rating,time\n";
    for (int i = 0; i < 300'000; ++i)
        rows += QByteArray::number(i % 5000) + ',' + QByteArray::number((i * 7) % 900) + ",4," + QByteArray::number(900000000 + i) + '\n';
    bf.write(rows);
    bf.close();
    QProcess p;
    const QByteArray seen = recscope::test::startCliAndWaitUntilStalled(
        p, QStringList{QStringLiteral("import"), QStringLiteral("--project"), project, QStringLiteral("--format"),
                       QStringLiteral("csv"), QStringLiteral("--name"), QStringLiteral("victim"), QStringLiteral("--progress"),
                       QStringLiteral("--stall-at"), QStringLiteral("storing interactions"), big} + common);
    QVERIFY2(seen.contains("stalled in"), seen.right(400).constData());
    ::kill(static_cast<pid_t>(p.processId()), SIGKILL);
    p.waitForFinished();
    unlockProject(project.toStdString(), kPassphrase);
    auto opened = Project::open(project.toStdString()); // runs the integrity check
    QCOMPARE(opened->db().queryText("PRAGMA integrity_check").value_or(""), std::string("ok"));
    QCOMPARE(opened->datasets().size(), std::size_t(1));
    QCOMPARE(opened->datasets().front().name, std::string("kept"));
}

void TestEncryption::threadsShareTheKey() {
    // One connection per thread, as the workbench's jobs open them: four threads read an encrypted
    // project while a fifth writes to it; every read sees whole datasets (run under ThreadSanitizer
    // by scripts/sanitize.sh ci).
    const auto file = path("t.recscope");
    encryptNewProject(file, kPassphrase, KdfCost::minimal());
    importInto(file);
    std::atomic<bool> writing{true};
    std::atomic<int> reads{0}, errors{0};
    std::vector<std::thread> readers;
    for (int t = 0; t < 4; ++t)
        readers.emplace_back([&] {
            try {
                while (writing) {
                    auto p = Project::open(file);
                    for (const auto &d : p->datasets())
                        if (p->interactions(d.id).size() != static_cast<std::size_t>(d.interactions))
                            ++errors;
                    ++reads;
                }
            } catch (const std::exception &) {
                ++errors;
            }
        });
    {
        auto p = Project::open(file);
        for (int i = 0; i < 5; ++i) {
            ImportRequest r;
            r.format = "csv";
            r.path = m_csv.toStdString();
            r.name = "copy " + std::to_string(i);
            NullProgress none;
            importDataset(*p, r, none);
        }
    }
    writing = false;
    for (auto &t : readers)
        t.join();
    QCOMPARE(errors.load(), 0);
    QVERIFY(reads.load() > 0);
    QCOMPARE(Project::open(file)->datasets().size(), std::size_t(6));
}

QTEST_GUILESS_MAIN(TestEncryption)
#include "tst_encryption.moc"
