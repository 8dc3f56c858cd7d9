#include "jsonmapping.h"

#include "apilog.h"
#include "rowjson.h"

namespace Autopack::Api {

namespace {

QJsonValue time(const QDateTime &t)
{
    return t.isValid() ? QJsonValue(t.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue(QJsonValue::Null);
}

} // namespace

QJsonObject phaseSummaryJson(const Phase &p)
{
    return QJsonObject {
        { "id", p.phaseId },
        { "phase_id", p.phaseId },
        { "tier_id", p.tierId },
        { "name", p.name },
        { "description", p.description },
        { "state", toString(p.state) },
        { "task_category", p.taskCategory },
        { "complexity", p.complexity },
        { "builder_mode", p.builderMode },
        { "phase_index", p.phaseIndex },
        { "builder_attempts", p.builderAttempts },
        { "auditor_attempts", p.auditorAttempts },
        { "tokens_used", p.tokensUsed },
        { "cost_usd", p.costUsd },
        { "minor_issues_count", p.minorIssues },
        { "major_issues_count", p.majorIssues },
    };
}

QJsonObject phaseDetailJson(const Phase &p)
{
    QJsonObject o = phaseSummaryJson(p);
    o.insert("run_id", p.runId);
    o.insert("max_builder_attempts", p.maxBuilderAttempts);
    o.insert("max_auditor_attempts", p.maxAuditorAttempts);
    o.insert("incident_token_cap", p.incidentTokenCap);
    o.insert("issue_state", p.issueState);
    o.insert("base_commit", p.baseCommit);
    o.insert("candidate_commit", p.candidateCommit);
    o.insert("awaiting_reviewer", p.awaitingReviewer);
    o.insert("audit_requested", p.auditRequested);
    o.insert("updated_at", time(p.updatedAt));
    return o;
}

QJsonObject tierJson(const Tier &t, const QList<Phase> &phases)
{
    QJsonArray list;
    for (const Phase &p : phases) {
        if (p.tierId == t.tierId)
            list.append(phaseSummaryJson(p));
    }
    return QJsonObject {
        { "id", t.tierId },
        { "tier_id", t.tierId },
        { "name", t.name },
        { "description", t.description },
        { "state", toString(t.state) },
        { "tier_index", t.tierIndex },
        { "cleanliness", toString(t.cleanliness) },
        { "minor_issues_count", t.minorIssues },
        { "major_issues_count", t.majorIssues },
        { "tokens_used", t.tokensUsed },
        { "cost_usd", t.costUsd },
        { "token_cap", t.tokenCap },
        { "ci_runs_used", t.ciRunsUsed },
        { "ci_run_cap", t.ciRunCap },
        { "phases", list },
    };
}

QJsonObject runJson(const Run &r, const QList<Tier> &tiers, const QList<Phase> &phases)
{
    // The store gives tiers and phases in index order already; sorting here would hide
    // a store that stopped doing so from the agents' tests.
    QJsonArray tierList;
    for (const Tier &t : tiers)
        tierList.append(tierJson(t, phases));
    return QJsonObject {
        { "id", r.runId },
        { "run_id", r.runId },
        { "project_id", r.projectId },
        { "state", toString(r.state) },
        { "safety_profile", r.safetyProfile },
        { "run_scope", r.runScope },
        { "token_cap", r.tokenCap },
        { "max_phases", r.maxPhases },
        { "max_duration_minutes", r.maxDurationMinutes },
        { "created_at", time(r.createdAt) },
        { "started_at", time(r.startedAt) },
        { "completed_at", time(r.completedAt) },
        { "tokens_used", r.tokensUsed },
        { "cost_usd", r.costUsd },
        { "ci_runs_used", r.ciRunsUsed },
        { "minor_issues_count", r.minorIssues },
        { "major_issues_count", r.majorIssues },
        { "promotion_eligible_to_main", r.promotionEligible },
        { "debt_status", r.debtStatus },
        { "failure_reason", r.failureReason },
        { "integration_branch", r.integrationBranch },
        { "base_commit", r.baseCommit },
        { "tiers", tierList },
    };
}

QJsonObject runJson(const CreatedRun &created) { return runJson(created.run, created.tiers, created.phases); }

QJsonObject eventJson(const Event &e)
{
    return QJsonObject {
        { "id", e.id },
        { "time", time(e.time) },
        { "entity_kind", toString(e.entityKind) },
        { "run_id", e.runId },
        { "entity_id", e.entityId },
        { "from_state", e.fromState },
        { "to_state", e.toState },
        { "actor", toString(e.actor) },
        { "actor_name", e.actorName },
        { "reason", e.reason },
    };
}

QJsonObject issueJson(const Issue &i)
{
    QJsonObject o = Engine::issueFields(i);
    o.insert("run_id", i.runId);
    o.insert("created_at", time(i.createdAt));
    o.insert("updated_at", time(i.updatedAt));
    return o;
}

QJsonObject runIssueJson(const RunIssue &i)
{
    QJsonObject o = Engine::runIssueFields(i);
    o.insert("run_id", i.runId);
    o.insert("updated_at", time(i.updatedAt));
    return o;
}

QJsonObject backlogIssueJson(const BacklogIssue &i)
{
    QJsonObject o = Engine::backlogIssueFields(i);
    o.insert("project_id", i.projectId);
    o.insert("last_seen", time(i.lastSeen));
    return o;
}

QJsonObject leaseJson(const Lease &l)
{
    return QJsonObject {
        { "lease_id", l.id },
        { "run_id", l.runId },
        { "phase_id", l.phaseId },
        { "role", l.role },
        { "holder", l.holder },
        { "acquired_at", time(l.acquiredAt) },
        { "heartbeat_at", time(l.heartbeatAt) },
        { "expires_at", time(l.expiresAt) },
        { "released_at", time(l.releasedAt) },
        { "release_reason", l.releaseReason },
    };
}

QJsonObject reviewJson(const Review &r)
{
    QJsonArray comments;
    for (const ReviewComment &c : r.comments)
        comments.append(QJsonObject { { "path", c.path }, { "line", c.line }, { "text", c.text } });
    return QJsonObject {
        { "candidate_commit", r.candidateCommit },
        { "decision", r.decision },
        { "reason", r.reason },
        { "reviewer", r.reviewer },
        { "time", time(r.time) },
        { "comments", comments },
    };
}

QJsonObject ciAttemptJson(const CiAttempt &a)
{
    QJsonObject o = Engine::ciAttemptFields(a);
    o.insert("profile", a.profile);
    o.insert("duration_ms", a.durationMs);
    o.insert("truncated", a.truncated);
    o.insert("started_at", time(a.startedAt));
    o.insert("finished_at", time(a.finishedAt));
    return o;
}

namespace {
// The engine names fields as JSON paths ("$.phases[3].tier_id"); the API names them as
// its own validator does, from the body's top ("phases[3].tier_id"; the whole body: "body").
QString apiFieldPath(const QString &field)
{
    if (field == QLatin1String("$"))
        return QStringLiteral("body");
    if (field.startsWith(QLatin1String("$.")))
        return field.mid(2);
    return field;
}
} // namespace

HttpResponse supervisorErrorResponse(const Engine::SupervisorError &error)
{
    if (error.kind == Engine::SupervisorError::Kind::Internal) {
        // Store or repository internals are ours to read, not the client's.
        qCWarning(lcApi) << "supervisor failure:" << error.message;
        return HttpResponse::error(500, error.code(), QStringLiteral("Internal error; see the Autopack log"));
    }
    HttpResponse response
        = HttpResponse::error(error.httpStatus(), error.code(), error.message, apiFieldPath(error.field));
    if (!error.currentState.isEmpty()) {
        QJsonObject body = QJsonDocument::fromJson(response.body).object();
        body.insert("current_state", error.currentState);
        response.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    }
    return response;
}

} // namespace Autopack::Api
