// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/review/reviewpanel.h"

#include "engine/core/errors.h"
#include "engine/explain/explainreview.h"
#include "engine/core/progress.h"
#include "engine/store/project.h"
#include "engine/store/runstore.h"
#include "widgets/common/enginejob.h"
#include "widgets/explain/explainsettings.h"
#include "widgets/common/reportfiledialog.h"
#include "widgets/review/reviewcreditchart.h"
#include "widgets/review/reviewfaithfulnesschart.h"
#include "widgets/review/reviewhistogramchart.h"
#include "reports/reviewreport.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include <cmath>

namespace recscope {

namespace {
constexpr int kCaseRole = Qt::UserRole + 1; // the case's index in the review
constexpr int kSortRole = Qt::UserRole + 2;

QStandardItem *numberCell(double v, int digits = 3) {
    auto *cell = new QStandardItem(std::isfinite(v) ? QLocale().toString(v, 'f', digits) : QStringLiteral("–"));
    cell->setData(std::isfinite(v) ? v : -1e300, kSortRole);
    cell->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return cell;
}
QStandardItem *textCell(const QString &text) {
    auto *cell = new QStandardItem(text);
    cell->setData(text, kSortRole);
    return cell;
}
} // namespace

ReviewPanel::ReviewPanel(QWidget *parent) : QWidget(parent) {
    // The settings, in two columns above the results.
    auto *settings = new QWidget(this);
    auto *columns = new QHBoxLayout(settings);
    columns->setContentsMargins(0, 0, 0, 0);
    auto *first = new QFormLayout, *second = new QFormLayout;
    m_run = new QComboBox(settings);
    m_run->setAccessibleName(tr("Run to review"));
    m_run->setMinimumContentsLength(24);
    m_users = new QSpinBox(settings);
    m_users->setRange(1, 1000000);
    m_users->setValue(engine::ReviewOptions{}.users);
    m_users->setAccessibleName(tr("Users to sample"));
    m_users->setToolTip(tr("How many users to sample; each one's top recommendation is explained"));
    m_allUsers = new QCheckBox(tr("&All users"), settings);
    connect(m_allUsers, &QCheckBox::toggled, m_users, &QSpinBox::setDisabled);
    m_seed = new QSpinBox(settings);
    m_seed->setRange(0, 1000000);
    m_seed->setValue(static_cast<int>(engine::ReviewOptions{}.seed));
    m_seed->setAccessibleName(tr("Sampling seed"));
    m_seed->setToolTip(tr("Which users are sampled: another seed, other users"));
    auto *usersRow = new QHBoxLayout;
    usersRow->addWidget(m_users, 1);
    usersRow->addWidget(m_allUsers);
    first->addRow(tr("R&un:"), m_run);
    auto *usersLabel = new QLabel(tr("U&sers:"), settings);
    usersLabel->setBuddy(m_users);
    first->addRow(usersLabel, usersRow);
    first->addRow(tr("See&d:"), m_seed);
    m_method = ExplainSettings::methodBox(settings);
    m_masking = ExplainSettings::maskingBox(settings);
    m_value = ExplainSettings::valueBox(settings);
    m_window = ExplainSettings::windowBox(settings);
    m_window->setValue(engine::ReviewOptions{}.explain.window);
    second->addRow(tr("&Method:"), m_method);
    second->addRow(tr("Mas&king:"), m_masking);
    second->addRow(tr("Ex&plain:"), m_value);
    second->addRow(tr("&Last items:"), m_window);
    columns->addLayout(first, 1);
    columns->addLayout(second, 1);

    m_start = new QPushButton(tr("&Review"), this);
    m_start->setToolTip(tr("Explain the sampled users' top recommendations and summarise how faithful the explanations are"));
    m_cancel = new QPushButton(tr("Ca&ncel"), this);
    m_cancel->setEnabled(false);
    m_report = new QPushButton(tr("Write rep&ort…"), this);
    m_report->setToolTip(tr("The review as a report for reviewers, HTML or PDF, with its plots"));
    m_report->setEnabled(false);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(false);
    m_progress->setVisible(false);
    m_status = new QLabel(tr("Choose a run and how many users, then Review. A review only reads the project."), this);
    m_status->setWordWrap(true);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_progress, 1);
    buttons->addWidget(m_report);

    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);

    // Every case, sortable; charts beside.
    m_cases = new QStandardItemModel(0, 9, this);
    m_cases->setHorizontalHeaderLabels({tr("User"), tr("Recommended"), tr("Credited most"), tr("Newest?"), tr("Deletion"),
                                        tr("Deletion, random"), tr("Insertion"), tr("Insertion, random"), tr("Smallest change")});
    m_cases->setHeaderData(8, Qt::Horizontal, tr("Items to take out before the item leaves first place (– none within the explained items)"),
                           Qt::ToolTipRole);
    m_cases->setHeaderData(4, Qt::Horizontal, tr("Deletion area (lower is better)"), Qt::ToolTipRole);
    m_cases->setHeaderData(6, Qt::Horizontal, tr("Insertion area (higher is better)"), Qt::ToolTipRole);
    m_cases->setHeaderData(3, Qt::Horizontal, tr("Is the item credited most the newest one explained?"), Qt::ToolTipRole);
    m_sorted = new QSortFilterProxyModel(this);
    m_sorted->setSourceModel(m_cases);
    m_sorted->setSortRole(kSortRole);
    m_table = new QTableView(this);
    m_table->setModel(m_sorted);
    m_table->setSortingEnabled(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->setAccessibleName(tr("Reviewed explanations"));
    m_table->setToolTip(tr("Double-click an explanation to open it in the Explain tab"));
    m_table->setTextElideMode(Qt::ElideMiddle); // pseudonymized ids differ anywhere
    m_tabs = new QTabWidget(this);
    m_faithfulness = new ReviewFaithfulnessChart(m_tabs);
    m_agreement = new ReviewHistogramChart(m_tabs);
    m_items = new ReviewCreditChart(m_tabs);
    m_categories = new ReviewCreditChart(m_tabs);
    m_tabs->addTab(m_faithfulness, tr("&Faithfulness"));
    m_tabs->addTab(m_agreement, tr("A&ttention agreement"));
    m_tabs->addTab(m_items, tr("Credited &items"));
    m_tabs->addTab(m_categories, tr("Credited &groups"));
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_table);
    split->addWidget(m_tabs);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    split->setSizes({620, 620});

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(settings);
    layout->addLayout(buttons);
    layout->addWidget(m_status);
    layout->addWidget(m_summary);
    layout->addWidget(split, 1);

    connect(m_start, &QPushButton::clicked, this, &ReviewPanel::startReview);
    connect(m_cancel, &QPushButton::clicked, this, &ReviewPanel::cancelReview);
    connect(m_report, &QPushButton::clicked, this, &ReviewPanel::askForReport);
    connect(m_table, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        if (!m_result || !index.isValid())
            return;
        const auto k = m_sorted->mapToSource(index).siblingAtColumn(0).data(kCaseRole).toInt();
        const auto &c = m_result->review.cases[static_cast<std::size_t>(k)];
        Q_EMIT explainRequested(m_result->run.id, c.user, c.item, m_result->options.explain);
    });
}

