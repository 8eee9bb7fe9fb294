// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/compare/sweepview.h"

#include "engine/core/errors.h"
#include "engine/store/project.h"
#include "widgets/common/qcustomplotwrapper.h"

#include <QComboBox>
#include <QFont>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <map>

namespace recscope {

namespace {
QString num(double v, int digits = 4) { return std::isfinite(v) ? QLocale().toString(v, 'f', digits) : QStringLiteral("–"); }

// Okabe-Ito, as the other charts: trials that ran the full length, those halving stopped, the best.
const QColor kFull(0x00, 0x72, 0xb2), kStopped(0x99, 0x99, 0x99), kBest(0xd5, 0x5e, 0x00);

QString statusText(const engine::SweepTrial &t) {
    if (t.runId == 0)
        return SweepView::tr("not started (budget)");
    if (t.stoppedEarly)
        return SweepView::tr("stopped early after %n epoch(s)", nullptr, static_cast<int>(t.epochs));
    switch (t.status) {
    case engine::RunStatus::Finished: return SweepView::tr("finished");
    case engine::RunStatus::Cancelled: return SweepView::tr("cancelled");
    case engine::RunStatus::Failed: return SweepView::tr("failed");
    default: return SweepView::tr("not finished");
    }
}
} // namespace

SweepSettingChart::SweepSettingChart(QWidget *parent) : ChartWidget(parent) {
    setTitle(tr("Validation NDCG@10 of each trial against a setting"));
    plot()->yAxis->setLabel(tr("validation NDCG@10 (best checkpoint)"));
    plot()->legend->setVisible(true);
    plot()->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
}

void SweepSettingChart::setSweep(const engine::SweepResult &sweep, const std::string &key) {
    m_points.clear();
    auto *p = plot();
    p->clearGraphs();
    p->xAxis->setLabel(QString::fromStdString(key));
    // Numbers on a numeric axis (log when they span two decades or more), else categories.
    bool numeric = true;
    std::vector<std::string> categories;
    for (const auto &t : sweep.trials) {
        const auto it = t.settings.find(key);
        if (it == t.settings.end())
            continue;
        char *end = nullptr;
        std::strtod(it->second.c_str(), &end);
        numeric = numeric && end && *end == '\0' && !it->second.empty();
        if (std::find(categories.begin(), categories.end(), it->second) == categories.end())
            categories.push_back(it->second);
    }
    double lo = INFINITY, hi = -INFINITY, ylo = INFINITY, yhi = -INFINITY;
    QVector<double> fx, fy, sx, sy, bx, by;
    for (std::size_t i = 0; i < sweep.trials.size(); ++i) {
        const auto &t = sweep.trials[i];
        const auto it = t.settings.find(key);
        if (it == t.settings.end() || !std::isfinite(t.validNdcg10))
            continue;
        const double x = numeric ? std::strtod(it->second.c_str(), nullptr)
                                 : static_cast<double>(std::find(categories.begin(), categories.end(), it->second) - categories.begin());
        lo = std::min(lo, x);
        hi = std::max(hi, x);
        ylo = std::min(ylo, t.validNdcg10);
        yhi = std::max(yhi, t.validNdcg10);
        QString settings;
        for (const auto &[k, v] : t.settings)
            settings += (settings.isEmpty() ? QString() : QStringLiteral(", ")) + QString::fromStdString(k + "=" + v);
        m_points.push_back({x, t.validNdcg10, tr("Trial %1 (%2)\nvalidation NDCG@10 %3, test %4\n%5")
                                                   .arg(t.index)
                                                   .arg(settings, num(t.validNdcg10), num(t.testNdcg10), statusText(t))});
        auto &xs = static_cast<int>(i) == sweep.best ? bx : t.stoppedEarly ? sx : fx;
        auto &ys = static_cast<int>(i) == sweep.best ? by : t.stoppedEarly ? sy : fy;
        xs << x;
        ys << t.validNdcg10;
    }
    auto points = [&](const QVector<double> &x, const QVector<double> &y, const QString &name, const QColor &colour,
                      QCPScatterStyle::ScatterShape shape, double size) {
        if (x.isEmpty())
            return;
        auto *g = p->addGraph();
        g->setName(name);
        g->setData(x, y);
        g->setLineStyle(QCPGraph::lsNone);
        g->setScatterStyle(QCPScatterStyle(shape, colour, colour, size));
    };
    points(fx, fy, tr("trained the full length"), kFull, QCPScatterStyle::ssDisc, 8);
    points(sx, sy, tr("stopped early (halving)"), kStopped, QCPScatterStyle::ssCircle, 8);
    points(bx, by, tr("best trial"), kBest, QCPScatterStyle::ssStar, 14);
    const bool log = numeric && lo > 0 && hi / lo >= 100;
    p->xAxis->setScaleType(log ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
    if (log)
        p->xAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    else if (!numeric) {
        QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
        for (std::size_t c = 0; c < categories.size(); ++c)
            ticker->addTick(static_cast<double>(c), QString::fromStdString(categories[c]));
        p->xAxis->setTicker(ticker);
    } else {
        p->xAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    }
    if (m_points.empty()) {
        p->replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    if (log)
        p->xAxis->setRange(lo / 1.5, hi * 1.5);
    else {
        const double pad = hi > lo ? 0.08 * (hi - lo) : 0.5;
        p->xAxis->setRange(lo - pad, hi + pad);
    }
    const double ypad = yhi > ylo ? 0.1 * (yhi - ylo) : 0.01;
    p->yAxis->setRange(ylo - ypad, yhi + 4 * ypad); // room for the legend
    p->replot(QCustomPlot::rpQueuedReplot);
}

QString SweepSettingChart::toolTipAt(const QPoint &pos) const {
    double best = 100; // within 10 pixels
    QString text;
    for (const auto &pt : m_points) {
        const double dx = plot()->xAxis->coordToPixel(pt.x) - pos.x(), dy = plot()->yAxis->coordToPixel(pt.y) - pos.y();
        if (dx * dx + dy * dy < best) {
            best = dx * dx + dy * dy;
            text = pt.text;
        }
    }
    return text;
}

SweepView::SweepView(QWidget *parent) : QWidget(parent) {
    m_sweep = new QComboBox(this);
    m_sweep->setAccessibleName(tr("Sweep"));
    m_setting = new QComboBox(this);
    m_setting->setAccessibleName(tr("Setting on the chart"));
    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_model = new QStandardItemModel(this);
    m_view = new QTableView(this);
    m_view->setModel(m_model);
    m_view->setSortingEnabled(true);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->verticalHeader()->hide();
    m_chart = new SweepSettingChart(this);

    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Sh&own sweep:"), this));
    qobject_cast<QLabel *>(top->itemAt(0)->widget())->setBuddy(m_sweep);
    top->addWidget(m_sweep, 1);
    auto *settingLabel = new QLabel(tr("Chart a&gainst:"), this);
    settingLabel->setBuddy(m_setting);
    top->addWidget(settingLabel);
    top->addWidget(m_setting);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_view);
    split->addWidget(m_chart);
    split->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_summary);
    layout->addWidget(split, 1);
    connect(m_sweep, &QComboBox::currentIndexChanged, this, &SweepView::showSweep);
    connect(m_setting, &QComboBox::currentIndexChanged, this, &SweepView::showSetting);
    showSweep();
}

void SweepView::showSweepsOf(engine::Project *project, qint64 datasetId) {
    m_project = project;
    m_datasetId = datasetId;
    const qint64 shown = m_sweep->currentData().toLongLong();
    m_sweeps.clear();
    if (m_project && m_datasetId >= 0) {
        try {
            m_sweeps = engine::listSweeps(*m_project, m_datasetId);
        } catch (const engine::EngineError &e) {
            m_summary->setText(QString::fromStdString(e.what()));
        }
    }
    const QSignalBlocker block(m_sweep);
    m_sweep->clear();
    for (auto it = m_sweeps.rbegin(); it != m_sweeps.rend(); ++it) // newest first
        m_sweep->addItem(tr("%1 (%2, %n trial(s), %3)", nullptr, static_cast<int>(it->trials.size()))
                             .arg(QString::fromStdString(it->request.name), QString::fromUtf8(engine::nameOf(it->request.strategy).data()),
                                  QString::fromStdString(it->createdAt)),
                         QVariant::fromValue<qint64>(it->sweepId));
    const int again = m_sweep->findData(QVariant::fromValue<qint64>(shown));
    m_sweep->setCurrentIndex(again >= 0 ? again : 0);
    showSweep();
}

QString SweepView::summaryText() const { return m_summary->text(); }

void SweepView::showSweep() {
    m_model->clear();
    const qint64 id = m_sweep->currentData().toLongLong();
    const auto it = std::find_if(m_sweeps.begin(), m_sweeps.end(), [&](const auto &s) { return s.sweepId == id; });
    {
        const QSignalBlocker block(m_setting);
        m_setting->clear();
    }
    if (it == m_sweeps.end()) {
        m_summary->setText(m_sweeps.empty() ? tr("No sweep on this dataset yet: run one with recscope-cli sweep (see the user guide).")
                                            : QString());
        m_chart->setSweep({}, {});
        return;
    }
    const auto &s = *it;
    QStringList headers{tr("Trial")};
    std::vector<std::string> keys;
    for (const auto &d : s.request.dimensions) {
        keys.push_back(d.key);
        headers << QString::fromStdString(d.key);
    }
    headers << tr("Epochs") << tr("Status") << tr("Valid NDCG@10") << tr("Test NDCG@10") << tr("Seconds") << tr("Run");
    m_model->setHorizontalHeaderLabels(headers);
    for (std::size_t i = 0; i < s.trials.size(); ++i) {
        const auto &t = s.trials[i];
        QList<QStandardItem *> row;
        auto number = [](double v, int digits) {
            auto *item = new QStandardItem(num(v, digits));
            item->setData(std::isfinite(v) ? QVariant(v) : QVariant(-1.0), Qt::UserRole);
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            return item;
        };
        row << number(t.index, 0);
        for (const auto &k : keys) { // numbers sort as numbers, choices as text
            const auto v = t.settings.find(k);
            const QString text = v == t.settings.end() ? QString() : QString::fromStdString(v->second);
            auto *item = new QStandardItem(text);
            bool isNumber = false;
            const double value = text.toDouble(&isNumber);
            item->setData(isNumber ? QVariant(value) : QVariant(text), Qt::UserRole);
            row << item;
        }
        auto *status = new QStandardItem(statusText(t));
        status->setData(status->text(), Qt::UserRole);
        auto *run = new QStandardItem(t.runId > 0 ? QString::number(t.runId) : QString());
        run->setData(QVariant::fromValue<qint64>(t.runId), Qt::UserRole);
        row << number(static_cast<double>(t.epochs), 0) << status << number(t.validNdcg10, 4) << number(t.testNdcg10, 4)
            << number(t.seconds, 1) << run;
        const bool best = static_cast<int>(i) == s.best;
        for (auto *item : row) {
            if (best) {
                QFont f = item->font();
                f.setBold(true);
                item->setFont(f);
            } else if (t.stoppedEarly || t.runId == 0) {
                item->setForeground(kStopped);
            }
        }
        m_model->appendRow(row);
    }
    m_model->setSortRole(Qt::UserRole);
    QString text = tr("%1 on %2: %n trial(s), %3 strategy%4; %5 in %6 s.", nullptr, static_cast<int>(s.trials.size()))
                       .arg(QString::fromStdString(s.request.model), QString::fromStdString(s.createdAt),
                            QString::fromUtf8(engine::nameOf(s.request.strategy).data()),
                            s.request.halving ? tr(", successive halving (keep 1/%1 from %2 epochs)").arg(s.request.eta).arg(s.request.minEpochs)
                                              : QString(),
                            QString::fromStdString(s.status), num(s.seconds, 1));
    if (s.best >= 0) {
        const auto &b = s.trials[static_cast<std::size_t>(s.best)];
        text += QLatin1Char(' ') + tr("Best by validation NDCG@10: trial %1 (run %2), %3; its test NDCG@10 is %4.")
                                       .arg(b.index)
                                       .arg(b.runId)
                                       .arg(num(b.validNdcg10), num(b.testNdcg10));
    }
    if (!s.stopped.empty())
        text += QLatin1Char(' ') + tr("Left out: %1.").arg(QString::fromStdString(s.stopped));
    m_summary->setText(text);
    {
        const QSignalBlocker block(m_setting);
        for (const auto &k : keys)
            m_setting->addItem(QString::fromStdString(k));
    }
    showSetting();
}

void SweepView::showSetting() {
    const qint64 id = m_sweep->currentData().toLongLong();
    const auto it = std::find_if(m_sweeps.begin(), m_sweeps.end(), [&](const auto &s) { return s.sweepId == id; });
    if (it != m_sweeps.end())
        m_chart->setSweep(*it, m_setting->currentText().toStdString());
}

} // namespace recscope
