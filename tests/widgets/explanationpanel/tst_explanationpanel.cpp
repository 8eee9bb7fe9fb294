// SPDX-License-Identifier: GPL-3.0-or-later
// The explanation view: a user's recommendations, the waterfall of one, its reason, the
// additivity check, the attention views, the what-if history editor and the reports.
#include "engine/core/progress.h"
#include "engine/store/project.h"
#include "engine/store/runstore.h"
#include "engine/training/trainer.h"
#include "widgets/explain/attentionbarschart.h"
#include "widgets/explain/attentionheatmap.h"
#include "widgets/explain/attentionthumbnails.h"
#include "widgets/explain/faithfulnesschart.h"
#include "widgets/explain/smallestchangepage.h"
#include "widgets/explain/waterfallchart.h"
#include "widgets/explain/explanationpanel.h"
#include "reports/explanationreport.h"
#include "demofixture.h"
#include "screenshots.h"
#include "testsupport.h"
#include "engine/data/importer.h"
#include "engine/core/runtime.h"

#include <QCheckBox>
#include <QElapsedTimer>
#include <QComboBox>
#include <QSpinBox>
#include <QCompleter>
#include <QFile>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>

using namespace recscope;

class TestExplanationPanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void explainsARecommendation();
    void smallestChange();
    void unknownUser();
    void reportFromTheEngine();
    void attentionOverTwoHundredItems();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<engine::Project> m_project;
    qint64 m_dataset = 0;
};

void TestExplanationPanel::initTestCase() {
    engine::keepLargeAllocations(); // as the app does: training on ML-1M otherwise spends its time in page faults
    test::installScreenshotTranslator();
    m_dataset = test::writeDemo(m_dir, QStringLiteral("e.recscope"), 400, 150, 15, m_project);
    const auto c = engine::TrainConfig::parse("sasrec", {{"epochs", "8"}, {"maxlen", "12"}, {"hidden", "32"}, {"heads", "2"},
                                                         {"lr", "0.005"}, {"loss", "ce"}, {"threads", "2"}});
    engine::NullProgress none;
    QCOMPARE(engine::trainRun(*m_project, m_dataset, c, "sasrec", none).status, recscope::engine::RunStatus::Finished);
}

