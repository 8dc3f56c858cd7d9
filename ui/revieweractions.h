#pragma once

// What a reviewer may do from the window (SPEC §1 "Reviewer"), behind one interface
// so the window does not care who carries it out. Each whyNot…() answers, before the
// action is offered, why it is not allowed right now (empty: allowed); each action
// returns an error text naming what was wrong when it was refused.
//
// StoreReviewerActions carries the actions out through Store transitions (the
// transition tables decide), until the engine's Supervisor takes them over.

#include "domain.h"

#include <QString>

#include <expected>

namespace Autopack {

class Store;

namespace Ui {

class ReviewerActions
{
public:
    using Result = std::expected<void, QString>;

    virtual ~ReviewerActions() = default;

    virtual QString whyNotApprove(const QString &runId, const QString &phaseId) const = 0;
    virtual QString whyNotReject(const QString &runId, const QString &phaseId) const = 0;
    virtual QString whyNotRequestAudit(const QString &runId, const QString &phaseId) const = 0;
    virtual QString whyNotCancelRun(const QString &runId) const = 0;
    virtual QString whyNotResolveIssue(qint64 projectId, const QString &issueKey) const = 0;

    // `candidateCommit`: the candidate the reviewer looked at; refused when a newer one
    // arrived since (empty: the current one, for callers that showed none).
    virtual Result approve(const QString &runId, const QString &phaseId, const QString &candidateCommit) = 0;
    // `reason` must not be blank.
    virtual Result reject(const QString &runId, const QString &phaseId, const QString &reason) = 0;
    virtual Result requestAudit(const QString &runId, const QString &phaseId, const QString &focus) = 0;
    virtual Result cancelRun(const QString &runId, const QString &reason) = 0;
    virtual Result resolveIssue(qint64 projectId, const QString &issueKey) = 0;
};

class StoreReviewerActions : public ReviewerActions
{
public:
    // `reviewer` is recorded as the actor name (the OS user in the app).
    StoreReviewerActions(Store &store, QString reviewer);

    QString whyNotApprove(const QString &runId, const QString &phaseId) const override;
    QString whyNotReject(const QString &runId, const QString &phaseId) const override;
    QString whyNotRequestAudit(const QString &runId, const QString &phaseId) const override;
    QString whyNotCancelRun(const QString &runId) const override;
    QString whyNotResolveIssue(qint64 projectId, const QString &issueKey) const override;

    Result approve(const QString &runId, const QString &phaseId, const QString &candidateCommit) override;
    Result reject(const QString &runId, const QString &phaseId, const QString &reason) override;
    Result requestAudit(const QString &runId, const QString &phaseId, const QString &focus) override;
    Result cancelRun(const QString &runId, const QString &reason) override;
    Result resolveIssue(qint64 projectId, const QString &issueKey) override;

private:
    QString whyNotDecide(const QString &runId, const QString &phaseId) const;

    Store &m_store;
    QString m_reviewer;
};

} // namespace Ui
} // namespace Autopack
