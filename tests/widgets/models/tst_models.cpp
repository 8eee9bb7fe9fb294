// SPDX-License-Identifier: GPL-3.0-or-later
// Every item model under QAbstractItemModelTester, filled from the demo project.
#include "engine/data/datasetstats.h"
#include "engine/data/demogenerator.h"
#include "engine/core/progress.h"
#include "engine/store/project.h"
#include "testsupport.h"
#include "widgets/datasets/datasetlistmodel.h"
#include "widgets/datasets/itemtablemodel.h"
#include "widgets/datasets/qualityreportmodel.h"
#include "widgets/common/stringtablemodel.h"
#include "widgets/datasets/usertablemodel.h"

#include <QAbstractItemModelTester>
#include <QTemporaryDir>
#include <QTest>

using namespace recscope;

class TestModels : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void datasetList();
    void items();
    void itemSearch();
    void usersAndTimeline();
    void stringTable();
    void qualityReport();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<engine::Project> m_project;
    qint64 m_id = -1;
};

void TestModels::initTestCase() {
    const auto path = m_dir.filePath(QStringLiteral("demo.recscope")).toStdString();
    engine::NullProgress none;
    engine::DemoOptions o;
    o.users = 200;
    o.items = 400;
    m_id = engine::writeDemoProject(path, none, o);
    m_project = engine::Project::open(path);
}

void TestModels::datasetList() {
    DatasetListModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    m.setDatasets(m_project->datasets());
    QCOMPARE(m.rowCount(), 1);
    QCOMPARE(m.index(0).data(DatasetListModel::NameRole).toString(), QStringLiteral("demo"));
    QVERIFY(m.index(0).data().toString().contains(QStringLiteral("200 users")));
    QCOMPARE(m.rowOfId(m_id), 0);
    m.setDatasets({});
    QCOMPARE(m.rowCount(), 0);
}

void TestModels::items() {
    ItemTableModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    m.setItems(m_project->items(m_id));
    QCOMPARE(m.rowCount(), 400);
    QCOMPARE(m.columnCount(), int(ItemTableModel::ColumnCount));
    QVERIFY(!m.index(0, ItemTableModel::TitleColumn).data().toString().isEmpty());
}

void TestModels::itemSearch() {
    ItemTableModel m;
    ItemFilterProxyModel proxy;
    proxy.setSourceModel(&m);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    m.setItems(m_project->items(m_id));
    const QString title = m.index(7, ItemTableModel::TitleColumn).data().toString();
    const QString word = title.split(QLatin1Char(' ')).at(1); // an adjective such as "Silent"
    proxy.setSearchText(word.toUpper());
    QVERIFY(proxy.rowCount() > 0);
    QVERIFY(proxy.rowCount() < m.rowCount());
    for (int r = 0; r < proxy.rowCount(); ++r)
        QVERIFY(proxy.index(r, ItemTableModel::TitleColumn).data().toString().contains(word, Qt::CaseInsensitive) ||
                proxy.index(r, ItemTableModel::CategoriesColumn).data().toString().contains(word, Qt::CaseInsensitive));
    proxy.setSearchText(word + QStringLiteral(" zzzz-no-such-word"));
    QCOMPARE(proxy.rowCount(), 0);
    proxy.setSearchText({});
    QCOMPARE(proxy.rowCount(), 400);
    proxy.sort(ItemTableModel::InteractionsColumn, Qt::DescendingOrder);
    QVERIFY(proxy.index(0, ItemTableModel::InteractionsColumn).data(Qt::EditRole).toLongLong() >=
            proxy.index(1, ItemTableModel::InteractionsColumn).data(Qt::EditRole).toLongLong());
}

void TestModels::usersAndTimeline() {
    UserTableModel users;
    QAbstractItemModelTester t1(&users, QAbstractItemModelTester::FailureReportingMode::QtTest);
    users.setUsers(m_project->users(m_id));
    QCOMPARE(users.rowCount(), 200);
    QVERIFY(users.index(0, UserTableModel::AttributesColumn).data().toString().contains(QStringLiteral("favourite_genre")));
    TimelineModel timeline;
    QAbstractItemModelTester t2(&timeline, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const auto *u = users.userAt(0);
    timeline.setTimeline(m_project->timeline(m_id, u->index));
    QCOMPARE(timeline.rowCount(), int(u->interactions));
    QCOMPARE(timeline.index(0, TimelineModel::PositionColumn).data().toString(), QStringLiteral("1"));
}

void TestModels::stringTable() {
    StringTableModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    m.setTable({QStringLiteral("a"), QStringLiteral("b")}, {{QStringLiteral("1"), QStringLiteral("2")}, {QStringLiteral("3")}});
    QCOMPARE(m.rowCount(), 2);
    QCOMPARE(m.index(1, 1).data().toString(), QString()); // short rows read as empty cells
    m.clear();
    QCOMPARE(m.columnCount(), 0);
}

void TestModels::qualityReport() {
    QualityReportModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const auto q = engine::checkQuality(*m_project, m_id, 5);
    m.setReport(q, true);
    QVERIFY(m.rowCount() >= 8);
    QCOMPARE(m.index(0, QualityReportModel::CheckColumn).data().toString(), QStringLiteral("Duplicate interactions"));
    QCOMPARE(m.index(0, QualityReportModel::CountColumn).data().toString(), QStringLiteral("0"));
}

QTEST_MAIN(TestModels)
#include "tst_models.moc"
