// SPDX-License-Identifier: GPL-3.0-or-later
// Asks for a project's passphrase: to open an encrypted project, or to choose one (a new project
// encrypted from the start, encrypting a project, changing the passphrase).
#pragma once

#include <QDialog>

class QCheckBox;
class QLabel;
class QLineEdit;
class QDialogButtonBox;

namespace recscope {

class PassphraseDialog : public QDialog {
    Q_OBJECT
public:
    enum class Mode {
        Unlock,   // one field: the passphrase of an encrypted project
        Choose,   // a new passphrase, typed twice
        Optional, // New Project: "Encrypt with a passphrase", then as Choose
    };
    PassphraseDialog(Mode mode, const QString &projectName, QWidget *parent = nullptr);

    // Empty when Optional and not ticked.
    QString passphrase() const;
    bool encrypt() const;
    // Shown under the fields (a wrong passphrase on the last try).
    void setError(const QString &text);

    QLineEdit *passphraseEdit() const { return m_first; }
    QLineEdit *confirmEdit() const { return m_second; }
    QCheckBox *encryptBox() const { return m_encrypt; }

private:
    void updateState();

    Mode m_mode;
    QCheckBox *m_encrypt = nullptr;
    QLineEdit *m_first = nullptr, *m_second = nullptr;
    QLabel *m_hint = nullptr, *m_error = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace recscope
