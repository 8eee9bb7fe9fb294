// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/datasets/diagnosticspage.h"

#include "engine/core/progress.h"
#include "engine/store/project.h"
#include "widgets/common/enginejob.h"
#include "widgets/common/runbox.h"

#include <QComboBox>
#include <QDateTime>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <cmath>

namespace recscope {

namespace {
QString num(double v, int digits = 3) { return std::isfinite(v) ? QLocale().toString(v, 'f', digits) : QStringLiteral("–"); }
QString percent(double share) { return std::isfinite(share) ? QLocale().toString(100 * share, 'f', 1) + QLatin1Char('%') : QStringLiteral("–"); }

QLabel *wrapped(QWidget *parent, bool bold = false) {
    auto *l = new QLabel(parent);
    l->setWordWrap(true);
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    if (bold) {
        QFont f = l->font();
        f.setBold(true);
        l->setFont(f);
    }
    return l;
}
} // namespace

DiagnosticsPage::DiagnosticsPage(QWidget *parent) : QWidget(parent) {
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    m_run = new QComboBox(this);
    m_run->setAccessibleName(tr("Run to diagnose"));
    m_users = new QSpinBox(this);
    m_users->setRange(0, 10000000);
    m_users->setSpecialValueText(tr("all"));
    m_users->setValue(0);
    m_users->setAccessibleName(tr("Test users"));
    m_users->setToolTip(tr("How many test users to sample; all of them by default (ML-1M: about 20 s on one thread)"));
    m_start = new QPushButton(tr("&Diagnose"), this);
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setEnabled(false);
    auto *runRow = new QHBoxLayout;
    runRow->addWidget(m_run, 1);
    runRow->addWidget(m_start);
    runRow->addWidget(m_cancel);
    auto *runLabel = new QLabel(tr("R&un:"), this);
    runLabel->setBuddy(m_run);
    form->addRow(runLabel, runRow);
    form->addRow(tr("Test u&sers:"), m_users);
    layout->addLayout(form);
    m_status = wrapped(this);
    layout->addWidget(m_status);

    auto *order = new QGroupBox(tr("Does the model use the order of a history?"), this);
    auto *orderLayout = new QVBoxLayout(order);
    m_order = wrapped(order, true);
    m_orderDetail = wrapped(order);
    orderLayout->addWidget(m_order);
    orderLayout->addWidget(m_orderDetail);
    auto *leakage = new QGroupBox(tr("Does the evaluation leak the future?"), this);
    auto *leakageLayout = new QVBoxLayout(leakage);
    m_leakage = wrapped(leakage, true);
    m_leakageDetail = wrapped(leakage);
    leakageLayout->addWidget(m_leakage);
    leakageLayout->addWidget(m_leakageDetail);
    auto *repeats = new QGroupBox(tr("Items repeated across training and test"), this);
    auto *repeatsLayout = new QVBoxLayout(repeats);
    m_repeats = wrapped(repeats);
    repeatsLayout->addWidget(m_repeats);
    layout->addWidget(order);
    layout->addWidget(leakage);
    layout->addWidget(repeats);
    layout->addStretch(1);

    connect(m_start, &QPushButton::clicked, this, &DiagnosticsPage::diagnose);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (m_job)
            m_job->cancel();
    });
    m_status->setText(tr("Choose a finished run on this dataset, then Diagnose. A diagnosis only reads the project."));
}

DiagnosticsPage::~DiagnosticsPage() = default;

void DiagnosticsPage::setProject(engine::Project *project) {
    m_project = project;
    refreshRuns();
}

void DiagnosticsPage::setDataset(qint64 datasetId) {
    if (datasetId != m_datasetId) {
        m_result.reset();
        for (auto *l : {m_order, m_orderDetail, m_leakage, m_leakageDetail, m_repeats})
            l->clear();
    }
    m_datasetId = datasetId;
    refreshRuns();
}

void DiagnosticsPage::refreshRuns() {
    fillFinishedRuns(m_run, m_project, m_datasetId);
    m_start->setEnabled(m_run->count() > 0);
    if (m_run->count() == 0)
        m_status->setText(tr("No finished run on this dataset yet: train one in the Train tab to diagnose it."));
}

QString DiagnosticsPage::orderText() const { return m_order->text() + QLatin1Char('\n') + m_orderDetail->text(); }
QString DiagnosticsPage::leakageText() const { return m_leakage->text() + QLatin1Char('\n') + m_leakageDetail->text(); }
QString DiagnosticsPage::repeatsText() const { return m_repeats->text(); }

