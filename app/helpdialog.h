// SPDX-License-Identifier: GPL-3.0-or-later
// The user guide, shown from the resources so it works offline and installed.
#pragma once

#include <QDialog>

class QTextBrowser;

namespace recscope {

// Registers the icons, user guide and license notices compiled into recscope_app (a static
// library, whose resources the linker would otherwise drop). Safe to call more than once.
void initResources();

class HelpDialog : public QDialog {
    Q_OBJECT
public:
    explicit HelpDialog(QWidget *parent = nullptr);
    QTextBrowser *browser() const { return m_browser; }

private:
    QTextBrowser *m_browser;
};

// The About box: version, library versions and the licenses of the parts RecScope is built on.
class AboutDialog : public QDialog {
    Q_OBJECT
public:
    explicit AboutDialog(QWidget *parent = nullptr);
};

} // namespace recscope
