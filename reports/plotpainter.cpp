// SPDX-License-Identifier: GPL-3.0-or-later
#include "reports/plotpainter.h"

#include <QFontMetrics>
#include <QLocale>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace recscope {

namespace {
constexpr int kPad = 10;
const QColor kFrame(0x80, 0x80, 0x80), kGrid(0xe4, 0xe4, 0xe4), kText(0x20, 0x20, 0x20);

QFont baseFont() {
    QFont f;
    f.setPointSizeF(9);
    return f;
}
} // namespace

QString shortened(const QString &text, int chars) { return text.size() > chars ? text.left(chars - 1) + QStringLiteral("…") : text; }

PlotPainter::PlotPainter(int width, int height, const QString &title)
    : m_image(width * 2, height * 2, QImage::Format_ARGB32_Premultiplied), m_title(title), m_width(width), m_height(height) {
    m_image.setDevicePixelRatio(2.0);
    m_image.fill(Qt::white);
    m_painter.begin(&m_image);
    m_painter.setRenderHint(QPainter::Antialiasing);
    m_painter.setRenderHint(QPainter::TextAntialiasing);
    m_painter.setFont(baseFont());
}

PlotPainter::~PlotPainter() {
    if (m_painter.isActive())
        m_painter.end();
}

PlotPainter::Ticks PlotPainter::numericTicks(double lo, double hi, bool whole) const {
    Ticks out;
    const double span = hi - lo;
    if (!(span > 0) || !std::isfinite(span))
        return out;
    const double raw = span / 6;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    double step = magnitude;
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (m * magnitude >= raw) {
            step = m * magnitude;
            break;
        }
    if (whole)
        step = std::max(1.0, std::round(step));
    const int digits = step >= 1 ? 0 : static_cast<int>(std::ceil(-std::log10(step) - 1e-9)) + (std::fmod(step / magnitude, 1.0) > 1e-9 ? 1 : 0);
    const QLocale locale;
    for (double v = std::ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step)
        out.emplace_back(v, locale.toString(std::abs(v) < step * 1e-9 ? 0.0 : v, 'f', std::max(0, digits)));
    return out;
}

int PlotPainter::tickWidth(const Ticks &ticks) const {
    const QFontMetrics fm = m_painter.fontMetrics();
    int w = 0;
    for (const auto &[at, label] : ticks)
        w = std::max(w, fm.horizontalAdvance(label));
    return w;
}

void PlotPainter::setX(double lo, double hi, const QString &label, Ticks ticks, bool whole, int xRotation) {
    m_xLo = lo;
    m_xHi = hi;
    m_xLabel = label;
    m_xTicks = ticks.empty() ? numericTicks(lo, hi, whole) : std::move(ticks);
    m_xRotation = xRotation;
}

void PlotPainter::setY(double lo, double hi, const QString &label, Ticks ticks, bool whole) {
    m_yLo = lo;
    m_yHi = hi;
    m_yLabel = label;
    m_yTicks = ticks.empty() ? numericTicks(lo, hi, whole) : std::move(ticks);
}

QPointF PlotPainter::at(double x, double y) const {
    const double fx = (x - m_xLo) / (m_xHi - m_xLo), fy = (y - m_yLo) / (m_yHi - m_yLo);
    return {m_area.left() + fx * m_area.width(), m_area.bottom() - fy * m_area.height()};
}

