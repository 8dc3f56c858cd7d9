#include "storedatabase.h"
#include "storelogging.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QMutex>
#include <QSqlError>
#include <QStandardPaths>
#include <QThread>

#include <atomic>

namespace Autopack {

namespace {

constexpr int kBusyTimeoutMs = 5000;

StoreError sqlError(const QString &what, const QSqlError &error)
{
    return StoreError::make(StoreError::Kind::Sql, StoreText::tr("%1: %2").arg(what, error.text()));
}

// Removes a connection by name; the QSqlDatabase handle must be gone first.
void dropConnection(const QString &name)
{
    {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        if (db.isValid())
            db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

// Opens the SQLite file at `path` as connection `name`; on failure the name is free
// again and the error says which file would not open.
StoreResult<QSqlDatabase> openSqlite(const QString &name, const QString &path)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    db.setDatabaseName(path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(kBusyTimeoutMs));
    if (!db.open()) {
        const QString text = db.lastError().text();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
        return std::unexpected(
            StoreError::make(StoreError::Kind::Open, StoreText::tr("cannot open the database %1: %2").arg(path, text)));
    }
    return db;
}

} // namespace

// Per-thread connections of one StoreDatabase. Shared with the QThread::finished hooks,
// which may run after the StoreDatabase is gone.
struct StoreDatabase::Registry {
    QMutex mutex;
    QHash<QThread *, StoreConnection *> connections;
    QString prefix;
};

StoreConnection::StoreConnection(QSqlDatabase db)
    : m_db(std::move(db))
    , m_sqlite(m_db.driverName() == QLatin1String("QSQLITE"))
{
}

StoreConnection::~StoreConnection()
{
    if (m_inTransaction)
        rollback();
    qDeleteAll(m_statements);
    m_statements.clear();
    const QString name = m_db.connectionName();
    m_db = QSqlDatabase();
    dropConnection(name);
}

StoreResult<QSqlQuery *> StoreConnection::prepared(const QString &sql)
{
    if (auto it = m_statements.constFind(sql); it != m_statements.constEnd())
        return *it;
    auto query = std::make_unique<QSqlQuery>(m_db);
    query->setForwardOnly(true);
    if (!query->prepare(sql))
        return std::unexpected(sqlError(StoreText::tr("cannot prepare \"%1\"").arg(sql.simplified()), query->lastError()));
    QSqlQuery *raw = query.release();
    m_statements.insert(sql, raw);
    return raw;
}

StoreResult<> StoreConnection::beginWrite()
{
    if (m_sqlite) {
        auto q = prepared(QStringLiteral("BEGIN IMMEDIATE"));
        if (!q)
            return std::unexpected(q.error());
        const bool ok = (*q)->exec();
        (*q)->finish();
        if (!ok)
            return std::unexpected(sqlError(StoreText::tr("cannot begin a write transaction"), (*q)->lastError()));
    } else if (!m_db.transaction()) {
        return std::unexpected(sqlError(StoreText::tr("cannot begin a write transaction"), m_db.lastError()));
    }
    m_inTransaction = true;
    return {};
}

StoreResult<> StoreConnection::beginRead()
{
    if (m_sqlite) {
        QSqlQuery q(m_db);
        if (!q.exec(QStringLiteral("BEGIN")))
            return std::unexpected(sqlError(StoreText::tr("cannot begin a read transaction"), q.lastError()));
    } else if (!m_db.transaction()) {
        return std::unexpected(sqlError(StoreText::tr("cannot begin a read transaction"), m_db.lastError()));
    }
    m_inTransaction = true;
    return {};
}

StoreResult<> StoreConnection::commit()
{
    bool ok;
    QSqlError error;
    if (m_sqlite) {
        auto q = prepared(QStringLiteral("COMMIT"));
        if (!q) {
            rollback();
            return std::unexpected(q.error());
        }
        ok = (*q)->exec();
        error = (*q)->lastError();
        (*q)->finish();
    } else {
        ok = m_db.commit();
        error = m_db.lastError();
    }
    if (!ok) {
        rollback();
        return std::unexpected(sqlError(StoreText::tr("cannot commit"), error));
    }
    m_inTransaction = false;
    return {};
}

void StoreConnection::rollback()
{
    // Statements still stepping would make ROLLBACK fail on SQLite.
    for (QSqlQuery *q : std::as_const(m_statements))
        q->finish();
    if (m_sqlite) {
        QSqlQuery q(m_db);
        if (!q.exec(QStringLiteral("ROLLBACK")))
            qCWarning(lcStore) << "rollback failed:" << q.lastError().text();
    } else if (!m_db.rollback()) {
        qCWarning(lcStore) << "rollback failed:" << m_db.lastError().text();
    }
    m_inTransaction = false;
}

StoreDatabase::StoreDatabase(const QString &path, bool fullSync)
    : m_path(path)
    , m_fullSync(fullSync)
    , m_registry(std::make_shared<Registry>())
{
    static std::atomic<int> serial { 0 };
    m_registry->prefix = QStringLiteral("autopack-store-%1-").arg(serial.fetch_add(1));
}

StoreDatabase::~StoreDatabase()
{
    // The owning thread's connection goes now; other threads' connections go when those
    // threads finish (a QSqlDatabase must be closed by the thread that uses it).
    QMutexLocker lock(&m_registry->mutex);
    if (StoreConnection *c = m_registry->connections.take(QThread::currentThread()))
        delete c;
}

QString StoreDatabase::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/autopack.db");
}

StoreResult<QSqlDatabase> StoreDatabase::openProbe()
{
    const QFileInfo info(m_path);
    if (!QDir().mkpath(info.absolutePath()))
        return std::unexpected(StoreError::make(StoreError::Kind::Open,
                                                StoreText::tr("cannot create the directory %1").arg(info.absolutePath())));
    const QString name = m_registry->prefix + QStringLiteral("probe");
    return openSqlite(name, m_path);
}

void StoreDatabase::closeProbe(QSqlDatabase &db)
{
    const QString name = db.connectionName();
    db.close();
    db = QSqlDatabase();
    QSqlDatabase::removeDatabase(name);
}

StoreResult<StoreConnection *> StoreDatabase::connection()
{
    QThread *thread = QThread::currentThread();
    QMutexLocker lock(&m_registry->mutex);
    if (StoreConnection *c = m_registry->connections.value(thread))
        return c;

    const QString name = m_registry->prefix + QString::number(reinterpret_cast<quintptr>(thread), 16);
    QSqlDatabase db;
    {
        // Scoped so that no second handle outlives a failed PRAGMA below and keeps the
        // connection from being removed.
        auto opened = openSqlite(name, m_path);
        if (!opened)
            return std::unexpected(opened.error());
        db = *opened;
    }
    // WAL lets readers go on while a writer commits; NORMAL sync is durable across
    // application crashes in WAL mode and avoids an fsync per commit (StoreOptions).
    const char *pragmas[] = {
        "PRAGMA foreign_keys = ON",
        "PRAGMA busy_timeout = 5000",
        "PRAGMA journal_mode = WAL",
        m_fullSync ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL",
    };
    for (const char *pragma : pragmas) {
        QSqlQuery q(db);
        if (!q.exec(QString::fromLatin1(pragma))) {
            const QString text = q.lastError().text();
            q = QSqlQuery();
            db.close();
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(name);
            return std::unexpected(StoreError::make(
                StoreError::Kind::Open, StoreText::tr("cannot configure the database %1 (%2): %3")
                                            .arg(m_path, QString::fromLatin1(pragma), text)));
        }
    }

    auto *c = new StoreConnection(db);
    m_registry->connections.insert(thread, c);

    // Close this thread's connection from the thread itself as it finishes. The main
    // thread never emits finished; its connection goes with the StoreDatabase.
    // The hook holds the registry so a thread outliving the StoreDatabase still closes
    // its own connection.
    const QCoreApplication *app = QCoreApplication::instance();
    if (!app || thread != app->thread()) {
        std::shared_ptr<Registry> registry = m_registry;
        QObject::connect(
            thread, &QThread::finished, thread,
            [registry, thread] {
                QMutexLocker lock(&registry->mutex);
                delete registry->connections.take(thread);
            },
            Qt::DirectConnection);
    }
    qCDebug(lcStore) << "opened connection" << name << "for" << m_path;
    return c;
}

} // namespace Autopack
