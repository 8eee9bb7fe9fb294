// SPDX-License-Identifier: GPL-3.0-or-later
// Sets up a hyperparameter sweep from the Train tab: the form's settings are what every trial
// shares; the dialog names the settings to vary (one per line), the strategy, the budget and
// successive halving, and says how many trials that makes (or what is wrong) as one types.
#pragma once

#include "engine/training/sweep.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

namespace recscope {

class SweepDialog : public QDialog {
    Q_OBJECT
public:
    // `base`: the model and the settings every trial shares (epochs: each trial's full length).
    SweepDialog(engine::SweepRequest base, QWidget *parent = nullptr);

    // The sweep as set up; valid when isValid().
    engine::SweepRequest request() const;
    bool isValid() const { return m_valid; }
    QString verdict() const;

    QPlainTextEdit *varyEdit() const { return m_vary; }
    QComboBox *strategyBox() const { return m_strategy; }
    QSpinBox *trialsBox() const { return m_trials; }
    QSpinBox *maxRunsBox() const { return m_maxRuns; }
    QCheckBox *halvingBox() const { return m_halving; }

private:
    void check();

    engine::SweepRequest m_base;
    bool m_valid = false;
    QLineEdit *m_name;
    QPlainTextEdit *m_vary;
    QComboBox *m_strategy;
    QSpinBox *m_trials, *m_seed, *m_maxRuns, *m_eta, *m_minEpochs;
    QDoubleSpinBox *m_maxMinutes;
    QCheckBox *m_halving;
    QLabel *m_verdict;
    QDialogButtonBox *m_buttons;
};

} // namespace recscope
