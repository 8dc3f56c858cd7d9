#include "uilog.h"

namespace Autopack::Ui {

Q_LOGGING_CATEGORY(lcUi, "autopack.ui")

} // namespace Autopack::Ui
