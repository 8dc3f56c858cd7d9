#include "gitlog.h"

Q_LOGGING_CATEGORY(lcGit, "autopack.git", QtInfoMsg)
