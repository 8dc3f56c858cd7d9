#pragma once

#include <QLoggingCategory>

namespace Autopack::Agent {
Q_DECLARE_LOGGING_CATEGORY(lcAgentProcess) // "autopack.agent.process"
}
