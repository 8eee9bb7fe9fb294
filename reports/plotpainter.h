// SPDX-License-Identifier: GPL-3.0-or-later
// Charts for printed reports, drawn with QPainter (Qt GUI only, so recscope-cli writes reports
// without Qt Widgets): a title, a plot area with numeric or named ticks on each axis, and bars,
// lines, markers, cells, text and a legend placed in data coordinates. The on-screen charts
// (QCustomPlot, interactive) show the same data; these are their static, light-palette copies.
#pragma once

#include <QColor>
#include <QImage>
#include <QPainter>
#include <QPen>
#include <QString>

#include <utility>
#include <vector>

namespace recscope {

// Okabe-Ito colours, as the on-screen charts use them.
namespace palette {
inline const QColor kGreen(0x00, 0x9e, 0x73), kVermillion(0xd5, 0x5e, 0x00), kBlue(0x00, 0x72, 0xb2),
    kOrange(0xe6, 0x9f, 0x00), kGrey(0x56, 0x56, 0x56);
}

class PlotPainter {
public:
    using Ticks = std::vector<std::pair<double, QString>>;
    struct LegendEntry {
        QString name;
        QPen pen;                 // a line sample (Qt::NoPen: none)
        QColor marker;            // a marker sample (invalid: none)
        bool triangle = false;
    };

    // An image of `width` x `height` logical pixels at twice the resolution (print).
    PlotPainter(int width, int height, const QString &title);
    ~PlotPainter();
    PlotPainter(const PlotPainter &) = delete;
    PlotPainter &operator=(const PlotPainter &) = delete;

    // Set the axes before drawing: ranges, labels, and named ticks (numbers at a round step
    // when none are given; `whole` keeps them whole). `xRotation` turns the x tick labels
    // (0 or 90 degrees).
    void setX(double lo, double hi, const QString &label, Ticks ticks = {}, bool whole = false, int xRotation = 0);
    void setY(double lo, double hi, const QString &label, Ticks ticks = {}, bool whole = false);
    // Room on the right (a colour scale).
    void reserveRight(int pixels) { m_rightReserve = pixels; }
    // Lays out the plot area and draws the frame, grid, ticks and labels; call once, after setX and setY.
    void drawAxes();

    QPointF at(double x, double y) const;
    QRectF plotArea() const { return m_area; }
    QPainter &painter() { return m_painter; }

    // A filled rectangle between two data corners.
    void box(double x0, double y0, double x1, double y1, const QColor &fill);
    void line(const std::vector<std::pair<double, double>> &points, const QPen &pen);
    void marker(double x, double y, const QColor &colour, bool triangle = false, double size = 6);
    // Text anchored at a data point (`align` says which side of the text sits there).
    void text(double x, double y, const QString &text, Qt::Alignment align, const QColor &colour = Qt::black);
    // A boxed legend inside the plot area, at the top (left or centred), in `columns` columns.
    void legend(const std::vector<LegendEntry> &entries, Qt::Alignment corner = Qt::AlignTop | Qt::AlignLeft, int columns = 1);
    // A line of small text under the title, right-aligned (a note such as a median).
    void note(const QString &text);

    // The finished picture (ends painting).
    QImage finish();

private:
    int tickWidth(const Ticks &ticks) const;
    Ticks numericTicks(double lo, double hi, bool whole) const;

    QImage m_image;
    QPainter m_painter;
    QString m_title;
    int m_width, m_height;
    double m_xLo = 0, m_xHi = 1, m_yLo = 0, m_yHi = 1;
    QString m_xLabel, m_yLabel;
    Ticks m_xTicks, m_yTicks;
    int m_xRotation = 0;
    int m_rightReserve = 0;
    QRectF m_area;
};

// "A very long title…": at most `chars` characters.
QString shortened(const QString &text, int chars);

} // namespace recscope
