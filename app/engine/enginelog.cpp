#include "enginelog.h"

Q_LOGGING_CATEGORY(lcEngine, "autopack.engine")
