// SPDX-License-Identifier: GPL-3.0-or-later
// DatasetExplorer.
#include "widgets/datasets/datasetexplorer.h"

#include "engine/core/errors.h"
#include "engine/core/progress.h"
#include "widgets/datasets/historylengthchart.h"
#include "widgets/datasets/longtailchart.h"
#include "widgets/common/enginejob.h"
#include "widgets/datasets/datasetlistmodel.h"
#include "widgets/datasets/diagnosticspage.h"
#include "widgets/datasets/itemtablemodel.h"
#include "widgets/datasets/qualityreportmodel.h"
#include "widgets/datasets/usertablemodel.h"

#include <QCheckBox>
#include <QDateTime>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace recscope {

namespace {
QTableView *makeTable(QAbstractItemModel *model, QWidget *parent) {
    auto *v = new QTableView(parent);
    v->setModel(model);
    v->setSelectionBehavior(QAbstractItemView::SelectRows);
    v->setSelectionMode(QAbstractItemView::SingleSelection);
    v->setAlternatingRowColors(true);
    v->setSortingEnabled(true);
    v->sortByColumn(0, Qt::AscendingOrder);
    v->setWordWrap(false);
    v->verticalHeader()->hide();
    v->verticalHeader()->setDefaultSectionSize(v->fontMetrics().height() + 8);
    v->horizontalHeader()->setHighlightSections(false);
    v->horizontalHeader()->setStretchLastSection(true);
    return v;
}

QString formatCount(qint64 n) { return QLocale().toString(n); }
} // namespace

DatasetExplorer::DatasetExplorer(QWidget *parent) : QWidget(parent) {
    auto *layout = new QVBoxLayout(this);
    m_stack = new QStackedWidget(this);
    layout->addWidget(m_stack);
    m_placeholder = new QLabel(tr("Choose a dataset on the left, or import one with File ▸ Import Dataset…"), this);
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_stack->addWidget(m_placeholder);

    auto *page = new QWidget(this);
    auto *pageLayout = new QVBoxLayout(page);
    pageLayout->setContentsMargins(0, 0, 0, 0);
    m_title = new QLabel(page);
    QFont f = m_title->font();
    f.setPointSizeF(f.pointSizeF() * 1.4);
    f.setBold(true);
    m_title->setFont(f);
    pageLayout->addWidget(m_title);
    m_tabs = new QTabWidget(page);
    m_tabs->addTab(buildOverview(), tr("Overview"));
    m_tabs->addTab(buildItems(), tr("Items"));
    m_tabs->addTab(buildUsers(), tr("Users"));
    m_tabs->addTab(buildQuality(), tr("Data quality"));
    m_diagnostics = new DiagnosticsPage(m_tabs);
    m_tabs->addTab(m_diagnostics, tr("Diagnostics"));
    connect(m_diagnostics, &DiagnosticsPage::jobCreated, this, &DatasetExplorer::jobCreated);
    m_tabs->addTab(buildAnonymity(), tr("Re-identification"));
    pageLayout->addWidget(m_tabs);
    m_stack->addWidget(page);

    connect(&m_watcher, &QFutureWatcher<std::shared_ptr<ExplorerData>>::finished, this, &DatasetExplorer::onLoaded);
}

DatasetExplorer::~DatasetExplorer() {
    m_watcher.waitForFinished();
    m_qualityWatcher.waitForFinished();
}

QWidget *DatasetExplorer::buildOverview() {
    auto *w = new QWidget(this);
    auto *l = new QVBoxLayout(w);
    m_summary = new QLabel(w);
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setWordWrap(true);
    l->addWidget(m_summary);
    auto *charts = new QSplitter(Qt::Horizontal, w);
    m_longTail = new LongTailChart(charts);
    m_history = new HistoryLengthChart(charts);
    m_longTail->setAccessibleName(tr("Long-tail popularity chart"));
    m_history->setAccessibleName(tr("History length histogram"));
    charts->addWidget(m_longTail);
    charts->addWidget(m_history);
    l->addWidget(charts, 1);
    auto *hint = new QLabel(tr("Right-click a chart to export it as PNG, SVG or PDF; hover to read values; "
                               "scroll to zoom the long tail."), w);
    hint->setEnabled(false);
    l->addWidget(hint);
    return w;
}

