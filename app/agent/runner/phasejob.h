#pragma once

// One claimed phase, worked to the end on a runner's worker thread (SPEC §12): the
// workspace moved to the claimed commit, the prompt written, the agent run with
// heartbeats and its transcript streamed, then the builder's patch or the auditor's
// verdict submitted. A lost lease stops the agent and submits nothing; a rate limit
// gives the phase back without an attempt charged.

#include "runneroptions.h"

#include <QJsonObject>
#include <QString>

#include <atomic>

namespace Autopack::Agent {

class ApiClient;
class RunnerLog;

struct PhaseJobResult {
    enum class End {
        Submitted, // a result was posted and answered (whatever the answer said)
        LeaseLost, // cancelled, budget exhausted, taken back: nothing submitted
        RateLimited, // given back; the runner backs off
        Stopped, // the runner is stopping: given back
        Failed, // the runner could not do its part (workspace, engine unreachable): given back if possible
    };
    End end = End::Failed;
    QString detail;
    qint64 overheadMs = 0; // the runner's own time: workspace, prompt, patch, submit (not the agent's)
    qint64 agentMs = 0;
};

class PhaseJob
{
public:
    // All references must outlive run(). `claim` is the 200 answer of POST /work/claim.
    PhaseJob(const RunnerOptions &options, ApiClient &client, const RunnerLog &log, const std::atomic_bool &stop);
    PhaseJobResult run(const QJsonObject &claim);

private:
    PhaseJobResult work(const QJsonObject &claim, qint64 *agentMs);
    const RunnerOptions &m_options;
    ApiClient &m_client;
    const RunnerLog &m_log;
    const std::atomic_bool &m_stop;
};

} // namespace Autopack::Agent
