// SPDX-License-Identifier: GPL-3.0-or-later
// The Preferences dialog: language, theme, compute threads, default protocol, project folder.
#pragma once

#include <QDialog>

class QComboBox;
class QLineEdit;
class QSpinBox;

namespace recscope {

class PreferencesDialog : public QDialog {
    Q_OBJECT
public:
    explicit PreferencesDialog(QWidget *parent = nullptr);
    void accept() override;

    QComboBox *languageBox() const { return m_language; }
    QComboBox *themeBox() const { return m_theme; }
    QSpinBox *threadsBox() const { return m_threads; }

private:
    QComboBox *m_language;
    QComboBox *m_theme;
    QSpinBox *m_threads;
    QComboBox *m_protocol;
    QComboBox *m_device;
    QLineEdit *m_folder;
};

} // namespace recscope
