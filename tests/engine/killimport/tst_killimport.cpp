// SPDX-License-Identifier: GPL-3.0-or-later
// kill -9 in the middle of an import (while reading and while writing) loses nothing stored.
// The CLI's hidden --stall-at holds the import inside a stage so the kill lands there.
#include "engine/core/errors.h"
#include "engine/core/progress.h"
#include "engine/data/importer.h"
#include "engine/store/project.h"
#include "engine/store/sqlitedb.h"
#include "encryptionswitch.h"
#include "testsupport.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace recscope::engine;

class TestKillImport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void killMidImport_data();
    void killMidImport();
    void secondWriterIsToldTheProjectIsBusy();
    void killMidTraining();

private:
    int runCli(const QStringList &args);
    QTemporaryDir m_dir;
    QString m_project, m_big;
};

int TestKillImport::runCli(const QStringList &args) {
    QProcess p;
    p.start(QStringLiteral(RECSCOPE_CLI_PATH), args + recscope::test::cliPassphraseArgs(m_dir.path()));
    p.waitForFinished(120000);
    return p.exitCode();
}

void TestKillImport::initTestCase() {
    m_project = m_dir.filePath(QStringLiteral("k.recscope"));
    const QString small = m_dir.filePath(QStringLiteral("small.csv"));
    QFile s(small);
    QVERIFY(s.open(QIODevice::WriteOnly));
    s.write("user,item,rating\n1,a,5\n1,b,4\n2,a,3\n");
    s.close();
    QCOMPARE(runCli({QStringLiteral("import"), QStringLiteral("--project"), m_project, QStringLiteral("--format"),
                     QStringLiteral("csv"), QStringLiteral("--name"), QStringLiteral("kept"), small}), 0);
    // About a million rows: long enough to be killed in either phase.
    m_big = m_dir.filePath(QStringLiteral("big.csv"));
    QFile f(m_big);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QByteArray chunk;
    for (int i = 0; i < 1'200'000; ++i) {
        chunk += QByteArray::number(i % 20000) + ',' + QByteArray::number((i * 7) % 3000) + ",4," + QByteArray::number(900000000 + i) + '\n';
        if (chunk.size() > (1 << 20)) {
            f.write(chunk);
            chunk.clear();
        }
    }
    f.write(chunk);
}

void TestKillImport::killMidImport_data() {
    QTest::addColumn<QString>("stage");
    QTest::newRow("while reading") << QStringLiteral("reading");
    QTest::newRow("while writing") << QStringLiteral("storing interactions");
}

void TestKillImport::killMidImport() {
    QFETCH(QString, stage);
    QProcess p;
    const QByteArray seen = recscope::test::startCliAndWaitUntilStalled(
        p, QStringList{QStringLiteral("import"), QStringLiteral("--project"), m_project, QStringLiteral("--format"),
                       QStringLiteral("csv"), QStringLiteral("--name"), QStringLiteral("victim"), QStringLiteral("--progress"),
                       QStringLiteral("--stall-at"), stage, m_big} +
               recscope::test::cliPassphraseArgs(m_dir.path()));
    const bool reached = seen.contains("stalled in " + stage.toUtf8());
    QVERIFY2(reached, seen.right(400).constData());
    ::kill(static_cast<pid_t>(p.processId()), SIGKILL);
    p.waitForFinished();
    QCOMPARE(p.exitStatus(), QProcess::CrashExit);

    // The project opens (integrity check included), holds the earlier dataset and nothing else.
    auto project = Project::open(m_project.toStdString());
    QCOMPARE(project->encrypted(), recscope::test::kEncryptionSwitch);
    const auto ds = project->datasets();
    QCOMPARE(ds.size(), std::size_t(1));
    QCOMPARE(ds.front().name, std::string("kept"));
    QCOMPARE(ds.front().interactions, 3);
    QCOMPARE(project->db().queryInt("SELECT sum(length) FROM sequences"), 3);
    QCOMPARE(project->db().queryInt("SELECT count(*) FROM users"), 2);
}

