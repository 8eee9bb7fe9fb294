// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/explain/explanationpanel.h"

#include "engine/core/errors.h"
#include "engine/core/progress.h"
#include "engine/store/project.h"
#include "engine/store/runstore.h"
#include "engine/evaluation/runscorer.h"
#include "widgets/common/compactlayout.h"
#include "widgets/common/enginejob.h"
#include "widgets/explain/attentionbarschart.h"
#include "widgets/explain/attentionheatmap.h"
#include "widgets/explain/attentionthumbnails.h"
#include "widgets/explain/faithfulnesschart.h"
#include "widgets/explain/smallestchangepage.h"
#include "widgets/explain/waterfallchart.h"
#include "widgets/explain/explainsettings.h"
#include "reports/explanationreport.h"
#include "widgets/common/reportfiledialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QTimer>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <limits>

namespace recscope {

namespace {
constexpr int kItemRole = Qt::UserRole + 1;
constexpr int kUserIdRole = Qt::UserRole + 2;

// The reason in the interface's language, from what the numbers support.
QString reasonInWords(const engine::Explanation &e, const QStringList &titles) {
    if (e.method == "attention")
        return ExplanationPanel::tr("Attention shows where the model looked, not why it scored the item; choose a Shapley method for a reason.");
    const auto r = engine::reasonParts(e.attributions);
    const int percent = static_cast<int>(std::lround(100 * r.share));
    switch (r.kind) {
    case engine::ReasonParts::Kind::Nothing:
        return ExplanationPanel::tr("No item of the history pushes this recommendation up: it comes from what the model learned overall.");
    case engine::ReasonParts::Kind::Diffuse:
        return ExplanationPanel::tr("Many items of the history add a little each; none stands out (the top three make up %1% of the "
                                    "positive attribution).").arg(percent);
    case engine::ReasonParts::Kind::Items:
        break;
    }
    QStringList names;
    for (auto i : r.items)
        names << QStringLiteral("“%1”").arg(titles.value(static_cast<int>(i)));
    const QString list = names.size() == 1 ? names[0]
                         : names.size() == 2 ? ExplanationPanel::tr("%1 and %2").arg(names[0], names[1])
                                             : ExplanationPanel::tr("%1, %2 and %3").arg(names[0], names[1], names[2]);
    return ExplanationPanel::tr("Recommended mainly because of %1 (%2% of the positive attribution).").arg(list).arg(percent);
}
}

ExplanationPanel::ExplanationPanel(QWidget *parent) : QWidget(parent) {
    connect(&m_catalogWatcher, &QFutureWatcher<SharedCatalog>::finished, this, [this] { setCatalog(m_catalogWatcher.result()); });
    auto *left = new QWidget(this);
    auto *form = new QFormLayout(left);
    m_run = new QComboBox(left);
    m_run->setAccessibleName(tr("Run to explain"));
    m_user = new QLineEdit(left);
    m_user->setPlaceholderText(tr("type part of a user id, or #index"));
    m_user->setAccessibleName(tr("User"));
    m_user->setToolTip(tr("User ids are pseudonymized: type any part of one to pick from the list (with each user's history "
                          "length), or #index for the n-th user"));
    m_users = new QStandardItemModel(this);
    auto *completer = new QCompleter(m_users, this);
    completer->setCompletionRole(kUserIdRole); // the popup shows the history length beside the id
    completer->setFilterMode(Qt::MatchContains);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setMaxVisibleItems(12);
    m_user->setCompleter(completer);
    connect(completer, qOverload<const QString &>(&QCompleter::activated), this, [this] { recommendForUser(); });
    m_recommend = new QPushButton(tr("&Recommend"), left);
    m_list = new QListWidget(left);
    m_list->setAccessibleName(tr("Top recommendations"));
    m_method = ExplainSettings::methodBox(left);
    m_masking = ExplainSettings::maskingBox(left);
    m_value = ExplainSettings::valueBox(left);
    m_window = ExplainSettings::windowBox(left);
    m_players = new QComboBox(left);
    m_players->setAccessibleName(tr("Players"));
    m_players->addItem(tr("Items of the history"), QStringLiteral("history"));
    m_players->addItem(tr("Words of the item's text"), QStringLiteral("text"));
    m_players->setToolTip(tr("What the attributions are shared among: the history's items, or (text model) the words of the "
                             "recommended item's own text, the history held fixed"));
    m_samples = new QSpinBox(left);
    m_samples->setRange(64, 1000000);
    m_samples->setValue(engine::ExplainOptions{}.samples);
    m_samples->setAccessibleName(tr("Samples"));
    m_samples->setToolTip(tr("Coalitions to evaluate (KernelSHAP or permutation sampling): more gives smaller standard errors"));
    m_status = new QLabel(tr("Choose a run and a user, then Recommend; select a recommendation to see why."), left);
    m_status->setWordWrap(true);
    m_report = new QPushButton(tr("Write rep&ort…"), left);
    m_report->setToolTip(tr("A report of this explanation for reviewers, as HTML or PDF"));
    m_report->setEnabled(false);
    form->addRow(tr("R&un:"), m_run);
    auto *userRow = new QHBoxLayout;
    userRow->addWidget(m_user, 1);
    userRow->addWidget(m_recommend);
    auto *userLabel = new QLabel(tr("U&ser:"), left);
    userLabel->setBuddy(m_user);
    form->addRow(userLabel, userRow);
    form->addRow(m_list);
    form->addRow(tr("&Method:"), m_method);
    form->addRow(tr("Mas&king:"), m_masking);
    form->addRow(tr("E&xplain:"), m_value);
    form->addRow(tr("&Last items:"), m_window);
    form->addRow(tr("Pla&yers:"), m_players);
    form->addRow(tr("Sam&ples:"), m_samples);
    form->addRow(m_status);
    form->addRow(m_report);

    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    m_reason = new QLabel(right);
    m_reason->setWordWrap(true);
    m_reason->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = m_reason->font();
    bold.setBold(true);
    m_reason->setFont(bold);
    m_additivity = new QLabel(right);
    m_additivity->setWordWrap(true);
    m_faithfulness = new QLabel(right);
    m_faithfulness->setWordWrap(true);
    m_faithfulness->setToolTip(tr("Deletion: the explained value as the most credited items are taken away one by one; insertion: "
                                  "as they are given back to an empty history. Areas are on a scale where the lowest point of "
                                  "the curves is 0 and the highest 1; the random orders are the baseline an explanation has to beat"));
    m_tabs = new QTabWidget(right);
    m_waterfall = new WaterfallChart(m_tabs);
    m_tabs->addTab(m_waterfall, tr("&Attributions"));

    auto *attentionPage = new QWidget(m_tabs);
    auto *attentionLayout = new QVBoxLayout(attentionPage);
    m_layer = new QComboBox(attentionPage);
    m_layer->setAccessibleName(tr("Layer and head"));
    m_layer->setMinimumContentsLength(18);
    m_thumbs = new AttentionThumbnails(attentionPage);
    m_colour = new QComboBox(attentionPage);
    m_colour->setAccessibleName(tr("Heatmap colours"));
    m_colour->addItem(tr("Each row to its largest weight"), static_cast<int>(AttentionHeatmap::Colour::PerRow));
    m_colour->addItem(tr("Log scale"), static_cast<int>(AttentionHeatmap::Colour::Log));
    m_colour->addItem(tr("Linear"), static_cast<int>(AttentionHeatmap::Colour::Linear));
    m_colour->setToolTip(tr("Over a long history each weight is small: scaled to its row's largest weight, or on a log scale, "
                            "they still show; linear shows the weights as they are"));
    m_focus = new QCheckBox(tr("F&ocus on the %1 most read").arg(kFocusItems), attentionPage);
    m_focus->setToolTip(tr("Show only the positions the prediction reads most (and itself), in history order, with their names"));
    auto *pickRow = new QHBoxLayout;
    auto *layerLabel = new QLabel(tr("Layer and h&ead:"), attentionPage);
    layerLabel->setBuddy(m_layer);
    auto *colourLabel = new QLabel(tr("Colours:"), attentionPage);
    colourLabel->setBuddy(m_colour);
    pickRow->addWidget(layerLabel);
    pickRow->addWidget(m_layer, 1);
    pickRow->addWidget(colourLabel);
    pickRow->addWidget(m_colour, 1);
    m_heatmap = new AttentionHeatmap(attentionPage);
    m_bars = new AttentionBarsChart(attentionPage);
    // One above the other: the heatmap has the page's width, the bars the same positions.
    auto *charts = new QSplitter(Qt::Vertical, attentionPage);
    charts->addWidget(m_heatmap);
    charts->addWidget(m_bars);
    charts->setStretchFactor(0, 3);
    charts->setStretchFactor(1, 2);
    m_bars->setMinimumHeight(200);
    attentionLayout->addLayout(pickRow);
    attentionLayout->addWidget(m_focus); // a row of its own: the page fits a 1280-pixel screen
    attentionLayout->addWidget(m_thumbs);
    attentionLayout->addWidget(charts, 1);
    m_tabs->addTab(attentionPage, tr("A&ttention"));

    auto *whatIf = new QWidget(m_tabs);
    auto *whatIfLayout = new QVBoxLayout(whatIf);
    m_historyNote = new QLabel(tr("Recommend for a user to edit their history here."), whatIf);
    m_historyNote->setWordWrap(true);
    m_history = new QListWidget(whatIf);
    m_history->setAccessibleName(tr("History to edit"));
    m_history->setDragDropMode(QAbstractItemView::InternalMove);
    m_history->setDefaultDropAction(Qt::MoveAction);
    m_history->setSelectionMode(QAbstractItemView::SingleSelection);
    auto *up = new QPushButton(tr("Move &up"), whatIf);
    auto *down = new QPushButton(tr("Move dow&n"), whatIf);
    m_restore = new QPushButton(tr("Restore the user's &history"), whatIf);
    m_restore->setEnabled(false);
    auto *editRow = new QHBoxLayout;
    editRow->addWidget(up);
    editRow->addWidget(down);
    editRow->addStretch(1);
    editRow->addWidget(m_restore);
    whatIfLayout->addWidget(m_historyNote);
    whatIfLayout->addWidget(m_history, 1);
    whatIfLayout->addLayout(editRow);
    m_tabs->addTab(whatIf, tr("&What if"));
    m_whatIf = whatIf;
    m_faithfulnessChart = new FaithfulnessChart(m_tabs);
    m_faithfulnessChart->setToolTip(m_faithfulness->toolTip());
    m_tabs->addTab(m_faithfulnessChart, tr("&Faithfulness"));
    m_change = new SmallestChangePage(m_tabs);
    m_tabs->addTab(m_change, tr("Smallest &change"));
    connect(m_change, &SmallestChangePage::topKChanged, this, [this] {
        if (m_explainedItem >= 0)
            explainItem(m_explainedItem);
    });
    connect(m_change, &SmallestChangePage::openRemoval, this, &ExplanationPanel::openRemovalInEditor);
    connect(m_change, &SmallestChangePage::openSwap, this, &ExplanationPanel::openSwapInEditor);
    m_editTimer = new QTimer(this);
    m_editTimer->setSingleShot(true);
    m_editTimer->setInterval(400); // one recomputation for a burst of edits
    auto move = [this](int by) {
        const int row = m_history->currentRow();
        if (row < 0 || row + by < 0 || row + by >= m_history->count())
            return;
        auto *item = m_history->takeItem(row);
        m_history->insertItem(row + by, item);
        m_history->setCurrentRow(row + by);
        m_editTimer->start();
    };
    connect(up, &QPushButton::clicked, this, [move] { move(-1); });
    connect(down, &QPushButton::clicked, this, [move] { move(1); });
    connect(m_restore, &QPushButton::clicked, this, &ExplanationPanel::restoreHistory);
    connect(m_history, &QListWidget::itemChanged, m_editTimer, qOverload<>(&QTimer::start));
    connect(m_history->model(), &QAbstractItemModel::rowsMoved, m_editTimer, qOverload<>(&QTimer::start));
    connect(m_editTimer, &QTimer::timeout, this, &ExplanationPanel::applyHistoryEdits);

    rightLayout->addWidget(m_reason);
    rightLayout->addWidget(m_additivity);
    rightLayout->addWidget(m_faithfulness);
    rightLayout->addWidget(m_tabs, 1);

    auto *split = new QSplitter(this);
    split->addWidget(left);
    split->addWidget(right);
    split->setStretchFactor(1, 1);
    split->setSizes({300, 900});
    compactComboBoxes(this);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(split);

    connect(m_recommend, &QPushButton::clicked, this, &ExplanationPanel::recommendForUser);
    connect(m_user, &QLineEdit::returnPressed, this, &ExplanationPanel::recommendForUser);
    connect(m_list, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0)
            explainRow(row);
    });
    connect(m_layer, &QComboBox::currentIndexChanged, this, &ExplanationPanel::showAttention);
    connect(m_colour, &QComboBox::currentIndexChanged, this,
            [this] { m_heatmap->setColour(static_cast<AttentionHeatmap::Colour>(m_colour->currentData().toInt())); });
    connect(m_focus, &QCheckBox::toggled, this, &ExplanationPanel::showAttention);
    connect(m_thumbs, &AttentionThumbnails::chosen, this, [this](int layer, int head) {
        const int index = m_layer->findData(QPoint(layer, head));
        if (index >= 0)
            m_layer->setCurrentIndex(index);
    });
    connect(m_report, &QPushButton::clicked, this, &ExplanationPanel::askForReport);
    connect(m_run, &QComboBox::currentIndexChanged, this, &ExplanationPanel::updatePlayers);
}

