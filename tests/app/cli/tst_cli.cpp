// SPDX-License-Identifier: GPL-3.0-or-later
// recscope-cli: commands, JSON output and exit codes.
#include "testsupport.h"

#include <QJsonArray>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

namespace {
const QString kFixtures = QStringLiteral(RECSCOPE_SOURCE_DIR "/tests/engine/import/data");

struct Result {
    int code = -1;
    QByteArray out, err;
};

Result cli(const QStringList &args) {
    QProcess p;
    p.start(QStringLiteral(RECSCOPE_CLI_PATH), args);
    p.waitForFinished(300000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(), p.readAllStandardError()};
}
} // namespace

class TestCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() { m_dir = std::make_unique<QTemporaryDir>(); }
    void versionAndHelp();
    void importAndInfo();
    void exitCodes_data();
    void exitCodes();
    void realDataCounts();
    void demoAndStats();
    void evaluateAndCompare();
    void exportsListsAndVectors();
    void textThatIsNotUtf8();

private:
    QString project() const { return m_dir->filePath(QStringLiteral("c.recscope")); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestCli::versionAndHelp() {
    auto r = cli({QStringLiteral("--version")});
    QCOMPARE(r.code, 0);
    QVERIFY(r.out.contains("recscope-cli"));
    r = cli({QStringLiteral("import"), QStringLiteral("--help")});
    QCOMPARE(r.code, 0);
    QVERIFY(r.out.contains("--pseudonymize"));
}

void TestCli::importAndInfo() {
    auto r = cli({QStringLiteral("import"), QStringLiteral("--project"), project(), QStringLiteral("--format"), QStringLiteral("recbole"),
                  QStringLiteral("--name"), QStringLiteral("mini"), QStringLiteral("--pseudonymize"), QStringLiteral("--json"),
                  kFixtures + QStringLiteral("/recbole-mini")});
    QCOMPARE(r.code, 0);
    const auto report = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(report.value(QStringLiteral("interactions")).toInt(), 5);
    r = cli({QStringLiteral("info"), QStringLiteral("--project"), project(), QStringLiteral("--json")});
    QCOMPARE(r.code, 0);
    const auto info = QJsonDocument::fromJson(r.out).object();
    const auto ds = info.value(QStringLiteral("datasets")).toArray();
    QCOMPARE(ds.size(), 1);
    const auto d = ds.at(0).toObject();
    QCOMPARE(d.value(QStringLiteral("name")).toString(), QStringLiteral("mini"));
    QCOMPARE(d.value(QStringLiteral("users")).toInt(), 3);
    QCOMPARE(d.value(QStringLiteral("items")).toInt(), 3);
    QCOMPARE(d.value(QStringLiteral("interactions")).toInt(), 5);
    QCOMPARE(d.value(QStringLiteral("pseudonymized")).toBool(), true);
}

void TestCli::exitCodes_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("message");
    const QString p = QStringLiteral("--project");
    QTest::newRow("no command") << QStringList{} << 2 << "";
    QTest::newRow("unknown format") << QStringList{QStringLiteral("import"), p, QStringLiteral("X"), QStringLiteral("--format"),
                                                   QStringLiteral("nope"), QStringLiteral("f")} << 2 << "nope";
    QTest::newRow("bad mapping") << QStringList{QStringLiteral("import"), p, QStringLiteral("PROJECT"), QStringLiteral("--format"),
                                                QStringLiteral("csv"), QStringLiteral("--map"), QStringLiteral("colour=1"),
                                                kFixtures + QStringLiteral("/bad_rating.csv")} << 2 << "unknown mapping role";
    QTest::newRow("bad data") << QStringList{QStringLiteral("import"), p, QStringLiteral("PROJECT"), QStringLiteral("--format"),
                                             QStringLiteral("csv"), kFixtures + QStringLiteral("/bad_rating.csv")}
                              << 3 << "bad_rating.csv:3 (field 'rating')";
    QTest::newRow("skip bad data") << QStringList{QStringLiteral("import"), p, QStringLiteral("PROJECT"), QStringLiteral("--format"),
                                                  QStringLiteral("csv"), QStringLiteral("--on-error"), QStringLiteral("skip"),
                                                  kFixtures + QStringLiteral("/bad_rating.csv")} << 0 << "";
    QTest::newRow("missing project") << QStringList{QStringLiteral("info"), p, QStringLiteral("/nonexistent/x.recscope")} << 4
                                     << "no such project file";
    QTest::newRow("foreign project") << QStringList{QStringLiteral("info"), p, kFixtures + QStringLiteral("/bad_rating.csv")} << 4
                                     << "not a RecScope project";
    QTest::newRow("unknown dataset") << QStringList{QStringLiteral("stats"), p, QStringLiteral("PROJECT"), QStringLiteral("--dataset"),
                                                    QStringLiteral("zzz")} << 2 << "no dataset named 'zzz'";
}

