#pragma once

// A request-log entry for the tests of the API tab's model and view. Header-only.

#include "requestlog.h"

namespace Autopack::TestSupport {

inline Api::RequestLogEntry requestLogEntry(const QString &path, int status = 200, const QString &principal = {},
                                            const QString &role = {})
{
    Api::RequestLogEntry e;
    e.time = QDateTime(QDate(2026, 11, 26), QTime(12, 0), Qt::UTC);
    e.method = QStringLiteral("GET");
    e.path = path;
    e.principal = principal;
    e.role = role;
    e.status = status;
    e.durationMs = 1.25;
    return e;
}

} // namespace Autopack::TestSupport