ExplanationPanel::~ExplanationPanel() = default;

void ExplanationPanel::setProject(engine::Project *project) {
    m_project = project;
    refreshRuns();
}

void ExplanationPanel::setDataset(qint64 datasetId) {
    m_datasetId = datasetId;
    m_users->clear();
    m_catalog.reset();
    if (m_project && datasetId >= 0) {
        const std::string path = m_project->path();
        m_catalogWatcher.setFuture(QtConcurrent::run([path, datasetId]() -> SharedCatalog {
            try {
                auto project = engine::Project::open(path);
                return DatasetCatalog::read(*project, datasetId);
            } catch (const engine::EngineError &) {
                return nullptr; // the list stays empty; the tab still works by #index
            }
        }));
    }
    refreshRuns();
}

void ExplanationPanel::setCatalog(const SharedCatalog &catalog) {
    if (!catalog || catalog->datasetId != m_datasetId || catalog == m_catalog)
        return;
    m_catalog = catalog;
    m_users->clear();
    for (const auto &u : catalog->users) {
        auto *row = new QStandardItem(tr("%1  (%n item(s))", nullptr, static_cast<int>(u.interactions)).arg(QString::fromStdString(u.externalId)));
        row->setData(QString::fromStdString(u.externalId), kUserIdRole);
        m_users->appendRow(row);
    }
    applyCatalog();
}

