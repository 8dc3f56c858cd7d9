#pragma once
// The agent endpoints of SPEC §8 (issue 7): runs/start, run detail, update_status,
// record_issue, builder_result, auditor_request, auditor_result, and the work claim
// with its lease heartbeat.
//
// Every handler runs on the Supervisor's thread (the route's context), so the listener
// thread never waits on the engine, and answers once the Supervisor returned, which is
// after its store transaction committed. Payload validation is the Supervisor's (it
// names the field); this layer checks only what HTTP adds: the body is a JSON object,
// path and body agree, the lease id is a number, the claiming role.
#include "apiserver.h"

namespace Autopack::Engine {
class Supervisor;
}

namespace Autopack::Api {

class AgentRoutes
{
public:
    // `supervisor` must outlive the server. Returns why a route was refused (a duplicate).
    static std::expected<void, QString> addTo(ApiServer &server, Engine::Supervisor &supervisor);
};

} // namespace Autopack::Api
