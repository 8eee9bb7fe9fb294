// SPDX-License-Identifier: GPL-3.0-or-later
// The comparison view: four runs evaluated in a job, every chart and the table filled, CSV
// export, and a refusal with fewer than two runs.
#include "engine/efficiency/efficiency.h"
#include "engine/evaluation/evaluation.h"
#include "engine/core/progress.h"
#include "engine/store/project.h"
#include "engine/store/runstore.h"
#include "engine/training/trainer.h"
#include "widgets/compare/curvesoverlaychart.h"
#include "widgets/compare/distributionchart.h"
#include "widgets/compare/metricbarschart.h"
#include "widgets/compare/mmrcurvechart.h"
#include "widgets/compare/sweepparallelchart.h"
#include "widgets/compare/sweepsettingchart.h"
#include "widgets/compare/tradeoffchart.h"
#include "widgets/compare/comparisonpanel.h"
#include "widgets/compare/sweepview.h"
#include "engine/training/sweep.h"
#include "widgets/common/enginejob.h"
#include "demofixture.h"
#include "screenshots.h"
#include "testsupport.h"

#include <QComboBox>
#include <QFile>
#include <QListWidget>
#include <QSlider>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

using namespace recscope;

class TestComparisonPanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void needsTwoRuns();
    void comparesFourRuns();
    void chartsPrivacyAndCost();
    void screenshotsOfAProject();
    void showsASweep();
    void showsRatingErrors();

private:
    bool runToEnd(ComparisonPanel &panel);
    QTemporaryDir m_dir;
    std::unique_ptr<engine::Project> m_project;
    qint64 m_dataset = 0;
    QList<qint64> m_runs;
};

void TestComparisonPanel::initTestCase() {
    test::installScreenshotTranslator();
    m_dataset = test::writeDemo(m_dir, QStringLiteral("c.recscope"), 400, 150, 15, m_project);
    engine::NullProgress none;
    for (const auto *model : {"pop", "itemknn", "bprmf", "sasrec"}) {
        const auto c = engine::TrainConfig::parse(model, {{"epochs", "3"}, {"maxlen", "20"}, {"hidden", "32"}, {"threads", "2"}});
        const auto r = engine::trainRun(*m_project, m_dataset, c, model, none);
        QCOMPARE(r.status, recscope::engine::RunStatus::Finished);
        m_runs << r.runId;
    }
}

bool TestComparisonPanel::runToEnd(ComparisonPanel &panel) {
    QSignalSpy done(&panel, &ComparisonPanel::compared);
    if (!panel.compareSelected())
        return false;
    return done.wait(120000);
}

void TestComparisonPanel::needsTwoRuns() {
    ComparisonPanel panel;
    panel.setProject(m_project.get());
    panel.setDataset(m_dataset);
    QCOMPARE(panel.runList()->count(), 4);
    panel.selectRuns({m_runs[0]});
    QVERIFY(!panel.compareSelected());
    QVERIFY(!panel.currentJob());
}

