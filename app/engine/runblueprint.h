#pragma once

// The rows a compiled strategy becomes in the store (Store::createRun): the run with its
// frozen strategy JSON and run budgets, the tiers with their budgets, the phases with
// their attempts and incident caps, all in execution order. Pure: nothing is written
// here, so the caller creates the run in one Store transaction.

#include "strategy.h"

#include "domain.h"

#include <QList>

namespace Autopack::Engine {

struct RunBlueprint {
    Run run;
    QList<Tier> tiers;
    QList<Phase> phases;

    // The run in RUN_CREATED with integration branch autonomous/<run_id>; debt_status
    // "none", or "needs_cleanup" when the strategy escalated backlog issues.
    static RunBlueprint fromStrategy(const Strategy &strategy, qint64 projectId);
};

} // namespace Autopack::Engine
