// SPDX-License-Identifier: GPL-3.0-or-later
// Pseudonyms that hold against whoever has the project file: the attack that re-identified every
// ML-100K user (the key read from the file, HMAC over the candidate ids) finds no one, whatever
// 32 bytes of the file it tries as the key; key files link imports; an old project's stored key
// can be moved out or destroyed, after which the same attack fails.
#include "encryptionswitch.h"
#include "engine/core/errors.h"
#include "engine/core/keyring.h"
#include "engine/core/progress.h"
#include "engine/data/importer.h"
#include "engine/data/pseudonymizer.h"
#include "engine/data/pseudonymkey.h"
#include "engine/store/project.h"
#include "engine/store/sqlitedb.h"
#include "testsupport.h"

#include <QDateTime>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <sodium.h>
#include <sys/stat.h>

#include <set>

using namespace recscope::engine;

class TestPseudonyms : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void attackFromTheFileFindsNoOne_data();
    void attackFromTheFileFindsNoOne();
    void keyFileLinksImportsAndProjects();
    void irreversibleKeysNeverRepeat();
    void passphraseDerivesTheSameKey();
    void badKeyFileIsNamed();
    void storedKeyCanBeMovedOut();
    void storedKeyCanBeDestroyed();
    void unusedStoredKeyGoesOnOpen();
    void keyringLinksImportsAndProjects();
    void storedKeyCanBeMovedToTheKeyring();

private:
    std::string path(const char *name) const { return m_dir->filePath(QString::fromLatin1(name)).toStdString(); }
    // 943 users with ML-100K's ids "1".."943", 30 items, as a CSV import.
    ImportRequest request(const char *name) const;
    // How many of the ids 1..943 someone holding only the files re-identifies: every 32-byte window
    // of the project file (and its -wal) tried as the key against the stored pseudonyms.
    static int reidentifiedFromFile(const std::string &project, const std::set<std::string> &pseudonyms);
    static int reidentifiedWithKey(const std::vector<unsigned char> &key, const std::set<std::string> &pseudonyms);
    static std::set<std::string> storedPseudonyms(Project &p, std::int64_t dataset);

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_csv;
};

void TestPseudonyms::init() {
    m_dir = std::make_unique<QTemporaryDir>();
    m_csv = m_dir->filePath(QStringLiteral("ml.csv"));
    QFile f(m_csv);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QByteArray rows = "user,item,rating,time\n";
    for (int u = 1; u <= 943; ++u)
        for (int k = 0; k < 3; ++k)
            rows += QByteArray::number(u) + ',' + QByteArray::number((u * 7 + k * 11) % 30) + ",4," +
                    QByteArray::number(880000000 + u * 10 + k) + '\n';
    f.write(rows);
}

ImportRequest TestPseudonyms::request(const char *name) const {
    ImportRequest r;
    r.format = "csv";
    r.path = m_csv.toStdString();
    r.name = name;
    r.pseudonymize = true;
    return r;
}

std::set<std::string> TestPseudonyms::storedPseudonyms(Project &p, std::int64_t dataset) {
    std::set<std::string> out;
    for (const auto &u : p.users(dataset))
        out.insert(u.externalId);
    return out;
}

int TestPseudonyms::reidentifiedWithKey(const std::vector<unsigned char> &key, const std::set<std::string> &pseudonyms) {
    const Pseudonymizer p(key);
    int found = 0;
    for (int id = 1; id <= 943; ++id)
        found += pseudonyms.count(p.pseudonym(std::to_string(id))) > 0;
    return found;
}

