// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/common/compactlayout.h"

#include <QComboBox>
#include <QScrollArea>
#include <QScrollBar>

namespace recscope {

QScrollArea *scrollable(QWidget *page, QWidget *parent) {
    auto *area = new QScrollArea(parent);
    area->setWidget(page);
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    area->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // As wide as the page needs (plus a scroll bar), but only a few rows high.
    area->setMinimumWidth(page->minimumSizeHint().width() + area->verticalScrollBar()->sizeHint().width());
    return area;
}

void compactComboBoxes(QWidget *root, int characters) {
    for (auto *box : root->findChildren<QComboBox *>()) {
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(characters);
    }
}

} // namespace recscope
