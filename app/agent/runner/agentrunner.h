#pragma once

// `autopack agent` (SPEC §12): up to `parallel` workers, each claiming a phase for the
// role, working it (PhaseJob) and claiming again, until stopped. Each worker has its own
// connection to the engine; a run's workspace is used by one worker at a time.

#include "phasejob.h"
#include "runneroptions.h"

#include <atomic>
#include <functional>

namespace Autopack::Agent {

class RunnerLog;

class AgentRunner
{
public:
    // Exit codes of `autopack agent`.
    static constexpr int ExitOk = 0;
    static constexpr int ExitError = 1;
    static constexpr int ExitNothingClaimed = 3; // --once and no work within the wait

    AgentRunner(RunnerOptions options, const RunnerLog &log);
    // Blocks until done: --once after one phase (or the wait), else until `stop` is set.
    int run(const std::atomic_bool &stop);

    // Called after each phase (from the worker's thread): for benchmarks and tests.
    std::function<void(const PhaseJobResult &)> onPhaseDone;

private:
    int worker(const std::atomic_bool &stop, int index);

    RunnerOptions m_options;
    const RunnerLog &m_log;
};

} // namespace Autopack::Agent
