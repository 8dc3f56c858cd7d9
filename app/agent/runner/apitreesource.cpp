#include "apitreesource.h"

#include "apiclient.h"
#include "tararchive.h"

#include <QJsonArray>

namespace Autopack::Agent {

namespace {

// The "entries" of a tree answer (a listing or changes); `what` names the answer in errors.
std::expected<QList<TreeEntry>, QString> parseEntries(const QJsonObject &o, const QString &what)
{
    const QJsonArray entries = o.value(QLatin1String("entries")).toArray();
    QList<TreeEntry> out;
    out.reserve(entries.size());
    const QLatin1String pathKey("path"), modeKey("mode"), oidKey("oid"), sizeKey("size");
    for (const QJsonValue &v : entries) {
        const QJsonObject e = v.toObject();
        bool ok = false;
        TreeEntry entry;
        entry.path = e.value(pathKey).toString();
        entry.mode = e.value(modeKey).toString().toUInt(&ok, 8);
        entry.oid = e.value(oidKey).toString();
        entry.size = qint64(e.value(sizeKey).toDouble());
        if (!ok || entry.path.isEmpty() || entry.oid.size() != 40)
            return std::unexpected(QStringLiteral("%1: malformed entry %2").arg(what, entry.path));
        out.append(std::move(entry));
    }
    return out;
}

} // namespace

ApiTreeSource::ApiTreeSource(ApiClient &client, QString runId)
    : m_client(client)
    , m_runId(std::move(runId))
{
}

std::expected<TreeListing, QString> ApiTreeSource::listing(const QString &commit)
{
    const QString what = QStringLiteral("listing of %1").arg(commit);
    auto reply = m_client.get(QStringLiteral("/runs/%1/tree/%2").arg(m_runId, commit));
    if (!reply)
        return std::unexpected(reply.error());
    if (!reply->ok())
        return std::unexpected(QStringLiteral("%1: %2").arg(what, reply->describe()));
    const QJsonObject o = reply->json();
    TreeListing listing;
    listing.commit = o.value(QLatin1String("commit")).toString();
    listing.treeId = o.value(QLatin1String("tree_id")).toString();
    auto entries = parseEntries(o, what);
    if (!entries)
        return std::unexpected(entries.error());
    listing.entries = std::move(*entries);
    if (listing.treeId.size() != 40)
        return std::unexpected(QStringLiteral("%1 names no tree id").arg(what));
    return listing;
}

std::expected<TreeChanges, QString> ApiTreeSource::changes(const QString &since, const QString &commit)
{
    const QString what = QStringLiteral("changes from %1 to %2").arg(since, commit);
    auto reply = m_client.get(QStringLiteral("/runs/%1/tree/%2?since=%3").arg(m_runId, commit, since));
    if (!reply)
        return std::unexpected(reply.error());
    if (!reply->ok())
        return std::unexpected(QStringLiteral("%1: %2").arg(what, reply->describe()));
    const QJsonObject o = reply->json();
    TreeChanges changes;
    changes.since = o.value(QLatin1String("since")).toString();
    changes.commit = o.value(QLatin1String("commit")).toString();
    changes.treeId = o.value(QLatin1String("tree_id")).toString();
    // An engine that ignores ?since answers with the whole listing: not a change set.
    if (changes.since != since || !o.value(QLatin1String("deleted")).isArray())
        return std::unexpected(QStringLiteral("%1: the answer is no change set").arg(what));
    if (changes.treeId.size() != 40)
        return std::unexpected(QStringLiteral("%1 names no tree id").arg(what));
    auto entries = parseEntries(o, what);
    if (!entries)
        return std::unexpected(entries.error());
    changes.entries = std::move(*entries);
    for (const QJsonValue &v : o.value(QLatin1String("deleted")).toArray()) {
        if (!v.isString() || v.toString().isEmpty())
            return std::unexpected(QStringLiteral("%1: malformed deleted path").arg(what));
        changes.deleted.append(v.toString());
    }
    return changes;
}

std::expected<QHash<QString, QByteArray>, QString> ApiTreeSource::files(const QString &commit, const QStringList &paths)
{
    QHash<QString, QByteArray> out;
    if (paths.isEmpty())
        return out;
    auto reply = m_client.postJson(QStringLiteral("/runs/%1/archive/%2").arg(m_runId, commit),
        QJsonObject { { "paths", QJsonArray::fromStringList(paths) } });
    if (!reply)
        return std::unexpected(reply.error());
    if (!reply->ok())
        return std::unexpected(QStringLiteral("archive of %1: %2").arg(commit, reply->describe()));
    auto entries = Git::TarArchive::read(reply->body);
    if (!entries)
        return std::unexpected(QStringLiteral("archive of %1: %2").arg(commit, entries.error().toString()));
    out.reserve(entries->size());
    for (Git::TarEntry &e : *entries)
        out.insert(e.path, std::move(e.data));
    for (const QString &p : paths) {
        if (!out.contains(p))
            return std::unexpected(QStringLiteral("archive of %1 lacks %2").arg(commit, p));
    }
    return out;
}

} // namespace Autopack::Agent
