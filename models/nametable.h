#pragma once

// Enum ⇄ wire-name tables: one constexpr std::array<std::pair<E, const char *>, N> per
// enum, read by these lookups. Shared by the domain's names and the engine's
// categories so every wire spelling is looked up the same way.

#include <QLatin1StringView>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <array>
#include <optional>
#include <utility>

namespace Autopack {

template<typename E, std::size_t N>
QString nameOf(const std::array<std::pair<E, const char *>, N> &table, E value)
{
    for (const auto &[e, name] : table) {
        if (e == value)
            return QString::fromLatin1(name);
    }
    return {};
}

template<typename E, std::size_t N>
std::optional<E> valueOf(const std::array<std::pair<E, const char *>, N> &table, QStringView s)
{
    for (const auto &[e, name] : table) {
        if (s == QLatin1StringView(name))
            return e;
    }
    return std::nullopt;
}

template<typename E, std::size_t N>
QStringList namesOf(const std::array<std::pair<E, const char *>, N> &table)
{
    QStringList names;
    for (const auto &[e, name] : table)
        names << QString::fromLatin1(name);
    return names;
}

} // namespace Autopack
