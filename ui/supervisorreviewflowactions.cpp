#include "supervisorreviewflowactions.h"

#include "supervisor.h"
#include "uilog.h"

#include <QThread>

#include <optional>

namespace Autopack::Ui {

namespace {

// Runs `call` on the supervisor's thread and returns its result.
template<typename Call>
auto onEngine(Engine::Supervisor &supervisor, Call call) -> decltype(call())
{
    if (supervisor.thread() == QThread::currentThread())
        return call();
    std::optional<decltype(call())> out;
    QMetaObject::invokeMethod(
        &supervisor, [&] { out.emplace(call()); }, Qt::BlockingQueuedConnection);
    return std::move(*out);
}

} // namespace

SupervisorReviewFlowActions::SupervisorReviewFlowActions(Engine::Supervisor &supervisor, QString reviewer)
    : m_supervisor(supervisor)
    , m_reviewer(std::move(reviewer))
{
}

ReviewFlowActions::Result<> SupervisorReviewFlowActions::approve(
    const QString &runId, const QString &phaseId, const QString &candidateCommit)
{
    auto r = onEngine(m_supervisor, [&] { return m_supervisor.approve(runId, phaseId, candidateCommit, m_reviewer); });
    if (!r) {
        qCInfo(lcUi) << "approval of" << runId << phaseId << "refused:" << r.error().message;
        return std::unexpected(r.error().message);
    }
    qCInfo(lcUi) << "approved" << runId << phaseId << "at" << candidateCommit;
    return {};
}

ReviewFlowActions::Result<> SupervisorReviewFlowActions::reject(
    const QString &runId, const QString &phaseId, const QString &reason, const QList<ReviewComment> &comments)
{
    auto r = onEngine(m_supervisor, [&] { return m_supervisor.reject(runId, phaseId, reason, comments, m_reviewer); });
    if (!r) {
        qCInfo(lcUi) << "rejection of" << runId << phaseId << "refused:" << r.error().message;
        return std::unexpected(r.error().message);
    }
    qCInfo(lcUi) << "rejected" << runId << phaseId << "with" << comments.size() << "line comments";
    return {};
}

ReviewFlowActions::Result<PromotionResult> SupervisorReviewFlowActions::promote(const QString &runId)
{
    auto r = onEngine(m_supervisor, [&] { return m_supervisor.promote(runId, m_reviewer); });
    if (!r) {
        qCInfo(lcUi) << "promotion of" << runId << "refused:" << r.error().message;
        return std::unexpected(r.error().message);
    }
    qCInfo(lcUi) << "promoted" << runId << "into" << r->baseBranch << r->oldBase << "->" << r->newBase;
    return PromotionResult { r->kind, r->oldBase, r->newBase, r->baseBranch };
}

} // namespace Autopack::Ui
