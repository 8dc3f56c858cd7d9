#pragma once

// The store's logging category, autopack.store.

#include <QLoggingCategory>

namespace Autopack {
Q_DECLARE_LOGGING_CATEGORY(lcStore)
}