QString ExplanationPanel::itemTitle(std::int64_t item) const {
    return m_catalog ? m_catalog->itemTitle(item) : DatasetCatalog{}.itemTitle(item);
}

void ExplanationPanel::applyCatalog() {
    for (int i = 0; i < m_history->count(); ++i) {
        QSignalBlocker block(m_history);
        m_history->item(i)->setText(itemTitle(m_history->item(i)->data(kItemRole).toLongLong()));
    }
    if (!m_top.empty())
        showRecommendations(m_top);
    if (m_explanation)
        showExplanation();
}

int ExplanationPanel::userChoices() const { return m_users->rowCount(); }

void ExplanationPanel::refreshRuns() {
    ExplainSettings::fillRuns(m_run, m_project, m_datasetId);
    updatePlayers();
}

void ExplanationPanel::updatePlayers() {
    // Words are players only for the text model, which reads item text.
    const auto run = m_project && m_run->currentIndex() >= 0 ? engine::RunStore(*m_project).run(m_run->currentData().toLongLong())
                                                              : std::nullopt;
    const bool text = run && engine::modelInfo(run->model).readsText;
    if (!text)
        m_players->setCurrentIndex(0);
    m_players->setEnabled(text);
}

QString ExplanationPanel::reasonText() const { return m_reason->text(); }
QString ExplanationPanel::additivityText() const { return m_additivity->text(); }
QString ExplanationPanel::faithfulnessText() const { return m_faithfulness->text(); }

