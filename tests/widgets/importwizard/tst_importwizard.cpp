// SPDX-License-Identifier: GPL-3.0-or-later
// The import wizard driven end to end, offscreen: mapping, options, run, cancel, bad input.
#include "engine/core/keyring.h"
#include "engine/store/project.h"
#include "screenshots.h"
#include "testsupport.h"
#include "widgets/common/enginejob.h"
#include "widgets/datasets/importwizard.h"
#include "widgets/common/stringtablemodel.h"

#include <QAbstractButton>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace recscope;

namespace {
const QString kFixtures = QStringLiteral(RECSCOPE_SOURCE_DIR "/tests/engine/import/data");
}

class TestImportWizard : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { test::installScreenshotTranslator(); }
    void init() { m_dir = std::make_unique<QTemporaryDir>(); }
    void csvWithMapping();
    void keyInTheSystemKeyring();
    void movieLens100k();
    void cancelStoresNothing();
    void badInputStops();
    void guessesFormats();

private:
    QString project() const { return m_dir->filePath(QStringLiteral("w.recscope")); }
    static void next(ImportWizard &w) {
        QVERIFY2(w.button(QWizard::NextButton)->isEnabled(), "Next is disabled");
        w.next();
    }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestImportWizard::csvWithMapping() {
    ImportWizard w(project());
    QSignalSpy imported(&w, &ImportWizard::datasetImported);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.formatBox()->setCurrentIndex(w.formatBox()->findData(QStringLiteral("csv")));
    QVERIFY(!w.button(QWizard::NextButton)->isEnabled()); // no path yet
    w.pathEdit()->setText(kFixtures + QStringLiteral("/semicolon_order.csv"));
    w.nameEdit()->setText(QStringLiteral("visits"));
    next(w);
    QCOMPARE(w.currentId(), int(ImportWizard::PreviewPageId));
    // 'visitor' is no known user column: nothing parses until it is mapped.
    QCOMPARE(w.previewModel()->rowCount(), 0);
    QVERIFY(!w.button(QWizard::NextButton)->isEnabled());
    w.mappingBox(QStringLiteral("user"))->setCurrentText(QStringLiteral("visitor"));
    w.mappingBox(QStringLiteral("item"))->setCurrentText(QStringLiteral("product"));
    QCOMPARE(w.mappingBox(QStringLiteral("order"))->currentText(), QStringLiteral("step")); // detected
    QCOMPARE(w.previewModel()->rowCount(), 3);
    test::saveScreenshot(&w, QStringLiteral("import-wizard-preview"));
    next(w);
    w.pseudonymizeBox()->setChecked(true);
    // Keyed with a key file: the wizard asks for the file before it goes on.
    w.pseudonymKeyBox()->setCurrentIndex(w.pseudonymKeyBox()->findData(int(engine::PseudonymKeySource::Kind::KeyFile)));
    QVERIFY(w.pseudonymKeyFileEdit()->isVisible());
    const QString keyFile = QFileInfo(project()).absolutePath() + QStringLiteral("/visits.key");
    w.pseudonymKeyFileEdit()->setText(keyFile);
    test::saveScreenshot(&w, QStringLiteral("import-wizard-pseudonyms"));
    next(w);
    QCOMPARE(w.currentId(), int(ImportWizard::RunPageId));
    QVERIFY(w.job());
    QTRY_VERIFY_WITH_TIMEOUT(w.job()->state() == EngineJob::State::Succeeded, 20000);
    QCOMPARE(imported.count(), 1);
    QVERIFY(w.resultLabel()->text().contains(QStringLiteral("3 interactions")));
    QVERIFY(w.button(QWizard::FinishButton)->isEnabled());
    auto p = engine::Project::open(project().toStdString());
    const auto d = p->datasetByName("visits");
    QVERIFY(d && d->pseudonymized);
    QCOMPARE(d->pseudonymKind, std::string("keyed"));
    QVERIFY(QFileInfo::exists(keyFile)); // made by the import; the project holds no key
    QVERIFY(!p->hasStoredPseudonymKey());
    QCOMPARE(d->interactions, 3);
    QCOMPARE(p->timeline(d->id, 0).front().itemExternalId, std::string("p1"));
}

// The keyring choice: its own name field, and an entry made in the system keyring, not the project.
void TestImportWizard::keyInTheSystemKeyring() {
    if (qEnvironmentVariableIsSet("RECSCOPE_TEST_NO_KEYRING"))
        QSKIP(qPrintable("no system keyring: " + qEnvironmentVariable("RECSCOPE_TEST_NO_KEYRING")));
    ImportWizard w(project());
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    const QString csv = m_dir->filePath(QStringLiteral("ratings.csv"));
    {
        QFile f(csv);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("user,item,rating\nu1,a,4\nu1,b,5\nu2,a,3\n");
    }
    w.setSource(QStringLiteral("csv"), csv);
    w.nameEdit()->setText(QStringLiteral("ratings"));
    next(w);
    next(w);
    w.pseudonymizeBox()->setChecked(true);
    const int keyring = w.pseudonymKeyBox()->findData(int(engine::PseudonymKeySource::Kind::Keyring));
    QVERIFY(keyring >= 0);
    w.pseudonymKeyBox()->setCurrentIndex(keyring);
    auto *name = w.findChild<QLineEdit *>(QStringLiteral("keyringNameEdit"));
    QVERIFY(name && name->isVisible() && !w.pseudonymKeyFileEdit()->isVisible());
    const QString entry = QStringLiteral("tst_importwizard %1").arg(QDateTime::currentMSecsSinceEpoch());
    name->setText(entry);
    test::saveScreenshot(&w, QStringLiteral("import-wizard-keyring"));
    next(w);
    QTRY_VERIFY_WITH_TIMEOUT(w.job()->state() != EngineJob::State::Running, 20000);
    QVERIFY2(w.job()->state() == EngineJob::State::Succeeded, qPrintable(w.resultLabel()->text()));
    const auto key = engine::keyring::lookup(entry.toStdString());
    QVERIFY(key);
    auto p = engine::Project::open(project().toStdString());
    const auto d = p->datasetByName("ratings");
    QVERIFY(d && d->pseudonymKind == "keyed");
    QCOMPARE(d->pseudonymKeyId, engine::pseudonymKeyId(*key));
    engine::keyring::remove(entry.toStdString());
}

