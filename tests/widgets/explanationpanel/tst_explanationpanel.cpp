// SPDX-License-Identifier: GPL-3.0-or-later
// The explanation view: a user's recommendations, the waterfall of one, its reason, the
// additivity check and the attention heatmaps.
#include "engine/progress.h"
#include "engine/project.h"
#include "engine/training.h"
#include "widgets/explanationcharts.h"
#include "widgets/explanationpanel.h"
#include "demofixture.h"
#include "screenshots.h"

#include <QComboBox>
#include <QLineEdit>
#include <QListWidget>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>

using namespace recscope;

class TestExplanationPanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void explainsARecommendation();
    void unknownUser();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<engine::Project> m_project;
    qint64 m_dataset = 0;
};

void TestExplanationPanel::initTestCase() {
    test::installScreenshotTranslator();
    m_dataset = test::writeDemo(m_dir, QStringLiteral("e.recscope"), 400, 150, 15, m_project);
    const auto c = engine::TrainConfig::parse("sasrec", {{"epochs", "8"}, {"maxlen", "12"}, {"hidden", "32"}, {"heads", "2"},
                                                         {"lr", "0.005"}, {"loss", "ce"}, {"threads", "2"}});
    engine::NullProgress none;
    QCOMPARE(engine::trainRun(*m_project, m_dataset, c, "sasrec", none).status, std::string("finished"));
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
}

void TestExplanationPanel::unknownUser() {
    ExplanationPanel panel;
    panel.setProject(m_project.get());
    panel.setDataset(m_dataset);
    panel.userEdit()->setText(QStringLiteral("nobody"));
    QVERIFY(!panel.recommendForUser());
}

QTEST_MAIN(TestExplanationPanel)
#include "tst_explanationpanel.moc"
