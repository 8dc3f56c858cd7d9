#pragma once

// The plan the issue tests share: two tiers, t1 = p1 (docs), p2 (schema_change,
// high-risk); t2 = p3 (tests). Compiled against `backlog`; a refusal ends the test
// binary, since every case after it would test nothing. Header-only.

#include "plan.h"
#include "strategycompiler.h"

namespace Autopack::Engine::TestSupport {

inline Strategy compileTwoTierPlan(const QString &runId, const QList<BacklogEntry> &backlog, const QString &profile)
{
    Plan plan;
    plan.run.runId = runId;
    plan.run.safetyProfile = profile;
    plan.run.runScope = QStringLiteral("multi_tier");
    plan.tiers = { PlanTier { "t1", 0, {}, {} }, PlanTier { "t2", 1, {}, {} } };
    plan.phases = {
        PlanPhase { "p1", 0, "t1", {}, {}, "docs", {}, {} },
        PlanPhase { "p2", 1, "t1", {}, {}, "schema_change", {}, {} },
        PlanPhase { "p3", 2, "t2", {}, {}, "tests", {}, {} },
    };
    auto s = StrategyCompiler {}.compile(plan, backlog);
    if (!s)
        qFatal("%s", qPrintable(s.error().toString()));
    return *s;
}

} // namespace Autopack::Engine::TestSupport
