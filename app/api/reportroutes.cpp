#include "reportroutes.h"

#include "eventfeed.h"
#include "githandles.h"
#include "integrationbranch.h"
#include "jsonvalidator.h"
#include "repository.h"
#include "routehelpers.h"
#include "storeerrorresponse.h"

#include <QJsonArray>
#include <QMap>

namespace Autopack::Api {

using H = RouteHelpers;

namespace {

double ratio(qint64 used, qint64 cap) { return cap > 0 ? double(used) / double(cap) : 0.0; }

// A query parameter that must be a whole number in [min, max] when present.
std::optional<qint64> queryInt(
    const ApiRequest &req, const QString &name, qint64 fallback, qint64 min, qint64 max, const HttpResponder &r)
{
    if (!req.http.query.hasQueryItem(name))
        return fallback;
    const QString text = req.http.query.queryItemValue(name, QUrl::FullyDecoded);
    bool ok = false;
    const qint64 v = text.toLongLong(&ok);
    if (!ok || v < min || v > max) {
        r.send(FieldError { name,
            QStringLiteral("%1 must be an integer from %2 to %3, not \"%4\"").arg(name).arg(min).arg(max).arg(text) }
                   .toResponse());
        return std::nullopt;
    }
    return v;
}

QJsonObject runMetrics(const Run &run, const QList<Phase> &phases)
{
    int complete = 0, failed = 0, attempts = 0;
    for (const Phase &p : phases) {
        complete += p.state == PhaseState::Complete;
        failed += p.state == PhaseState::Failed;
        attempts += p.builderAttempts;
    }
    const QDateTime end = run.completedAt.isValid() ? run.completedAt : QDateTime::currentDateTimeUtc();
    return QJsonObject {
        { "run_id", run.runId },
        { "state", toString(run.state) },
        { "tokens_used", run.tokensUsed },
        { "token_cap", run.tokenCap },
        { "token_utilization", ratio(run.tokensUsed, run.tokenCap) },
        { "ci_runs_used", run.ciRunsUsed },
        { "phase_count", int(phases.size()) },
        { "max_phases", run.maxPhases },
        { "phases_complete", complete },
        { "phases_failed", failed },
        { "builder_attempts", attempts },
        { "minor_issues_count", run.minorIssues },
        { "major_issues_count", run.majorIssues },
        { "duration_seconds", run.startedAt.isValid() ? run.startedAt.secsTo(end) : 0 },
    };
}

QJsonObject tierMetrics(const Tier &t, const QList<Phase> &phases)
{
    int count = 0, complete = 0;
    for (const Phase &p : phases) {
        if (p.tierId != t.tierId)
            continue;
        ++count;
        complete += p.state == PhaseState::Complete;
    }
    return QJsonObject {
        { "tier_id", t.tierId },
        { "tier_index", t.tierIndex },
        { "name", t.name },
        { "state", toString(t.state) },
        { "cleanliness", toString(t.cleanliness) },
        { "tokens_used", t.tokensUsed },
        { "token_cap", t.tokenCap },
        { "token_utilization", ratio(t.tokensUsed, t.tokenCap) },
        { "ci_runs_used", t.ciRunsUsed },
        { "ci_run_cap", t.ciRunCap },
        { "minor_issues", t.minorIssues },
        { "major_issues", t.majorIssues },
        { "phase_count", count },
        { "phases_complete", complete },
    };
}

// SPEC §8 default project: the named one, else the --project one, else the only one.
std::optional<qint64> projectFor(
    const ApiRequest &req, Store &store, std::optional<qint64> fallback, const HttpResponder &r)
{
    if (req.http.query.hasQueryItem("project_id")) {
        auto id = queryInt(req, "project_id", 0, 1, std::numeric_limits<qint64>::max(), r);
        if (!id)
            return std::nullopt;
        auto project = store.project(*id);
        if (!project) {
            r.send(storeErrorResponse(project.error()));
            return std::nullopt;
        }
        return *id;
    }
    if (fallback)
        return fallback;
    auto projects = store.projects();
    if (!projects) {
        r.send(storeErrorResponse(projects.error()));
        return std::nullopt;
    }
    if (projects->size() == 1)
        return projects->first().id;
    r.send(HttpResponse::error(409, "conflict",
        projects->isEmpty()
            ? QStringLiteral("No project is registered; start Autopack with --project PATH")
            : QStringLiteral("%1 projects are registered; name one with ?project_id=ID").arg(projects->size())));
    return std::nullopt;
}

} // namespace

std::expected<void, QString> ReportRoutes::addTo(
    ApiServer &server, QObject &context, Store &store, EventFeed &feed, std::optional<qint64> defaultProjectId)
{
    Store *db = &store;
    QObject *ctx = &context;
    QList<Route> routes;

    routes.append(Route { "GET", QStringLiteral("/runs/{run_id}/issues/index"), Access::AnyToken, {},
        [db](const ApiRequest &req, HttpResponder r) {
            const QString runId = req.params.value("run_id");
            auto run = db->run(runId);
            auto index = run ? db->runIssueIndex(runId) : StoreResult<QList<RunIssue>>(std::unexpected(run.error()));
            if (!index) {
                r.send(storeErrorResponse(index.error()));
                return;
            }
            QJsonArray list;
            for (const RunIssue &i : *index)
                list.append(runIssueJson(i));
            r.send(HttpResponse::json(200, QJsonObject { { "run_id", runId }, { "issues", list } }));
        },
        ctx, QStringLiteral("The run's issue index, by issue_key"), {},
        H::schema({ { "run_id", "string" }, { "issues", "array:object" } }) });

    routes.append(Route { "GET", QStringLiteral("/project/issues/backlog"), Access::AnyToken, {},
        [db, defaultProjectId](const ApiRequest &req, HttpResponder r) {
            auto projectId = projectFor(req, *db, defaultProjectId, r);
            if (!projectId)
                return;
            auto backlog = db->backlog(*projectId);
            if (!backlog) {
                r.send(storeErrorResponse(backlog.error()));
                return;
            }
            QJsonArray list;
            for (const BacklogIssue &i : *backlog)
                list.append(backlogIssueJson(i));
            r.send(HttpResponse::json(200, QJsonObject { { "project_id", *projectId }, { "issues", list } }));
        },
        ctx, QStringLiteral("The project's issue backlog (?project_id=, else the default project)"), {},
        H::schema({ { "project_id", "integer" }, { "issues", "array:object" } }) });

    routes.append(Route { "GET", QStringLiteral("/runs/{run_id}/integration_status"), Access::AnyToken, {},
        [db](const ApiRequest &req, HttpResponder r) {
            const QString runId = req.params.value("run_id");
            const auto project = H::projectOfRun(*db, runId, r);
            if (!project)
                return;
            auto repo = Git::Repository::open(project->repoPath);
            auto status = repo ? Git::IntegrationBranch(*repo, runId).status(project->baseBranch)
                               : Git::GitResult<Git::IntegrationStatus>(std::unexpected(repo.error()));
            if (!status) {
                r.send(HttpResponse::error(500, "internal",
                    QStringLiteral("Could not read the integration branch of %1: %2")
                        .arg(runId, status.error().toString())));
                return;
            }
            QJsonArray commits;
            for (const Git::IntegrationCommit &c : status->commits)
                commits.append(QJsonObject { { "sha", Git::oidToString(c.id) }, { "summary", c.summary },
                    { "run_id", c.run }, { "phase_id", c.phase }, { "role", c.role } });
            r.send(HttpResponse::json(200,
                QJsonObject { { "run_id", runId }, { "branch", status->branch }, { "base_branch", status->baseBranch },
                    { "tip", Git::oidToString(status->tip) }, { "base", Git::oidToString(status->base) },
                    { "ahead", qint64(status->ahead) }, { "behind", qint64(status->behind) },
                    { "commits", commits } }));
        },
        ctx, QStringLiteral("The run's integration branch: tip, ahead/behind the base, its commits"), {},
        H::schema({ { "branch", "string" }, { "tip", "string" }, { "ahead", "integer" }, { "behind", "integer" },
            { "commits", "array:object" } }) });

    routes.append(Route { "GET", QStringLiteral("/metrics/runs"), Access::AnyToken, {},
        [db](const ApiRequest &req, HttpResponder r) {
            std::optional<RunState> wanted;
            if (req.http.query.hasQueryItem("status")) {
                const QString text = req.http.query.queryItemValue("status", QUrl::FullyDecoded);
                wanted = runStateFromString(text);
                if (!wanted) {
                    r.send(FieldError { "status", QStringLiteral("status \"%1\" is not a run state").arg(text) }
                               .toResponse());
                    return;
                }
            }
            auto runs = db->runs();
            if (!runs) {
                r.send(storeErrorResponse(runs.error()));
                return;
            }
            QJsonArray list;
            for (const Run &run : *runs) {
                if (wanted && run.state != *wanted)
                    continue;
                auto phases = db->phases(run.runId);
                if (!phases) {
                    r.send(storeErrorResponse(phases.error()));
                    return;
                }
                list.append(runMetrics(run, *phases));
            }
            r.send(HttpResponse::json(200, QJsonObject { { "count", list.size() }, { "runs", list } }));
        },
        ctx, QStringLiteral("Metrics of every run (?status=RUN_STATE to filter)"), {},
        H::schema({ { "count", "integer" }, { "runs", "array:object" } }) });

    routes.append(Route { "GET", QStringLiteral("/metrics/tiers/{run_id}"), Access::AnyToken, {},
        [db](const ApiRequest &req, HttpResponder r) {
            const QString runId = req.params.value("run_id");
            auto run = db->run(runId);
            auto tiers = run ? db->tiers(runId) : StoreResult<QList<Tier>>(std::unexpected(run.error()));
            auto phases = tiers ? db->phases(runId) : StoreResult<QList<Phase>>(std::unexpected(tiers.error()));
            if (!phases) {
                r.send(storeErrorResponse(phases.error()));
                return;
            }
            QJsonArray list;
            for (const Tier &t : *tiers)
                list.append(tierMetrics(t, *phases));
            r.send(HttpResponse::json(200, QJsonObject { { "run_id", runId }, { "tiers", list } }));
        },
        ctx, QStringLiteral("Metrics of each tier of a run"), {},
        H::schema({ { "run_id", "string" }, { "tiers", "array:object" } }) });

    routes.append(Route { "GET", QStringLiteral("/reports/issue_backlog_summary"), Access::AnyToken, {},
        [db](const ApiRequest &, HttpResponder r) {
            auto projects = db->projects();
            if (!projects) {
                r.send(storeErrorResponse(projects.error()));
                return;
            }
            QJsonArray perProject;
            QMap<QString, int> byStatus { { "open", 0 }, { "needs_cleanup", 0 }, { "resolved", 0 } };
            QMap<QString, int> bySeverity { { "minor", 0 }, { "major", 0 } };
            QMap<QString, int> byCategory;
            int total = 0;
            for (const Project &p : *projects) {
                auto backlog = db->backlog(p.id);
                if (!backlog) {
                    r.send(storeErrorResponse(backlog.error()));
                    return;
                }
                int open = 0;
                for (const BacklogIssue &i : *backlog) {
                    ++total;
                    ++byStatus[i.status];
                    ++bySeverity[toString(i.effectiveSeverity)];
                    ++byCategory[i.category];
                    open += i.status != QLatin1String("resolved");
                }
                perProject.append(QJsonObject { { "project_id", p.id }, { "name", p.name },
                    { "total", int(backlog->size()) }, { "unresolved", open } });
            }
            auto toObject = [](const QMap<QString, int> &m) {
                QJsonObject o;
                for (auto it = m.begin(); it != m.end(); ++it)
                    o.insert(it.key(), it.value());
                return o;
            };
            r.send(HttpResponse::json(200,
                QJsonObject { { "total", total }, { "by_status", toObject(byStatus) },
                    { "by_severity", toObject(bySeverity) }, { "by_category", toObject(byCategory) },
                    { "projects", perProject } }));
        },
        ctx, QStringLiteral("Backlog issues counted by status, effective severity, category and project"), {},
        H::schema({ { "total", "integer" }, { "by_status", "object" }, { "by_severity", "object" },
            { "by_category", "object" }, { "projects", "array:object" } }) });

    routes.append(Route { "GET", QStringLiteral("/reports/budget_analysis"), Access::AnyToken, {},
        [db](const ApiRequest &, HttpResponder r) {
            auto runs = db->runs();
            if (!runs) {
                r.send(storeErrorResponse(runs.error()));
                return;
            }
            QJsonArray list;
            qint64 tokens = 0;
            int ciRuns = 0, exhausted = 0;
            for (const Run &run : *runs) {
                auto phases = db->phases(run.runId);
                if (!phases) {
                    r.send(storeErrorResponse(phases.error()));
                    return;
                }
                QJsonObject o = runMetrics(run, *phases);
                o.insert("budget_exhausted", run.state == RunState::DoneFailedBudgetExhausted);
                list.append(o);
                tokens += run.tokensUsed;
                ciRuns += run.ciRunsUsed;
                exhausted += run.state == RunState::DoneFailedBudgetExhausted;
            }
            r.send(HttpResponse::json(200,
                QJsonObject { { "run_count", list.size() }, { "total_tokens_used", tokens },
                    { "total_ci_runs_used", ciRuns }, { "budget_exhausted_runs", exhausted }, { "runs", list } }));
        },
        ctx, QStringLiteral("Token, phase and CI budgets of every run against their caps"), {},
        H::schema({ { "run_count", "integer" }, { "total_tokens_used", "integer" }, { "runs", "array:object" } }) });

    routes.append(Route { "GET", QStringLiteral("/reports/run_summary/{run_id}"), Access::AnyToken, {},
        [db](const ApiRequest &req, HttpResponder r) {
            const QString runId = req.params.value("run_id");
            auto run = db->run(runId);
            auto tiers = run ? db->tiers(runId) : StoreResult<QList<Tier>>(std::unexpected(run.error()));
            auto phases = tiers ? db->phases(runId) : StoreResult<QList<Phase>>(std::unexpected(tiers.error()));
            auto index
                = phases ? db->runIssueIndex(runId) : StoreResult<QList<RunIssue>>(std::unexpected(phases.error()));
            if (!index) {
                r.send(storeErrorResponse(index.error()));
                return;
            }
            QJsonArray tierList;
            for (const Tier &t : *tiers) {
                int count = 0;
                for (const Phase &p : *phases)
                    count += p.tierId == t.tierId;
                tierList.append(QJsonObject { { "tier_id", t.tierId }, { "name", t.name },
                    { "state", toString(t.state) }, { "phase_count", count }, { "minor_issues", t.minorIssues },
                    { "major_issues", t.majorIssues }, { "tokens_used", t.tokensUsed } });
            }
            QJsonArray phaseList;
            for (const Phase &p : *phases)
                phaseList.append(
                    QJsonObject { { "phase_id", p.phaseId }, { "phase_index", p.phaseIndex }, { "tier_id", p.tierId },
                        { "name", p.name }, { "state", toString(p.state) }, { "task_category", p.taskCategory },
                        { "complexity", p.complexity }, { "builder_attempts", p.builderAttempts },
                        { "auditor_attempts", p.auditorAttempts }, { "tokens_used", p.tokensUsed },
                        { "minor_issues", p.minorIssues }, { "major_issues", p.majorIssues } });
            const QJsonObject detail = runJson(*run, {}, {});
            r.send(HttpResponse::json(200,
                QJsonObject {
                    { "run_id", runId },
                    { "state", toString(run->state) },
                    { "safety_profile", run->safetyProfile },
                    { "run_scope", run->runScope },
                    { "budgets",
                        QJsonObject { { "tokens_used", run->tokensUsed }, { "token_cap", run->tokenCap },
                            { "token_utilization", ratio(run->tokensUsed, run->tokenCap) },
                            { "phase_count", int(phases->size()) }, { "max_phases", run->maxPhases } } },
                    { "issues",
                        QJsonObject { { "minor_count", run->minorIssues }, { "major_count", run->majorIssues },
                            { "max_minor_total", run->maxMinorIssuesTotal },
                            { "distinct_issues", int(index->size()) } } },
                    { "tiers", tierList },
                    { "phases", phaseList },
                    { "started_at", detail.value("started_at") },
                    { "completed_at", detail.value("completed_at") },
                }));
        },
        ctx, QStringLiteral("One run's budgets, issues, tiers and phases"), {},
        H::schema({ { "run_id", "string" }, { "state", "string" }, { "budgets", "object" }, { "issues", "object" },
            { "tiers", "array:object" }, { "phases", "array:object" } }) });

    EventFeed *events = &feed;
    routes.append(Route { "GET", QStringLiteral("/events"), Access::AnyToken, {},
        [events](const ApiRequest &req, HttpResponder r) {
            const auto after = queryInt(req, "after", 0, 0, std::numeric_limits<qint64>::max(), r);
            if (!after)
                return;
            const auto wait = queryInt(req, "wait", 0, 0, EventFeed::MaxWaitSeconds, r);
            if (!wait)
                return;
            const auto limit = queryInt(req, "limit", 500, 1, 1000, r);
            if (!limit)
                return;
            events->wait(*after, int(*wait), int(*limit), std::move(r));
        },
        events, QStringLiteral("Events after ?after=ID; with ?wait=SECONDS (at most 30) waits for the next one"), {},
        H::schema({ { "events", "array:object" }, { "last_id", "integer" } }) });

    return H::addAll(server, std::move(routes));
}

} // namespace Autopack::Api
