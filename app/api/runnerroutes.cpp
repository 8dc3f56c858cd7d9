#include "runnerroutes.h"

#include "jsonvalidator.h"
#include "repository.h"
#include "routehelpers.h"
#include "storeerrorresponse.h"
#include "supervisor.h"
#include "treeexport.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace Autopack::Api {

using Engine::Supervisor;
using H = RouteHelpers;

namespace {

// The run's project repository, opened; nullopt with the error already sent.
std::optional<Git::Repository> repositoryOfRun(Store &store, const QString &runId, const HttpResponder &r)
{
    const auto project = H::projectOfRun(store, runId, r);
    if (!project)
        return std::nullopt;
    auto repo = Git::Repository::open(project->repoPath);
    if (!repo) {
        r.send(HttpResponse::error(500, "internal", repo.error().toString()));
        return std::nullopt;
    }
    return std::move(*repo);
}

bool validCommit(const QString &commit, const HttpResponder &r, const char *field = "commit")
{
    static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{40}$"));
    if (hex.match(commit).hasMatch())
        return true;
    r.send(FieldError { QString::fromLatin1(field),
        QStringLiteral("%1 must be a full 40-digit lowercase hex id, not \"%2\"")
            .arg(QString::fromLatin1(field), commit.left(100)) }
               .toResponse());
    return false;
}

HttpResponse gitErrorResponse(const Git::GitError &e)
{
    if (e.kind == Git::GitError::Kind::NotFound)
        return HttpResponse::error(404, "not_found", e.toString());
    return HttpResponse::error(500, "internal", e.toString());
}

// A JSON string of UTF-8 text (RFC 8259 escapes). Bytes that are no UTF-8 become U+FFFD,
// as QJsonValue would make them.
void appendJsonString(QByteArray &out, const QByteArray &utf8)
{
    if (!utf8.isValidUtf8()) {
        appendJsonString(out, QString::fromUtf8(utf8).toUtf8());
        return;
    }
    static constexpr char hex[] = "0123456789abcdef";
    out += '"';
    for (const char c : utf8) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (u < 0x20) {
            out += "\\u00";
            out += hex[u >> 4];
            out += hex[u & 0xf];
        } else {
            out += c;
        }
    }
    out += '"';
}

void appendOid(QByteArray &out, const git_oid &id)
{
    char text[GIT_OID_HEXSZ + 1];
    git_oid_tostr(text, sizeof text, &id);
    out += '"';
    out.append(text, GIT_OID_HEXSZ);
    out += '"';
}

// {"commit", "tree_id", "entries": [{"path", "mode", "oid", "size"}...]} and, for
// changes, "since" and "deleted": written directly, as a 5,000-entry listing built as
// QJsonObjects costs more than the walk that produced it.
HttpResponse treeJson(const git_oid &commit, const git_oid &treeId, const std::vector<Git::TreeExportEntry> &entries,
    const Git::TreeExportChanges *changes = nullptr)
{
    QByteArray out;
    out.reserve(qsizetype(entries.size()) * 110 + 200);
    out += "{\"commit\":";
    appendOid(out, commit);
    out += ",\"tree_id\":";
    appendOid(out, treeId);
    if (changes) {
        out += ",\"since\":";
        appendOid(out, changes->since);
        out += ",\"deleted\":[";
        for (size_t i = 0; i < changes->deleted.size(); ++i) {
            if (i)
                out += ',';
            appendJsonString(out, changes->deleted[i]);
        }
        out += ']';
    }
    out += ",\"entries\":[";
    for (size_t i = 0; i < entries.size(); ++i) {
        const Git::TreeExportEntry &e = entries[i];
        out += i ? ",{\"path\":" : "{\"path\":";
        appendJsonString(out, e.path);
        out += ",\"mode\":\"";
        out += QByteArray::number(e.mode, 8).rightJustified(6, '0');
        out += "\",\"oid\":";
        appendOid(out, e.oid);
        out += ",\"size\":";
        out += QByteArray::number(e.size);
        out += '}';
    }
    out += "]}";
    HttpResponse response;
    response.status = 200;
    response.setHeader("Content-Type", "application/json");
    response.body = std::move(out);
    return response;
}

} // namespace