std::unique_ptr<EngineJob> ExplanationPanel::startJob(const QString &title, std::function<QString(engine::Progress &)> work) {
    auto job = std::make_unique<EngineJob>(title, std::move(work));
    Q_EMIT jobCreated(job.get());
    job->start();
    return job;
}

bool ExplanationPanel::recommendForUser() {
    if (!m_project || m_run->currentIndex() < 0)
        return false;
    const QString ref = m_user->text().trimmed();
    qint64 index = -1;
    const auto dataset = m_project->dataset(m_datasetId);
    const qint64 userCount = dataset ? dataset->users : 0;
    if (ref.startsWith(QLatin1Char('#')))
        index = ref.mid(1).toLongLong();
    if (m_catalog)
        for (const auto &u : m_catalog->users)
            if (QString::fromStdString(u.externalId) == ref)
                index = u.index;
    if (index < 0 && !m_catalog && !ref.startsWith(QLatin1Char('#'))) {
        m_status->setText(tr("Still reading the dataset's users: try again in a moment, or give #index."));
        return false;
    }
    if (index < 0 || index >= userCount) {
        m_status->setText(tr("No user '%1' in this dataset.").arg(ref));
        return false;
    }
    m_userIndex = index;
    m_explainedItem = -1;
    m_edited.reset();
    m_ownRanks.clear();
    m_ownHistory.clear();
    for (const auto &e : m_project->timeline(m_datasetId, index))
        m_ownHistory.push_back(e.item);
    fillHistory();
    runRecommend();
    return true;
}

std::vector<std::int64_t> ExplanationPanel::currentHistory() const { return m_edited ? *m_edited : m_ownHistory; }

void ExplanationPanel::fillHistory() {
    QSignalBlocker block(m_history);
    m_history->clear();
    for (auto item : m_ownHistory) {
        auto *entry = new QListWidgetItem(itemTitle(item), m_history);
        entry->setData(kItemRole, static_cast<qint64>(item));
        entry->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable | Qt::ItemIsDragEnabled);
        entry->setCheckState(Qt::Checked);
    }
    m_restore->setEnabled(false);
    markWindow();
    m_historyNote->setText(tr("The user's %n item(s), oldest first. Uncheck an item to leave it out, drag or move items to reorder: "
                              "the recommendations and the explanation follow. Greyed items are older than the model's window.",
                              nullptr, static_cast<int>(m_ownHistory.size())));
}

void ExplanationPanel::markWindow() {
    // Items older than the model's window are not read: shown greyed, newest first counts.
    int window = std::numeric_limits<int>::max();
    if (const auto run = engine::RunStore(*m_project).run(m_run->currentData().toLongLong())) {
        const auto c = engine::TrainConfig::fromJson(run->configJson);
        window = std::max(1, c.maxlen - (c.info().bidirectional ? 1 : 0));
    }
    int kept = 0;
    const QColor grey = palette().color(QPalette::Disabled, QPalette::Text);
    for (int i = m_history->count() - 1; i >= 0; --i) {
        auto *entry = m_history->item(i);
        const bool read = entry->checkState() != Qt::Checked || kept++ < window;
        entry->setForeground(read ? palette().color(QPalette::Text) : grey);
        entry->setToolTip(read ? QString() : tr("Older than the model's window of %1 items: not read").arg(window));
    }
}

