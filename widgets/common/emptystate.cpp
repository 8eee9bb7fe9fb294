// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/common/emptystate.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace recscope {

EmptyStateStack::EmptyStateStack(QWidget *content, QWidget *parent) : QStackedWidget(parent), m_content(content) {
    m_empty = new QWidget(this);
    m_empty->setObjectName(QStringLiteral("emptyState"));
    // A column of readable width, centred on the page.
    auto *column = new QWidget(m_empty);
    column->setMaximumWidth(520);
    m_title = new QLabel(column);
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    big.setBold(true);
    m_title->setFont(big);
    m_title->setAlignment(Qt::AlignCenter);
    m_title->setWordWrap(true);
    m_text = new QLabel(column);
    m_text->setAlignment(Qt::AlignCenter);
    m_text->setWordWrap(true);
    m_action = new QPushButton(column);
    m_action->setDefault(true);
    auto *c = new QVBoxLayout(column);
    c->addWidget(m_title);
    c->addWidget(m_text);
    c->addSpacing(12);
    c->addWidget(m_action, 0, Qt::AlignHCenter);
    auto *row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(column, 3);
    row->addStretch(1);
    auto *l = new QVBoxLayout(m_empty);
    l->addStretch(2);
    l->addLayout(row);
    l->addStretch(3);
    addWidget(m_content);
    addWidget(m_empty);
    connect(m_action, &QPushButton::clicked, this, &EmptyStateStack::actionTriggered);
}

void EmptyStateStack::showContent() { setCurrentWidget(m_content); }

void EmptyStateStack::showEmpty(const QString &title, const QString &text, const QString &action) {
    m_title->setText(title);
    m_text->setText(text);
    m_action->setText(action);
    m_action->setVisible(!action.isEmpty());
    setCurrentWidget(m_empty);
}

bool EmptyStateStack::isShowingEmpty() const { return currentWidget() == m_empty; }

} // namespace recscope