QWidget *DatasetExplorer::buildItems() {
    auto *w = new QWidget(this);
    auto *l = new QVBoxLayout(w);
    auto *row = new QHBoxLayout;
    m_itemSearch = new QLineEdit(w);
    m_itemSearch->setPlaceholderText(tr("Search items by id, title or category…"));
    m_itemSearch->setClearButtonEnabled(true);
    m_itemSearch->setAccessibleName(tr("Item search"));
    m_itemCount = new QLabel(w);
    row->addWidget(m_itemSearch, 1);
    row->addWidget(m_itemCount);
    l->addLayout(row);
    m_itemModel = new ItemTableModel(this);
    m_itemProxy = new ItemFilterProxyModel(this);
    m_itemProxy->setSourceModel(m_itemModel);
    m_itemView = makeTable(m_itemProxy, w);
    m_itemView->setAccessibleName(tr("Items"));
    l->addWidget(m_itemView);
    // Debounced: typing stays smooth on 100k items.
    auto *debounce = new QTimer(this);
    debounce->setSingleShot(true);
    debounce->setInterval(150);
    connect(m_itemSearch, &QLineEdit::textChanged, debounce, qOverload<>(&QTimer::start));
    connect(debounce, &QTimer::timeout, this, [this] {
        m_itemProxy->setSearchText(m_itemSearch->text());
        m_itemCount->setText(tr("%1 of %2 items").arg(formatCount(m_itemProxy->rowCount()), formatCount(m_itemModel->rowCount())));
    });
    return w;
}

QWidget *DatasetExplorer::buildAnonymity() {
    auto *w = new QWidget(this);
    auto *l = new QVBoxLayout(w);
    m_anonymitySummary = new QLabel(w);
    m_anonymitySummary->setWordWrap(true);
    m_anonymitySummary->setTextFormat(Qt::RichText);
    l->addWidget(m_anonymitySummary);
    m_anonymityTable = new QTableWidget(0, 5, w);
    m_anonymityTable->setHorizontalHeaderLabels({tr("Level"), tr("k (smallest group)"), tr("Groups"), tr("Unique users"), tr("How the columns were coarsened")});
    m_anonymityTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_anonymityTable->verticalHeader()->hide();
    m_anonymityTable->horizontalHeader()->setStretchLastSection(true);
    m_anonymityTable->setAccessibleName(tr("Re-identification risk"));
    l->addWidget(m_anonymityTable, 1);
    auto *hint = new QLabel(tr("Users who share every value of the quasi-identifiers form a group; the table is k-anonymous "
                               "for k = the smallest group. A user alone in a group can be singled out by anyone who "
                               "knows those few facts about them, even with pseudonymized ids. Generalising (age in "
                               "bands, fewer zip digits) shrinks the share of unique users."),
                            w);
    hint->setWordWrap(true);
    hint->setEnabled(false);
    l->addWidget(hint);
    return w;
}