void TestExplanationPanel::explainsARecommendation() {
    ExplanationPanel panel;
    panel.resize(1280, 760);
    panel.setProject(m_project.get());
    panel.setDataset(m_dataset);
    QCOMPARE(panel.runBox()->count(), 1);
    panel.userEdit()->setText(QStringLiteral("#7"));
    {
        QSignalSpy done(&panel, &ExplanationPanel::recommended);
        QVERIFY(panel.recommendForUser());
        QVERIFY(done.wait(60000));
    }
    QCOMPARE(panel.recommendationList()->count(), 10);
    // Titles and user ids come from the catalogue the panel reads in a worker, not on the UI thread.
    QTRY_VERIFY(panel.hasCatalog());
    QCOMPARE(panel.recommendationList()->item(0)->text().section(QStringLiteral("  ("), 0, 0),
             QString::fromStdString(m_project->items(m_dataset)[static_cast<std::size_t>(panel.recommendations().front().first)].title));
    QCOMPARE(panel.userChoices(), static_cast<int>(m_project->users(m_dataset).size())); // searchable user ids
    {
        auto *completer = panel.findChild<QCompleter *>();
        QVERIFY(completer);
        const auto id = QString::fromStdString(m_project->users(m_dataset)[7].externalId);
        completer->setCompletionPrefix(id.mid(3, 6).toUpper()); // any part, any case
        QVERIFY(completer->completionCount() >= 1);
        QCOMPARE(completer->currentCompletion(), id);
    }
    panel.methodBox()->setCurrentIndex(1); // exact: twelve items
    {
        QSignalSpy done(&panel, &ExplanationPanel::explained);
        panel.recommendationList()->setCurrentRow(0); // selecting explains
        QVERIFY(done.wait(60000));
    }
    const auto *e = panel.explanation();
    QVERIFY(e);
    QCOMPARE(e->attributions.size(), std::size_t(12));
    QCOMPARE(panel.waterfall()->barCount(), 1 + 12 + 1); // base, twelve items, score
    QVERIFY(std::abs(e->additivityGap) < 1e-4);
    QVERIFY(panel.additivityText().contains(QStringLiteral("gap")));
    QVERIFY(!panel.reasonText().isEmpty());
    // Two heads: per layer the average and each head.
    QCOMPARE(panel.layerBox()->count(), 2 * 3);
    QCOMPARE(panel.heatmap()->size(), 12);
    test::saveScreenshot(&panel, QStringLiteral("explain-attributions"));
    panel.layerBox()->setCurrentIndex(4);
    panel.findChild<QTabWidget *>()->setCurrentIndex(1);
    QTest::qWait(100);
    test::saveScreenshot(&panel, QStringLiteral("explain-attention"));
    QCOMPARE(panel.heatmap()->size(), 12);
    // The grid: per layer the heads' average and each head; the bars: one per history item.
    QCOMPARE(panel.thumbnails()->buttonCount(), 2 * 3);
    QCOMPARE(panel.attentionBars()->barCount(), 12);
    panel.heatmap()->zoomTo(2, 5);
    panel.heatmap()->showAll();
    // Faithfulness: the curves over the twelve items and what they say.
    QVERIFY(e->faithfulness.computed);
    QCOMPARE(panel.faithfulnessChart()->pointCount(), 13);
    QVERIFY(panel.faithfulnessText().contains(QStringLiteral("deletion area")));
    QVERIFY(panel.additivityText().contains(QStringLiteral("margin over the runner-up")));
    panel.views()->setCurrentIndex(3);
    QTest::qWait(100);
    test::saveScreenshot(&panel, QStringLiteral("explain-faithfulness"));

    // Reports of what is shown.
    const QString html = m_dir.filePath(QStringLiteral("report.html")), pdf = m_dir.filePath(QStringLiteral("report.pdf"));
    QString error;
    QVERIFY2(panel.writeReport(html, &error), qPrintable(error));
    QFile h(html);
    QVERIFY(h.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(h.readAll());
    QVERIFY(text.contains(QStringLiteral("Additivity check")));
    QVERIFY(text.contains(QStringLiteral("Deletion area (lower is better)")));
    QVERIFY(text.contains(QStringLiteral("data:image/png;base64,")));
    QVERIFY(text.contains(panel.recommendationList()->item(0)->text().section(QStringLiteral("  ("), 0, 0).toHtmlEscaped()));
    QVERIFY2(panel.writeReport(pdf, &error), qPrintable(error));
    QFile p(pdf);
    QVERIFY(p.open(QIODevice::ReadOnly));
    QVERIFY(p.read(5) == "%PDF-");
    QVERIFY(p.size() > 20000);
    QVERIFY(!panel.writeReport(m_dir.filePath(QStringLiteral("report.txt")), &error));
    QVERIFY(error.contains(QStringLiteral(".pdf")));

    // What if: leave out the item with the largest attribution; the list and the explanation follow.
    const auto strongest = std::max_element(e->attributions.begin(), e->attributions.end(),
                                            [](const auto &a, const auto &b) { return a.value < b.value; })->item;
    const auto explained = e->item;
    panel.views()->setCurrentIndex(2);
    auto *history = panel.historyEditor();
    QCOMPARE(history->count(), static_cast<int>(m_project->timeline(m_dataset, 7).size()));
    int row = -1;
    for (int i = history->count() - 1; i >= 0 && row < 0; --i)
        if (history->item(i)->data(Qt::UserRole + 1).toLongLong() == strongest)
            row = i;
    QVERIFY(row >= 0);
    {
        QSignalSpy done(&panel, &ExplanationPanel::explained);
        history->item(row)->setCheckState(Qt::Unchecked);
        QVERIFY(done.wait(60000));
    }
    QVERIFY(panel.historyEdited());
    QCOMPARE(panel.currentHistory().size(), m_project->timeline(m_dataset, 7).size() - 1);
    QCOMPARE(panel.explanation()->item, explained); // the same recommendation, explained again
    for (const auto &a : panel.explanation()->attributions)
        QVERIFY(a.item != strongest);
    QVERIFY(std::abs(panel.explanation()->additivityGap) < 1e-4);
    test::saveScreenshot(&panel, QStringLiteral("explain-whatif"));
    {
        QSignalSpy done(&panel, &ExplanationPanel::explained);
        panel.restoreHistory();
        QVERIFY(done.wait(60000));
    }
    QVERIFY(!panel.historyEdited());
    QCOMPARE(panel.explanation()->attributions.size(), std::size_t(12));
}

void TestExplanationPanel::smallestChange() {
    // The Smallest change page: the fewest items whose removal takes the top item out of first
    // place, opened in the What-if editor, where the item then indeed is no longer first; the
    // closest swap likewise.
    ExplanationPanel panel;
    panel.resize(1280, 760);
    panel.setProject(m_project.get());
    panel.setDataset(m_dataset);
    QTRY_VERIFY(panel.hasCatalog());
    panel.userEdit()->setText(QStringLiteral("#7"));
    {
        QSignalSpy done(&panel, &ExplanationPanel::recommended);
        QVERIFY(panel.recommendForUser());
        QVERIFY(done.wait(60000));
    }
    {
        QSignalSpy done(&panel, &ExplanationPanel::explained);
        panel.recommendationList()->setCurrentRow(0);
        QVERIFY(done.wait(60000));
    }
    const auto item = panel.explanation()->item;
    const auto c = panel.explanation()->counterfactual;
    QVERIFY(c.computed);
    QCOMPARE(c.search, std::string("exact")); // twelve items
    QVERIFY2(c.found, qPrintable(panel.smallestChange()->summaryText()));
    QVERIFY(c.verified);
    QCOMPARE(panel.smallestChange()->removedList()->count(), static_cast<int>(c.removed.size()));
    const auto title = QString::fromStdString(m_project->items(m_dataset)[static_cast<std::size_t>(item)].title);
    QVERIFY2(panel.smallestChange()->summaryText().contains(title), qPrintable(panel.smallestChange()->summaryText()));
    QVERIFY(panel.smallestChange()->openRemovalButton()->isEnabled());
    panel.views()->setCurrentWidget(panel.smallestChange());
    QTest::qWait(100);
    test::saveScreenshot(&panel, QStringLiteral("explain-smallest-change"));
    {
        QSignalSpy done(&panel, &ExplanationPanel::explained);
        QVERIFY(panel.openRemovalInEditor());
        QVERIFY(done.wait(60000));
    }
    QCOMPARE(panel.views()->currentWidget(), panel.historyEditor()->parentWidget());
    QCOMPARE(panel.currentHistory().size(), m_project->timeline(m_dataset, 7).size() - c.removed.size());
    QVERIFY(panel.recommendations().front().first != item);
    QCOMPARE(panel.recommendations().front().first, c.newTop);
    {
        QSignalSpy done(&panel, &ExplanationPanel::explained);
        panel.restoreHistory();
        QVERIFY(done.wait(60000));
    }
    const auto swap = panel.explanation()->counterfactual.swap;
    if (swap.found) {
        QSignalSpy done(&panel, &ExplanationPanel::explained);
        QVERIFY(panel.openSwapInEditor());
        QVERIFY(done.wait(60000));
        const auto h = panel.currentHistory();
        QCOMPARE(h[static_cast<std::size_t>(swap.position)], swap.to);
        QVERIFY(panel.recommendations().front().first != item);
        panel.restoreHistory();
        QVERIFY(done.wait(60000));
    }
    // Out of the top three instead: at least as many items must go.
    {
        QSignalSpy done(&panel, &ExplanationPanel::explained);
        panel.smallestChange()->topKBox()->setValue(3);
        QVERIFY(done.wait(60000));
    }
    const auto &three = panel.explanation()->counterfactual;
    QCOMPARE(three.topK, 3);
    QVERIFY(!three.found || three.removed.size() >= c.removed.size());
    QVERIFY(!three.found || three.rankAfter > 3);
}

void TestExplanationPanel::reportFromTheEngine() {
    // What recscope-cli report does: recommend, explain the top item, write; and a PDF page to look at.
    engine::NullProgress none;
    engine::ExplainOptions o;
    o.method = "kernelshap";
    o.samples = 512;
    const auto runId = engine::RunStore(*m_project).runs().front().id;
    ExplanationReportData data{engine::recordExplanation(*m_project, runId, 7, std::nullopt, 10, o, none)};
    QCOMPARE(data.recommendations.size(), std::size_t(10));
    QCOMPARE(data.explanation.item, data.recommendations.front().first);
    ExplanationReport report(data);
    const QImage first = report.pdfPage(0, 110);
    QVERIFY(!first.isNull());
    QVERIFY(report.pdfPage(50).isNull());
    const QString dir = qEnvironmentVariable("RECSCOPE_SCREENSHOT_DIR");
    if (!dir.isEmpty()) {
        first.save(dir + QStringLiteral("/report-page1.png"));
        report.pdfPage(1, 110).save(dir + QStringLiteral("/report-page2.png"));
    }
}

void TestExplanationPanel::unknownUser() {
    ExplanationPanel panel;
    panel.setProject(m_project.get());
    panel.setDataset(m_dataset);
    panel.userEdit()->setText(QStringLiteral("nobody"));
    QVERIFY(!panel.recommendForUser());
}

void TestExplanationPanel::attentionOverTwoHundredItems() {
    // ML-1M users with 200-item windows: the attention views must still read.
    RECSCOPE_REQUIRE_SHARED("ml-1m/ml-1m.txt");
    auto project = engine::Project::openOrCreate(test::str(m_dir.filePath(QStringLiteral("ml1m.recscope"))));
    engine::NullProgress none;
    engine::ImportRequest r;
    r.format = "sasrec";
    r.path = test::str(sharedPath);
    r.itemsPath = test::str(test::sharedDataDir() + QStringLiteral("/ml-1m/items.tsv"));
    QElapsedTimer clock;
    clock.start();
    const auto dataset = engine::importDataset(*project, r, none).datasetId;
    qInfo("import %lld ms", clock.restart());
    const auto c = engine::TrainConfig::parse("sasrec", {{"epochs", "1"}, {"maxlen", "200"}, {"hidden", "32"}, {"heads", "2"}, {"threads", "2"}});
    QCOMPARE(engine::trainRun(*project, dataset, c, "sasrec", none).status, recscope::engine::RunStatus::Finished);
    qint64 user = -1;
    for (const auto &u : project->users(dataset))
        if (u.interactions >= 250) {
            user = u.index;
            break;
        }
    QVERIFY(user >= 0);
    qInfo("train %lld ms", clock.restart());

    ExplanationPanel panel;
    panel.resize(1030, 700); // the tab's share of a 1280 x 800 window beside the dataset list
    panel.setProject(project.get());
    panel.setDataset(dataset);
    panel.userEdit()->setText(QStringLiteral("#%1").arg(user));
    panel.windowBox()->setValue(10); // Shapley over the last ten; attention over all 200
    {
        QSignalSpy done(&panel, &ExplanationPanel::explained);
        QVERIFY(panel.recommendForUser());
        QTRY_VERIFY_WITH_TIMEOUT(panel.recommendationList()->count() == 10, 60000);
        panel.recommendationList()->setCurrentRow(0);
        QVERIFY(done.wait(120000));
    }
    qInfo("explain %lld ms", clock.restart());
    QCOMPARE(panel.explanation()->attributions.size(), std::size_t(10));
    QCOMPARE(panel.explanation()->context, std::int64_t(190));
    panel.views()->setCurrentIndex(1);
    auto *heatmap = panel.heatmap();
    QCOMPARE(heatmap->size(), 200);
    // Numbers at a round step, not 200 titles; names come back once zoomed in.
    const auto ticks = heatmap->tickLabels();
    QVERIFY2(ticks.size() >= 5 && ticks.size() <= 14, qPrintable(ticks.join(QLatin1Char(','))));
    for (const auto &t : ticks)
        QVERIFY(t.startsWith(QLatin1Char('#')));
    QVERIFY(panel.attentionBars()->tickLabels().size() <= 14);
    // Small weights show: scaled per row, most cells a position reads are drawn; linearly, few.
    QCOMPARE(heatmap->colour(), AttentionHeatmap::Colour::PerRow);
    const double perRow = heatmap->visibleShare();
    panel.colourBox()->setCurrentIndex(panel.colourBox()->findData(static_cast<int>(AttentionHeatmap::Colour::Log)));
    const double log = heatmap->visibleShare();
    panel.colourBox()->setCurrentIndex(panel.colourBox()->findData(static_cast<int>(AttentionHeatmap::Colour::Linear)));
    const double linear = heatmap->visibleShare();
    qInfo("attended cells drawn at a tenth of the scale or more: %.2f%% per row, %.2f%% log, %.2f%% linear", 100 * perRow, 100 * log,
          100 * linear);
    // docs/features.md: linearly under 1% of the attended cells reach a tenth of the scale (the
    // first rows, which read few items); per row and on the log scale over 99% do.
    QVERIFY(linear < 0.01);
    QVERIFY(perRow > 0.99);
    QVERIFY(log > 0.99);
    test::saveScreenshot(&panel, QStringLiteral("explain-attention-200-linear"));
    panel.colourBox()->setCurrentIndex(0);
    test::saveScreenshot(&panel, QStringLiteral("explain-attention-200"));
    heatmap->zoomTo(170, 199);
    for (const auto &t : heatmap->tickLabels())
        QVERIFY2(!t.startsWith(QLatin1Char('#')), qPrintable(t));
    heatmap->showAll();
    // Focus: the 30 positions the prediction reads most, and the prediction, with names.
    panel.focusBox()->setChecked(true);
    QCOMPARE(heatmap->size(), 31);
    QVERIFY(!heatmap->tickLabels().isEmpty() && !heatmap->tickLabels().front().startsWith(QLatin1Char('#')));
    test::saveScreenshot(&panel, QStringLiteral("explain-attention-200-focus"));
    panel.focusBox()->setChecked(false);
    panel.resize(1670, 980); // in a 1920 x 1080 window
    test::saveScreenshot(&panel, QStringLiteral("explain-attention-200-1920"));
    panel.setProject(nullptr);
}

QTEST_MAIN(TestExplanationPanel)
#include "tst_explanationpanel.moc"
