#pragma once

// Records issues through the Store with the engine's rules (SPEC §5), so that what is
// persisted is what IssueTracker computes in memory: the severity an issue without
// one takes from its phase (major in high-risk categories), the effective severity
// (major when the run's strategy escalated the key from the backlog), the task
// category and complexity from the phase's strategy slice, and aging: once a minor
// backlog issue reaches the run's thresholds it is marked needs_cleanup, effective
// severity major, for new runs.
//
// The store counts distinct keys and ages in its own transaction; marking the aged
// issue is a second write. Should that one fail, the issue stays recorded and the next
// record of the key, or the next strategy compile (which ages by the stored counts),
// catches up, so no state is lost or half-applied beyond a delay.

#include "issuetracker.h"
#include "strategy.h"

#include "store.h"

namespace Autopack::Engine {

struct IssueRecord {
    RecordedIssue stored; // the rows as the store has them now
    bool becameNeedsCleanup = false;
};

class IssueRecorder
{
public:
    explicit IssueRecorder(Store &store);

    // `strategy` is the run's frozen strategy; report.runId must name it (empty: it).
    // Refusals: InvalidInput (issue_key, run_id) and NotFound (phase), nothing written.
    StoreResult<IssueRecord> record(const Strategy &strategy, IssueReport report);

    // The project's backlog as the strategy compiler reads it, with the tier and task
    // category each issue was last seen in (from its last run's index).
    StoreResult<QList<BacklogEntry>> backlog(qint64 projectId) const;

private:
    Store &m_store;
};

} // namespace Autopack::Engine
