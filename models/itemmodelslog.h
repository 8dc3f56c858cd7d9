#pragma once

#include <QLoggingCategory>

namespace Autopack {

// Category "autopack.models" of the models library, as seen from the item models.
// A distinct function name keeps it from clashing with the store's declaration of
// the same category; both obey the same logging rules.
Q_DECLARE_LOGGING_CATEGORY(lcItemModels)

} // namespace Autopack
