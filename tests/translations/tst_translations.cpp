// SPDX-License-Identifier: GPL-3.0-or-later
// recscope_zh_CN.ts is complete: nothing unfinished or obsolete, every source in the code is
// there, and placeholders and accelerators survive translation.
#include "testsupport.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

namespace {

struct Message {
    QString context, source, translation, type;
    bool numerus = false;
};

QList<Message> readTs(const QString &path) {
    QList<Message> out;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return out;
    QXmlStreamReader xml(&f);
    QString context;
    Message m;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        const auto name = xml.name();
        if (name == QLatin1String("name")) {
            context = xml.readElementText();
        } else if (name == QLatin1String("message")) {
            m = Message{context, {}, {}, {}, xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes")};
        } else if (name == QLatin1String("source")) {
            m.source = xml.readElementText();
        } else if (name == QLatin1String("translation")) {
            m.type = xml.attributes().value(QLatin1String("type")).toString();
            m.translation = xml.readElementText(QXmlStreamReader::IncludeChildElements);
            out.append(m);
        }
    }
    return out;
}

QSet<QString> placeholders(const QString &s) {
    QSet<QString> set;
    static const QRegularExpression re(QStringLiteral("%(\\d+|n)"));
    for (auto it = re.globalMatch(s); it.hasNext();)
        set.insert(it.next().captured(0));
    return set;
}

} // namespace

class TestTranslations : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void complete();
    void upToDateWithSources();
};

void TestTranslations::complete() {
    const auto messages = readTs(QStringLiteral(RECSCOPE_TS_ZH_CN));
    QVERIFY2(messages.size() > 200, "the .ts file could not be read");
    for (const auto &m : messages) {
        const QString where = m.context + QStringLiteral(": ") + m.source.left(60);
        QVERIFY2(m.type.isEmpty(), qPrintable(QStringLiteral("%1 is %2").arg(where, m.type)));
        QVERIFY2(!m.translation.trimmed().isEmpty(), qPrintable(QStringLiteral("no translation for ") + where));
        QVERIFY2(placeholders(m.source) == placeholders(m.translation),
                 qPrintable(QStringLiteral("placeholders differ in ") + where));
        if (m.source.contains(QRegularExpression(QStringLiteral("&[A-Za-z]"))))
            QVERIFY2(m.translation.contains(QRegularExpression(QStringLiteral("&[A-Za-z]"))),
                     qPrintable(QStringLiteral("lost accelerator in ") + where));
    }
}

void TestTranslations::upToDateWithSources() {
    QTemporaryDir dir;
    const QString fresh = dir.filePath(QStringLiteral("fresh_zh_CN.ts"));
    QProcess lupdate;
    lupdate.start(QStringLiteral(RECSCOPE_LUPDATE), {QStringLiteral("-project"), QStringLiteral(RECSCOPE_LUPDATE_PROJECT), QStringLiteral("-no-obsolete"),
                                                     QStringLiteral("-locations"), QStringLiteral("none"), QStringLiteral("-ts"), fresh});
    QVERIFY(lupdate.waitForFinished(120000));
    QCOMPARE(lupdate.exitCode(), 0);
    QSet<QString> inCode, inTs;
    for (const auto &m : readTs(fresh))
        inCode.insert(m.context + QLatin1Char('\x1f') + m.source);
    for (const auto &m : readTs(QStringLiteral(RECSCOPE_TS_ZH_CN)))
        inTs.insert(m.context + QLatin1Char('\x1f') + m.source);
    QVERIFY(inCode.size() > 200);
    for (const auto &s : inCode)
        QVERIFY2(inTs.contains(s), qPrintable(QStringLiteral("not in recscope_zh_CN.ts (run the update_translations "
                                                             "target, then translate it in the .ts): ") + s));
    for (const auto &s : inTs)
        QVERIFY2(inCode.contains(s), qPrintable(QStringLiteral("obsolete in recscope_zh_CN.ts: ") + s));
}

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"
