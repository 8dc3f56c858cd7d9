#pragma once

// `--demo`: fills a fresh database with realistic sample projects and runs, one run in
// every run state, with gated phases waiting for a reviewer, retried attempts and issues.
// Every state is reached through the store's transition tables, as the engine would reach
// it, so the event log of the demo is a true history.

#include "store.h"

namespace Autopack::Cli {

struct DemoSummary {
    int projects = 0;
    int runs = 0;
    int phases = 0;
    int events = 0;
    bool skipped = false; // the database already held projects: nothing was added
};

StoreResult<DemoSummary> fillDemoData(Store &store);

} // namespace Autopack::Cli
