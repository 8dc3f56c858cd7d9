#pragma once

// Qt SQL connections to one database file, one per thread (a QSqlDatabase may only be
// used by the thread that created it). A thread's connection is opened on its first
// use and closed when that QThread finishes (or, for the thread that owns the
// StoreDatabase, when the StoreDatabase is destroyed).
//
// Each connection keeps its prepared statements, so hot paths (state changes) prepare
// their SQL once per thread.

#include "storeerror.h"

#include <QHash>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

#include <memory>

namespace Autopack {

class StoreConnection
{
public:
    StoreConnection(QSqlDatabase db);
    ~StoreConnection();
    StoreConnection(const StoreConnection &) = delete;
    StoreConnection &operator=(const StoreConnection &) = delete;

    QSqlDatabase &database() { return m_db; }
    bool isSqlite() const { return m_sqlite; }

    // A prepared statement for `sql`, cached for this connection. The caller binds,
    // execs and calls finish() (an unfinished SELECT keeps a read snapshot open).
    StoreResult<QSqlQuery *> prepared(const QString &sql);

    // Write transactions take the write lock up front on SQLite (BEGIN IMMEDIATE), so
    // two writer threads wait on busy_timeout instead of failing with SQLITE_BUSY
    // halfway through.
    StoreResult<> beginWrite();
    StoreResult<> beginRead();
    StoreResult<> commit();
    void rollback();
    bool inTransaction() const { return m_inTransaction; }

private:
    QSqlDatabase m_db;
    bool m_sqlite = false;
    bool m_inTransaction = false;
    QHash<QString, QSqlQuery *> m_statements;
};

class StoreDatabase
{
public:
    // `path` is a file path for QSQLITE. Nothing is opened yet. fullSync: see
    // StoreOptions::fullSync.
    explicit StoreDatabase(const QString &path, bool fullSync = false);
    ~StoreDatabase();
    StoreDatabase(const StoreDatabase &) = delete;
    StoreDatabase &operator=(const StoreDatabase &) = delete;

    // QStandardPaths::AppDataLocation/autopack.db
    static QString defaultPath();

    QString path() const { return m_path; }

    // The calling thread's connection, opened (with WAL, foreign keys and busy timeout
    // applied) on first use.
    StoreResult<StoreConnection *> connection();

    // Opens a plain connection without touching the file beyond reading it (no WAL
    // switch, no migrations): used to check the schema version before anything else.
    // The caller closes it with closeProbe().
    StoreResult<QSqlDatabase> openProbe();
    void closeProbe(QSqlDatabase &db);

private:
    struct Registry;
    QString m_path;
    bool m_fullSync = false;
    std::shared_ptr<Registry> m_registry;
};

} // namespace Autopack
