#pragma once

// ReviewFlowActions carried out by the engine's Supervisor. When the Supervisor lives
// on another thread each call is a blocking queued call into it (milliseconds: the
// Supervisor never waits on CI; a promotion is one libgit2 merge).

#include "reviewflowactions.h"

namespace Autopack::Engine {
class Supervisor;
}

namespace Autopack::Ui {

class SupervisorReviewFlowActions : public ReviewFlowActions
{
public:
    // `supervisor` must outlive this; `reviewer` is recorded as the actor.
    SupervisorReviewFlowActions(Engine::Supervisor &supervisor, QString reviewer);

    Result<> approve(const QString &runId, const QString &phaseId, const QString &candidateCommit) override;
    Result<> reject(const QString &runId, const QString &phaseId, const QString &reason,
        const QList<ReviewComment> &comments) override;
    Result<PromotionResult> promote(const QString &runId) override;

private:
    Engine::Supervisor &m_supervisor;
    QString m_reviewer;
};

} // namespace Autopack::Ui
