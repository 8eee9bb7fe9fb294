// SPDX-License-Identifier: GPL-3.0-or-later
// Exports: every user's top-k list (CSV, JSON lines) agrees with recommend(); the vectors give
// the run's scores back by dot product; names with commas and quotes survive; a refused model,
// an unwritable path or a cancel leave no file. A generated dataset of MovieLens 100K's shape (943
// users, 1,682 items), so that the checks need no downloaded data.
#include "engine/core/errors.h"
#include "engine/core/progress.h"
#include "engine/data/datasetdraft.h"
#include "engine/data/importer.h"
#include "engine/data/textfile.h"
#include "engine/evaluation/runscorer.h"
#include "engine/export/exports.h"
#include "engine/store/project.h"
#include "engine/training/trainer.h"

#include <torch/script.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include "demofixture.h"
#include "testsupport.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <set>

using namespace recscope::engine;
using Json = nlohmann::json;

class TestExport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void csvListsAgreeWithRecommend();
    void jsonLinesAgreeWithCsv();
    void vectorsGiveTheScoresBack_data();
    void vectorsGiveTheScoresBack();
    void torchScriptRecommendsAsTheRun_data();
    void torchScriptRecommendsAsTheRun();
    void quotesNamesWithCommas();
    void refusalsLeaveNoFile();

private:
    std::int64_t train(const std::string &model, const std::map<std::string, std::string> &settings);
    std::string file(const char *name) const { return m_dir.filePath(QString::fromLatin1(name)).toStdString(); }

    QTemporaryDir m_dir;
    std::unique_ptr<Project> m_project;
    std::int64_t m_dataset = -1;
    std::map<std::string, std::int64_t> m_runs; // by model
};

std::int64_t TestExport::train(const std::string &model, const std::map<std::string, std::string> &settings) {
    NullProgress none;
    const auto r = trainRun(*m_project, m_dataset, TrainConfig::parse(model, settings), model, none);
    if (r.status != RunStatus::Finished)
        qFatal("training %s failed: %s", model.c_str(), r.message.c_str());
    return r.runId;
}

void TestExport::initTestCase() {
    m_dataset = recscope::test::writeDemo(m_dir, QStringLiteral("export.recscope"), 943, 1682, 40, m_project);
    m_runs["pop"] = train("pop", {});
    m_runs["bprmf"] = train("bprmf", {{"epochs", "2"}, {"hidden", "16"}, {"threads", "2"}});
    m_runs["sasrec"] = train("sasrec", {{"epochs", "1"}, {"hidden", "16"}, {"maxlen", "50"}, {"layers", "1"}, {"threads", "2"}});
    m_runs["bert4rec"] = train("bert4rec", {{"epochs", "1"}, {"hidden", "16"}, {"maxlen", "30"}, {"layers", "2"}, {"heads", "2"},
                                            {"ffn", "4"}, {"activation", "gelu"}, {"threads", "2"}});
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__) // the text model's tokenizer is a plugin (RECSCOPE_REQUIRE_PLUGINS)
    m_runs["textrec"] = train("textrec", {{"epochs", "1"}, {"hidden", "16"}, {"maxlen", "30"}, {"pretrain_epochs", "1"}, {"text_len", "8"},
                                          {"vocab_size", "500"}, {"threads", "2"}});
#endif
}

