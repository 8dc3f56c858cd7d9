#pragma once

// The vocabulary of strategies (SPEC §6): safety profiles, run scopes, complexities, CI
// profiles, builder modes, and the category defaults table with its aliases. Wire names
// are the SPEC's spellings; the *FromString functions return nullopt for anything else.

#include <QString>
#include <QStringList>
#include <QStringView>

#include <optional>

namespace Autopack::Engine {

enum class SafetyProfile { Normal, SafetyCritical };
enum class RunScope { MultiTier, SingleTier };
enum class Complexity { Low, Medium, High };
enum class CiProfile { Normal, Strict };
// Labels passed to agents; only TweakLight changes the strategy (builder attempts ≤ 2).
enum class BuilderMode { Unspecified, TweakLight, ScaffoldingHeavy, RefactorHeavy, SchemaHeavy };

QString toString(SafetyProfile p);
QString toString(RunScope s);
QString toString(Complexity c);
QString toString(CiProfile p);
QString toString(BuilderMode m); // Unspecified is ""
std::optional<SafetyProfile> safetyProfileFromString(QStringView s);
// "incremental" (sent by older clients) is accepted and means MultiTier.
std::optional<RunScope> runScopeFromString(QStringView s);
std::optional<Complexity> complexityFromString(QStringView s);
std::optional<CiProfile> ciProfileFromString(QStringView s);
std::optional<BuilderMode> builderModeFromString(QStringView s); // "" is Unspecified

// The accepted spellings, for error messages and validation.
QStringList safetyProfileNames();
QStringList runScopeNames(); // includes "incremental"
QStringList complexityNames();
QStringList ciProfileNames();
QStringList builderModeNames(); // without the empty Unspecified

// One row of the SPEC §6 table.
struct CategoryDefaults {
    QString category; // canonical name; empty for the "anything else" row
    Complexity complexity = Complexity::Medium;
    CiProfile ciProfile = CiProfile::Normal;
    int builderAttempts = 3;
    int auditorAttempts = 2;
    qint64 incidentTokenCap = 500'000;
    double tierMinorMultiplier = 2.0;
    bool autoApply = true;
    QString auditorProfile; // empty: none
    bool operator==(const CategoryDefaults &) const = default;
};

namespace Categories {
inline constexpr QLatin1StringView DebtCleanup("debt_cleanup");

// Lower-cases and trims a category as a plan writes it and turns '-' and ' ' into '_',
// then maps the built-in aliases (schema_change → schema_contract_change, ...).
QString canonical(QStringView raw);
// Spelling-only normalisation, without aliases (for ruleset keys and aliases).
QString normalised(QStringView raw);
// The defaults row for a canonical category; the "anything else" row for unknown ones.
CategoryDefaults defaultsFor(QStringView canonicalCategory);
// The categories that have their own row, in table order.
QStringList known();
// The five built-in high-risk categories.
QStringList builtinHighRisk();
// Built-in alias → canonical name.
QList<std::pair<QString, QString>> builtinAliases();
} // namespace Categories

} // namespace Autopack::Engine