std::expected<void, QString> RunnerRoutes::addTo(ApiServer &server, Supervisor &supervisor, Store &store)
{
    Supervisor *sup = &supervisor;
    Store *db = &store;
    QList<Route> routes;

    routes.append(Route { "GET", QStringLiteral("/runs/{run_id}/tree/{commit}"), Access::AnyToken, {},
        [db](const ApiRequest &req, HttpResponder r) {
            const QString commit = req.params.value("commit");
            if (!validCommit(commit, r))
                return;
            const bool delta = req.http.query.hasQueryItem(QStringLiteral("since"));
            const QString since = req.http.query.queryItemValue(QStringLiteral("since"));
            if (delta && !validCommit(since, r, "since"))
                return;
            auto repo = repositoryOfRun(*db, req.params.value("run_id"), r);
            if (!repo)
                return;
            if (!delta) {
                auto listing = Git::TreeExport(*repo).listing(commit);
                if (!listing) {
                    r.send(gitErrorResponse(listing.error()));
                    return;
                }
                r.send(treeJson(listing->commit, listing->treeId, listing->entries));
                return;
            }
            auto changes = Git::TreeExport(*repo).changes(since, commit);
            if (!changes) {
                r.send(gitErrorResponse(changes.error()));
                return;
            }
            r.send(treeJson(changes->commit, changes->treeId, changes->entries, &*changes));
        },
        sup,
        QStringLiteral("Every file and symlink of a commit of the run's repository: path, mode (octal), blob id, size; "
                       "with ?since=COMMIT only what changed since that commit, plus \"deleted\": [paths]"),
        {}, H::schema({ { "commit", "string" }, { "tree_id", "string" }, { "entries", "array:object" } }) });

    routes.append(Route { "POST", QStringLiteral("/runs/{run_id}/archive/{commit}"), Access::AnyToken, {},
        [db](const ApiRequest &req, HttpResponder r) {
            const QString commit = req.params.value("commit");
            if (!validCommit(commit, r))
                return;
            auto body = H::body(req, r, true);
            if (!body)
                return;
            const QJsonValue pathsValue = body->value("paths");
            QStringList paths;
            if (!pathsValue.isUndefined()) {
                if (!pathsValue.isArray()) {
                    r.send(FieldError { "paths", "paths must be an array of repository paths" }.toResponse());
                    return;
                }
                const QJsonArray array = pathsValue.toArray();
                for (qsizetype i = 0; i < array.size(); ++i) {
                    if (!array.at(i).isString() || array.at(i).toString().isEmpty()) {
                        r.send(FieldError { QStringLiteral("paths[%1]").arg(i), "each path is a non-empty string" }
                                   .toResponse());
                        return;
                    }
                    paths << array.at(i).toString();
                }
            }
            auto repo = repositoryOfRun(*db, req.params.value("run_id"), r);
            if (!repo)
                return;
            auto tar = Git::TreeExport(*repo).archive(commit, paths);
            if (!tar) {
                r.send(gitErrorResponse(tar.error()));
                return;
            }
            HttpResponse response;
            response.status = 200;
            response.setHeader("Content-Type", "application/x-tar");
            response.body = *tar;
            r.send(response);
        },
        sup, QStringLiteral("A ustar archive of the given paths of a commit (all files when paths is absent or empty)"),
        H::schema({ { "paths", "array" } }), {} });

    routes.append(Route { "GET", QStringLiteral("/runs/{run_id}/phases/{phase_id}/transcript"), Access::AnyToken, {},
        [db](const ApiRequest &req, HttpResponder r) {
            qint64 after = 0;
            const QString afterText = req.http.query.queryItemValue(QStringLiteral("after"));
            if (!afterText.isEmpty()) {
                bool ok = false;
                after = afterText.toLongLong(&ok);
                if (!ok || after < 0) {
                    r.send(FieldError { "after", "after must be a non-negative event id" }.toResponse());
                    return;
                }
            }
            auto events = db->transcript(req.params.value("run_id"), req.params.value("phase_id"), after);
            if (!events) {
                r.send(storeErrorResponse(events.error()));
                return;
            }
            QJsonArray list;
            for (const TranscriptEvent &e : *events)
                list.append(QJsonObject { { "id", e.id }, { "attempt", e.attempt }, { "role", e.role },
                    { "agent", e.agent }, { "time", e.time.toString(Qt::ISODateWithMs) }, { "kind", e.kind },
                    { "text", e.text }, { "tool", e.tool }, { "path", e.path } });
            r.send(HttpResponse::json(200, QJsonObject { { "events", list } }));
        },
        sup, QStringLiteral("The agent transcript of a phase, oldest first (?after=ID for what came since)"), {},
        H::schema({ { "events", "array:object" } }) });

    return H::addAll(server, std::move(routes));
}

} // namespace Autopack::Api
