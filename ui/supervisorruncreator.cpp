#include "supervisorruncreator.h"

#include "supervisor.h"

#include <QThread>

#include <optional>

namespace Autopack::Ui {

SupervisorRunCreator::SupervisorRunCreator(Engine::Supervisor &supervisor, QString actorName)
    : m_supervisor(supervisor)
    , m_actorName(std::move(actorName))
{
}

std::expected<QString, QString> SupervisorRunCreator::createRun(const QJsonObject &plan, qint64 projectId)
{
    const auto call = [&] { return m_supervisor.createRun(plan, projectId, m_actorName); };
    std::optional<Engine::SupervisorResult<CreatedRun>> result;
    if (m_supervisor.thread() == QThread::currentThread())
        result.emplace(call());
    else
        QMetaObject::invokeMethod(
            &m_supervisor, [&] { result.emplace(call()); }, Qt::BlockingQueuedConnection);
    if (!*result)
        return std::unexpected(result->error().message);
    return (*result)->run.runId;
}

} // namespace Autopack::Ui
