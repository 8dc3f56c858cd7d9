#include "supervisorrevieweractions.h"

#include "supervisor.h"

#include <QCoreApplication>
#include <QJsonObject>
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

template<typename T>
ReviewerActions::Result toResult(const Engine::SupervisorResult<T> &result)
{
    if (!result)
        return std::unexpected(result.error().message);
    return {};
}

QString tr(const char *text) { return QCoreApplication::translate("Autopack::Ui::ReviewerActions", text); }

} // namespace

SupervisorReviewerActions::SupervisorReviewerActions(Engine::Supervisor &supervisor, Store &store, QString reviewer)
    : StoreReviewerActions(store, reviewer)
    , m_supervisor(supervisor)
    , m_store(store)
    , m_reviewer(std::move(reviewer))
{
}

ReviewerActions::Result SupervisorReviewerActions::approve(
    const QString &runId, const QString &phaseId, const QString &candidateCommit)
{
    QString candidate = candidateCommit;
    if (candidate.isEmpty()) {
        const auto phase = m_store.phase(runId, phaseId);
        if (!phase)
            return std::unexpected(phase.error().message);
        candidate = phase->candidateCommit;
    }
    return toResult(
        onEngine(m_supervisor, [&] { return m_supervisor.approve(runId, phaseId, candidate, m_reviewer); }));
}

ReviewerActions::Result SupervisorReviewerActions::reject(
    const QString &runId, const QString &phaseId, const QString &reason)
{
    return toResult(
        onEngine(m_supervisor, [&] { return m_supervisor.reject(runId, phaseId, reason, {}, m_reviewer); }));
}

ReviewerActions::Result SupervisorReviewerActions::requestAudit(
    const QString &runId, const QString &phaseId, const QString &focus)
{
    const auto phase = m_store.phase(runId, phaseId);
    if (!phase)
        return std::unexpected(phase.error().message);
    const QJsonObject body { { QStringLiteral("run_id"), runId }, { QStringLiteral("phase_id"), phaseId },
        { QStringLiteral("tier_id"), phase->tierId },
        { QStringLiteral("failure_context"), tr("requested by reviewer %1").arg(m_reviewer) },
        { QStringLiteral("review_focus"), focus.trimmed() } };
    return toResult(
        onEngine(m_supervisor, [&] { return m_supervisor.auditorRequest(runId, phaseId, body, m_reviewer); }));
}

ReviewerActions::Result SupervisorReviewerActions::cancelRun(const QString &runId, const QString &reason)
{
    const QString why = reason.trimmed().isEmpty() ? tr("cancelled by reviewer %1").arg(m_reviewer) : reason.trimmed();
    return toResult(onEngine(m_supervisor, [&] { return m_supervisor.cancelRun(runId, why, m_reviewer); }));
}

ReviewerActions::Result SupervisorReviewerActions::resolveIssue(qint64 projectId, const QString &issueKey)
{
    return toResult(onEngine(m_supervisor, [&] {
        return m_supervisor.resolveIssue(
            projectId, issueKey, tr("resolved by reviewer %1").arg(m_reviewer), m_reviewer);
    }));
}

} // namespace Autopack::Ui
