#pragma once
// What the agent runner (SPEC §12) reads besides its work claim: a commit's file listing
// and a tar archive of the files it lacks, so it prepares a workspace on any machine
// without access to the repository; and the transcripts it streamed, for the window and
// for anyone reading afterwards. Observer rights.
#include "apiserver.h"

namespace Autopack {
class Store;
}
namespace Autopack::Engine {
class Supervisor;
}

namespace Autopack::Api {

class RunnerRoutes
{
public:
    // `store` must be the Supervisor's; both must outlive the server.
    static std::expected<void, QString> addTo(ApiServer &server, Engine::Supervisor &supervisor, Store &store);
};

} // namespace Autopack::Api