void TestExport::csvListsAgreeWithRecommend() {
    NullProgress none;
    const auto out = file("top.csv");
    const auto result = exportRecommendations(*m_project, m_runs["sasrec"], out, 10, none);
    QCOMPARE(result.users, std::int64_t(943));
    QCOMPARE(result.rows, std::int64_t(9430));
    QCOMPARE(result.files, std::vector<std::string>{out});

    TextFile f(out, TextEncoding::Utf8);
    CsvReader csv(f, CsvDialect{});
    std::vector<std::string> row;
    QVERIFY(csv.next(row));
    QCOMPARE(row, (std::vector<std::string>{"user", "rank", "item", "score", "title"}));
    std::map<std::string, std::vector<std::string>> lists; // user -> items by rank
    while (csv.next(row)) {
        QCOMPARE(row.size(), std::size_t(5));
        auto &l = lists[row[0]];
        QCOMPARE(std::stoi(row[1]), static_cast<int>(l.size()) + 1);
        l.push_back(row[2]);
    }
    QCOMPARE(lists.size(), std::size_t(943));
    const auto users = m_project->users(m_dataset);
    const auto items = m_project->items(m_dataset);
    for (std::int64_t u : {0, 1, 41, 942}) {
        std::vector<std::string> expected;
        for (const auto &[item, score] : recommend(*m_project, m_runs["sasrec"], u, 10))
            expected.push_back(items[static_cast<std::size_t>(item)].externalId);
        QCOMPARE(lists[users[static_cast<std::size_t>(u)].externalId], expected);
        std::set<std::string> seen;
        for (const auto &e : m_project->timeline(m_dataset, u))
            seen.insert(items[static_cast<std::size_t>(e.item)].externalId);
        for (const auto &id : expected)
            QVERIFY2(!seen.count(id), "an item the user took was recommended");
    }
}

void TestExport::jsonLinesAgreeWithCsv() {
    NullProgress none;
    const auto out = file("top.jsonl");
    exportRecommendations(*m_project, m_runs["bprmf"], out, 5, none);
    std::ifstream in(out);
    std::string line;
    int lines = 0;
    const auto items = m_project->items(m_dataset);
    while (std::getline(in, line)) {
        const auto j = Json::parse(line);
        QVERIFY(j.contains("user"));
        const auto &list = j.at("recommendations");
        QCOMPARE(list.size(), std::size_t(5));
        for (std::size_t r = 1; r < list.size(); ++r)
            QVERIFY(list[r - 1].at("score").get<double>() >= list[r].at("score").get<double>());
        if (lines == 0) { // user #0 as recommend() has it
            const auto top = recommend(*m_project, m_runs["bprmf"], 0, 5);
            QCOMPARE(list[0].at("item").get<std::string>(), items[static_cast<std::size_t>(top[0].first)].externalId);
            QCOMPARE(list[0].at("title").get<std::string>(), items[static_cast<std::size_t>(top[0].first)].title);
            QVERIFY(std::abs(list[0].at("score").get<double>() - top[0].second) < 1e-5);
        }
        ++lines;
    }
    QCOMPARE(lines, 943);
}

void TestExport::vectorsGiveTheScoresBack_data() {
    QTest::addColumn<QString>("model");
    QTest::newRow("bprmf") << QStringLiteral("bprmf");
    QTest::newRow("sasrec") << QStringLiteral("sasrec");
}