void ExplanationPanel::applyHistoryEdits() {
    if (m_userIndex < 0)
        return;
    std::vector<std::int64_t> edited, order;
    int left = 0;
    for (int i = 0; i < m_history->count(); ++i) {
        const auto item = m_history->item(i)->data(kItemRole).toLongLong();
        order.push_back(item);
        if (m_history->item(i)->checkState() == Qt::Checked)
            edited.push_back(item);
        else
            ++left;
    }
    if (edited == m_ownHistory)
        m_edited.reset();
    else
        m_edited = edited;
    m_restore->setEnabled(m_edited.has_value());
    {
        QSignalBlocker block(m_history);
        markWindow();
    }
    auto sorted = [](std::vector<std::int64_t> v) {
        std::sort(v.begin(), v.end());
        return v;
    };
    const bool replaced = sorted(order) != sorted(m_ownHistory);
    const bool moved = !replaced && order != m_ownHistory;
    QString note = !m_edited         ? tr("The user's own history: uncheck items to leave them out, drag or move items to reorder.")
                   : left > 0 && moved ? tr("Edited: %n item(s) left out and the order changed.", nullptr, left)
                   : left > 0          ? tr("Edited: %n item(s) left out.", nullptr, left)
                   : moved             ? tr("Edited: the order changed.")
                                       : QString();
    if (replaced)
        note = (left > 0 ? note + QLatin1Char(' ') : QString()) + tr("Edited: an item is replaced by another.");
    if (m_edited)
        note += QLatin1Char(' ') + tr("The recommendations (▲▼: places moved) and the explanation are for this history.");
    m_historyNote->setText(note);
    runRecommend();
}

void ExplanationPanel::restoreHistory() {
    m_edited.reset();
    fillHistory();
    runRecommend();
}

void ExplanationPanel::runRecommend() {
    if (!m_project || m_run->currentIndex() < 0 || m_userIndex < 0)
        return;
    if (m_recommendJob && m_recommendJob->isRunning())
        m_recommendJob->cancel();
    const std::string path = m_project->path();
    const qint64 runId = m_run->currentData().toLongLong();
    const auto index = m_userIndex;
    const auto edited = m_edited;
    auto top = std::make_shared<std::vector<std::pair<std::int64_t, double>>>();
    m_recommendJob = startJob(tr("Recommending for %1").arg(m_user->text().trimmed()), [path, runId, index, edited, top](engine::Progress &) {
        auto project = engine::Project::open(path);
        *top = engine::recommend(*project, runId, index, 10, edited);
        return tr("%n recommendation(s)", nullptr, static_cast<int>(top->size()));
    });
    connect(m_recommendJob.get(), &EngineJob::finished, this, [this, top, job = m_recommendJob.get(), edited] {
        if (job != m_recommendJob.get() || job->state() != EngineJob::State::Succeeded)
            return;
        if (!edited) {
            m_ownRanks.clear();
            for (std::size_t r = 0; r < top->size(); ++r)
                m_ownRanks[(*top)[r].first] = static_cast<int>(r);
        }
        showRecommendations(*top);
        Q_EMIT recommended();
        if (m_explainedItem >= 0)
            explainItem(m_explainedItem); // the same item, under the edited history
    });
}

void ExplanationPanel::showRecommendations(const std::vector<std::pair<std::int64_t, double>> &top) {
    m_top = top;
    QSignalBlocker block(m_list);
    m_list->clear();
    for (std::size_t r = 0; r < top.size(); ++r) {
        const auto &[item, score] = top[r];
        QString text = QStringLiteral("%1  (%2)").arg(itemTitle(item),
                                                      QLocale().toString(score, 'f', 3));
        if (m_edited) { // how the edit moved it
            const auto was = m_ownRanks.find(item);
            if (was == m_ownRanks.end())
                text += tr("  new");
            else if (was->second > static_cast<int>(r))
                text += QStringLiteral("  ▲%1").arg(was->second - static_cast<int>(r));
            else if (was->second < static_cast<int>(r))
                text += QStringLiteral("  ▼%1").arg(static_cast<int>(r) - was->second);
        }
        auto *entry = new QListWidgetItem(text, m_list);
        entry->setData(kItemRole, static_cast<qint64>(item));
        if (item == m_explainedItem)
            m_list->setCurrentItem(entry);
    }
    if (m_explainedItem < 0)
        m_status->setText(tr("Select a recommendation to see why it was made."));
}

