#include "plan.h"

#include "jsonreader.h"

namespace Autopack::Engine {

namespace {
using Presence = JsonReader::Presence;
using Unknown = JsonReader::UnknownKeys;
constexpr qint64 MaxTokens = 1'000'000'000'000;
constexpr int MaxIndex = 1'000'000;
} // namespace

FieldResult<Plan> Plan::fromJson(const QByteArray &json)
{
    auto object = parseJsonObject(json);
    if (!object)
        return std::unexpected(object.error());
    return fromJson(*object);
}

FieldResult<Plan> Plan::fromJson(const QJsonObject &object)
{
    Plan plan;
    JsonReader r(object, QStringLiteral("$"), Unknown::Ignore);
    r.object(
        "run", Unknown::Ignore,
        [&](JsonReader &run) {
            run.string("run_id", plan.run.runId, Presence::Required);
            run.string("safety_profile", plan.run.safetyProfile);
            run.string("run_scope", plan.run.runScope);
            run.integer("token_cap", plan.run.tokenCap, 1, MaxTokens);
            run.integer("max_phases", plan.run.maxPhases, 1, 1000);
            run.integer("max_duration_minutes", plan.run.maxDurationMinutes, 1, 7 * 24 * 60);
        },
        Presence::Required);
    r.array(
        "tiers", Unknown::Ignore,
        [&](qsizetype i, JsonReader &t) {
            PlanTier tier;
            tier.tierIndex = int(i);
            t.string("tier_id", tier.tierId, Presence::Required);
            t.integer("tier_index", tier.tierIndex, 0, MaxIndex);
            t.string("name", tier.name, Presence::Optional, true);
            t.string("description", tier.description, Presence::Optional, true);
            plan.tiers.append(tier);
        },
        Presence::Required);
    r.array(
        "phases", Unknown::Ignore,
        [&](qsizetype i, JsonReader &p) {
            PlanPhase phase;
            phase.phaseIndex = int(i);
            p.string("phase_id", phase.phaseId, Presence::Required);
            p.integer("phase_index", phase.phaseIndex, 0, MaxIndex);
            p.string("tier_id", phase.tierId, Presence::Required);
            p.string("name", phase.name, Presence::Optional, true);
            p.string("description", phase.description, Presence::Optional, true);
            p.string("task_category", phase.taskCategory, Presence::Optional, true);
            p.string("complexity", phase.complexity, Presence::Optional, true);
            p.string("builder_mode", phase.builderMode, Presence::Optional, true);
            plan.phases.append(phase);
        },
        Presence::Required);
    r.finish();
    if (!r.ok())
        return std::unexpected(*r.error());
    return plan;
}

} // namespace Autopack::Engine
