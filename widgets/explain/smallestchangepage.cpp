// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/explain/smallestchangepage.h"

#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace recscope {

SmallestChangePage::SmallestChangePage(QWidget *parent) : QWidget(parent) {
    auto *layout = new QVBoxLayout(this);
    auto *row = new QHBoxLayout;
    auto *kLabel = new QLabel(tr("Must lea&ve the top:"), this);
    m_topK = new QSpinBox(this);
    m_topK->setRange(1, 100);
    m_topK->setValue(1);
    m_topK->setAccessibleName(tr("Out of the top"));
    m_topK->setToolTip(tr("1: the change must take the item out of first place; K: out of the top K recommendations"));
    kLabel->setBuddy(m_topK);
    row->addWidget(kLabel);
    row->addWidget(m_topK);
    row->addStretch(1);
    auto *removal = new QGroupBox(tr("Fewest items to take out"), this);
    auto *removalLayout = new QVBoxLayout(removal);
    m_summary = new QLabel(removal);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = m_summary->font();
    bold.setBold(true);
    m_summary->setFont(bold);
    m_removed = new QListWidget(removal);
    m_removed->setAccessibleName(tr("Items whose removal changes the recommendation"));
    m_removed->setMaximumHeight(8 * m_removed->fontMetrics().height() + 8);
    m_check = new QLabel(removal);
    m_check->setWordWrap(true);
    m_search = new QLabel(removal);
    m_search->setWordWrap(true);
    m_search->setForegroundRole(QPalette::PlaceholderText);
    m_openRemoval = new QPushButton(tr("Open the removal in What &if"), removal);
    m_openRemoval->setToolTip(tr("Uncheck these items in the What-if editor: the recommendations and the explanation follow"));
    removalLayout->addWidget(m_summary);
    removalLayout->addWidget(m_removed);
    removalLayout->addWidget(m_check);
    removalLayout->addWidget(m_search);
    removalLayout->addWidget(m_openRemoval, 0, Qt::AlignLeft);
    auto *swap = new QGroupBox(tr("Closest single swap"), this);
    auto *swapLayout = new QVBoxLayout(swap);
    m_swap = new QLabel(swap);
    m_swap->setWordWrap(true);
    m_swap->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_openSwap = new QPushButton(tr("Ope&n the swap in What if"), swap);
    m_openSwap->setToolTip(tr("Put the swapped-in item in its place in the What-if editor"));
    swapLayout->addWidget(m_swap);
    swapLayout->addWidget(m_openSwap, 0, Qt::AlignLeft);
    layout->addLayout(row);
    layout->addWidget(removal);
    layout->addWidget(swap);
    layout->addStretch(1);
    connect(m_topK, &QSpinBox::valueChanged, this, &SmallestChangePage::topKChanged);
    connect(m_openRemoval, &QPushButton::clicked, this, &SmallestChangePage::openRemoval);
    connect(m_openSwap, &QPushButton::clicked, this, &SmallestChangePage::openSwap);
    clear(tr("Select a recommendation: the smallest change that would undo it is searched with its explanation."));
}

int SmallestChangePage::topK() const { return m_topK->value(); }
QString SmallestChangePage::summaryText() const { return m_summary->text(); }

void SmallestChangePage::clear(const QString &why) {
    m_summary->setText(why);
    m_removed->clear();
    m_swap->clear();
    m_check->clear();
    m_search->clear();
    m_openRemoval->setEnabled(false);
    m_openSwap->setEnabled(false);
}

void SmallestChangePage::setResult(const engine::Counterfactual &c, qint64 item, const std::function<QString(qint64)> &title) {
    clear(QString());
    const QString place = c.topK == 1 ? tr("first place") : tr("the top %1").arg(c.topK);
    if (c.rankBefore > c.topK) {
        m_summary->setText(tr("Nothing to undo: “%1” is at #%2 already, outside %3.").arg(title(item)).arg(c.rankBefore).arg(place));
        return;
    }
    const QString seconds = QLocale().toString(c.seconds, 'f', 2);
    m_search->setText(c.search == "exact" ? tr("Every removal of this size or smaller was tried: %1 histories scored in %2 s.").arg(c.evaluations).arg(seconds)
                                          : tr("Beam search guided by the attributions (the history is too long to try every removal): "
                                               "%1 histories scored in %2 s.")
                                                .arg(c.evaluations)
                                                .arg(seconds));
    if (!c.found) {
        m_summary->setText(tr("No removal of up to %n item(s) takes “%1” out of %2.", nullptr, c.searchedUpTo).arg(title(item), place));
    } else {
        m_summary->setText(tr("Without the %n item(s) below, “%1” leaves %2: it falls to #%3 and “%4” comes first.", nullptr,
                              static_cast<int>(c.removed.size()))
                               .arg(title(item), place)
                               .arg(c.rankAfter)
                               .arg(title(c.newTop)));
        for (std::size_t i = 0; i < c.removed.size(); ++i)
            new QListWidgetItem(tr("%1  (position %2 of the history)").arg(title(c.removed[i])).arg(c.removedPositions[i] + 1), m_removed);
        QString check = c.verified ? tr("Checked: scoring the changed history as a whole gives the same.")
                                   : tr("Not confirmed: scoring the changed history as a whole disagrees; treat this with care.");
        check = tr("%1 %2", "two sentences in a row")
                    .arg(check, c.topAttributed ? tr("These are the items with the largest attributions.")
                                                : tr("These are not simply the items with the largest attributions."));
        m_check->setText(check);
        m_openRemoval->setEnabled(true);
    }
    if (c.swap.found) {
        m_swap->setText(tr("“%1” in place of “%2” (similarity %3) also takes it out of %4: it falls to #%5 and “%6” comes "
                           "first.%7")
                            .arg(title(c.swap.to), title(c.swap.from), QLocale().toString(c.swap.similarity, 'f', 2), place)
                            .arg(c.swap.rankAfter)
                            .arg(title(c.swap.newTop), c.swap.verified ? QString() : QLatin1Char(' ') + tr("(Not confirmed.)")));
        m_openSwap->setEnabled(true);
    } else if (c.swap.tried > 0) {
        m_swap->setText(tr("None of the %n swap(s) tried (each history item for the items most like it) does the same.", nullptr,
                           static_cast<int>(c.swap.tried)));
    } else {
        m_swap->setText(tr("Swaps are searched among the items most like each history item; this model has no item vectors to "
                           "measure that."));
    }
}

} // namespace recscope
