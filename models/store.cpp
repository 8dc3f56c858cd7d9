#include "store.h"
#include "storedatabase.h"
#include "storelogging.h"
#include "storemigrator.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>

#include <cmath>

#include <functional>

namespace Autopack {

namespace {

using Emits = QList<std::function<void()>>;

// ---- value conversions ----------------------------------------------------------------

QString timeText(const QDateTime &t) { return t.toUTC().toString(Qt::ISODateWithMs); }

// A missing time is SQL NULL; a missing string is '' (see run()).
QVariant timeValue(const QDateTime &t)
{
    return t.isValid() ? QVariant(timeText(t)) : QVariant(QMetaType::fromType<QDateTime>());
}

int digits(QStringView s, qsizetype pos, qsizetype n, bool *ok)
{
    int v = 0;
    for (qsizetype i = pos; i < pos + n; ++i) {
        const QChar c = s[i];
        if (c < QLatin1Char('0') || c > QLatin1Char('9')) {
            *ok = false;
            return 0;
        }
        v = v * 10 + (c.unicode() - '0');
    }
    return v;
}

// The store writes "yyyy-MM-ddTHH:mm:ss.zzzZ"; parsing that by hand is several times
// faster than QDateTime::fromString, which matters when a snapshot reads 100k rows.
QDateTime parseTime(const QVariant &v)
{
    if (v.isNull())
        return {};
    const QString s = v.toString();
    if (s.size() == 24 && s[4] == QLatin1Char('-') && s[10] == QLatin1Char('T') && s[19] == QLatin1Char('.')
        && s[23] == QLatin1Char('Z')) {
        bool ok = true;
        const QDate date(digits(s, 0, 4, &ok), digits(s, 5, 2, &ok), digits(s, 8, 2, &ok));
        const QTime time(digits(s, 11, 2, &ok), digits(s, 14, 2, &ok), digits(s, 17, 2, &ok), digits(s, 20, 3, &ok));
        if (ok && date.isValid() && time.isValid())
            return QDateTime(date, time, Qt::UTC);
    }
    return QDateTime::fromString(s, Qt::ISODateWithMs).toUTC();
}

QString listJson(const QStringList &list)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(list)).toJson(QJsonDocument::Compact));
}

QStringList jsonList(const QString &text)
{
    QStringList result;
    const QJsonArray array = QJsonDocument::fromJson(text.toUtf8()).array();
    for (const QJsonValue &v : array)
        result << v.toString();
    return result;
}

bool isJsonObject(const QString &text)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &error);
    return error.error == QJsonParseError::NoError && doc.isObject();
}

template<typename E, typename F>
E decode(const QVariant &v, F fromString, E fallback, const char *what)
{
    const QString s = v.toString();
    if (auto e = fromString(s))
        return *e;
    qCWarning(lcStore) << "unknown" << what << "in the database:" << s;
    return fallback;
}

QDateTime now() { return QDateTime::currentDateTimeUtc(); }

// ---- errors ------------------------------------------------------------------------------

StoreError sqlError(const QString &what, const QSqlError &error)
{
    const QString text = error.text();
    const auto kind = text.contains(QLatin1String("UNIQUE constraint failed"), Qt::CaseInsensitive)
        ? StoreError::Kind::Duplicate
        : StoreError::Kind::Sql;
    return StoreError::make(kind, StoreText::tr("%1: %2").arg(what, text));
}

StoreError notFound(const QString &message) { return StoreError::make(StoreError::Kind::NotFound, message); }

// ---- statements ---------------------------------------------------------------------------

// Finishes a cached statement when it goes out of scope: an unfinished SELECT would keep
// the connection's read snapshot (and the WAL) pinned.
struct Finish {
    QSqlQuery *q;
    ~Finish()
    {
        if (q)
            q->finish();
    }
};

StoreResult<QSqlQuery *> run(StoreConnection &c, const QString &sql, const QVariantList &binds = {})
{
    auto q = c.prepared(sql);
    if (!q)
        return q;
    QSqlQuery *query = *q;
    for (int i = 0; i < binds.size(); ++i) {
        const QVariant &v = binds.at(i);
        // The driver binds a null QString or QByteArray as NULL; our text and blob columns
        // mean "empty" by it (an empty answer body, say).
        if (v.typeId() == QMetaType::QString && v.toString().isNull())
            query->bindValue(i, QStringLiteral(""));
        else if (v.typeId() == QMetaType::QByteArray && v.toByteArray().isNull())
            query->bindValue(i, QByteArray(""));
        else
            query->bindValue(i, v);
    }
    if (!query->exec()) {
        const QSqlError error = query->lastError();
        query->finish();
        return std::unexpected(sqlError(StoreText::tr("statement failed (%1)").arg(sql.simplified().left(80)), error));
    }
    return query;
}

StoreResult<qint64> insert(StoreConnection &c, const QString &sql, const QVariantList &binds)
{
    auto q = run(c, sql, binds);
    if (!q)
        return std::unexpected(q.error());
    const qint64 id = (*q)->lastInsertId().toLongLong();
    (*q)->finish();
    return id;
}

StoreResult<int> exec(StoreConnection &c, const QString &sql, const QVariantList &binds)
{
    auto q = run(c, sql, binds);
    if (!q)
        return std::unexpected(q.error());
    const int affected = (*q)->numRowsAffected();
    (*q)->finish();
    return affected;
}

// ---- rows -----------------------------------------------------------------------------

const QString kProjectColumns = QStringLiteral(
    "id, name, repo_path, base_branch, ruleset_json, ci_commands_json, protected_globs_json, created_at");

Project readProject(const QSqlQuery &q)
{
    Project p;
    p.id = q.value(0).toLongLong();
    p.name = q.value(1).toString();
    p.repoPath = q.value(2).toString();
    p.baseBranch = q.value(3).toString();
    p.rulesetJson = q.value(4).toString();
    p.ciCommandsJson = q.value(5).toString();
    p.protectedGlobs = jsonList(q.value(6).toString());
    p.createdAt = parseTime(q.value(7));
    return p;
}

const QString kRunColumns = QStringLiteral(
    "id, run_id, project_id, state, safety_profile, run_scope, token_cap, max_phases, max_duration_minutes, "
    "max_minor_issues_total, tokens_used, ci_runs_used, minor_issues, major_issues, promotion_eligible, "
    "debt_status, failure_reason, strategy_json, integration_branch, base_commit, created_at, started_at, "
    "completed_at, updated_at, cost_usd");

Run readRun(const QSqlQuery &q)
{
    Run r;
    r.id = q.value(0).toLongLong();
    r.runId = q.value(1).toString();
    r.projectId = q.value(2).toLongLong();
    r.state = decode(q.value(3), runStateFromString, RunState::RunCreated, "run state");
    r.safetyProfile = q.value(4).toString();
    r.runScope = q.value(5).toString();
    r.tokenCap = q.value(6).toLongLong();
    r.maxPhases = q.value(7).toInt();
    r.maxDurationMinutes = q.value(8).toInt();
    r.maxMinorIssuesTotal = q.value(9).toInt();
    r.tokensUsed = q.value(10).toLongLong();
    r.ciRunsUsed = q.value(11).toInt();
    r.minorIssues = q.value(12).toInt();
    r.majorIssues = q.value(13).toInt();
    r.promotionEligible = q.value(14).toInt() != 0;
    r.debtStatus = q.value(15).toString();
    r.failureReason = q.value(16).toString();
    r.strategyJson = q.value(17).toString();
    r.integrationBranch = q.value(18).toString();
    r.baseCommit = q.value(19).toString();
    r.createdAt = parseTime(q.value(20));
    r.startedAt = parseTime(q.value(21));
    r.completedAt = parseTime(q.value(22));
    r.updatedAt = parseTime(q.value(23));
    r.costUsd = q.value(24).toDouble();
    return r;
}

const QString kTierColumns = QStringLiteral(
    "id, run_row_id, run_id, tier_id, tier_index, name, description, state, cleanliness, token_cap, tokens_used, "
    "ci_run_cap, ci_runs_used, max_minor_issues_tolerated, max_major_issues_tolerated, minor_issues, "
    "major_issues, updated_at, cost_usd");

Tier readTier(const QSqlQuery &q)
{
    Tier t;
    t.id = q.value(0).toLongLong();
    t.runRowId = q.value(1).toLongLong();
    t.runId = q.value(2).toString();
    t.tierId = q.value(3).toString();
    t.tierIndex = q.value(4).toInt();
    t.name = q.value(5).toString();
    t.description = q.value(6).toString();
    t.state = decode(q.value(7), tierStateFromString, TierState::Pending, "tier state");
    t.cleanliness = decode(q.value(8), cleanlinessFromString, Cleanliness::Clean, "cleanliness");
    t.tokenCap = q.value(9).toLongLong();
    t.tokensUsed = q.value(10).toLongLong();
    t.ciRunCap = q.value(11).toInt();
    t.ciRunsUsed = q.value(12).toInt();
    t.maxMinorIssuesTolerated = q.value(13).toInt();
    t.maxMajorIssuesTolerated = q.value(14).toInt();
    t.minorIssues = q.value(15).toInt();
    t.majorIssues = q.value(16).toInt();
    t.updatedAt = parseTime(q.value(17));
    t.costUsd = q.value(18).toDouble();
    return t;
}

const QString kPhaseColumns = QStringLiteral(
    "id, run_row_id, tier_row_id, run_id, tier_id, phase_id, phase_index, name, description, task_category, "
    "complexity, builder_mode, state, builder_attempts, max_builder_attempts, auditor_attempts, "
    "max_auditor_attempts, tokens_used, incident_token_cap, minor_issues, major_issues, issue_state, base_commit, "
    "candidate_commit, awaiting_reviewer, updated_at, cost_usd, audit_requested, audit_focus");

Phase readPhase(const QSqlQuery &q)
{
    Phase p;
    p.id = q.value(0).toLongLong();
    p.runRowId = q.value(1).toLongLong();
    p.tierRowId = q.value(2).toLongLong();
    p.runId = q.value(3).toString();
    p.tierId = q.value(4).toString();
    p.phaseId = q.value(5).toString();
    p.phaseIndex = q.value(6).toInt();
    p.name = q.value(7).toString();
    p.description = q.value(8).toString();
    p.taskCategory = q.value(9).toString();
    p.complexity = q.value(10).toString();
    p.builderMode = q.value(11).toString();
    p.state = decode(q.value(12), phaseStateFromString, PhaseState::Queued, "phase state");
    p.builderAttempts = q.value(13).toInt();
    p.maxBuilderAttempts = q.value(14).toInt();
    p.auditorAttempts = q.value(15).toInt();
    p.maxAuditorAttempts = q.value(16).toInt();
    p.tokensUsed = q.value(17).toLongLong();
    p.incidentTokenCap = q.value(18).toLongLong();
    p.minorIssues = q.value(19).toInt();
    p.majorIssues = q.value(20).toInt();
    p.issueState = q.value(21).toString();
    p.baseCommit = q.value(22).toString();
    p.candidateCommit = q.value(23).toString();
    p.awaitingReviewer = q.value(24).toInt() != 0;
    p.updatedAt = parseTime(q.value(25));
    p.costUsd = q.value(26).toDouble();
    p.auditRequested = q.value(27).toInt() != 0;
    p.auditFocus = q.value(28).toString();
    return p;
}

const QString kEventColumns = QStringLiteral(
    "id, time, entity_kind, entity_row_id, run_id, entity_id, from_state, to_state, actor, actor_name, reason");

Event readEvent(const QSqlQuery &q)
{
    Event e;
    e.id = q.value(0).toLongLong();
    e.time = parseTime(q.value(1));
    e.entityKind = decode(q.value(2), entityKindFromString, EntityKind::Run, "entity kind");
    e.entityRowId = q.value(3).toLongLong();
    e.runId = q.value(4).toString();
    e.entityId = q.value(5).toString();
    e.fromState = q.value(6).toString();
    e.toState = q.value(7).toString();
    e.actor = decode(q.value(8), actorFromString, Actor::Supervisor, "actor");
    e.actorName = q.value(9).toString();
    e.reason = q.value(10).toString();
    return e;
}

const QString kIssueColumns = QStringLiteral(
    "id, run_id, tier_id, phase_id, issue_key, severity, effective_severity, source, category, task_category, "
    "complexity, expected_fail, occurrence_count, first_seen_run, last_seen_run, evidence_refs_json, description, "
    "created_at, updated_at");

Issue readIssue(const QSqlQuery &q)
{
    Issue i;
    i.id = q.value(0).toLongLong();
    i.runId = q.value(1).toString();
    i.tierId = q.value(2).toString();
    i.phaseId = q.value(3).toString();
    i.issueKey = q.value(4).toString();
    i.severity = decode(q.value(5), severityFromString, Severity::Minor, "severity");
    i.effectiveSeverity = decode(q.value(6), severityFromString, Severity::Minor, "severity");
    i.source = q.value(7).toString();
    i.category = q.value(8).toString();
    i.taskCategory = q.value(9).toString();
    i.complexity = q.value(10).toString();
    i.expectedFail = q.value(11).toInt() != 0;
    i.occurrenceCount = q.value(12).toInt();
    i.firstSeenRun = q.value(13).toString();
    i.lastSeenRun = q.value(14).toString();
    i.evidenceRefs = jsonList(q.value(15).toString());
    i.description = q.value(16).toString();
    i.createdAt = parseTime(q.value(17));
    i.updatedAt = parseTime(q.value(18));
    return i;
}

const QString kRunIssueColumns
    = QStringLiteral("run_id, issue_key, category, severity, effective_severity, first_phase_index, last_phase_index, "
                     "occurrence_count, tiers_seen_json, phases_seen_json, updated_at");

RunIssue readRunIssue(const QSqlQuery &q)
{
    RunIssue r;
    r.runId = q.value(0).toString();
    r.issueKey = q.value(1).toString();
    r.category = q.value(2).toString();
    r.severity = decode(q.value(3), severityFromString, Severity::Minor, "severity");
    r.effectiveSeverity = decode(q.value(4), severityFromString, Severity::Minor, "severity");
    r.firstPhaseIndex = q.value(5).toInt();
    r.lastPhaseIndex = q.value(6).toInt();
    r.occurrenceCount = q.value(7).toInt();
    r.tiersSeen = jsonList(q.value(8).toString());
    r.phasesSeen = jsonList(q.value(9).toString());
    r.updatedAt = parseTime(q.value(10));
    return r;
}

const QString kBacklogColumns = QStringLiteral(
    "project_id, issue_key, category, base_severity, effective_severity, age_in_runs, age_in_tiers, first_run, "
    "last_run, last_seen, status");

BacklogIssue readBacklogIssue(const QSqlQuery &q)
{
    BacklogIssue b;
    b.projectId = q.value(0).toLongLong();
    b.issueKey = q.value(1).toString();
    b.category = q.value(2).toString();
    b.baseSeverity = decode(q.value(3), severityFromString, Severity::Minor, "severity");
    b.effectiveSeverity = decode(q.value(4), severityFromString, Severity::Minor, "severity");
    b.ageInRuns = q.value(5).toInt();
    b.ageInTiers = q.value(6).toInt();
    b.firstRun = q.value(7).toString();
    b.lastRun = q.value(8).toString();
    b.lastSeen = parseTime(q.value(9));
    b.status = q.value(10).toString();
    return b;
}

