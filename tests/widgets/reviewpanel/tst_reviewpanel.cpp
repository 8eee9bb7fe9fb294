// SPDX-License-Identifier: GPL-3.0-or-later
// The Review tab: a review of a trained SASRec's explanations across users (table, charts,
// findings), a case opened from the table, the report, a refused setting and a cancelled review
// that leaves the project as it was.
#include "engine/core/progress.h"
#include "engine/store/project.h"
#include "engine/store/runstore.h"
#include "engine/training/trainer.h"
#include "widgets/common/enginejob.h"
#include "widgets/review/reviewcreditchart.h"
#include "widgets/review/reviewfaithfulnesschart.h"
#include "widgets/review/reviewhistogramchart.h"
#include "widgets/review/reviewpanel.h"
#include "reports/reviewreport.h"
#include "demofixture.h"
#include "screenshots.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCryptographicHash>
#include <QFile>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTabWidget>
#include <QTest>

using namespace recscope;

class TestReviewPanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void reviewsAcrossUsers();
    void refusesExactOverALongWindow();
    void cancelLeavesTheProjectAsItWas();

private:
    QByteArray projectBytes() const;
    QTemporaryDir m_dir;
    std::unique_ptr<engine::Project> m_project;
    qint64 m_dataset = 0, m_run = 0;
};

void TestReviewPanel::initTestCase() {
    test::installScreenshotTranslator();
    m_dataset = test::writeDemo(m_dir, QStringLiteral("r.recscope"), 400, 150, 25, m_project);
    // A window of 20: the review explains the last 10 with the older ones as context.
    const auto c = engine::TrainConfig::parse("sasrec", {{"epochs", "8"}, {"maxlen", "20"}, {"hidden", "32"}, {"lr", "0.005"},
                                                         {"loss", "ce"}, {"threads", "2"}});
    engine::NullProgress none;
    const auto r = engine::trainRun(*m_project, m_dataset, c, "sasrec", none);
    QCOMPARE(r.status, recscope::engine::RunStatus::Finished);
    m_run = r.runId;
}

QByteArray TestReviewPanel::projectBytes() const {
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const auto &suffix : {QString(), QStringLiteral("-wal")}) {
        QFile f(QString::fromStdString(m_project->path()) + suffix);
        if (f.open(QIODevice::ReadOnly))
            hash.addData(f.readAll());
    }
    return hash.result();
}

