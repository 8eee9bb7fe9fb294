// SPDX-License-Identifier: GPL-3.0-or-later
// The test suite's encryption switch: with RECSCOPE_TEST_PASSPHRASE set, every project a test
// creates is encrypted with that passphrase and every encrypted project is opened with it. CTest
// runs the store, import, training and project tests a second time so (their *_encrypted names).
#pragma once

#include "engine/store/encryption.h"

#include <QDir>
#include <QFile>
#include <QStringList>
#include <QtGlobal>

namespace recscope::test {

inline const bool kEncryptionSwitch = [] {
    const QByteArray passphrase = qgetenv("RECSCOPE_TEST_PASSPHRASE");
    if (!passphrase.isEmpty())
        engine::setSessionPassphrase(passphrase.toStdString(), engine::KdfCost::minimal());
    return !passphrase.isEmpty();
}();

// Arguments that give recscope-cli the switch's passphrase (written to a file in `dir`); none when
// the switch is off.
inline QStringList cliPassphraseArgs(const QString &dir) {
    if (!kEncryptionSwitch)
        return {};
    const QString file = QDir(dir).filePath(QStringLiteral("test-passphrase.txt"));
    QFile f(file);
    if (f.open(QIODevice::WriteOnly))
        f.write(qgetenv("RECSCOPE_TEST_PASSPHRASE") + '\n');
    return {QStringLiteral("--passphrase-file"), file, QStringLiteral("--kdf-cost"), QStringLiteral("minimal")};
}

} // namespace recscope::test