int TestPseudonyms::reidentifiedFromFile(const std::string &project, const std::set<std::string> &pseudonyms) {
    QByteArray bytes;
    for (const char *suffix : {"", "-wal"}) {
        QFile f(QString::fromStdString(project + suffix));
        if (f.open(QIODevice::ReadOnly))
            bytes += f.readAll();
    }
    // The pseudonym of "1" under each window as key: plain HMAC, as the attacker would compute it.
    int best = 0;
    for (qsizetype at = 0; at + 32 <= bytes.size(); ++at) {
        const auto *key = reinterpret_cast<const unsigned char *>(bytes.constData() + at);
        unsigned char mac[crypto_auth_hmacsha256_BYTES];
        crypto_auth_hmacsha256_state st;
        crypto_auth_hmacsha256_init(&st, key, 32);
        crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char *>("1"), 1);
        crypto_auth_hmacsha256_final(&st, mac);
        char hex[33];
        sodium_bin2hex(hex, sizeof hex, mac, 16);
        if (pseudonyms.count(std::string("u_") + hex) == 0) // a key that finds nobody is not the key
            continue;
        best = std::max(best, reidentifiedWithKey(std::vector<unsigned char>(key, key + 32), pseudonyms));
    }
    return best;
}

void TestPseudonyms::attackFromTheFileFindsNoOne_data() {
    QTest::addColumn<bool>("keyed");
    QTest::newRow("keyed (key file)") << true;
    QTest::newRow("irreversible") << false;
}

void TestPseudonyms::attackFromTheFileFindsNoOne() {
    QFETCH(bool, keyed);
    const auto file = path("p.recscope");
    std::set<std::string> pseudonyms;
    {
        auto p = Project::openOrCreate(file);
        auto r = request("ml");
        if (keyed) {
            r.pseudonymKey.kind = PseudonymKeySource::Kind::KeyFile;
            r.pseudonymKey.keyFile = path("people.key"); // created: it did not exist
        }
        NullProgress none;
        const auto report = importDataset(*p, r, none);
        pseudonyms = storedPseudonyms(*p, report.datasetId);
        QCOMPARE(pseudonyms.size(), std::size_t(943));
        const auto info = p->dataset(report.datasetId);
        QCOMPARE(info->pseudonymKind, std::string(keyed ? "keyed" : "irreversible"));
        QCOMPARE(info->pseudonymKeyId.empty(), !keyed);
        QVERIFY(!p->metaBlob("pseudonym_key"));
        QVERIFY(!p->hasStoredPseudonymKey());
    }
    QCOMPARE(reidentifiedFromFile(file, pseudonyms), 0);
    if (keyed) {
        // The key file, which the analyst keeps apart, is the key: it re-identifies everyone,
        // which shows the attack itself works.
        const auto key = readPseudonymKeyFile(path("people.key"));
        QCOMPARE(reidentifiedWithKey(std::vector<unsigned char>(key.data(), key.data() + key.size()), pseudonyms), 943);
        struct stat st {};
        QCOMPARE(::stat(path("people.key").c_str(), &st), 0);
        QCOMPARE(st.st_mode & 0777, 0600u);
    }
}

void TestPseudonyms::keyFileLinksImportsAndProjects() {
    auto a = Project::openOrCreate(path("a.recscope"));
    auto b = Project::openOrCreate(path("b.recscope"));
    auto r = request("first");
    r.pseudonymKey.kind = PseudonymKeySource::Kind::KeyFile;
    r.pseudonymKey.keyFile = path("k.key");
    NullProgress none;
    const auto first = importDataset(*a, r, none);
    r.name = "second";
    const auto second = importDataset(*a, r, none);
    const auto other = importDataset(*b, r, none);
    QCOMPARE(storedPseudonyms(*a, first.datasetId), storedPseudonyms(*a, second.datasetId));
    QCOMPARE(storedPseudonyms(*a, first.datasetId), storedPseudonyms(*b, other.datasetId));
    QCOMPARE(a->dataset(first.datasetId)->pseudonymKeyId, b->dataset(other.datasetId)->pseudonymKeyId);
    // No raw id anywhere in the user table.
    QCOMPARE(a->db().queryInt("SELECT count(*) FROM users WHERE ext_id IN ('1','2','943')"), 0);
}