void ExplanationPanel::showCase(qint64 runId, qint64 user, qint64 item, const engine::ExplainOptions &options) {
    if (!m_project || m_run->findData(runId) < 0)
        return;
    m_run->setCurrentIndex(m_run->findData(runId));
    ExplainSettings::show(options, m_method, m_masking, m_value, m_window);
    const auto dataset = m_project->dataset(m_datasetId);
    if (user < 0 || !dataset || user >= dataset->users)
        return;
    // By index: the case is shown at once, whether or not the user list is in yet.
    m_user->setText(m_catalog ? QString::fromStdString(m_catalog->users[static_cast<std::size_t>(user)].externalId)
                              : QStringLiteral("#%1").arg(user));
    if (recommendForUser())
        m_explainedItem = item; // explained once the list is in
}

bool ExplanationPanel::explainRow(int row) {
    if (!m_project || row < 0 || row >= m_list->count() || m_userIndex < 0)
        return false;
    return explainItem(m_list->item(row)->data(kItemRole).toLongLong());
}

bool ExplanationPanel::explainItem(qint64 item) {
    if (!m_project || m_userIndex < 0 || m_run->currentIndex() < 0)
        return false;
    if (m_explainJob && m_explainJob->isRunning())
        m_explainJob->cancel(); // a newer request replaces an older one
    m_explainedItem = item;
    const std::string path = m_project->path();
    const qint64 runId = m_run->currentData().toLongLong();
    const qint64 user = m_userIndex;
    engine::ExplainOptions o;
    o.method = m_method->currentData().toString().toStdString();
    o.masking = m_masking->currentData().toString().toStdString();
    o.samples = m_samples->value();
    o.window = m_window->value();
    o.history = m_edited;
    o.players = m_players->currentData().toString().toStdString();
    o.value = o.players == "text" ? "logit" : m_value->currentData().toString().toStdString();
    if (o.players == "history") { // the smallest change that undoes it, searched with it
        o.counterfactual = engine::CounterfactualOptions{};
        o.counterfactual->topK = m_change->topK();
        o.counterfactual->maxEvaluations = 5000; // a few seconds at most on long histories
    }
    auto result = std::make_shared<engine::Explanation>();
    const QString title = itemTitle(item);
    m_status->setText(tr("Explaining…"));
    m_explainJob = startJob(tr("Explaining %1").arg(title), [path, runId, user, item, o, result](engine::Progress &p) {
        auto project = engine::Project::open(path);
        *result = engine::explain(*project, runId, user, item, o, p);
        return tr("%n coalition(s) evaluated", nullptr, static_cast<int>(result->evaluations));
    });
    connect(m_explainJob.get(), &EngineJob::finished, this, [this, result, job = m_explainJob.get()] {
        if (job != m_explainJob.get())
            return;
        if (job->state() != EngineJob::State::Succeeded) {
            m_status->setText(job->state() == EngineJob::State::Cancelled ? tr("Cancelled.") : job->errorText());
            return;
        }
        m_explanation = result;
        showExplanation();
        Q_EMIT explained();
    });
    return true;
}

