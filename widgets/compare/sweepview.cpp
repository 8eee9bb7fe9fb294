// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/compare/sweepview.h"

#include "engine/core/errors.h"
#include "engine/store/project.h"
#include "widgets/common/qcustomplotwrapper.h"
#include "widgets/compare/sweepparallelchart.h"
#include "widgets/compare/sweepsettingchart.h"
#include "widgets/compare/sweepsupport.h"

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

using namespace sweepcharts;

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
