#pragma once

#include <QLoggingCategory>

namespace Autopack::Ui {

// Category "autopack.ui": what the window did on the reviewer's behalf and what was refused.
Q_DECLARE_LOGGING_CATEGORY(lcUi)

} // namespace Autopack::Ui
