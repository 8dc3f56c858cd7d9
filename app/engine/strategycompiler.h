#pragma once

// Compiles (ruleset, plan, project backlog) into a run's frozen Strategy, exactly per the
// SPEC §4/§6 defaults, or refuses the plan with the JSON path of what is wrong and, for
// size problems, how to split it.
//
// Precedence for each setting: the plan's value, then the ruleset's, then the SPEC
// default. Aged backlog issues (see BacklogEntry::isAged, with the run's safety profile
// thresholds, or already needs_cleanup) become major for the new run, and one
// debt_cleanup phase per affected tier is appended to that tier (docs/ruleset.md says
// which tier is affected). Phases added this way do not count against max_phases.

#include "fielderror.h"
#include "issuetracker.h"
#include "plan.h"
#include "ruleset.h"
#include "strategy.h"

namespace Autopack::Engine {

class StrategyCompiler
{
public:
    explicit StrategyCompiler(Ruleset ruleset = {});

    const Ruleset &ruleset() const { return m_ruleset; }

    FieldResult<Strategy> compile(const Plan &plan, const QList<BacklogEntry> &backlog = {}) const;

private:
    Ruleset m_ruleset;
};

} // namespace Autopack::Engine
