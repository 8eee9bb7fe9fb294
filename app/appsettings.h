// SPDX-License-Identifier: GPL-3.0-or-later
// The application's preferences, one typed key each.
#pragma once

#include "preferences.h"

#include <QByteArray>
#include <QStringList>

namespace recscope::prefs {

// Torch intra-op threads; 0 means all cores.
inline const Preference<int> computeThreads{"compute/threads", 0};
// Where runs set to "automatic" compute: "auto" (a GPU if there is one), "cpu" or "cuda:N".
inline const Preference<QString> computeDevice{"compute/device", QStringLiteral("auto")};
// "" follows the system locale; otherwise a locale name such as "en" or "zh_CN".
inline const Preference<QString> language{"ui/language", {}};
// "system", "light" or "dark".
inline const Preference<QString> theme{"ui/theme", QStringLiteral("system")};
// The protocol new evaluations use unless told otherwise (names as in recscope-cli evaluate).
inline const Preference<QString> defaultProtocol{"evaluation/defaultProtocol", QStringLiteral("loo-full")};
// Where New/Open Project dialogs start.
inline const Preference<QString> projectFolder{"projects/folder", {}};
inline const Preference<QStringList> recentProjects{"projects/recent", {}};
inline const Preference<QString> lastProject{"projects/last", {}};
inline const Preference<QByteArray> windowGeometry{"window/geometry", {}};
inline const Preference<QByteArray> windowState{"window/state", {}};
inline constexpr int kMaxRecentProjects = 8;

} // namespace recscope::prefs