void TestComparisonPanel::comparesFourRuns() {
    ComparisonPanel panel;
    panel.resize(1200, 720);
    panel.setProject(m_project.get());
    panel.setDataset(m_dataset);
    panel.selectRuns(m_runs);
    QVERIFY(runToEnd(panel));
    const auto *c = panel.comparison();
    QVERIFY(c);
    QCOMPARE(c->evaluations.size(), std::size_t(4));
    QCOMPARE(c->evaluations[0].protocol, std::string("loo-full"));
    QVERIFY(panel.warningText().isEmpty());
    // Accuracy bars: HR, NDCG, MAP, Precision at K = 10 and MRR, one bar per run each.
    QCOMPARE(panel.barsChart()->barCount(), 5 * 4);
    panel.metricSetBox()->setCurrentIndex(1);
    QCOMPARE(panel.barsChart()->barCount(), 6 * 4);
    // Calibration and exposure: APLT, AWRF and Miscal (the demo's items have genres).
    panel.metricSetBox()->setCurrentIndex(2);
    QCOMPARE(panel.barsChart()->barCount(), 3 * 4);
    test::saveScreenshot(&panel, QStringLiteral("compare-calibration-metrics"));
    panel.metricSetBox()->setCurrentIndex(1);
    // The scatter starts at diversity vs accuracy and has a front.
    QVERIFY(panel.xMetricBox()->currentText().startsWith(QStringLiteral("ILD")));
    QCOMPARE(panel.yMetricBox()->currentText(), QStringLiteral("NDCG@10"));
    QVERIFY(!panel.tradeoffChart()->front().empty());
    panel.kBox()->setCurrentIndex(2); // K = 20 keeps the chosen metrics
    QCOMPARE(panel.yMetricBox()->currentText(), QStringLiteral("NDCG@20"));
    QVERIFY(panel.userMetricBox()->count() > 5);
    panel.distributionShapeBox()->setCurrentIndex(1);
    QVERIFY(panel.distributionChart()->isHistogram());
    QCOMPARE(panel.distributionChart()->seriesCount(), 4);
    panel.distributionShapeBox()->setCurrentIndex(0);
    QCOMPARE(panel.distributionChart()->seriesCount(), 8);
    // The table lists every metric, with p-values for the three runs after the baseline.
    auto *model = qobject_cast<QStandardItemModel *>(panel.table()->model());
    QCOMPARE(model->rowCount(), static_cast<int>(c->metrics.size()));
    QCOMPARE(model->columnCount(), 1 + 4 + 3 * 3 + 1);
    const QString csv = m_dir.filePath(QStringLiteral("comparison.csv"));
    QVERIFY(panel.writeCsv(csv));
    QFile f(csv);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const auto lines = f.readAll().split('\n');
    QVERIFY(lines[0].startsWith("metric,pop,pop ci_low"));
    // Fields with separators, quotes or line breaks (run names may hold any) are quoted.
    QCOMPARE(ComparisonPanel::csvCell(QStringLiteral("sasrec\nv2")), QStringLiteral("\"sasrec\nv2\""));
    QCOMPARE(ComparisonPanel::csvCell(QStringLiteral("a,b")), QStringLiteral("\"a,b\""));
    QCOMPARE(ComparisonPanel::csvCell(QStringLiteral("say \"hi\"")), QStringLiteral("\"say \"\"hi\"\"\""));
    QCOMPARE(ComparisonPanel::csvCell(QStringLiteral("plain")), QStringLiteral("plain"));
    QVERIFY(lines.size() >= static_cast<int>(c->metrics.size()) + 1);
    // Charts export in all three formats.
    for (const auto *suffix : {"png", "svg", "pdf"}) {
        const QString out = m_dir.filePath(QStringLiteral("bars.") + QLatin1String(suffix));
        QVERIFY(panel.barsChart()->exportTo(out));
        QVERIFY(QFileInfo(out).size() > 1000);
    }
    // MMR re-ranking: the curve over 21 lambdas, the slider only looks points up.
    panel.mmrRunBox()->setCurrentIndex(3);
    {
        QSignalSpy computed(&panel, &ComparisonPanel::tradeoffComputed);
        QVERIFY(panel.computeTradeoff());
        QVERIFY(computed.wait(120000));
    }
    QCOMPARE(panel.mmrChart()->pointCount(), 21);
    QVERIFY(panel.lambdaText().contains(QStringLiteral("λ = 1")));
    panel.lambdaSlider()->setValue(0);
    QVERIFY(panel.lambdaText().contains(QStringLiteral("λ = 0")));
    // Calibrated re-ranking beside it: miscalibration falls as lambda does.
    panel.rerankMethodBox()->setCurrentIndex(1);
    {
        QSignalSpy computed(&panel, &ComparisonPanel::tradeoffComputed);
        QVERIFY(panel.computeTradeoff());
        QVERIFY(computed.wait(120000));
    }
    QCOMPARE(panel.mmrChart()->pointCount(), 21);
    QVERIFY2(panel.lambdaText().contains(QStringLiteral("miscalibration")), qPrintable(panel.lambdaText()));
    panel.tabs()->setCurrentWidget(panel.mmrChart()->parentWidget());
    test::saveScreenshot(&panel, QStringLiteral("compare-calibration"));
    // A second comparison reuses the stored evaluations.
    const auto stored = engine::storedEvaluations(*m_project, m_runs[3]).size();
    QVERIFY(runToEnd(panel));
    QCOMPARE(engine::storedEvaluations(*m_project, m_runs[3]).size(), stored);
}

