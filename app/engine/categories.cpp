#include "categories.h"

#include "nametable.h"

#include <array>
#include <utility>

namespace Autopack::Engine {

namespace {

constexpr std::array<std::pair<SafetyProfile, const char *>, 2> safetyProfiles { {
    { SafetyProfile::Normal, "normal" },
    { SafetyProfile::SafetyCritical, "safety_critical" },
} };
constexpr std::array<std::pair<RunScope, const char *>, 2> runScopes { {
    { RunScope::MultiTier, "multi_tier" },
    { RunScope::SingleTier, "single_tier" },
} };
constexpr std::array<std::pair<Complexity, const char *>, 3> complexities { {
    { Complexity::Low, "low" },
    { Complexity::Medium, "medium" },
    { Complexity::High, "high" },
} };
constexpr std::array<std::pair<CiProfile, const char *>, 2> ciProfiles { {
    { CiProfile::Normal, "normal" },
    { CiProfile::Strict, "strict" },
} };
constexpr std::array<std::pair<BuilderMode, const char *>, 4> builderModes { {
    { BuilderMode::TweakLight, "tweak_light" },
    { BuilderMode::ScaffoldingHeavy, "scaffolding_heavy" },
    { BuilderMode::RefactorHeavy, "refactor_heavy" },
    { BuilderMode::SchemaHeavy, "schema_heavy" },
} };

struct Row {
    const char *category;
    const char *alias; // nullptr: none
    Complexity complexity;
    CiProfile ci;
    int builder;
    int auditor;
    qint64 tokenCap;
    double tierMinor;
    bool autoApply;
    const char *auditorProfile; // nullptr: none
    bool highRisk;
};

// SPEC §6, row for row.
constexpr std::array<Row, 9> table { {
    { "cross_cutting_refactor", nullptr, Complexity::High, CiProfile::Strict, 2, 2, 1'000'000, 1.0, false,
      "refactor_review", true },
    { "index_registry_change", "index_registry_maintenance", Complexity::High, CiProfile::Strict, 2, 2, 800'000, 1.0,
      false, "index_review", true },
    { "schema_contract_change", "schema_change", Complexity::High, CiProfile::Strict, 2, 3, 1'000'000, 1.0, false,
      "schema_review", true },
    { "bulk_multi_file_operation", "bulk_operation", Complexity::High, CiProfile::Strict, 1, 2, 1'500'000, 1.0, false,
      "bulk_review", true },
    { "security_auth_change", "security_auth", Complexity::High, CiProfile::Strict, 2, 3, 800'000, 0.5, false,
      "security_review", true },
    { "feature_scaffolding", nullptr, Complexity::Medium, CiProfile::Normal, 3, 2, 500'000, 2.0, true, nullptr, false },
    { "docs", nullptr, Complexity::Low, CiProfile::Normal, 2, 1, 200'000, 2.0, true, nullptr, false },
    { "tests", nullptr, Complexity::Low, CiProfile::Normal, 3, 1, 300'000, 2.0, true, nullptr, false },
    { "debt_cleanup", nullptr, Complexity::Medium, CiProfile::Normal, 2, 1, 400'000, 2.0, false,
      "debt_cleanup_review", false },
} };

CategoryDefaults fromRow(const Row &r)
{
    return CategoryDefaults { QString::fromLatin1(r.category),
                              r.complexity,
                              r.ci,
                              r.builder,
                              r.auditor,
                              r.tokenCap,
                              r.tierMinor,
                              r.autoApply,
                              r.auditorProfile ? QString::fromLatin1(r.auditorProfile) : QString() };
}

} // namespace

QString toString(SafetyProfile p) { return nameOf(safetyProfiles, p); }
QString toString(RunScope s) { return nameOf(runScopes, s); }
QString toString(Complexity c) { return nameOf(complexities, c); }
QString toString(CiProfile p) { return nameOf(ciProfiles, p); }
QString toString(BuilderMode m) { return nameOf(builderModes, m); }

std::optional<SafetyProfile> safetyProfileFromString(QStringView s) { return valueOf(safetyProfiles, s); }
std::optional<RunScope> runScopeFromString(QStringView s)
{
    if (s == u"incremental")
        return RunScope::MultiTier;
    return valueOf(runScopes, s);
}
std::optional<Complexity> complexityFromString(QStringView s) { return valueOf(complexities, s); }
std::optional<CiProfile> ciProfileFromString(QStringView s) { return valueOf(ciProfiles, s); }
std::optional<BuilderMode> builderModeFromString(QStringView s)
{
    if (s.isEmpty())
        return BuilderMode::Unspecified;
    return valueOf(builderModes, s);
}

QStringList safetyProfileNames() { return namesOf(safetyProfiles); }
QStringList runScopeNames() { return namesOf(runScopes) << QStringLiteral("incremental"); }
QStringList complexityNames() { return namesOf(complexities); }
QStringList ciProfileNames() { return namesOf(ciProfiles); }
QStringList builderModeNames() { return namesOf(builderModes); }

namespace Categories {

QString normalised(QStringView raw)
{
    QString s = raw.trimmed().toString().toLower();
    s.replace(u'-', u'_').replace(u' ', u'_');
    return s;
}

QString canonical(QStringView raw)
{
    const QString s = normalised(raw);
    for (const Row &r : table) {
        if (r.alias && s == QLatin1StringView(r.alias))
            return QString::fromLatin1(r.category);
    }
    return s;
}

CategoryDefaults defaultsFor(QStringView canonicalCategory)
{
    for (const Row &r : table) {
        if (canonicalCategory == QLatin1StringView(r.category))
            return fromRow(r);
    }
    return CategoryDefaults {}; // the "anything else" row
}

QStringList known()
{
    QStringList names;
    for (const Row &r : table)
        names << QString::fromLatin1(r.category);
    return names;
}

QStringList builtinHighRisk()
{
    QStringList names;
    for (const Row &r : table) {
        if (r.highRisk)
            names << QString::fromLatin1(r.category);
    }
    return names;
}

QList<std::pair<QString, QString>> builtinAliases()
{
    QList<std::pair<QString, QString>> aliases;
    for (const Row &r : table) {
        if (r.alias)
            aliases.append({ QString::fromLatin1(r.alias), QString::fromLatin1(r.category) });
    }
    return aliases;
}

} // namespace Categories

} // namespace Autopack::Engine