void DatasetExplorer::showAnonymity(const ExplorerData &data) {
    const QLocale loc;
    m_anonymityTable->setRowCount(0);
    if (!data.anonymity) {
        m_anonymitySummary->setText(tr("This dataset stores no user attributes (such as age, gender, occupation or zip code), so "
                                        "there are no quasi-identifiers to examine. MovieLens imported with its user file has "
                                        "them.<br><small>%1</small>").arg(QString::fromStdString(data.anonymityNote).toHtmlEscaped()));
        return;
    }
    const auto &r = *data.anonymity;
    QStringList columns;
    for (const auto &c : r.columns)
        columns << QString::fromStdString(c);
    const auto &raw = r.levels.front();
    m_anonymitySummary->setText(tr("<b>%1 of %2 users (%3)</b> are unique on %4 as stored; k = %5.")
                                    .arg(loc.toString(raw.uniqueUsers), loc.toString(r.users),
                                         loc.toString(raw.uniqueShare * 100, 'f', 1) + QLatin1Char('%'), columns.join(QStringLiteral(", ")))
                                    .arg(raw.k));
    const QStringList levelNames{tr("as stored"), tr("generalised"), tr("generalised further")};
    for (std::size_t i = 0; i < r.levels.size(); ++i) {
        const auto &lv = r.levels[i];
        const int row = m_anonymityTable->rowCount();
        m_anonymityTable->insertRow(row);
        QStringList changes;
        for (const auto &c : lv.changes)
            changes << QString::fromStdString(c);
        const QString cells[] = {i < static_cast<std::size_t>(levelNames.size()) ? levelNames[static_cast<int>(i)] : QString::fromStdString(lv.name),
                                 loc.toString(lv.k), loc.toString(lv.classes),
                                 tr("%1 (%2)").arg(loc.toString(lv.uniqueUsers), loc.toString(lv.uniqueShare * 100, 'f', 1) + QLatin1Char('%')),
                                 changes.join(QStringLiteral("; "))};
        for (int c = 0; c < 5; ++c) {
            auto *item = new QTableWidgetItem(cells[c]);
            if (c > 0 && c < 4)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_anonymityTable->setItem(row, c, item);
        }
    }
    m_anonymityTable->resizeColumnsToContents();
}

QWidget *DatasetExplorer::buildUsers() {
    auto *split = new QSplitter(Qt::Horizontal, this);
    auto *left = new QWidget(split);
    auto *ll = new QVBoxLayout(left);
    auto *search = new QLineEdit(left);
    search->setPlaceholderText(tr("Find a user id…"));
    search->setClearButtonEnabled(true);
    search->setAccessibleName(tr("User search"));
    ll->addWidget(search);
    m_userModel = new UserTableModel(this);
    auto *proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(m_userModel);
    proxy->setSortRole(Qt::EditRole);
    proxy->setFilterKeyColumn(UserTableModel::IdColumn);
    proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    connect(search, &QLineEdit::textChanged, proxy, &QSortFilterProxyModel::setFilterFixedString);
    m_userView = makeTable(proxy, left);
    m_userView->setAccessibleName(tr("Users"));
    ll->addWidget(m_userView);
    auto *right = new QWidget(split);
    auto *rl = new QVBoxLayout(right);
    m_timelineTitle = new QLabel(tr("Select a user to see their history in order."), right);
    m_timelineTitle->setWordWrap(true);
    rl->addWidget(m_timelineTitle);
    m_timelineModel = new TimelineModel(this);
    auto *tv = makeTable(m_timelineModel, right);
    tv->setSortingEnabled(false);
    tv->setAccessibleName(tr("User timeline"));
    tv->horizontalHeader()->setStretchLastSection(false);
    tv->horizontalHeader()->setSectionResizeMode(TimelineModel::TitleColumn, QHeaderView::Stretch);
    tv->setColumnWidth(TimelineModel::PositionColumn, 48);
    tv->setColumnWidth(TimelineModel::TimeColumn, 150);
    tv->setColumnWidth(TimelineModel::RatingColumn, 70);
    rl->addWidget(tv);
    split->addWidget(left);
    split->addWidget(right);
    split->setStretchFactor(1, 2);
    split->setSizes({420, 560});
    m_userView->setTextElideMode(Qt::ElideMiddle);
    connect(m_userView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this, proxy](const QModelIndex &current) {
                if (current.isValid())
                    showUser(proxy->mapToSource(current).row());
            });
    return split;
}

