#include "revieweractionsflow.h"

#include "revieweractions.h"

#include <QCoreApplication>

namespace Autopack::Ui {

ReviewerActionsFlow::ReviewerActionsFlow(ReviewerActions &actions)
    : m_actions(actions)
{
}

ReviewFlowActions::Result<> ReviewerActionsFlow::approve(
    const QString &runId, const QString &phaseId, const QString &candidateCommit)
{
    return m_actions.approve(runId, phaseId, candidateCommit);
}

ReviewFlowActions::Result<> ReviewerActionsFlow::reject(
    const QString &runId, const QString &phaseId, const QString &reason, const QList<ReviewComment> &)
{
    // The reason already quotes every comment with its path:line and hunk.
    return m_actions.reject(runId, phaseId, reason);
}

ReviewFlowActions::Result<PromotionResult> ReviewerActionsFlow::promote(const QString &runId)
{
    return std::unexpected(QCoreApplication::translate("Autopack::Ui::ReviewerActionsFlow",
        "run %1 cannot be promoted from here: the window was "
        "started without the engine's promotion")
                               .arg(runId));
}

} // namespace Autopack::Ui
