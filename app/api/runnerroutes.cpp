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
    auto run = store.run(runId);
    auto project = run ? store.project(run->projectId) : StoreResult<Project>(std::unexpected(run.error()));
    if (!project) {
        r.send(storeErrorResponse(project.error()));
        return std::nullopt;
    }
    if (!H::repositoryPresent(*project, r))
        return std::nullopt;
    auto repo = Git::Repository::open(project->repoPath);
    if (!repo) {
        r.send(HttpResponse::error(500, "internal", repo.error().toString()));
        return std::nullopt;
    }
    return std::move(*repo);
}

bool validCommit(const QString &commit, const HttpResponder &r)
{
    static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{40}$"));
    if (hex.match(commit).hasMatch())
        return true;
    r.send(FieldError { "commit", QStringLiteral("commit must be a full 40-digit lowercase hex id, not \"%1\"")
                                      .arg(commit.left(100)) }
               .toResponse());
    return false;
}

HttpResponse gitErrorResponse(const Git::GitError &e)
{
    if (e.kind == Git::GitError::Kind::NotFound)
        return HttpResponse::error(404, "not_found", e.toString());
    return HttpResponse::error(500, "internal", e.toString());
}

QString modeText(quint32 mode)
{
    return QString::number(mode, 8).rightJustified(6, u'0');
}

} // namespace

std::expected<void, QString> RunnerRoutes::addTo(ApiServer &server, Supervisor &supervisor, Store &store)
{
    Supervisor *sup = &supervisor;
    Store *db = &store;
    QList<Route> routes;

    routes.append(Route {
        "GET", QStringLiteral("/runs/{run_id}/tree/{commit}"), Access::AnyToken, {},
        [db](const ApiRequest &req, HttpResponder r) {
            const QString commit = req.params.value("commit");
            if (!validCommit(commit, r))
                return;
            auto repo = repositoryOfRun(*db, req.params.value("run_id"), r);
            if (!repo)
                return;
            auto listing = Git::TreeExport(*repo).listing(commit);
            if (!listing) {
                r.send(gitErrorResponse(listing.error()));
                return;
            }
            QJsonArray entries;
            for (const Git::TreeExportEntry &e : listing->entries)
                entries.append(QJsonObject { { "path", e.path },
                                             { "mode", modeText(e.mode) },
                                             { "oid", Git::oidToString(e.oid) },
                                             { "size", e.size } });
            r.send(HttpResponse::json(200, QJsonObject { { "commit", Git::oidToString(listing->commit) },
                                                         { "tree_id", Git::oidToString(listing->treeId) },
                                                         { "entries", entries } }));
        },
        sup, QStringLiteral("Every file and symlink of a commit of the run's repository: path, mode (octal), blob id, size"),
        {},
        H::schema({ { "commit", "string" }, { "tree_id", "string" }, { "entries", "array:object" } }) });

    routes.append(Route {
        "POST", QStringLiteral("/runs/{run_id}/archive/{commit}"), Access::AnyToken, {},
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
        sup,
        QStringLiteral("A ustar archive of the given paths of a commit (all files when paths is absent or empty)"),
        H::schema({ { "paths", "array" } }), {} });

    routes.append(Route {
        "GET", QStringLiteral("/runs/{run_id}/phases/{phase_id}/transcript"), Access::AnyToken, {},
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
                list.append(QJsonObject { { "id", e.id },
                                          { "attempt", e.attempt },
                                          { "role", e.role },
                                          { "agent", e.agent },
                                          { "time", e.time.toString(Qt::ISODateWithMs) },
                                          { "kind", e.kind },
                                          { "text", e.text },
                                          { "tool", e.tool },
                                          { "path", e.path } });
            r.send(HttpResponse::json(200, QJsonObject { { "events", list } }));
        },
        sup, QStringLiteral("The agent transcript of a phase, oldest first (?after=ID for what came since)"), {},
        H::schema({ { "events", "array:object" } }) });

    return H::addAll(server, std::move(routes));
}

} // namespace Autopack::Api
