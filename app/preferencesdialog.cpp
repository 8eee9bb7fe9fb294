// SPDX-License-Identifier: GPL-3.0-or-later
// PreferencesDialog: theme and threads apply at once; the language applies at the next start.
#include "preferencesdialog.h"

#include "appsettings.h"
#include "engine/core/device.h"
#include "engine/core/runtime.h"
#include "theme.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QThread>

namespace recscope {

PreferencesDialog::PreferencesDialog(QWidget *parent) : QDialog(parent) {
    setWindowTitle(tr("Preferences"));
    auto *form = new QFormLayout(this);

    m_language = new QComboBox(this);
    m_language->addItem(tr("System language"), QString());
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("简体中文"), QStringLiteral("zh_CN"));
    m_language->setCurrentIndex(std::max(0, m_language->findData(prefs::language.get())));
    m_language->setAccessibleName(tr("Language"));
    form->addRow(tr("&Language:"), m_language);

    m_theme = new QComboBox(this);
    m_theme->addItem(tr("Follow the system"), QStringLiteral("system"));
    m_theme->addItem(tr("Light"), QStringLiteral("light"));
    m_theme->addItem(tr("Dark"), QStringLiteral("dark"));
    m_theme->setCurrentIndex(std::max(0, m_theme->findData(prefs::theme.get())));
    m_theme->setAccessibleName(tr("Theme"));
    form->addRow(tr("&Theme:"), m_theme);

    m_threads = new QSpinBox(this);
    m_threads->setRange(0, 256);
    m_threads->setSpecialValueText(tr("all cores (%1)").arg(QThread::idealThreadCount()));
    m_threads->setValue(prefs::computeThreads.get());
    m_threads->setAccessibleName(tr("Compute threads"));
    form->addRow(tr("Compute t&hreads:"), m_threads);
    auto *hint = new QLabel(tr("Threads that one training or scoring step may use. On two-core machines one or two "
                               "threads is usually fastest; measure before raising it."), this);
    hint->setWordWrap(true);
    hint->setEnabled(false);
    form->addRow(QString(), hint);

    m_device = new QComboBox(this);
    m_device->addItem(tr("Automatic (a GPU if there is one)"), QStringLiteral("auto"));
    for (const auto &d : engine::computeDevices())
        m_device->addItem(d == "cpu" ? tr("Processor (CPU)") : tr("GPU %1").arg(QString::fromStdString(d.substr(5))), QString::fromStdString(d));
    m_device->setCurrentIndex(std::max(0, m_device->findData(prefs::computeDevice.get())));
    m_device->setAccessibleName(tr("Compute device"));
    form->addRow(tr("Compute &device:"), m_device);
    auto *deviceHint = new QLabel(engine::cudaBuild() ? tr("Where SASRec and BERT4Rec runs set to \"As in Preferences\" train. This build has CUDA.")
                                                      : tr("Where SASRec and BERT4Rec runs set to \"As in Preferences\" train. This build computes on "
                                                           "the processor only; a CUDA build trains on GPUs."),
                                  this);
    deviceHint->setWordWrap(true);
    deviceHint->setEnabled(false);
    form->addRow(QString(), deviceHint);

    m_protocol = new QComboBox(this);
    m_protocol->addItem(tr("Leave-one-out, full ranking"), QStringLiteral("loo-full"));
    m_protocol->addItem(tr("Leave-one-out, 100 uniform negatives"), QStringLiteral("loo-sampled-uniform-100"));
    m_protocol->addItem(tr("Leave-one-out, 100 popular negatives"), QStringLiteral("loo-sampled-popular-100"));
    m_protocol->addItem(tr("Global temporal split"), QStringLiteral("temporal"));
    m_protocol->addItem(tr("Random split"), QStringLiteral("random"));
    m_protocol->addItem(tr("K-fold cross-validation by user"), QStringLiteral("kfold"));
    m_protocol->setCurrentIndex(std::max(0, m_protocol->findData(prefs::defaultProtocol.get())));
    m_protocol->setAccessibleName(tr("Default evaluation protocol"));
    form->addRow(tr("Default &evaluation:"), m_protocol);

    auto *folderWidget = new QWidget(this); // a widget, not a bare layout: the label's mnemonic needs a buddy
    auto *folderRow = new QHBoxLayout(folderWidget);
    folderRow->setContentsMargins(0, 0, 0, 0);
    m_folder = new QLineEdit(QDir::toNativeSeparators(prefs::projectFolder.get()), this);
    m_folder->setPlaceholderText(QDir::toNativeSeparators(QDir::homePath()));
    m_folder->setAccessibleName(tr("Project folder"));
    auto *browse = new QPushButton(tr("Browse…"), this);
    folderRow->addWidget(m_folder, 1);
    folderRow->addWidget(browse);
    form->addRow(tr("&Project folder:"), folderWidget);
    folderWidget->setFocusProxy(m_folder);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString d = QFileDialog::getExistingDirectory(this, tr("Project folder"), m_folder->text());
        if (!d.isEmpty())
            m_folder->setText(QDir::toNativeSeparators(d));
    });

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    form->addRow(buttons);
}

void PreferencesDialog::accept() {
    const QString oldLanguage = prefs::language.get();
    const QString language = m_language->currentData().toString();
    prefs::language.set(language);
    prefs::theme.set(m_theme->currentData().toString());
    applyTheme(m_theme->currentData().toString());
    prefs::computeThreads.set(m_threads->value());
    engine::setComputeThreads(m_threads->value());
    prefs::computeDevice.set(m_device->currentData().toString());
    engine::setPreferredDevice(m_device->currentData().toString().toStdString());
    prefs::defaultProtocol.set(m_protocol->currentData().toString());
    prefs::projectFolder.set(QDir::fromNativeSeparators(m_folder->text().trimmed()));
    QDialog::accept();
    if (language != oldLanguage)
        QMessageBox::information(parentWidget(), windowTitle(), tr("The new language is used the next time RecScope starts."));
}

} // namespace recscope
