#pragma once

// ReviewFlowActions over the window's ReviewerActions, for a window that was given no
// Supervisor-backed ReviewFlowActions: approve binds the candidate shown as usual; a
// rejection carries the line comments (each quoting its hunk) in its reason text only,
// as ReviewerActions has no structured comments; promotion is refused, saying why.

#include "reviewflowactions.h"

namespace Autopack::Ui {

class ReviewerActions;

class ReviewerActionsFlow : public ReviewFlowActions
{
public:
    // `actions` must outlive this.
    explicit ReviewerActionsFlow(ReviewerActions &actions);

    Result<> approve(const QString &runId, const QString &phaseId, const QString &candidateCommit) override;
    Result<> reject(const QString &runId, const QString &phaseId, const QString &reason,
        const QList<ReviewComment> &comments) override;
    Result<PromotionResult> promote(const QString &runId) override;

private:
    ReviewerActions &m_actions;
};

} // namespace Autopack::Ui
