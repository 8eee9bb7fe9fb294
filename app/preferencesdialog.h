// SPDX-License-Identifier: GPL-3.0-or-later
// The Preferences dialog.
#pragma once

#include <QDialog>

class QSpinBox;

namespace recscope {

class PreferencesDialog : public QDialog {
    Q_OBJECT
public:
    explicit PreferencesDialog(QWidget *parent = nullptr);
    void accept() override;

private:
    QSpinBox *m_threads;
};

} // namespace recscope
