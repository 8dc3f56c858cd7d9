#pragma once

// RunCreator through Engine::Supervisor::createRun. When the Supervisor lives on
// another thread the call is a blocking queued one into that thread (it runs in
// milliseconds: a store write and one libgit2 ref creation), as
// SupervisorReviewerActions does.

#include "runcreator.h"

namespace Autopack::Engine {
class Supervisor;
}

namespace Autopack::Ui {

class SupervisorRunCreator : public RunCreator
{
public:
    // `supervisor` must outlive this; `actorName` is recorded on the run's events.
    SupervisorRunCreator(Engine::Supervisor &supervisor, QString actorName);

    std::expected<QString, QString> createRun(const QJsonObject &plan, qint64 projectId) override;

private:
    Engine::Supervisor &m_supervisor;
    QString m_actorName;
};

} // namespace Autopack::Ui
