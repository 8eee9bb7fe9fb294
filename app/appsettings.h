// SPDX-License-Identifier: GPL-3.0-or-later
// The application's preferences, one typed key each.
#pragma once

#include "preferences.h"

#include <QByteArray>
#include <QStringList>

namespace recscope::prefs {

// Torch intra-op threads; 0 means all cores.
inline const Preference<int> computeThreads{"compute/threads", 0};
inline const Preference<QStringList> recentProjects{"projects/recent", {}};
inline const Preference<QString> lastProject{"projects/last", {}};
inline const Preference<QByteArray> windowGeometry{"window/geometry", {}};
inline const Preference<QByteArray> windowState{"window/state", {}};
inline constexpr int kMaxRecentProjects = 8;

} // namespace recscope::prefs
