// SPDX-License-Identifier: GPL-3.0-or-later
// Dataset statistics worked out by hand, the quality report, cleaned copies and the demo data.
#include "engine/data/datasetstats.h"
#include "engine/data/demogenerator.h"
#include "engine/core/errors.h"
#include "engine/data/importer.h"
#include "engine/core/progress.h"
#include "engine/store/project.h"
#include "testsupport.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace recscope::engine;

class TestDatasetStats : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void statsByHand();
    void qualityFindsPlantedProblems();
    void cleanedCopyFixesThem();
    void demoIsDeterministicAndHasRules();
    void demoProjectOpensWithRules();

private:
    std::int64_t importCsv(const QByteArray &csv, const QByteArray &items = {});
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Project> m_project;
};

void TestDatasetStats::init() {
    m_dir = std::make_unique<QTemporaryDir>();
    m_project = Project::openOrCreate(m_dir->filePath(QStringLiteral("p.recscope")).toStdString());
}

std::int64_t TestDatasetStats::importCsv(const QByteArray &csv, const QByteArray &items) {
    static int n = 0;
    const QString path = m_dir->filePath(QStringLiteral("in%1.csv").arg(++n));
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    f.write(csv);
    f.close();
    ImportRequest r;
    r.format = "csv";
    r.path = path.toStdString();
    if (!items.isEmpty()) {
        const QString ip = m_dir->filePath(QStringLiteral("items%1.csv").arg(n));
        QFile g(ip);
        g.open(QIODevice::WriteOnly);
        g.write(items);
        r.itemsPath = ip.toStdString();
    }
    NullProgress none;
    return importDataset(*m_project, r, none).datasetId;
}

void TestDatasetStats::statsByHand() {
    // Users: a has 3, b has 2, c has 1. Items: x 3, y 2, z 1.
    const auto id = importCsv("user,item,timestamp\na,x,1\na,y,2\na,z,3\nb,x,4\nb,y,5\nc,x,6\n");
    const auto s = computeStats(*m_project, id);
    QCOMPARE(s.users, 3);
    QCOMPARE(s.items, 3);
    QCOMPARE(s.interactions, 6);
    QCOMPARE(s.density, 6.0 / 9.0);
    QCOMPARE(s.historyMin, 1);
    QCOMPARE(s.historyMax, 3);
    QCOMPARE(s.historyMedian, 2.0);
    QCOMPARE(s.historyMean, 2.0);
    QCOMPARE(s.popularity, (std::vector<std::int64_t>{3, 2, 1}));
    // Gini of (1, 2, 3): sum (2i - n - 1) x_i / (n sum x) = (-2*1 + 0*2 + 2*3) / (3*6) = 4/18.
    QVERIFY(std::abs(s.giniItems - 4.0 / 18.0) < 1e-12);
    QCOMPARE(s.top10PercentShare, 3.0 / 6.0); // the top 10% of 3 items is the single most popular
    std::int64_t binned = 0;
    for (const auto &b : s.historyHistogram)
        binned += b.count;
    QCOMPARE(binned, 3);
    QCOMPARE(s.timeMin, 1);
    QCOMPARE(s.timeMax, 6);
}

void TestDatasetStats::qualityFindsPlantedProblems() {
    const auto id = importCsv("user,item,timestamp\n"
                              "a,x,100\na,x,200\na,y,0\na,ghost,300\n"
                              "b,x,100\nb,y,100\nb,z,99999999999\n",
                              "item_id,title,description\nx,Ex,\ny,,\nz,Zed,text\n");
    const auto q = checkQuality(*m_project, id, 2);
    QCOMPARE(q.duplicateInteractions, 1);
    QCOMPARE(q.usersWithDuplicates, 1);
    QVERIFY(q.hasCatalog);
    QCOMPARE(q.unknownItems, 1);                  // ghost
    QCOMPARE(q.interactionsWithUnknownItems, 1);
    QCOMPARE(q.itemsWithoutText, 2);              // y (empty) and ghost (never described)
    QCOMPARE(q.timestampsNonPositive, 1);
    QCOMPARE(q.timestampsInFuture, 1);            // 99,999,999,999 s is in the year 5138
    QCOMPARE(q.sameTimeRuns, 1);                  // b's x and y at 100
    QCOMPARE(q.itemsBelowK, 2);                   // z and ghost have one interaction each
    QVERIFY(q.interactionsOutsideKcore >= 2);
}

