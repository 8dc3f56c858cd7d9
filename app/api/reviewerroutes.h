#pragma once
// The reviewer endpoints Autopack adds to SPEC §8 (issue 7): phase detail (candidate
// commit, CI results, issues, reviews, events), the candidate's patch text, and the
// admin-only actions approve, reject, cancel and promote.
//
// Handlers run on the Supervisor's thread and answer after the Supervisor returned,
// i.e. after its transaction committed. The diff is read with libgit2 (ReviewDiff),
// read-only, never with the git executable.
#include "apiserver.h"

namespace Autopack {
class Store;
}
namespace Autopack::Engine {
class Supervisor;
}

namespace Autopack::Api {

class ReviewerRoutes
{
public:
    // `store` must be the Supervisor's; both must outlive the server.
    static std::expected<void, QString> addTo(ApiServer &server, Engine::Supervisor &supervisor, Store &store);
};

} // namespace Autopack::Api
