#pragma once

// Reviewer actions carried out by the engine's Supervisor, which decides every state
// change. Whether an action is offered (whyNot…) is read from the store as
// StoreReviewerActions does; the Supervisor still checks again and may refuse.
//
// Threading: when the Supervisor lives on another thread, each action is a blocking
// queued call into that thread (each runs in milliseconds, never waiting on CI).

#include "revieweractions.h"

namespace Autopack::Engine {
class Supervisor;
}

namespace Autopack::Ui {

class SupervisorReviewerActions : public StoreReviewerActions
{
public:
    // `store` is the Supervisor's store, read here for whyNot…(); both must outlive this.
    SupervisorReviewerActions(Engine::Supervisor &supervisor, Store &store, QString reviewer);

    Result approve(const QString &runId, const QString &phaseId, const QString &candidateCommit) override;
    Result reject(const QString &runId, const QString &phaseId, const QString &reason) override;
    Result requestAudit(const QString &runId, const QString &phaseId, const QString &focus) override;
    Result cancelRun(const QString &runId, const QString &reason) override;
    Result resolveIssue(qint64 projectId, const QString &issueKey) override;

private:
    Engine::Supervisor &m_supervisor;
    Store &m_store;
    QString m_reviewer;
};

} // namespace Autopack::Ui
