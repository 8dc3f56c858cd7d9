#pragma once

// How a StoreError answers an API request (SPEC §8): the store already says which
// kind of failure it was, so no handler parses message text to pick a status.
//
//   InvalidInput      400, "field" named
//   Duplicate         400 (SPEC: "Run X already exists" is a 400)
//   NotFound          404
//   IllegalTransition 409, with "current_state" and "requested_state"
//   Unauthorized      401
//   Conflict          409 (someone else holds it, e.g. a leased phase)
//   anything else     500; the detail is logged, the client gets a generic line
//                     (database internals are not the client's business)

#include "httpmessage.h"

namespace Autopack {
struct StoreError;
}

namespace Autopack::Api {

HttpResponse storeErrorResponse(const StoreError &error);

} // namespace Autopack::Api
