// SPDX-License-Identifier: GPL-3.0-or-later
// PreferencesDialog: compute threads (applied at once).
#include "preferencesdialog.h"

#include "appsettings.h"
#include "engine/runtime.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QSpinBox>
#include <QThread>

namespace recscope {

PreferencesDialog::PreferencesDialog(QWidget *parent) : QDialog(parent) {
    setWindowTitle(tr("Preferences"));
    auto *form = new QFormLayout(this);
    m_threads = new QSpinBox(this);
    m_threads->setRange(0, 256);
    m_threads->setSpecialValueText(tr("all cores (%1)").arg(QThread::idealThreadCount()));
    m_threads->setValue(prefs::computeThreads.get());
    m_threads->setAccessibleName(tr("Compute threads"));
    form->addRow(tr("Compute &threads:"), m_threads);
    auto *hint = new QLabel(tr("Threads that one training or scoring step may use. On two-core machines one or two "
                               "threads is usually fastest; measure before raising it."), this);
    hint->setWordWrap(true);
    hint->setEnabled(false);
    form->addRow(hint);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    form->addRow(buttons);
}

void PreferencesDialog::accept() {
    prefs::computeThreads.set(m_threads->value());
    engine::setComputeThreads(m_threads->value());
    QDialog::accept();
}

} // namespace recscope
