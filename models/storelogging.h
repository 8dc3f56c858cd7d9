#pragma once

// The store's logging category (autopack.store) and its translation context: every
// user-visible store message is StoreText::tr(), context "Autopack::Store", so lupdate
// and the runtime agree on one context for the store's files.

#include <QCoreApplication>
#include <QLoggingCategory>

namespace Autopack {
Q_DECLARE_LOGGING_CATEGORY(lcStore)

class StoreText
{
    Q_DECLARE_TR_FUNCTIONS(Autopack::Store)
};
} // namespace Autopack
