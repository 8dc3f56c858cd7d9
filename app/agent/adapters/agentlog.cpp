#include "agentlog.h"

Q_LOGGING_CATEGORY(lcAgent, "autopack.agent", QtInfoMsg)
