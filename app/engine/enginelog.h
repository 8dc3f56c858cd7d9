#pragma once

#include <QLoggingCategory>

// "autopack.engine": strategy compilation, budget verdicts, issue aging.
Q_DECLARE_LOGGING_CATEGORY(lcEngine)
