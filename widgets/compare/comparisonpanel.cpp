// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/compare/comparisonpanel.h"

#include "widgets/compare/sweepview.h"

#include "engine/efficiency/efficiency.h"
#include "engine/core/progress.h"
#include "engine/store/project.h"
#include "engine/store/runstore.h"
#include "engine/evaluation/runscorer.h"
#include "widgets/compare/curvesoverlaychart.h"
#include "widgets/compare/distributionchart.h"
#include "widgets/compare/metricbarschart.h"
#include "widgets/compare/mmrcurvechart.h"
#include "widgets/compare/sweepparallelchart.h"
#include "widgets/compare/sweepsettingchart.h"
#include "widgets/compare/tradeoffchart.h"
#include "widgets/common/enginejob.h"

#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QSlider>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableView>
#include <QTextStream>
#include <QVBoxLayout>

#include <cmath>
#include <limits>

namespace recscope {

namespace {

constexpr int kRunIdRole = Qt::UserRole + 1;
constexpr int kSortRole = Qt::UserRole + 2;

// Metrics the bar chart groups: all on a 0..1 scale, so one axis reads them all.
const QStringList kAccuracy{QStringLiteral("HR"), QStringLiteral("NDCG"), QStringLiteral("MAP"), QStringLiteral("Precision")};
const QStringList kBeyond{QStringLiteral("Coverage"), QStringLiteral("ILD"),  QStringLiteral("ILD-cooc"),
                          QStringLiteral("Gini"),     QStringLiteral("Tail"), QStringLiteral("Personalization")};
// Calibration and exposure: the long tail's share and exposure, and the distance from each
// user's genre mix (bits; may pass 1).
const QStringList kCalibration{QStringLiteral("APLT"), QStringLiteral("AWRF"), QStringLiteral("Miscal")};

QString baseName(const std::string &metric) { return QString::fromStdString(metric.substr(0, metric.find('@'))); }
int cutOff(const std::string &metric) {
    const auto at = metric.find('@');
    return at == std::string::npos ? 0 : std::stoi(metric.substr(at + 1));
}

} // namespace

ComparisonPanel::ComparisonPanel(QWidget *parent) : QWidget(parent) {
    // Left: the runs to compare and how.
    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    auto *runsLabel = new QLabel(tr("&Runs to compare (the first checked is the baseline):"), left);
    runsLabel->setWordWrap(true);
    m_runs = new QListWidget(left);
    m_runs->setAccessibleName(tr("Runs to compare"));
    runsLabel->setBuddy(m_runs);
    m_protocol = new QComboBox(left);
    m_protocol->setAccessibleName(tr("Evaluation protocol"));
    m_protocol->addItem(tr("Full ranking (all items)"), QStringLiteral("full"));
    m_protocol->addItem(tr("100 uniform negatives"), QStringLiteral("sampled-uniform-100"));
    m_protocol->addItem(tr("100 popularity-sampled negatives"), QStringLiteral("sampled-popular-100"));
    m_protocol->setToolTip(tr("Candidates the held-out item is ranked against. Runs on the cold-start split are ranked among the held-out items."));
    m_k = new QComboBox(left);
    m_k->setAccessibleName(tr("Cut-off K for the charts"));
    for (int k : {5, 10, 20})
        m_k->addItem(QStringLiteral("K = %1").arg(k), k);
    m_k->setCurrentIndex(1);
    m_compare = new QPushButton(tr("&Evaluate and compare"), left);
    m_summary = new QLabel(left);
    m_summary->setWordWrap(true);
    m_summary->setText(tr("Check two or more finished runs, then evaluate. Stored evaluations under the same protocol are reused."));
    leftLayout->addWidget(runsLabel);
    leftLayout->addWidget(m_runs, 1);
    auto *protocolLabel = new QLabel(tr("&Protocol:"), left);
    protocolLabel->setBuddy(m_protocol);
    leftLayout->addWidget(protocolLabel);
    leftLayout->addWidget(m_protocol);
    leftLayout->addWidget(m_k);
    leftLayout->addWidget(m_compare);
    leftLayout->addWidget(m_summary);

    // Right: the charts and the table.
    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    m_warning = new QLabel(right);
    m_warning->setWordWrap(true);
    m_warning->setStyleSheet(QStringLiteral("QLabel { background: #fff3cd; color: #664d03; padding: 6px; border: 1px solid #ffe69c; }"));
    m_warning->hide();
    m_tabs = new QTabWidget(right);

    auto *barsPage = new QWidget(m_tabs);
    auto *barsLayout = new QVBoxLayout(barsPage);
    m_metricSet = new QComboBox(barsPage);
    m_metricSet->setAccessibleName(tr("Metrics shown"));
    m_metricSet->addItem(tr("Accuracy"), QStringLiteral("accuracy"));
    m_metricSet->addItem(tr("Beyond accuracy (coverage, diversity, popularity bias)"), QStringLiteral("beyond"));
    m_metricSet->addItem(tr("Calibration and exposure (long tail, exposure fairness, miscalibration)"), QStringLiteral("calibration"));
    // A third set, "rating error", is offered while a compared run predicts ratings.
    m_bars = new MetricBarsChart(barsPage);
    barsLayout->addWidget(m_metricSet);
    barsLayout->addWidget(m_bars, 1);
    m_tabs->addTab(barsPage, tr("&Metrics"));

    auto *tradePage = new QWidget(m_tabs);
    auto *tradeLayout = new QVBoxLayout(tradePage);
    auto *axes = new QHBoxLayout;
    m_xMetric = new QComboBox(tradePage);
    m_yMetric = new QComboBox(tradePage);
    m_xMetric->setAccessibleName(tr("Horizontal axis metric"));
    m_yMetric->setAccessibleName(tr("Vertical axis metric"));
    axes->addWidget(new QLabel(tr("Horizontal:"), tradePage));
    axes->addWidget(m_xMetric, 1);
    axes->addWidget(new QLabel(tr("Vertical:"), tradePage));
    axes->addWidget(m_yMetric, 1);
    m_tradeoff = new TradeoffChart(tradePage);
    tradeLayout->addLayout(axes);
    tradeLayout->addWidget(m_tradeoff, 1);
    m_tabs->addTab(tradePage, tr("&Trade-off"));

    auto *labPage = new QWidget(m_tabs);
    auto *labLayout = new QVBoxLayout(labPage);
    auto *costRow = new QHBoxLayout;
    m_costAxis = new QComboBox(labPage);
    m_costAxis->setAccessibleName(tr("Cost axis"));
    m_costAxis->addItem(tr("Latency per user, p50 (ms)"));
    m_costAxis->addItem(tr("Size on disk (MB)"));
    m_costAxis->addItem(tr("Parameters"));
    m_costAxis->addItem(tr("FLOPs per scored user"));
    costRow->addWidget(new QLabel(tr("Cost:"), labPage));
    costRow->addWidget(m_costAxis, 1);
    m_labNote = new QLabel(labPage);
    m_labNote->setWordWrap(true);
    auto *labCharts = new QHBoxLayout;
    m_privacyChart = new TradeoffChart(labPage);
    m_privacyChart->setPurpose(tr("Accuracy against privacy"));
    m_privacyChart->setAccessibleName(tr("Accuracy against privacy chart"));
    m_costChart = new TradeoffChart(labPage);
    m_costChart->setPurpose(tr("Accuracy against cost"));
    m_costChart->setAccessibleName(tr("Accuracy against cost chart"));
    labCharts->addWidget(m_privacyChart, 1);
    labCharts->addWidget(m_costChart, 1);
    labLayout->addLayout(costRow);
    labLayout->addLayout(labCharts, 1);
    labLayout->addWidget(m_labNote);
    connect(m_costAxis, &QComboBox::currentIndexChanged, this, &ComparisonPanel::updatePrivacyAndCost);

    m_curves = new CurvesOverlayChart(m_tabs);
    m_tabs->addTab(m_curves, tr("&Curves"));

    auto *userPage = new QWidget(m_tabs);
    auto *userLayout = new QVBoxLayout(userPage);
    m_userMetric = new QComboBox(userPage);
    m_userMetric->setAccessibleName(tr("Per-user metric"));
    m_shape = new QComboBox(userPage);
    m_shape->setAccessibleName(tr("Distribution shown as"));
    m_shape->addItem(tr("Box plot"));
    m_shape->addItem(tr("Histogram"));
    m_distribution = new DistributionChart(userPage);
    auto *userRow = new QHBoxLayout;
    userRow->addWidget(m_userMetric, 1);
    userRow->addWidget(m_shape);
    userLayout->addLayout(userRow);
    connect(m_shape, &QComboBox::currentIndexChanged, this, [this](int index) { m_distribution->setHistogram(index == 1); });
    userLayout->addWidget(m_distribution, 1);
    m_tabs->addTab(userPage, tr("Per &user"));

    m_table = new QStandardItemModel(this);
    m_table->setSortRole(kSortRole);
    m_tableView = new QTableView(m_tabs);
    m_tableView->setModel(m_table);
    m_tableView->setSortingEnabled(true);
    m_tableView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_tableView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tabs->addTab(m_tableView, tr("T&able"));
    m_tabs->insertTab(2, labPage, tr("Pri&vacy and cost"));
    m_tabs->addTab(buildRerankPage(), tr("&Re-ranking"));
    m_sweeps = new SweepView(m_tabs);
    m_tabs->addTab(m_sweeps, tr("S&weeps"));

    m_export = new QPushButton(tr("E&xport…"), right);
    m_export->setToolTip(tr("The chart on this tab as PNG, SVG or PDF; the table as CSV"));
    m_export->setEnabled(false);
    auto *bottom = new QHBoxLayout;
    bottom->addStretch(1);
    bottom->addWidget(m_export);
    rightLayout->addWidget(m_warning);
    rightLayout->addWidget(m_tabs, 1);
    rightLayout->addLayout(bottom);

    auto *split = new QSplitter(this);
    split->addWidget(left);
    split->addWidget(right);
    split->setStretchFactor(1, 1);
    split->setSizes({260, 900});
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(split);

    connect(m_compare, &QPushButton::clicked, this, [this] {
        if (!compareSelected())
            QMessageBox::information(this, tr("Compare runs"), m_summary->text());
    });
    connect(m_k, &QComboBox::currentIndexChanged, this, [this] {
        showComparison();
    });
    connect(m_metricSet, &QComboBox::currentIndexChanged, this, &ComparisonPanel::updateBars);
    connect(m_xMetric, &QComboBox::currentIndexChanged, this, &ComparisonPanel::updateTradeoff);
    connect(m_yMetric, &QComboBox::currentIndexChanged, this, &ComparisonPanel::updateTradeoff);
    connect(m_userMetric, &QComboBox::currentIndexChanged, this, &ComparisonPanel::updateDistribution);
    connect(m_export, &QPushButton::clicked, this, &ComparisonPanel::exportCurrent);
}

ComparisonPanel::~ComparisonPanel() = default;

QWidget *ComparisonPanel::buildRerankPage() {
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    auto *row = new QHBoxLayout;
    m_mmrRun = new QComboBox(page);
    m_mmrRun->setAccessibleName(tr("Run to re-rank"));
    m_rerankMethod = new QComboBox(page);
    m_rerankMethod->setAccessibleName(tr("Re-rank for"));
    m_rerankMethod->addItem(tr("Diversity (MMR)"), QStringLiteral("mmr"));
    m_rerankMethod->addItem(tr("Calibration to each user's genres"), QStringLiteral("calibrated"));
    m_rerankMethod->setToolTip(tr("MMR trades relevance for lists whose items are unlike each other; calibration (Steck 2018) for "
                                  "lists whose genre mix matches the user's history"));
    m_mmrSimilarity = new QComboBox(page);
    m_mmrSimilarity->setAccessibleName(tr("Similarity for diversity"));
    m_mmrSimilarity->addItem(tr("Genres / categories (Jaccard)"), QStringLiteral("categories"));
    m_mmrSimilarity->addItem(tr("Co-occurrence (cosine)"), QStringLiteral("cooc"));
    m_mmrCompute = new QPushButton(tr("Compute &trade-off"), page);
    m_mmrCompute->setEnabled(false);
    row->addWidget(new QLabel(tr("Run:"), page));
    row->addWidget(m_mmrRun, 1);
    row->addWidget(new QLabel(tr("Re-rank for:"), page));
    row->addWidget(m_rerankMethod, 1);
    row->addWidget(m_mmrCompute);
    auto *sliderRow = new QHBoxLayout; // the similarity beside the slider: one row would not fit 1280 pixels
    sliderRow->addWidget(new QLabel(tr("Similarity:"), page));
    sliderRow->addWidget(m_mmrSimilarity);
    m_lambda = new QSlider(Qt::Horizontal, page);
    m_lambda->setRange(0, 20);
    m_lambda->setValue(20);
    m_lambda->setTickPosition(QSlider::TicksBelow);
    m_lambda->setAccessibleName(tr("MMR lambda"));
    m_lambda->setToolTip(tr("1: the model's own order; 0: only diversity counts"));
    m_lambda->setEnabled(false);
    m_lambdaLabel = new QLabel(tr("Compare runs, pick one, then compute its trade-off: each user's top 50 are re-ranked by "
                                  "maximal marginal relevance for every lambda from 0 to 1."),
                               page);
    m_lambdaLabel->setWordWrap(true);
    sliderRow->addWidget(new QLabel(tr("λ (relevance weight):"), page));
    sliderRow->addWidget(m_lambda, 1);
    m_mmrChart = new MmrCurveChart(page);
    layout->addLayout(row);
    layout->addLayout(sliderRow);
    layout->addWidget(m_lambdaLabel);
    layout->addWidget(m_mmrChart, 1);
    connect(m_mmrCompute, &QPushButton::clicked, this, &ComparisonPanel::computeTradeoff);
    connect(m_lambda, &QSlider::valueChanged, this, &ComparisonPanel::showLambda);
    connect(m_rerankMethod, &QComboBox::currentIndexChanged, this,
            [this] { m_mmrSimilarity->setEnabled(m_rerankMethod->currentData().toString() == QLatin1String("mmr")); });
    return page;
}

bool ComparisonPanel::computeTradeoff() {
    if (!m_project || m_mmrRun->currentIndex() < 0)
        return false;
    if (m_mmrJob && m_mmrJob->isRunning())
        m_mmrJob->cancel(); // a newer request replaces an older one
    const std::string path = m_project->path();
    const qint64 runId = m_mmrRun->currentData().toLongLong();
    engine::MmrOptions o;
    o.k = m_k->currentData().toInt();
    o.similarity = m_mmrSimilarity->currentData().toString().toStdString();
    o.method = m_rerankMethod->currentData().toString().toStdString();
    if (o.method == "calibrated")
        o.similarity = "categories"; // ILD is still shown, by genre
    const bool calibrated = o.method == "calibrated";
    auto points = std::make_shared<std::vector<engine::MmrPoint>>();
    m_mmrJob = std::make_unique<EngineJob>((calibrated ? tr("Re-ranking %1 for calibration") : tr("Re-ranking %1 for diversity")).arg(m_mmrRun->currentText()),
                                           [path, runId, o, points](engine::Progress &progress) {
                                               auto project = engine::Project::open(path);
                                               *points = engine::mmrTradeoff(*project, runId, o, progress);
                                               return tr("trade-off over %n values of lambda", nullptr, static_cast<int>(points->size()));
                                           });
    m_mmrCompute->setEnabled(false);
    const QString diversity = (calibrated ? QStringLiteral("Miscal@") : o.similarity == "cooc" ? QStringLiteral("ILD-cooc@") : QStringLiteral("ILD@")) +
                              QString::number(o.k);
    const QString accuracy = QStringLiteral("NDCG@") + QString::number(o.k);
    connect(m_mmrJob.get(), &EngineJob::finished, this, [this, points, diversity, accuracy, calibrated, job = m_mmrJob.get()] {
        if (job != m_mmrJob.get())
            return;
        m_mmrCompute->setEnabled(true);
        if (job->state() != EngineJob::State::Succeeded) {
            m_lambdaLabel->setText(job->state() == EngineJob::State::Cancelled ? tr("Cancelled.") : job->errorText());
            return;
        }
        m_mmrPoints = *points;
        m_mmrDiversity = diversity;
        m_mmrCalibrated = calibrated;
        std::vector<MmrCurveChart::Point> curve;
        for (const auto &p : m_mmrPoints)
            curve.push_back({p.lambda, calibrated ? p.miscalibration : p.ild, p.ndcg});
        m_mmrChart->setCurve(curve, diversity, accuracy);
        m_lambda->setEnabled(true);
        showLambda();
        Q_EMIT tradeoffComputed();
    });
    Q_EMIT jobCreated(m_mmrJob.get());
    m_mmrJob->start();
    return true;
}

QString ComparisonPanel::lambdaText() const { return m_lambdaLabel->text(); }

void ComparisonPanel::showLambda() {
    // The curve is computed for every slider position: moving it only looks up a point.
    const int index = m_lambda->value() * (static_cast<int>(m_mmrPoints.size()) - 1) / std::max(1, m_lambda->maximum());
    if (m_mmrPoints.empty() || index < 0)
        return;
    const auto &p = m_mmrPoints[static_cast<std::size_t>(index)];
    const auto &top = m_mmrPoints.back();
    auto change = [](double now, double before) {
        return before > 0 ? QStringLiteral("%1%2%").arg(now >= before ? QStringLiteral("+") : QString()).arg(QLocale().toString(100 * (now - before) / before, 'f', 1))
                          : QString();
    };
    if (m_mmrCalibrated) {
        m_lambdaLabel->setText(tr("λ = %1: NDCG %2 (%3), HR %4, miscalibration %5 bits (%6; lower is closer to each user's genre mix), "
                                  "ILD %7, coverage %8, against the model's own order.")
                                   .arg(QLocale().toString(p.lambda, 'f', 2), QLocale().toString(p.ndcg, 'f', 4), change(p.ndcg, top.ndcg),
                                        QLocale().toString(p.hr, 'f', 4), QLocale().toString(p.miscalibration, 'f', 4),
                                        change(p.miscalibration, top.miscalibration), QLocale().toString(p.ild, 'f', 4),
                                        QLocale().toString(p.coverage, 'f', 3)));
        m_mmrChart->setCurrent(index);
        return;
    }
    m_lambdaLabel->setText(tr("λ = %1: NDCG %2 (%3), HR %4, %5 %6 (%7), coverage %8, novelty %9 bits, against the model's own order.")
                               .arg(QLocale().toString(p.lambda, 'f', 2), QLocale().toString(p.ndcg, 'f', 4), change(p.ndcg, top.ndcg),
                                    QLocale().toString(p.hr, 'f', 4), m_mmrDiversity, QLocale().toString(p.ild, 'f', 4),
                                    change(p.ild, top.ild), QLocale().toString(p.coverage, 'f', 3),
                                    QLocale().toString(p.novelty, 'f', 2)));
    m_mmrChart->setCurrent(index);
}

void ComparisonPanel::setProject(engine::Project *project) {
    m_project = project;
    m_comparison.reset();
    refreshRuns();
}

void ComparisonPanel::setDataset(qint64 datasetId) {
    m_datasetId = datasetId;
    refreshRuns();
}

void ComparisonPanel::refreshRuns() {
    m_sweeps->showSweepsOf(m_project, m_datasetId);
    QList<qint64> checked;
    for (int i = 0; i < m_runs->count(); ++i)
        if (m_runs->item(i)->checkState() == Qt::Checked)
            checked << m_runs->item(i)->data(kRunIdRole).toLongLong();
    m_runs->clear();
    if (!m_project)
        return;
    for (const auto &run : engine::RunStore(*m_project).runs()) {
        if (run.datasetId != m_datasetId || run.status != engine::RunStatus::Finished)
            continue;
        auto *item = new QListWidgetItem(QStringLiteral("%1 (%2)").arg(QString::fromStdString(run.name), QString::fromStdString(run.model)), m_runs);
        item->setData(kRunIdRole, static_cast<qint64>(run.id));
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(checked.contains(run.id) ? Qt::Checked : Qt::Unchecked);
    }
}

void ComparisonPanel::selectRuns(const QList<qint64> &runIds) {
    for (int i = 0; i < m_runs->count(); ++i)
        m_runs->item(i)->setCheckState(runIds.contains(m_runs->item(i)->data(kRunIdRole).toLongLong()) ? Qt::Checked : Qt::Unchecked);
}

bool ComparisonPanel::compareSelected() {
    std::vector<std::int64_t> ids;
    for (int i = 0; i < m_runs->count(); ++i)
        if (m_runs->item(i)->checkState() == Qt::Checked)
            ids.push_back(m_runs->item(i)->data(kRunIdRole).toLongLong());
    if (!m_project || ids.size() < 2) {
        m_summary->setText(tr("Check at least two finished runs to compare."));
        return false;
    }
    if (m_job && m_job->isRunning())
        m_job->cancel(); // a newer request replaces an older one
    const std::string path = m_project->path();
    const std::string candidates = m_protocol->currentData().toString().toStdString();
    auto result = std::make_shared<engine::Comparison>();
    auto facts = std::make_shared<std::vector<engine::RunCosts>>();
    m_job = std::make_unique<EngineJob>(tr("Comparing %n runs", nullptr, static_cast<int>(ids.size())),
                                        [path, ids, candidates, result, facts](engine::Progress &progress) {
                                            auto project = engine::Project::open(path);
                                            engine::RunComparisonRequest request;
                                            request.runs = ids;
                                            request.options.protocol.clear(); // each run's own split
                                            request.candidates = candidates;
                                            request.withCosts = true;
                                            auto done = engine::compareRuns(*project, request, progress);
                                            *result = std::move(done.comparison);
                                            *facts = std::move(done.costs);
                                            return tr("%n runs compared", nullptr, static_cast<int>(ids.size()));
                                        });
    m_compare->setEnabled(false);
    m_summary->setText(tr("Evaluating…"));
    connect(m_job.get(), &EngineJob::finished, this, [this, result, facts, job = m_job.get()] {
        if (job != m_job.get())
            return;
        m_compare->setEnabled(true);
        if (job->state() == EngineJob::State::Succeeded) {
            m_comparison = result;
            m_facts = facts;
            showComparison();
            Q_EMIT compared();
        } else {
            m_summary->setText(job->state() == EngineJob::State::Cancelled ? tr("Cancelled.") : job->errorText());
        }
    });
    Q_EMIT jobCreated(m_job.get());
    m_job->start();
    return true;
}

QStringList ComparisonPanel::runNames() const {
    QStringList names;
    if (m_comparison)
        for (const auto &e : m_comparison->evaluations)
            names << QString::fromStdString(e.runName);
    return names;
}

QString ComparisonPanel::warningText() const { return m_warning->isVisible() ? m_warning->text() : QString(); }

void ComparisonPanel::showComparison() {
    if (!m_comparison || m_comparison->evaluations.empty())
        return;
    const auto &c = *m_comparison;
    const auto &base = c.evaluations.front();
    m_summary->setText(tr("%1 on %n users, K = %2; differences tested against %3 (paired t-test and Wilcoxon signed-rank, "
                          "same users).", nullptr, static_cast<int>(base.users.size()))
                           .arg(QString::fromStdString(base.protocol), m_k->currentData().toString(),
                                QString::fromStdString(base.runName)));
    QStringList warnings;
    for (const auto &w : c.warnings)
        warnings << QString::fromStdString(w);
    m_warning->setText(tr("Not comparable, so not tested: %1").arg(warnings.join(QStringLiteral("; "))));
    m_warning->setVisible(!warnings.isEmpty());
    // Metric choices for the scatter and the distributions, at the chosen K.
    const int k = m_k->currentData().toInt();
    QStringList atK, perUser;
    for (const auto &m : c.metrics) {
        if (cutOff(m.metric) != k && cutOff(m.metric) != 0)
            continue;
        atK << QString::fromStdString(m.metric);
        if (base.table.perUser.count(m.metric))
            perUser << QString::fromStdString(m.metric);
    }
    auto refill = [](QComboBox *box, const QStringList &items, const QString &preferred) {
        const QString keep = box->currentText().section(QLatin1Char('@'), 0, 0);
        QSignalBlocker block(box);
        box->clear();
        box->addItems(items);
        for (const QString &want : {keep, preferred}) {
            const int i = items.indexOf(QRegularExpression(QRegularExpression::escape(want) + QStringLiteral("(@\\d+)?")));
            if (!want.isEmpty() && i >= 0) {
                box->setCurrentIndex(i);
                break;
            }
        }
    };
    refill(m_xMetric, atK, QStringLiteral("ILD"));
    refill(m_yMetric, atK, QStringLiteral("NDCG"));
    refill(m_userMetric, perUser, QStringLiteral("NDCG"));
    {
        QSignalBlocker block(m_mmrRun);
        const auto keep = m_mmrRun->currentData();
        m_mmrRun->clear();
        for (const auto &e : c.evaluations)
            m_mmrRun->addItem(QString::fromStdString(e.runName), static_cast<qint64>(e.runId));
        m_mmrRun->setCurrentIndex(std::max(0, m_mmrRun->findData(keep)));
        m_mmrCompute->setEnabled(true);
    }
    // Rating models' RMSE and MAE get a page of their own: their scale is not the ranking metrics'.
    const bool rated = std::any_of(c.metrics.begin(), c.metrics.end(), [](const auto &m) { return m.metric == "RMSE"; });
    const int ratingSet = m_metricSet->findData(QStringLiteral("rating"));
    if (rated && ratingSet < 0)
        m_metricSet->addItem(tr("Rating error (RMSE, MAE; lower is better)"), QStringLiteral("rating"));
    else if (!rated && ratingSet >= 0)
        m_metricSet->removeItem(ratingSet); // moves the choice back to accuracy when it was shown
    m_export->setEnabled(true);
    updateBars();
    updateTradeoff();
    updatePrivacyAndCost();
    updateCurves();
    updateDistribution();
    fillTable();
}

void ComparisonPanel::updateBars() {
    if (!m_comparison)
        return;
    const int k = m_k->currentData().toInt();
    const QString set = m_metricSet->currentData().toString();
    const bool rating = set == QLatin1String("rating");
    static const QStringList kRating{QStringLiteral("RMSE"), QStringLiteral("MAE")};
    const QStringList &wanted = set == QLatin1String("accuracy") ? kAccuracy : set == QLatin1String("beyond") ? kBeyond
                                : set == QLatin1String("calibration")                                   ? kCalibration
                                                                                                         : kRating;
    QStringList metrics;
    std::vector<std::vector<MetricBarsChart::Cell>> cells;
    auto add = [&](const engine::MetricComparison &m) {
        metrics << QString::fromStdString(m.metric);
        std::vector<MetricBarsChart::Cell> row;
        for (std::size_t r = 0; r < m.values.size(); ++r)
            row.push_back({m.values[r], m.interval[r].first, m.interval[r].second, std::isfinite(m.tTestP[r]) ? m.tTestP[r] : -1});
        cells.push_back(std::move(row));
    };
    for (const QString &name : wanted)
        for (const auto &m : m_comparison->metrics)
            if (baseName(m.metric) == name && (cutOff(m.metric) == k || rating)) // rating errors have no K
                add(m);
    if (set == QLatin1String("accuracy")) // MRR has no cut-off
        for (const auto &m : m_comparison->metrics)
            if (m.metric == "MRR")
                add(m);
    QStringList runs = runNames();
    if (rating) {
        // Only the runs that predict ratings have a bar; RMSE and MAE are over all held-out
        // ratings, so they have no bootstrap interval of a mean (their tests are per user).
        for (int r = runs.size() - 1; r >= 0; --r)
            if (!cells.empty() && std::isnan(cells.front()[static_cast<std::size_t>(r)].value)) {
                runs.removeAt(r);
                for (auto &row : cells)
                    row.erase(row.begin() + r);
            }
        m_bars->setHeading(tr("Rating error over all held-out ratings (lower is better; * p < 0.05, ** p < 0.01, *** p < 0.001 per user)"));
    } else if (set == QLatin1String("calibration")) {
        m_bars->setHeading(tr("Higher APLT, lower AWRF and Miscal are better; * p < 0.05, ** p < 0.01, *** p < 0.001 against the first run"));
    } else {
        m_bars->setHeading(MetricBarsChart::defaultTitle());
    }
    m_bars->setData(runs, metrics, cells);
}

void ComparisonPanel::updateTradeoff() {
    if (!m_comparison || m_xMetric->currentIndex() < 0 || m_yMetric->currentIndex() < 0)
        return;
    const auto x = m_xMetric->currentText().toStdString(), y = m_yMetric->currentText().toStdString();
    std::vector<double> xs, ys;
    for (const auto &m : m_comparison->metrics) {
        if (m.metric == x)
            xs = m.values;
        if (m.metric == y)
            ys = m.values;
    }
    if (xs.empty() || ys.empty())
        return;
    m_tradeoff->setPoints(runNames(), xs, ys, m_xMetric->currentText(), m_yMetric->currentText(), engine::higherIsBetter(x),
                          engine::higherIsBetter(y));
}

void ComparisonPanel::updatePrivacyAndCost() {
    if (!m_comparison || !m_facts || m_facts->size() != m_comparison->evaluations.size())
        return;
    const int k = m_k->currentData().toInt();
    const std::string accuracy = "NDCG@" + std::to_string(k);
    std::vector<double> ndcg;
    for (const auto &m : m_comparison->metrics)
        if (m.metric == accuracy)
            ndcg = m.values;
    if (ndcg.empty())
        return;
    const auto &facts = *m_facts;
    // Runs without DP have no place on the epsilon axis (epsilon is infinite): each is a
    // horizontal line, the accuracy privacy is measured against.
    const QStringList names = runNames();
    QStringList dpNames, plainNames;
    std::vector<double> eps, dpNdcg, plainNdcg, cost;
    for (std::size_t i = 0; i < facts.size(); ++i) {
        const auto &f = facts[i];
        if (std::isfinite(f.epsilon)) {
            dpNames << names[static_cast<int>(i)];
            eps.push_back(f.epsilon);
            dpNdcg.push_back(ndcg[i]);
        } else {
            plainNames << tr("%1 (no DP)").arg(names[static_cast<int>(i)]);
            plainNdcg.push_back(ndcg[i]);
        }
        const double values[] = {f.latencyMs, f.megabytes, f.parameters, f.flops};
        cost.push_back(values[std::clamp(m_costAxis->currentIndex(), 0, 3)]);
    }
    const int dpRuns = static_cast<int>(dpNames.size());
    const QString y = QString::fromStdString(accuracy);
    m_privacyChart->setPoints(dpNames, eps, dpNdcg, tr("Privacy spent ε"), y, false, true);
    m_privacyChart->setReferenceLines(plainNames, plainNdcg);
    m_costChart->setPoints(names, cost, ndcg, m_costAxis->currentText(), y, false, true);
    m_labNote->setText(dpRuns == 0 ? tr("No run here was trained with differential privacy: train one with DP-SGD in the Train tab to "
                                        "see what privacy costs in accuracy.")
                                   : tr("Left: accuracy against the privacy spent by DP-SGD runs (smaller ε is more private; δ is in "
                                        "each run's tooltip in the runs table); runs without DP are the horizontal lines. Right: "
                                        "accuracy against what a run costs to use, measured on this machine. The dashed line "
                                        "joins the runs no other run beats on both axes."));
}

void ComparisonPanel::updateCurves() {
    if (!m_comparison || !m_project)
        return;
    std::vector<CurvesOverlayChart::Curve> curves;
    engine::RunStore store(*m_project);
    for (const auto &e : m_comparison->evaluations) {
        CurvesOverlayChart::Curve c;
        c.run = QString::fromStdString(e.runName);
        for (const auto &epoch : store.epochs(e.runId)) {
            c.epochs.push_back(static_cast<double>(epoch.epoch));
            c.values.push_back(epoch.validNdcg10);
        }
        curves.push_back(std::move(c));
    }
    m_curves->setCurves(curves);
}

void ComparisonPanel::updateDistribution() {
    if (!m_comparison || m_userMetric->currentIndex() < 0)
        return;
    const auto metric = m_userMetric->currentText().toStdString();
    std::vector<std::vector<double>> values;
    for (const auto &e : m_comparison->evaluations) {
        const auto it = e.table.perUser.find(metric);
        values.push_back(it == e.table.perUser.end() ? std::vector<double>{} : it->second);
    }
    m_distribution->setDistributions(runNames(), values, m_userMetric->currentText());
}

void ComparisonPanel::fillTable() {
    m_table->clear();
    if (!m_comparison)
        return;
    const auto &c = *m_comparison;
    const QStringList runs = runNames();
    QStringList headers{tr("Metric")};
    for (const QString &run : runs)
        headers << run;
    for (int r = 1; r < runs.size(); ++r)
        headers << tr("Δ %1").arg(runs[r]) << tr("p (t-test) %1").arg(runs[r]) << tr("p (Wilcoxon) %1").arg(runs[r]);
    headers << tr("Definition");
    m_table->setHorizontalHeaderLabels(headers);
    auto numberItem = [](double v, const QString &text) {
        auto *item = new QStandardItem(text);
        item->setData(std::isfinite(v) ? v : -1e300, kSortRole);
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        return item;
    };
    auto fmt = [](double v, int digits = 4) { return std::isfinite(v) ? QLocale().toString(v, 'f', digits) : QStringLiteral("–"); };
    for (const auto &m : c.metrics) {
        QList<QStandardItem *> row;
        auto *name = new QStandardItem(QString::fromStdString(m.metric));
        name->setData(QString::fromStdString(m.metric), kSortRole);
        row << name;
        for (std::size_t r = 0; r < m.values.size(); ++r) {
            QString text = fmt(m.values[r]);
            if (std::isfinite(m.interval[r].first))
                text += QStringLiteral(" [%1, %2]").arg(fmt(m.interval[r].first), fmt(m.interval[r].second));
            row << numberItem(m.values[r], text);
        }
        for (std::size_t r = 1; r < m.values.size(); ++r) {
            row << numberItem(m.difference[r], std::isfinite(m.difference[r]) ? QStringLiteral("%1%2").arg(m.difference[r] >= 0 ? QStringLiteral("+") : QString(), fmt(m.difference[r])) : QStringLiteral("–"));
            row << numberItem(m.tTestP[r], std::isfinite(m.tTestP[r]) ? QLocale().toString(m.tTestP[r], 'g', 3) : QStringLiteral("–"));
            row << numberItem(m.wilcoxonP[r], std::isfinite(m.wilcoxonP[r]) ? QLocale().toString(m.wilcoxonP[r], 'g', 3) : QStringLiteral("–"));
        }
        auto *def = new QStandardItem(QString::fromStdString(engine::metricDefinition(m.metric)));
        row << def;
        m_table->appendRow(row);
    }
}

QString ComparisonPanel::csvCell(QString text) {
    // RFC 4180: quoted when it holds a comma, a quote or a line break; quotes doubled.
    if (text.contains(QLatin1Char(',')) || text.contains(QLatin1Char('"')) || text.contains(QLatin1Char('\n')) || text.contains(QLatin1Char('\r')))
        text = QLatin1Char('"') + text.replace(QLatin1Char('"'), QStringLiteral("\"\"")) + QLatin1Char('"');
    return text;
}

bool ComparisonPanel::writeCsv(const QString &fileName, QString *error) const {
    QFile file(fileName);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text)) {
        if (error)
            *error = file.errorString();
        return false;
    }
    QTextStream out(&file);
    const auto cell = &ComparisonPanel::csvCell;
    // Raw numbers (C locale) so spreadsheets and scripts read them back.
    out << "metric";
    if (m_comparison) {
        for (const auto &e : m_comparison->evaluations) {
            const auto run = QString::fromStdString(e.runName);
            for (const auto &suffix : {QString(), QStringLiteral(" ci_low"), QStringLiteral(" ci_high"), QStringLiteral(" p_ttest"),
                                       QStringLiteral(" p_wilcoxon")})
                out << ',' << cell(run + suffix);
        }
        out << ",protocol\n";
        for (const auto &m : m_comparison->metrics) {
            out << cell(QString::fromStdString(m.metric));
            for (std::size_t r = 0; r < m.values.size(); ++r)
                for (double v : {m.values[r], m.interval[r].first, m.interval[r].second, m.tTestP[r], m.wilcoxonP[r]})
                    out << ',' << (std::isfinite(v) ? QString::number(v, 'g', 10) : QString());
            out << ',' << cell(QString::fromStdString(m_comparison->evaluations.front().protocol)) << '\n';
        }
    }
    out.flush();
    if (file.error() != QFile::NoError) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

void ComparisonPanel::exportCurrent() {
    if (m_tabs->currentWidget() == m_tableView) {
        const QString name = QFileDialog::getSaveFileName(this, tr("Export table"), QStringLiteral("comparison.csv"), tr("CSV (*.csv)"));
        QString error;
        if (!name.isEmpty() && !writeCsv(name, &error))
            QMessageBox::warning(this, tr("Export table"), tr("Could not write %1: %2").arg(name, error));
        return;
    }
    for (ChartWidget *chart : {static_cast<ChartWidget *>(m_bars), static_cast<ChartWidget *>(m_tradeoff),
                               static_cast<ChartWidget *>(m_privacyChart), static_cast<ChartWidget *>(m_costChart),
                               static_cast<ChartWidget *>(m_curves), static_cast<ChartWidget *>(m_distribution),
                               static_cast<ChartWidget *>(m_mmrChart), static_cast<ChartWidget *>(m_sweeps->chart())})
        if (m_tabs->currentWidget()->isAncestorOf(chart) || m_tabs->currentWidget() == chart) {
            chart->exportInteractively();
            return;
        }
}

} // namespace recscope