void PlotPainter::drawAxes() {
    auto &p = m_painter;
    const QFontMetrics fm = p.fontMetrics();
    QFont bold = p.font();
    bold.setBold(true);
    bold.setPointSizeF(10);
    const int titleHeight = m_title.isEmpty() ? kPad : QFontMetrics(bold, &m_image).height() + 2 * kPad;
    const int left = kPad + (m_yLabel.isEmpty() ? 0 : fm.height() + 6) + tickWidth(m_yTicks) + 6;
    const int xTickSpace = m_xRotation == 0 ? fm.height() : tickWidth(m_xTicks);
    const int bottom = kPad + (m_xLabel.isEmpty() ? 0 : fm.height() + 4) + xTickSpace + 6;
    const int right = 2 * kPad + m_rightReserve;
    m_area = QRectF(left, titleHeight, std::max(40, m_width - left - right), std::max(40, m_height - titleHeight - bottom));

    if (!m_title.isEmpty()) {
        p.setFont(bold);
        p.setPen(kText);
        p.drawText(QRectF(kPad, kPad / 2.0, m_width - 2 * kPad, titleHeight - kPad / 2.0), Qt::AlignLeft | Qt::AlignVCenter,
                   QFontMetrics(bold, &m_image).elidedText(m_title, Qt::ElideRight, m_width - 2 * kPad));
        p.setFont(baseFont());
    }
    // Grid and ticks.
    p.setPen(QPen(kGrid, 1));
    for (const auto &[x, label] : m_xTicks)
        if (x >= m_xLo && x <= m_xHi)
            p.drawLine(QPointF(at(x, 0).x(), m_area.top()), QPointF(at(x, 0).x(), m_area.bottom()));
    for (const auto &[y, label] : m_yTicks)
        if (y >= m_yLo && y <= m_yHi)
            p.drawLine(QPointF(m_area.left(), at(0, y).y()), QPointF(m_area.right(), at(0, y).y()));
    p.setPen(QPen(kFrame, 1));
    p.drawRect(m_area);
    p.setPen(kText);
    for (const auto &[x, label] : m_xTicks) {
        if (x < m_xLo || x > m_xHi)
            continue;
        const double px = at(x, 0).x();
        p.drawLine(QPointF(px, m_area.bottom()), QPointF(px, m_area.bottom() + 4));
        if (m_xRotation == 0) {
            const int w = fm.horizontalAdvance(label);
            const double cx = std::clamp(px - w / 2.0, 0.0, static_cast<double>(m_width - w));
            p.drawText(QPointF(cx, m_area.bottom() + 6 + fm.ascent()), label);
        } else { // upright names read from the bottom up, ending at the axis
            p.save();
            p.translate(px + fm.ascent() / 2.0 - 1, m_area.bottom() + 6);
            p.rotate(-90);
            p.drawText(QPointF(-fm.horizontalAdvance(label), 0), label);
            p.restore();
        }
    }
    for (const auto &[y, label] : m_yTicks) {
        if (y < m_yLo || y > m_yHi)
            continue;
        const double py = at(0, y).y();
        p.drawLine(QPointF(m_area.left() - 4, py), QPointF(m_area.left(), py));
        p.drawText(QRectF(0, py - fm.height() / 2.0, m_area.left() - 6, fm.height()), Qt::AlignRight | Qt::AlignVCenter, label);
    }
    if (!m_xLabel.isEmpty())
        p.drawText(QRectF(m_area.left(), m_height - kPad - fm.height(), m_area.width(), fm.height()), Qt::AlignCenter,
                   fm.elidedText(m_xLabel, Qt::ElideRight, static_cast<int>(m_area.width())));
    if (!m_yLabel.isEmpty()) {
        p.save();
        p.translate(kPad, m_area.center().y());
        p.rotate(-90);
        const int w = static_cast<int>(m_area.height());
        p.drawText(QRectF(-w / 2.0, 0, w, fm.height()), Qt::AlignCenter, fm.elidedText(m_yLabel, Qt::ElideRight, w));
        p.restore();
    }
    p.setClipRect(m_area.adjusted(-1, -1, 1, 1));
}

void PlotPainter::box(double x0, double y0, double x1, double y1, const QColor &fill) {
    m_painter.fillRect(QRectF(at(x0, y0), at(x1, y1)).normalized(), fill);
}

void PlotPainter::line(const std::vector<std::pair<double, double>> &points, const QPen &pen) {
    QPainterPath path;
    bool started = false;
    for (const auto &[x, y] : points) {
        if (!std::isfinite(x) || !std::isfinite(y)) {
            started = false;
            continue;
        }
        if (started)
            path.lineTo(at(x, y));
        else
            path.moveTo(at(x, y));
        started = true;
    }
    m_painter.strokePath(path, pen);
}

