#include "apitreesource.h"

#include "apiclient.h"
#include "tararchive.h"

#include <QJsonArray>

namespace Autopack::Agent {

ApiTreeSource::ApiTreeSource(ApiClient &client, QString runId)
    : m_client(client)
    , m_runId(std::move(runId))
{
}

std::expected<TreeListing, QString> ApiTreeSource::listing(const QString &commit)
{
    auto reply = m_client.get(QStringLiteral("/runs/%1/tree/%2").arg(m_runId, commit));
    if (!reply)
        return std::unexpected(reply.error());
    if (!reply->ok())
        return std::unexpected(QStringLiteral("listing of %1: %2").arg(commit, reply->describe()));
    const QJsonObject o = reply->json();
    TreeListing listing;
    listing.commit = o.value(QStringLiteral("commit")).toString();
    listing.treeId = o.value(QStringLiteral("tree_id")).toString();
    const QJsonArray entries = o.value(QStringLiteral("entries")).toArray();
    listing.entries.reserve(entries.size());
    for (const QJsonValue &v : entries) {
        const QJsonObject e = v.toObject();
        bool ok = false;
        TreeEntry entry;
        entry.path = e.value(QStringLiteral("path")).toString();
        entry.mode = e.value(QStringLiteral("mode")).toString().toUInt(&ok, 8);
        entry.oid = e.value(QStringLiteral("oid")).toString();
        entry.size = qint64(e.value(QStringLiteral("size")).toDouble());
        if (!ok || entry.path.isEmpty() || entry.oid.size() != 40)
            return std::unexpected(QStringLiteral("listing of %1: malformed entry %2").arg(commit, entry.path));
        listing.entries.append(entry);
    }
    if (listing.treeId.size() != 40)
        return std::unexpected(QStringLiteral("listing of %1 names no tree id").arg(commit));
    return listing;
}

std::expected<QHash<QString, QByteArray>, QString> ApiTreeSource::files(const QString &commit,
                                                                        const QStringList &paths)
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
