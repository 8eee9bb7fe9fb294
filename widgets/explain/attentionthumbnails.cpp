// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/explain/attentionthumbnails.h"

#include "widgets/common/qcustomplotwrapper.h"
#include "widgets/explain/chartsupport.h"

#include <QGridLayout>
#include <QImage>
#include <QLabel>
#include <QToolButton>

#include <algorithm>
#include <cmath>

namespace recscope {

using namespace explaincharts;

AttentionThumbnails::AttentionThumbnails(QWidget *parent) : QWidget(parent), m_grid(new QGridLayout(this)) {
    m_grid->setContentsMargins(0, 0, 0, 0);
    m_grid->setSpacing(4);
}

int AttentionThumbnails::buttonCount() const { return static_cast<int>(m_buttons.size()); }

QImage AttentionThumbnails::render(const std::vector<std::vector<float>> &weights, int side) {
    const int n = static_cast<int>(weights.size());
    if (n == 0)
        return {};
    QImage image(n, n, QImage::Format_RGB32);
    auto gradient = attentionGradient(); // color() is not const
    for (int q = 0; q < n; ++q)
        for (int k = 0; k < n; ++k)
            image.setPixel(k, q, gradient.color(weights[static_cast<std::size_t>(q)][static_cast<std::size_t>(k)], QCPRange(0, 1)));
    return image.scaled(side, side, Qt::IgnoreAspectRatio, Qt::FastTransformation);
}

void AttentionThumbnails::setAttention(const std::vector<std::vector<std::vector<std::vector<float>>>> &attention) {
    m_buttons.clear();
    while (auto *item = m_grid->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    const int side = 64;
    for (std::size_t l = 0; l < attention.size(); ++l) {
        const auto &layer = attention[l];
        auto *name = new QLabel(tr("Layer %1").arg(l + 1), this);
        m_grid->addWidget(name, static_cast<int>(l), 0);
        const int heads = static_cast<int>(layer.size());
        for (int h = -1; h < heads; ++h) {
            if (h >= 0 && heads == 1)
                break; // one head: its average is itself
            auto *b = new QToolButton(this);
            b->setCheckable(true);
            b->setAutoRaise(true);
            b->setToolButtonStyle(Qt::ToolButtonTextUnderIcon);
            b->setIconSize(QSize(side, side));
            const auto &m = h < 0 ? headAverage(layer) : layer[static_cast<std::size_t>(h)];
            b->setIcon(QIcon(QPixmap::fromImage(render(m, side))));
            b->setText(h < 0 ? (heads > 1 ? tr("average") : tr("head 1")) : tr("head %1").arg(h + 1));
            b->setToolTip(h < 0 ? tr("Layer %1, heads averaged").arg(l + 1) : tr("Layer %1, head %2").arg(l + 1).arg(h + 1));
            b->setProperty("layer", static_cast<int>(l));
            b->setProperty("head", h);
            connect(b, &QToolButton::clicked, this, [this, l = static_cast<int>(l), h] { Q_EMIT chosen(l, h); });
            m_grid->addWidget(b, static_cast<int>(l), h + 2);
            m_buttons.push_back(b);
        }
    }
    m_grid->setColumnStretch(m_grid->columnCount(), 1);
}

void AttentionThumbnails::setCurrent(int layer, int head) {
    for (auto *b : m_buttons)
        b->setChecked(b->property("layer").toInt() == layer && b->property("head").toInt() == head);
}

} // namespace recscope
