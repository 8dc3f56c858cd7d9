#include "apilog.h"

Q_LOGGING_CATEGORY(lcApi, "autopack.api", QtInfoMsg)
