// SPDX-License-Identifier: GPL-3.0-or-later
// The status-bar view of running jobs: title, progress and a cancel button.
#pragma once

#include <QList>
#include <QPointer>
#include <QWidget>

class QLabel;
class QProgressBar;
class QToolButton;

namespace recscope {

class EngineJob;

// Shows the oldest running job and how many more are running. Jobs are not owned: one that
// is deleted simply disappears.
class JobStatusWidget : public QWidget {
    Q_OBJECT
public:
    explicit JobStatusWidget(QWidget *parent = nullptr);
    void track(EngineJob *job);
    int runningCount() const;

Q_SIGNALS:
    // A short, human-readable outcome, e.g. for the status bar's message area.
    void jobMessage(const QString &message);

private:
    void refresh();
    QList<QPointer<EngineJob>> m_jobs;
    QLabel *m_label;
    QProgressBar *m_bar;
    QToolButton *m_cancel;
};

} // namespace recscope