void TestCli::exitCodes() {
    QFETCH(QStringList, args);
    QFETCH(int, code);
    QFETCH(QString, message);
    args.replaceInStrings(QStringLiteral("PROJECT"), project());
    if (args.contains(QStringLiteral("stats")))
        QCOMPARE(cli({QStringLiteral("demo"), QStringLiteral("--project"), project()}).code, 0);
    const auto r = cli(args);
    QCOMPARE(r.code, code);
    QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
}

void TestCli::realDataCounts() {
    RECSCOPE_REQUIRE_SHARED("ml-1m/ml-1m.txt");
    const QString dir = recscope::test::sharedDataDir();
    auto r = cli({QStringLiteral("import"), QStringLiteral("--project"), project(), QStringLiteral("--format"), QStringLiteral("sasrec"),
                  QStringLiteral("--name"), QStringLiteral("ml-1m"), QStringLiteral("--items"), dir + QStringLiteral("/ml-1m/items.tsv"),
                  dir + QStringLiteral("/ml-1m/ml-1m.txt")});
    QCOMPARE(r.code, 0);
    r = cli({QStringLiteral("import"), QStringLiteral("--project"), project(), QStringLiteral("--format"),
             QStringLiteral("movielens-100k"), dir + QStringLiteral("/ml-100k")});
    QCOMPARE(r.code, 0);
    r = cli({QStringLiteral("info"), QStringLiteral("--project"), project(), QStringLiteral("--json")});
    const auto ds = QJsonDocument::fromJson(r.out).object().value(QStringLiteral("datasets")).toArray();
    QCOMPARE(ds.size(), 2);
    QCOMPARE(ds.at(0).toObject().value(QStringLiteral("users")).toInt(), 6040);
    QCOMPARE(ds.at(0).toObject().value(QStringLiteral("items")).toInt(), 3416);
    QCOMPARE(ds.at(0).toObject().value(QStringLiteral("interactions")).toInt(), 999611);
    QCOMPARE(ds.at(1).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("ml-100k"));
    QCOMPARE(ds.at(1).toObject().value(QStringLiteral("users")).toInt(), 943);
    QCOMPARE(ds.at(1).toObject().value(QStringLiteral("items")).toInt(), 1682);
    QCOMPARE(ds.at(1).toObject().value(QStringLiteral("interactions")).toInt(), 100000);
}

void TestCli::demoAndStats() {
    QCOMPARE(cli({QStringLiteral("demo"), QStringLiteral("--project"), project()}).code, 0);
    const auto r = cli({QStringLiteral("stats"), QStringLiteral("--project"), project(), QStringLiteral("--dataset"),
                        QStringLiteral("demo"), QStringLiteral("--json")});
    QCOMPARE(r.code, 0);
    const auto j = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(j.value(QStringLiteral("stats")).toObject().value(QStringLiteral("users")).toInt(), 2000);
    QVERIFY(j.value(QStringLiteral("quality")).toObject().contains(QStringLiteral("duplicate_interactions")));
}

