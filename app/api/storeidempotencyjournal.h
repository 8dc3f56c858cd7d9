#pragma once

// Idempotency-Key answers kept in the Store's idempotency_keys table, in the shape
// IdempotencyCache takes: an agent that retries after Autopack restarted gets the first
// answer, not a second run.

#include "idempotencycache.h"

#include <chrono>

namespace Autopack {
class Store;
}

namespace Autopack::Api {

// The store must outlive the server. Answers older than `ttl` are deleted when the
// journal is made and then every 1,000 saves. A store that cannot read or write is
// logged and treated as "not kept": the request runs, or its answer is sent unkept.
IdempotencyCache::Journal makeStoreIdempotencyJournal(Store &store,
                                                      std::chrono::milliseconds ttl = std::chrono::hours(24));

} // namespace Autopack::Api
