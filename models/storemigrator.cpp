#include "storemigrator.h"
#include "storelogging.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>

#include <map>

namespace Autopack {

Q_LOGGING_CATEGORY(lcStore, "autopack.store")

namespace {

const QString kMigrationDir = QStringLiteral(":/autopack/migrations");

// version -> resource path, from the NNNN_ prefix of each file name.
std::map<int, QString> migrationFiles()
{
    std::map<int, QString> files;
    static const QRegularExpression pattern(QStringLiteral("^(\\d{4})_[a-z0-9_]+\\.sql$"));
    const QStringList names = QDir(kMigrationDir).entryList(QDir::Files, QDir::Name);
    for (const QString &name : names) {
        const auto match = pattern.match(name);
        if (match.hasMatch())
            files.emplace(match.captured(1).toInt(), kMigrationDir + QLatin1Char('/') + name);
        else
            qCWarning(lcStore) << "ignoring migration resource with an unexpected name:" << name;
    }
    return files;
}

bool hasVersionTable(QSqlDatabase &db)
{
    return db.tables(QSql::Tables).contains(QStringLiteral("schema_migrations"));
}

} // namespace

int StoreMigrator::latestVersion()
{
    const auto files = migrationFiles();
    return files.empty() ? 0 : files.rbegin()->first;
}

StoreResult<int> StoreMigrator::currentVersion(QSqlDatabase &db)
{
    if (!hasVersionTable(db))
        return 0;
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT MAX(version) FROM schema_migrations")))
        return std::unexpected(StoreError::make(
            StoreError::Kind::Open, StoreText::tr("cannot read the schema version of %1: %2")
                                        .arg(db.databaseName(), q.lastError().text())));
    return q.next() ? q.value(0).toInt() : 0;
}

QStringList StoreMigrator::statements(const QString &sql)
{
    QStringList result;
    QString current;
    const QStringList lines = sql.split(QLatin1Char('\n'));
    for (const QString &line : lines) {
        const QString trimmed = line.trimmed();
        if (trimmed.isEmpty() || trimmed.startsWith(QLatin1String("--")))
            continue;
        current += line + QLatin1Char('\n');
        if (trimmed.endsWith(QLatin1Char(';'))) {
            current = current.trimmed();
            current.chop(1);
            result << current;
            current.clear();
        }
    }
    if (!current.trimmed().isEmpty())
        result << current.trimmed();
    return result;
}

StoreResult<int> StoreMigrator::migrate(QSqlDatabase &db, int targetVersion)
{
    const int latest = latestVersion();
    if (targetVersion < 0)
        targetVersion = latest;
    auto current = currentVersion(db);
    if (!current)
        return std::unexpected(current.error());
    if (*current > latest)
        return std::unexpected(StoreError::make(
            StoreError::Kind::SchemaTooNew,
            StoreText::tr("the database %1 has schema version %2, newer than this Autopack knows (%3); it was not changed. "
               "Use a newer Autopack or another --db file.")
                .arg(db.databaseName())
                .arg(*current)
                .arg(latest)));
    if (targetVersion > latest)
        return std::unexpected(StoreError::invalid(
            QStringLiteral("targetVersion"), StoreText::tr("no migration to version %1 exists").arg(targetVersion)));

    QSqlQuery q(db);
    if (!hasVersionTable(db)) {
        if (!q.exec(QStringLiteral("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, "
                                   "name TEXT NOT NULL, applied_at VARCHAR(32) NOT NULL)")))
            return std::unexpected(StoreError::make(
                StoreError::Kind::Migration, StoreText::tr("cannot create schema_migrations: %1").arg(q.lastError().text())));
    }

    int version = *current;
    const auto files = migrationFiles();
    for (const auto &[number, path] : files) {
        if (number <= version || number > targetVersion)
            continue;
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return std::unexpected(StoreError::make(StoreError::Kind::Migration,
                                                    StoreText::tr("cannot read the migration %1").arg(path)));
        const QStringList statements = StoreMigrator::statements(QString::fromUtf8(file.readAll()));
        if (!db.transaction())
            return std::unexpected(StoreError::make(
                StoreError::Kind::Migration,
                StoreText::tr("cannot begin migration %1: %2").arg(number).arg(db.lastError().text())));
        auto fail = [&](const QString &what, const QSqlError &error) {
            q.finish();
            db.rollback();
            return std::unexpected(StoreError::make(
                StoreError::Kind::Migration,
                StoreText::tr("migration %1 (%2) failed, the database stays at version %3: %4: %5")
                    .arg(number)
                    .arg(QFileInfo(path).fileName())
                    .arg(version)
                    .arg(what, error.text())));
        };
        for (const QString &statement : statements) {
            if (!q.exec(statement))
                return fail(statement.section(QLatin1Char('\n'), 0, 0), q.lastError());
        }
        q.prepare(QStringLiteral("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)"));
        q.addBindValue(number);
        q.addBindValue(QFileInfo(path).fileName());
        q.addBindValue(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
        if (!q.exec())
            return fail(QStringLiteral("record version"), q.lastError());
        q.finish();
        if (!db.commit())
            return fail(QStringLiteral("commit"), db.lastError());
        version = number;
        qCInfo(lcStore) << "migrated" << db.databaseName() << "to schema version" << version;
    }
    return version;
}

} // namespace Autopack