void TestCli::evaluateAndCompare() {
    // Two runs on the demo project, evaluated by name, compared with p-values.
    QCOMPARE(cli({QStringLiteral("demo"), QStringLiteral("--project"), project()}).code, 0);
    for (const auto *model : {"pop", "itemknn"})
        QCOMPARE(cli({QStringLiteral("train"), QStringLiteral("--project"), project(), QStringLiteral("--dataset"), QStringLiteral("demo"),
                      QStringLiteral("--model"), QString::fromLatin1(model), QStringLiteral("--name"), QString::fromLatin1(model)})
                     .code,
                 0);
    auto r = cli({QStringLiteral("evaluate"), QStringLiteral("--project"), project(), QStringLiteral("--run"), QStringLiteral("itemknn"),
                  QStringLiteral("--protocol"), QStringLiteral("loo-full"), QStringLiteral("--k"), QStringLiteral("5,10,20"),
                  QStringLiteral("--json")});
    QCOMPARE(r.code, 0);
    const auto e = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(e.value(QStringLiteral("protocol")).toString(), QStringLiteral("loo-full"));
    QCOMPARE(e.value(QStringLiteral("users")).toInt(), 2000);
    QVERIFY(!e.value(QStringLiteral("dataset_fingerprint")).toString().isEmpty());
    const auto metrics = e.value(QStringLiteral("metrics")).toObject();
    for (const auto *name : {"NDCG@10", "HR@10", "Coverage@10", "ILD@10", "Novelty@10", "Gini@10", "NDCG@5", "HR@20", "MRR"})
        QVERIFY2(metrics.value(QString::fromLatin1(name)).isDouble(), name);

    r = cli({QStringLiteral("compare"), QStringLiteral("--project"), project(), QStringLiteral("--runs"), QStringLiteral("pop,itemknn"),
             QStringLiteral("--json")});
    QCOMPARE(r.code, 0);
    const auto c = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(c.value(QStringLiteral("runs")).toArray().size(), 2);
    QCOMPARE(c.value(QStringLiteral("baseline")).toString(), QStringLiteral("pop"));
    const auto ndcg = c.value(QStringLiteral("metrics")).toObject().value(QStringLiteral("NDCG@10")).toObject();
    QCOMPARE(ndcg.value(QStringLiteral("values")).toArray().size(), 2);
    QVERIFY(ndcg.value(QStringLiteral("p_ttest")).toArray().at(0).isNull());
    const double p = ndcg.value(QStringLiteral("p_ttest")).toArray().at(1).toDouble(-1);
    QVERIFY(p >= 0 && p <= 1);
    QVERIFY(ndcg.value(QStringLiteral("p_wilcoxon")).toArray().at(1).isDouble());
    // The stored evaluation of item-kNN was reused: the same evaluation id.
    QCOMPARE(c.value(QStringLiteral("runs")).toArray().at(1).toObject().value(QStringLiteral("evaluation")).toInt(),
             e.value(QStringLiteral("evaluation")).toInt());

    // Text output marks significance; a protocol that does not fit is a usage error.
    r = cli({QStringLiteral("compare"), QStringLiteral("--project"), project(), QStringLiteral("--runs"), QStringLiteral("pop,itemknn")});
    QCOMPARE(r.code, 0);
    QVERIFY(r.out.contains("paired t-test"));
    r = cli({QStringLiteral("evaluate"), QStringLiteral("--project"), project(), QStringLiteral("--run"), QStringLiteral("pop"),
             QStringLiteral("--protocol"), QStringLiteral("cold-full")});
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.contains("leave-one-out"));
    r = cli({QStringLiteral("compare"), QStringLiteral("--project"), project(), QStringLiteral("--runs"), QStringLiteral("pop")});
    QCOMPARE(r.code, 2);

    // Explanations: attributions over the user's history that add up to the score.
    r = cli({QStringLiteral("recommend"), QStringLiteral("--project"), project(), QStringLiteral("--run"), QStringLiteral("itemknn"),
             QStringLiteral("--user"), QStringLiteral("#3"), QStringLiteral("--top"), QStringLiteral("1"), QStringLiteral("--json")});
    QCOMPARE(r.code, 0);
    const QString top = QJsonDocument::fromJson(r.out).object().value(QStringLiteral("recommendations")).toArray().at(0).toObject()
                            .value(QStringLiteral("item")).toString();
    r = cli({QStringLiteral("explain"), QStringLiteral("--project"), project(), QStringLiteral("--run"), QStringLiteral("itemknn"),
             QStringLiteral("--user"), QStringLiteral("#3"), QStringLiteral("--item"), top, QStringLiteral("--method"),
             QStringLiteral("kernelshap"), QStringLiteral("--samples"), QStringLiteral("1024"), QStringLiteral("--json")});
    QCOMPARE(r.code, 0);
    const auto x = QJsonDocument::fromJson(r.out).object();
    QVERIFY(x.value(QStringLiteral("base_value")).isDouble());
    QVERIFY(x.value(QStringLiteral("score")).toDouble() > 0);
    const auto attributions = x.value(QStringLiteral("attributions")).toArray();
    QVERIFY(attributions.size() >= 15);
    double sum = x.value(QStringLiteral("base_value")).toDouble();
    for (const auto &a : attributions) {
        QVERIFY(a.toObject().contains(QStringLiteral("title")) && a.toObject().value(QStringLiteral("stderr")).isDouble());
        sum += a.toObject().value(QStringLiteral("value")).toDouble();
    }
    QVERIFY(std::abs(sum - x.value(QStringLiteral("score")).toDouble()) < 1e-4);
    QVERIFY(!x.value(QStringLiteral("reason")).toString().isEmpty());
    // The ranking is explained by default, with the curves that test how faithful that is.
    QCOMPARE(x.value(QStringLiteral("value")).toString(), QStringLiteral("margin"));
    const auto f = x.value(QStringLiteral("faithfulness")).toObject();
    QCOMPARE(f.value(QStringLiteral("deletion")).toArray().size(), attributions.size() + 1);
    QCOMPARE(f.value(QStringLiteral("insertion_rank")).toArray().size(), attributions.size() + 1);
    QCOMPARE(f.value(QStringLiteral("deletion_rank")).toArray().at(0).toInt(), 1);
    for (const char *key : {"deletion_area", "insertion_area", "deletion_area_random", "insertion_area_random"})
        QVERIFY2(f.value(QLatin1String(key)).isDouble(), key);
    QVERIFY(f.value(QStringLiteral("attention_agreement")).isNull()); // item-kNN has no attention

    // The smallest change: the fewest history items whose removal takes the item out of first
    // place (34 items: a beam search), checked by scoring the changed history; recommend
    // --without gives the same.
    r = cli({QStringLiteral("explain"), QStringLiteral("--project"), project(), QStringLiteral("--run"), QStringLiteral("itemknn"),
             QStringLiteral("--user"), QStringLiteral("#3"), QStringLiteral("--item"), top, QStringLiteral("--method"),
             QStringLiteral("kernelshap"), QStringLiteral("--samples"), QStringLiteral("1024"), QStringLiteral("--no-faithfulness"),
             QStringLiteral("--counterfactual"), QStringLiteral("--json")});
    QCOMPARE(r.code, 0);
    const auto cf = QJsonDocument::fromJson(r.out).object().value(QStringLiteral("counterfactual")).toObject();
    QCOMPARE(cf.value(QStringLiteral("search")).toString(), QStringLiteral("beam"));
    QVERIFY2(cf.value(QStringLiteral("found")).toBool(), r.out.constData());
    QVERIFY(cf.value(QStringLiteral("verified")).toBool());
    QVERIFY(cf.value(QStringLiteral("rank_after")).toInt() > 1);
    QCOMPARE(cf.value(QStringLiteral("swap")).toObject().value(QStringLiteral("tried")).toInt(), 0); // item-kNN has no item vectors
    QStringList removed;
    for (const auto &id : cf.value(QStringLiteral("removed")).toArray())
        removed << id.toString();
    r = cli({QStringLiteral("recommend"), QStringLiteral("--project"), project(), QStringLiteral("--run"), QStringLiteral("itemknn"),
             QStringLiteral("--user"), QStringLiteral("#3"), QStringLiteral("--top"), QStringLiteral("1"), QStringLiteral("--without"),
             removed.join(QLatin1Char(',')), QStringLiteral("--json")});
    QCOMPARE(r.code, 0);
    const auto without = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(without.value(QStringLiteral("without")).toArray().size(), removed.size());
    QCOMPARE(without.value(QStringLiteral("recommendations")).toArray().at(0).toObject().value(QStringLiteral("item")).toString(),
             cf.value(QStringLiteral("new_top")).toString());
    r = cli({QStringLiteral("recommend"), QStringLiteral("--project"), project(), QStringLiteral("--run"), QStringLiteral("itemknn"),
             QStringLiteral("--user"), QStringLiteral("#3"), QStringLiteral("--without"), top});
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.contains("not in the history"));

    // A review across users: each sampled user's top recommendation, explained and summarised.
    r = cli({QStringLiteral("review"), QStringLiteral("--project"), project(), QStringLiteral("--run"), QStringLiteral("itemknn"),
             QStringLiteral("--users"), QStringLiteral("6"), QStringLiteral("--json")});
    QCOMPARE(r.code, 0);
    const auto review = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(review.value(QStringLiteral("cases")).toArray().size(), 6);
    QCOMPARE(review.value(QStringLiteral("value")).toString(), QStringLiteral("margin"));
    QVERIFY(review.value(QStringLiteral("median")).toObject().value(QStringLiteral("deletion_area")).isDouble());
    QVERIFY(!review.value(QStringLiteral("credited_items")).toArray().isEmpty());
    {
        const auto changes = review.value(QStringLiteral("smallest_changes")).toObject();
        int cases = changes.value(QStringLiteral("none")).toInt();
        const auto sizes = changes.value(QStringLiteral("sizes")).toObject();
        for (const auto &k : sizes.keys())
            cases += sizes.value(k).toInt();
        QCOMPARE(cases, 6);
        QVERIFY(review.value(QStringLiteral("diagnosis")).toObject().value(QStringLiteral("sequentiality")).isObject());
    }
    // Diagnostics of the run: order, leakage (the demo has times), repeats.
    r = cli({QStringLiteral("diagnose"), QStringLiteral("--project"), project(), QStringLiteral("--run"), QStringLiteral("itemknn"),
             QStringLiteral("--json")});
    QCOMPARE(r.code, 0);
    {
        const auto d = QJsonDocument::fromJson(r.out).object();
        const auto q = d.value(QStringLiteral("sequentiality")).toObject();
        for (const char *key : {"ndcg", "ndcg_shuffled", "ndcg_reversed", "drop"})
            QVERIFY2(q.value(QLatin1String(key)).isDouble(), key);
        QCOMPARE(q.value(QStringLiteral("ci95")).toArray().size(), 2);
        QCOMPARE(q.value(QStringLiteral("uses_order")).toBool(), false); // item-kNN reads a set
        QVERIFY(d.value(QStringLiteral("leakage")).toObject().value(QStringLiteral("test_before_cut_share")).toDouble() > 0.5);
        QVERIFY(d.value(QStringLiteral("repeats")).toObject().contains(QStringLiteral("test_item_in_user_training_share")));
    }
    const double share = review.value(QStringLiteral("newest_first_share")).toDouble(-1);
    QVERIFY(share >= 0 && share <= 1);
    // With the report (plots inline) written beside the JSON; a report that is not .html/.pdf is refused first.
    const QString reviewReport = QFileInfo(project()).absolutePath() + QStringLiteral("/review.html");
    r = cli({QStringLiteral("review"), QStringLiteral("--project"), project(), QStringLiteral("--run"), QStringLiteral("itemknn"),
             QStringLiteral("--users"), QStringLiteral("6"), QStringLiteral("--report"), reviewReport, QStringLiteral("--json")});
    QCOMPARE(r.code, 0);
    QCOMPARE(QJsonDocument::fromJson(r.out).object().value(QStringLiteral("report")).toString(), reviewReport);
    {
        QFile f(reviewReport);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray text = f.readAll();
        QVERIFY(text.contains("data:image/png;base64,"));
        QVERIFY(text.contains("Explainability review"));
    }
    r = cli({QStringLiteral("review"), QStringLiteral("--project"), project(), QStringLiteral("--run"), QStringLiteral("itemknn"),
             QStringLiteral("--users"), QStringLiteral("6"), QStringLiteral("--report"), QStringLiteral("review.txt")});
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.contains("review.txt"));
    r = cli({QStringLiteral("review"), QStringLiteral("--project"), project(), QStringLiteral("--run"), QStringLiteral("itemknn"),
             QStringLiteral("--users"), QStringLiteral("some")});
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.contains("--users"));
    r = cli({QStringLiteral("explain"), QStringLiteral("--project"), project(), QStringLiteral("--run"), QStringLiteral("itemknn"),
             QStringLiteral("--user"), QStringLiteral("#3"), QStringLiteral("--item"), top, QStringLiteral("--method"), QStringLiteral("attention")});
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.contains("no attention"));

    // Reports for reviewers: the top list and why the top item is there, as HTML or PDF.
    const QString dir = QFileInfo(project()).absolutePath();
    r = cli({QStringLiteral("report"), QStringLiteral("--project"), project(), QStringLiteral("--run"), QStringLiteral("itemknn"),
             QStringLiteral("--user"), QStringLiteral("#3"), QStringLiteral("--out"), dir + QStringLiteral("/why.html"), QStringLiteral("--json")});
    QCOMPARE(r.code, 0);
    QCOMPARE(QJsonDocument::fromJson(r.out).object().value(QStringLiteral("item")).toString(), top);
    QFile html(dir + QStringLiteral("/why.html"));
    QVERIFY(html.open(QIODevice::ReadOnly));
    const QString page = QString::fromUtf8(html.readAll());
    QVERIFY(page.contains(QStringLiteral("Additivity check")) && page.contains(QStringLiteral("data:image/png;base64,")));
    QVERIFY(page.contains(QStringLiteral("Smallest change"))); // what would undo the recommendation
    r = cli({QStringLiteral("report"), QStringLiteral("--project"), project(), QStringLiteral("--run"), QStringLiteral("itemknn"),
             QStringLiteral("--user"), QStringLiteral("#3"), QStringLiteral("--out"), dir + QStringLiteral("/why.pdf")});
    QCOMPARE(r.code, 0);
    QFile pdf(dir + QStringLiteral("/why.pdf"));
    QVERIFY(pdf.open(QIODevice::ReadOnly));
    QCOMPARE(pdf.read(5), QByteArray("%PDF-"));
    r = cli({QStringLiteral("report"), QStringLiteral("--project"), project(), QStringLiteral("--run"), QStringLiteral("itemknn"),
             QStringLiteral("--user"), QStringLiteral("#3"), QStringLiteral("--out"), dir + QStringLiteral("/why.txt")});
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.contains(".html or .pdf"));

    // The privacy and efficiency lab: anonymity of the user table, a run's profile, compression.
    r = cli({QStringLiteral("anonymity"), QStringLiteral("--project"), project(), QStringLiteral("--dataset"), QStringLiteral("demo"),
             QStringLiteral("--json")});
    QCOMPARE(r.code, 0);
    const auto anon = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(anon.value(QStringLiteral("levels")).toArray().size(), 3);
    QVERIFY(anon.value(QStringLiteral("levels")).toArray().at(0).toObject().value(QStringLiteral("k")).toInt() >= 1);
    r = cli({QStringLiteral("profile"), QStringLiteral("--project"), project(), QStringLiteral("--run"), QStringLiteral("itemknn"),
             QStringLiteral("--repeats"), QStringLiteral("10"), QStringLiteral("--json")});
    QCOMPARE(r.code, 0);
    const auto prof = QJsonDocument::fromJson(r.out).object();
    QVERIFY(prof.value(QStringLiteral("parameters")).toInteger() > 0);
    QVERIFY(prof.value(QStringLiteral("latency_p95_ms")).toDouble() >= prof.value(QStringLiteral("latency_p50_ms")).toDouble());
    r = cli({QStringLiteral("compress"), QStringLiteral("--project"), project(), QStringLiteral("--run"), QStringLiteral("itemknn"),
             QStringLiteral("--quantize"), QStringLiteral("int8")});
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.contains("no weight matrices"));
    r = cli({QStringLiteral("compress"), QStringLiteral("--project"), project(), QStringLiteral("--run"), QStringLiteral("itemknn")});
    QCOMPARE(r.code, 2);
    // DP-SGD: the summary adds epsilon and delta (1 / users at user level); a model without
    // gradients is refused.
    r = cli({QStringLiteral("train"), QStringLiteral("--project"), project(), QStringLiteral("--dataset"), QStringLiteral("demo"),
             QStringLiteral("--model"), QStringLiteral("sasrec"), QStringLiteral("--set"), QStringLiteral("epochs=1"), QStringLiteral("--set"),
             QStringLiteral("maxlen=20"), QStringLiteral("--set"), QStringLiteral("hidden=16"), QStringLiteral("--set"), QStringLiteral("dp=user"),
             QStringLiteral("--set"), QStringLiteral("dp.noise=1.1"), QStringLiteral("--set"), QStringLiteral("dp.clip=0.5"), QStringLiteral("--json")});
    QCOMPARE(r.code, 0);
    const auto dp = QJsonDocument::fromJson(r.out.trimmed().split('\n').last()).object();
    QVERIFY2(dp.value(QStringLiteral("epsilon")).toDouble() > 0, r.out.constData());
    QCOMPARE(dp.value(QStringLiteral("delta")).toDouble(), 1.0 / 2000);
    QVERIFY(r.out.contains("epsilon"));
    r = cli({QStringLiteral("train"), QStringLiteral("--project"), project(), QStringLiteral("--dataset"), QStringLiteral("demo"),
             QStringLiteral("--model"), QStringLiteral("pop"), QStringLiteral("--set"), QStringLiteral("dp=user"), QStringLiteral("--set"),
             QStringLiteral("dp.noise=1")});
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.contains("neural models"));

    // Cross-validation: one run per fold, every metric as mean and spread.
    r = cli({QStringLiteral("cv"), QStringLiteral("--project"), project(), QStringLiteral("--dataset"), QStringLiteral("demo"),
             QStringLiteral("--model"), QStringLiteral("itemknn"), QStringLiteral("--folds"), QStringLiteral("3"), QStringLiteral("--json")});
    QCOMPARE(r.code, 0);
    const auto cv = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(cv.value(QStringLiteral("runs")).toArray().size(), 3);
    const auto cvNdcg = cv.value(QStringLiteral("metrics")).toObject().value(QStringLiteral("NDCG@10")).toObject();
    QCOMPARE(cvNdcg.value(QStringLiteral("folds")).toArray().size(), 3);
    QVERIFY(cvNdcg.value(QStringLiteral("mean")).toDouble() > 0);
    QVERIFY(cvNdcg.value(QStringLiteral("sd")).isDouble());
    r = cli({QStringLiteral("cv"), QStringLiteral("--project"), project(), QStringLiteral("--dataset"), QStringLiteral("demo"),
             QStringLiteral("--model"), QStringLiteral("bprmf")});
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.contains("never saw"));
}