void DatasetExplorer::showUser(int row) {
    const auto *u = m_userModel->userAt(row);
    if (!u || !m_project)
        return;
    m_timelineModel->setTimeline(m_project->timeline(m_datasetId, u->index));
    m_timelineTitle->setText(tr("History of %1: %n interaction(s), oldest first.", "", static_cast<int>(u->interactions))
                                 .arg(QString::fromStdString(u->externalId)));
}

QWidget *DatasetExplorer::buildQuality() {
    auto *w = new QWidget(this);
    auto *l = new QVBoxLayout(w);
    m_qualityModel = new QualityReportModel(this);
    auto *v = makeTable(m_qualityModel, w);
    v->setSortingEnabled(false);
    v->setWordWrap(true);
    v->setAccessibleName(tr("Data-quality report"));
    v->horizontalHeader()->setSectionResizeMode(QualityReportModel::MeaningColumn, QHeaderView::Stretch);
    v->setColumnWidth(QualityReportModel::CheckColumn, 280);
    v->setColumnWidth(QualityReportModel::CountColumn, 90);
    v->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    l->addWidget(v, 1);
    auto *box = new QGroupBox(tr("Fix: create a cleaned copy (the original stays as it is)"), w);
    auto *form = new QGridLayout(box);
    m_fixDuplicates = new QCheckBox(tr("Remove duplicate interactions (keep the first)"), box);
    m_fixUnknown = new QCheckBox(tr("Drop interactions naming unknown items"), box);
    m_fixTimestamps = new QCheckBox(tr("Drop rows with missing, zero or future timestamps"), box);
    m_fixKcore = new QCheckBox(tr("Keep only the k-core, k ="), box);
    m_kcore = new QSpinBox(box);
    m_kcore->setRange(2, 1000);
    m_kcore->setValue(5);
    m_kcore->setAccessibleName(tr("k for the k-core filter"));
    m_fixDuplicates->setChecked(true);
    m_fixUnknown->setChecked(true);
    m_fixTimestamps->setChecked(true);
    m_cleanButton = new QPushButton(tr("Create cleaned copy"), box);
    m_cleanButton->setObjectName(QStringLiteral("createCleanedCopyButton"));
    form->addWidget(m_fixDuplicates, 0, 0, 1, 2);
    form->addWidget(m_fixUnknown, 1, 0, 1, 2);
    form->addWidget(m_fixTimestamps, 2, 0, 1, 2);
    form->addWidget(m_fixKcore, 3, 0);
    form->addWidget(m_kcore, 3, 1);
    form->addWidget(m_cleanButton, 4, 0, 1, 2, Qt::AlignLeft);
    form->setColumnStretch(2, 1);
    l->addWidget(box);
    connect(m_cleanButton, &QPushButton::clicked, this, &DatasetExplorer::createCleanedCopy);
    // A new k re-runs the k-core rows of the report in a worker.
    auto *debounce = new QTimer(this);
    debounce->setSingleShot(true);
    debounce->setInterval(300);
    connect(m_kcore, &QSpinBox::valueChanged, debounce, qOverload<>(&QTimer::start));
    connect(debounce, &QTimer::timeout, this, &DatasetExplorer::recheckQuality);
    connect(&m_qualityWatcher, &QFutureWatcher<engine::QualityReport>::finished, this, [this] {
        if (m_qualityWatcher.property("token").toULongLong() != m_token || !m_data)
            return;
        try {
            m_data->quality = m_qualityWatcher.result();
            m_qualityModel->setReport(m_data->quality, m_data->info.hasTimestamps);
        } catch (const std::exception &) {
        }
    });
    return w;
}

void DatasetExplorer::setProject(engine::Project *project) {
    m_project = project;
    m_diagnostics->setProject(project);
    m_datasetId = -1;
    ++m_token;
    m_data.reset();
    m_stack->setCurrentWidget(m_placeholder);
}

