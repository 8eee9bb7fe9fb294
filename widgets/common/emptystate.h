// SPDX-License-Identifier: GPL-3.0-or-later
// A screen's content, or in its place what to do before it can show anything (no dataset, no
// finished run): a title, a sentence and a button that does it.
#pragma once

#include <QStackedWidget>

class QLabel;
class QPushButton;

namespace recscope {

class EmptyStateStack : public QStackedWidget {
    Q_OBJECT
public:
    explicit EmptyStateStack(QWidget *content, QWidget *parent = nullptr);

    void showContent();
    // `action` empty: no button.
    void showEmpty(const QString &title, const QString &text, const QString &action = {});
    bool isShowingEmpty() const;
    QWidget *content() const { return m_content; }
    QLabel *titleLabel() const { return m_title; }
    QLabel *textLabel() const { return m_text; }
    QPushButton *actionButton() const { return m_action; }

Q_SIGNALS:
    void actionTriggered();

private:
    QWidget *m_content;
    QWidget *m_empty;
    QLabel *m_title, *m_text;
    QPushButton *m_action;
};

} // namespace recscope
