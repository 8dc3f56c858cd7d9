#pragma once

#include <QLoggingCategory>

namespace Autopack::Ci {
Q_DECLARE_LOGGING_CATEGORY(lcVerifier) // "autopack.verifier"
}
