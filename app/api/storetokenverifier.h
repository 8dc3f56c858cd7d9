#pragma once

// Token verification against the Store's agent_tokens table (hashed tokens, roles,
// revocation), in the shape ApiServer takes.

#include "apiserver.h"

#include <chrono>

namespace Autopack {
class Store;
}

namespace Autopack::Api {

// The store must outlive the server. Store::verifyToken is safe from any thread (one
// connection per thread), which the listener thread needs. An unknown or revoked
// token is InvalidToken; a database failure is Unavailable (503, not 401); a stored
// role this build does not know is refused as InvalidToken and logged.
//
// Store::verifyToken is a write (it records the last use), and doing one per request
// caps the whole API at the speed of one commit. So a verified token is remembered
// for `cacheTtl`; the cache is emptied whenever this Store reports a token created or
// revoked (tokensChanged), so a revocation in this process takes effect at once. A
// revocation by another process (the `token revoke` command) takes effect within
// `cacheTtl`. Zero disables the cache.
ApiServer::TokenVerifier makeStoreTokenVerifier(Store &store,
                                                std::chrono::milliseconds cacheTtl = std::chrono::seconds(1));

} // namespace Autopack::Api
