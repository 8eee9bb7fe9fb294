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
#include <QStackedWidget>
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

// A trial as the charts' tooltips describe it.
QString trialText(const engine::SweepTrial &t) {
    QString settings;
    for (const auto &[k, v] : t.settings)
        settings += (settings.isEmpty() ? QString() : QStringLiteral(", ")) + QString::fromStdString(k + "=" + v);
    return SweepView::tr("Trial %1 (%2)\nvalidation NDCG@10 %3, test %4\n%5")
        .arg(t.index)
        .arg(settings, num(t.validNdcg10), num(t.testNdcg10), statusText(t));
}

// Where each trial's value of `key` stands on a [0, 1] axis, and the axis's labels.
struct AxisPlacement {
    std::vector<double> position; // per trial, NaN where it has no value
    std::vector<std::pair<double, QString>> labels;
};

AxisPlacement placeSetting(const engine::SweepResult &sweep, const std::string &key) {
    AxisPlacement a;
    std::vector<std::string> categories;
    bool numeric = true;
    double lo = INFINITY, hi = -INFINITY;
    for (const auto &t : sweep.trials) {
        const auto it = t.settings.find(key);
        if (it == t.settings.end())
            continue;
        char *end = nullptr;
        const double v = std::strtod(it->second.c_str(), &end);
        numeric = numeric && end && *end == '\0' && !it->second.empty();
        lo = std::min(lo, v);
        hi = std::max(hi, v);
        if (std::find(categories.begin(), categories.end(), it->second) == categories.end())
            categories.push_back(it->second);
    }
    const bool log = numeric && lo > 0 && hi / lo >= 100;
    const auto place = [&](double v) {
        if (!(hi > lo))
            return 0.5;
        return log ? (std::log(v) - std::log(lo)) / (std::log(hi) - std::log(lo)) : (v - lo) / (hi - lo);
    };
    for (const auto &t : sweep.trials) {
        const auto it = t.settings.find(key);
        if (it == t.settings.end()) {
            a.position.push_back(NAN);
        } else if (numeric) {
            a.position.push_back(place(std::strtod(it->second.c_str(), nullptr)));
        } else {
            const auto i = std::find(categories.begin(), categories.end(), it->second) - categories.begin();
            a.position.push_back(categories.size() > 1 ? static_cast<double>(i) / static_cast<double>(categories.size() - 1) : 0.5);
        }
    }
    if (numeric && std::isfinite(lo)) {
        a.labels.emplace_back(place(lo), QLocale().toString(lo, 'g', 4));
        if (hi > lo)
            a.labels.emplace_back(place(hi), QLocale().toString(hi, 'g', 4) + (log ? SweepView::tr(" (log)") : QString()));
    } else {
        for (std::size_t i = 0; i < categories.size(); ++i)
            a.labels.emplace_back(categories.size() > 1 ? static_cast<double>(i) / static_cast<double>(categories.size() - 1) : 0.5,
                                  QString::fromStdString(categories[i]));
    }
    return a;
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
        m_points.push_back({x, t.validNdcg10, trialText(t)});
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

SweepParallelChart::SweepParallelChart(QWidget *parent) : ChartWidget(parent) {
    setTitle(tr("Every trial across all varied settings and its validation NDCG@10 (parallel coordinates)"));
    plot()->legend->setVisible(true);
    plot()->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    plot()->yAxis->setTickLabels(false);
    plot()->yAxis->setTicks(false);
    plot()->yAxis->grid()->setVisible(false);
}

void SweepParallelChart::setSweep(const engine::SweepResult &sweep) {
    m_lines.clear();
    auto *p = plot();
    p->clearGraphs();
    p->clearItems();
    std::vector<std::string> keys;
    for (const auto &d : sweep.request.dimensions)
        keys.push_back(d.key);
    const auto axes = static_cast<int>(keys.size()) + 1;
    std::vector<AxisPlacement> placed;
    for (const auto &k : keys)
        placed.push_back(placeSetting(sweep, k));
    // The last axis: validation NDCG@10 over the trials that have one.
    double lo = INFINITY, hi = -INFINITY;
    for (const auto &t : sweep.trials)
        if (std::isfinite(t.validNdcg10)) {
            lo = std::min(lo, t.validNdcg10);
            hi = std::max(hi, t.validNdcg10);
        }
    AxisPlacement score;
    for (const auto &t : sweep.trials)
        score.position.push_back(!std::isfinite(t.validNdcg10) ? NAN : hi > lo ? (t.validNdcg10 - lo) / (hi - lo) : 0.5);
    if (std::isfinite(lo)) {
        score.labels.emplace_back(hi > lo ? 0.0 : 0.5, num(lo));
        if (hi > lo)
            score.labels.emplace_back(1.0, num(hi));
    }
    placed.push_back(score);

    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    for (int a = 0; a < axes; ++a) {
        ticker->addTick(a, a + 1 < axes ? QString::fromStdString(keys[static_cast<std::size_t>(a)]) : tr("valid NDCG@10"));
        auto *axis = new QCPItemLine(p);
        axis->start->setCoords(a, 0);
        axis->end->setCoords(a, 1);
        axis->setPen(QPen(palette().color(QPalette::Text), 1));
        for (const auto &[y, text] : placed[static_cast<std::size_t>(a)].labels) {
            auto *label = new QCPItemText(p);
            label->position->setCoords(a, y);
            label->setPositionAlignment(Qt::AlignLeft | Qt::AlignVCenter);
            label->setPadding(QMargins(4, 0, 0, 0));
            label->setText(text);
            label->setColor(palette().color(QPalette::Text));
        }
    }
    p->xAxis->setTicker(ticker);
    p->xAxis->setRange(-0.3, axes - 1 + 0.6);
    p->yAxis->setRange(-0.08, 1.4); // the legend above the lines
    // Lines: full-length trials first, then the stopped ones, the best on top.
    bool named[3] = {false, false, false};
    const QString names[3] = {tr("trained the full length"), tr("stopped early (halving)"), tr("best trial")};
    for (int pass = 0; pass < 3; ++pass)
        for (std::size_t i = 0; i < sweep.trials.size(); ++i) {
            const auto &t = sweep.trials[i];
            const int kind = static_cast<int>(i) == sweep.best ? 2 : t.stoppedEarly ? 1 : 0;
            if (kind != (pass == 0 ? 1 : pass == 1 ? 0 : 2) || !std::isfinite(t.validNdcg10))
                continue;
            Line line;
            QVector<double> xs, ys;
            for (int a = 0; a < axes; ++a) {
                const double y = placed[static_cast<std::size_t>(a)].position[i];
                line.y.push_back(y);
                if (std::isfinite(y)) {
                    xs << a;
                    ys << y;
                }
            }
            line.text = trialText(t);
            m_lines.push_back(std::move(line));
            auto *g = p->addGraph();
            g->setData(xs, ys, true);
            QColor colour = kind == 2 ? kBest : kind == 1 ? kStopped : kFull;
            if (kind != 2)
                colour.setAlpha(170);
            g->setPen(QPen(colour, kind == 2 ? 3 : 1.5));
            g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, colour, colour, kind == 2 ? 7 : 5));
            if (named[kind]) {
                g->removeFromLegend();
            } else {
                g->setName(names[kind]);
                named[kind] = true;
            }
        }
    p->replot(QCustomPlot::rpQueuedReplot);
}

