// SPDX-License-Identifier: GPL-3.0-or-later
// Settings migrations.
#include "preferences.h"

namespace recscope::settings {

void migrate() {
    QSettings s;
    const int version = s.value(QStringLiteral("settingsVersion"), 0).toInt();
    if (version >= kVersion)
        return;
    // 0 -> 1: the first versioned layout. Earlier builds stored the thread count as
    // "threads"; it now lives under "compute/threads".
    if (version < 1 && s.contains(QStringLiteral("threads"))) {
        s.setValue(QStringLiteral("compute/threads"), s.value(QStringLiteral("threads")));
        s.remove(QStringLiteral("threads"));
    }
    s.setValue(QStringLiteral("settingsVersion"), kVersion);
}

} // namespace recscope::settings