void TestDatasetStats::cleanedCopyFixesThem() {
    const auto id = importCsv("user,item,timestamp\na,x,100\na,x,200\na,y,0\na,ghost,300\nb,x,100\nb,y,150\n",
                              "item_id,title\nx,Ex\ny,Why\n");
    const auto before = m_project->dataset(id)->fingerprint;
    CleaningOptions o;
    NullProgress none;
    const auto r = createCleanedCopy(*m_project, id, o, none);
    QCOMPARE(r.filtered.droppedDuplicates, 1);
    QCOMPARE(r.filtered.droppedUnknownItems, 1);
    QCOMPARE(r.filtered.droppedBadTimestamps, 1);
    QCOMPARE(r.interactions, 3);
    const auto copy = m_project->dataset(r.datasetId);
    QVERIFY(copy);
    QCOMPARE(copy->parentId.value_or(-1), id);
    QCOMPARE(copy->name, m_project->dataset(id)->name + " (cleaned)");
    const auto q = checkQuality(*m_project, r.datasetId, 1);
    QCOMPARE(q.duplicateInteractions + q.interactionsWithUnknownItems + q.timestampsNonPositive, 0);
    // The original is untouched.
    QCOMPARE(m_project->dataset(id)->fingerprint, before);
    QCOMPARE(m_project->dataset(id)->interactions, 6);
}

void TestDatasetStats::demoIsDeterministicAndHasRules() {
    DemoOptions o;
    o.users = 300;
    o.items = 500;
    const auto a = generateDemo(o), b = generateDemo(o);
    QCOMPARE(fingerprint(a), fingerprint(b));
    QCOMPARE(a.items.size(), std::size_t(500));
    QCOMPARE(a.users.size(), std::size_t(300));
    QCOMPARE(a.plantedRules.size(), std::size_t(o.rules));
    o.seed += 1;
    QVERIFY(fingerprint(generateDemo(o)) != fingerprint(a));
    // The rules are really in the data: when a trigger is taken, its target follows most of the time.
    int triggered = 0, followed = 0;
    for (const auto &rule : a.plantedRules) {
        for (std::size_t i = 0; i + 1 < a.interactions.size(); ++i) {
            if (a.interactions[i].item != rule.trigger || a.interactions[i + 1].user != a.interactions[i].user)
                continue;
            ++triggered;
            followed += a.interactions[i + 1].item == rule.target;
        }
    }
    QVERIFY2(triggered > 50, qPrintable(QString::number(triggered)));
    QVERIFY2(followed > 0.75 * triggered, qPrintable(QStringLiteral("%1 of %2").arg(followed).arg(triggered)));
    for (const auto &it : a.items)
        QVERIFY(!it.title.empty() && !it.categories.empty());
}

void TestDatasetStats::demoProjectOpensWithRules() {
    const auto path = m_dir->filePath(QStringLiteral("demo.recscope")).toStdString();
    NullProgress none;
    const auto id = writeDemoProject(path, none);
    QCOMPARE(writeDemoProject(path, none), id); // idempotent
    auto p = Project::open(path);
    const auto info = p->dataset(id);
    QVERIFY(info && info->pseudonymized);
    QCOMPARE(info->users, 2000);
    QCOMPARE(p->plantedRules(id).size(), std::size_t(60));
    const auto q = checkQuality(*p, id);
    QVERIFY(q.itemsWithoutText == 0); // descriptions are missing for some, titles never
}

QTEST_GUILESS_MAIN(TestDatasetStats)
#include "tst_datasetstats.moc"
