// SPDX-License-Identifier: GPL-3.0-or-later
// The text model with a pretrained encoder (the bert-tiny fixture) on the demo data: frozen and
// fine-tuned runs train, the encoder's reading is cached in the project and reused, a stored run
// scores without the encoder's folder, the explanation path (words re-read through the encoder)
// gives the run's own scores, and a bad folder is refused before a run is recorded.
#include "engine/core/errors.h"
#include "engine/core/progress.h"
#include "engine/efficiency/efficiency.h"
#include "engine/evaluation/runscorer.h"
#include "engine/lm/safetensors.h"
#include "engine/store/project.h"
#include "engine/store/runstore.h"
#include "engine/store/sqlitedb.h"
#include "engine/training/trainer.h"

#include <torch/serialize.h>

#include <QTemporaryDir>
#include <QTest>

#include "demofixture.h"

#include <algorithm>
#include <filesystem>
#include <sstream>

using namespace recscope::engine;
namespace fs = std::filesystem;

namespace {
const std::string kFixture = RECSCOPE_TEST_DATA "/bert-tiny";

// The stages a run went through.
struct StageLog final : Progress {
    std::vector<Stage> seen;
    void report(double, const ProgressStage &s) override {
        if (seen.empty() || seen.back() != s.code)
            seen.push_back(s.code);
    }
    bool cancelled() const override { return false; }
    bool saw(Stage s) const { return std::find(seen.begin(), seen.end(), s) != seen.end(); }
};
} // namespace

class TestTextEncoder : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void frozenRunCachesTheReading();
    void wordsReadAgainGiveTheRunsScores_data();
    void wordsReadAgainGiveTheRunsScores();
    void fineTuningStartsFromTheEncoder();
    void resumesFromTheCache();
    void scoresWithoutTheFolder();
    void compressedCopiesKeepTheReading();
    void cancelWhileReadingStoresNothing();
    void badEncoderIsRefusedBeforeARun();

private:
    TrainResult train(const std::map<std::string, std::string> &extra, Progress &progress, const std::string &name);
    std::int64_t cachedReadings() { return m_project->db().queryInt("SELECT count(*) FROM encoder_cache"); }

    QTemporaryDir m_dir;
    std::unique_ptr<Project> m_project;
    std::int64_t m_dataset = -1;
    std::int64_t m_frozen = 0, m_tuned = 0;
};

TrainResult TestTextEncoder::train(const std::map<std::string, std::string> &extra, Progress &progress, const std::string &name) {
    std::map<std::string, std::string> s{{"epochs", "2"}, {"hidden", "16"}, {"maxlen", "20"}, {"layers", "1"},
                                         {"text_len", "12"}, {"threads", "2"}, {"encoder", kFixture}};
    for (const auto &[k, v] : extra)
        s[k] = v;
    return trainRun(*m_project, m_dataset, TrainConfig::parse("textrec", s), name, progress);
}

void TestTextEncoder::initTestCase() {
    m_dataset = recscope::test::writeDemo(m_dir, QStringLiteral("enc.recscope"), 150, 120, 10, m_project);
}

void TestTextEncoder::frozenRunCachesTheReading() {
    StageLog first;
    const auto r = train({}, first, "frozen");
    QCOMPARE(r.status, RunStatus::Finished);
    QVERIFY(first.saw(Stage::LoadingEncoder) && first.saw(Stage::EncodingItems));
    QCOMPARE(cachedReadings(), 1);
    m_frozen = r.runId;
    // Another run over the same reading (other settings of the recommender) does not read again.
    StageLog second;
    const auto again = train({{"seed", "7"}, {"fusion", "text"}}, second, "frozen, text only");
    QCOMPARE(again.status, RunStatus::Finished);
    QVERIFY(!second.saw(Stage::EncodingItems));
    QCOMPARE(cachedReadings(), 1);
    // A longer reading is another entry.
    NullProgress none;
    QCOMPARE(train({{"text_len", "16"}}, none, "longer").status, RunStatus::Finished);
    QCOMPARE(cachedReadings(), 2);
}

void TestTextEncoder::wordsReadAgainGiveTheRunsScores_data() {
    QTest::addColumn<QString>("layers");
    QTest::newRow("frozen") << QStringLiteral("0");
    QTest::newRow("last layer fine-tuned") << QStringLiteral("1");
}

void TestTextEncoder::wordsReadAgainGiveTheRunsScores() {
    QFETCH(QString, layers);
    std::int64_t run = m_frozen;
    if (layers != QLatin1String("0")) {
        NullProgress none;
        const auto r = train({{"encoder_layers", layers.toStdString()}}, none, "tuned");
        QCOMPARE(r.status, RunStatus::Finished);
        run = m_tuned = r.runId;
    }
    auto scorer = RunScorer::load(*m_project, run);
    const std::vector<std::int32_t> history{3, 17, 42, 8};
    int checked = 0;
    for (std::int32_t item = 0; item < 20; ++item) {
        const auto words = scorer->itemWords(item);
        if (words.empty())
            continue;
        std::vector<int> all;
        for (const auto &w : words)
            all.insert(all.end(), w.pieces.begin(), w.pieces.end());
        const double viaWords = scorer->scoreItemTexts(history, item, {all})[0];
        const double viaCatalog = scorer->scoreItem({history}, 0, item)[0];
        QVERIFY2(std::abs(viaWords - viaCatalog) < 1e-4 * std::max(1.0, std::abs(viaCatalog)),
                 (std::to_string(item) + ": " + std::to_string(viaWords) + " vs " + std::to_string(viaCatalog)).c_str());
        ++checked;
    }
    QVERIFY(checked >= 10);
}

