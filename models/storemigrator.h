#pragma once

// Numbered schema migrations, compiled in from resources/migrations/NNNN_name.sql
// (":/autopack/migrations/"). The version is the highest number recorded in the
// schema_migrations table (0 for an empty database). Each migration runs in its own
// transaction together with its schema_migrations row, so a failing one leaves the
// database at the previous version.

#include "storeerror.h"

#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace Autopack {

class StoreMigrator
{
public:
    // The highest migration this build knows.
    static int latestVersion();

    // The version recorded in `db`; 0 when it has no schema_migrations table. Only reads.
    static StoreResult<int> currentVersion(QSqlDatabase &db);

    // Applies the migrations after the current version up to `targetVersion`
    // (default: latest). Refuses a database newer than this build.
    static StoreResult<int> migrate(QSqlDatabase &db, int targetVersion = -1);

    // The statements of one migration file, split at top-level ';' and stripped of
    // '--' comments.
    static QStringList statements(const QString &sql);
};

} // namespace Autopack
