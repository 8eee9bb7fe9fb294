// SPDX-License-Identifier: GPL-3.0-or-later
// Light and dark palettes, or the platform's own.
#pragma once

#include <QString>

namespace recscope {

// "system" keeps the platform style and palette; "light" and "dark" use Fusion with a fixed
// palette. Widgets that paint their own colours (charts) follow through PaletteChange.
void applyTheme(const QString &theme);

} // namespace recscope
