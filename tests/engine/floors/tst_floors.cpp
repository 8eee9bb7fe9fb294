// SPDX-License-Identifier: GPL-3.0-or-later
// The code's floors, read from its #include lines: the top-level folders only include downwards
// (app -> widgets -> reports -> engine), and so do the engine's own folders
// (core -> store -> data -> settings -> lm -> models -> training -> evaluation -> explain, export,
// privacy, efficiency -> comparison). An include that climbs fails, naming its file and line.
#include <QDirIterator>
#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

namespace {

const QString kRoot = QStringLiteral(RECSCOPE_SOURCE_DIR);

// Engine folders by floor: a file may include its own floor and those below.
int engineFloor(const QString &folder) {
    static const QHash<QString, int> floors = {
        {QStringLiteral("core"), 0},      {QStringLiteral("store"), 1},      {QStringLiteral("data"), 2},
        {QStringLiteral("settings"), 3},  {QStringLiteral("lm"), 4},         {QStringLiteral("models"), 5},
        {QStringLiteral("training"), 6},  {QStringLiteral("evaluation"), 7}, {QStringLiteral("explain"), 8},
        {QStringLiteral("export"), 8},    {QStringLiteral("privacy"), 8},    {QStringLiteral("efficiency"), 8},
        {QStringLiteral("comparison"), 9}};
    return floors.value(folder, -1);
}

int topFloor(const QString &folder) {
    static const QHash<QString, int> floors = {
        {QStringLiteral("engine"), 0}, {QStringLiteral("reports"), 1}, {QStringLiteral("widgets"), 2}, {QStringLiteral("app"), 3}};
    return floors.value(folder, -1);
}

struct Include {
    QString file; // relative to the repository
    int line;
    QString target; // the included path
};

QList<Include> includesUnder(const QString &folder) {
    static const QRegularExpression include(QStringLiteral("^\\s*#\\s*include\\s+\"([^\"]+)\""));
    QList<Include> out;
    QDirIterator it(kRoot + QLatin1Char('/') + folder, {QStringLiteral("*.h"), QStringLiteral("*.cpp")}, QDir::Files,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly | QIODevice::Text))
            continue;
        int line = 0;
        while (!f.atEnd()) {
            ++line;
            const auto m = include.match(QString::fromUtf8(f.readLine()));
            if (m.hasMatch())
                out.push_back({path.mid(kRoot.size() + 1), line, m.captured(1)});
        }
    }
    return out;
}

} // namespace

class TestFloors : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void topLevelIncludesGoDown();
    void engineIncludesGoDown();
};

void TestFloors::topLevelIncludesGoDown() {
    int seen = 0;
    for (const QString &folder : {QStringLiteral("engine"), QStringLiteral("reports"), QStringLiteral("widgets"), QStringLiteral("app")})
        for (const auto &inc : includesUnder(folder)) {
            const int target = topFloor(inc.target.section(QLatin1Char('/'), 0, 0));
            ++seen;
            QVERIFY2(target <= topFloor(folder), qPrintable(QStringLiteral("%1:%2 includes %3, a floor above %4/")
                                                                .arg(inc.file).arg(inc.line).arg(inc.target, folder)));
        }
    QVERIFY(seen > 500);
}

void TestFloors::engineIncludesGoDown() {
    int seen = 0;
    for (const auto &inc : includesUnder(QStringLiteral("engine"))) {
        if (!inc.target.startsWith(QLatin1String("engine/")))
            continue;
        const QString from = inc.file.section(QLatin1Char('/'), 1, 1), to = inc.target.section(QLatin1Char('/'), 1, 1);
        QVERIFY2(engineFloor(from) >= 0, qPrintable(QStringLiteral("engine/%1/ has no floor: add it to tst_floors").arg(from)));
        QVERIFY2(engineFloor(to) >= 0, qPrintable(QStringLiteral("%1:%2 includes %3, in no known folder").arg(inc.file).arg(inc.line).arg(inc.target)));
        ++seen;
        QVERIFY2(engineFloor(to) <= engineFloor(from), qPrintable(QStringLiteral("%1:%2 includes %3: engine/%4/ is a floor above engine/%5/")
                                                               .arg(inc.file).arg(inc.line).arg(inc.target, to, from)));
    }
    QVERIFY(seen > 300);
}

QTEST_GUILESS_MAIN(TestFloors)
#include "tst_floors.moc"
