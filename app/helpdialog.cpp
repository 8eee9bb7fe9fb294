// SPDX-License-Identifier: GPL-3.0-or-later
// HelpDialog and AboutDialog.
#include "helpdialog.h"

#include "engine/core/runtime.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QTabWidget>
#include <QTextBrowser>
#include <QUrl>
#include <QVBoxLayout>

static void initRecscopeResource() { Q_INIT_RESOURCE(recscope); }

namespace recscope {

void initResources() { initRecscopeResource(); }

namespace {
// Screenshots in the guide are scaled to fit a reading width, sharp on high-DPI screens.
class GuideBrowser : public QTextBrowser {
public:
    using QTextBrowser::QTextBrowser;
    QVariant loadResource(int type, const QUrl &name) override {
        if (type != QTextDocument::ImageResource)
            return QTextBrowser::loadResource(type, name);
        // Relative names resolve against qrc:/docs/user-guide.md, so they arrive as qrc:/docs/images/…
        const QString path = name.scheme() == QLatin1String("qrc") ? QLatin1Char(':') + name.path()
                                                                   : QStringLiteral(":/docs/") + name.path();
        QImage image(path);
        if (image.isNull())
            return QTextBrowser::loadResource(type, name);
        const int width = 760;
        if (image.width() <= width)
            return image;
        const qreal dpr = devicePixelRatioF();
        QImage scaled = image.scaledToWidth(static_cast<int>(width * dpr), Qt::SmoothTransformation);
        scaled.setDevicePixelRatio(dpr);
        return scaled;
    }
};
} // namespace

HelpDialog::HelpDialog(QWidget *parent) : QDialog(parent) {
    initResources();
    setWindowTitle(tr("RecScope User Guide"));
    auto *l = new QVBoxLayout(this);
    m_browser = new GuideBrowser(this);
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
    initResources();
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
