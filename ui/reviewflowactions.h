#pragma once

// What the review panel and the promotion dialog ask of the engine, behind one
// interface so the widgets never decide a state change themselves (the Supervisor
// does; SupervisorReviewFlowActions carries the calls to it). Every call returns an
// error text naming what was refused and why.

#include "domain.h"

#include <QList>
#include <QString>

#include <expected>

namespace Autopack::Ui {

struct PromotionResult {
    QString kind; // fast_forward | merge_commit | already_merged
    QString oldBase;
    QString newBase;
    QString baseBranch;
};

class ReviewFlowActions
{
public:
    template<typename T = void>
    using Result = std::expected<T, QString>;

    virtual ~ReviewFlowActions() = default;

    // Refused when `candidateCommit` is no longer the phase's candidate.
    virtual Result<> approve(const QString &runId, const QString &phaseId, const QString &candidateCommit) = 0;
    // `reason` must not be blank; each comment needs a path, a line and a text.
    virtual Result<> reject(
        const QString &runId, const QString &phaseId, const QString &reason, const QList<ReviewComment> &comments)
        = 0;
    virtual Result<PromotionResult> promote(const QString &runId) = 0;
};

} // namespace Autopack::Ui
