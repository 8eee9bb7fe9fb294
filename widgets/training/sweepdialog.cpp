// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/training/sweepdialog.h"

#include "engine/core/errors.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace recscope {

SweepDialog::SweepDialog(engine::SweepRequest base, QWidget *parent) : QDialog(parent), m_base(std::move(base)) {
    setWindowTitle(tr("Hyperparameter sweep"));
    auto *intro = new QLabel(tr("Every trial is a run of %1 with the form's settings, except those varied below. "
                                "Trials are compared by validation NDCG@10; see them in Compare ▸ Sweeps.")
                                 .arg(QString::fromStdString(m_base.model)),
                             this);
    intro->setWordWrap(true);
    m_name = new QLineEdit(QString::fromStdString(m_base.name), this);
    m_vary = new QPlainTextEdit(this);
    m_vary->setPlaceholderText(tr("One setting per line, for example\nlr=0.001,0.003,0.01\ndropout=0.1,0.3\nor, for a random search, "
                                  "lr=1e-4..1e-2:log"));
    m_vary->setMaximumHeight(110);
    m_strategy = new QComboBox(this);
    m_strategy->addItem(tr("Grid: every combination"), QStringLiteral("grid"));
    m_strategy->addItem(tr("Random: draws from the lists and ranges"), QStringLiteral("random"));
    auto spin = [this](int lo, int hi, int value) {
        auto *s = new QSpinBox(this);
        s->setRange(lo, hi);
        s->setValue(value);
        return s;
    };
    m_trials = spin(1, 1000, 10);
    m_seed = spin(0, 1000000, 1);
    m_maxRuns = spin(0, 1000, 0);
    m_maxRuns->setSpecialValueText(tr("no limit"));
    m_maxMinutes = new QDoubleSpinBox(this);
    m_maxMinutes->setRange(0, 100000);
    m_maxMinutes->setSpecialValueText(tr("no limit"));
    m_halving = new QCheckBox(tr("Stop poor trials early (successive halving)"), this);
    m_halving->setToolTip(tr("Every trial trains the first epochs; the best 1/eta by validation NDCG@10 carry on to eta times "
                             "as many, and so on up to the form's epochs."));
    m_eta = spin(2, 10, 3);
    m_minEpochs = spin(1, 1000, 1);
    m_verdict = new QLabel(this);
    m_verdict->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Vary:"), m_vary);
    form->addRow(tr("&Strategy:"), m_strategy);
    form->addRow(tr("&Trials (random):"), m_trials);
    form->addRow(tr("S&eed (random):"), m_seed);
    form->addRow(tr("At most &runs:"), m_maxRuns);
    form->addRow(tr("At most &minutes:"), m_maxMinutes);
    form->addRow(QString(), m_halving);
    form->addRow(tr("Keep 1/&eta per rung:"), m_eta);
    form->addRow(tr("First rung's e&pochs:"), m_minEpochs);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Start sweep"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_verdict);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_vary, &QPlainTextEdit::textChanged, this, &SweepDialog::check);
    for (auto *s : {m_trials, m_seed, m_maxRuns, m_eta, m_minEpochs})
        connect(s, &QSpinBox::valueChanged, this, &SweepDialog::check);
    connect(m_strategy, &QComboBox::currentIndexChanged, this, &SweepDialog::check);
    connect(m_halving, &QCheckBox::toggled, this, &SweepDialog::check);
    connect(m_name, &QLineEdit::textChanged, this, &SweepDialog::check);
    check();
}

engine::SweepRequest SweepDialog::request() const {
    auto r = m_base;
    r.name = m_name->text().trimmed().toStdString();
    if (r.name.empty())
        r.name = m_base.name;
    r.dimensions.clear();
    for (const auto &line : m_vary->toPlainText().split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        if (!line.trimmed().isEmpty())
            r.dimensions.push_back(engine::SweepDimension::parse(line.trimmed().toStdString()));
    r.strategy = m_strategy->currentData().toString() == QLatin1String("random") ? engine::SweepStrategy::Random : engine::SweepStrategy::Grid;
    r.trials = m_trials->value();
    r.seed = static_cast<std::uint64_t>(m_seed->value());
    r.maxRuns = m_maxRuns->value();
    r.maxSeconds = 60 * m_maxMinutes->value();
    r.halving = m_halving->isChecked();
    r.eta = m_eta->value();
    r.minEpochs = m_minEpochs->value();
    return r;
}

QString SweepDialog::verdict() const { return m_verdict->text(); }

void SweepDialog::check() {
    const bool random = m_strategy->currentData().toString() == QLatin1String("random");
    m_trials->setEnabled(random);
    m_seed->setEnabled(random);
    m_eta->setEnabled(m_halving->isChecked());
    m_minEpochs->setEnabled(m_halving->isChecked());
    try {
        const auto n = engine::sweepCandidates(request()).size();
        const int runs = m_maxRuns->value() > 0 ? std::min(static_cast<int>(n), m_maxRuns->value()) : static_cast<int>(n);
        m_verdict->setText(tr("%n trial(s)", nullptr, static_cast<int>(n)) +
                           (runs < static_cast<int>(n) ? tr("; the budget starts %1 of them").arg(runs) : QString()) + QLatin1Char('.'));
        m_valid = true;
    } catch (const engine::EngineError &e) {
        m_verdict->setText(m_vary->toPlainText().trimmed().isEmpty() ? tr("Name at least one setting to vary.") : QString::fromStdString(e.message()));
        m_valid = false;
    }
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(m_valid);
}

} // namespace recscope
