// SPDX-License-Identifier: GPL-3.0-or-later
// JobStatusWidget.
#include "widgets/common/jobstatuswidget.h"

#include "widgets/common/enginejob.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QStyle>
#include <QToolButton>

namespace recscope {

JobStatusWidget::JobStatusWidget(QWidget *parent) : QWidget(parent) {
    auto *l = new QHBoxLayout(this);
    l->setContentsMargins(0, 0, 0, 0);
    m_label = new QLabel(this);
    m_bar = new QProgressBar(this);
    m_bar->setRange(0, 1000);
    m_bar->setMaximumWidth(180);
    m_bar->setMaximumHeight(fontMetrics().height() + 4);
    m_bar->setAccessibleName(tr("Job progress"));
    m_cancel = new QToolButton(this);
    m_cancel->setIcon(style()->standardIcon(QStyle::SP_DialogCancelButton));
    m_cancel->setToolTip(tr("Cancel this job"));
    m_cancel->setAccessibleName(tr("Cancel job"));
    m_cancel->setAutoRaise(true);
    l->addWidget(m_label);
    l->addWidget(m_bar);
    l->addWidget(m_cancel);
    connect(m_cancel, &QToolButton::clicked, this, [this] {
        for (const auto &j : std::as_const(m_jobs))
            if (j && j->isRunning()) {
                j->cancel();
                break;
            }
    });
    refresh();
}

void JobStatusWidget::track(EngineJob *job) {
    m_jobs.append(job);
    connect(job, &EngineJob::progressChanged, this, &JobStatusWidget::refresh);
    connect(job, &QObject::destroyed, this, &JobStatusWidget::refresh, Qt::QueuedConnection);
    connect(job, &EngineJob::finished, this, [this, job] {
        switch (job->state()) {
        case EngineJob::State::Succeeded: Q_EMIT jobMessage(tr("%1 finished: %2").arg(job->title(), job->resultText())); break;
        case EngineJob::State::Cancelled: Q_EMIT jobMessage(tr("%1 cancelled").arg(job->title())); break;
        default: Q_EMIT jobMessage(tr("%1 failed: %2").arg(job->title(), job->errorText())); break;
        }
        refresh();
    });
    if (job->isRunning() || job->state() == EngineJob::State::Idle)
        refresh();
    // Jobs are usually started right after being tracked.
    QMetaObject::invokeMethod(this, &JobStatusWidget::refresh, Qt::QueuedConnection);
}

int JobStatusWidget::runningCount() const {
    int n = 0;
    for (const auto &j : m_jobs)
        if (j && j->isRunning())
            ++n;
    return n;
}

void JobStatusWidget::refresh() {
    m_jobs.removeIf([](const QPointer<EngineJob> &j) { return !j || (!j->isRunning() && j->state() != EngineJob::State::Idle); });
    EngineJob *first = nullptr;
    for (const auto &j : std::as_const(m_jobs))
        if (j && j->isRunning()) {
            first = j;
            break;
        }
    setVisible(first != nullptr);
    if (!first)
        return;
    const int more = runningCount() - 1;
    m_label->setText(more > 0 ? tr("%1 (+%2 more)").arg(first->title()).arg(more) : first->title());
    m_bar->setValue(static_cast<int>(first->progress() * 1000));
    m_bar->setToolTip(first->stage());
}

} // namespace recscope