void ExplanationPanel::showExplanation() {
    const auto &e = *m_explanation;
    std::vector<WaterfallChart::Step> steps;
    QStringList names; // of the players: history items, or words
    for (const auto &a : e.attributions) {
        names << (a.word.empty() ? itemTitle(a.item) : QString::fromStdString(a.word));
        steps.push_back({names.back(), a.value, a.stderr_});
    }
    // Attention reads the history either way.
    m_historyTitles.clear();
    m_inputTitles.clear(); // every position attention reads: context and players
    const auto read = currentHistory();
    for (auto i = static_cast<std::size_t>(std::min<std::int64_t>(e.skippedOlder, static_cast<std::int64_t>(read.size()))); i < read.size(); ++i)
        m_inputTitles << itemTitle(read[i]);
    if (e.players == "text") {
        for (auto i : currentHistory())
            m_historyTitles << itemTitle(i);
    } else {
        m_historyTitles = names;
    }
    m_waterfall->retitleFor(e.players == "text", ExplanationReport::valueLabel(e.value, true));
    m_waterfall->setSteps(e.baseValue, steps, e.score);
    m_reason->setText(reasonInWords(e, names));
    double sum = 0;
    for (const auto &a : e.attributions)
        sum += a.value;
    m_additivity->setText(tr("%1 (masking: %2; explained: %10; %3 coalitions, %4 s). Additivity check: base %5 + attributions %6 = "
                             "%7; the model gives %8 (gap %9).")
                              .arg(QString::fromStdString(e.method), QString::fromStdString(e.masking))
                              .arg(e.evaluations)
                              .arg(QLocale().toString(e.seconds, 'f', 2), QLocale().toString(e.baseValue, 'f', 4),
                                   QLocale().toString(sum, 'f', 4), QLocale().toString(e.baseValue + sum, 'f', 4),
                                   QLocale().toString(e.score, 'f', 4), QLocale().toString(e.additivityGap, 'g', 2))
                              .arg(ExplanationReport::valueLabel(e.value, true)));
    showFaithfulness();
    if (e.counterfactual.computed)
        m_change->setResult(e.counterfactual, e.item, [this](qint64 i) { return itemTitle(i); });
    else
        m_change->clear(tr("A smallest change is searched over the history's items, not over the words of the item's text."));
    QString status = e.skippedOlder > 0 ? tr("%n older item(s) lie outside the model's window and are not explained.", nullptr,
                                             static_cast<int>(e.skippedOlder))
                                        : tr("Hover a bar for its value and standard error; right-click to export.");
    if (m_edited) {
        int rank = -1;
        for (std::size_t r = 0; r < m_top.size(); ++r)
            if (m_top[r].first == e.item)
                rank = static_cast<int>(r);
        status = (rank >= 0 ? tr("Under the edited history this item ranks #%1.").arg(rank + 1)
                            : tr("Under the edited history this item is no longer in the top %1.").arg(m_top.size())) +
                 QLatin1Char(' ') + status;
    }
    m_status->setText(status);
    m_report->setEnabled(true);
    QSignalBlocker block(m_layer);
    const auto keep = m_layer->currentData();
    m_layer->clear();
    for (std::size_t l = 0; l < e.attention.size(); ++l) {
        m_layer->addItem(tr("Layer %1, heads averaged").arg(l + 1), QPoint(static_cast<int>(l), -1));
        for (std::size_t h = 0; h < e.attention[l].size() && e.attention[l].size() > 1; ++h)
            m_layer->addItem(tr("Layer %1, head %2").arg(l + 1).arg(h + 1), QPoint(static_cast<int>(l), static_cast<int>(h)));
    }
    m_layer->setCurrentIndex(std::max(0, m_layer->findData(keep)));
    m_layer->setEnabled(!e.attention.empty());
    m_thumbs->setAttention(e.attention);
    // Thumbnails of a long input show nothing at their size; the layer box picks as well.
    m_thumbs->setVisible(e.attention.empty() || e.attention.front().front().size() <= 50);
    showAttention();
}

void ExplanationPanel::showFaithfulness() {
    const auto &e = *m_explanation;
    const auto &f = e.faithfulness;
    FaithfulnessChart::Curves c;
    if (f.computed)
        c = {f.deletion, f.insertion, f.deletionRandomCurve, f.insertionRandomCurve,
             std::vector<qint64>(f.deletionRank.begin(), f.deletionRank.end()),
             std::vector<qint64>(f.insertionRank.begin(), f.insertionRank.end())};
    m_faithfulnessChart->setCurves(c, ExplanationReport::valueLabel(e.value, true));
    if (!f.computed) {
        m_faithfulness->clear();
        return;
    }
    auto n = [](double v) { return std::isfinite(v) ? QLocale().toString(v, 'f', 2) : QStringLiteral("–"); };
    const bool beats = f.deletionArea < f.deletionRandom && f.insertionArea > f.insertionRandom;
    QString text = tr("Faithfulness: deletion area %1 (random order %2, lower is better), insertion area %3 (random %4, higher is "
                      "better): %5.")
                       .arg(n(f.deletionArea), n(f.deletionRandom), n(f.insertionArea), n(f.insertionRandom),
                            beats ? tr("the attributions beat random orders on both") : tr("the attributions do not beat random orders on both; read them with care"));
    if (std::isfinite(f.attentionAgreement))
        text += QLatin1Char(' ') + tr("Attention rollout and attributions agree at Spearman %1.").arg(n(f.attentionAgreement));
    m_faithfulness->setText(text);
}

