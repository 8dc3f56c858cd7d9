#include "reviewerroutes.h"

#include "jsonvalidator.h"
#include "reviewdiff.h"
#include "routehelpers.h"
#include "storeerrorresponse.h"
#include "supervisor.h"

#include <QJsonArray>

namespace Autopack::Api {

using Engine::Supervisor;
using H = RouteHelpers;

namespace {

template<typename T>
QJsonArray jsonList(const QList<T> &items, QJsonObject (*map)(const T &))
{
    QJsonArray out;
    for (const T &item : items)
        out.append(map(item));
    return out;
}

} // namespace

std::expected<void, QString> ReviewerRoutes::addTo(ApiServer &server, Supervisor &supervisor, Store &store)
{
    Supervisor *sup = &supervisor;
    Store *db = &store;
    QList<Route> routes;

    routes.append(Route { "GET", QStringLiteral("/runs/{run_id}/phases/{phase_id}"), Access::AnyToken, {},
        [db](const ApiRequest &req, HttpResponder r) {
            const QString runId = req.params.value("run_id");
            const QString phaseId = req.params.value("phase_id");
            auto phase = db->phase(runId, phaseId);
            if (!phase) {
                r.send(storeErrorResponse(phase.error()));
                return;
            }
            auto ci = db->ciAttempts(runId, phaseId);
            auto issues = db->phaseIssues(runId, phaseId);
            auto reviews = db->reviews(runId, phaseId);
            auto events = db->runEvents(runId, 0, 100000);
            for (const StoreError *e : { ci ? nullptr : &ci.error(), issues ? nullptr : &issues.error(),
                     reviews ? nullptr : &reviews.error(), events ? nullptr : &events.error() }) {
                if (e) {
                    r.send(storeErrorResponse(*e));
                    return;
                }
            }
            QJsonArray phaseEvents;
            for (const Event &e : *events) {
                if (e.entityKind == EntityKind::Phase && e.entityId == phaseId)
                    phaseEvents.append(eventJson(e));
            }
            QJsonObject o = phaseDetailJson(*phase);
            o.insert("ci_results", jsonList<CiAttempt>(*ci, &ciAttemptJson));
            o.insert("issues", jsonList<Issue>(*issues, &issueJson));
            o.insert("reviews", jsonList<Review>(*reviews, &reviewJson));
            o.insert("events", phaseEvents);
            r.send(HttpResponse::json(200, o));
        },
        sup, QStringLiteral("A phase with its candidate commit, CI results, issues, reviews and events"), {},
        H::schema({ { "phase_id", "string" }, { "state", "string" }, { "candidate_commit", "string" },
            { "ci_results", "array:object" }, { "issues", "array:object" }, { "events", "array:object" } }) });

    routes.append(Route { "GET", QStringLiteral("/runs/{run_id}/phases/{phase_id}/diff"), Access::AnyToken, {},
        [db](const ApiRequest &req, HttpResponder r) {
            const QString runId = req.params.value("run_id");
            auto phase = db->phase(runId, req.params.value("phase_id"));
            if (!phase) {
                r.send(storeErrorResponse(phase.error()));
                return;
            }
            if (phase->candidateCommit.isEmpty()) {
                r.send(HttpResponse::error(404, "not_found",
                    QStringLiteral("Phase %1 has no candidate commit yet (state %2)")
                        .arg(phase->phaseId, toString(phase->state))));
                return;
            }
            const auto project = H::projectOfRun(*db, runId, r);
            if (!project)
                return;
            // The candidate against its parent: the integration tip it was made on.
            auto patch = Git::ReviewDiff(project->repoPath).commitPatch(phase->candidateCommit);
            if (!patch) {
                r.send(HttpResponse::error(500, "internal",
                    QStringLiteral("Could not read the diff of %1: %2")
                        .arg(phase->candidateCommit, patch.error().toString())));
                return;
            }
            HttpResponse response;
            response.status = 200;
            response.setHeader("Content-Type", "text/x-diff; charset=utf-8");
            response.body = *patch;
            r.send(response);
        },
        sup, QStringLiteral("The patch text of the phase's candidate commit against its parent"), {}, {} });

    routes.append(
        Route { "POST", QStringLiteral("/runs/{run_id}/phases/{phase_id}/approve"), Access::Roles, { Role::Admin },
            [sup](const ApiRequest &req, HttpResponder r) {
                auto body = H::body(req, r, true);
                if (!body)
                    return;
                JsonValidator v(*body);
                // Names what the reviewer looked at, so a newer attempt is not approved unseen.
                const QString candidate = v.requiredString("candidate_commit", { 4, 64, false });
                if (!v.ok()) {
                    r.send(v.error()->toResponse());
                    return;
                }
                auto phase
                    = sup->approve(req.params.value("run_id"), req.params.value("phase_id"), candidate, H::actor(req));
                r.send(phase ? HttpResponse::json(
                           200, QJsonObject { { "message", "approved" }, { "phase", phaseDetailJson(*phase) } })
                             : supervisorErrorResponse(phase.error()));
            },
            sup, QStringLiteral("Approve the phase's candidate at a reviewer gate (admin)"),
            H::schema({ { "candidate_commit", "string" } }, { "candidate_commit" }),
            H::schema({ { "message", "string" }, { "phase", "object" } }) });

    routes.append(
        Route { "POST", QStringLiteral("/runs/{run_id}/phases/{phase_id}/reject"), Access::Roles, { Role::Admin },
            [sup](const ApiRequest &req, HttpResponder r) {
                auto body = H::body(req, r);
                if (!body)
                    return;
                JsonValidator v(*body);
                const QString reason = v.requiredString("reason", { 1, 10'000, false });
                QList<ReviewComment> comments;
                for (JsonValidator c : v.objects("comments", false)) {
                    ReviewComment comment;
                    comment.path = c.requiredString("path", { 1, 4096, false });
                    comment.line = int(c.requiredInt("line", { 0, 100'000'000 }));
                    comment.text = c.requiredString("text", { 1, 10'000, false });
                    comments.append(comment);
                }
                if (!v.ok()) {
                    r.send(v.error()->toResponse());
                    return;
                }
                auto phase = sup->reject(
                    req.params.value("run_id"), req.params.value("phase_id"), reason, comments, H::actor(req));
                r.send(phase ? HttpResponse::json(
                           200, QJsonObject { { "message", "rejected" }, { "phase", phaseDetailJson(*phase) } })
                             : supervisorErrorResponse(phase.error()));
            },
            sup, QStringLiteral("Reject the phase's candidate with a reason and line comments (admin)"),
            H::schema({ { "reason", "string" }, { "comments", "array:object" } }, { "reason" }),
            H::schema({ { "message", "string" }, { "phase", "object" } }) });

    routes.append(Route { "POST", QStringLiteral("/runs/{run_id}/cancel"), Access::Roles, { Role::Admin },
        [sup](const ApiRequest &req, HttpResponder r) {
            auto body = H::body(req, r, true);
            if (!body)
                return;
            JsonValidator v(*body);
            const QString reason = v.optionalString("reason", { 0, 10'000 }).value_or(QString());
            if (!v.ok()) {
                r.send(v.error()->toResponse());
                return;
            }
            auto run = sup->cancelRun(req.params.value("run_id"),
                reason.isEmpty() ? QStringLiteral("cancelled over the API") : reason, H::actor(req));
            if (!run) {
                r.send(supervisorErrorResponse(run.error()));
                return;
            }
            r.send(HttpResponse::json(200,
                QJsonObject {
                    { "message", "cancelled" }, { "run_id", run->runId }, { "state", toString(run->state) } }));
        },
        sup, QStringLiteral("Cancel a run (admin)"), H::schema({ { "reason", "string" } }),
        H::schema({ { "message", "string" }, { "run_id", "string" }, { "state", "string" } }) });

    routes.append(Route { "POST", QStringLiteral("/runs/{run_id}/promote"), Access::Roles, { Role::Admin },
        [sup](const ApiRequest &req, HttpResponder r) {
            auto promoted = sup->promote(req.params.value("run_id"), H::actor(req));
            if (!promoted) {
                r.send(supervisorErrorResponse(promoted.error()));
                return;
            }
            r.send(HttpResponse::json(200,
                QJsonObject { { "message", "promoted" }, { "kind", promoted->kind },
                    { "base_branch", promoted->baseBranch }, { "old_base", promoted->oldBase },
                    { "new_base", promoted->newBase } }));
        },
        sup, QStringLiteral("Promote a finished run's integration branch into the base branch (admin)"), {},
        H::schema({ { "kind", "string" }, { "base_branch", "string" }, { "old_base", "string" },
            { "new_base", "string" } }) });

    return H::addAll(server, std::move(routes));
}

} // namespace Autopack::Api