void TestImportWizard::movieLens100k() {
    RECSCOPE_REQUIRE_SHARED("ml-100k/u.data");
    ImportWizard w(project());
    w.show();
    w.setSource(ImportWizard::guessFormat(sharedPath.section(QLatin1Char('/'), 0, -2)), sharedPath.section(QLatin1Char('/'), 0, -2));
    QCOMPARE(w.formatBox()->currentData().toString(), QStringLiteral("movielens-100k"));
    QVERIFY(!w.itemsEdit()->isEnabled()); // the folder holds the item table
    next(w);
    QCOMPARE(w.previewModel()->rowCount(), 20);
    QCOMPARE(w.previewModel()->index(0, 0).data().toString(), QStringLiteral("196"));
    QCOMPARE(w.previewModel()->index(0, 4).data().toString(), QStringLiteral("Kolya (1996)"));
    next(w);
    next(w);
    QTRY_VERIFY_WITH_TIMEOUT(w.job()->state() != EngineJob::State::Running, 60000);
    QCOMPARE(w.job()->state(), EngineJob::State::Succeeded);
    QVERIFY2(w.resultLabel()->text().contains(QStringLiteral("100,000 interactions")), qPrintable(w.resultLabel()->text()));
    test::saveScreenshot(&w, QStringLiteral("import-wizard-done"));
}

void TestImportWizard::cancelStoresNothing() {
    const QString big = m_dir->filePath(QStringLiteral("big.csv"));
    {
        QFile f(big);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QByteArray all = "user,item,rating\n";
        for (int i = 0; i < 600000; ++i)
            all += QByteArray::number(i % 9000) + ',' + QByteArray::number(i % 1500) + ",3\n";
        f.write(all);
    }
    ImportWizard w(project());
    w.show();
    w.setSource(QStringLiteral("csv"), big);
    next(w);
    next(w);
    next(w);
    QVERIFY(w.job()->isRunning());
    QTest::mouseClick(w.cancelImportButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!w.job()->isRunning(), 30000);
    QCOMPARE(w.job()->state(), EngineJob::State::Cancelled);
    QVERIFY(engine::Project::open(project().toStdString())->datasets().empty());
}

void TestImportWizard::badInputStops() {
    ImportWizard w(project());
    w.show();
    w.setSource(QStringLiteral("csv"), kFixtures + QStringLiteral("/bad_rating.csv"));
    next(w);
    QCOMPARE(w.previewModel()->rowCount(), 2); // the preview skips the bad line to show the rest
    next(w);
    QVERIFY(!w.skipErrorsButton()->isChecked());
    next(w);
    QTRY_VERIFY_WITH_TIMEOUT(!w.job()->isRunning(), 20000);
    QCOMPARE(w.job()->state(), EngineJob::State::Failed);
    QVERIFY2(w.resultLabel()->text().contains(QStringLiteral("bad_rating.csv, line 3, field “rating”")),
             qPrintable(w.resultLabel()->text()));
    test::saveScreenshot(&w, QStringLiteral("import-wizard-error"));
    // Skip mode imports the good lines and lists the bad one.
    ImportWizard w2(project());
    w2.show();
    w2.setSource(QStringLiteral("csv"), kFixtures + QStringLiteral("/bad_rating.csv"));
    next(w2);
    next(w2);
    w2.skipErrorsButton()->setChecked(true);
    next(w2);
    QTRY_VERIFY_WITH_TIMEOUT(w2.job()->state() == EngineJob::State::Succeeded, 20000);
    QCOMPARE(w2.skippedModel()->rowCount(), 1);
    QCOMPARE(w2.skippedModel()->index(0, 1).data().toString(), QStringLiteral("3"));
}

void TestImportWizard::guessesFormats() {
    QCOMPARE(ImportWizard::guessFormat(kFixtures + QStringLiteral("/ml-1m-mini")), QStringLiteral("movielens-1m"));
    QCOMPARE(ImportWizard::guessFormat(kFixtures + QStringLiteral("/recbole-mini")), QStringLiteral("recbole"));
    QCOMPARE(ImportWizard::guessFormat(kFixtures + QStringLiteral("/amazon/reviews.jsonl")), QStringLiteral("amazon-jsonl"));
    QCOMPARE(ImportWizard::guessFormat(kFixtures + QStringLiteral("/sasrec_mini.txt")), QStringLiteral("sasrec"));
    QCOMPARE(ImportWizard::guessFormat(kFixtures + QStringLiteral("/bad_rating.csv")), QStringLiteral("csv"));
}

QTEST_MAIN(TestImportWizard)
#include "tst_importwizard.moc"