bool DatasetExplorer::isLoading() const { return m_watcher.isRunning(); }

void DatasetExplorer::setDataset(qint64 datasetId) {
    m_datasetId = datasetId;
    m_diagnostics->setDataset(datasetId);
    const quint64 token = ++m_token;
    if (!m_project || datasetId < 0) {
        m_stack->setCurrentWidget(m_placeholder);
        return;
    }
    m_placeholder->setText(tr("Loading dataset…"));
    if (!m_data)
        m_stack->setCurrentWidget(m_placeholder);
    const std::string path = m_project->path();
    const int k = m_kcore->value();
    m_watcher.setFuture(QtConcurrent::run([path, datasetId, k, token]() -> std::shared_ptr<ExplorerData> {
        (void)token;
        auto data = std::make_shared<ExplorerData>();
        auto project = engine::Project::open(path);
        auto info = project->dataset(datasetId);
        if (!info)
            return nullptr;
        data->info = *info;
        data->stats = engine::computeStats(*project, datasetId);
        data->quality = engine::checkQuality(*project, datasetId, k);
        data->catalog = DatasetCatalog::read(*project, datasetId);
        try {
            data->anonymity = engine::anonymityReport(*project, datasetId);
        } catch (const engine::EngineError &e) {
            data->anonymityNote = e.message();
        }
        return data;
    }));
    m_watcher.setProperty("token", QVariant::fromValue(token));
}

SharedCatalog DatasetExplorer::catalog() const { return m_data ? m_data->catalog : nullptr; }

void DatasetExplorer::onLoaded() {
    if (m_watcher.property("token").toULongLong() != m_token)
        return; // superseded by a newer request
    std::shared_ptr<ExplorerData> data;
    try {
        data = m_watcher.result();
    } catch (const std::exception &e) {
        m_placeholder->setText(tr("Could not load the dataset: %1").arg(QString::fromStdString(e.what())));
        m_stack->setCurrentWidget(m_placeholder);
        return;
    }
    if (!data) {
        m_stack->setCurrentWidget(m_placeholder);
        return;
    }
    m_data = data;
    showAnonymity(*data);
    const auto &s = data->stats;
    const auto &d = data->info;
    const QLocale loc;
    m_title->setText(QString::fromStdString(d.name));
    QString time;
    if (s.hasTimestamps)
        time = tr("%1 to %2").arg(loc.toString(QDateTime::fromSecsSinceEpoch(s.timeMin, Qt::UTC).date(), QLocale::ShortFormat),
                                  loc.toString(QDateTime::fromSecsSinceEpoch(s.timeMax, Qt::UTC).date(), QLocale::ShortFormat));
    else
        time = tr("no timestamps (file order)");
    m_summary->setText(
        tr("<table cellspacing='0' cellpadding='3'>"
           "<tr><td><b>Users</b></td><td align='right'>%1</td><td width='24'></td><td><b>History length</b></td>"
           "<td>min %5 · median %6 · mean %7 · p90 %8 · max %9</td></tr>"
           "<tr><td><b>Items</b></td><td align='right'>%2</td><td></td><td><b>Popularity</b></td>"
           "<td>top 10% of items hold %10 of interactions · Gini %11</td></tr>"
           "<tr><td><b>Interactions</b></td><td align='right'>%3</td><td></td><td><b>Time span</b></td><td>%12</td></tr>"
           "<tr><td><b>Density</b></td><td align='right'>%4</td><td></td><td><b>User ids</b></td><td>%13</td></tr>"
           "</table>")
            .arg(loc.toString(s.users), loc.toString(s.items), loc.toString(s.interactions),
                 loc.toString(s.density * 100, 'f', 3) + QLatin1Char('%'), loc.toString(s.historyMin),
                 loc.toString(s.historyMedian, 'f', 0), loc.toString(s.historyMean, 'f', 1), loc.toString(s.historyP90, 'f', 0),
                 loc.toString(s.historyMax))
            .arg(loc.toString(s.top10PercentShare * 100, 'f', 1) + QLatin1Char('%'), loc.toString(s.giniItems, 'f', 3), time,
                 DatasetListModel::describeUserIds(d).toHtmlEscaped()));
    m_longTail->setPopularity(s.popularity, s.top10PercentShare);
    std::vector<HistoryLengthChart::Bin> bins;
    for (const auto &b : s.historyHistogram)
        bins.push_back({b.from, b.to, b.count});
    m_history->setHistogram(bins, s.historyMedian);
    m_itemModel->setItems(data->catalog->items);
    m_itemView->sortByColumn(ItemTableModel::InteractionsColumn, Qt::DescendingOrder);
    m_itemView->resizeColumnToContents(ItemTableModel::IdColumn);
    m_itemView->setColumnWidth(ItemTableModel::TitleColumn, 320);
    m_itemView->setColumnWidth(ItemTableModel::CategoriesColumn, 220);
    m_itemCount->setText(tr("%1 items").arg(loc.toString(m_itemModel->rowCount())));
    m_itemSearch->clear();
    m_userModel->setUsers(data->catalog->users);
    m_userView->setColumnWidth(UserTableModel::IdColumn, 240);
    m_userView->setColumnWidth(UserTableModel::InteractionsColumn, 100);
    m_timelineModel->setTimeline({});
    m_timelineTitle->setText(tr("Select a user to see their history in order."));
    m_qualityModel->setReport(data->quality, d.hasTimestamps);
    m_fixUnknown->setEnabled(data->quality.hasCatalog);
    m_fixTimestamps->setEnabled(d.hasTimestamps);
    m_stack->setCurrentIndex(1);
    Q_EMIT loaded(d.id);
}