void TestCli::exportsListsAndVectors() {
    QCOMPARE(cli({QStringLiteral("demo"), QStringLiteral("--project"), project()}).code, 0);
    for (const auto *model : {"pop", "bprmf"})
        QCOMPARE(cli({QStringLiteral("train"), QStringLiteral("--project"), project(), QStringLiteral("--dataset"), QStringLiteral("demo"),
                      QStringLiteral("--model"), QString::fromLatin1(model), QStringLiteral("--name"), QString::fromLatin1(model),
                      QStringLiteral("--set"), QStringLiteral("epochs=1")})
                     .code,
                 0);
    const QString csv = m_dir->filePath(QStringLiteral("top.csv"));
    auto r = cli({QStringLiteral("export"), QStringLiteral("--project"), project(), QStringLiteral("--run"), QStringLiteral("pop"),
                  QStringLiteral("--recommendations"), csv, QStringLiteral("-k"), QStringLiteral("3"), QStringLiteral("--json")});
    QCOMPARE(r.code, 0);
    auto j = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(j.value(QStringLiteral("rows")).toInt(), 6000);
    QFile f(csv);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readLine(), QByteArray("user,rank,item,score,title\n"));
    // Vectors: refused for popularity (usage, nothing written), written for BPR-MF.
    const QString folder = m_dir->filePath(QStringLiteral("vectors"));
    r = cli({QStringLiteral("export"), QStringLiteral("--project"), project(), QStringLiteral("--run"), QStringLiteral("pop"),
             QStringLiteral("--embeddings"), folder});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("dot product"), r.err.constData());
    QVERIFY(!QFileInfo::exists(folder));
    r = cli({QStringLiteral("export"), QStringLiteral("--project"), project(), QStringLiteral("--run"), QStringLiteral("bprmf"),
             QStringLiteral("--embeddings"), folder, QStringLiteral("--json")});
    QCOMPARE(r.code, 0);
    j = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(j.value(QStringLiteral("files")).toArray().size(), 6);
    QCOMPARE(j.value(QStringLiteral("users")).toInt(), 2000);
    // A transformer as TorchScript; BPR-MF has no program to write.
    QCOMPARE(cli({QStringLiteral("train"), QStringLiteral("--project"), project(), QStringLiteral("--dataset"), QStringLiteral("demo"),
                  QStringLiteral("--model"), QStringLiteral("sasrec"), QStringLiteral("--name"), QStringLiteral("sasrec"),
                  QStringLiteral("--set"), QStringLiteral("epochs=1"), QStringLiteral("--set"), QStringLiteral("hidden=16")})
                 .code,
             0);
    const QString pt = m_dir->filePath(QStringLiteral("sasrec.pt"));
    r = cli({QStringLiteral("export"), QStringLiteral("--project"), project(), QStringLiteral("--run"), QStringLiteral("sasrec"),
             QStringLiteral("--torchscript"), pt, QStringLiteral("--json")});
    QCOMPARE(r.code, 0);
    QCOMPARE(QJsonDocument::fromJson(r.out).object().value(QStringLiteral("items")).toInt(), 3000);
    QVERIFY(QFileInfo(pt).size() > 10000);
    QCOMPARE(cli({QStringLiteral("export"), QStringLiteral("--project"), project(), QStringLiteral("--run"), QStringLiteral("bprmf"),
                  QStringLiteral("--torchscript"), m_dir->filePath(QStringLiteral("bpr.pt"))})
                 .code,
             2);
    // One of the targets, not several or none.
    QCOMPARE(cli({QStringLiteral("export"), QStringLiteral("--project"), project(), QStringLiteral("--run"), QStringLiteral("pop")}).code, 2);
}

