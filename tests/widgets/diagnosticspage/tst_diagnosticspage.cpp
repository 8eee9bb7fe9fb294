// SPDX-License-Identifier: GPL-3.0-or-later
// The Diagnostics page: a run on the demo diagnosed in a job, the three answers in words.
#include "engine/core/progress.h"
#include "engine/store/project.h"
#include "engine/training/trainer.h"
#include "widgets/datasets/diagnosticspage.h"
#include "demofixture.h"
#include "screenshots.h"

#include <QComboBox>
#include <QSignalSpy>
#include <QTest>

using namespace recscope;

class TestDiagnosticsPage : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void diagnosesARun();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<engine::Project> m_project;
    qint64 m_dataset = 0, m_run = 0;
};

void TestDiagnosticsPage::initTestCase() {
    test::installScreenshotTranslator();
    m_dataset = test::writeDemo(m_dir, QStringLiteral("g.recscope"), 400, 150, 15, m_project);
    const auto c = engine::TrainConfig::parse("sasrec", {{"epochs", "6"}, {"maxlen", "20"}, {"hidden", "32"}, {"lr", "0.005"},
                                                         {"loss", "ce"}, {"threads", "2"}});
    engine::NullProgress none;
    const auto r = engine::trainRun(*m_project, m_dataset, c, "sasrec", none);
    QCOMPARE(r.status, engine::RunStatus::Finished);
    m_run = r.runId;
}

void TestDiagnosticsPage::diagnosesARun() {
    DiagnosticsPage page;
    page.resize(1000, 620);
    page.setProject(m_project.get());
    page.setDataset(m_dataset);
    QCOMPARE(page.runBox()->count(), 1);
    QSignalSpy done(&page, &DiagnosticsPage::diagnosed);
    QVERIFY(page.diagnose());
    QVERIFY(done.wait(60000));
    const auto *d = page.result();
    QVERIFY(d);
    QCOMPARE(d->runId, m_run);
    QCOMPARE(d->sequentiality.users, std::int64_t(400));
    QVERIFY(std::isfinite(d->sequentiality.dropLow));
    QVERIFY(d->leakage.timestamps); // the demo has times
    QVERIFY(!page.orderText().trimmed().isEmpty());
    QVERIFY(page.leakageText().contains(QLatin1Char('%')));
    QVERIFY(page.repeatsText().contains(QLatin1Char('%')));
    test::saveScreenshot(&page, QStringLiteral("diagnostics"));
}

QTEST_MAIN(TestDiagnosticsPage)
#include "tst_diagnosticspage.moc"