ReviewPanel::~ReviewPanel() = default;

void ReviewPanel::setProject(engine::Project *project) {
    cancelReview();
    m_job.reset();
    m_project = project;
    m_datasetId = -1;
    m_result.reset();
    showResult();
    refreshRuns();
}

void ReviewPanel::setDataset(qint64 datasetId) {
    if (datasetId != m_datasetId) { // a review of another dataset's run is not this one's
        cancelReview();
        m_result.reset();
        showResult();
    }
    m_datasetId = datasetId;
    refreshRuns();
}

void ReviewPanel::refreshRuns() {
    ExplainSettings::fillRuns(m_run, m_project, m_datasetId);
    m_start->setEnabled(m_run->count() > 0 && !isReviewing());
}

bool ReviewPanel::isReviewing() const { return m_job && m_job->isRunning(); }

QString ReviewPanel::summaryText() const { return m_summary->text(); }
QString ReviewPanel::statusText() const { return m_status->text(); }

bool ReviewPanel::startReview() {
    if (!m_project || m_run->currentIndex() < 0 || isReviewing())
        return false;
    engine::ReviewOptions o;
    o.users = m_allUsers->isChecked() ? 0 : m_users->value();
    o.seed = static_cast<std::uint64_t>(m_seed->value());
    o.explain.method = m_method->currentData().toString().toStdString();
    o.explain.masking = m_masking->currentData().toString().toStdString();
    o.explain.value = m_value->currentData().toString().toStdString();
    o.explain.window = m_window->value();
    const std::string path = m_project->path();
    const qint64 runId = m_run->currentData().toLongLong();
    auto result = std::make_shared<ReviewReportData>();
    m_job = std::make_unique<EngineJob>(tr("Reviewing %1").arg(m_run->currentText()), [path, runId, o, result](engine::Progress &p) {
        auto project = engine::Project::open(path);
        *result = {engine::recordReview(*project, runId, o, p)};
        return tr("%n explanation(s) reviewed", nullptr, static_cast<int>(result->review.cases.size()));
    });
    connect(m_job.get(), &EngineJob::progressChanged, this, [this](double fraction, const QString &stage) {
        m_progress->setValue(static_cast<int>(1000 * fraction));
        m_status->setText(stage);
    });
    connect(m_job.get(), &EngineJob::finished, this, [this, result, job = m_job.get()] {
        if (job != m_job.get())
            return;
        m_progress->setVisible(false);
        m_cancel->setEnabled(false);
        m_start->setEnabled(m_run->count() > 0);
        if (job->state() == EngineJob::State::Succeeded) {
            m_result = result;
            showResult();
            Q_EMIT reviewed();
        } else {
            m_status->setText(job->state() == EngineJob::State::Cancelled ? tr("Review cancelled; the project is unchanged.") : job->errorText());
        }
    });
    Q_EMIT jobCreated(m_job.get());
    m_progress->setValue(0);
    m_progress->setVisible(true);
    m_cancel->setEnabled(true);
    m_start->setEnabled(false);
    m_status->setText(tr("Reviewing…"));
    m_job->start();
    return true;
}