void TestTextEncoder::fineTuningStartsFromTheEncoder() {
    QVERIFY(m_tuned > 0);
    RunStore store(*m_project);
    const auto state = store.loadCheckpoint(m_tuned, "best");
    QVERIFY(state);
    std::istringstream in(*state);
    torch::serialize::InputArchive archive, tuned, layer, attention, self, query;
    archive.load_from(in);
    archive.read("tuned", tuned);
    tuned.read("0", layer);
    layer.read("attention", attention);
    attention.read("self", self);
    self.read("query", query);
    torch::Tensor trained;
    query.read("weight", trained);
    const auto original = readSafeTensors(kFixture + "/model.safetensors").at("bert.encoder.layer.1.attention.self.query.weight");
    const double moved = (trained - original).abs().max().item<double>();
    const double relative = (trained - original).norm().item<double>() / original.norm().item<double>();
    qInfo("the fine-tuned layer moved by at most %.3g (%.1f%% of its norm)", moved, 100 * relative);
    QVERIFY(moved > 0);       // trained
    QVERIFY(relative < 0.5);  // from the encoder's last layer, not from scratch
}

void TestTextEncoder::resumesFromTheCache() {
    StageLog log;
    const auto r = resumeRun(*m_project, m_frozen, log, {}, 3);
    QCOMPARE(r.status, RunStatus::Finished);
    QCOMPARE(r.epochs, 3);
    QVERIFY(!log.saw(Stage::LoadingEncoder)); // the stored reading, not the folder
}

void TestTextEncoder::scoresWithoutTheFolder() {
    QTemporaryDir elsewhere;
    const fs::path folder = fs::path(elsewhere.path().toStdString()) / "MiniBERT";
    fs::create_directories(folder);
    for (const auto &e : fs::directory_iterator(kFixture))
        fs::copy_file(e.path(), folder / e.path().filename());
    NullProgress none;
    const auto r = train({{"encoder", folder.string()}, {"seed", "11"}}, none, "moved away");
    QCOMPARE(r.status, RunStatus::Finished);
    std::vector<float> before, after;
    RunScorer::load(*m_project, r.runId)->scoreAll({{1, 2, 3}}, {0}, before);
    fs::remove_all(folder);
    auto scorer = RunScorer::load(*m_project, r.runId);
    scorer->scoreAll({{1, 2, 3}}, {0}, after);
    QCOMPARE(after, before);
    // Only re-reading edited texts (word explanations) needs the encoder itself.
    try {
        scorer->itemWords(0);
        QFAIL("read words without the encoder");
    } catch (const EngineError &e) {
        QVERIFY2(std::string(e.what()).find("MiniBERT") != std::string::npos, e.what());
    }
}

void TestTextEncoder::compressedCopiesKeepTheReading() {
    // An int8 copy of a run scores from the same cached reading as its parent.
    NullProgress none;
    const auto copy = quantizeRun(*m_project, m_tuned, none);
    std::vector<float> original, quantized;
    RunScorer::load(*m_project, m_tuned)->scoreAll({{4, 5, 6}}, {0}, original);
    RunScorer::load(*m_project, copy)->scoreAll({{4, 5, 6}}, {0}, quantized);
    QCOMPARE(quantized.size(), original.size());
    double worst = 0;
    for (std::size_t i = 0; i < original.size(); ++i)
        worst = std::max(worst, static_cast<double>(std::abs(quantized[i] - original[i])));
    QVERIFY2(worst < 0.1 * (1 + std::abs(*std::max_element(original.begin(), original.end()))), std::to_string(worst).c_str());
}

void TestTextEncoder::cancelWhileReadingStoresNothing() {
    // Cancelled after the first batch of item texts: the run ends cancelled and no partial reading
    // is kept in the project.
    const auto before = cachedReadings();
    CallbackProgress *self = nullptr;
    CallbackProgress progress([&self](double, const ProgressStage &s) {
        if (s.code == Stage::EncodingItems)
            self->cancel();
    });
    self = &progress;
    RunStatus status = RunStatus::Queued;
    try {
        status = train({{"text_len", "10"}}, progress, "cancelled while reading").status;
    } catch (const EngineError &e) {
        QCOMPARE(e.kind(), ErrorKind::Cancelled);
        status = RunStatus::Cancelled;
    }
    QCOMPARE(status, RunStatus::Cancelled);
    QCOMPARE(cachedReadings(), before);
}

void TestTextEncoder::badEncoderIsRefusedBeforeARun() {
    const auto runs = m_project->db().queryInt("SELECT count(*) FROM runs");
    NullProgress none;
    const auto refused = [&](const std::map<std::string, std::string> &settings, ErrorKind kind, const std::string &needle) {
        try {
            train(settings, none, "refused");
        } catch (const EngineError &e) {
            return e.kind() == kind && std::string(e.what()).find(needle) != std::string::npos;
        }
        return false;
    };
    QVERIFY(refused({{"encoder", "/no/such/folder"}}, ErrorKind::BadInput, "/no/such/folder: not a folder"));
    QVERIFY(refused({{"encoder", RECSCOPE_TEST_DATA}}, ErrorKind::BadInput, "no config.json"));
    QVERIFY(refused({{"encoder_layers", "2"}}, ErrorKind::Usage, "the encoder has 2 layers"));
    QCOMPARE(m_project->db().queryInt("SELECT count(*) FROM runs"), runs);
    try {
        TrainConfig::parse("textrec", {{"encoder_layers", "1"}});
        QFAIL("encoder_layers without an encoder");
    } catch (const EngineError &e) {
        QVERIFY(std::string(e.what()).find("encoder=PATH") != std::string::npos);
    }
}

QTEST_GUILESS_MAIN(TestTextEncoder)
#include "tst_textencoder.moc"