void TestPseudonyms::irreversibleKeysNeverRepeat() {
    auto p = Project::openOrCreate(path("i.recscope"));
    NullProgress none;
    const auto x = importDataset(*p, request("x"), none);
    const auto y = importDataset(*p, request("y"), none);
    const auto px = storedPseudonyms(*p, x.datasetId), py = storedPseudonyms(*p, y.datasetId);
    std::vector<std::string> common;
    std::set_intersection(px.begin(), px.end(), py.begin(), py.end(), std::back_inserter(common));
    QVERIFY(common.empty());
}

void TestPseudonyms::passphraseDerivesTheSameKey() {
    auto p = Project::openOrCreate(path("pp.recscope"));
    auto r = request("one");
    r.pseudonymKey.kind = PseudonymKeySource::Kind::Passphrase;
    r.pseudonymKey.passphrase = "seven horses eat blue hay";
    NullProgress none;
    const auto one = importDataset(*p, r, none);
    r.name = "two";
    r.pseudonymKey.passphrase = "seven horses eat blue hay";
    const auto two = importDataset(*p, r, none);
    r.name = "three";
    r.pseudonymKey.passphrase = "another passphrase";
    const auto three = importDataset(*p, r, none);
    QCOMPARE(storedPseudonyms(*p, one.datasetId), storedPseudonyms(*p, two.datasetId));
    QVERIFY(storedPseudonyms(*p, one.datasetId) != storedPseudonyms(*p, three.datasetId));
    QCOMPARE(p->dataset(one.datasetId)->pseudonymKind, std::string("keyed"));
    QCOMPARE(reidentifiedFromFile(p->path(), storedPseudonyms(*p, one.datasetId)), 0);
}

void TestPseudonyms::badKeyFileIsNamed() {
    const QString file = m_dir->filePath(QStringLiteral("bad.key"));
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("# a comment\nrecscope-pseudonym-key 1 abcd\n");
    f.close();
    try {
        readPseudonymKeyFile(file.toStdString());
        QFAIL("read a short key");
    } catch (const EngineError &e) {
        QCOMPARE(e.kind(), ErrorKind::BadInput);
        QCOMPARE(e.where().file, file.toStdString());
        QCOMPARE(e.where().line, std::int64_t(2));
        QCOMPARE(e.where().field, std::string("key"));
    }
    // A key file is never overwritten: the pseudonyms made with it would be lost.
    QVERIFY_THROWS_EXCEPTION(EngineError, writePseudonymKeyFile(file.toStdString(), SecretBytes::random(32)));
    QVERIFY(QFile(file).size() > 0);
}

namespace {
// A project as schema 8 left it: the key in `meta`, the dataset pseudonymized with it.
std::set<std::string> makeOldProject(const std::string &file, const QString &csv, std::vector<unsigned char> &key) {
    auto p = Project::openOrCreate(file);
    key.assign(32, 0);
    for (std::size_t i = 0; i < key.size(); ++i)
        key[i] = static_cast<unsigned char>(i * 37 + 11);
    ImportRequest r;
    r.format = "csv";
    r.path = csv.toStdString();
    r.name = "old";
    NullProgress none;
    const auto report = importDataset(*p, r, none);
    const Pseudonymizer ps(key);
    SqliteStatement update(p->db(), "UPDATE users SET ext_id = ? WHERE dataset_id = ? AND ext_id = ?");
    std::set<std::string> out;
    for (const auto &u : p->users(report.datasetId)) {
        out.insert(ps.pseudonym(u.externalId));
        update.bind(1, ps.pseudonym(u.externalId)).bind(2, report.datasetId).bind(3, u.externalId).exec();
    }
    p->setMetaBlob("pseudonym_key", key);
    p->db().exec("UPDATE datasets SET pseudonymized = 1, pseudonym_kind = 'stored-key'");
    return out;
}
} // namespace

