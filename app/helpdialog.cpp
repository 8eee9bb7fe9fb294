// SPDX-License-Identifier: GPL-3.0-or-later
// HelpDialog and AboutDialog.
#include "helpdialog.h"

#include "engine/runtime.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QFile>
#include <QLabel>
#include <QTabWidget>
#include <QTextBrowser>
#include <QUrl>
#include <QVBoxLayout>

namespace recscope {

HelpDialog::HelpDialog(QWidget *parent) : QDialog(parent) {
    setWindowTitle(tr("RecScope User Guide"));
    auto *l = new QVBoxLayout(this);
    m_browser = new QTextBrowser(this);
    m_browser->setOpenExternalLinks(true);
    m_browser->setAccessibleName(tr("User guide"));
    m_browser->setSearchPaths({QStringLiteral(":/docs")});
    m_browser->setSource(QUrl(QStringLiteral("qrc:/docs/user-guide.md")), QTextDocument::MarkdownResource);
    l->addWidget(m_browser);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    l->addWidget(buttons);
    resize(900, 700);
}

AboutDialog::AboutDialog(QWidget *parent) : QDialog(parent) {
    setWindowTitle(tr("About RecScope"));
    auto *l = new QVBoxLayout(this);
    auto *tabs = new QTabWidget(this);
    auto *about = new QLabel(tr("<h2>RecScope %1</h2>"
                                "<p>A workbench for building and questioning recommender systems made of transformer "
                                "language models.</p>"
                                "<p>Copyright © the RecScope developers. Licensed under the GNU General Public License, "
                                "version 3 or later.</p>"
                                "<p>Built with Qt %2, QCustomPlot 2.1 and %3.</p>")
                                 .arg(QApplication::applicationVersion(), QString::fromLatin1(qVersion()),
                                      QString::fromStdString(engine::engineVersions()).toHtmlEscaped()),
                             tabs);
    about->setWordWrap(true);
    about->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    about->setMargin(12);
    tabs->addTab(about, tr("About"));
    auto *licenses = new QTextBrowser(tabs);
    licenses->setOpenExternalLinks(true);
    licenses->setAccessibleName(tr("Licenses"));
    licenses->setSource(QUrl(QStringLiteral("qrc:/licenses/THIRD-PARTY.md")), QTextDocument::MarkdownResource);
    tabs->addTab(licenses, tr("Licenses"));
    l->addWidget(tabs);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    l->addWidget(buttons);
    resize(640, 520);
}

} // namespace recscope
