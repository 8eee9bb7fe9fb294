// SPDX-License-Identifier: GPL-3.0-or-later
// Keeping screens within a 1280x800 or 1366x768 display: long forms scroll instead of growing the
// window, and combo boxes take the width their layout gives them instead of their longest entry.
#pragma once

class QComboBox;
class QScrollArea;
class QWidget;

namespace recscope {

// `page` inside a frameless scroll area that scrolls vertically only (its width still follows the
// page's own minimum, so fields are never cut off at the side).
QScrollArea *scrollable(QWidget *page, QWidget *parent);

// Every combo box under `root`: wide enough for `characters` characters at least, wider when
// there is room; the drop-down list still shows each entry whole (it is sized to its entries).
void compactComboBoxes(QWidget *root, int characters = 14);

} // namespace recscope