const QString kTokenColumns = QStringLiteral("id, name, role, created_at, revoked_at, last_used_at");

AgentToken readToken(const QSqlQuery &q)
{
    AgentToken t;
    t.id = q.value(0).toLongLong();
    t.name = q.value(1).toString();
    t.role = q.value(2).toString();
    t.createdAt = parseTime(q.value(3));
    t.revokedAt = parseTime(q.value(4));
    t.lastUsedAt = parseTime(q.value(5));
    return t;
}

const QString kCiColumns = QStringLiteral(
    "id, run_id, phase_id, attempt, profile, command, candidate_commit, exit_code, duration_ms, output, truncated, "
    "status, started_at, finished_at");

CiAttempt readCiAttempt(const QSqlQuery &q)
{
    CiAttempt a;
    a.id = q.value(0).toLongLong();
    a.runId = q.value(1).toString();
    a.phaseId = q.value(2).toString();
    a.attempt = q.value(3).toInt();
    a.profile = q.value(4).toString();
    a.command = q.value(5).toString();
    a.candidateCommit = q.value(6).toString();
    if (!q.value(7).isNull())
        a.exitCode = q.value(7).toInt();
    a.durationMs = q.value(8).toLongLong();
    a.output = q.value(9).toString();
    a.truncated = q.value(10).toInt() != 0;
    a.status = q.value(11).toString();
    a.startedAt = parseTime(q.value(12));
    a.finishedAt = parseTime(q.value(13));
    return a;
}

// Reads every row of `sql` with `reader`.
template<typename T, typename Reader>
StoreResult<QList<T>> readAll(StoreConnection &c, const QString &sql, const QVariantList &binds, Reader reader)
{
    auto q = run(c, sql, binds);
    if (!q)
        return std::unexpected(q.error());
    Finish finish { *q };
    QList<T> rows;
    while ((*q)->next())
        rows.append(reader(**q));
    return rows;
}

// Reads the one row of `sql`, or NotFound with `missing`.
template<typename T, typename Reader>
StoreResult<T> readOne(
    StoreConnection &c, const QString &sql, const QVariantList &binds, Reader reader, const QString &missing)
{
    auto q = run(c, sql, binds);
    if (!q)
        return std::unexpected(q.error());
    Finish finish { *q };
    if (!(*q)->next())
        return std::unexpected(notFound(missing));
    return reader(**q);
}

// ---- lookups ------------------------------------------------------------------------------

StoreResult<Project> projectById(StoreConnection &c, qint64 id)
{
    return readOne<Project>(c,
        QStringLiteral("SELECT ") + kProjectColumns + QStringLiteral(" FROM projects WHERE id = ?"), { id },
        readProject, StoreText::tr("project %1 not found").arg(id));
}

StoreResult<Run> runById(StoreConnection &c, const QString &runId)
{
    return readOne<Run>(c, QStringLiteral("SELECT ") + kRunColumns + QStringLiteral(" FROM runs WHERE run_id = ?"),
        { runId }, readRun, StoreText::tr("Run %1 not found").arg(runId));
}

// The run's row id alone: lookups of its children need no more (the run row carries the
// frozen strategy, the widest text in the schema).
StoreResult<qint64> runRowId(StoreConnection &c, const QString &runId)
{
    return readOne<qint64>(
        c, QStringLiteral("SELECT id FROM runs WHERE run_id = ?"), { runId },
        [](const QSqlQuery &q) { return q.value(0).toLongLong(); }, StoreText::tr("Run %1 not found").arg(runId));
}

StoreResult<Run> runByRow(StoreConnection &c, qint64 id)
{
    return readOne<Run>(c, QStringLiteral("SELECT ") + kRunColumns + QStringLiteral(" FROM runs WHERE id = ?"), { id },
        readRun, StoreText::tr("run row %1 not found").arg(id));
}

StoreResult<Tier> tierByRow(StoreConnection &c, qint64 id)
{
    return readOne<Tier>(c, QStringLiteral("SELECT ") + kTierColumns + QStringLiteral(" FROM tiers WHERE id = ?"),
        { id }, readTier, StoreText::tr("tier row %1 not found").arg(id));
}

StoreResult<Phase> phaseByRow(StoreConnection &c, qint64 id)
{
    return readOne<Phase>(c, QStringLiteral("SELECT ") + kPhaseColumns + QStringLiteral(" FROM phases WHERE id = ?"),
        { id }, readPhase, StoreText::tr("phase row %1 not found").arg(id));
}

// The row of a tier or phase in a run by its id in the plan; NotFound says whether the
// run or the row is missing.
template<typename T, typename Reader>
StoreResult<T> childById(StoreConnection &c, const QString &columns, const char *table, const char *idColumn,
    const QString &runId, const QString &id, Reader reader, const QString &missing)
{
    auto row = readOne<T>(c,
        QStringLiteral("SELECT %1 FROM %2 WHERE run_id = ? AND %3 = ?")
            .arg(columns, QLatin1String(table), QLatin1String(idColumn)),
        { runId, id }, reader, missing);
    if (!row && row.error().kind == StoreError::Kind::NotFound) {
        if (auto r = runById(c, runId); !r)
            return std::unexpected(r.error());
    }
    return row;
}

StoreResult<Tier> tierById(StoreConnection &c, const QString &runId, const QString &tierId)
{
    return childById<Tier>(c, kTierColumns, "tiers", "tier_id", runId, tierId, readTier,
        StoreText::tr("tier %1 not found in run %2").arg(tierId, runId));
}

StoreResult<Phase> phaseById(StoreConnection &c, const QString &runId, const QString &phaseId)
{
    return childById<Phase>(c, kPhaseColumns, "phases", "phase_id", runId, phaseId, readPhase,
        StoreText::tr("phase %1 not found in run %2").arg(phaseId, runId));
}

// A run's tiers and phases in plan order (tier index, then phase index).
StoreResult<QList<Tier>> tiersOfRun(StoreConnection &c, qint64 runRow)
{
    return readAll<Tier>(c,
        QStringLiteral("SELECT ") + kTierColumns
            + QStringLiteral(" FROM tiers WHERE run_row_id = ? ORDER BY tier_index, id"),
        { runRow }, readTier);
}

StoreResult<QList<Phase>> phasesOfRun(StoreConnection &c, qint64 runRow)
{
    static const QString sql = QStringLiteral("SELECT p.")
        + QString(kPhaseColumns).replace(QStringLiteral(", "), QStringLiteral(", p."))
        + QStringLiteral(" FROM phases p JOIN tiers t ON t.id = p.tier_row_id WHERE p.run_row_id = ? "
                         "ORDER BY t.tier_index, p.phase_index, p.id");
    return readAll<Phase>(c, sql, { runRow }, readPhase);
}

StoreResult<Event> appendEvent(StoreConnection &c, Event e)
{
    e.time = now();
    auto id = insert(c,
        QStringLiteral("INSERT INTO events (time, entity_kind, entity_row_id, run_id, entity_id, "
                       "from_state, to_state, actor, actor_name, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        { timeText(e.time), toString(e.entityKind), e.entityRowId, e.runId, e.entityId, e.fromState, e.toState,
            toString(e.actor), e.actorName, e.reason });
    if (!id)
        return std::unexpected(id.error());
    e.id = *id;
    return e;
}

// ---- updates ------------------------------------------------------------------------------

struct Assignments {
    QStringList columns;
    QVariantList values;
    void set(const char *column, const QVariant &value)
    {
        columns << QString::fromLatin1(column);
        values << value;
    }
    template<typename T>
    void maybe(const char *column, const std::optional<T> &value)
    {
        if (value)
            set(column, QVariant::fromValue(*value));
    }
};

// The first negative count or budget among an update's `fields`, as an error naming its
// column; the list order is the order the fields are checked in.
StoreResult<> nonNegative(std::initializer_list<std::pair<const char *, std::optional<qint64>>> fields)
{
    for (const auto &[field, v] : fields) {
        if (v && *v < 0)
            return std::unexpected(StoreError::invalid(QString::fromLatin1(field),
                StoreText::tr("%1 must not be negative (got %2)").arg(QLatin1String(field)).arg(*v)));
    }
    return {};
}

StoreResult<> checkUpdate(const RunUpdate &u)
{
    return nonNegative({ { "token_cap", u.tokenCap }, { "tokens_used", u.tokensUsed }, { "max_phases", u.maxPhases },
        { "max_duration_minutes", u.maxDurationMinutes }, { "max_minor_issues_total", u.maxMinorIssuesTotal },
        { "ci_runs_used", u.ciRunsUsed }, { "minor_issues", u.minorIssues }, { "major_issues", u.majorIssues } });
}

Assignments assignments(const RunUpdate &u)
{
    Assignments a;
    a.maybe("token_cap", u.tokenCap);
    a.maybe("max_phases", u.maxPhases);
    a.maybe("max_duration_minutes", u.maxDurationMinutes);
    a.maybe("max_minor_issues_total", u.maxMinorIssuesTotal);
    a.maybe("tokens_used", u.tokensUsed);
    a.maybe("ci_runs_used", u.ciRunsUsed);
    a.maybe("minor_issues", u.minorIssues);
    a.maybe("major_issues", u.majorIssues);
    if (u.promotionEligible)
        a.set("promotion_eligible", *u.promotionEligible ? 1 : 0);
    a.maybe("debt_status", u.debtStatus);
    a.maybe("failure_reason", u.failureReason);
    a.maybe("strategy_json", u.strategyJson);
    a.maybe("integration_branch", u.integrationBranch);
    a.maybe("base_commit", u.baseCommit);
    return a;
}

StoreResult<> checkUpdate(const TierUpdate &u)
{
    return nonNegative({ { "token_cap", u.tokenCap }, { "tokens_used", u.tokensUsed }, { "ci_run_cap", u.ciRunCap },
        { "ci_runs_used", u.ciRunsUsed }, { "max_minor_issues_tolerated", u.maxMinorIssuesTolerated },
        { "max_major_issues_tolerated", u.maxMajorIssuesTolerated }, { "minor_issues", u.minorIssues },
        { "major_issues", u.majorIssues } });
}

Assignments assignments(const TierUpdate &u)
{
    Assignments a;
    if (u.cleanliness)
        a.set("cleanliness", toString(*u.cleanliness));
    a.maybe("token_cap", u.tokenCap);
    a.maybe("tokens_used", u.tokensUsed);
    a.maybe("ci_run_cap", u.ciRunCap);
    a.maybe("ci_runs_used", u.ciRunsUsed);
    a.maybe("max_minor_issues_tolerated", u.maxMinorIssuesTolerated);
    a.maybe("max_major_issues_tolerated", u.maxMajorIssuesTolerated);
    a.maybe("minor_issues", u.minorIssues);
    a.maybe("major_issues", u.majorIssues);
    return a;
}

const QStringList kIssueStates { QStringLiteral("no_issues"), QStringLiteral("has_minor_issues"),
    QStringLiteral("has_major_issues") };

StoreResult<> checkUpdate(const PhaseUpdate &u)
{
    if (auto r = nonNegative({ { "tokens_used", u.tokensUsed }, { "incident_token_cap", u.incidentTokenCap },
            { "builder_attempts", u.builderAttempts }, { "max_builder_attempts", u.maxBuilderAttempts },
            { "auditor_attempts", u.auditorAttempts }, { "max_auditor_attempts", u.maxAuditorAttempts },
            { "minor_issues", u.minorIssues }, { "major_issues", u.majorIssues } });
        !r)
        return r;
    if (u.issueState && !kIssueStates.contains(*u.issueState))
        return std::unexpected(StoreError::invalid(QStringLiteral("issue_state"),
            StoreText::tr("issue_state must be one of %1 (got \"%2\")")
                .arg(kIssueStates.join(QLatin1String(", ")), *u.issueState)));
    return {};
}

Assignments assignments(const PhaseUpdate &u)
{
    Assignments a;
    a.maybe("builder_attempts", u.builderAttempts);
    a.maybe("max_builder_attempts", u.maxBuilderAttempts);
    a.maybe("auditor_attempts", u.auditorAttempts);
    a.maybe("max_auditor_attempts", u.maxAuditorAttempts);
    a.maybe("tokens_used", u.tokensUsed);
    a.maybe("incident_token_cap", u.incidentTokenCap);
    a.maybe("minor_issues", u.minorIssues);
    a.maybe("major_issues", u.majorIssues);
    a.maybe("issue_state", u.issueState);
    a.maybe("base_commit", u.baseCommit);
    a.maybe("candidate_commit", u.candidateCommit);
    if (u.awaitingReviewer)
        a.set("awaiting_reviewer", *u.awaitingReviewer ? 1 : 0);
    if (u.auditRequested)
        a.set("audit_requested", *u.auditRequested ? 1 : 0);
    a.maybe("audit_focus", u.auditFocus);
    return a;
}

// The phase row as an UPDATE with `u` leaves it, without reading it back (the hot path
// of state changes).
void apply(Phase &p, const PhaseUpdate &u)
{
    p.builderAttempts = u.builderAttempts.value_or(p.builderAttempts);
    p.maxBuilderAttempts = u.maxBuilderAttempts.value_or(p.maxBuilderAttempts);
    p.auditorAttempts = u.auditorAttempts.value_or(p.auditorAttempts);
    p.maxAuditorAttempts = u.maxAuditorAttempts.value_or(p.maxAuditorAttempts);
    p.tokensUsed = u.tokensUsed.value_or(p.tokensUsed);
    p.incidentTokenCap = u.incidentTokenCap.value_or(p.incidentTokenCap);
    p.minorIssues = u.minorIssues.value_or(p.minorIssues);
    p.majorIssues = u.majorIssues.value_or(p.majorIssues);
    p.issueState = u.issueState.value_or(p.issueState);
    p.baseCommit = u.baseCommit.value_or(p.baseCommit);
    p.candidateCommit = u.candidateCommit.value_or(p.candidateCommit);
    p.awaitingReviewer = u.awaitingReviewer.value_or(p.awaitingReviewer);
    p.auditRequested = u.auditRequested.value_or(p.auditRequested);
    p.auditFocus = u.auditFocus.value_or(p.auditFocus);
}

// UPDATE `table` SET <assignments>, updated_at = now WHERE id = rowId.
// "UPDATE table SET <a>, updated_at = ? WHERE id = ?" with its values.
std::pair<QString, QVariantList> updateStatement(const char *table, qint64 rowId, Assignments a, const QDateTime &stamp)
{
    a.set("updated_at", timeText(stamp));
    QString sql = QStringLiteral("UPDATE %1 SET ").arg(QLatin1String(table));
    for (qsizetype i = 0; i < a.columns.size(); ++i) {
        if (i)
            sql += QStringLiteral(", ");
        sql += a.columns.at(i) + QStringLiteral(" = ?");
    }
    sql += QStringLiteral(" WHERE id = ?");
    a.values << rowId;
    return { sql, a.values };
}

StoreResult<> applyUpdate(
    StoreConnection &c, const char *table, qint64 rowId, Assignments a, const QDateTime &stamp = now())
{
    const auto [sql, values] = updateStatement(table, rowId, std::move(a), stamp);
    auto n = exec(c, sql, values);
    if (!n)
        return std::unexpected(n.error());
    return {};
}

