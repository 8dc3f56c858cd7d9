#include "processlog.h"

namespace Autopack::Agent {
Q_LOGGING_CATEGORY(lcAgentProcess, "autopack.agent.process")
}
