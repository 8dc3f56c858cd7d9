#pragma once

#include <QLoggingCategory>

// The workspace library's one logging category: autopack.workspace.
Q_DECLARE_LOGGING_CATEGORY(lcWorkspace)