// applyUpdate answering the row as it now is (UPDATE ... RETURNING `columns`): one
// statement where an update and a read were two.
template<typename T, typename Reader>
StoreResult<T> applyUpdateReturning(StoreConnection &c, const char *table, qint64 rowId, Assignments a,
    const QString &columns, Reader reader, const QDateTime &stamp = now())
{
    const auto [sql, values] = updateStatement(table, rowId, std::move(a), stamp);
    return readOne<T>(c, sql + QStringLiteral(" RETURNING ") + columns, values, reader,
        StoreText::tr("%1 row %2 not found").arg(QLatin1String(table)).arg(rowId));
}

const QStringList kRoles { QStringLiteral("builder"), QStringLiteral("auditor"), QStringLiteral("observer"),
    QStringLiteral("admin") };
const QStringList kDecisions { QStringLiteral("approve"), QStringLiteral("reject"), QStringLiteral("revise"),
    QStringLiteral("escalate"), QStringLiteral("comment") };
const QStringList kCiFinalStatuses { QStringLiteral("green"), QStringLiteral("red"), QStringLiteral("timeout"),
    QStringLiteral("environment"), QStringLiteral("cancelled") };
const QStringList kBacklogStatuses { QStringLiteral("open"), QStringLiteral("needs_cleanup"),
    QStringLiteral("resolved") };

QString tokenHash(const QString &plain)
{
    return QString::fromLatin1(QCryptographicHash::hash(plain.toUtf8(), QCryptographicHash::Sha256).toHex());
}

Severity maxSeverity(Severity a, Severity b)
{
    return (a == Severity::Major || b == Severity::Major) ? Severity::Major : Severity::Minor;
}

} // namespace

// ---- transactions -----------------------------------------------------------------------

struct Store::Impl {
    // Runs `body` in one write transaction; on success commits and then runs the queued
    // notifications, on failure rolls back and returns the error.
    template<typename T, typename Body>
    static StoreResult<T> write(const Store &store, Body &&body)
    {
        auto conn = store.m_database->connection();
        if (!conn)
            return std::unexpected(conn.error());
        StoreConnection &c = **conn;
        if (c.inTransaction())
            return std::unexpected(StoreError::make(
                StoreError::Kind::Sql, StoreText::tr("a store write was started inside another one on this thread")));
        if (auto begun = c.beginWrite(); !begun)
            return std::unexpected(begun.error());
        Emits emits;
        StoreResult<T> result = body(c, emits);
        if (!result) {
            c.rollback();
            return result;
        }
        if (auto committed = c.commit(); !committed)
            return std::unexpected(committed.error());
        for (const auto &emit : std::as_const(emits))
            emit();
        return result;
    }

    static StoreResult<Run> runStep(const Store &store, StoreConnection &c, Emits &emits, const QString &runId,
        RunState to, Actor actor, const QString &reason, const TransitionContext &context, const QString &actorName,
        const RunUpdate &alsoSet);
    static StoreResult<Tier> tierStep(const Store &store, StoreConnection &c, Emits &emits, const QString &runId,
        const QString &tierId, TierState to, Actor actor, const QString &reason, const TransitionContext &context,
        const QString &actorName, const TierUpdate &alsoSet);
    static StoreResult<Phase> phaseStep(const Store &store, StoreConnection &c, Emits &emits, const QString &runId,
        const QString &phaseId, PhaseState to, Actor actor, const QString &reason, const TransitionContext &context,
        const QString &actorName, const PhaseUpdate &alsoSet);

    template<typename T, typename Body>
    static StoreResult<T> read(const Store &store, Body &&body)
    {
        auto conn = store.m_database->connection();
        if (!conn)
            return std::unexpected(conn.error());
        return body(**conn);
    }
};

// ---- open -------------------------------------------------------------------------------

Store::Store(std::unique_ptr<StoreDatabase> database, int schemaVersion)
    : m_database(std::move(database))
    , m_notifier(std::make_unique<StoreNotifier>())
    , m_schemaVersion(schemaVersion)
{
}

Store::~Store() = default;

QString Store::defaultPath() { return StoreDatabase::defaultPath(); }

QString Store::path() const { return m_database->path(); }

StoreResult<std::unique_ptr<Store>> Store::open(const QString &path) { return open(path, StoreOptions {}); }