void TestReviewPanel::reviewsAcrossUsers() {
    ReviewPanel panel;
    panel.resize(1280, 760);
    panel.setProject(m_project.get());
    panel.setDataset(m_dataset);
    QCOMPARE(panel.runBox()->count(), 1);
    QVERIFY(!panel.reportButton()->isEnabled());
    panel.usersBox()->setValue(40);
    panel.methodBox()->setCurrentIndex(panel.methodBox()->findData(QStringLiteral("exact")));
    QCOMPARE(panel.windowBox()->value(), 10);
    const auto before = projectBytes();
    {
        QSignalSpy done(&panel, &ReviewPanel::reviewed);
        QVERIFY(panel.startReview());
        QVERIFY(panel.isReviewing());
        QVERIFY(!panel.reviewButton()->isEnabled());
        QVERIFY(done.wait(120000));
    }
    QCOMPARE(projectBytes(), before); // a review only reads
    const auto *d = panel.result();
    QVERIFY(d);
    QCOMPARE(d->review.cases.size(), std::size_t(40));
    QCOMPARE(panel.caseTable()->model()->rowCount(), 40);
    QCOMPARE(panel.faithfulnessChart()->pointCount(), 80); // deletion and insertion per case
    QCOMPARE(panel.agreementChart()->counted(), 40);       // SASRec has attention
    QVERIFY(panel.itemChart()->barCount() >= 1);
    QVERIFY(panel.categoryChart()->barCount() >= 1);       // the demo's items have genres
    QVERIFY(panel.reportButton()->isEnabled());
    QVERIFY2(panel.summaryText().contains(QLatin1Char('%')), qPrintable(panel.summaryText()));
    QVERIFY2(panel.statusText().contains(QStringLiteral("40")), qPrintable(panel.statusText()));
    // Explanations of a trained model beat random orders; every case explained over ten items
    // after the older ones as context.
    QVERIFY2(d->review.beatsRandomShare >= 0.8, qPrintable(QString::number(d->review.beatsRandomShare)));
    for (const auto &c : d->review.cases)
        QVERIFY(std::abs(c.additivityGap) < 1e-3);
    // Every case's smallest change was searched; the sizes add up to the cases.
    int sized = 0;
    for (auto n : d->review.changeSizes)
        sized += n;
    QCOMPARE(sized, 40);
    for (const auto &c : d->review.cases)
        QVERIFY(c.smallestChange >= 0 && c.smallestChange <= 10);
    QVERIFY2(panel.summaryText().contains(QStringLiteral("single history item")), qPrintable(panel.summaryText()));
    test::saveScreenshot(&panel, QStringLiteral("review"));
    panel.views()->setCurrentIndex(2);
    test::saveScreenshot(&panel, QStringLiteral("review-items"));

    // Sorting is by number, not text.
    panel.caseTable()->sortByColumn(4, Qt::AscendingOrder);
    auto *m = panel.caseTable()->model();
    for (int row = 1; row < m->rowCount(); ++row)
        QVERIFY(m->index(row - 1, 4).data(Qt::UserRole + 2).toDouble() <= m->index(row, 4).data(Qt::UserRole + 2).toDouble());

    // Double-clicking a case asks the Explain tab for it, with the review's settings.
    QSignalSpy open(&panel, &ReviewPanel::explainRequested);
    const auto index = m->index(0, 1);
    panel.caseTable()->scrollTo(index);
    const QPoint at = panel.caseTable()->visualRect(index).center();
    QTest::mouseClick(panel.caseTable()->viewport(), Qt::LeftButton, {}, at);
    QTest::mouseDClick(panel.caseTable()->viewport(), Qt::LeftButton, {}, at);
    QCOMPARE(open.count(), 1);
    QCOMPARE(open.front().at(0).toLongLong(), m_run);
    const auto user = open.front().at(1).toLongLong(), item = open.front().at(2).toLongLong();
    QVERIFY(std::any_of(d->review.cases.begin(), d->review.cases.end(), [&](const auto &c) { return c.user == user && c.item == item; }));

    // The report, as HTML and PDF.
    const QString html = m_dir.filePath(QStringLiteral("review.html")), pdf = m_dir.filePath(QStringLiteral("review.pdf"));
    QString error;
    QVERIFY2(panel.writeReport(html, &error), qPrintable(error));
    QVERIFY2(panel.writeReport(pdf, &error), qPrintable(error));
    QVERIFY(!panel.writeReport(m_dir.filePath(QStringLiteral("review.txt")), &error));
    QVERIFY(error.contains(QStringLiteral(".pdf")));
    QFile f(html);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(f.readAll());
    QVERIFY(text.contains(QStringLiteral("data:image/png;base64,")));
    QVERIFY(text.count(QStringLiteral("<img ")) >= 5); // faithfulness, agreement, smallest changes, items, categories
    QVERIFY(text.contains(QStringLiteral("Smallest changes")));
    QVERIFY(d->review.diagnosis); // order, leakage and repeats of the run, in the report as well
    QVERIFY(text.contains(QStringLiteral("Diagnostics")));
    QVERIFY(QFileInfo(pdf).size() > 10000);
    const ReviewReport report(*d);
    QVERIFY(!report.pdfPage(0, 110).isNull());
    if (const QString dir = qEnvironmentVariable("RECSCOPE_SCREENSHOT_DIR"); !dir.isEmpty()) {
        report.pdfPage(0, 110).save(dir + QStringLiteral("/review-report-page1.png"));
        report.pdfPage(1, 110).save(dir + QStringLiteral("/review-report-page2.png"));
    }
    QCOMPARE(ReviewReport::worstCases(d->review, 5).size(), std::size_t(5));
    // Another dataset: the review shown was of this one's run, so it goes.
    panel.setDataset(m_dataset + 1);
    QVERIFY(!panel.result());
    QCOMPARE(panel.caseTable()->model()->rowCount(), 0);
    QVERIFY(!panel.reportButton()->isEnabled());
}

void TestReviewPanel::refusesExactOverALongWindow() {
    ReviewPanel panel;
    panel.setProject(m_project.get());
    panel.setDataset(m_dataset);
    panel.usersBox()->setValue(3);
    panel.methodBox()->setCurrentIndex(panel.methodBox()->findData(QStringLiteral("exact")));
    panel.windowBox()->setValue(0); // every item the model reads: 20, too many to enumerate
    QVERIFY(panel.startReview());
    QTRY_VERIFY_WITH_TIMEOUT(!panel.isReviewing(), 60000);
    QVERIFY2(panel.statusText().contains(QStringLiteral("14")), qPrintable(panel.statusText()));
    QVERIFY(!panel.result());
}

void TestReviewPanel::cancelLeavesTheProjectAsItWas() {
    ReviewPanel panel;
    panel.setProject(m_project.get());
    panel.setDataset(m_dataset);
    panel.allUsersBox()->setChecked(true);
    QVERIFY(!panel.usersBox()->isEnabled());
    const auto before = projectBytes();
    // Cancel as soon as the review reports progress: it is under way, and far from done.
    EngineJob *job = nullptr;
    connect(&panel, &ReviewPanel::jobCreated, &panel, [&](EngineJob *created) { job = created; });
    QVERIFY(panel.startReview());
    QVERIFY(job);
    bool cancelled = false;
    connect(job, &EngineJob::progressChanged, &panel, [&] {
        if (!cancelled && job->progress() > 0) {
            cancelled = true;
            QVERIFY(panel.isReviewing());
            panel.cancelReview();
        }
    });
    QTRY_VERIFY_WITH_TIMEOUT(cancelled, 60000);
    QTRY_VERIFY_WITH_TIMEOUT(!panel.isReviewing(), 30000);
    QCOMPARE(panel.statusText(), ReviewPanel::tr("Review cancelled; the project is unchanged."));
    QVERIFY(!panel.result());
    QVERIFY(!panel.reportButton()->isEnabled());
    QVERIFY(panel.reviewButton()->isEnabled());
    QCOMPARE(projectBytes(), before);
}

QTEST_MAIN(TestReviewPanel)
#include "tst_reviewpanel.moc"