void DatasetExplorer::recheckQuality() {
    if (!m_project || !m_data)
        return;
    const std::string path = m_project->path();
    const qint64 id = m_datasetId;
    const int k = m_kcore->value();
    m_qualityWatcher.setFuture(QtConcurrent::run([path, id, k] {
        auto project = engine::Project::open(path);
        return engine::checkQuality(*project, id, k);
    }));
    m_qualityWatcher.setProperty("token", QVariant::fromValue(m_token));
}

void DatasetExplorer::createCleanedCopy() {
    if (!m_project || !m_data || (m_cleanJob && m_cleanJob->isRunning()))
        return;
    engine::CleaningOptions o;
    o.removeDuplicates = m_fixDuplicates->isChecked();
    o.dropUnknownItems = m_fixUnknown->isChecked() && m_fixUnknown->isEnabled();
    o.dropBadTimestamps = m_fixTimestamps->isChecked() && m_fixTimestamps->isEnabled();
    o.applyKcore = m_fixKcore->isChecked();
    o.k = m_kcore->value();
    const std::string path = m_project->path();
    const qint64 id = m_datasetId;
    auto newId = std::make_shared<qint64>(-1);
    m_cleanJob = std::make_unique<EngineJob>(tr("Cleaning %1").arg(QString::fromStdString(m_data->info.name)),
                                             [path, id, o, newId](engine::Progress &p) {
                                                 auto project = engine::Project::open(path);
                                                 const auto r = engine::createCleanedCopy(*project, id, o, p);
                                                 *newId = r.datasetId;
                                                 return tr("%1 with %2 interactions")
                                                     .arg(QString::fromStdString(r.name), QLocale().toString(r.interactions));
                                             });
    m_cleanButton->setEnabled(false);
    connect(m_cleanJob.get(), &EngineJob::finished, this, [this, newId] {
        m_cleanButton->setEnabled(true);
        if (m_cleanJob->state() == EngineJob::State::Succeeded)
            Q_EMIT datasetCreated(*newId);
    });
    Q_EMIT jobCreated(m_cleanJob.get());
    m_cleanJob->start();
}

} // namespace recscope