bool DiagnosticsPage::diagnose() {
    if (!m_project || m_run->currentIndex() < 0)
        return false;
    if (m_job && m_job->isRunning())
        m_job->cancel();
    const std::string path = m_project->path();
    const qint64 runId = m_run->currentData().toLongLong();
    engine::DiagnoseOptions o;
    o.users = m_users->value();
    auto result = std::make_shared<engine::Diagnosis>();
    m_job = std::make_unique<EngineJob>(tr("Diagnosing %1").arg(m_run->currentText()), [path, runId, o, result](engine::Progress &p) {
        auto project = engine::Project::open(path);
        *result = engine::diagnose(*project, runId, o, p);
        return tr("Diagnosed in %1 s").arg(QLocale().toString(result->seconds, 'f', 1));
    });
    Q_EMIT jobCreated(m_job.get());
    connect(m_job.get(), &EngineJob::progressChanged, this, [this](double, const QString &stage) { m_status->setText(stage); });
    connect(m_job.get(), &EngineJob::finished, this, [this, result, job = m_job.get()] {
        if (job != m_job.get())
            return;
        m_start->setEnabled(true);
        m_cancel->setEnabled(false);
        if (job->state() != EngineJob::State::Succeeded) {
            m_status->setText(job->state() == EngineJob::State::Cancelled ? tr("Cancelled; the project is unchanged.") : job->errorText());
            return;
        }
        m_result = result;
        show(*result);
        Q_EMIT diagnosed();
    });
    m_start->setEnabled(false);
    m_cancel->setEnabled(true);
    m_status->setText(tr("Diagnosing…"));
    m_job->start();
    return true;
}

void DiagnosticsPage::show(const engine::Diagnosis &d) {
    const auto &q = d.sequentiality;
    m_status->setText(tr("Run “%1”, %2 split, %n test user(s), in %3 s.", nullptr, static_cast<int>(q.users))
                          .arg(m_run->currentText(), QString::fromStdString(d.split), QLocale().toString(d.seconds, 'f', 1)));
    m_order->setText(q.usesOrder ? tr("Yes: shuffling what the model reads lowers NDCG@%1 from %2 to %3.").arg(d.k).arg(num(q.ndcg), num(q.ndcgShuffled))
                                 : tr("No sign of it: with the histories shuffled NDCG@%1 is %2 against %3. Explanations by position "
                                      "(attention, the newest item) mean little for this model.")
                                       .arg(d.k)
                                       .arg(num(q.ndcgShuffled), num(q.ndcg)));
    m_orderDetail->setText(tr("Drop when shuffled %1 (95% interval %2 to %3); reversed, NDCG@%4 is %5 (drop %6, interval %7 to %8). "
                              "Each test user's history is read as it is, shuffled and reversed (the newest items the model reads; "
                              "older ones stay in place); the interval is a paired bootstrap over users.")
                               .arg(num(q.drop, 4), num(q.dropLow, 4), num(q.dropHigh, 4))
                               .arg(d.k)
                               .arg(num(q.ndcgReversed), num(q.reversedDrop, 4), num(q.reversedLow, 4), num(q.reversedHigh, 4)));
    const auto &l = d.leakage;
    if (!l.timestamps) {
        m_leakage->setText(tr("Not measured: the dataset has no timestamps."));
        m_leakageDetail->clear();
    } else {
        const auto when = [](std::int64_t t) { return QLocale().toString(QDateTime::fromSecsSinceEpoch(t, Qt::UTC), QLocale::ShortFormat); };
        m_leakage->setText(l.testBeforeCutShare > 0.05
                               ? tr("Yes: %1 of the test interactions happened before the latest training interaction (%2).")
                                     .arg(percent(l.testBeforeCutShare), when(l.latestTraining))
                               : tr("No: %1 of the test interactions happened before the latest training interaction.").arg(percent(l.testBeforeCutShare)));
        m_leakageDetail->setText(tr("The model was trained on interactions that came after what it is tested on, so its test numbers may "
                                    "be optimistic. On a global temporal split (the last %7 of the interactions, from %1) the same model "
                                    "reaches NDCG@%2 %3 on %4 users, against %5 on its own split; %6 of its training interactions are "
                                    "from after that cut.")
                                     .arg(when(l.temporalCut))
                                     .arg(d.k)
                                     .arg(num(l.ndcgTemporal))
                                     .arg(l.temporalUsers)
                                     .arg(num(l.ndcgOwnSplit), percent(l.trainedAfterCutShare),
                                          QLocale().toString(100 * engine::DiagnoseOptions{}.temporalShare, 'f', 0) + QLatin1Char('%')));
    }
    const auto &r = d.repeats;
    QString repeats = tr("%1 of the %2 test items are already among the user's training items (a full-ranking evaluation leaves a "
                         "user's items out, so these can never be hit); %3 are in no one's training items.")
                          .arg(percent(r.testItemInUserTrainingShare))
                          .arg(r.testCases)
                          .arg(percent(r.testItemNeverTrainedShare));
    if (l.timestamps)
        repeats = tr("%1 %2", "two sentences in a row")
                      .arg(repeats, tr("%n interaction(s) repeat an earlier one exactly (same user, item and time).", nullptr,
                                       static_cast<int>(r.duplicateInteractions)));
    m_repeats->setText(repeats);
}

} // namespace recscope