void TestCli::textThatIsNotUtf8() {
    // Issue 30, found by mutation fuzzing: a skip-mode import whose skipped line quotes a value cut
    // in the middle of a character ended with the JSON library's error (exit 1) and no import.
    const QString file = kFixtures + QStringLiteral("/skip_report_not_utf8.csv");
    auto r = cli({QStringLiteral("import"), QStringLiteral("--project"), project(), QStringLiteral("--format"), QStringLiteral("csv"),
                  QStringLiteral("--on-error"), QStringLiteral("skip"), QStringLiteral("--map"),
                  QStringLiteral("user=user,item=item,rating=rating,time=time"), QStringLiteral("--json"), file});
    QVERIFY2(r.code == 0, r.err.constData());
    QJsonParseError error;
    const auto report = QJsonDocument::fromJson(r.out, &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QVERIFY(report.value(QStringLiteral("interactions")).toInt() > 0);
    const auto skipped = report.value(QStringLiteral("skipped")).toArray();
    QVERIFY(!skipped.isEmpty());
    bool line54 = false;
    for (const auto &s : skipped) {
        const auto o = s.toObject();
        line54 = line54 || (o.value(QStringLiteral("line")).toInt() == 54 && o.value(QStringLiteral("field")).toString() == QStringLiteral("time"));
    }
    QVERIFY(line54);
    // The stored report reads back as JSON too.
    r = cli({QStringLiteral("info"), QStringLiteral("--project"), project(), QStringLiteral("--json")});
    QCOMPARE(r.code, 0);
    QCOMPARE(QJsonDocument::fromJson(r.out, &error).object().value(QStringLiteral("datasets")).toArray().size(), 1);

    // A name that is not UTF-8 is refused as a usage error, naming the problem.
    QProcess sh;
    sh.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), QStringLiteral("exec \"$0\" import --project \"$1\" --format csv "
                                                                            "--name \"$(printf 'n\\303\\047x')\" \"$2\""),
                                         QStringLiteral(RECSCOPE_CLI_PATH), project(), kFixtures + QStringLiteral("/semicolon_order.csv")});
    QVERIFY(sh.waitForFinished(60000));
    const QByteArray err = sh.readAllStandardError();
    QCOMPARE(sh.exitCode(), 2);
    QVERIFY2(err.contains("not valid UTF-8"), err.constData());
    QVERIFY(!err.contains("json.exception"));
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
