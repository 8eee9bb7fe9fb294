// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/common/chartwidget.h"

#include "widgets/common/qcustomplotwrapper.h"

#include <QContextMenuEvent>
#include <QFileDialog>
#include <QHelpEvent>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QSvgGenerator>
#include <QToolTip>
#include <QVBoxLayout>

#include <cmath>

namespace recscope {

ChartWidget::ChartWidget(QWidget *parent) : QWidget(parent), m_plot(new QCustomPlot(this)) {
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    m_plot->setMinimumSize(280, 200);
    m_plot->setAttribute(Qt::WA_Hover);
    m_plot->setToolTip(QString()); // tooltips come from toolTipAt()
    setContextMenuPolicy(Qt::DefaultContextMenu);
    m_plot->setContextMenuPolicy(Qt::NoContextMenu);
    m_plot->setNoAntialiasingOnDrag(true);
    // Tick labels use the C locale: QCustomPlot's 10ⁿ labels need its lower-case 'e', and digits
    // read the same in every language RecScope ships.
    QLocale c = QLocale::c();
    c.setNumberOptions(QLocale::OmitGroupSeparator);
    m_plot->setLocale(c);
    applyTheme();
}

void ChartWidget::applyTheme() {
    const QPalette pal = palette();
    m_plot->setBackground(pal.color(QPalette::Base));
    for (QCPAxis *axis : m_plot->axisRect()->axes()) {
        axis->setBasePen(QPen(pal.color(QPalette::Text)));
        axis->setTickPen(QPen(pal.color(QPalette::Text)));
        axis->setSubTickPen(QPen(pal.color(QPalette::Mid)));
        axis->setTickLabelColor(pal.color(QPalette::Text));
        axis->setLabelColor(pal.color(QPalette::Text));
        axis->grid()->setPen(QPen(pal.color(QPalette::Midlight), 0, Qt::DotLine));
    }
    for (int i = 0; i < m_plot->plotLayout()->elementCount(); ++i)
        if (auto *title = qobject_cast<QCPTextElement *>(m_plot->plotLayout()->elementAt(i)))
            title->setTextColor(pal.color(QPalette::Text));
    for (int i = 0; i < m_plot->itemCount(); ++i)
        if (auto *text = qobject_cast<QCPItemText *>(m_plot->item(i))) {
            text->setColor(pal.color(QPalette::Text));
            QColor box = pal.color(QPalette::Base);
            box.setAlpha(200);
            text->setBrush(box);
        }
    m_plot->replot();
}

QString ChartWidget::toolTipAt(const QPoint &) const { return {}; }

void ChartWidget::setTitle(const QString &title) {
    setWindowTitle(title);
    m_plot->plotLayout()->insertRow(0);
    auto *element = new QCPTextElement(m_plot, title, QFont(font().family(), font().pointSize() + 1, QFont::Bold));
    element->setTextColor(palette().color(QPalette::Text));
    m_plot->plotLayout()->addElement(0, 0, element);
}

void ChartWidget::retitle(const QString &title) {
    setWindowTitle(title);
    for (int i = 0; i < m_plot->plotLayout()->elementCount(); ++i)
        if (auto *element = qobject_cast<QCPTextElement *>(m_plot->plotLayout()->elementAt(i))) {
            element->setText(title);
            return;
        }
}

QCPItemText *ChartWidget::addNote(const QString &text) {
    auto *note = new QCPItemText(m_plot);
    note->position->setType(QCPItemPosition::ptAxisRectRatio);
    note->position->setCoords(0.98, 0.05);
    note->setPositionAlignment(Qt::AlignRight | Qt::AlignTop);
    note->setPadding(QMargins(6, 4, 6, 4));
    note->setText(text);
    note->setColor(palette().color(QPalette::Text));
    QColor box = palette().color(QPalette::Base);
    box.setAlpha(200);
    note->setBrush(box);
    return note;
}

bool ChartWidget::event(QEvent *event) {
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QString text = toolTipAt(m_plot->mapFrom(this, help->pos()));
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    if (event->type() == QEvent::PaletteChange)
        applyTheme();
    return QWidget::event(event);
}

void ChartWidget::contextMenuEvent(QContextMenuEvent *event) {
    QMenu menu(this);
    menu.addAction(tr("Export chart…"), this, &ChartWidget::exportInteractively);
    menu.addAction(tr("Reset zoom"), this, [this] {
        m_plot->rescaleAxes();
        m_plot->replot();
    });
    menu.exec(event->globalPos());
}

bool ChartWidget::exportTo(const QString &fileName, QString *error) const {
    const int w = std::max(m_plot->width(), 640), h = std::max(m_plot->height(), 400);
    bool ok = false;
    const QString suffix = QFileInfo(fileName).suffix().toLower();
    if (suffix == QLatin1String("png")) {
        ok = m_plot->savePng(fileName, w, h, 2.0);
    } else if (suffix == QLatin1String("pdf")) {
        ok = m_plot->savePdf(fileName, w, h);
    } else if (suffix == QLatin1String("svg")) {
        QSvgGenerator gen;
        gen.setFileName(fileName);
        gen.setSize(QSize(w, h));
        gen.setViewBox(QRect(0, 0, w, h));
        gen.setTitle(windowTitle());
        QCPPainter painter;
        ok = painter.begin(&gen);
        if (ok) {
            m_plot->toPainter(&painter, w, h);
            painter.end();
            ok = QFileInfo(fileName).size() > 0;
        }
    } else {
        if (error)
            *error = tr("Unknown chart format '%1': use .png, .svg or .pdf.").arg(suffix);
        return false;
    }
    if (!ok && error)
        *error = tr("Could not write %1.").arg(QDir::toNativeSeparators(fileName));
    return ok;
}

void ChartWidget::exportInteractively() {
    QString selected;
    const QString name = QFileDialog::getSaveFileName(this, tr("Export chart"), windowTitle(),
                                                      tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"), &selected);
    if (name.isEmpty())
        return;
    QString file = name;
    if (QFileInfo(file).suffix().isEmpty())
        file += selected.contains(QLatin1String("svg")) ? QLatin1String(".svg")
                : selected.contains(QLatin1String("pdf")) ? QLatin1String(".pdf") : QLatin1String(".png");
    QString error;
    if (!exportTo(file, &error))
        QMessageBox::warning(this, tr("Export chart"), error);
}

} // namespace recscope