void PlotPainter::marker(double x, double y, const QColor &colour, bool triangle, double size) {
    if (!std::isfinite(x) || !std::isfinite(y))
        return;
    const QPointF c = at(x, y);
    m_painter.setPen(Qt::NoPen);
    m_painter.setBrush(colour);
    if (triangle) {
        const double r = size * 0.6;
        const QPointF pts[] = {{c.x(), c.y() - r}, {c.x() - r, c.y() + r * 0.8}, {c.x() + r, c.y() + r * 0.8}};
        m_painter.drawPolygon(pts, 3);
    } else {
        m_painter.drawEllipse(c, size / 2, size / 2);
    }
    m_painter.setBrush(Qt::NoBrush);
}

void PlotPainter::text(double x, double y, const QString &text, Qt::Alignment align, const QColor &colour) {
    const QFontMetrics fm = m_painter.fontMetrics();
    const QPointF c = at(x, y);
    const int w = fm.horizontalAdvance(text), h = fm.height();
    double left = c.x() - w / 2.0, top = c.y() - h / 2.0;
    if (align & Qt::AlignLeft)
        left = c.x() + 3;
    else if (align & Qt::AlignRight)
        left = c.x() - w - 3;
    if (align & Qt::AlignTop)
        top = c.y() + 2;
    else if (align & Qt::AlignBottom)
        top = c.y() - h - 2;
    m_painter.setPen(colour);
    m_painter.setClipping(false);
    m_painter.drawText(QRectF(left, top, w + 1, h), Qt::AlignLeft | Qt::AlignVCenter, text);
    m_painter.setClipping(true);
}

void PlotPainter::legend(const std::vector<LegendEntry> &entries, Qt::Alignment corner, int columns) {
    if (entries.empty())
        return;
    const QFontMetrics fm = m_painter.fontMetrics();
    const int sample = 26, gap = 12, row = fm.height() + 4;
    int cellWidth = 0;
    for (const auto &e : entries)
        cellWidth = std::max(cellWidth, sample + 6 + fm.horizontalAdvance(e.name));
    columns = std::max(1, std::min(columns, static_cast<int>(entries.size())));
    const int rows = (static_cast<int>(entries.size()) + columns - 1) / columns;
    const double width = columns * cellWidth + (columns - 1) * gap + 22, height = rows * row + 8; // room for hinting
    const double left = corner & Qt::AlignHCenter ? m_area.center().x() - width / 2 : m_area.left() + 8;
    const QRectF frame(left, m_area.top() + 8, width, height);
    m_painter.setPen(QPen(kFrame, 0.8));
    m_painter.setBrush(QColor(255, 255, 255, 235));
    m_painter.drawRect(frame);
    m_painter.setBrush(Qt::NoBrush);
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const auto &e = entries[i];
        const int c = static_cast<int>(i) / rows, r = static_cast<int>(i) % rows; // columns first
        const double x = frame.left() + 6 + c * (cellWidth + gap), y = frame.top() + 4 + r * row + row / 2.0;
        if (e.pen.style() != Qt::NoPen) {
            m_painter.setPen(e.pen);
            m_painter.drawLine(QPointF(x, y), QPointF(x + sample, y));
        }
        if (e.marker.isValid()) {
            m_painter.setPen(Qt::NoPen);
            m_painter.setBrush(e.marker);
            if (e.triangle) {
                const QPointF pts[] = {{x + sample / 2.0, y - 4}, {x + sample / 2.0 - 4, y + 3}, {x + sample / 2.0 + 4, y + 3}};
                m_painter.drawPolygon(pts, 3);
            } else {
                m_painter.drawEllipse(QPointF(x + sample / 2.0, y), 3, 3);
            }
            m_painter.setBrush(Qt::NoBrush);
        }
        m_painter.setPen(kText);
        m_painter.drawText(QRectF(x + sample + 6, y - row / 2.0, cellWidth, row), Qt::AlignLeft | Qt::AlignVCenter, e.name);
    }
}

void PlotPainter::note(const QString &text) {
    m_painter.setClipping(false);
    m_painter.setPen(kText);
    const QFontMetrics fm = m_painter.fontMetrics();
    m_painter.drawText(QRectF(m_area.left(), m_area.top() - fm.height() - 2, m_area.width(), fm.height()), Qt::AlignRight | Qt::AlignVCenter, text);
    m_painter.setClipping(true);
}

QImage PlotPainter::finish() {
    if (m_painter.isActive())
        m_painter.end();
    return m_image;
}

} // namespace recscope
