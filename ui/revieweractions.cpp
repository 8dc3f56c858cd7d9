#include "revieweractions.h"

#include "store.h"

#include <QCoreApplication>

namespace Autopack::Ui {

namespace {

QString tr(const char *text) { return QCoreApplication::translate("Autopack::Ui::ReviewerActions", text); }

} // namespace

StoreReviewerActions::StoreReviewerActions(Store &store, QString reviewer)
    : m_store(store)
    , m_reviewer(std::move(reviewer))
{
}

// Approve and reject share their precondition: a phase at its gate that waits for a
// human (an auto-applied gate or one handed to the auditor is not the reviewer's).
QString StoreReviewerActions::whyNotDecide(const QString &runId, const QString &phaseId) const
{
    if (runId.isEmpty() || phaseId.isEmpty())
        return tr("Select a phase waiting at its gate.");
    const auto phase = m_store.phase(runId, phaseId);
    if (!phase)
        return phase.error().message;
    if (phase->state != PhaseState::Gate)
        return tr("Phase %1 is %2, not at its gate.").arg(phaseId, toString(phase->state));
    if (!phase->awaitingReviewer)
        return tr("Phase %1 is at its gate but not waiting for a reviewer.").arg(phaseId);
    return {};
}

QString StoreReviewerActions::whyNotApprove(const QString &runId, const QString &phaseId) const
{
    return whyNotDecide(runId, phaseId);
}

QString StoreReviewerActions::whyNotReject(const QString &runId, const QString &phaseId) const
{
    return whyNotDecide(runId, phaseId);
}

QString StoreReviewerActions::whyNotRequestAudit(const QString &runId, const QString &phaseId) const
{
    if (runId.isEmpty() || phaseId.isEmpty())
        return tr("Select a phase that is executing or at its gate.");
    const auto phase = m_store.phase(runId, phaseId);
    if (!phase)
        return phase.error().message;
    if (phase->state != PhaseState::Executing && phase->state != PhaseState::Gate)
        return tr("Phase %1 is %2; only an executing phase or one at its gate can be audited.")
            .arg(phaseId, toString(phase->state));
    if (phase->auditorAttempts >= phase->maxAuditorAttempts)
        return tr("Phase %1 has used all %2 auditor attempts.").arg(phaseId).arg(phase->maxAuditorAttempts);
    return {};
}

QString StoreReviewerActions::whyNotCancelRun(const QString &runId) const
{
    if (runId.isEmpty())
        return tr("Select a run (or something inside it).");
    const auto run = m_store.run(runId);
    if (!run)
        return run.error().message;
    if (isTerminal(run->state))
        return tr("Run %1 has already ended (%2).").arg(runId, toString(run->state));
    if (!StateMachine::rule(run->state, RunState::DoneFailedCancelled))
        return tr("Run %1 cannot be cancelled while %2.").arg(runId, toString(run->state));
    return {};
}

QString StoreReviewerActions::whyNotResolveIssue(qint64 projectId, const QString &issueKey) const
{
    if (projectId <= 0 || issueKey.isEmpty())
        return tr("Select an issue in the backlog.");
    const auto backlog = m_store.backlog(projectId);
    if (!backlog)
        return backlog.error().message;
    for (const BacklogIssue &issue : *backlog) {
        if (issue.issueKey != issueKey)
            continue;
        if (issue.status == QLatin1String("resolved"))
            return tr("Issue %1 is already resolved.").arg(issueKey);
        return {};
    }
    return tr("Issue %1 is not in the backlog of project #%2.").arg(issueKey).arg(projectId);
}

ReviewerActions::Result StoreReviewerActions::approve(
    const QString &runId, const QString &phaseId, const QString &candidateCommit)
{
    if (const QString why = whyNotApprove(runId, phaseId); !why.isEmpty())
        return std::unexpected(why);
    const auto phase = m_store.phase(runId, phaseId);
    const auto run = m_store.run(runId);
    if (!phase || !run)
        return std::unexpected(!phase ? phase.error().message : run.error().message);
    if (!candidateCommit.isEmpty() && candidateCommit != phase->candidateCommit)
        return std::unexpected(tr("Candidate %1 is no longer phase %2's current candidate (%3): review the newer one.")
                                   .arg(candidateCommit.left(12), phaseId, phase->candidateCommit.left(12)));

    const QString reason = tr("approved by reviewer %1").arg(m_reviewer);
    QList<TransitionRequest> batch;
    TransitionRequest toCi;
    toCi.runId = runId;
    toCi.entityId = phaseId;
    toCi.to = PhaseState::CiRunning;
    toCi.actor = Actor::Reviewer;
    toCi.actorName = m_reviewer;
    toCi.reason = reason;
    toCi.context.gateChecksPassed = true;
    toCi.context.approved = true;
    toCi.phaseUpdate.awaitingReviewer = false;
    batch << toCi;
    // The run mirrors its current phase (SPEC §2), in the same transaction.
    if (run->state == RunState::Gate) {
        TransitionRequest runToCi;
        runToCi.runId = runId;
        runToCi.to = RunState::CiRunning;
        runToCi.actor = Actor::Reviewer;
        runToCi.actorName = m_reviewer;
        runToCi.reason = tr("CI runs on phase %1").arg(phaseId);
        batch << runToCi;
    }
    if (auto done = m_store.transitionAll(batch); !done)
        return std::unexpected(done.error().message);

    Review review;
    review.runId = runId;
    review.phaseId = phaseId;
    review.candidateCommit = phase->candidateCommit;
    review.decision = QStringLiteral("approve");
    review.reviewer = m_reviewer;
    review.time = QDateTime::currentDateTimeUtc();
    if (auto added = m_store.addReview(review); !added)
        return std::unexpected(tr("Approved, but the review record was not stored: %1").arg(added.error().message));
    return {};
}

ReviewerActions::Result StoreReviewerActions::reject(
    const QString &runId, const QString &phaseId, const QString &reason)
{
    if (reason.trimmed().isEmpty())
        return std::unexpected(tr("A reason is required to reject phase %1.").arg(phaseId));
    if (const QString why = whyNotReject(runId, phaseId); !why.isEmpty())
        return std::unexpected(why);
    const auto phase = m_store.phase(runId, phaseId);
    const auto run = m_store.run(runId);
    if (!phase || !run)
        return std::unexpected(!phase ? phase.error().message : run.error().message);

    // A rejection ends the attempt at the gate: back to the builder while attempts
    // remain (SPEC §2 GATE → EXECUTING), else the phase fails.
    TransitionContext context;
    context.builderAttempts = phase->builderAttempts;
    context.maxBuilderAttempts = phase->maxBuilderAttempts;
    context.auditorAttempts = phase->auditorAttempts;
    context.maxAuditorAttempts = phase->maxAuditorAttempts;
    context.reason = reason;
    const bool retry = context.attemptsLeft();

    QList<TransitionRequest> batch;
    TransitionRequest phaseStep;
    phaseStep.runId = runId;
    phaseStep.entityId = phaseId;
    phaseStep.to = retry ? PhaseState::Executing : PhaseState::Failed;
    phaseStep.actor = Actor::Reviewer;
    phaseStep.actorName = m_reviewer;
    phaseStep.reason = tr("rejected by reviewer: %1").arg(reason);
    phaseStep.context = context;
    phaseStep.phaseUpdate.awaitingReviewer = false;
    if (retry)
        phaseStep.phaseUpdate.builderAttempts = phase->builderAttempts + 1;
    batch << phaseStep;
    if (run->state == RunState::Gate) {
        // The run mirrors its current phase: back to execution for a revision or for
        // the next phase; a failed last phase ends the run (SPEC §2 run table).
        const auto phases = m_store.phases(runId);
        if (!phases)
            return std::unexpected(phases.error().message);
        const bool morePhases = std::any_of(phases->cbegin(), phases->cend(),
            [&](const Phase &p) { return p.phaseId != phaseId && !isTerminal(p.state); });
        TransitionRequest runStep;
        runStep.runId = runId;
        runStep.actor = retry || morePhases ? Actor::Reviewer : Actor::Supervisor;
        runStep.actorName = m_reviewer;
        runStep.context.morePhases = morePhases;
        runStep.context.allPhasesFinished = !retry && !morePhases;
        if (retry) {
            runStep.to = RunState::PhaseExecution;
            runStep.reason = tr("phase %1 rejected for revision").arg(phaseId);
        } else if (morePhases) {
            runStep.to = RunState::PhaseExecution;
            runStep.reason = tr("phase %1 failed at its gate; the next phase follows").arg(phaseId);
        } else {
            runStep.to = RunState::DoneSuccess;
            runStep.reason = tr("the last phase, %1, failed at its gate").arg(phaseId);
        }
        batch << runStep;
    }
    if (auto done = m_store.transitionAll(batch); !done)
        return std::unexpected(done.error().message);

    Review review;
    review.runId = runId;
    review.phaseId = phaseId;
    review.candidateCommit = phase->candidateCommit;
    review.decision = QStringLiteral("reject");
    review.reason = reason;
    review.reviewer = m_reviewer;
    review.time = QDateTime::currentDateTimeUtc();
    if (auto added = m_store.addReview(review); !added)
        return std::unexpected(tr("Rejected, but the review record was not stored: %1").arg(added.error().message));
    return {};
}

ReviewerActions::Result StoreReviewerActions::requestAudit(
    const QString &runId, const QString &phaseId, const QString &focus)
{
    if (const QString why = whyNotRequestAudit(runId, phaseId); !why.isEmpty())
        return std::unexpected(why);
    const QString reason = focus.trimmed().isEmpty() ? tr("audit requested by reviewer")
                                                     : tr("audit requested by reviewer: %1").arg(focus.trimmed());
    if (auto event = m_store.recordEvent(runId, EntityKind::Phase, phaseId, Actor::Reviewer, m_reviewer, reason);
        !event)
        return std::unexpected(event.error().message);
    return {};
}

ReviewerActions::Result StoreReviewerActions::cancelRun(const QString &runId, const QString &reason)
{
    if (const QString why = whyNotCancelRun(runId); !why.isEmpty())
        return std::unexpected(why);
    const auto phases = m_store.phases(runId);
    if (!phases)
        return std::unexpected(phases.error().message);
    const QString why = reason.trimmed().isEmpty()
        ? tr("cancelled by reviewer %1").arg(m_reviewer)
        : tr("cancelled by reviewer %1: %2").arg(m_reviewer, reason.trimmed());
    QList<TransitionRequest> batch;
    TransitionRequest runStep;
    runStep.runId = runId;
    runStep.to = RunState::DoneFailedCancelled;
    runStep.actor = Actor::Reviewer;
    runStep.actorName = m_reviewer;
    runStep.reason = why;
    runStep.context.reason = why;
    runStep.runUpdate.failureReason = why;
    batch << runStep;
    // Unfinished phases end with the run, in the same transaction, so no phase is
    // left executing under a cancelled run.
    for (const Phase &phase : *phases) {
        if (isTerminal(phase.state))
            continue;
        TransitionRequest step;
        step.runId = runId;
        step.entityId = phase.phaseId;
        step.to = phase.state == PhaseState::Queued ? PhaseState::Skipped : PhaseState::Failed;
        step.actor = phase.state == PhaseState::Gate ? Actor::Reviewer : Actor::Supervisor;
        step.actorName = m_reviewer;
        step.reason = why;
        step.context.runEnding = true;
        step.context.reason = why;
        step.phaseUpdate.awaitingReviewer = false;
        batch << step;
    }
    if (auto done = m_store.transitionAll(batch); !done)
        return std::unexpected(done.error().message);
    return {};
}

ReviewerActions::Result StoreReviewerActions::resolveIssue(qint64 projectId, const QString &issueKey)
{
    if (const QString why = whyNotResolveIssue(projectId, issueKey); !why.isEmpty())
        return std::unexpected(why);
    if (auto updated = m_store.updateBacklogIssue(projectId, issueKey, QStringLiteral("resolved")); !updated)
        return std::unexpected(updated.error().message);
    return {};
}

} // namespace Autopack::Ui
