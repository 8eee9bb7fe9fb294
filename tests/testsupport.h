// SPDX-License-Identifier: GPL-3.0-or-later
// Helpers shared by the tests: where the real datasets are, temporary project files.
#pragma once

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>
#include <QTest>

namespace recscope::test {

// The folder with the real MovieLens data (../shared/data by default), or empty.
inline QString sharedDataDir() {
    QString dir = qEnvironmentVariable("RECSCOPE_DATA_DIR");
#ifdef RECSCOPE_DEFAULT_DATA_DIR
    if (dir.isEmpty())
        dir = QStringLiteral(RECSCOPE_DEFAULT_DATA_DIR);
#endif
    return !dir.isEmpty() && QFileInfo(dir).isDir() ? dir : QString();
}

inline std::string str(const QString &s) { return s.toStdString(); }

#ifdef RECSCOPE_CLI_PATH
// Starts recscope-cli with `args` (which name a stage with its hidden --stall-at and ask for
// --progress) and waits until it says it has stalled there: it then holds that stage, and any
// transaction it has open, until it is killed. Returns what it wrote on stderr.
inline QByteArray startCliAndWaitUntilStalled(QProcess &p, const QStringList &args) {
    p.setProcessChannelMode(QProcess::SeparateChannels);
    p.start(QStringLiteral(RECSCOPE_CLI_PATH), args);
    if (!p.waitForStarted())
        return {};
    QByteArray seen;
    while (!seen.contains("stalled in") && p.state() == QProcess::Running) {
        p.waitForReadyRead(100);
        seen += p.readAllStandardError();
    }
    return seen;
}
#endif

} // namespace recscope::test

// Skips the current test with a clear message when a real dataset is missing.
#define RECSCOPE_REQUIRE_SHARED(relative)                                                                   \
    const QString sharedPath = recscope::test::sharedDataDir() + QStringLiteral("/" relative);            \
    if (recscope::test::sharedDataDir().isEmpty() || !QFileInfo::exists(sharedPath))                       \
        QSKIP("real dataset " relative " not found: set RECSCOPE_DATA_DIR to the folder holding ml-100k "  \
              "and ml-1m (default ../shared/data)");

// The SentencePiece plugin (the text model's own tokenizer) is loaded with RTLD_DEEPBIND, which
// the ASan and TSan runtimes refuse: cases that train it skip in those builds.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define RECSCOPE_REQUIRE_PLUGINS() QSKIP("the SentencePiece plugin cannot be loaded in a sanitizer build (RTLD_DEEPBIND)")
#else
#define RECSCOPE_REQUIRE_PLUGINS() static_cast<void>(0)
#endif

// ThreadSanitizer refuses a process that starts threads after a multi-threaded fork (QProcess
// from a worker thread, as the workbench starts the ranks of a data-parallel run).
#if defined(__SANITIZE_THREAD__)
#define RECSCOPE_REQUIRE_FORK() QSKIP("ThreadSanitizer does not support starting processes from a multi-threaded one")
#else
#define RECSCOPE_REQUIRE_FORK() static_cast<void>(0)
#endif