void TestExport::vectorsGiveTheScoresBack() {
    QFETCH(QString, model);
    NullProgress none;
    const auto folder = file("vectors-") + model.toStdString();
    const auto result = exportEmbeddings(*m_project, m_runs[model.toStdString()], folder, none);
    QCOMPARE(result.files.size(), std::size_t(6));
    QCOMPARE(result.items, std::int64_t(1682));
    QCOMPARE(result.users, std::int64_t(943));
    QCOMPARE(result.dim, std::int64_t(16));

    auto readRows = [](const std::string &path) {
        std::vector<std::vector<double>> rows;
        std::ifstream in(path);
        std::string line;
        while (std::getline(in, line)) {
            std::vector<double> r;
            std::size_t at = 0;
            while (at < line.size()) {
                std::size_t used = 0;
                r.push_back(std::stod(line.substr(at), &used));
                at += used + 1;
            }
            rows.push_back(r);
        }
        return rows;
    };
    const auto itemRows = readRows(folder + "/items.tsv"), userRows = readRows(folder + "/users.tsv");
    QCOMPARE(itemRows.size(), std::size_t(1682));
    QCOMPARE(userRows.size(), std::size_t(943));
    QCOMPARE(itemRows.front().size(), std::size_t(16));
    // A user's row times an item's row is the run's score.
    for (std::int64_t u : {0, 500, 942})
        for (const auto &[item, score] : recommend(*m_project, m_runs[model.toStdString()], u, 3)) {
            double dot = 0;
            for (std::size_t c = 0; c < 16; ++c)
                dot += userRows[static_cast<std::size_t>(u)][c] * itemRows[static_cast<std::size_t>(item)][c];
            QVERIFY2(std::abs(dot - score) < 1e-3 * std::max(1.0, std::abs(score)), qPrintable(QStringLiteral("%1 vs %2").arg(dot).arg(score)));
        }
    // Metadata: a header, then one line per vector, in the same order.
    std::ifstream meta(folder + "/items_metadata.tsv");
    std::string header, first;
    std::getline(meta, header);
    std::getline(meta, first);
    QCOMPARE(header, std::string("item\ttitle\tcategories\tinteractions"));
    const auto item0 = m_project->items(m_dataset).front(); // items in the project's order, as the vectors
    const auto expectedFirst = item0.externalId + "\t" + item0.title + "\t" + item0.categories + "\t" + std::to_string(item0.interactions);
    QVERIFY2(first == expectedFirst, (first + " / " + expectedFirst).c_str());
    const auto manifest = Json::parse(std::ifstream(folder + "/embeddings.json"));
    QCOMPARE(manifest.at("dimensions").get<int>(), 16);
    QVERIFY(QFile::exists(QString::fromStdString(folder + "/projector_config.pbtxt")));
}

void TestExport::torchScriptRecommendsAsTheRun_data() {
    QTest::addColumn<QString>("model");
    QTest::newRow("sasrec") << QStringLiteral("sasrec");
    QTest::newRow("bert4rec") << QStringLiteral("bert4rec"); // bidirectional, [MASK] row, GELU, two heads
    QTest::newRow("textrec") << QStringLiteral("textrec");   // item vectors from the titles' words
}

void TestExport::torchScriptRecommendsAsTheRun() {
    QFETCH(QString, model);
    if (model == QLatin1String("textrec"))
        RECSCOPE_REQUIRE_PLUGINS();
    NullProgress none;
    const auto run = m_runs[model.toStdString()];
    const auto path = file("model-") + model.toStdString() + ".pt";
    const auto result = exportModel(*m_project, run, path, none);
    QCOMPARE(result.items, std::int64_t(1682));
    auto module = torch::jit::load(path); // what a service does, with no RecScope code
    module.eval();
    const auto items = m_project->items(m_dataset);
    for (std::int64_t u : {0, 10, 942}) {
        c10::List<std::int64_t> history;
        for (const auto &e : m_project->timeline(m_dataset, u))
            history.push_back(e.item);
        const auto out = module.run_method("recommend", history, 10).toTuple();
        const auto ids = out->elements()[0].toList();
        const auto scores = out->elements()[1].toTensor();
        const auto expected = recommend(*m_project, run, u, 10);
        QCOMPARE(static_cast<std::size_t>(ids.size()), expected.size());
        const auto got = scores.contiguous();
        for (std::size_t r = 0; r < expected.size(); ++r) {
            QCOMPARE(ids.get(r).toStringRef(), items[static_cast<std::size_t>(expected[r].first)].externalId);
            const double score = got.data_ptr<float>()[r];
            QVERIFY2(std::abs(score - expected[r].second) < 1e-4, qPrintable(QStringLiteral("%1 vs %2").arg(score).arg(expected[r].second)));
        }
    }
    QVERIFY_THROWS_EXCEPTION(EngineError, exportModel(*m_project, m_runs["bprmf"], file("bpr.pt"), none));
    QVERIFY_THROWS_EXCEPTION(EngineError, exportModel(*m_project, run, file("model.zip"), none));
    QVERIFY(!QFileInfo::exists(m_dir.filePath(QStringLiteral("bpr.pt"))));
}

