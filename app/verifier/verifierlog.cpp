#include "verifierlog.h"

namespace Autopack::Ci {
Q_LOGGING_CATEGORY(lcVerifier, "autopack.verifier")
}
