#pragma once

// Token verification against the Store's agent_tokens table (hashed tokens, roles,
// revocation), in the shape ApiServer takes.

#include "apiserver.h"

namespace Autopack {
class Store;
}

namespace Autopack::Api {

// The store must outlive the server. Store::verifyToken is safe from any thread (one
// connection per thread), which the listener thread needs. An unknown or revoked
// token is InvalidToken; a database failure is Unavailable (503, not 401); a stored
// role this build does not know is refused as InvalidToken and logged.
ApiServer::TokenVerifier makeStoreTokenVerifier(Store &store);

} // namespace Autopack::Api
