#pragma once
// The read-only endpoints of SPEC §8 and issue 7: issue index and backlog, integration
// status, run and tier metrics, the three reports, and the long-poll event feed.
//
// Handlers run on the Supervisor's thread (the store's writer), so a read never sees a
// half-made step; the event feed parks waiting clients without blocking anything.
#include "apiserver.h"

#include <optional>

namespace Autopack {
class Store;
}

namespace Autopack::Api {

class EventFeed;

class ReportRoutes
{
public:
    // `context` is the object whose thread reads the store (the Supervisor); `feed`
    // lives on that thread too. `defaultProjectId`: the --project one, for the backlog
    // when the request names none (else the only project). All must outlive the server.
    static std::expected<void, QString> addTo(ApiServer &server, QObject &context, Store &store, EventFeed &feed,
                                              std::optional<qint64> defaultProjectId = std::nullopt);
};

} // namespace Autopack::Api
