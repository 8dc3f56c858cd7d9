#include "agentroutes.h"

#include "jsonvalidator.h"
#include "routehelpers.h"
#include "supervisor.h"

#include <QJsonArray>

namespace Autopack::Api {

using Engine::Supervisor;
using H = RouteHelpers;

namespace {

QJsonObject withQuery(QJsonObject body, const QUrlQuery &query)
{
    // SPEC §8: record_issue also takes its fields as query parameters; the body wins.
    for (const auto &[name, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (!body.contains(name))
            body.insert(name, value);
    }
    return body;
}

// The {lease} path parameter; nullopt with the 400 sent.
std::optional<qint64> leaseParameter(const ApiRequest &req, const HttpResponder &r)
{
    bool ok = false;
    const qint64 leaseId = req.params.value("lease").toLongLong(&ok);
    if (!ok || leaseId < 1) {
        r.send(FieldError { "lease",
            QStringLiteral("lease must be a positive integer lease id, not \"%1\"").arg(req.params.value("lease")) }
                   .toResponse());
        return std::nullopt;
    }
    return leaseId;
}

} // namespace

std::expected<void, QString> AgentRoutes::addTo(ApiServer &server, Supervisor &supervisor)
{
    Supervisor *sup = &supervisor;
    QList<Route> routes;

    routes.append(Route { "POST", QStringLiteral("/runs/start"), Access::Roles, { Role::Admin },
        [sup](const ApiRequest &req, HttpResponder r) {
            auto body = H::body(req, r);
            if (!body)
                return;
            std::optional<qint64> projectId;
            const QJsonValue project = body->value("project_id");
            if (!project.isUndefined() && !project.isNull()) {
                const double v = project.toDouble(-1);
                if (!project.isDouble() || v < 1 || v != qint64(v)) {
                    r.send(FieldError { "project_id", "project_id must be a positive integer" }.toResponse());
                    return;
                }
                projectId = qint64(v);
            }
            auto created = sup->createRun(*body, projectId, H::actor(req));
            r.send(created ? HttpResponse::json(201, runJson(*created)) : supervisorErrorResponse(created.error()));
        },
        sup, QStringLiteral("Create a run from a plan"),
        H::schema({ { "run", "object" }, { "tiers", "array:object" }, { "phases", "array:object" },
                      { "project_id", "integer" } },
            { "run", "tiers", "phases" }),
        H::schema({ { "id", "string" }, { "run_id", "string" }, { "state", "string" }, { "tiers", "array:object" } }),
        201 });

    routes.append(Route { "GET", QStringLiteral("/runs/{run_id}"), Access::AnyToken, {},
        [sup](const ApiRequest &req, HttpResponder r) {
            auto detail = sup->runDetail(req.params.value("run_id"));
            r.send(detail ? HttpResponse::json(200, runJson(*detail)) : supervisorErrorResponse(detail.error()));
        },
        sup, QStringLiteral("A run with its tiers and their phases, in index order"), {},
        H::schema(
            { { "id", "string" }, { "run_id", "string" }, { "state", "string" }, { "tiers", "array:object" } }) });

    routes.append(Route { "POST", QStringLiteral("/runs/{run_id}/phases/{phase_id}/update_status"), Access::Roles,
        { Role::Builder },
        [sup](const ApiRequest &req, HttpResponder r) {
            auto body = H::body(req, r);
            if (!body)
                return;
            auto phase
                = sup->updateStatus(req.params.value("run_id"), req.params.value("phase_id"), *body, H::actor(req));
            if (!phase) {
                r.send(supervisorErrorResponse(phase.error()));
                return;
            }
            r.send(HttpResponse::json(200,
                QJsonObject {
                    { "message", QStringLiteral("Phase %1 is %2").arg(phase->phaseId, toString(phase->state)) },
                    { "phase", phaseDetailJson(*phase) } }));
        },
        sup, QStringLiteral("Report a phase's state or a failed attempt (builder)"),
        H::schema(
            { { "state", "string" }, { "builder_attempts", "integer" }, { "tokens_used", "integer" } }, { "state" }),
        H::schema({ { "message", "string" }, { "phase", "object" } }) });

    routes.append(Route { "POST", QStringLiteral("/runs/{run_id}/phases/{phase_id}/record_issue"), Access::Roles,
        { Role::Builder, Role::Auditor },
        [sup](const ApiRequest &req, HttpResponder r) {
            auto body = H::body(req, r, true);
            if (!body)
                return;
            auto recorded = sup->recordIssue(req.params.value("run_id"), req.params.value("phase_id"),
                withQuery(*body, req.http.query), H::actor(req));
            if (!recorded) {
                r.send(supervisorErrorResponse(recorded.error()));
                return;
            }
            r.send(HttpResponse::json(200,
                QJsonObject { { "message", QStringLiteral("Issue %1 recorded").arg(recorded->issue.issueKey) },
                    { "issue", issueJson(recorded->issue) }, { "run_issue", runIssueJson(recorded->runIssue) },
                    { "backlog_issue", backlogIssueJson(recorded->backlogIssue) },
                    { "phase_state", toString(recorded->phase.state) } }));
        },
        sup, QStringLiteral("Record a phase-level issue (body or query parameters)"),
        H::schema({ { "issue_key", "string" }, { "severity", "string" }, { "source", "string" },
                      { "category", "string" }, { "evidence_refs", "array" }, { "description", "string" } },
            { "issue_key", "severity" }),
        H::schema({ { "message", "string" }, { "issue", "object" }, { "run_issue", "object" } }) });

    routes.append(Route { "POST", QStringLiteral("/runs/{run_id}/phases/{phase_id}/builder_result"), Access::Roles,
        { Role::Builder },
        [sup](const ApiRequest &req, HttpResponder r) {
            auto body = H::body(req, r);
            if (!body || !H::pathAgrees(*body, req, "run_id", r) || !H::pathAgrees(*body, req, "phase_id", r))
                return;
            auto outcome
                = sup->builderResult(req.params.value("run_id"), req.params.value("phase_id"), *body, H::actor(req));
            if (!outcome) {
                r.send(supervisorErrorResponse(outcome.error()));
                return;
            }
            r.send(HttpResponse::json(200,
                QJsonObject { { "message", outcome->message }, { "commit_sha", outcome->commitSha },
                    { "phase_state", outcome->phaseState() } }));
        },
        sup, QStringLiteral("Submit a builder's patch and probe results"),
        H::schema({ { "phase_id", "string" }, { "run_id", "string" }, { "patch_content", "string" },
                      { "files_changed", "array" }, { "lines_added", "integer" }, { "lines_removed", "integer" },
                      { "builder_attempts", "integer" }, { "tokens_used", "integer" }, { "cost_usd", "number" },
                      { "duration_minutes", "number" }, { "probe_results", "array:object" },
                      { "suggested_issues", "array:object" }, { "status", "string" }, { "notes", "string" },
                      { "base_commit", "string" } },
            { "status" }),
        H::schema({ { "message", "string" }, { "commit_sha", "string" }, { "phase_state", "string" } }) });

    routes.append(Route { "POST", QStringLiteral("/runs/{run_id}/phases/{phase_id}/auditor_request"), Access::Roles,
        { Role::Builder },
        [sup](const ApiRequest &req, HttpResponder r) {
            auto body = H::body(req, r);
            if (!body || !H::pathAgrees(*body, req, "run_id", r) || !H::pathAgrees(*body, req, "phase_id", r))
                return;
            auto outcome
                = sup->auditorRequest(req.params.value("run_id"), req.params.value("phase_id"), *body, H::actor(req));
            if (!outcome) {
                r.send(supervisorErrorResponse(outcome.error()));
                return;
            }
            r.send(HttpResponse::json(200,
                QJsonObject { { "message", outcome->message }, { "review_focus", outcome->reviewFocus },
                    { "auditor_profile", outcome->auditorProfile } }));
        },
        sup, QStringLiteral("Ask for an auditor's review of a phase (builder, admin)"),
        H::schema({ { "phase_id", "string" }, { "run_id", "string" }, { "tier_id", "string" },
            { "failure_context", "string" }, { "review_focus", "string" }, { "auditor_profile", "string" } }),
        H::schema({ { "message", "string" }, { "review_focus", "string" }, { "auditor_profile", "string" } }) });

    routes.append(Route { "POST", QStringLiteral("/runs/{run_id}/phases/{phase_id}/auditor_result"), Access::Roles,
        { Role::Auditor },
        [sup](const ApiRequest &req, HttpResponder r) {
            auto body = H::body(req, r);
            if (!body || !H::pathAgrees(*body, req, "run_id", r) || !H::pathAgrees(*body, req, "phase_id", r))
                return;
            auto outcome
                = sup->auditorResult(req.params.value("run_id"), req.params.value("phase_id"), *body, H::actor(req));
            if (!outcome) {
                r.send(supervisorErrorResponse(outcome.error()));
                return;
            }
            r.send(HttpResponse::json(200,
                QJsonObject { { "message", outcome->message }, { "recommendation", outcome->recommendation },
                    { "patches_applied", outcome->patchesApplied },
                    { "commit_shas", QJsonArray::fromStringList(outcome->commitShas) },
                    { "phase_state", toString(outcome->phase.state) } }));
        },
        sup, QStringLiteral("Submit an auditor's review and suggested patches"),
        H::schema({ { "phase_id", "string" }, { "run_id", "string" }, { "review_notes", "string" },
            { "issues_found", "array:object" }, { "suggested_patches", "array:object" },
            { "auditor_attempts", "integer" }, { "tokens_used", "integer" }, { "cost_usd", "number" },
            { "recommendation", "string" }, { "confidence", "number" }, { "status", "string" } }),
        H::schema({ { "message", "string" }, { "recommendation", "string" }, { "patches_applied", "integer" },
            { "commit_shas", "array" }, { "phase_state", "string" } }) });

    routes.append(Route { "POST", QStringLiteral("/work/claim"), Access::Roles, { Role::Builder, Role::Auditor },
        [sup](const ApiRequest &req, HttpResponder r) {
            auto body = H::body(req, r, true);
            if (!body)
                return;
            // A builder or auditor token claims for its own role; an admin says which.
            QString role = toString(req.principal->role);
            const QJsonValue asked = body->value("role");
            if (!asked.isUndefined()) {
                if (!asked.isString() || (asked.toString() != "builder" && asked.toString() != "auditor")) {
                    r.send(FieldError { "role", "role must be \"builder\" or \"auditor\"" }.toResponse());
                    return;
                }
                if (req.principal->role != Role::Admin && asked.toString() != role) {
                    r.send(HttpResponse::error(403, "forbidden",
                        QStringLiteral("A %1 token may not claim %2 work").arg(role, asked.toString())));
                    return;
                }
                role = asked.toString();
            } else if (req.principal->role == Role::Admin) {
                r.send(FieldError { "role", "role is required for an admin token: \"builder\" or \"auditor\"" }
                           .toResponse());
                return;
            }
            const QJsonValue reclaim = body->value("reclaim");
            if (!reclaim.isUndefined() && !reclaim.isBool()) {
                r.send(FieldError { "reclaim", "reclaim must be true or false" }.toResponse());
                return;
            }
            auto work = sup->claimWork(role, H::actor(req), reclaim.toBool(true));
            if (!work)
                r.send(supervisorErrorResponse(work.error()));
            else if (!work->has_value())
                r.send(HttpResponse::empty(204));
            else
                r.send(HttpResponse::json(200, (*work)->toJson()));
        },
        sup,
        QStringLiteral("Claim the next phase ready for the caller's role, with a lease; 204 when none. "
                       "reclaim false: skip phases whose lease the caller already holds"),
        H::schema({ { "role", "string" }, { "reclaim", "boolean" } }),
        H::schema({ { "run_id", "string" }, { "phase_id", "string" }, { "base_commit", "string" },
            { "strategy", "object" }, { "lease_id", "integer" }, { "lease_expires_at", "string" } }) });

    routes.append(
        Route { "POST", QStringLiteral("/work/{lease}/heartbeat"), Access::Roles, { Role::Builder, Role::Auditor },
            [sup](const ApiRequest &req, HttpResponder r) {
                auto leaseId = leaseParameter(req, r);
                if (!leaseId)
                    return;
                auto lease = sup->heartbeat(*leaseId, H::actor(req));
                r.send(lease ? HttpResponse::json(200, leaseJson(*lease)) : supervisorErrorResponse(lease.error()));
            },
            sup, QStringLiteral("Extend a lease held by the caller"), {},
            H::schema({ { "lease_id", "integer" }, { "expires_at", "string" } }) });

    routes.append(
        Route { "POST", QStringLiteral("/work/{lease}/release"), Access::Roles, { Role::Builder, Role::Auditor },
            [sup](const ApiRequest &req, HttpResponder r) {
                auto leaseId = leaseParameter(req, r);
                if (!leaseId)
                    return;
                auto body = H::body(req, r, true);
                if (!body)
                    return;
                const QJsonValue reason = body->value("reason");
                const QJsonValue limited = body->value("rate_limited");
                if (!reason.isUndefined() && !reason.isString()) {
                    r.send(FieldError { "reason", "reason must be a string" }.toResponse());
                    return;
                }
                if (!limited.isUndefined() && !limited.isBool()) {
                    r.send(FieldError { "rate_limited", "rate_limited must be true or false" }.toResponse());
                    return;
                }
                auto lease = sup->releaseWork(*leaseId, H::actor(req), reason.toString(), limited.toBool());
                r.send(lease ? HttpResponse::json(200, leaseJson(*lease)) : supervisorErrorResponse(lease.error()));
            },
            sup,
            QStringLiteral("Give the phase back without a result and without an attempt charged (a rate-limited agent, "
                           "a runner stopping)"),
            H::schema({ { "reason", "string" }, { "rate_limited", "boolean" } }),
            H::schema({ { "lease_id", "integer" }, { "released_at", "string" } }) });

    routes.append(Route { "POST", QStringLiteral("/work/{lease}/transcript"), Access::Roles,
        { Role::Builder, Role::Auditor },
        [sup](const ApiRequest &req, HttpResponder r) {
            auto leaseId = leaseParameter(req, r);
            if (!leaseId)
                return;
            auto body = H::body(req, r);
            if (!body)
                return;
            const QJsonValue list = body->value("events");
            if (!list.isArray()) {
                r.send(FieldError { "events", "events must be an array of {kind, text, tool?, path?}" }.toResponse());
                return;
            }
            QList<TranscriptEvent> events;
            const QJsonArray array = list.toArray();
            if (array.size() > 1000) {
                r.send(FieldError { "events", "at most 1000 events per request" }.toResponse());
                return;
            }
            for (qsizetype i = 0; i < array.size(); ++i) {
                const QJsonObject o = array.at(i).toObject();
                const QString at = QStringLiteral("events[%1]").arg(i);
                if (!array.at(i).isObject() || !o.value("kind").isString()) {
                    r.send(FieldError { at + ".kind", "each event is an object with a string kind" }.toResponse());
                    return;
                }
                for (const char *key : { "text", "tool", "path" }) {
                    if (!o.value(key).isUndefined() && !o.value(key).isString()) {
                        r.send(
                            FieldError { at + "." + key, QStringLiteral("%1 must be a string").arg(key) }.toResponse());
                        return;
                    }
                }
                TranscriptEvent e;
                e.kind = o.value("kind").toString();
                e.text = o.value("text").toString();
                e.tool = o.value("tool").toString();
                e.path = o.value("path").toString();
                e.role = req.principal->role == Role::Auditor ? QStringLiteral("auditor") : QStringLiteral("builder");
                events << e;
            }
            auto n = sup->appendTranscript(*leaseId, H::actor(req), events, req.principal->role == Role::Admin);
            r.send(n ? HttpResponse::json(200, QJsonObject { { "stored", *n } }) : supervisorErrorResponse(n.error()));
        },
        sup, QStringLiteral("Append the agent's normalised events to the transcript of the attempt the lease is for"),
        H::schema({ { "events", "array:object" } }, { "events" }), H::schema({ { "stored", "integer" } }) });

    return H::addAll(server, std::move(routes));
}

} // namespace Autopack::Api