QString SweepParallelChart::toolTipAt(const QPoint &pos) const {
    double best = 100; // within 10 pixels of a trial's point on an axis
    QString text;
    for (const auto &line : m_lines)
        for (std::size_t a = 0; a < line.y.size(); ++a) {
            if (!std::isfinite(line.y[a]))
                continue;
            const double dx = plot()->xAxis->coordToPixel(static_cast<double>(a)) - pos.x(), dy = plot()->yAxis->coordToPixel(line.y[a]) - pos.y();
            if (dx * dx + dy * dy < best) {
                best = dx * dx + dy * dy;
                text = line.text;
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
    m_parallel = new SweepParallelChart(this);
    m_charts = new QStackedWidget(this);
    m_charts->addWidget(m_chart);
    m_charts->addWidget(m_parallel);

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
    split->addWidget(m_charts);
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
        m_parallel->setSweep({});
        m_charts->setCurrentWidget(m_chart);
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
        if (keys.size() > 1) // the last choice: every setting at once
            m_setting->addItem(tr("all settings (parallel coordinates)"));
    }
    m_parallel->setSweep(s);
    showSetting();
}

bool SweepView::showsParallel() const { return m_setting->count() > 2 && m_setting->currentIndex() == m_setting->count() - 1; }

void SweepView::showSetting() {
    const qint64 id = m_sweep->currentData().toLongLong();
    const auto it = std::find_if(m_sweeps.begin(), m_sweeps.end(), [&](const auto &s) { return s.sweepId == id; });
    m_charts->setCurrentWidget(showsParallel() ? static_cast<QWidget *>(m_parallel) : m_chart);
    if (it != m_sweeps.end() && !showsParallel())
        m_chart->setSweep(*it, m_setting->currentText().toStdString());
}

} // namespace recscope
