#include "workspacelog.h"

Q_LOGGING_CATEGORY(lcWorkspace, "autopack.workspace", QtInfoMsg)
