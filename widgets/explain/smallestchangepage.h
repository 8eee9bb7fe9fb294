// SPDX-License-Identifier: GPL-3.0-or-later
// The Explain tab's "Smallest change" page: the fewest history items whose removal takes the
// explained item out of first place (or the top K), where it falls and what comes first then,
// the closest single swap that does the same, and whether scoring the changed history agreed.
// Either change can be opened in the What-if editor.
#pragma once

#include "engine/explain/counterfactual.h"

#include <QWidget>

#include <functional>

class QLabel;
class QListWidget;
class QPushButton;
class QSpinBox;

namespace recscope {

class SmallestChangePage : public QWidget {
    Q_OBJECT
public:
    explicit SmallestChangePage(QWidget *parent = nullptr);

    // Shows the search's result for `item`; `title` names items by index.
    void setResult(const engine::Counterfactual &c, qint64 item, const std::function<QString(qint64)> &title);
    // Nothing to show, with the reason.
    void clear(const QString &why);
    // The rank the item must fall below (1: out of first place).
    int topK() const;
    QString summaryText() const;
    QListWidget *removedList() const { return m_removed; }
    QPushButton *openRemovalButton() const { return m_openRemoval; }
    QPushButton *openSwapButton() const { return m_openSwap; }
    QSpinBox *topKBox() const { return m_topK; }

Q_SIGNALS:
    void topKChanged(int k);
    // Open the removal (or the swap) in the What-if editor.
    void openRemoval();
    void openSwap();

private:
    QLabel *m_summary, *m_swap, *m_check, *m_search;
    QListWidget *m_removed;
    QSpinBox *m_topK;
    QPushButton *m_openRemoval, *m_openSwap;
};

} // namespace recscope