void TestKillImport::secondWriterIsToldTheProjectIsBusy() {
    // One process holds the project's write transaction (an import inside its storing stage);
    // a second writer waits SQLite's busy time, then is told the project is busy, and nothing of
    // either import is left half-written.
    QProcess p;
    const QByteArray seen = recscope::test::startCliAndWaitUntilStalled(
        p, QStringList{QStringLiteral("import"), QStringLiteral("--project"), m_project, QStringLiteral("--format"),
                       QStringLiteral("csv"), QStringLiteral("--name"), QStringLiteral("holder"), QStringLiteral("--progress"),
                       QStringLiteral("--stall-at"), QStringLiteral("storing interactions"), m_big} +
               recscope::test::cliPassphraseArgs(m_dir.path()));
    QVERIFY2(seen.contains("stalled in"), seen.right(400).constData());
    const QString small = m_dir.filePath(QStringLiteral("second.csv"));
    QFile s(small);
    QVERIFY(s.open(QIODevice::WriteOnly));
    s.write("user,item\n1,a\n2,b\n");
    s.close();
    ImportRequest r;
    r.format = "csv";
    r.path = small.toStdString();
    r.name = "second";
    NullProgress none;
    {
        auto project = Project::open(m_project.toStdString());
        try {
            importDataset(*project, r, none);
            QFAIL("two writers at once");
        } catch (const EngineError &e) {
            QCOMPARE(e.kind(), ErrorKind::Project);
            QVERIFY2(std::string(e.what()).find("busy") != std::string::npos, e.what());
        }
    }
    ::kill(static_cast<pid_t>(p.processId()), SIGKILL);
    p.waitForFinished();
    // Once the holder is gone the same import goes through, next to the earlier dataset only.
    auto project = Project::open(m_project.toStdString());
    importDataset(*project, r, none);
    std::vector<std::string> names;
    for (const auto &d : project->datasets())
        names.push_back(d.name);
    QCOMPARE(names, (std::vector<std::string>{"kept", "second"}));
    QCOMPARE(project->db().queryText("PRAGMA integrity_check").value_or(""), std::string("ok"));
}

void TestKillImport::killMidTraining() {
    // kill -9 while a SASRec trains (epochs and checkpoints being written): the project opens and
    // passes its integrity check, the run is interrupted with what it stored, and it resumes.
    const QString project = m_dir.filePath(QStringLiteral("train.recscope"));
    QCOMPARE(runCli({QStringLiteral("demo"), QStringLiteral("--project"), project}), 0);
    QProcess p;
    p.setProcessChannelMode(QProcess::SeparateChannels);
    p.start(QStringLiteral(RECSCOPE_CLI_PATH),
            QStringList{QStringLiteral("--threads"), QStringLiteral("1"), QStringLiteral("train"), QStringLiteral("--project"), project,
                        QStringLiteral("--dataset"), QStringLiteral("demo"), QStringLiteral("--model"), QStringLiteral("sasrec"),
                        QStringLiteral("--set"), QStringLiteral("epochs=40"), QStringLiteral("--set"), QStringLiteral("maxlen=50"),
                        QStringLiteral("--set"), QStringLiteral("hidden=32"), QStringLiteral("--name"), QStringLiteral("victim")} +
                recscope::test::cliPassphraseArgs(m_dir.path()));
    QVERIFY(p.waitForStarted());
    QByteArray seen;
    // Epoch lines go to stdout as each epoch is stored: the kill lands in the third.
    while (!seen.contains("epoch 2 ") && p.state() == QProcess::Running) {
        p.waitForReadyRead(100);
        seen += p.readAllStandardOutput();
    }
    QVERIFY2(seen.contains("epoch 2 "), (seen + p.readAllStandardError()).right(400).constData());
    QTest::qWait(300);
    ::kill(static_cast<pid_t>(p.processId()), SIGKILL);
    p.waitForFinished();
    {
        auto opened = Project::open(project.toStdString());
        QCOMPARE(opened->encrypted(), recscope::test::kEncryptionSwitch);
        QCOMPARE(opened->db().queryText("PRAGMA integrity_check").value_or(""), std::string("ok"));
        QVERIFY(opened->db().queryInt("SELECT count(*) FROM run_epochs") >= 2);
    }
    QCOMPARE(runCli({QStringLiteral("resume"), QStringLiteral("--project"), project, QStringLiteral("--run"), QStringLiteral("victim"),
                     QStringLiteral("--epochs"), QStringLiteral("4")}),
             0);
    auto opened = Project::open(project.toStdString());
    QCOMPARE(opened->db().queryText("SELECT status FROM runs WHERE name = 'victim'").value_or(""), std::string("finished"));
}

QTEST_GUILESS_MAIN(TestKillImport)
#include "tst_killimport.moc"