StoreResult<std::unique_ptr<Store>> Store::open(const QString &path, const StoreOptions &options)
{
    if (path.isEmpty())
        return std::unexpected(
            StoreError::invalid(QStringLiteral("path"), StoreText::tr("the database path is empty")));
    auto database = std::make_unique<StoreDatabase>(path, options.fullSync);

    // Check the version on a plain connection first: switching to WAL rewrites the file
    // header, and a database from a newer Autopack must stay byte for byte as it was.
    {
        auto probe = database->openProbe();
        if (!probe)
            return std::unexpected(probe.error());
        auto version = StoreMigrator::currentVersion(*probe);
        database->closeProbe(*probe);
        if (!version)
            return std::unexpected(version.error());
        if (*version > StoreMigrator::latestVersion())
            return std::unexpected(StoreError::make(StoreError::Kind::SchemaTooNew,
                StoreText::tr(
                    "the database %1 has schema version %2, newer than this Autopack knows (%3); it was not changed. "
                    "Use a newer Autopack or another --db file.")
                    .arg(path)
                    .arg(*version)
                    .arg(StoreMigrator::latestVersion())));
    }

    // Tokens live in this file: keep it private to the user (SPEC §8), before WAL mode
    // creates its -wal and -shm files, which SQLite gives the main file's permissions.
    for (const QString &file : QStringList { path, path + QStringLiteral("-wal"), path + QStringLiteral("-shm") }) {
        if (QFile::exists(file))
            QFile::setPermissions(file, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    }
    auto conn = database->connection();
    if (!conn)
        return std::unexpected(conn.error());
    auto migrated = StoreMigrator::migrate((*conn)->database());
    if (!migrated)
        return std::unexpected(migrated.error());
    return std::unique_ptr<Store>(new Store(std::move(database), *migrated));
}

// ---- projects -----------------------------------------------------------------------------

namespace {

StoreResult<> validateProject(const Project &p)
{
    if (p.name.trimmed().isEmpty())
        return std::unexpected(
            StoreError::invalid(QStringLiteral("project.name"), StoreText::tr("project.name is required")));
    if (p.repoPath.trimmed().isEmpty())
        return std::unexpected(
            StoreError::invalid(QStringLiteral("project.repo_path"), StoreText::tr("project.repo_path is required")));
    if (p.baseBranch.trimmed().isEmpty())
        return std::unexpected(StoreError::invalid(
            QStringLiteral("project.base_branch"), StoreText::tr("project.base_branch is required")));
    if (!isJsonObject(p.rulesetJson))
        return std::unexpected(StoreError::invalid(
            QStringLiteral("project.ruleset_json"), StoreText::tr("project.ruleset_json is not a JSON object")));
    if (!isJsonObject(p.ciCommandsJson))
        return std::unexpected(StoreError::invalid(QStringLiteral("project.ci_commands_json"),
            StoreText::tr("project.ci_commands_json is not a JSON object")));
    return {};
}

StoreError projectDuplicate(const StoreError &e, const Project &p)
{
    if (e.kind != StoreError::Kind::Duplicate)
        return e;
    const QString which = e.message.contains(QLatin1String("repo_path"))
        ? StoreText::tr("a project for the repository %1 already exists").arg(p.repoPath)
        : StoreText::tr("a project named %1 already exists").arg(p.name);
    return StoreError::make(StoreError::Kind::Duplicate, which);
}

} // namespace

StoreResult<Project> Store::addProject(const Project &project)
{
    if (auto valid = validateProject(project); !valid)
        return std::unexpected(valid.error());
    return Impl::write<Project>(*this, [&](StoreConnection &c, Emits &emits) -> StoreResult<Project> {
        auto id = insert(c,
            QStringLiteral("INSERT INTO projects (name, repo_path, base_branch, ruleset_json, "
                           "ci_commands_json, protected_globs_json, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"),
            { project.name, project.repoPath, project.baseBranch, project.rulesetJson, project.ciCommandsJson,
                listJson(project.protectedGlobs), timeText(project.createdAt.isValid() ? project.createdAt : now()) });
        if (!id)
            return std::unexpected(projectDuplicate(id.error(), project));
        auto stored = projectById(c, *id);
        if (stored)
            emits << [n = notifier(), p = *stored] { Q_EMIT n->projectChanged(p); };
        return stored;
    });
}

StoreResult<Project> Store::updateProject(const Project &project)
{
    if (auto valid = validateProject(project); !valid)
        return std::unexpected(valid.error());
    return Impl::write<Project>(*this, [&](StoreConnection &c, Emits &emits) -> StoreResult<Project> {
        auto n = exec(c,
            QStringLiteral("UPDATE projects SET name = ?, repo_path = ?, base_branch = ?, ruleset_json = ?, "
                           "ci_commands_json = ?, protected_globs_json = ? WHERE id = ?"),
            { project.name, project.repoPath, project.baseBranch, project.rulesetJson, project.ciCommandsJson,
                listJson(project.protectedGlobs), project.id });
        if (!n)
            return std::unexpected(projectDuplicate(n.error(), project));
        if (*n == 0)
            return std::unexpected(notFound(StoreText::tr("project %1 not found").arg(project.id)));
        auto stored = projectById(c, project.id);
        if (stored)
            emits << [nt = notifier(), p = *stored] { Q_EMIT nt->projectChanged(p); };
        return stored;
    });
}

StoreResult<QList<Project>> Store::projects() const
{
    return Impl::read<QList<Project>>(*this, [](StoreConnection &c) {
        return readAll<Project>(c,
            QStringLiteral("SELECT ") + kProjectColumns + QStringLiteral(" FROM projects ORDER BY id"), {},
            readProject);
    });
}

StoreResult<Project> Store::project(qint64 id) const
{
    return Impl::read<Project>(*this, [id](StoreConnection &c) { return projectById(c, id); });
}

StoreResult<Project> Store::projectByName(const QString &name) const
{
    return Impl::read<Project>(*this, [&](StoreConnection &c) {
        return readOne<Project>(c,
            QStringLiteral("SELECT ") + kProjectColumns + QStringLiteral(" FROM projects WHERE name = ?"), { name },
            readProject, StoreText::tr("no project named %1").arg(name));
    });
}

StoreResult<Project> Store::projectByPath(const QString &repoPath) const
{
    return Impl::read<Project>(*this, [&](StoreConnection &c) {
        return readOne<Project>(c,
            QStringLiteral("SELECT ") + kProjectColumns + QStringLiteral(" FROM projects WHERE repo_path = ?"),
            { repoPath }, readProject, StoreText::tr("no project for the repository %1").arg(repoPath));
    });
}

// ---- runs -------------------------------------------------------------------------------

namespace {

StoreResult<> validatePlan(Run &run, const QList<Tier> &tiers, const QList<Phase> &phases)
{
    auto bad = [](const QString &field, const QString &message) {
        return std::unexpected(StoreError::invalid(field, message));
    };
    run.runId = run.runId.trimmed();
    if (run.runId.isEmpty())
        return bad(QStringLiteral("run.run_id"), StoreText::tr("run.run_id is required"));
    if (run.state != RunState::PlanBootstrap && run.state != RunState::RunCreated)
        return bad(QStringLiteral("run.state"),
            StoreText::tr("run.state must start as PLAN_BOOTSTRAP or RUN_CREATED, not %1").arg(toString(run.state)));
    if (run.safetyProfile != QLatin1String("normal") && run.safetyProfile != QLatin1String("safety_critical"))
        return bad(QStringLiteral("run.safety_profile"),
            StoreText::tr("run.safety_profile must be normal or safety_critical, not \"%1\"").arg(run.safetyProfile));
    if (run.runScope == QLatin1String("incremental")) // older clients' name for multi_tier
        run.runScope = QStringLiteral("multi_tier");
    if (run.runScope != QLatin1String("multi_tier") && run.runScope != QLatin1String("single_tier"))
        return bad(QStringLiteral("run.run_scope"),
            StoreText::tr("run.run_scope must be multi_tier or single_tier, not \"%1\"").arg(run.runScope));
    if (run.tokenCap < 0 || run.maxPhases < 0 || run.maxDurationMinutes < 0 || run.maxMinorIssuesTotal < 0)
        return bad(QStringLiteral("run"), StoreText::tr("run budgets must not be negative"));

    QSet<QString> tierIds;
    for (qsizetype i = 0; i < tiers.size(); ++i) {
        const Tier &t = tiers.at(i);
        const QString field = QStringLiteral("tiers[%1].tier_id").arg(i);
        if (t.tierId.trimmed().isEmpty())
            return bad(field, StoreText::tr("%1 is required").arg(field));
        if (tierIds.contains(t.tierId))
            return bad(field, StoreText::tr("%1: tier %2 appears twice").arg(field, t.tierId));
        if (t.state != TierState::Pending)
            return bad(QStringLiteral("tiers[%1].state").arg(i),
                StoreText::tr("tiers[%1].state must start as PENDING, not %2").arg(i).arg(toString(t.state)));
        tierIds.insert(t.tierId);
    }
    QSet<QString> phaseIds;
    for (qsizetype i = 0; i < phases.size(); ++i) {
        const Phase &p = phases.at(i);
        const QString field = QStringLiteral("phases[%1].phase_id").arg(i);
        if (p.phaseId.trimmed().isEmpty())
            return bad(field, StoreText::tr("%1 is required").arg(field));
        if (phaseIds.contains(p.phaseId))
            return bad(field, StoreText::tr("%1: phase %2 appears twice").arg(field, p.phaseId));
        if (!tierIds.contains(p.tierId))
            return bad(QStringLiteral("phases[%1].tier_id").arg(i),
                StoreText::tr("phases[%1].tier_id: unknown tier \"%2\"").arg(i).arg(p.tierId));
        if (p.state != PhaseState::Queued)
            return bad(QStringLiteral("phases[%1].state").arg(i),
                StoreText::tr("phases[%1].state must start as QUEUED, not %2").arg(i).arg(toString(p.state)));
        if (!kIssueStates.contains(p.issueState))
            return bad(QStringLiteral("phases[%1].issue_state").arg(i),
                StoreText::tr("phases[%1].issue_state is not one of %2")
                    .arg(i)
                    .arg(kIssueStates.join(QLatin1String(", "))));
        phaseIds.insert(p.phaseId);
    }
    return {};
}

} // namespace

StoreResult<CreatedRun> Store::createRun(
    const Run &runIn, const QList<Tier> &tiers, const QList<Phase> &phases, Actor actor, const QString &actorName)
{
    Run run = runIn;
    if (auto valid = validatePlan(run, tiers, phases); !valid)
        return std::unexpected(valid.error());
    return Impl::write<CreatedRun>(*this, [&](StoreConnection &c, Emits &emits) -> StoreResult<CreatedRun> {
        if (auto p = projectById(c, run.projectId); !p) {
            if (p.error().kind == StoreError::Kind::NotFound)
                return std::unexpected(StoreError::invalid(QStringLiteral("run.project_id"),
                    StoreText::tr("run.project_id: project %1 not found").arg(run.projectId)));
            return std::unexpected(p.error());
        }
        if (auto existing = runById(c, run.runId); existing)
            return std::unexpected(
                StoreError::make(StoreError::Kind::Duplicate, StoreText::tr("Run %1 already exists").arg(run.runId)));
        const QString stamp = timeText(now());
        auto runRow = insert(c,
            QStringLiteral(
                "INSERT INTO runs (run_id, project_id, state, safety_profile, run_scope, token_cap, max_phases, "
                "max_duration_minutes, max_minor_issues_total, tokens_used, ci_runs_used, minor_issues, "
                "major_issues, promotion_eligible, debt_status, failure_reason, strategy_json, "
                "integration_branch, base_commit, created_at, started_at, completed_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            { run.runId, run.projectId, toString(run.state), run.safetyProfile, run.runScope, run.tokenCap,
                run.maxPhases, run.maxDurationMinutes, run.maxMinorIssuesTotal, run.tokensUsed, run.ciRunsUsed,
                run.minorIssues, run.majorIssues, run.promotionEligible ? 1 : 0, run.debtStatus, run.failureReason,
                run.strategyJson, run.integrationBranch, run.baseCommit,
                run.createdAt.isValid() ? timeText(run.createdAt) : stamp, timeValue(run.startedAt),
                timeValue(run.completedAt), stamp });
        if (!runRow)
            return std::unexpected(runRow.error());

        QHash<QString, qint64> tierRows;
        for (const Tier &t : tiers) {
            auto row = insert(c,
                QStringLiteral(
                    "INSERT INTO tiers (run_row_id, run_id, tier_id, tier_index, name, description, state, "
                    "cleanliness, token_cap, tokens_used, ci_run_cap, ci_runs_used, max_minor_issues_tolerated, "
                    "max_major_issues_tolerated, minor_issues, major_issues, updated_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                { *runRow, run.runId, t.tierId, t.tierIndex, t.name, t.description, toString(t.state),
                    toString(t.cleanliness), t.tokenCap, t.tokensUsed, t.ciRunCap, t.ciRunsUsed,
                    t.maxMinorIssuesTolerated, t.maxMajorIssuesTolerated, t.minorIssues, t.majorIssues, stamp });
            if (!row)
                return std::unexpected(row.error());
            tierRows.insert(t.tierId, *row);
        }
        for (const Phase &p : phases) {
            auto row = insert(c,
                QStringLiteral(
                    "INSERT INTO phases (run_row_id, tier_row_id, run_id, tier_id, phase_id, phase_index, name, "
                    "description, task_category, complexity, builder_mode, state, builder_attempts, "
                    "max_builder_attempts, auditor_attempts, max_auditor_attempts, tokens_used, "
                    "incident_token_cap, minor_issues, major_issues, issue_state, base_commit, "
                    "candidate_commit, awaiting_reviewer, updated_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                { *runRow, tierRows.value(p.tierId), run.runId, p.tierId, p.phaseId, p.phaseIndex, p.name,
                    p.description, p.taskCategory, p.complexity, p.builderMode, toString(p.state), p.builderAttempts,
                    p.maxBuilderAttempts, p.auditorAttempts, p.maxAuditorAttempts, p.tokensUsed, p.incidentTokenCap,
                    p.minorIssues, p.majorIssues, p.issueState, p.baseCommit, p.candidateCommit,
                    p.awaitingReviewer ? 1 : 0, stamp });
            if (!row)
                return std::unexpected(row.error());
        }

        Event created;
        created.entityKind = EntityKind::Run;
        created.entityRowId = *runRow;
        created.runId = run.runId;
        created.entityId = run.runId;
        created.toState = toString(run.state);
        created.actor = actor;
        created.actorName = actorName;
        created.reason = StoreText::tr("run created with %n phase(s)", nullptr, int(phases.size()));
        auto event = appendEvent(c, created);
        if (!event)
            return std::unexpected(event.error());

        CreatedRun result;
        auto storedRun = runByRow(c, *runRow);
        if (!storedRun)
            return std::unexpected(storedRun.error());
        result.run = *storedRun;
        auto storedTiers = tiersOfRun(c, *runRow);
        if (!storedTiers)
            return std::unexpected(storedTiers.error());
        result.tiers = *storedTiers;
        auto storedPhases = phasesOfRun(c, *runRow);
        if (!storedPhases)
            return std::unexpected(storedPhases.error());
        result.phases = *storedPhases;
        emits << [n = notifier(), result, e = *event] {
            Q_EMIT n->runInserted(result.run, result.tiers, result.phases);
            Q_EMIT n->eventAppended(e);
        };
        return result;
    });
}

StoreResult<Run> Store::run(const QString &runId) const
{
    return Impl::read<Run>(*this, [&](StoreConnection &c) { return runById(c, runId); });
}

StoreResult<QList<Run>> Store::runs(std::optional<qint64> projectId) const
{
    return Impl::read<QList<Run>>(*this, [&](StoreConnection &c) {
        if (projectId)
            return readAll<Run>(c,
                QStringLiteral("SELECT ") + kRunColumns + QStringLiteral(" FROM runs WHERE project_id = ? ORDER BY id"),
                { *projectId }, readRun);
        return readAll<Run>(
            c, QStringLiteral("SELECT ") + kRunColumns + QStringLiteral(" FROM runs ORDER BY id"), {}, readRun);
    });
}

StoreResult<QStringList> Store::activeRunIds() const
{
    static const QString sql = [] {
        QStringList terminal { QStringLiteral("'%1'").arg(toString(RunState::PlanBootstrap)) };
        for (int i = 0; i < RunStateCount; ++i) {
            if (isTerminal(RunState(i)))
                terminal << QLatin1Char('\'') + toString(RunState(i)) + QLatin1Char('\'');
        }
        return QStringLiteral("SELECT run_id FROM runs WHERE state NOT IN (%1) ORDER BY id").arg(terminal.join(u','));
    }();
    return Impl::read<QStringList>(*this, [](StoreConnection &c) -> StoreResult<QStringList> {
        auto ids = readAll<QString>(c, sql, {}, [](const QSqlQuery &q) { return q.value(0).toString(); });
        if (!ids)
            return std::unexpected(ids.error());
        return QStringList(*ids);
    });
}

StoreResult<Tier> Store::tier(const QString &runId, const QString &tierId) const
{
    return Impl::read<Tier>(*this, [&](StoreConnection &c) { return tierById(c, runId, tierId); });
}

StoreResult<QList<Tier>> Store::tiers(const QString &runId) const
{
    return Impl::read<QList<Tier>>(*this, [&](StoreConnection &c) -> StoreResult<QList<Tier>> {
        auto row = runRowId(c, runId);
        if (!row)
            return std::unexpected(row.error());
        return tiersOfRun(c, *row);
    });
}

StoreResult<Phase> Store::phase(const QString &runId, const QString &phaseId) const
{
    return Impl::read<Phase>(*this, [&](StoreConnection &c) { return phaseById(c, runId, phaseId); });
}

StoreResult<QList<Phase>> Store::phases(const QString &runId) const
{
    return Impl::read<QList<Phase>>(*this, [&](StoreConnection &c) -> StoreResult<QList<Phase>> {
        auto row = runRowId(c, runId);
        if (!row)
            return std::unexpected(row.error());
        return phasesOfRun(c, *row);
    });
}

StoreResult<CreatedRun> Store::runTree(const QString &runId) const
{
    return Impl::read<CreatedRun>(*this, [&](StoreConnection &c) -> StoreResult<CreatedRun> {
        // One read transaction: the run and its children come from the same committed state.
        if (auto begun = c.beginRead(); !begun)
            return std::unexpected(begun.error());
        auto fail = [&](const StoreError &e) {
            c.rollback();
            return std::unexpected(e);
        };
        CreatedRun tree;
        auto run = runById(c, runId);
        if (!run)
            return fail(run.error());
        tree.run = std::move(*run);
        auto tiers = tiersOfRun(c, tree.run.id);
        if (!tiers)
            return fail(tiers.error());
        tree.tiers = std::move(*tiers);
        auto phases = phasesOfRun(c, tree.run.id);
        if (!phases)
            return fail(phases.error());
        tree.phases = std::move(*phases);
        if (auto committed = c.commit(); !committed)
            return std::unexpected(committed.error());
        return tree;
    });
}

StoreResult<StoreSnapshot> Store::snapshot() const
{
    return Impl::read<StoreSnapshot>(*this, [&](StoreConnection &c) -> StoreResult<StoreSnapshot> {
        // One read transaction: the four lists come from the same committed state.
        if (auto begun = c.beginRead(); !begun)
            return std::unexpected(begun.error());
        StoreSnapshot s;
        auto fail = [&](const StoreError &e) {
            c.rollback();
            return std::unexpected(e);
        };
        // Reads every row of `table` in id order into `into`.
        auto load = [&c](auto &into, const QString &columns, const char *table, auto reader) -> StoreResult<> {
            using Row = typename std::remove_reference_t<decltype(into)>::value_type;
            auto rows = readAll<Row>(
                c, QStringLiteral("SELECT %1 FROM %2 ORDER BY id").arg(columns, QLatin1String(table)), {}, reader);
            if (!rows)
                return std::unexpected(rows.error());
            into = std::move(*rows);
            return {};
        };
        if (auto loaded = load(s.projects, kProjectColumns, "projects", readProject); !loaded)
            return fail(loaded.error());
        if (auto loaded = load(s.runs, kRunColumns, "runs", readRun); !loaded)
            return fail(loaded.error());
        if (auto loaded = load(s.tiers, kTierColumns, "tiers", readTier); !loaded)
            return fail(loaded.error());
        if (auto loaded = load(s.phases, kPhaseColumns, "phases", readPhase); !loaded)
            return fail(loaded.error());
        if (auto committed = c.commit(); !committed)
            return std::unexpected(committed.error());
        return s;
    });
}

// ---- state changes ------------------------------------------------------------------------

namespace {

StoreError illegal(const TransitionError &e)
{
    StoreError error = StoreError::make(StoreError::Kind::IllegalTransition, e.toString());
    error.transition = e;
    return error;
}

Event transitionEvent(EntityKind kind, qint64 rowId, const QString &runId, const QString &entityId, const QString &from,
    const QString &to, Actor actor, const QString &actorName, const QString &reason)
{
    Event e;
    e.entityKind = kind;
    e.entityRowId = rowId;
    e.runId = runId;
    e.entityId = entityId;
    e.fromState = from;
    e.toState = to;
    e.actor = actor;
    e.actorName = actorName;
    e.reason = reason;
    return e;
}

// What the shared update and state-change code needs to know of each kind of row, so that
// one template serves runs, tiers and phases alike.
template<typename T>
struct Entity;

template<>
struct Entity<Run> {
    static constexpr EntityKind kind = EntityKind::Run;
    static constexpr const char *table = "runs";
    static StoreResult<Run> byRow(StoreConnection &c, qint64 id) { return runByRow(c, id); }
    static void changed(StoreNotifier *n, const Run &r) { Q_EMIT n->runChanged(r); }
};

template<>
struct Entity<Tier> {
    static constexpr EntityKind kind = EntityKind::Tier;
    static constexpr const char *table = "tiers";
    static StoreResult<Tier> byRow(StoreConnection &c, qint64 id) { return tierByRow(c, id); }
    static void changed(StoreNotifier *n, const Tier &t) { Q_EMIT n->tierChanged(t); }
};

template<>
struct Entity<Phase> {
    static constexpr EntityKind kind = EntityKind::Phase;
    static constexpr const char *table = "phases";
    static StoreResult<Phase> byRow(StoreConnection &c, qint64 id) { return phaseByRow(c, id); }
    static void changed(StoreNotifier *n, const Phase &p) { Q_EMIT n->phaseChanged(p); }
};

// A state change that passed its checks and has not written anything yet.
template<typename T>
struct StepStart {
    T current;
    Assignments assignments; // alsoSet's columns and the new state
    QString reason; // the context's reason, else the caller's
};

// The checks every state change makes before it writes: alsoSet's values, the row's
// existence (`lookup` names what is missing) and the transition table.
template<typename T, typename State, typename Update, typename Lookup>
StoreResult<StepStart<T>> startStep(const QString &entityId, State to, Actor actor, const QString &reason,
    const TransitionContext &context, const Update &alsoSet, Lookup lookup)
{
    if (auto valid = checkUpdate(alsoSet); !valid)
        return std::unexpected(valid.error());
    StoreResult<T> current = lookup();
    if (!current)
        return std::unexpected(current.error());
    TransitionContext ctx = context;
    if (ctx.reason.isEmpty())
        ctx.reason = reason;
    if (auto ok = StateMachine::check(entityId, current->state, to, actor, ctx); !ok)
        return std::unexpected(illegal(ok.error()));
    Assignments a = assignments(alsoSet);
    a.set("state", toString(to));
    return StepStart<T> { std::move(*current), std::move(a), ctx.reason };
}

// Appends the state change's event and queues the row's and the event's signals.
template<typename T, typename State>
StoreResult<T> finishStep(const Store &store, StoreConnection &c, Emits &emits, const QString &runId,
    const QString &entityId, const T &before, State to, Actor actor, const QString &actorName, const QString &reason,
    const T &after)
{
    auto event = appendEvent(c,
        transitionEvent(Entity<T>::kind, before.id, runId, entityId, toString(before.state), toString(to), actor,
            actorName, reason));
    if (!event)
        return std::unexpected(event.error());
    emits << [n = store.notifier(), row = after, e = *event] {
        Entity<T>::changed(n, row);
        Q_EMIT n->eventAppended(e);
    };
    return after;
}

} // namespace

// One state change inside an open write transaction: read the row, check the table,
// update, append the event, queue the signals.
StoreResult<Run> Store::Impl::runStep(const Store &store, StoreConnection &c, Emits &emits, const QString &runId,
    RunState to, Actor actor, const QString &reason, const TransitionContext &context, const QString &actorName,
    const RunUpdate &alsoSet)
{
    auto start = startStep<Run>(runId, to, actor, reason, context, alsoSet, [&] { return runById(c, runId); });
    if (!start)
        return std::unexpected(start.error());
    const Run &current = start->current;
    Assignments &a = start->assignments;
    const QDateTime stamp = now();
    if (to == RunState::PhaseExecution && !current.startedAt.isValid())
        a.set("started_at", timeText(stamp));
    if (isTerminal(to))
        a.set("completed_at", timeText(stamp));
    if (isTerminal(to) && to != RunState::DoneSuccess && !alsoSet.failureReason)
        a.set("failure_reason", start->reason);
    if (auto updated = applyUpdate(c, "runs", current.id, a); !updated)
        return std::unexpected(updated.error());
    auto stored = runByRow(c, current.id);
    if (!stored)
        return stored;
    return finishStep(store, c, emits, runId, runId, current, to, actor, actorName, reason, *stored);
}

StoreResult<Tier> Store::Impl::tierStep(const Store &store, StoreConnection &c, Emits &emits, const QString &runId,
    const QString &tierId, TierState to, Actor actor, const QString &reason, const TransitionContext &context,
    const QString &actorName, const TierUpdate &alsoSet)
{
    auto start
        = startStep<Tier>(tierId, to, actor, reason, context, alsoSet, [&] { return tierById(c, runId, tierId); });
    if (!start)
        return std::unexpected(start.error());
    const Tier &current = start->current;
    if (auto updated = applyUpdate(c, "tiers", current.id, start->assignments); !updated)
        return std::unexpected(updated.error());
    auto stored = tierByRow(c, current.id);
    if (!stored)
        return stored;
    return finishStep(store, c, emits, runId, tierId, current, to, actor, actorName, reason, *stored);
}

StoreResult<Phase> Store::Impl::phaseStep(const Store &store, StoreConnection &c, Emits &emits, const QString &runId,
    const QString &phaseId, PhaseState to, Actor actor, const QString &reason, const TransitionContext &context,
    const QString &actorName, const PhaseUpdate &alsoSet)
{
    auto start
        = startStep<Phase>(phaseId, to, actor, reason, context, alsoSet, [&] { return phaseById(c, runId, phaseId); });
    if (!start)
        return std::unexpected(start.error());
    const Phase &current = start->current;
    const QDateTime stamp = parseTime(timeText(now())); // as the column will read back
    if (auto updated = applyUpdate(c, "phases", current.id, start->assignments, stamp); !updated)
        return std::unexpected(updated.error());
    Phase stored = current;
    stored.state = to;
    apply(stored, alsoSet);
    stored.updatedAt = stamp;
    return finishStep(store, c, emits, runId, phaseId, current, to, actor, actorName, reason, stored);
}

StoreResult<Run> Store::transitionRun(const QString &runId, RunState to, Actor actor, const QString &reason,
    const TransitionContext &context, const QString &actorName, const RunUpdate &alsoSet)
{
    return Impl::write<Run>(*this, [&](StoreConnection &c, Emits &emits) {
        return Impl::runStep(*this, c, emits, runId, to, actor, reason, context, actorName, alsoSet);
    });
}

StoreResult<Tier> Store::transitionTier(const QString &runId, const QString &tierId, TierState to, Actor actor,
    const QString &reason, const TransitionContext &context, const QString &actorName, const TierUpdate &alsoSet)
{
    return Impl::write<Tier>(*this, [&](StoreConnection &c, Emits &emits) {
        return Impl::tierStep(*this, c, emits, runId, tierId, to, actor, reason, context, actorName, alsoSet);
    });
}

StoreResult<Phase> Store::transitionPhase(const QString &runId, const QString &phaseId, PhaseState to, Actor actor,
    const QString &reason, const TransitionContext &context, const QString &actorName, const PhaseUpdate &alsoSet)
{
    return Impl::write<Phase>(*this, [&](StoreConnection &c, Emits &emits) {
        return Impl::phaseStep(*this, c, emits, runId, phaseId, to, actor, reason, context, actorName, alsoSet);
    });
}

StoreResult<TransitionBatch> Store::transitionAll(const QList<TransitionRequest> &requests)
{
    if (requests.isEmpty())
        return std::unexpected(
            StoreError::invalid(QStringLiteral("requests"), StoreText::tr("no transition requested")));
    return Impl::write<TransitionBatch>(*this, [&](StoreConnection &c, Emits &emits) -> StoreResult<TransitionBatch> {
        TransitionBatch done;
        for (qsizetype i = 0; i < requests.size(); ++i) {
            const TransitionRequest &r = requests.at(i);
            // Each step sees the states the earlier steps wrote; the first refusal
            // rolls all of them back.
            StoreError error;
            // Keeps a step's row, or its error for the message below.
            auto keep = [&error](auto row, auto &list) {
                if (!row) {
                    error = row.error();
                    return false;
                }
                list << *row;
                return true;
            };
            bool ok = true;
            if (const auto *to = std::get_if<RunState>(&r.to))
                ok = keep(Impl::runStep(
                              *this, c, emits, r.runId, *to, r.actor, r.reason, r.context, r.actorName, r.runUpdate),
                    done.runs);
            else if (const auto *to = std::get_if<TierState>(&r.to))
                ok = keep(Impl::tierStep(*this, c, emits, r.runId, r.entityId, *to, r.actor, r.reason, r.context,
                              r.actorName, r.tierUpdate),
                    done.tiers);
            else
                ok = keep(Impl::phaseStep(*this, c, emits, r.runId, r.entityId, std::get<PhaseState>(r.to), r.actor,
                              r.reason, r.context, r.actorName, r.phaseUpdate),
                    done.phases);
            if (!ok) {
                error.message = StoreText::tr("step %1 of %2: %3").arg(i + 1).arg(requests.size()).arg(error.message);
                return std::unexpected(error);
            }
        }
        return done;
    });
}

// ---- usage --------------------------------------------------------------------------------

namespace {

// A plain update of one row: check the values, find the row (`lookup` names what is
// missing), write, read it back and queue its signal.
template<typename T, typename Update, typename Lookup>
StoreResult<T> updateRow(const Store &store, StoreConnection &c, Emits &emits, const Update &update, Lookup lookup)
{
    StoreResult<T> current = lookup();
    if (!current)
        return std::unexpected(current.error());
    if (auto updated = applyUpdate(c, Entity<T>::table, current->id, assignments(update)); !updated)
        return std::unexpected(updated.error());
    auto stored = Entity<T>::byRow(c, current->id);
    if (stored)
        emits << [n = store.notifier(), row = *stored] { Entity<T>::changed(n, row); };
    return stored;
}

} // namespace

StoreResult<Run> Store::updateRun(const QString &runId, const RunUpdate &update)
{
    if (auto valid = checkUpdate(update); !valid)
        return std::unexpected(valid.error());
    return Impl::write<Run>(*this, [&](StoreConnection &c, Emits &emits) {
        return updateRow<Run>(*this, c, emits, update, [&] { return runById(c, runId); });
    });
}

StoreResult<Tier> Store::updateTier(const QString &runId, const QString &tierId, const TierUpdate &update)
{
    if (auto valid = checkUpdate(update); !valid)
        return std::unexpected(valid.error());
    return Impl::write<Tier>(*this, [&](StoreConnection &c, Emits &emits) {
        return updateRow<Tier>(*this, c, emits, update, [&] { return tierById(c, runId, tierId); });
    });
}

StoreResult<Phase> Store::updatePhase(const QString &runId, const QString &phaseId, const PhaseUpdate &update)
{
    if (auto valid = checkUpdate(update); !valid)
        return std::unexpected(valid.error());
    return Impl::write<Phase>(*this, [&](StoreConnection &c, Emits &emits) {
        return updateRow<Phase>(*this, c, emits, update, [&] { return phaseById(c, runId, phaseId); });
    });
}

StoreResult<Phase> Store::addTokens(const QString &runId, const QString &phaseId, qint64 tokens, double costUsd)
{
    if (tokens < 0)
        return std::unexpected(StoreError::invalid(
            QStringLiteral("tokens_used"), StoreText::tr("tokens_used must not be negative (got %1)").arg(tokens)));
    if (!(costUsd >= 0) || !std::isfinite(costUsd))
        return std::unexpected(StoreError::invalid(
            QStringLiteral("cost_usd"), StoreText::tr("cost_usd must be a non-negative number (got %1)").arg(costUsd)));
    return Impl::write<Phase>(*this, [&](StoreConnection &c, Emits &emits) -> StoreResult<Phase> {
        auto current = phaseById(c, runId, phaseId);
        if (!current)
            return std::unexpected(current.error());
        const QString stamp = timeText(now());
        const std::pair<const char *, qint64> targets[] = {
            { "UPDATE phases SET tokens_used = tokens_used + ?, cost_usd = cost_usd + ?, updated_at = ? WHERE id = ?",
                current->id },
            { "UPDATE tiers SET tokens_used = tokens_used + ?, cost_usd = cost_usd + ?, updated_at = ? WHERE id = ?",
                current->tierRowId },
            { "UPDATE runs SET tokens_used = tokens_used + ?, cost_usd = cost_usd + ?, updated_at = ? WHERE id = ?",
                current->runRowId },
        };
        for (const auto &[sql, row] : targets) {
            if (auto n = exec(c, QString::fromLatin1(sql), { tokens, costUsd, stamp, row }); !n)
                return std::unexpected(n.error());
        }
        auto phase = phaseByRow(c, current->id);
        auto tier = tierByRow(c, current->tierRowId);
        auto run = runByRow(c, current->runRowId);
        if (!phase || !tier || !run)
            return std::unexpected(!phase ? phase.error() : !tier ? tier.error() : run.error());
        emits << [n = notifier(), p = *phase, t = *tier, r = *run] {
            Q_EMIT n->phaseChanged(p);
            Q_EMIT n->tierChanged(t);
            Q_EMIT n->runChanged(r);
        };
        return phase;
    });
}

// ---- transcripts ----------------------------------------------------------------------------

namespace {

const QString kTranscriptColumns
    = QStringLiteral("id, run_id, phase_id, attempt, role, agent, time, kind, text, tool, path");

TranscriptEvent readTranscriptEvent(const QSqlQuery &q)
{
    TranscriptEvent e;
    e.id = q.value(0).toLongLong();
    e.runId = q.value(1).toString();
    e.phaseId = q.value(2).toString();
    e.attempt = q.value(3).toInt();
    e.role = q.value(4).toString();
    e.agent = q.value(5).toString();
    e.time = parseTime(q.value(6));
    e.kind = q.value(7).toString();
    e.text = q.value(8).toString();
    e.tool = q.value(9).toString();
    e.path = q.value(10).toString();
    return e;
}

// At most `limit` UTF-8 bytes, never splitting a character.
QString cutText(const QString &text, int limit)
{
    QByteArray utf8 = text.toUtf8();
    if (utf8.size() <= limit)
        return text;
    qsizetype end = limit;
    while (end > 0 && (quint8(utf8.at(end)) & 0xC0) == 0x80)
        --end;
    return QString::fromUtf8(utf8.left(end)) + QStringLiteral(" [... cut]");
}

} // namespace

StoreResult<int> Store::appendTranscript(const QList<TranscriptEvent> &events)
{
    static const QStringList kinds { QStringLiteral("message"), QStringLiteral("thinking"), QStringLiteral("tool_call"),
        QStringLiteral("tool_result"), QStringLiteral("file_change"), QStringLiteral("usage"), QStringLiteral("error"),
        QStringLiteral("rate_limit"), QStringLiteral("notice") };
    for (qsizetype i = 0; i < events.size(); ++i) {
        if (!kinds.contains(events.at(i).kind))
            return std::unexpected(StoreError::invalid(QStringLiteral("events[%1].kind").arg(i),
                StoreText::tr("kind must be one of %1 (got \"%2\")")
                    .arg(kinds.join(QLatin1String(", ")), events.at(i).kind)));
        if (events.at(i).role != QLatin1String("builder") && events.at(i).role != QLatin1String("auditor"))
            return std::unexpected(StoreError::invalid(
                QStringLiteral("events[%1].role").arg(i), StoreText::tr("role must be builder or auditor")));
    }
    if (events.isEmpty())
        return 0;
    return Impl::write<int>(*this, [&](StoreConnection &c, Emits &emits) -> StoreResult<int> {
        int stored = 0;
        QList<TranscriptEvent> kept;
        QHash<QString, qint64> phaseRows;
        QHash<QString, qint64> counts; // per phase row, attempt and role: what is already kept
        for (const TranscriptEvent &e : events) {
            const QString phaseKey = e.runId + QChar(0) + e.phaseId;
            if (!phaseRows.contains(phaseKey)) {
                auto phase = phaseById(c, e.runId, e.phaseId);
                if (!phase)
                    return std::unexpected(phase.error());
                phaseRows.insert(phaseKey, phase->id);
            }
            const qint64 row = phaseRows.value(phaseKey);
            const QString countKey = QStringLiteral("%1/%2/%3").arg(row).arg(e.attempt).arg(e.role);
            if (!counts.contains(countKey)) {
                auto n = readOne<qint64>(
                    c,
                    QStringLiteral(
                        "SELECT COUNT(*) FROM transcript_events WHERE phase_row_id = ? AND attempt = ? AND role = ?"),
                    { row, e.attempt, e.role }, [](const QSqlQuery &q) { return q.value(0).toLongLong(); },
                    QStringLiteral("transcript"));
                if (!n)
                    return std::unexpected(n.error());
                counts.insert(countKey, *n);
            }
            if (counts.value(countKey) >= kTranscriptEventLimit)
                continue;
            auto id = insert(c,
                QStringLiteral("INSERT INTO transcript_events (phase_row_id, run_id, phase_id, attempt, role, "
                               "agent, time, kind, text, tool, path) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                { row, e.runId, e.phaseId, e.attempt, e.role, e.agent, timeText(e.time.isValid() ? e.time : now()),
                    e.kind, cutText(e.text, kTranscriptTextLimit), cutText(e.tool, 200), cutText(e.path, 4096) });
            if (!id)
                return std::unexpected(id.error());
            counts[countKey] += 1;
            ++stored;
            TranscriptEvent k = e;
            k.id = *id;
            k.text = cutText(e.text, kTranscriptTextLimit);
            kept << k;
        }
        if (!kept.isEmpty())
            emits << [n = notifier(), kept] { Q_EMIT n->transcriptAppended(kept); };
        return stored;
    });
}

StoreResult<QList<TranscriptEvent>> Store::transcript(
    const QString &runId, const QString &phaseId, qint64 afterId, int limit) const
{
    if (limit < 1 || limit > 100000)
        return std::unexpected(StoreError::invalid(
            QStringLiteral("limit"), StoreText::tr("limit must be between 1 and 100000 (got %1)").arg(limit)));
    return Impl::read<QList<TranscriptEvent>>(*this, [&](StoreConnection &c) -> StoreResult<QList<TranscriptEvent>> {
        auto phase = phaseById(c, runId, phaseId);
        if (!phase)
            return std::unexpected(phase.error());
        return readAll<TranscriptEvent>(c,
            QStringLiteral("SELECT ") + kTranscriptColumns
                + QStringLiteral(" FROM transcript_events WHERE phase_row_id = ? AND id > ? "
                                 "ORDER BY id LIMIT ?"),
            { phase->id, afterId, limit }, readTranscriptEvent);
    });
}

// ---- events -------------------------------------------------------------------------------

namespace {
StoreResult<> checkLimit(int limit)
{
    if (limit < 1 || limit > 100000)
        return std::unexpected(StoreError::invalid(
            QStringLiteral("limit"), StoreText::tr("limit must be between 1 and 100000 (got %1)").arg(limit)));
    return {};
}
} // namespace

StoreResult<QList<Event>> Store::events(qint64 afterId, int limit) const
{
    if (auto ok = checkLimit(limit); !ok)
        return std::unexpected(ok.error());
    return Impl::read<QList<Event>>(*this, [&](StoreConnection &c) {
        return readAll<Event>(c,
            QStringLiteral("SELECT ") + kEventColumns + QStringLiteral(" FROM events WHERE id > ? ORDER BY id LIMIT ?"),
            { afterId, limit }, readEvent);
    });
}

StoreResult<QList<Event>> Store::runEvents(const QString &runId, qint64 afterId, int limit) const
{
    if (auto ok = checkLimit(limit); !ok)
        return std::unexpected(ok.error());
    return Impl::read<QList<Event>>(*this, [&](StoreConnection &c) -> StoreResult<QList<Event>> {
        if (auto r = runById(c, runId); !r)
            return std::unexpected(r.error());
        return readAll<Event>(c,
            QStringLiteral("SELECT ") + kEventColumns
                + QStringLiteral(" FROM events WHERE run_id = ? AND id > ? ORDER BY id LIMIT ?"),
            { runId, afterId, limit }, readEvent);
    });
}

StoreResult<Event> Store::recordEvent(const QString &runId, EntityKind kind, const QString &entityId, Actor actor,
    const QString &actorName, const QString &reason)
{
    if (reason.trimmed().isEmpty())
        return std::unexpected(StoreError::invalid(QStringLiteral("reason"), StoreText::tr("an event needs a reason")));
    return Impl::write<Event>(*this, [&](StoreConnection &c, Emits &emits) -> StoreResult<Event> {
        qint64 row = 0;
        QString state;
        QString id = entityId;
        switch (kind) {
        case EntityKind::Run: {
            auto r = runById(c, runId);
            if (!r)
                return std::unexpected(r.error());
            row = r->id;
            state = toString(r->state);
            id = runId;
            break;
        }
        case EntityKind::Tier: {
            auto t = tierById(c, runId, entityId);
            if (!t)
                return std::unexpected(t.error());
            row = t->id;
            state = toString(t->state);
            break;
        }
        case EntityKind::Phase: {
            auto p = phaseById(c, runId, entityId);
            if (!p)
                return std::unexpected(p.error());
            row = p->id;
            state = toString(p->state);
            break;
        }
        }
        auto event = appendEvent(c, transitionEvent(kind, row, runId, id, state, state, actor, actorName, reason));
        if (event)
            emits << [n = notifier(), e = *event] { Q_EMIT n->eventAppended(e); };
        return event;
    });
}

// ---- issues -------------------------------------------------------------------------------

namespace {

// (minor, major) distinct issue keys among the phase issues matching `where`; a key that
// is major anywhere in the scope counts as major.
StoreResult<std::pair<int, int>> countIssues(StoreConnection &c, const char *column, qint64 row)
{
    auto q = run(c,
        QStringLiteral("SELECT issue_key, MAX(CASE WHEN effective_severity = 'major' THEN 1 ELSE 0 END) "
                       "FROM phase_issues WHERE %1 = ? GROUP BY issue_key")
            .arg(QLatin1String(column)),
        { row });
    if (!q)
        return std::unexpected(q.error());
    Finish finish { *q };
    std::pair<int, int> counts { 0, 0 };
    while ((*q)->next())
        ((*q)->value(1).toInt() ? counts.second : counts.first)++;
    return counts;
}

QString issueStateFor(int minor, int major)
{
    return major > 0 ? QStringLiteral("has_major_issues")
        : minor > 0  ? QStringLiteral("has_minor_issues")
                     : QStringLiteral("no_issues");
}

QStringList withAppended(QStringList list, const QString &value)
{
    if (!list.contains(value))
        list << value;
    return list;
}

} // namespace

StoreResult<RecordedIssue> Store::recordIssue(const Issue &in)
{
    if (in.issueKey.trimmed().isEmpty())
        return std::unexpected(
            StoreError::invalid(QStringLiteral("issue_key"), StoreText::tr("issue_key is required")));
    return Impl::write<RecordedIssue>(*this, [&](StoreConnection &c, Emits &emits) -> StoreResult<RecordedIssue> {
        auto phase = phaseById(c, in.runId, in.phaseId);
        if (!phase)
            return std::unexpected(phase.error());
        // The project alone: the run row itself is read once, at the end.
        auto projectId = readOne<qint64>(
            c, QStringLiteral("SELECT project_id FROM runs WHERE id = ?"), { phase->runRowId },
            [](const QSqlQuery &q) { return q.value(0).toLongLong(); },
            StoreText::tr("run row %1 not found").arg(phase->runRowId));
        if (!projectId)
            return std::unexpected(projectId.error());
        const qint64 projectRow = *projectId;
        const QString stamp = timeText(now());
        const Severity effective = maxSeverity(in.severity, in.effectiveSeverity);

        // Project backlog first: its first_run is the issue's first_seen_run.
        auto backlogRow = readOne<BacklogIssue>(c,
            QStringLiteral("SELECT ") + kBacklogColumns
                + QStringLiteral(" FROM backlog_issues WHERE project_id = ? AND issue_key = ?"),
            { projectRow, in.issueKey }, readBacklogIssue, QString());
        if (!backlogRow && backlogRow.error().kind != StoreError::Kind::NotFound)
            return std::unexpected(backlogRow.error());
        const QString firstSeenRun = backlogRow ? backlogRow->firstRun : in.runId;

        // Phase level.
        auto existing = readOne<Issue>(c,
            QStringLiteral("SELECT ") + kIssueColumns
                + QStringLiteral(" FROM phase_issues WHERE phase_row_id = ? AND issue_key = ?"),
            { phase->id, in.issueKey }, readIssue, QString());
        if (!existing && existing.error().kind != StoreError::Kind::NotFound)
            return std::unexpected(existing.error());
        qint64 issueRow = 0;
        if (existing) {
            QStringList refs = existing->evidenceRefs;
            for (const QString &r : in.evidenceRefs)
                refs = withAppended(refs, r);
            auto n = exec(c,
                QStringLiteral("UPDATE phase_issues SET occurrence_count = occurrence_count + 1, "
                               "effective_severity = ?, severity = ?, last_seen_run = ?, evidence_refs_json = ?, "
                               "description = ?, updated_at = ? WHERE id = ?"),
                { toString(maxSeverity(existing->effectiveSeverity, effective)),
                    toString(maxSeverity(existing->severity, in.severity)), in.runId, listJson(refs),
                    in.description.isEmpty() ? existing->description : in.description, stamp, existing->id });
            if (!n)
                return std::unexpected(n.error());
            issueRow = existing->id;
        } else {
            auto id = insert(c,
                QStringLiteral(
                    "INSERT INTO phase_issues (phase_row_id, tier_row_id, run_row_id, run_id, tier_id, phase_id, "
                    "issue_key, severity, effective_severity, source, category, task_category, complexity, "
                    "expected_fail, occurrence_count, first_seen_run, last_seen_run, evidence_refs_json, "
                    "description, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, "
                    "?, ?, ?, ?)"),
                { phase->id, phase->tierRowId, phase->runRowId, in.runId, phase->tierId, in.phaseId, in.issueKey,
                    toString(in.severity), toString(effective), in.source, in.category,
                    in.taskCategory.isEmpty() ? phase->taskCategory : in.taskCategory,
                    in.complexity.isEmpty() ? phase->complexity : in.complexity, in.expectedFail ? 1 : 0, firstSeenRun,
                    in.runId, listJson(in.evidenceRefs), in.description, stamp, stamp });
            if (!id)
                return std::unexpected(id.error());
            issueRow = *id;
        }

        // Run level.
        auto runIssue = readOne<RunIssue>(c,
            QStringLiteral("SELECT ") + kRunIssueColumns
                + QStringLiteral(" FROM run_issues WHERE run_row_id = ? AND issue_key = ?"),
            { phase->runRowId, in.issueKey }, readRunIssue, QString());
        if (!runIssue && runIssue.error().kind != StoreError::Kind::NotFound)
            return std::unexpected(runIssue.error());
        if (runIssue) {
            auto n = exec(c,
                QStringLiteral("UPDATE run_issues SET occurrence_count = occurrence_count + 1, severity = ?, "
                               "effective_severity = ?, first_phase_index = ?, last_phase_index = ?, "
                               "tiers_seen_json = ?, phases_seen_json = ?, updated_at = ? "
                               "WHERE run_row_id = ? AND issue_key = ?"),
                { toString(maxSeverity(runIssue->severity, in.severity)),
                    toString(maxSeverity(runIssue->effectiveSeverity, effective)),
                    qMin(runIssue->firstPhaseIndex, phase->phaseIndex),
                    qMax(runIssue->lastPhaseIndex, phase->phaseIndex),
                    listJson(withAppended(runIssue->tiersSeen, phase->tierId)),
                    listJson(withAppended(runIssue->phasesSeen, phase->phaseId)), stamp, phase->runRowId,
                    in.issueKey });
            if (!n)
                return std::unexpected(n.error());
        } else {
            auto id = insert(c,
                QStringLiteral(
                    "INSERT INTO run_issues (run_row_id, run_id, issue_key, category, severity, "
                    "effective_severity, first_phase_index, last_phase_index, occurrence_count, "
                    "tiers_seen_json, phases_seen_json, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)"),
                { phase->runRowId, in.runId, in.issueKey, in.category, toString(in.severity), toString(effective),
                    phase->phaseIndex, phase->phaseIndex, listJson({ phase->tierId }), listJson({ phase->phaseId }),
                    stamp });
            if (!id)
                return std::unexpected(id.error());
        }

        // Project level: ages are counted from the rows, so they stay right however
        // often a key repeats.
        auto ages = readOne<std::pair<int, int>>(
            c,
            QStringLiteral("SELECT COUNT(DISTINCT pi.run_row_id), COUNT(DISTINCT pi.tier_row_id) FROM phase_issues pi "
                           "JOIN runs r ON r.id = pi.run_row_id WHERE r.project_id = ? AND pi.issue_key = ?"),
            { projectRow, in.issueKey },
            [](const QSqlQuery &q) {
                return std::pair { q.value(0).toInt(), q.value(1).toInt() };
            },
            QString());
        if (!ages)
            return std::unexpected(ages.error());
        if (backlogRow) {
            // Seen again after being resolved: it is open again.
            const QString status
                = backlogRow->status == QLatin1String("resolved") ? QStringLiteral("open") : backlogRow->status;
            auto n = exec(c,
                QStringLiteral("UPDATE backlog_issues SET effective_severity = ?, age_in_runs = ?, age_in_tiers = ?, "
                               "last_run = ?, last_seen = ?, status = ? WHERE project_id = ? AND issue_key = ?"),
                { toString(maxSeverity(backlogRow->effectiveSeverity, effective)), ages->first, ages->second, in.runId,
                    stamp, status, projectRow, in.issueKey });
            if (!n)
                return std::unexpected(n.error());
        } else {
            auto id = insert(c,
                QStringLiteral("INSERT INTO backlog_issues (project_id, issue_key, category, base_severity, "
                               "effective_severity, age_in_runs, age_in_tiers, first_run, last_run, last_seen, "
                               "status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open')"),
                { projectRow, in.issueKey, in.category, toString(in.severity), toString(effective), ages->first,
                    ages->second, in.runId, in.runId, stamp });
            if (!id)
                return std::unexpected(id.error());
        }

        // Distinct counts at phase, tier and run level.
        auto phaseCounts = countIssues(c, "phase_row_id", phase->id);
        auto tierCounts = countIssues(c, "tier_row_id", phase->tierRowId);
        auto runCounts = countIssues(c, "run_row_id", phase->runRowId);
        if (!phaseCounts || !tierCounts || !runCounts)
            return std::unexpected(!phaseCounts ? phaseCounts.error()
                    : !tierCounts               ? tierCounts.error()
                                                : runCounts.error());
        const auto [pMinor, pMajor] = *phaseCounts;
        Assignments pa;
        pa.set("minor_issues", pMinor);
        pa.set("major_issues", pMajor);
        pa.set("issue_state", issueStateFor(pMinor, pMajor));
        Assignments ta;
        ta.set("minor_issues", tierCounts->first);
        ta.set("major_issues", tierCounts->second);
        Assignments ra;
        ra.set("minor_issues", runCounts->first);
        ra.set("major_issues", runCounts->second);
        auto p = applyUpdateReturning<Phase>(c, "phases", phase->id, pa, kPhaseColumns, readPhase);
        if (!p)
            return std::unexpected(p.error());
        auto t = applyUpdateReturning<Tier>(c, "tiers", phase->tierRowId, ta, kTierColumns, readTier);
        if (!t)
            return std::unexpected(t.error());
        auto r = applyUpdateReturning<Run>(c, "runs", phase->runRowId, ra, kRunColumns, readRun);
        if (!r)
            return std::unexpected(r.error());

        RecordedIssue result;
        auto issue = readOne<Issue>(c,
            QStringLiteral("SELECT ") + kIssueColumns + QStringLiteral(" FROM phase_issues WHERE id = ?"), { issueRow },
            readIssue, StoreText::tr("issue row %1 not found").arg(issueRow));
        auto ri = readOne<RunIssue>(c,
            QStringLiteral("SELECT ") + kRunIssueColumns
                + QStringLiteral(" FROM run_issues WHERE run_row_id = ? AND issue_key = ?"),
            { phase->runRowId, in.issueKey }, readRunIssue, StoreText::tr("run issue %1 not found").arg(in.issueKey));
        auto bi = readOne<BacklogIssue>(c,
            QStringLiteral("SELECT ") + kBacklogColumns
                + QStringLiteral(" FROM backlog_issues WHERE project_id = ? AND issue_key = ?"),
            { projectRow, in.issueKey }, readBacklogIssue,
            StoreText::tr("backlog issue %1 not found").arg(in.issueKey));
        if (!issue || !ri || !bi) {
            for (const StoreError *e :
                { issue ? nullptr : &issue.error(), ri ? nullptr : &ri.error(), bi ? nullptr : &bi.error() }) {
                if (e)
                    return std::unexpected(*e);
            }
        }
        result = { *issue, *ri, *bi, *p, *t, *r };
        emits << [n = notifier(), result] {
            Q_EMIT n->issueRecorded(result.issue);
            Q_EMIT n->phaseChanged(result.phase);
            Q_EMIT n->tierChanged(result.tier);
            Q_EMIT n->runChanged(result.run);
        };
        return result;
    });
}

StoreResult<QList<Issue>> Store::phaseIssues(const QString &runId, const QString &phaseId) const
{
    return Impl::read<QList<Issue>>(*this, [&](StoreConnection &c) -> StoreResult<QList<Issue>> {
        auto p = phaseById(c, runId, phaseId);
        if (!p)
            return std::unexpected(p.error());
        return readAll<Issue>(c,
            QStringLiteral("SELECT ") + kIssueColumns
                + QStringLiteral(" FROM phase_issues WHERE phase_row_id = ? ORDER BY id"),
            { p->id }, readIssue);
    });
}

StoreResult<QList<Issue>> Store::runIssues(const QString &runId) const
{
    return Impl::read<QList<Issue>>(*this, [&](StoreConnection &c) -> StoreResult<QList<Issue>> {
        auto r = runById(c, runId);
        if (!r)
            return std::unexpected(r.error());
        return readAll<Issue>(c,
            QStringLiteral("SELECT ") + kIssueColumns
                + QStringLiteral(" FROM phase_issues WHERE run_row_id = ? ORDER BY id"),
            { r->id }, readIssue);
    });
}

StoreResult<QList<RunIssue>> Store::runIssueIndex(const QString &runId) const
{
    return Impl::read<QList<RunIssue>>(*this, [&](StoreConnection &c) -> StoreResult<QList<RunIssue>> {
        auto r = runById(c, runId);
        if (!r)
            return std::unexpected(r.error());
        return readAll<RunIssue>(c,
            QStringLiteral("SELECT ") + kRunIssueColumns
                + QStringLiteral(" FROM run_issues WHERE run_row_id = ? ORDER BY issue_key"),
            { r->id }, readRunIssue);
    });
}

StoreResult<QList<BacklogIssue>> Store::backlog(qint64 projectId) const
{
    return Impl::read<QList<BacklogIssue>>(*this, [&](StoreConnection &c) -> StoreResult<QList<BacklogIssue>> {
        if (auto p = projectById(c, projectId); !p)
            return std::unexpected(p.error());
        return readAll<BacklogIssue>(c,
            QStringLiteral("SELECT ") + kBacklogColumns
                + QStringLiteral(" FROM backlog_issues WHERE project_id = ? ORDER BY issue_key"),
            { projectId }, readBacklogIssue);
    });
}

StoreResult<BacklogIssue> Store::updateBacklogIssue(
    qint64 projectId, const QString &issueKey, const QString &status, std::optional<Severity> effectiveSeverity)
{
    if (!kBacklogStatuses.contains(status))
        return std::unexpected(StoreError::invalid(QStringLiteral("status"),
            StoreText::tr("status must be one of %1 (got \"%2\")")
                .arg(kBacklogStatuses.join(QLatin1String(", ")), status)));
    return Impl::write<BacklogIssue>(*this, [&](StoreConnection &c, Emits &) -> StoreResult<BacklogIssue> {
        auto current = readOne<BacklogIssue>(c,
            QStringLiteral("SELECT ") + kBacklogColumns
                + QStringLiteral(" FROM backlog_issues WHERE project_id = ? AND issue_key = ?"),
            { projectId, issueKey }, readBacklogIssue,
            StoreText::tr("issue %1 is not in the backlog of project %2").arg(issueKey).arg(projectId));
        if (!current)
            return current;
        auto n = exec(c,
            QStringLiteral(
                "UPDATE backlog_issues SET status = ?, effective_severity = ? WHERE project_id = ? AND issue_key = ?"),
            { status, toString(effectiveSeverity.value_or(current->effectiveSeverity)), projectId, issueKey });
        if (!n)
            return std::unexpected(n.error());
        current->status = status;
        current->effectiveSeverity = effectiveSeverity.value_or(current->effectiveSeverity);
        return current;
    });
}

// ---- tokens -------------------------------------------------------------------------------

StoreResult<CreatedToken> Store::createToken(const QString &nameIn, const QString &role)
{
    const QString name = nameIn.trimmed();
    if (name.isEmpty())
        return std::unexpected(StoreError::invalid(QStringLiteral("name"), StoreText::tr("a token needs a name")));
    if (!kRoles.contains(role))
        return std::unexpected(StoreError::invalid(QStringLiteral("role"),
            StoreText::tr("role must be one of %1 (got \"%2\")").arg(kRoles.join(QLatin1String(", ")), role)));
    return Impl::write<CreatedToken>(*this, [&](StoreConnection &c, Emits &emits) -> StoreResult<CreatedToken> {
        quint32 words[8];
        QRandomGenerator::system()->fillRange(words);
        const QByteArray raw(reinterpret_cast<const char *>(words), sizeof words);
        CreatedToken created;
        created.plainToken
            = QString::fromLatin1(raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
        auto id = insert(c,
            QStringLiteral("INSERT INTO agent_tokens (name, role, token_sha256, created_at) VALUES (?, ?, ?, ?)"),
            { name, role, tokenHash(created.plainToken), timeText(now()) });
        if (!id) {
            if (id.error().kind == StoreError::Kind::Duplicate && id.error().message.contains(QLatin1String("name")))
                return std::unexpected(StoreError::make(
                    StoreError::Kind::Duplicate, StoreText::tr("a token named %1 already exists").arg(name)));
            return std::unexpected(id.error());
        }
        auto token = readOne<AgentToken>(c,
            QStringLiteral("SELECT ") + kTokenColumns + QStringLiteral(" FROM agent_tokens WHERE id = ?"), { *id },
            readToken, StoreText::tr("token %1 not found").arg(name));
        if (!token)
            return std::unexpected(token.error());
        created.token = *token;
        emits << [n = notifier()] { Q_EMIT n->tokensChanged(); };
        return created;
    });
}

StoreResult<QList<AgentToken>> Store::tokens() const
{
    return Impl::read<QList<AgentToken>>(*this, [](StoreConnection &c) {
        return readAll<AgentToken>(c,
            QStringLiteral("SELECT ") + kTokenColumns + QStringLiteral(" FROM agent_tokens ORDER BY name"), {},
            readToken);
    });
}

StoreResult<AgentToken> Store::revokeToken(const QString &name)
{
    return Impl::write<AgentToken>(*this, [&](StoreConnection &c, Emits &emits) -> StoreResult<AgentToken> {
        auto token = readOne<AgentToken>(c,
            QStringLiteral("SELECT ") + kTokenColumns + QStringLiteral(" FROM agent_tokens WHERE name = ?"), { name },
            readToken, StoreText::tr("no token named %1").arg(name));
        if (!token || token->isRevoked())
            return token;
        token->revokedAt = now();
        if (auto n = exec(c, QStringLiteral("UPDATE agent_tokens SET revoked_at = ? WHERE id = ?"),
                { timeText(token->revokedAt), token->id });
            !n)
            return std::unexpected(n.error());
        token->revokedAt = parseTime(timeText(token->revokedAt));
        emits << [n = notifier()] { Q_EMIT n->tokensChanged(); };
        return token;
    });
}

StoreResult<AgentToken> Store::verifyToken(const QString &plainToken)
{
    if (plainToken.isEmpty())
        return std::unexpected(StoreError::make(StoreError::Kind::Unauthorized, StoreText::tr("no token given")));
    return Impl::write<AgentToken>(*this, [&](StoreConnection &c, Emits &) -> StoreResult<AgentToken> {
        auto token = readOne<AgentToken>(c,
            QStringLiteral("SELECT ") + kTokenColumns + QStringLiteral(" FROM agent_tokens WHERE token_sha256 = ?"),
            { tokenHash(plainToken) }, readToken, QString());
        if (!token) {
            if (token.error().kind == StoreError::Kind::NotFound)
                return std::unexpected(
                    StoreError::make(StoreError::Kind::Unauthorized, StoreText::tr("unknown token")));
            return token;
        }
        if (token->isRevoked())
            return std::unexpected(StoreError::make(
                StoreError::Kind::Unauthorized, StoreText::tr("the token %1 was revoked").arg(token->name)));
        const QString stamp = timeText(now());
        if (auto n
            = exec(c, QStringLiteral("UPDATE agent_tokens SET last_used_at = ? WHERE id = ?"), { stamp, token->id });
            !n)
            return std::unexpected(n.error());
        token->lastUsedAt = parseTime(stamp);
        return token;
    });
}

// ---- reviews ------------------------------------------------------------------------------

namespace {

StoreResult<QList<ReviewComment>> reviewComments(StoreConnection &c, qint64 reviewId)
{
    return readAll<ReviewComment>(c,
        QStringLiteral("SELECT path, line, text FROM review_comments WHERE review_id = ? ORDER BY id"), { reviewId },
        [](const QSqlQuery &q) {
            return ReviewComment { q.value(0).toString(), q.value(1).toInt(), q.value(2).toString() };
        });
}

const QString kReviewColumns
    = QStringLiteral("id, run_id, phase_id, candidate_commit, decision, reason, reviewer, time");

Review readReview(const QSqlQuery &q)
{
    Review r;
    r.id = q.value(0).toLongLong();
    r.runId = q.value(1).toString();
    r.phaseId = q.value(2).toString();
    r.candidateCommit = q.value(3).toString();
    r.decision = q.value(4).toString();
    r.reason = q.value(5).toString();
    r.reviewer = q.value(6).toString();
    r.time = parseTime(q.value(7));
    return r;
}

} // namespace

StoreResult<Review> Store::addReview(const Review &review)
{
    if (!kDecisions.contains(review.decision))
        return std::unexpected(StoreError::invalid(QStringLiteral("decision"),
            StoreText::tr("decision must be one of %1 (got \"%2\")")
                .arg(kDecisions.join(QLatin1String(", ")), review.decision)));
    if (review.reviewer.trimmed().isEmpty())
        return std::unexpected(
            StoreError::invalid(QStringLiteral("reviewer"), StoreText::tr("a review needs a reviewer")));
    for (qsizetype i = 0; i < review.comments.size(); ++i) {
        const ReviewComment &cm = review.comments.at(i);
        if (cm.path.isEmpty() || cm.line < 0 || cm.text.trimmed().isEmpty())
            return std::unexpected(StoreError::invalid(QStringLiteral("comments[%1]").arg(i),
                StoreText::tr("comments[%1] needs a path, a line >= 0 and a text").arg(i)));
    }
    return Impl::write<Review>(*this, [&](StoreConnection &c, Emits &emits) -> StoreResult<Review> {
        auto phase = phaseById(c, review.runId, review.phaseId);
        if (!phase)
            return std::unexpected(phase.error());
        auto id = insert(c,
            QStringLiteral("INSERT INTO reviews (phase_row_id, run_id, phase_id, candidate_commit, decision, reason, "
                           "reviewer, time) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
            { phase->id, review.runId, review.phaseId,
                review.candidateCommit.isEmpty() ? phase->candidateCommit : review.candidateCommit, review.decision,
                review.reason, review.reviewer, timeText(review.time.isValid() ? review.time : now()) });
        if (!id)
            return std::unexpected(id.error());
        for (const ReviewComment &cm : review.comments) {
            if (auto row = insert(c,
                    QStringLiteral("INSERT INTO review_comments (review_id, path, line, text) VALUES (?, ?, ?, ?)"),
                    { *id, cm.path, cm.line, cm.text });
                !row)
                return std::unexpected(row.error());
        }
        auto stored = readOne<Review>(c,
            QStringLiteral("SELECT ") + kReviewColumns + QStringLiteral(" FROM reviews WHERE id = ?"), { *id },
            readReview, StoreText::tr("review %1 not found").arg(*id));
        if (!stored)
            return stored;
        auto comments = reviewComments(c, *id);
        if (!comments)
            return std::unexpected(comments.error());
        stored->comments = *comments;
        emits << [n = notifier(), r = *stored] { Q_EMIT n->reviewAdded(r); };
        return stored;
    });
}

StoreResult<QList<Review>> Store::reviews(const QString &runId, const QString &phaseId) const
{
    return Impl::read<QList<Review>>(*this, [&](StoreConnection &c) -> StoreResult<QList<Review>> {
        auto phase = phaseById(c, runId, phaseId);
        if (!phase)
            return std::unexpected(phase.error());
        auto list = readAll<Review>(c,
            QStringLiteral("SELECT ") + kReviewColumns
                + QStringLiteral(" FROM reviews WHERE phase_row_id = ? ORDER BY id"),
            { phase->id }, readReview);
        if (!list)
            return list;
        for (Review &r : *list) {
            auto comments = reviewComments(c, r.id);
            if (!comments)
                return std::unexpected(comments.error());
            r.comments = *comments;
        }
        return list;
    });
}

// ---- CI attempts --------------------------------------------------------------------------

namespace {
StoreResult<CiAttempt> ciAttemptById(StoreConnection &c, qint64 id)
{
    return readOne<CiAttempt>(c,
        QStringLiteral("SELECT ") + kCiColumns + QStringLiteral(" FROM ci_attempts WHERE id = ?"), { id },
        readCiAttempt, StoreText::tr("CI attempt %1 not found").arg(id));
}
} // namespace

StoreResult<CiAttempt> Store::startCiAttempt(const CiAttempt &attempt)
{
    if (attempt.attempt < 1)
        return std::unexpected(StoreError::invalid(
            QStringLiteral("attempt"), StoreText::tr("attempt must be 1 or more (got %1)").arg(attempt.attempt)));
    if (attempt.profile != QLatin1String("normal") && attempt.profile != QLatin1String("strict"))
        return std::unexpected(StoreError::invalid(QStringLiteral("profile"),
            StoreText::tr("profile must be normal or strict (got \"%1\")").arg(attempt.profile)));
    return Impl::write<CiAttempt>(*this, [&](StoreConnection &c, Emits &emits) -> StoreResult<CiAttempt> {
        auto phase = phaseById(c, attempt.runId, attempt.phaseId);
        if (!phase)
            return std::unexpected(phase.error());
        auto id = insert(c,
            QStringLiteral("INSERT INTO ci_attempts (phase_row_id, run_id, phase_id, attempt, profile, command, "
                           "candidate_commit, exit_code, duration_ms, output, truncated, status, started_at) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, NULL, 0, ?, 0, 'running', ?)"),
            { phase->id, attempt.runId, attempt.phaseId, attempt.attempt, attempt.profile, attempt.command,
                attempt.candidateCommit.isEmpty() ? phase->candidateCommit : attempt.candidateCommit, attempt.output,
                timeText(attempt.startedAt.isValid() ? attempt.startedAt : now()) });
        if (!id)
            return std::unexpected(id.error());
        // Every attempt counts against the tier's ci_run_cap (SPEC §7).
        const QString stamp = timeText(now());
        if (auto n
            = exec(c, QStringLiteral("UPDATE tiers SET ci_runs_used = ci_runs_used + 1, updated_at = ? WHERE id = ?"),
                { stamp, phase->tierRowId });
            !n)
            return std::unexpected(n.error());
        if (auto n
            = exec(c, QStringLiteral("UPDATE runs SET ci_runs_used = ci_runs_used + 1, updated_at = ? WHERE id = ?"),
                { stamp, phase->runRowId });
            !n)
            return std::unexpected(n.error());
        auto stored = ciAttemptById(c, *id);
        auto tier = tierByRow(c, phase->tierRowId);
        auto run = runByRow(c, phase->runRowId);
        if (!stored || !tier || !run)
            return std::unexpected(!stored ? stored.error() : !tier ? tier.error() : run.error());
        emits << [n = notifier(), a = *stored, t = *tier, r = *run] {
            Q_EMIT n->ciAttemptChanged(a);
            Q_EMIT n->tierChanged(t);
            Q_EMIT n->runChanged(r);
        };
        return stored;
    });
}

StoreResult<> Store::appendCiOutput(qint64 attemptId, const QString &chunk)
{
    return Impl::write<void>(*this, [&](StoreConnection &c, Emits &emits) -> StoreResult<> {
        // Appends without reading the output back: it can be megabytes and this runs for
        // every flushed chunk.
        auto n
            = exec(c, QStringLiteral("UPDATE ci_attempts SET output = output || ? WHERE id = ? AND status = 'running'"),
                { chunk, attemptId });
        if (!n)
            return std::unexpected(n.error());
        if (*n == 0) {
            auto status = readOne<QString>(
                c, QStringLiteral("SELECT status FROM ci_attempts WHERE id = ?"), { attemptId },
                [](const QSqlQuery &q) { return q.value(0).toString(); },
                StoreText::tr("CI attempt %1 not found").arg(attemptId));
            if (!status)
                return std::unexpected(status.error());
            return std::unexpected(StoreError::invalid(QStringLiteral("attempt_id"),
                StoreText::tr("CI attempt %1 is %2, not running: no more output").arg(attemptId).arg(*status)));
        }
        emits << [nt = notifier(), attemptId, chunk] { Q_EMIT nt->ciOutputAppended(attemptId, chunk); };
        return {};
    });
}

StoreResult<CiAttempt> Store::finishCiAttempt(
    qint64 attemptId, const QString &status, std::optional<int> exitCode, qint64 durationMs, bool truncated)
{
    if (!kCiFinalStatuses.contains(status))
        return std::unexpected(StoreError::invalid(QStringLiteral("status"),
            StoreText::tr("status must be one of %1 (got \"%2\")")
                .arg(kCiFinalStatuses.join(QLatin1String(", ")), status)));
    if (durationMs < 0)
        return std::unexpected(
            StoreError::invalid(QStringLiteral("duration_ms"), StoreText::tr("duration_ms must not be negative")));
    return Impl::write<CiAttempt>(*this, [&](StoreConnection &c, Emits &emits) -> StoreResult<CiAttempt> {
        auto current = ciAttemptById(c, attemptId);
        if (!current)
            return current;
        if (current->status != QLatin1String("running"))
            return std::unexpected(StoreError::invalid(QStringLiteral("attempt_id"),
                StoreText::tr("CI attempt %1 is already finished (%2)").arg(attemptId).arg(current->status)));
        if (auto n = exec(c,
                QStringLiteral("UPDATE ci_attempts SET status = ?, exit_code = ?, duration_ms = ?, truncated = ?, "
                               "finished_at = ? WHERE id = ?"),
                { status, exitCode ? QVariant(*exitCode) : QVariant(QMetaType::fromType<int>()), durationMs,
                    truncated ? 1 : 0, timeText(now()), attemptId });
            !n)
            return std::unexpected(n.error());
        auto stored = ciAttemptById(c, attemptId);
        if (stored)
            emits << [n = notifier(), a = *stored] { Q_EMIT n->ciAttemptChanged(a); };
        return stored;
    });
}

StoreResult<CiAttempt> Store::ciAttempt(qint64 attemptId) const
{
    return Impl::read<CiAttempt>(*this, [&](StoreConnection &c) { return ciAttemptById(c, attemptId); });
}

StoreResult<QList<CiAttempt>> Store::ciAttempts(const QString &runId, const QString &phaseId) const
{
    return Impl::read<QList<CiAttempt>>(*this, [&](StoreConnection &c) -> StoreResult<QList<CiAttempt>> {
        auto phase = phaseById(c, runId, phaseId);
        if (!phase)
            return std::unexpected(phase.error());
        return readAll<CiAttempt>(c,
            QStringLiteral("SELECT ") + kCiColumns
                + QStringLiteral(" FROM ci_attempts WHERE phase_row_id = ? ORDER BY id"),
            { phase->id }, readCiAttempt);
    });
}

// ---- leases -------------------------------------------------------------------------------

namespace {

const QString kLeaseColumns = QStringLiteral(
    "id, run_id, phase_id, role, holder, acquired_at, heartbeat_at, expires_at, released_at, release_reason");

Lease readLease(const QSqlQuery &q)
{
    Lease l;
    l.id = q.value(0).toLongLong();
    l.runId = q.value(1).toString();
    l.phaseId = q.value(2).toString();
    l.role = q.value(3).toString();
    l.holder = q.value(4).toString();
    l.acquiredAt = parseTime(q.value(5));
    l.heartbeatAt = parseTime(q.value(6));
    l.expiresAt = parseTime(q.value(7));
    l.releasedAt = parseTime(q.value(8));
    l.releaseReason = q.value(9).toString();
    return l;
}

StoreResult<Lease> leaseById(StoreConnection &c, qint64 id)
{
    return readOne<Lease>(c, QStringLiteral("SELECT ") + kLeaseColumns + QStringLiteral(" FROM leases WHERE id = ?"),
        { id }, readLease, StoreText::tr("lease %1 not found").arg(id));
}

StoreResult<> checkTtl(qint64 ttlMs)
{
    if (ttlMs <= 0)
        return std::unexpected(StoreError::invalid(
            QStringLiteral("ttl_ms"), StoreText::tr("ttl_ms must be positive (got %1)").arg(ttlMs)));
    return {};
}

// An open lease of `holder` that has not expired, or the reason it cannot be used.
StoreResult<Lease> usableLease(StoreConnection &c, qint64 leaseId, const QString &holder, const QDateTime &at)
{
    auto lease = leaseById(c, leaseId);
    if (!lease)
        return lease;
    if (lease->holder != holder)
        return std::unexpected(StoreError::make(StoreError::Kind::Conflict,
            StoreText::tr("lease %1 is held by %2, not %3").arg(leaseId).arg(lease->holder, holder)));
    if (lease->releasedAt.isValid())
        return std::unexpected(StoreError::make(StoreError::Kind::Conflict,
            StoreText::tr("lease %1 was released at %2 (%3)")
                .arg(leaseId)
                .arg(timeText(lease->releasedAt), lease->releaseReason)));
    if (lease->expiresAt <= at)
        return std::unexpected(StoreError::make(StoreError::Kind::Conflict,
            StoreText::tr("lease %1 expired at %2").arg(leaseId).arg(timeText(lease->expiresAt))));
    return lease;
}

} // namespace

StoreResult<Lease> Store::acquireLease(
    const QString &runId, const QString &phaseId, const QString &role, const QString &holder, qint64 ttlMs)
{
    if (role != QLatin1String("builder") && role != QLatin1String("auditor"))
        return std::unexpected(StoreError::invalid(
            QStringLiteral("role"), StoreText::tr("role must be builder or auditor (got \"%1\")").arg(role)));
    if (holder.trimmed().isEmpty())
        return std::unexpected(StoreError::invalid(QStringLiteral("holder"), StoreText::tr("a lease needs a holder")));
    if (auto ok = checkTtl(ttlMs); !ok)
        return std::unexpected(ok.error());
    return Impl::write<Lease>(*this, [&](StoreConnection &c, Emits &emits) -> StoreResult<Lease> {
        auto phase = phaseById(c, runId, phaseId);
        if (!phase)
            return std::unexpected(phase.error());
        const QDateTime at = parseTime(timeText(now()));
        const QString expires = timeText(at.addMSecs(ttlMs));
        auto open = readAll<Lease>(c,
            QStringLiteral("SELECT ") + kLeaseColumns
                + QStringLiteral(" FROM leases WHERE phase_row_id = ? AND role = ? AND released_at IS NULL "
                                 "AND expires_at > ? ORDER BY id"),
            { phase->id, role, timeText(at) }, readLease);
        if (!open)
            return std::unexpected(open.error());
        qint64 id = 0;
        if (!open->isEmpty()) {
            const Lease &held = open->first();
            if (held.holder != holder)
                return std::unexpected(StoreError::make(StoreError::Kind::Conflict,
                    StoreText::tr("phase %1 of run %2 is leased to %3 as %4 until %5")
                        .arg(phaseId, runId, held.holder, role, timeText(held.expiresAt))));
            // The holder claims again: renew its lease rather than stack a second one.
            if (auto n = exec(c, QStringLiteral("UPDATE leases SET heartbeat_at = ?, expires_at = ? WHERE id = ?"),
                    { timeText(at), expires, held.id });
                !n)
                return std::unexpected(n.error());
            id = held.id;
        } else {
            auto row = insert(c,
                QStringLiteral("INSERT INTO leases (phase_row_id, run_id, phase_id, role, holder, acquired_at, "
                               "heartbeat_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
                { phase->id, runId, phaseId, role, holder, timeText(at), timeText(at), expires });
            if (!row)
                return std::unexpected(row.error());
            id = *row;
        }
        auto stored = leaseById(c, id);
        if (stored)
            emits << [n = notifier(), l = *stored] { Q_EMIT n->leaseChanged(l); };
        return stored;
    });
}

StoreResult<Lease> Store::heartbeatLease(qint64 leaseId, const QString &holder, qint64 ttlMs)
{
    if (auto ok = checkTtl(ttlMs); !ok)
        return std::unexpected(ok.error());
    return Impl::write<Lease>(*this, [&](StoreConnection &c, Emits &emits) -> StoreResult<Lease> {
        const QDateTime at = parseTime(timeText(now()));
        auto lease = usableLease(c, leaseId, holder, at);
        if (!lease)
            return lease;
        if (auto n = exec(c, QStringLiteral("UPDATE leases SET heartbeat_at = ?, expires_at = ? WHERE id = ?"),
                { timeText(at), timeText(at.addMSecs(ttlMs)), leaseId });
            !n)
            return std::unexpected(n.error());
        auto stored = leaseById(c, leaseId);
        if (stored)
            emits << [n = notifier(), l = *stored] { Q_EMIT n->leaseChanged(l); };
        return stored;
    });
}

StoreResult<Lease> Store::releaseLease(qint64 leaseId, const QString &holder, const QString &reason)
{
    return Impl::write<Lease>(*this, [&](StoreConnection &c, Emits &emits) -> StoreResult<Lease> {
        const QDateTime at = parseTime(timeText(now()));
        auto lease = usableLease(c, leaseId, holder, at);
        if (!lease)
            return lease;
        if (auto n = exec(c, QStringLiteral("UPDATE leases SET released_at = ?, release_reason = ? WHERE id = ?"),
                { timeText(at), reason.isEmpty() ? QStringLiteral("released") : reason, leaseId });
            !n)
            return std::unexpected(n.error());
        auto stored = leaseById(c, leaseId);
        if (stored)
            emits << [n = notifier(), l = *stored] { Q_EMIT n->leaseChanged(l); };
        return stored;
    });
}

StoreResult<QList<Lease>> Store::expireLeases()
{
    return Impl::write<QList<Lease>>(*this, [&](StoreConnection &c, Emits &emits) -> StoreResult<QList<Lease>> {
        const QString at = timeText(now());
        auto due = readAll<Lease>(c,
            QStringLiteral("SELECT ") + kLeaseColumns
                + QStringLiteral(" FROM leases WHERE released_at IS NULL AND expires_at <= ? ORDER BY id"),
            { at }, readLease);
        if (!due)
            return due;
        for (Lease &l : *due) {
            if (auto n
                = exec(c, QStringLiteral("UPDATE leases SET released_at = ?, release_reason = 'expired' WHERE id = ?"),
                    { at, l.id });
                !n)
                return std::unexpected(n.error());
            l.releasedAt = parseTime(at);
            l.releaseReason = QStringLiteral("expired");
            emits << [n = notifier(), l] { Q_EMIT n->leaseChanged(l); };
        }
        return due;
    });
}

StoreResult<QList<Lease>> Store::activeLeases(const QString &runId) const
{
    return Impl::read<QList<Lease>>(*this, [&](StoreConnection &c) -> StoreResult<QList<Lease>> {
        const QString at = timeText(now());
        if (runId.isEmpty())
            return readAll<Lease>(c,
                QStringLiteral("SELECT ") + kLeaseColumns
                    + QStringLiteral(" FROM leases WHERE released_at IS NULL AND expires_at > ? ORDER BY id"),
                { at }, readLease);
        if (auto r = runById(c, runId); !r)
            return std::unexpected(r.error());
        return readAll<Lease>(c,
            QStringLiteral("SELECT ") + kLeaseColumns
                + QStringLiteral(
                    " FROM leases WHERE run_id = ? AND released_at IS NULL AND expires_at > ? ORDER BY id"),
            { runId, at }, readLease);
    });
}

StoreResult<QList<Lease>> Store::leases(const QString &runId, const QString &phaseId) const
{
    return Impl::read<QList<Lease>>(*this, [&](StoreConnection &c) -> StoreResult<QList<Lease>> {
        auto phase = phaseById(c, runId, phaseId);
        if (!phase)
            return std::unexpected(phase.error());
        return readAll<Lease>(c,
            QStringLiteral("SELECT ") + kLeaseColumns
                + QStringLiteral(" FROM leases WHERE phase_row_id = ? ORDER BY id"),
            { phase->id }, readLease);
    });
}

// ---- idempotency keys -----------------------------------------------------------------------

namespace {

IdempotencyRecord readIdempotencyRecord(const QSqlQuery &q)
{
    IdempotencyRecord r;
    r.scope = q.value(0).toString().toLatin1();
    r.key = q.value(1).toString();
    r.fingerprint = q.value(2).toByteArray();
    r.status = q.value(3).toInt();
    const QJsonArray headers = QJsonDocument::fromJson(q.value(4).toString().toUtf8()).array();
    for (const QJsonValue &h : headers) {
        const QJsonArray pair = h.toArray();
        r.headers.append({ pair.at(0).toString().toLatin1(), pair.at(1).toString().toLatin1() });
    }
    r.body = q.value(5).toByteArray();
    r.createdAt = parseTime(q.value(6));
    return r;
}

} // namespace

StoreResult<std::optional<IdempotencyRecord>> Store::idempotencyRecord(
    const QByteArray &scope, const QString &key) const
{
    return Impl::read<std::optional<IdempotencyRecord>>(
        *this, [&](StoreConnection &c) -> StoreResult<std::optional<IdempotencyRecord>> {
            auto row = readOne<IdempotencyRecord>(c,
                QStringLiteral("SELECT scope, idempotency_key, fingerprint, status, headers_json, body, created_at "
                               "FROM idempotency_keys WHERE scope = ? AND idempotency_key = ?"),
                { QString::fromLatin1(scope), key }, readIdempotencyRecord, QString());
            if (!row) {
                if (row.error().kind == StoreError::Kind::NotFound)
                    return std::optional<IdempotencyRecord>();
                return std::unexpected(row.error());
            }
            return std::optional<IdempotencyRecord>(std::move(*row));
        });
}

StoreResult<> Store::saveIdempotencyRecord(const IdempotencyRecord &record)
{
    if (record.scope.isEmpty() || record.key.isEmpty())
        return std::unexpected(
            StoreError::invalid(record.scope.isEmpty() ? QStringLiteral("scope") : QStringLiteral("key"),
                StoreText::tr("an idempotency record needs a scope and a key")));
    QJsonArray headers;
    for (const auto &[name, value] : record.headers)
        headers.append(QJsonArray { QString::fromLatin1(name), QString::fromLatin1(value) });
    return Impl::write<void>(*this, [&](StoreConnection &c, Emits &) -> StoreResult<> {
        auto n = exec(c,
            QStringLiteral("INSERT OR REPLACE INTO idempotency_keys (scope, idempotency_key, fingerprint, status, "
                           "headers_json, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"),
            { QString::fromLatin1(record.scope), record.key, record.fingerprint, record.status,
                QString::fromUtf8(QJsonDocument(headers).toJson(QJsonDocument::Compact)), record.body,
                timeText(now()) });
        if (!n)
            return std::unexpected(n.error());
        return {};
    });
}

StoreResult<int> Store::pruneIdempotencyRecords(const QDateTime &before)
{
    return Impl::write<int>(*this, [&](StoreConnection &c, Emits &) -> StoreResult<int> {
        return exec(c, QStringLiteral("DELETE FROM idempotency_keys WHERE created_at < ?"), { timeText(before) });
    });
}

} // namespace Autopack
