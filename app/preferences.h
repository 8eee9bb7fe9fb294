// SPDX-License-Identifier: GPL-3.0-or-later
// Typed settings with defaults, declared where they are used, plus the settings version.
#pragma once

#include <QSettings>
#include <QString>
#include <QVariant>

namespace recscope {

// One QSettings key with its type and default.
template <typename T>
class Preference {
public:
    Preference(const char *key, T defaultValue) : m_key(QString::fromLatin1(key)), m_default(std::move(defaultValue)) {}
    T get() const { return QSettings().value(m_key, QVariant::fromValue(m_default)).template value<T>(); }
    void set(const T &value) const { QSettings().setValue(m_key, QVariant::fromValue(value)); }
    const QString &key() const { return m_key; }

private:
    QString m_key;
    T m_default;
};

namespace settings {
// Bump when a key changes meaning, and teach migrate() the step.
inline constexpr int kVersion = 1;
// Brings settings written by an older RecScope up to kVersion.
void migrate();
} // namespace settings

} // namespace recscope