void ExplanationPanel::showAttention() {
    if (!m_explanation || m_explanation->attention.empty() || m_layer->currentIndex() < 0) {
        m_heatmap->setMatrix({}, {}, tr("No attention: this model does not read the history with attention"));
        m_bars->setWeights({}, {}, {}, tr("No attention"));
        return;
    }
    const QPoint choice = m_layer->currentData().toPoint();
    const auto &layer = m_explanation->attention[static_cast<std::size_t>(choice.x())];
    const auto m = choice.y() >= 0 ? layer[static_cast<std::size_t>(choice.y())] : headAverage(layer);
    m_thumbs->setCurrent(choice.x(), choice.y());
    const auto labels = attentionLabels(static_cast<int>(m.size()), m_inputTitles);
    const int size = static_cast<int>(m.size());
    m_focus->setEnabled(size > kFocusItems + 1);
    if (m_focus->isChecked() && size > kFocusItems + 1) {
        // The positions the prediction (last row) reads most, and the prediction itself, in order.
        std::vector<int> order(static_cast<std::size_t>(size - 1));
        std::iota(order.begin(), order.end(), 0);
        const auto &reads = m.back();
        std::partial_sort(order.begin(), order.begin() + kFocusItems, order.end(),
                          [&](int a, int b) { return reads[static_cast<std::size_t>(a)] > reads[static_cast<std::size_t>(b)]; });
        order.resize(kFocusItems);
        order.push_back(size - 1);
        std::sort(order.begin(), order.end());
        std::vector<std::vector<float>> focused;
        QStringList names;
        std::vector<int> numbers;
        for (int q : order) {
            focused.emplace_back();
            for (int k : order)
                focused.back().push_back(m[static_cast<std::size_t>(q)][static_cast<std::size_t>(k)]);
            names << labels.value(q);
            numbers.push_back(q + 1);
        }
        m_heatmap->setMatrix(focused, names, tr("%1: the %2 positions the prediction reads most").arg(m_layer->currentText()).arg(kFocusItems),
                             numbers);
    } else {
        m_heatmap->setMatrix(m, labels, m_layer->currentText());
    }
    // The prediction position is the last row; its weights over the history positions.
    const auto &last = m.back();
    const auto n = static_cast<std::size_t>(m_historyTitles.size());
    const std::size_t offset = last.size() >= n ? last.size() - n - (last.size() > n ? 1 : 0) : 0;
    std::vector<double> reads;
    for (std::size_t i = 0; i < n && offset + i < last.size(); ++i)
        reads.push_back(last[offset + i]);
    m_bars->setWeights(reads, m_explanation->rollout, m_historyTitles,
                       tr("What the prediction reads: %1").arg(m_layer->currentText()));
}

QListWidgetItem *ExplanationPanel::editorEntry(std::int64_t position) const {
    std::int64_t read = 0;
    for (int i = 0; i < m_history->count(); ++i)
        if (m_history->item(i)->checkState() == Qt::Checked && read++ == position)
            return m_history->item(i);
    return nullptr;
}

bool ExplanationPanel::openRemovalInEditor() {
    if (!m_explanation || !m_explanation->counterfactual.found)
        return false;
    std::vector<QListWidgetItem *> entries; // found first: unchecking shifts the positions after
    for (auto position : m_explanation->counterfactual.removedPositions)
        entries.push_back(editorEntry(position));
    {
        QSignalBlocker block(m_history);
        for (auto *entry : entries)
            if (entry)
                entry->setCheckState(Qt::Unchecked);
    }
    m_tabs->setCurrentWidget(m_whatIf);
    applyHistoryEdits();
    return true;
}

bool ExplanationPanel::openSwapInEditor() {
    if (!m_explanation || !m_explanation->counterfactual.swap.found)
        return false;
    const auto &swap = m_explanation->counterfactual.swap;
    auto *entry = editorEntry(swap.position);
    if (!entry)
        return false;
    {
        QSignalBlocker block(m_history);
        entry->setData(kItemRole, static_cast<qint64>(swap.to));
        entry->setText(itemTitle(swap.to));
    }
    m_history->setCurrentItem(entry);
    m_tabs->setCurrentWidget(m_whatIf);
    applyHistoryEdits();
    return true;
}

void ExplanationPanel::askForReport() {
    if (!m_explanation)
        return;
    const QString file = saveReportInteractively(this, tr("Write explanation report"), tr("explanation-report.html"),
                                                           [this](const QString &f, QString *error) { return writeReport(f, error); });
    if (!file.isEmpty())
        m_status->setText(tr("Report written to %1.").arg(file));
}

bool ExplanationPanel::writeReport(const QString &fileName, QString *error) {
    if (!m_project || !m_explanation) {
        if (error)
            *error = tr("Explain a recommendation first.");
        return false;
    }
    ExplanationReportData d;
    const auto run = engine::RunStore(*m_project).run(m_explanation->runId);
    const auto info = m_project->dataset(m_datasetId);
    if (!run || !info) {
        if (error)
            *error = tr("The run is gone from the project.");
        return false;
    }
    d.run = *run;
    d.projectPath = m_project->path();
    d.datasetName = info->name;
    d.pseudonymized = info->pseudonymized;
    d.userId = m_catalog ? m_catalog->users[static_cast<std::size_t>(m_userIndex)].externalId : "#" + std::to_string(m_userIndex);
    d.historyLength = static_cast<qint64>(m_ownHistory.size());
    if (m_edited)
        d.editedHistory = std::vector<std::int64_t>(m_edited->begin(), m_edited->end());
    for (const auto &[item, score] : m_top)
        d.recommendations.emplace_back(item, score);
    d.explanation = *m_explanation;
    const auto read = currentHistory();
    d.readHistory.assign(read.begin() + std::min<std::int64_t>(m_explanation->skippedOlder, static_cast<std::int64_t>(read.size())), read.end());
    for (std::int64_t i = 0; m_catalog && i < static_cast<std::int64_t>(m_catalog->items.size()); ++i)
        d.itemTitles.push_back(m_catalog->items[static_cast<std::size_t>(i)].title);
    return ExplanationReport(std::move(d)).write(fileName, error);
}

} // namespace recscope