void TestExport::quotesNamesWithCommas() {
    QTemporaryDir dir;
    auto project = Project::openOrCreate(dir.filePath(QStringLiteral("q.recscope")).toStdString());
    DatasetDraft d;
    const char *titles[] = {"Crouching Tiger, Hidden Dragon (2000)", "The \"Best\" Film", "Plain"};
    for (int i = 0; i < 3; ++i) {
        auto &it = d.item("i" + std::to_string(i));
        it.title = titles[i];
        it.inCatalog = true;
    }
    for (int u = 0; u < 4; ++u)
        d.add(d.internUser("u,\"" + std::to_string(u)), d.internItem("i" + std::to_string(u % 2 == 0 ? 2 : 1)), 1.0f, u);
    d.hasTimestamps = true;
    const auto dataset = recscope::test::storeDraft(*project, d, "quotes");
    NullProgress none;
    const auto run = trainRun(*project, dataset, TrainConfig::parse("pop", {}), "pop", none).runId;
    const auto out = dir.filePath(QStringLiteral("q.csv")).toStdString();
    exportRecommendations(*project, run, out, 2, none);
    TextFile f(out, TextEncoding::Utf8);
    CsvReader csv(f, CsvDialect{});
    std::vector<std::string> row;
    csv.next(row);
    std::set<std::string> titlesRead, usersRead;
    while (csv.next(row)) {
        QCOMPARE(row.size(), std::size_t(5));
        titlesRead.insert(row[4]);
        usersRead.insert(row[0]);
    }
    QVERIFY(titlesRead.count(titles[0]));
    QVERIFY(titlesRead.count(titles[1]));
    QVERIFY(usersRead.count("u,\"0"));
}

void TestExport::refusalsLeaveNoFile() {
    NullProgress none;
    const QDir dir(m_dir.path());
    const auto before = dir.entryList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot);
    try { // popularity has no vectors: refused before a file is made
        exportEmbeddings(*m_project, m_runs["pop"], file("pop-vectors"), none);
        QFAIL("popularity vectors were exported");
    } catch (const EngineError &e) {
        QCOMPARE(e.kind(), ErrorKind::Usage);
    }
    QVERIFY(!QFileInfo::exists(m_dir.filePath(QStringLiteral("pop-vectors"))));
    QVERIFY_THROWS_EXCEPTION(EngineError, exportRecommendations(*m_project, m_runs["pop"], file("top.txt"), 10, none));
    QVERIFY_THROWS_EXCEPTION(EngineError, exportRecommendations(*m_project, m_runs["pop"], file("top.csv"), 0, none));
    try {
        exportRecommendations(*m_project, m_runs["pop"], file("missing-folder/top.csv"), 10, none);
        QFAIL("wrote into a folder that is not there");
    } catch (const EngineError &e) {
        QCOMPARE(e.kind(), ErrorKind::Io);
        QVERIFY2(std::string(e.what()).find("missing-folder/top.csv") != std::string::npos, e.what());
    }
    // Cancelled half-way: neither the file nor its part file stays.
    CallbackProgress *self = nullptr;
    CallbackProgress cancelling([&](double f, const ProgressStage &) {
        if (f > 0.3)
            self->cancel();
    });
    self = &cancelling;
    const auto out = file("cancelled.csv");
    try {
        exportRecommendations(*m_project, m_runs["sasrec"], out, 10, cancelling);
        QFAIL("the export ran to its end");
    } catch (const EngineError &e) {
        QCOMPARE(e.kind(), ErrorKind::Cancelled);
    }
    QVERIFY(!QFile::exists(QString::fromStdString(out)));
    QVERIFY(!QFile::exists(QString::fromStdString(out + ".part")));
    QCOMPARE(dir.entryList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot), before);
}

QTEST_GUILESS_MAIN(TestExport)
#include "tst_export.moc"
