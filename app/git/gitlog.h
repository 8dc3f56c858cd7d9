#pragma once

#include <QLoggingCategory>

// The git layer's one logging category: autopack.git.
Q_DECLARE_LOGGING_CATEGORY(lcGit)
