// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/common/passphrasedialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace recscope {

namespace {
constexpr int kMinimumLength = 8;
}

PassphraseDialog::PassphraseDialog(Mode mode, const QString &projectName, QWidget *parent) : QDialog(parent), m_mode(mode) {
    setWindowTitle(mode == Mode::Unlock ? tr("Encrypted Project") : tr("Project Passphrase"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(this);
    intro->setWordWrap(true);
    if (mode == Mode::Unlock)
        intro->setText(tr("<b>%1</b> is encrypted. Type its passphrase to open it.").arg(projectName.toHtmlEscaped()));
    else if (mode == Mode::Optional)
        intro->setText(tr("An encrypted project keeps every page of <b>%1</b>, its write-ahead log and its journal "
                          "encrypted and authenticated with a key derived from its passphrase. Without the passphrase "
                          "it cannot be opened: RecScope keeps no copy and cannot recover it.")
                           .arg(projectName.toHtmlEscaped()));
    else
        intro->setText(tr("Every page of <b>%1</b>, its write-ahead log and its journal are encrypted and authenticated "
                          "with a key derived from this passphrase. Without it the project cannot be opened: RecScope "
                          "keeps no copy and cannot recover it.")
                           .arg(projectName.toHtmlEscaped()));
    layout->addWidget(intro);
    if (mode == Mode::Optional) {
        m_encrypt = new QCheckBox(tr("&Encrypt with a passphrase"), this);
        layout->addWidget(m_encrypt);
        connect(m_encrypt, &QCheckBox::toggled, this, &PassphraseDialog::updateState);
    }
    auto *form = new QFormLayout;
    m_first = new QLineEdit(this);
    m_first->setEchoMode(QLineEdit::Password);
    form->addRow(mode == Mode::Unlock ? tr("&Passphrase:") : tr("New &passphrase:"), m_first);
    if (mode != Mode::Unlock) {
        m_second = new QLineEdit(this);
        m_second->setEchoMode(QLineEdit::Password);
        form->addRow(tr("&Repeat it:"), m_second);
        connect(m_second, &QLineEdit::textChanged, this, &PassphraseDialog::updateState);
    }
    connect(m_first, &QLineEdit::textChanged, this, &PassphraseDialog::updateState);
    layout->addLayout(form);
    m_hint = new QLabel(this);
    m_hint->setWordWrap(true);
    layout->addWidget(m_hint);
    m_error = new QLabel(this);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: palette(highlight); font-weight: bold"));
    m_error->hide();
    layout->addWidget(m_error);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(m_buttons);
    setMinimumWidth(420);
    updateState();
}

bool PassphraseDialog::encrypt() const { return m_mode != Mode::Optional || m_encrypt->isChecked(); }

QString PassphraseDialog::passphrase() const { return encrypt() ? m_first->text() : QString(); }

void PassphraseDialog::setError(const QString &text) {
    m_error->setText(text);
    m_error->setVisible(!text.isEmpty());
    m_first->selectAll();
    m_first->setFocus();
}

void PassphraseDialog::updateState() {
    const bool on = encrypt();
    m_first->setEnabled(on);
    if (m_second)
        m_second->setEnabled(on);
    QString hint;
    bool ok = true;
    if (m_mode == Mode::Unlock) {
        ok = !m_first->text().isEmpty();
    } else if (on) {
        if (m_first->text().size() < kMinimumLength) {
            hint = tr("At least %1 characters; a few unrelated words are easier to remember and harder to guess.")
                       .arg(kMinimumLength);
            ok = false;
        } else if (m_second->text() != m_first->text()) {
            hint = tr("The two passphrases differ.");
            ok = false;
        }
    }
    m_hint->setText(hint);
    m_hint->setVisible(!hint.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(ok);
}

} // namespace recscope
