#pragma once

#include <QLoggingCategory>

// The agent libraries' one logging category: autopack.agent.
Q_DECLARE_LOGGING_CATEGORY(lcAgent)