void TestPseudonyms::storedKeyCanBeMovedOut() {
    const auto file = path("old.recscope");
    std::vector<unsigned char> key;
    const auto pseudonyms = makeOldProject(file, m_csv, key);
    // The attack of the issue: the key read from the file finds all 943 people.
    {
        auto p = Project::open(file);
        QVERIFY(p->hasStoredPseudonymKey());
        QCOMPARE(reidentifiedWithKey(p->storedPseudonymKey(), pseudonyms), 943);
    }
    QProcess cli;
    cli.start(QStringLiteral(RECSCOPE_CLI_PATH), QStringList{QStringLiteral("pseudonym-key"), QStringLiteral("--project"),
                                                             QString::fromStdString(file), QStringLiteral("--export"),
                                                             QString::fromStdString(path("moved.key"))} +
                                                     recscope::test::cliPassphraseArgs(m_dir->path()));
    QVERIFY(cli.waitForFinished(60000));
    QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
    {
        auto p = Project::open(file);
        QVERIFY(!p->hasStoredPseudonymKey());
        const auto info = p->datasets().front();
        QCOMPARE(info.pseudonymKind, std::string("keyed"));
        const auto moved = readPseudonymKeyFile(path("moved.key"));
        QCOMPARE(info.pseudonymKeyId, pseudonymKeyId(moved));
        QCOMPARE(reidentifiedWithKey(std::vector<unsigned char>(moved.data(), moved.data() + moved.size()), pseudonyms), 943);
    }
    QCOMPARE(reidentifiedFromFile(file, pseudonyms), 0);
}

void TestPseudonyms::storedKeyCanBeDestroyed() {
    const auto file = path("old.recscope");
    std::vector<unsigned char> key;
    const auto pseudonyms = makeOldProject(file, m_csv, key);
    {
        auto p = Project::open(file);
        QVERIFY(p->removeStoredPseudonymKey("irreversible", ""));
        QCOMPARE(p->datasets().front().pseudonymKind, std::string("irreversible"));
    }
    QCOMPARE(reidentifiedFromFile(file, pseudonyms), 0);
    // Not a byte of the key is left in the file or beside it.
    QByteArray bytes;
    for (const char *suffix : {"", "-wal"}) {
        QFile f(QString::fromStdString(file + suffix));
        if (f.open(QIODevice::ReadOnly))
            bytes += f.readAll();
    }
    QVERIFY(!bytes.contains(QByteArray(reinterpret_cast<const char *>(key.data()), 32)));
}

void TestPseudonyms::unusedStoredKeyGoesOnOpen() {
    const auto file = path("unused.recscope");
    {
        auto p = Project::openOrCreate(file);
        p->setMetaBlob("pseudonym_key", std::vector<unsigned char>(32, 9));
    }
    auto p = Project::open(file);
    QVERIFY(!p->hasStoredPseudonymKey());
}

namespace {
// The keyring cases need a Secret Service: tests/with-keyring.sh starts one, or says why not.
#define REQUIRE_KEYRING()                                                                                  \
    do {                                                                                                   \
        if (qEnvironmentVariableIsSet("RECSCOPE_TEST_NO_KEYRING"))                                         \
            QSKIP(qPrintable("no system keyring: " + qEnvironmentVariable("RECSCOPE_TEST_NO_KEYRING")));    \
    } while (false)
} // namespace

