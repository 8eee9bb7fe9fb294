// SPDX-License-Identifier: GPL-3.0-or-later
// The code's floors, read from its #include lines: the top-level folders only include downwards
// (app -> widgets -> reports -> engine), and so do the engine's own folders
// (core -> store -> data -> lm -> models -> training -> evaluation -> explain, export, privacy,
// efficiency). An include that climbs fails, naming its file and line; the few that still climb
// are listed below, each to be taken out, and one that no longer climbs must leave the list.
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
        {QStringLiteral("lm"), 3},        {QStringLiteral("models"), 4},     {QStringLiteral("training"), 5},
        {QStringLiteral("evaluation"), 6}, {QStringLiteral("explain"), 7},   {QStringLiteral("export"), 7},
        {QStringLiteral("privacy"), 7},   {QStringLiteral("efficiency"), 7}};
    return floors.value(folder, -1);
}

int topFloor(const QString &folder) {
    static const QHash<QString, int> floors = {
        {QStringLiteral("engine"), 0}, {QStringLiteral("reports"), 1}, {QStringLiteral("widgets"), 2}, {QStringLiteral("app"), 3}};
    return floors.value(folder, -1);
}

// Includes that still climb inside the engine (issue 26), as "file -> included folder".
const QSet<QString> kKnownClimbs = {
    QStringLiteral("engine/evaluation/runcomparison.cpp -> efficiency"),
    QStringLiteral("engine/models/biasedmfrecommender.cpp -> training"),
    QStringLiteral("engine/models/bprmfrecommender.cpp -> training"),
    QStringLiteral("engine/models/itemknnrecommender.cpp -> training"),
    QStringLiteral("engine/models/models.cpp -> training"),
    QStringLiteral("engine/models/popularityrecommender.cpp -> training"),
    QStringLiteral("engine/models/recommender.h -> training"),
    QStringLiteral("engine/models/textrecommender.cpp -> training"),
    QStringLiteral("engine/models/textrecommender.h -> evaluation"),
    QStringLiteral("engine/models/transformerrecommender.cpp -> training"),
    QStringLiteral("engine/training/sequencetrainer.cpp -> privacy"),
    QStringLiteral("engine/training/trainer.cpp -> privacy"),
    QStringLiteral("engine/training/trainer.cpp -> evaluation"),
};

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
    QSet<QString> climbs;
    for (const auto &inc : includesUnder(QStringLiteral("engine"))) {
        if (!inc.target.startsWith(QLatin1String("engine/")))
            continue;
        const QString from = inc.file.section(QLatin1Char('/'), 1, 1), to = inc.target.section(QLatin1Char('/'), 1, 1);
        QVERIFY2(engineFloor(from) >= 0, qPrintable(QStringLiteral("engine/%1/ has no floor: add it to tst_floors").arg(from)));
        QVERIFY2(engineFloor(to) >= 0, qPrintable(QStringLiteral("%1:%2 includes %3, in no known folder").arg(inc.file).arg(inc.line).arg(inc.target)));
        if (engineFloor(to) <= engineFloor(from))
            continue;
        const QString climb = inc.file + QStringLiteral(" -> ") + to;
        climbs.insert(climb);
        QVERIFY2(kKnownClimbs.contains(climb), qPrintable(QStringLiteral("%1:%2 includes %3: engine/%4/ is a floor above engine/%5/")
                                                               .arg(inc.file).arg(inc.line).arg(inc.target, to, from)));
    }
    for (const QString &known : kKnownClimbs)
        QVERIFY2(climbs.contains(known), qPrintable(QStringLiteral("no longer climbs, take it off tst_floors' list: ") + known));
}

QTEST_GUILESS_MAIN(TestFloors)
#include "tst_floors.moc"
