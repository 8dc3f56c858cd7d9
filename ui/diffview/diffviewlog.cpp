#include "diffviewlog.h"

Q_LOGGING_CATEGORY(lcDiffView, "autopack.diffview", QtInfoMsg)