// A keyring entry works as a key file does: created on first use, the same pseudonyms in other
// imports and projects, and the key in neither project file.
void TestPseudonyms::keyringLinksImportsAndProjects() {
    REQUIRE_KEYRING();
    const std::string name = "tst_pseudonyms " + std::to_string(QDateTime::currentMSecsSinceEpoch());
    QVERIFY(!keyring::lookup(name));
    auto r = request("first");
    r.pseudonymKey.kind = PseudonymKeySource::Kind::Keyring;
    r.pseudonymKey.keyringName = name;
    NullProgress none;
    std::set<std::string> first, other;
    std::string firstId;
    {
        auto a = Project::openOrCreate(path("a.recscope"));
        const auto report = importDataset(*a, r, none);
        first = storedPseudonyms(*a, report.datasetId);
        firstId = a->dataset(report.datasetId)->pseudonymKeyId;
        QCOMPARE(a->dataset(report.datasetId)->pseudonymKind, std::string("keyed"));
    }
    const auto key = keyring::lookup(name);
    QVERIFY(key && key->size() == 32);
    QCOMPARE(firstId, pseudonymKeyId(*key));
    {
        auto b = Project::openOrCreate(path("b.recscope"));
        r.name = "other";
        other = storedPseudonyms(*b, importDataset(*b, r, none).datasetId);
    }
    QCOMPARE(first, other);
    QCOMPARE(reidentifiedWithKey(std::vector<unsigned char>(key->data(), key->data() + key->size()), first), 943);
    QCOMPARE(reidentifiedFromFile(path("a.recscope"), first), 0);
    QCOMPARE(reidentifiedFromFile(path("b.recscope"), other), 0);
    // Something else filed under the name is refused, not used as a key.
    QVERIFY(keyring::remove(name));
    QVERIFY(!keyring::remove(name));
    keyring::store(name, "not a key", SecretBytes("short", 5));
    auto c = Project::openOrCreate(path("c.recscope"));
    QString e;
    try {
        importDataset(*c, r, none);
    } catch (const EngineError &error) {
        e = QString::fromStdString(error.what());
    }
    QVERIFY2(e.contains(QStringLiteral("5-byte secret, not a pseudonym key")), qPrintable(e));
    keyring::remove(name);
}

// recscope-cli pseudonym-key --to-keyring: the old project's key goes into a new keyring entry,
// out of the file, and the datasets become keyed with its id; an existing entry is never replaced.
void TestPseudonyms::storedKeyCanBeMovedToTheKeyring() {
    REQUIRE_KEYRING();
    const auto file = path("old.recscope");
    std::vector<unsigned char> key;
    const auto pseudonyms = makeOldProject(file, m_csv, key);
    const QString name = QStringLiteral("tst_pseudonyms moved %1").arg(QDateTime::currentMSecsSinceEpoch());
    const auto moveTo = [&](const QString &entry) {
        QProcess cli;
        cli.start(QStringLiteral(RECSCOPE_CLI_PATH), QStringList{QStringLiteral("pseudonym-key"), QStringLiteral("--project"),
                                                                 QString::fromStdString(file), QStringLiteral("--to-keyring"), entry} +
                                                         recscope::test::cliPassphraseArgs(m_dir->path()));
        cli.waitForFinished(60000);
        return std::make_pair(cli.exitCode(), QString::fromUtf8(cli.readAllStandardError()));
    };
    keyring::store(name.toStdString() + " taken", "taken", SecretBytes::random(32));
    const auto [takenExit, takenError] = moveTo(name + QStringLiteral(" taken"));
    QVERIFY2(takenExit == 2 && takenError.contains(QStringLiteral("already has an entry")), qPrintable(takenError));
    QVERIFY(Project::open(file)->hasStoredPseudonymKey()); // untouched
    const auto [exitCode, error] = moveTo(name);
    QVERIFY2(exitCode == 0, qPrintable(error));
    const auto moved = keyring::lookup(name.toStdString());
    QVERIFY(moved);
    QCOMPARE(std::vector<unsigned char>(moved->data(), moved->data() + moved->size()), key);
    {
        auto p = Project::open(file);
        QVERIFY(!p->hasStoredPseudonymKey());
        QCOMPARE(p->datasets().front().pseudonymKind, std::string("keyed"));
        QCOMPARE(p->datasets().front().pseudonymKeyId, pseudonymKeyId(*moved));
    }
    QCOMPARE(reidentifiedFromFile(file, pseudonyms), 0);
    keyring::remove(name.toStdString());
    keyring::remove(name.toStdString() + " taken");
}

QTEST_GUILESS_MAIN(TestPseudonyms)
#include "tst_pseudonyms.moc"