void TestComparisonPanel::chartsPrivacyAndCost() {
    // A SASRec trained with user-level DP-SGD beside the one without: the accuracy-privacy chart
    // places it at its epsilon and the other as a line (no DP); the accuracy-cost chart at the latency
    // measured for each (profiles are measured by the comparison where missing).
    engine::NullProgress none;
    const auto c = engine::TrainConfig::parse("sasrec", {{"epochs", "2"}, {"maxlen", "20"}, {"hidden", "32"}, {"threads", "2"},
                                                         {"dp", "user"}, {"dp.noise", "1"}});
    const auto dp = engine::trainRun(*m_project, m_dataset, c, "sasrec dp", none);
    QCOMPARE(dp.status, recscope::engine::RunStatus::Finished);
    ComparisonPanel panel;
    panel.resize(1200, 720);
    panel.setProject(m_project.get());
    panel.setDataset(m_dataset);
    panel.selectRuns({m_runs[3], dp.runId});
    QVERIFY(runToEnd(panel));
    const auto *privacy = panel.privacyChart();
    QCOMPARE(privacy->runs(), QStringList{QStringLiteral("sasrec dp")});
    QCOMPARE(privacy->xValues()[0], *dp.epsilon);
    QCOMPARE(privacy->referenceNames(), QStringList{QStringLiteral("sasrec (no DP)")});
    const auto *cost = panel.costChart();
    QCOMPARE(cost->runs().size(), 2);
    QVERIFY(cost->xValues()[0] > 0 && cost->xValues()[1] > 0);
    QVERIFY(engine::storedProfile(*m_project, dp.runId).has_value());
    panel.costAxisBox()->setCurrentIndex(2); // parameters: the same model shape, the same count
    QCOMPARE(cost->xValues()[0], cost->xValues()[1]);
    panel.tabs()->setCurrentIndex(2);
    test::saveScreenshot(&panel, QStringLiteral("compare-privacy-cost-demo"));
}

void TestComparisonPanel::screenshotsOfAProject() {
    // Every tab of this demo comparison (or of the project named by RECSCOPE_COMPARE_PROJECT, e.g.
    // four runs on ML-1M) filled in, the MMR trade-off included; with RECSCOPE_SCREENSHOT_DIR each
    // is saved for the user guide. The assertions run either way.
    std::unique_ptr<engine::Project> other;
    engine::Project *project = m_project.get();
    qint64 dataset = m_dataset;
    QList<qint64> runs = m_runs;
    if (const QString path = qEnvironmentVariable("RECSCOPE_COMPARE_PROJECT"); !path.isEmpty()) {
        other = engine::Project::open(path.toStdString());
        project = other.get();
        runs.clear();
        for (const auto &r : engine::RunStore(*project).runs())
            if (r.status == recscope::engine::RunStatus::Finished) {
                runs << r.id;
                dataset = r.datasetId;
            }
    }
    ComparisonPanel panel;
    panel.resize(1280, 760);
    panel.setProject(project);
    panel.setDataset(dataset);
    panel.selectRuns(runs);
    panel.show();
    QVERIFY(runToEnd(panel));
    const QStringList names{QStringLiteral("compare-metrics"), QStringLiteral("compare-tradeoff"), QStringLiteral("compare-privacy-cost"),
                            QStringLiteral("compare-curves"), QStringLiteral("compare-per-user"), QStringLiteral("compare-table"),
                            QStringLiteral("compare-rerank"), QStringLiteral("compare-sweeps-tab")};
    QCOMPARE(panel.tabs()->count(), names.size());
    panel.mmrRunBox()->setCurrentIndex(panel.mmrRunBox()->count() - 1);
    QSignalSpy computed(&panel, &ComparisonPanel::tradeoffComputed);
    QVERIFY(panel.computeTradeoff());
    QVERIFY(computed.wait(300000));
    panel.lambdaSlider()->setValue(12);
    for (int tab = 0; tab < panel.tabs()->count(); ++tab) {
        panel.tabs()->setCurrentIndex(tab);
        QTest::qWait(200);
        test::saveScreenshot(&panel, names[tab]);
    }
    panel.tabs()->setCurrentIndex(4);
    panel.distributionShapeBox()->setCurrentIndex(1);
    QTest::qWait(200);
    test::saveScreenshot(&panel, QStringLiteral("compare-per-user-histogram"));
    panel.tabs()->setCurrentIndex(0);
    panel.metricSetBox()->setCurrentIndex(1);
    QTest::qWait(200);
    test::saveScreenshot(&panel, QStringLiteral("compare-beyond-accuracy"));
}

