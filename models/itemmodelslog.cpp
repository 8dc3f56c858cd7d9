#include "itemmodelslog.h"

namespace Autopack {

Q_LOGGING_CATEGORY(lcItemModels, "autopack.models", QtInfoMsg)

} // namespace Autopack