void ReviewPanel::cancelReview() {
    if (isReviewing())
        m_job->cancel();
}

void ReviewPanel::showResult() {
    m_cases->removeRows(0, m_cases->rowCount());
    m_report->setEnabled(m_result != nullptr);
    static const ReviewReportData none; // an empty review clears the charts
    const auto &d = m_result ? *m_result : none;
    const auto &r = d.review;
    m_faithfulness->setCases(ReviewReport::faithfulnessCases(d));
    const auto agreement = ReviewReport::agreement(r);
    m_agreement->setValues(agreement.values, agreement.lo, agreement.hi, agreement.bins, agreement.title, agreement.axis);
    for (const bool items : {true, false}) {
        const auto credits = ReviewReport::credits(d, items, 15);
        (items ? m_items : m_categories)->setCredits(credits.names, credits.counts, static_cast<int>(r.cases.size()), credits.title);
    }
    if (!m_result) {
        m_summary->clear();
        return;
    }
    m_status->setText(tr("%n explanation(s) of run “%1” reviewed in %2 s (%3, %4, the last %5 items).", nullptr, static_cast<int>(r.cases.size()))
                          .arg(QString::fromStdString(d.run.name), QLocale().toString(r.seconds, 'f', 1), QString::fromStdString(r.method),
                               QString::fromStdString(r.masking))
                          .arg(d.options.explain.window));
    QString summary = QStringLiteral("<ul style=\"margin-left:-20px\">");
    for (const auto &f : ReviewReport::findings(r))
        summary += QStringLiteral("<li>%1</li>").arg(f.toHtmlEscaped());
    m_summary->setText(summary + QStringLiteral("</ul>"));

    for (std::size_t k = 0; k < r.cases.size(); ++k) {
        const auto &c = r.cases[k];
        auto *who = textCell(d.userId(c.user));
        who->setData(static_cast<int>(k), kCaseRole);
        auto *newest = textCell(c.newestFirst ? tr("yes") : tr("no"));
        auto *change = textCell(c.smallestChange > 0 ? QLocale().toString(c.smallestChange) : QStringLiteral("–"));
        change->setData(c.smallestChange > 0 ? c.smallestChange : 1000, kSortRole); // none sorts last
        change->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_cases->appendRow({who, textCell(d.itemTitle(c.item)), textCell(d.itemTitle(c.firstItem)), newest, numberCell(c.deletionArea),
                            numberCell(c.deletionRandom), numberCell(c.insertionArea), numberCell(c.insertionRandom), change});
    }
    m_table->resizeColumnsToContents();
    m_table->setColumnWidth(0, std::min(m_table->columnWidth(0), 130));
    for (int column : {1, 2})
        m_table->setColumnWidth(column, std::min(m_table->columnWidth(column), 200));
}

bool ReviewPanel::writeReport(const QString &fileName, QString *error) {
    if (!m_result) {
        if (error)
            *error = tr("There is no review to report yet.");
        return false;
    }
    return ReviewReport(*m_result).write(fileName, error);
}

void ReviewPanel::askForReport() {
    const QString file = saveReportInteractively(this, tr("Write review report"), tr("review-report.html"),
                                                           [this](const QString &f, QString *error) { return writeReport(f, error); });
    if (!file.isEmpty())
        m_status->setText(tr("Report written to %1.").arg(file));
}

} // namespace recscope