void TestComparisonPanel::showsASweep() {
    ComparisonPanel panel;
    panel.resize(1200, 800);
    panel.setProject(m_project.get());
    panel.setDataset(m_dataset);
    auto *view = panel.sweepView();
    QCOMPARE(view->sweepBox()->count(), 0);
    QVERIFY(view->summaryText().contains(QStringLiteral("No sweep")));
    // A small halving sweep over BPR-MF's width and learning rate, stored, then shown.
    engine::SweepRequest r;
    r.name = "bpr sweep";
    r.model = "bprmf";
    r.fixed = {{"epochs", "3"}, {"threads", "2"}};
    r.dimensions = {engine::SweepDimension::parse("hidden=8,32"), engine::SweepDimension::parse("lr=0.001,0.01,0.1")};
    r.halving = true;
    r.minEpochs = 1;
    engine::NullProgress none;
    const auto sweep = engine::runSweep(*m_project, m_dataset, r, none);
    panel.refreshRuns();
    QCOMPARE(view->sweepBox()->count(), 1);
    QCOMPARE(view->table()->model()->rowCount(), 6);
    QCOMPARE(view->table()->model()->columnCount(), 9); // trial, hidden, lr, epochs, status, valid, test, seconds, run
    QCOMPARE(view->settingBox()->count(), 3); // hidden, lr, and both at once
    QCOMPARE(view->chart()->pointCount(), 6);
    QVERIFY2(view->summaryText().contains(QStringLiteral("trial %1").arg(sweep.trials[static_cast<std::size_t>(sweep.best)].index)),
             qPrintable(view->summaryText()));
    int stopped = 0;
    for (int row = 0; row < 6; ++row)
        stopped += view->table()->model()->index(row, 4).data().toString().contains(QStringLiteral("stopped early"));
    QCOMPARE(stopped, 4); // six trials train one epoch; the best two go on to three
    view->settingBox()->setCurrentIndex(1);
    QCOMPARE(view->chart()->pointCount(), 6);
    QVERIFY(!view->showsParallel());
    QCOMPARE(view->parallelChart()->lineCount(), 6); // one line per trial through hidden, lr and NDCG@10
    panel.tabs()->setCurrentWidget(view);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    test::saveScreenshot(&panel, QStringLiteral("compare-sweep"));
    view->settingBox()->setCurrentIndex(2);
    QVERIFY(view->showsParallel());
    test::saveScreenshot(&panel, QStringLiteral("compare-sweep-parallel"));
}



void TestComparisonPanel::showsRatingErrors() {
    // Biased MF on the demo's ratings, next to BPR-MF on the same split: a third set of bars,
    // RMSE and MAE, appears; BPR-MF has none of them.
    engine::NullProgress none;
    QList<qint64> runs;
    for (const auto &[model, name, l2] : {std::tuple{"biasedmf", "biased MF", "0.1"}, std::tuple{"biasedmf", "biased MF, L2 0.5", "0.5"},
                                          std::tuple{"bprmf", "BPR-MF random", "0"}}) {
        const auto c = engine::TrainConfig::parse(model, {{"epochs", "3"}, {"split", "random"}, {"weight_decay", l2}, {"threads", "2"}});
        const auto r = engine::trainRun(*m_project, m_dataset, c, name, none);
        QCOMPARE(r.status, recscope::engine::RunStatus::Finished);
        runs << r.runId;
    }
    ComparisonPanel panel;
    panel.resize(1200, 720);
    panel.setProject(m_project.get());
    panel.setDataset(m_dataset);
    panel.selectRuns(runs);
    QCOMPARE(panel.metricSetBox()->count(), 3);
    QVERIFY(runToEnd(panel));
    QCOMPARE(panel.metricSetBox()->count(), 4);
    panel.metricSetBox()->setCurrentIndex(3);
    QCOMPARE(panel.barsChart()->barCount(), 2 * 2); // RMSE and MAE of the biased MF runs; BPR-MF has no bar
    const auto *c = panel.comparison();
    const auto rmse = std::find_if(c->metrics.begin(), c->metrics.end(), [](const auto &m) { return m.metric == "RMSE"; });
    QVERIFY(rmse != c->metrics.end() && std::isfinite(rmse->values[0]) && std::isnan(rmse->values[2]));
    QVERIFY(std::isfinite(rmse->tTestP[1]));
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    test::saveScreenshot(&panel, QStringLiteral("compare-rating-error"));
    // Ranking runs alone: the set goes away again.
    panel.selectRuns({m_runs[2], m_runs[3]});
    QVERIFY(runToEnd(panel));
    QCOMPARE(panel.metricSetBox()->count(), 3);
}

QTEST_MAIN(TestComparisonPanel)
#include "tst_comparisonpanel.moc"
