#include "supervisor.h"

#include "artefactwriter.h"
#include "issuerecorder.h"
#include "issuetracker.h"
#include "plan.h"
#include "ruleset.h"
#include "runblueprint.h"
#include "runcache.h"
#include "strategycompiler.h"

#include "candidatewriter.h"
#include "integrationbranch.h"
#include "promoter.h"
#include "repository.h"
#include "scopepolicy.h"

#include "ciconfig.h"
#include "storecirecorder.h"
#include "verifier.h"

#include <QCoreApplication>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSaveFile>

#include <cmath>

Q_LOGGING_CATEGORY(lcSupervisor, "autopack.supervisor")

namespace Autopack::Engine {

namespace {

QString tr(const char *text) { return QCoreApplication::translate("Autopack::Supervisor", text); }

SupervisorError fromStore(const StoreError &e)
{
    switch (e.kind) {
    case StoreError::Kind::InvalidInput:
        return SupervisorError::invalid(e.field, e.message);
    case StoreError::Kind::Duplicate:
        return SupervisorError::invalid(e.field, e.message);
    case StoreError::Kind::NotFound:
        return SupervisorError::notFound(e.message);
    case StoreError::Kind::IllegalTransition:
        return SupervisorError::illegal(e.transition ? e.transition->fromState : QString(), e.message);
    case StoreError::Kind::Conflict:
        return SupervisorError::illegal({}, e.message);
    case StoreError::Kind::Unauthorized:
        return SupervisorError::forbidden(e.message);
    default:
        break;
    }
    return SupervisorError::internal(e.message);
}

SupervisorError fromGit(const Git::GitError &e)
{
    switch (e.kind) {
    case Git::GitError::Kind::InvalidPatch:
    case Git::GitError::Kind::PolicyViolation:
    case Git::GitError::Kind::ApplyFailed:
    case Git::GitError::Kind::Conflict:
        return SupervisorError::refused(e.toString());
    case Git::GitError::Kind::RefMoved:
    case Git::GitError::Kind::Refused:
    case Git::GitError::Kind::NotFound:
        return SupervisorError::illegal({}, e.toString());
    default:
        break;
    }
    return SupervisorError::internal(e.toString());
}

template<typename T>
std::unexpected<SupervisorError> storeFail(const StoreResult<T> &r)
{
    return std::unexpected(fromStore(r.error()));
}

// The run state that mirrors its current phase (SPEC §2).
RunState mirror(PhaseState s)
{
    switch (s) {
    case PhaseState::Gate:
        return RunState::Gate;
    case PhaseState::CiRunning:
        return RunState::CiRunning;
    default:
        break;
    }
    return RunState::PhaseExecution;
}

// What every transition request carries whatever its entity; the context records
// the reason too, so the event and the context never disagree.
TransitionRequest transitionRequest(const QString &runId, const QString &entityId, decltype(TransitionRequest::to) to,
    Actor actor, const QString &actorName, const QString &reason, TransitionContext tc)
{
    TransitionRequest r;
    r.runId = runId;
    r.entityId = entityId;
    r.to = to;
    r.actor = actor;
    r.actorName = actorName;
    r.reason = reason;
    tc.reason = reason;
    r.context = tc;
    return r;
}

TransitionRequest runRequest(const QString &runId, RunState to, Actor actor, const QString &actorName,
    const QString &reason, TransitionContext tc = {}, const RunUpdate &update = {})
{
    TransitionRequest r = transitionRequest(runId, {}, to, actor, actorName, reason, std::move(tc));
    r.runUpdate = update;
    return r;
}

TransitionRequest tierRequest(const QString &runId, const QString &tierId, TierState to, const QString &actorName,
    const QString &reason, TransitionContext tc = {}, const TierUpdate &update = {})
{
    TransitionRequest r = transitionRequest(runId, tierId, to, Actor::Supervisor, actorName, reason, std::move(tc));
    r.tierUpdate = update;
    return r;
}

TransitionRequest phaseRequest(const QString &runId, const QString &phaseId, PhaseState to, Actor actor,
    const QString &actorName, const QString &reason, TransitionContext tc, const PhaseUpdate &update = {})
{
    TransitionRequest r = transitionRequest(runId, phaseId, to, actor, actorName, reason, std::move(tc));
    r.phaseUpdate = update;
    return r;
}

// The phase's own slice of the frozen strategy JSON, as agents are given it.
QJsonObject phaseSlice(const Strategy &strategy, const QString &phaseId)
{
    const QJsonObject all = strategy.toJson();
    for (const QJsonValue &t : all.value(QStringLiteral("tiers")).toArray()) {
        for (const QJsonValue &p : t.toObject().value(QStringLiteral("phases")).toArray()) {
            if (p.toObject().value(QStringLiteral("phase_id")).toString() == phaseId)
                return p.toObject();
        }
    }
    return {};
}

std::optional<QString> optionalString(
    const QJsonObject &o, const QString &key, const QString &path, SupervisorError *error)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull())
        return std::nullopt;
    if (!v.isString()) {
        *error = SupervisorError::invalid(path + key, tr("%1 must be a string").arg(key));
        return std::nullopt;
    }
    return v.toString();
}

// Reads a non-negative integer; absent is 0.
bool readCount(const QJsonObject &o, const QString &key, qint64 *out, SupervisorError *error)
{
    const QJsonValue v = o.value(key);
    *out = 0;
    if (v.isUndefined() || v.isNull())
        return true;
    if (!v.isDouble() || v.toDouble() < 0 || v.toDouble() != double(qint64(v.toDouble()))) {
        *error = SupervisorError::invalid(key, tr("%1 must be a non-negative integer").arg(key));
        return false;
    }
    *out = qint64(v.toDouble());
    return true;
}

// cost_usd: optional, dollars as the agent reported them.
bool readCost(const QJsonObject &o, double *out, SupervisorError *error)
{
    const QJsonValue v = o.value(QStringLiteral("cost_usd"));
    *out = 0;
    if (v.isUndefined() || v.isNull())
        return true;
    if (!v.isDouble() || !(v.toDouble() >= 0) || !std::isfinite(v.toDouble())) {
        *error = SupervisorError::invalid(QStringLiteral("cost_usd"), tr("cost_usd must be a non-negative number"));
        return false;
    }
    *out = v.toDouble();
    return true;
}

bool checkIds(const QJsonObject &o, const QString &runId, const QString &phaseId, SupervisorError *error)
{
    const QJsonValue r = o.value(QStringLiteral("run_id"));
    if (r.isString() && !r.toString().isEmpty() && r.toString() != runId) {
        *error = SupervisorError::invalid(
            QStringLiteral("run_id"), tr("run_id %1 does not match the URL's run %2").arg(r.toString(), runId));
        return false;
    }
    const QJsonValue p = o.value(QStringLiteral("phase_id"));
    if (p.isString() && !p.toString().isEmpty() && p.toString() != phaseId) {
        *error = SupervisorError::invalid(
            QStringLiteral("phase_id"), tr("phase_id %1 does not match the URL's phase %2").arg(p.toString(), phaseId));
        return false;
    }
    return true;
}

} // namespace

QJsonObject WorkItem::toJson() const
{
    QJsonArray rejected;
    for (const Review &r : rejections) {
        QJsonArray comments;
        for (const ReviewComment &c : r.comments)
            comments.append(QJsonObject { { "path", c.path }, { "line", c.line }, { "text", c.text } });
        rejected.append(QJsonObject { { "decision", r.decision }, { "reason", r.reason }, { "reviewer", r.reviewer },
            { "candidate_commit", r.candidateCommit }, { "comments", comments } });
    }
    return QJsonObject {
        { "role", role },
        { "run_id", run.runId },
        { "tier_id", phase.tierId },
        { "phase_id", phase.phaseId },
        { "phase_index", phase.phaseIndex },
        { "name", phase.name },
        { "description", phase.description },
        { "task_category", phase.taskCategory },
        { "complexity", phase.complexity },
        { "builder_mode", phase.builderMode },
        { "state", toString(phase.state) },
        { "builder_attempts", phase.builderAttempts },
        { "max_builder_attempts", phase.maxBuilderAttempts },
        { "auditor_attempts", phase.auditorAttempts },
        { "max_auditor_attempts", phase.maxAuditorAttempts },
        { "strategy", strategy },
        { "base_commit", baseCommit },
        { "candidate_commit", candidateCommit },
        { "rejections", rejected },
        { "last_ci_output", lastCiOutput },
        { "tier_name", tierName },
        { "budget_left", QJsonObject { { "run_tokens", runTokensLeft }, { "phase_tokens", phaseTokensLeft } } },
        { "review_focus", reviewFocus },
        { "audit_reason", auditReason },
        { "tokens_used", phase.tokensUsed },
        { "cost_usd", phase.costUsd },
        { "lease_id", lease.id },
        { "lease_expires_at", lease.expiresAt.toString(Qt::ISODateWithMs) },
    };
}

QString BuilderOutcome::phaseState() const { return toString(phase.state); }

struct Supervisor::Context {
    Run run;
    Project project;
    Strategy strategy;
    QList<Tier> tiers;
    QList<Phase> phases; // in execution order
    Phase phase; // the one asked for (when a phase id was given)

    // The phase's strategy slice, looked up each time: a Context is copied and moved,
    // so it holds no pointers into itself.
    const PhaseStrategy *slice() const { return strategy.phase(phase.phaseId); }

    const Phase *current() const
    {
        for (const Phase &p : phases) {
            if (!isTerminal(p.state))
                return &p;
        }
        return nullptr;
    }
    const Tier *tier(const QString &tierId) const
    {
        for (const Tier &t : tiers) {
            if (t.tierId == tierId)
                return &t;
        }
        return nullptr;
    }
    TransitionContext counts(int builderAttempts, int auditorAttempts) const
    {
        TransitionContext tc;
        tc.builderAttempts = builderAttempts;
        tc.maxBuilderAttempts = phase.maxBuilderAttempts;
        tc.auditorAttempts = auditorAttempts;
        tc.maxAuditorAttempts = phase.maxAuditorAttempts;
        return tc;
    }
};

namespace {
// The strategy slice's globs plus the project's own, unless the ruleset lets this
// phase's category touch protected paths (SPEC §3).
QStringList protectedGlobs(const PhaseStrategy &slice, const Project &project)
{
    QStringList globs = slice.protectedGlobs;
    if (auto ruleset = Ruleset::fromJson(project.rulesetJson.toUtf8())) {
        const CategoryOverride o = ruleset->categoryOverrides.value(slice.category);
        if (o.allowProtectedPaths.value_or(false))
            return globs;
    }
    for (const QString &g : project.protectedGlobs) {
        if (!globs.contains(g))
            globs << g;
    }
    return globs;
}
} // namespace

Supervisor::Supervisor(Store &store, const Clock &clock, SupervisorOptions options, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_clock(clock)
    , m_options(std::move(options))
{
    if (m_options.scratchDir.isEmpty())
        m_options.scratchDir = m_options.dataDir + QStringLiteral("/ci-scratch");
    m_fileWriter.setMaxThreadCount(1); // one thread: files are written in the order asked
    m_runCache = std::make_unique<RunCache>(m_store);
    // Children, so moveToThread() takes the CI machinery and the timer along.
    m_recorder = std::make_unique<Ci::StoreCiRecorder>(&m_store, this);
    Ci::Verifier::Options vo;
    vo.workDir = m_options.scratchDir;
    m_verifier = std::make_unique<Ci::Verifier>(m_recorder.get(), vo, this);
    m_timer.setParent(this);
    connect(m_verifier.get(), &Ci::Verifier::finished, this, &Supervisor::onCiFinished);
    m_timer.setInterval(m_options.timerIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &Supervisor::tick);
}

Supervisor::~Supervisor()
{
    // The verifier goes first: its destructor kills CI still running, which must not
    // report into a half-destroyed supervisor.
    m_verifier.reset();
}

QString Supervisor::osUser()
{
    QString user = qEnvironmentVariable("USER");
    if (user.isEmpty())
        user = qEnvironmentVariable("LOGNAME");
    return user.isEmpty() ? QStringLiteral("reviewer") : user;
}

QString Supervisor::runDirectory(const QString &runId) const
{
    return m_options.dataDir + QStringLiteral("/runs/") + runId;
}

SupervisorResult<Strategy> Supervisor::strategyOf(const Run &run) const
{
    const auto it = m_strategies.constFind(run.runId);
    if (it != m_strategies.constEnd())
        return *it;
    auto s = Strategy::fromJson(run.strategyJson.toUtf8());
    if (!s)
        return std::unexpected(SupervisorError::internal(
            tr("run %1: stored strategy does not read back: %2").arg(run.runId, s.error().toString())));
    m_strategies.insert(run.runId, *s);
    return *s;
}

SupervisorResult<Project> Supervisor::projectOf(const Run &run) const
{
    if (std::optional<Project> cached = m_runCache->project(run.projectId))
        return *cached;
    const quint64 mark = m_runCache->mark();
    auto p = m_store.project(run.projectId);
    if (!p)
        return storeFail(p);
    m_runCache->putProject(*p, mark);
    return *p;
}

SupervisorResult<Supervisor::Context> Supervisor::load(const QString &runId, const QString &phaseId) const
{
    Context c;
    std::optional<CreatedRun> cached = m_runCache->run(runId);
    const bool fromStore = !cached;
    const quint64 mark = m_runCache->mark();
    if (fromStore) {
        auto tree = m_store.runTree(runId);
        if (!tree) {
            if (tree.error().kind == StoreError::Kind::NotFound)
                return std::unexpected(SupervisorError::notFound(tr("unknown run %1").arg(runId)));
            return storeFail(tree);
        }
        cached = std::move(*tree);
    }
    c.run = std::move(cached->run);
    auto project = projectOf(c.run);
    if (!project)
        return std::unexpected(project.error());
    c.project = *project;
    auto strategy = strategyOf(c.run);
    if (!strategy)
        return std::unexpected(strategy.error());
    c.strategy = *strategy;
    c.tiers = std::move(cached->tiers);
    c.phases = std::move(cached->phases);
    if (fromStore) {
        // Execution order is the strategy's (debt_cleanup phases sit at the end of their tier).
        QHash<QString, qsizetype> position;
        const QStringList order = c.strategy.phaseOrder();
        for (qsizetype i = 0; i < order.size(); ++i)
            position.insert(order.at(i), i);
        std::stable_sort(c.phases.begin(), c.phases.end(), [&](const Phase &a, const Phase &b) {
            return position.value(a.phaseId, -1) < position.value(b.phaseId, -1);
        });
        m_runCache->putRun(CreatedRun { c.run, c.tiers, c.phases }, mark);
    }
    if (!phaseId.isEmpty()) {
        bool found = false;
        for (const Phase &p : c.phases) {
            if (p.phaseId == phaseId) {
                c.phase = p;
                found = true;
            }
        }
        if (!found)
            return std::unexpected(SupervisorError::notFound(tr("unknown phase %1 in run %2").arg(phaseId, runId)));
        if (!c.slice())
            return std::unexpected(
                SupervisorError::internal(tr("phase %1 is missing from run %2's strategy").arg(phaseId, runId)));
    }
    return c;
}

SupervisorResult<CreatedRun> Supervisor::runDetail(const QString &runId) const
{
    auto c = load(runId);
    if (!c)
        return std::unexpected(c.error());
    return CreatedRun { c->run, c->tiers, c->phases };
}

// --- creation ------------------------------------------------------------------------

SupervisorResult<CreatedRun> Supervisor::createRun(
    const QJsonObject &planJson, std::optional<qint64> projectId, const QString &actorName)
{
    const QString actor = actorName.isEmpty() ? osUser() : actorName;
    Project project;
    if (!projectId)
        projectId = m_options.defaultProjectId;
    if (projectId) {
        auto p = m_store.project(*projectId);
        if (!p) {
            if (p.error().kind == StoreError::Kind::NotFound)
                return std::unexpected(SupervisorError::notFound(tr("unknown project %1").arg(*projectId)));
            return storeFail(p);
        }
        project = *p;
    } else {
        auto all = m_store.projects();
        if (!all)
            return storeFail(all);
        if (all->size() != 1)
            return std::unexpected(SupervisorError::illegal({},
                all->isEmpty() ? tr("no project is registered: add one with `autopack project add PATH` or "
                                    "start with --project PATH")
                               : tr("%1 projects are registered: name one with project_id, or start with "
                                    "--project PATH")
                                     .arg(all->size())));
        project = all->first();
    }

    auto plan = Plan::fromJson(planJson);
    if (!plan)
        return std::unexpected(SupervisorError::invalid(plan.error().path, plan.error().toString()));
    const QString runId = plan->run.runId;
    if (auto existing = m_store.run(runId); existing)
        return std::unexpected(
            SupervisorError::invalid(QStringLiteral("$.run.run_id"), tr("Run %1 already exists").arg(runId)));
    if (auto ok = Git::validateRefComponent(QStringLiteral("run_id"), runId); !ok)
        return std::unexpected(SupervisorError::invalid(QStringLiteral("$.run.run_id"), ok.error().toString()));

    auto ruleset = Ruleset::fromJson(project.rulesetJson.toUtf8());
    if (!ruleset)
        return std::unexpected(SupervisorError::illegal(
            {}, tr("project %1's ruleset is invalid: %2").arg(project.name, ruleset.error().toString())));
    IssueRecorder recorder(m_store);
    auto backlog = recorder.backlog(project.id);
    if (!backlog)
        return storeFail(backlog);
    auto strategy = StrategyCompiler(*ruleset).compile(*plan, *backlog);
    if (!strategy)
        return std::unexpected(SupervisorError::invalid(strategy.error().path, strategy.error().toString()));
    for (const TierStrategy &t : strategy->tiers) {
        for (const PhaseStrategy &p : t.phases) {
            if (auto ok = Git::validateRefComponent(QStringLiteral("phase_id"), p.phaseId); !ok)
                return std::unexpected(SupervisorError::invalid(QStringLiteral("$.phases"), ok.error().toString()));
        }
        if (auto ok = Git::validateRefComponent(QStringLiteral("tier_id"), t.tierId); !ok)
            return std::unexpected(SupervisorError::invalid(QStringLiteral("$.tiers"), ok.error().toString()));
    }

    RunBlueprint blueprint = RunBlueprint::fromStrategy(*strategy, project.id);
    auto repo = Git::Repository::open(project.repoPath);
    if (!repo)
        return std::unexpected(SupervisorError::illegal(
            {}, tr("project %1's repository cannot be opened: %2").arg(project.name, repo.error().toString())));
    // Idempotent: a branch left by an earlier attempt that crashed before the store
    // write is taken as it is.
    auto base = Git::IntegrationBranch(*repo, runId).create(project.baseBranch);
    if (!base)
        return std::unexpected(fromGit(base.error()));
    blueprint.run.baseCommit = Git::oidToString(*base);

    auto created = m_store.createRun(blueprint.run, blueprint.tiers, blueprint.phases, Actor::Supervisor, actor);
    if (!created)
        return storeFail(created);
    m_strategies.insert(runId, *strategy);
    auto queued = m_store.transitionRun(runId, RunState::PhaseQueueing, Actor::Supervisor,
        tr("strategy frozen; integration branch %1 created at %2; %3 phases queued")
            .arg(blueprint.run.integrationBranch, blueprint.run.baseCommit)
            .arg(strategy->phaseCount()),
        {}, actor);
    if (!queued)
        return storeFail(queued);
    qCInfo(lcSupervisor) << "run" << runId << "created with" << strategy->phaseCount() << "phases";
    return runDetail(runId);
}

// --- state helpers ---------------------------------------------------------------------

SupervisorResult<Phase> Supervisor::movePhase(const Context &c, PhaseState to, Actor actor, const QString &actorName,
    const QString &reason, TransitionContext tc, const PhaseUpdate &update)
{
    QList<TransitionRequest> requests;
    requests << phaseRequest(c.run.runId, c.phase.phaseId, to, actor, actorName, reason, tc, update);
    const RunState runTo = mirror(to);
    if (runTo != c.run.state) {
        TransitionContext rc = tc;
        rc.morePhases = true;
        requests << runRequest(c.run.runId, runTo, Actor::Supervisor, actorName, reason, rc);
    }
    auto batch = m_store.transitionAll(requests);
    if (!batch)
        return storeFail(batch);
    return batch->phases.first();
}

SupervisorResult<Phase> Supervisor::finishPhase(const Context &c, PhaseState to, Actor actor, const QString &actorName,
    const QString &reason, TransitionContext tc, const PhaseUpdate &update)
{
    const QString runId = c.run.runId;
    const Phase &phase = c.phase;
    if (to == PhaseState::Failed && c.strategy.notCleanTierFailsRun()) {
        // safety_critical: a tier that cannot finish cleanly fails the run.
        const QString why = tr("safety_critical run: phase %1 failed (%2), so tier %3 is not_clean")
                                .arg(phase.phaseId, reason, phase.tierId);
        TransitionContext rc = tc;
        auto ended = endRun(runId,
            tc.budgetExceeded ? RunState::DoneFailedBudgetExhausted : RunState::DoneFailedRequiresHumanReview,
            Actor::Supervisor, actorName, why, rc, { phase.tierId });
        if (!ended)
            return std::unexpected(ended.error());
        auto after = m_store.phase(runId, phase.phaseId);
        if (!after)
            return storeFail(after);
        return *after;
    }

    QList<TransitionRequest> requests;
    requests << phaseRequest(runId, phase.phaseId, to, actor, actorName, reason, tc, update);

    // What is left of the tier and of the run after this phase.
    QStringList skipped;
    bool tierHasMore = false;
    for (const Phase &p : c.phases) {
        if (p.tierId != phase.tierId || p.phaseId == phase.phaseId || isTerminal(p.state))
            continue;
        if (to == PhaseState::Failed)
            skipped << p.phaseId;
        else
            tierHasMore = true;
    }
    for (const QString &id : skipped) {
        TransitionContext sc;
        sc.runEnding = true;
        requests << phaseRequest(runId, id, PhaseState::Skipped, Actor::Supervisor, actorName,
            tr("tier %1 failed: phase %2 failed").arg(phase.tierId, phase.phaseId), sc);
    }
    const Tier *tier = c.tier(phase.tierId);
    bool tierNotClean = false;
    if (to == PhaseState::Failed) {
        TransitionContext tcTier;
        tcTier.phaseFailed = true;
        TierUpdate tu;
        tu.cleanliness = Cleanliness::NotClean;
        tierNotClean = true;
        if (tier && tier->state == TierState::InProgress)
            requests << tierRequest(runId, phase.tierId, TierState::Failed, actorName,
                tr("phase %1 failed: %2").arg(phase.phaseId, reason), tcTier, tu);
    } else if (!tierHasMore && tier && tier->state == TierState::InProgress) {
        TransitionContext tcTier;
        tcTier.allPhasesFinished = true;
        requests << tierRequest(runId, phase.tierId, TierState::Complete, actorName,
            tr("every phase of tier %1 is processed").arg(phase.tierId), tcTier);
    }

    const Phase *next = nullptr;
    for (const Phase &p : c.phases) {
        if (p.phaseId == phase.phaseId || isTerminal(p.state) || skipped.contains(p.phaseId))
            continue;
        next = &p;
        break;
    }

    RunState runFrom = c.run.state;
    if (to == PhaseState::Complete) {
        TransitionContext rc;
        rc.ciGreen = true;
        requests << runRequest(runId, RunState::SnapshotCreated, Actor::Supervisor, actorName,
            tr("phase %1 complete: snapshot %2")
                .arg(phase.phaseId, Git::IntegrationBranch::snapshotTagName(runId, phase.tierId, phase.phaseId)),
            rc);
        runFrom = RunState::SnapshotCreated;
    }
    if (next) {
        TransitionContext rc;
        rc.morePhases = true;
        rc.ciRed = runFrom == RunState::CiRunning; // a phase that failed in CI
        if (runFrom != RunState::PhaseExecution || to == PhaseState::Failed || to == PhaseState::Complete)
            requests << runRequest(runId, RunState::PhaseExecution, Actor::Supervisor, actorName,
                tr("next phase %1").arg(next->phaseId), rc);
        const Tier *nextTier = c.tier(next->tierId);
        if (nextTier && nextTier->state == TierState::Pending)
            requests << tierRequest(runId, next->tierId, TierState::InProgress, actorName,
                tr("tier %1 starts with phase %2").arg(next->tierId, next->phaseId));
    } else {
        bool clean = !tierNotClean;
        for (const Tier &t : c.tiers) {
            if (t.cleanliness == Cleanliness::NotClean)
                clean = false;
        }
        TransitionContext rc;
        rc.allPhasesFinished = true;
        RunUpdate ru;
        ru.promotionEligible = clean;
        requests << runRequest(
            runId, RunState::DoneSuccess, Actor::Supervisor, actorName, tr("all phases processed"), rc, ru);
    }
    auto batch = m_store.transitionAll(requests);
    if (!batch)
        return storeFail(batch);
    if (auto leases = m_store.activeLeases(runId)) {
        for (const Lease &l : *leases) {
            if (l.phaseId == phase.phaseId) {
                m_store.releaseLease(l.id, l.holder, QStringLiteral("phase finished"));
                m_leaseDeadlines.remove(l.id);
            }
        }
    }
    if (!next)
        afterTerminal(runId);
    return batch->phases.first();
}

SupervisorResult<Run> Supervisor::endRun(const QString &runId, RunState terminal, Actor actor, const QString &actorName,
    const QString &reason, TransitionContext tc, const QStringList &notCleanTiers)
{
    auto c = load(runId);
    if (!c)
        return std::unexpected(c.error());
    if (isTerminal(c->run.state))
        return std::unexpected(SupervisorError::illegal(
            toString(c->run.state), tr("run %1 is already %2").arg(runId, toString(c->run.state))));
    QList<TransitionRequest> requests;
    TransitionContext ending = tc;
    ending.runEnding = true;
    for (const Phase &p : c->phases) {
        if (isTerminal(p.state))
            continue;
        TransitionContext pc = ending;
        pc.builderAttempts = p.builderAttempts;
        pc.maxBuilderAttempts = p.maxBuilderAttempts;
        pc.auditorAttempts = p.auditorAttempts;
        pc.maxAuditorAttempts = p.maxAuditorAttempts;
        requests << phaseRequest(runId, p.phaseId,
            p.state == PhaseState::Queued ? PhaseState::Skipped : PhaseState::Failed, Actor::Supervisor, actorName,
            reason, pc);
    }
    for (const Tier &t : c->tiers) {
        TierUpdate tu;
        if (notCleanTiers.contains(t.tierId))
            tu.cleanliness = Cleanliness::NotClean;
        if (t.state == TierState::InProgress)
            requests << tierRequest(runId, t.tierId, TierState::Failed, actorName, reason, ending, tu);
        else if (t.state == TierState::Pending)
            requests << tierRequest(runId, t.tierId, TierState::Skipped, actorName, reason, ending, tu);
        else if (tu.cleanliness && t.cleanliness != Cleanliness::NotClean)
            m_store.updateTier(runId, t.tierId, tu);
    }
    RunUpdate ru;
    ru.promotionEligible = false;
    requests << runRequest(runId, terminal, actor, actorName, reason, tc, ru);
    auto batch = m_store.transitionAll(requests);
    if (!batch)
        return storeFail(batch);
    for (auto it = m_ciJobs.begin(); it != m_ciJobs.end();) {
        if (it->runId == runId) {
            const quint64 id = it.key();
            it = m_ciJobs.erase(it);
            m_verifier->cancel(id);
        } else {
            ++it;
        }
    }
    qCInfo(lcSupervisor) << "run" << runId << "ended" << toString(terminal) << reason;
    afterTerminal(runId);
    return batch->runs.last();
}

void Supervisor::afterTerminal(const QString &runId)
{
    if (auto leases = m_store.activeLeases(runId)) {
        for (const Lease &l : *leases) {
            m_store.releaseLease(l.id, l.holder, QStringLiteral("run ended"));
            m_leaseDeadlines.remove(l.id);
        }
    }
    if (auto written = writeArtefacts(runId); !written)
        qCWarning(lcSupervisor) << "artefacts of run" << runId << "not written:" << written.error().message;
    if (auto run = m_store.run(runId))
        Q_EMIT runFinished(runId, run->state);
}

SupervisorResult<Phase> Supervisor::failedAttempt(
    const Context &c, Actor actor, const QString &actorName, const QString &reason, bool auditorAttempt)
{
    Q_UNUSED(auditorAttempt)
    TransitionContext tc = c.counts(c.phase.builderAttempts, c.phase.auditorAttempts);
    if (c.phase.state == PhaseState::CiRunning)
        tc.ciRed = true;
    PhaseUpdate pu;
    pu.awaitingReviewer = false;
    if (tc.attemptsLeft())
        return movePhase(c, PhaseState::Executing, actor, actorName, reason, tc, pu);
    if (c.slice() && c.slice()->gate == GateMode::Auditor && c.phase.state == PhaseState::Gate) {
        // human_gates false: nobody approved it, and nobody may.
        auto ended = endRun(c.run.runId, RunState::DoneFailedRequiresHumanReview, Actor::Supervisor, actorName,
            tr("phase %1 was not approved by the auditor and human gates are off: %2").arg(c.phase.phaseId, reason),
            {});
        if (!ended)
            return std::unexpected(ended.error());
        auto p = m_store.phase(c.run.runId, c.phase.phaseId);
        if (!p)
            return storeFail(p);
        return *p;
    }
    return finishPhase(c, PhaseState::Failed, actor, actorName,
        tr("%1; no attempts left (builder %2/%3, auditor %4/%5)")
            .arg(reason)
            .arg(tc.builderAttempts)
            .arg(tc.maxBuilderAttempts)
            .arg(tc.auditorAttempts)
            .arg(tc.maxAuditorAttempts),
        tc, pu);
}

bool Supervisor::checkBudgets(const QString &runId)
{
    auto c = load(runId);
    return c ? checkBudgets(*c) : false;
}

bool Supervisor::checkBudgets(const Context &loaded)
{
    if (isTerminal(loaded.run.state))
        return true;
    const QString runId = loaded.run.runId;
    const Context *c = &loaded;
    RunUsage usage;
    usage.tokensUsed = c->run.tokensUsed;
    usage.minorIssues = c->run.minorIssues;
    if (c->run.startedAt.isValid())
        usage.elapsed = std::chrono::seconds(qMax<qint64>(0, c->run.startedAt.secsTo(m_clock.now())));
    const Phase *current = c->current();
    if (current && current->state != PhaseState::Queued)
        usage.currentPhaseId = current->phaseId;
    for (const Tier &t : c->tiers)
        usage.tiers << TierUsage { t.tierId, t.tokensUsed, t.ciRunsUsed, t.minorIssues, t.majorIssues };
    for (const Phase &p : c->phases)
        usage.phases << PhaseUsage { p.phaseId, p.tokensUsed, p.builderAttempts, p.auditorAttempts };
    const BudgetVerdict verdict = BudgetChecker(c->strategy).check(usage);
    if (verdict.withinBudget())
        return false;
    if (verdict.runFailed()) {
        TransitionContext tc;
        tc.budgetExceeded = true;
        auto ended = endRun(runId, RunState::DoneFailedBudgetExhausted, Actor::Supervisor, QString(),
            verdict.failureReason, tc, verdict.notCleanTiers);
        if (!ended)
            qCWarning(lcSupervisor) << "run" << runId << "budget failure not recorded:" << ended.error().message;
        return true;
    }
    for (const QString &tierId : verdict.notCleanTiers) {
        const Tier *t = c->tier(tierId);
        if (!t || t->cleanliness == Cleanliness::NotClean)
            continue;
        TierUpdate tu;
        tu.cleanliness = Cleanliness::NotClean;
        m_store.updateTier(runId, tierId, tu);
        QStringList why;
        for (const BudgetBreach &b : verdict.breaches) {
            if (b.level == BudgetLevel::Tier && b.entityId == tierId)
                why << b.reason;
        }
        m_store.recordEvent(runId, EntityKind::Tier, tierId, Actor::Supervisor, QString(),
            tr("tier %1 is not_clean: %2").arg(tierId, why.join(QStringLiteral("; "))));
    }
    if (current && verdict.failedPhases.contains(current->phaseId) && current->state != PhaseState::Queued) {
        auto pc = load(runId, current->phaseId);
        if (pc) {
            QStringList why;
            for (const BudgetBreach &b : verdict.breaches) {
                if (b.level == BudgetLevel::Phase && b.entityId == current->phaseId)
                    why << b.reason;
            }
            TransitionContext tc = pc->counts(current->builderAttempts, current->auditorAttempts);
            tc.budgetExceeded = true;
            tc.runEnding = current->state == PhaseState::Gate; // GATE fails only with the run's consent
            finishPhase(*pc, PhaseState::Failed, Actor::Supervisor, QString(), why.join(QStringLiteral("; ")), tc);
        }
    }
    return false;
}

// --- dispatch and claims ----------------------------------------------------------------

SupervisorResult<void> Supervisor::dispatch(const Context &c, const QString &agent)
{
    auto repo = Git::Repository::open(c.project.repoPath);
    if (!repo)
        return std::unexpected(fromGit(repo.error()));
    auto tip = Git::IntegrationBranch(*repo, c.run.runId).tip();
    if (!tip)
        return std::unexpected(fromGit(tip.error()));
    QList<TransitionRequest> requests;
    PhaseUpdate pu;
    pu.baseCommit = Git::oidToString(*tip);
    requests << phaseRequest(c.run.runId, c.phase.phaseId, PhaseState::Executing, Actor::Builder, agent,
        tr("dispatched to %1").arg(agent.isEmpty() ? tr("a builder") : agent), {}, pu);
    if (c.run.state == RunState::PhaseQueueing) {
        TransitionContext rc;
        rc.morePhases = true;
        requests << runRequest(c.run.runId, RunState::PhaseExecution, Actor::Supervisor, agent,
            tr("phase %1 starts").arg(c.phase.phaseId), rc);
    }
    const Tier *tier = c.tier(c.phase.tierId);
    if (tier && tier->state == TierState::Pending)
        requests << tierRequest(c.run.runId, tier->tierId, TierState::InProgress, agent,
            tr("tier %1 starts with phase %2").arg(tier->tierId, c.phase.phaseId));
    auto batch = m_store.transitionAll(requests);
    if (!batch)
        return storeFail(batch);
    return {};
}

SupervisorResult<std::optional<WorkItem>> Supervisor::claimWork(
    const QString &role, const QString &agent, bool reclaimOwn)
{
    if (role != QLatin1String("builder") && role != QLatin1String("auditor"))
        return std::unexpected(SupervisorError::invalid(
            QStringLiteral("role"), tr("role must be builder or auditor, got \"%1\"").arg(role)));
    if (agent.trimmed().isEmpty())
        return std::unexpected(SupervisorError::invalid(QStringLiteral("agent"), tr("an agent name is required")));
    tick(); // expired leases give their work back before anything is handed out
    auto runs = m_store.runs();
    if (!runs)
        return storeFail(runs);
    const QDateTime now = m_clock.now();
    for (const Run &run : *runs) {
        if (isTerminal(run.state) || run.state == RunState::PlanBootstrap || run.state == RunState::RunCreated)
            continue;
        auto base = load(run.runId);
        if (!base)
            continue;
        const Phase *current = base->current();
        if (!current)
            continue;
        auto c = load(run.runId, current->phaseId);
        if (!c)
            continue;
        const Phase &p = c->phase;
        bool ready = false;
        if (role == QLatin1String("builder")) {
            ready = p.state == PhaseState::Queued
                || (p.state == PhaseState::Executing && p.builderAttempts < p.maxBuilderAttempts);
        } else {
            const bool escalated = p.state == PhaseState::Executing && p.builderAttempts >= p.maxBuilderAttempts
                && p.auditorAttempts < p.maxAuditorAttempts;
            const bool auditorGate
                = p.state == PhaseState::Gate && !p.awaitingReviewer && c->slice()->gate == GateMode::Auditor;
            const bool requested = p.auditRequested && p.auditorAttempts < p.maxAuditorAttempts
                && (p.state == PhaseState::Gate || (p.state == PhaseState::Executing && !p.candidateCommit.isEmpty()));
            ready = escalated || auditorGate || requested;
        }
        if (!ready)
            continue;
        bool held = false;
        if (auto leases = m_store.leases(run.runId, p.phaseId)) {
            for (const Lease &l : *leases) {
                if (l.role == role && !l.releasedAt.isValid() && m_leaseDeadlines.value(l.id, l.expiresAt) > now
                    && (l.holder != agent || !reclaimOwn))
                    held = true;
            }
        }
        if (held)
            continue;
        auto lease = m_store.acquireLease(run.runId, p.phaseId, role, agent, m_options.leaseTtlMs);
        if (!lease) {
            if (lease.error().kind == StoreError::Kind::Conflict)
                continue;
            return storeFail(lease);
        }
        m_leaseDeadlines.insert(lease->id, now.addMSecs(m_options.leaseTtlMs));
        if (p.state == PhaseState::Queued) {
            if (auto d = dispatch(*c, agent); !d) {
                m_store.releaseLease(lease->id, agent, QStringLiteral("dispatch failed"));
                return std::unexpected(d.error());
            }
        }
        auto fresh = load(run.runId, p.phaseId);
        if (!fresh)
            return std::unexpected(fresh.error());
        WorkItem item;
        item.role = role;
        item.run = fresh->run;
        item.phase = fresh->phase;
        item.strategy = phaseSlice(fresh->strategy, p.phaseId);
        item.candidateCommit = fresh->phase.candidateCommit;
        item.lease = *lease;
        if (const Tier *t = fresh->tier(p.tierId))
            item.tierName = t->name;
        item.runTokensLeft = qMax<qint64>(0, fresh->run.tokenCap - fresh->run.tokensUsed);
        item.phaseTokensLeft = qMax<qint64>(0, fresh->phase.incidentTokenCap - fresh->phase.tokensUsed);
        if (role == QLatin1String("auditor")) {
            item.reviewFocus = fresh->phase.auditFocus;
            item.auditReason = fresh->phase.auditRequested ? QStringLiteral("audit requested")
                : fresh->phase.state == PhaseState::Gate   ? QStringLiteral("auditor gate")
                                                           : QStringLiteral("builder attempts exhausted");
        }
        if (auto repo = Git::Repository::open(fresh->project.repoPath)) {
            if (auto tip = Git::IntegrationBranch(*repo, run.runId).tip())
                item.baseCommit = Git::oidToString(*tip);
        }
        if (auto reviews = m_store.reviews(run.runId, p.phaseId)) {
            for (const Review &r : *reviews) {
                if (r.decision == QLatin1String("reject") || r.decision == QLatin1String("revise"))
                    item.rejections << r;
            }
        }
        if (auto ci = m_store.ciAttempts(run.runId, p.phaseId)) {
            for (const CiAttempt &a : *ci) {
                if (a.status == QLatin1String("red") || a.status == QLatin1String("timeout"))
                    item.lastCiOutput = a.output;
            }
        }
        return std::optional<WorkItem>(item);
    }
    return std::optional<WorkItem>();
}

SupervisorResult<Lease> Supervisor::heartbeat(qint64 leaseId, const QString &agent)
{
    const auto deadline = m_leaseDeadlines.constFind(leaseId);
    if (deadline != m_leaseDeadlines.constEnd() && *deadline <= m_clock.now())
        return std::unexpected(SupervisorError::illegal(
            QStringLiteral("expired"), tr("lease %1 expired at %2").arg(leaseId).arg(deadline->toString(Qt::ISODate))));
    auto lease = m_store.heartbeatLease(leaseId, agent, m_options.leaseTtlMs);
    if (!lease)
        return storeFail(lease);
    m_leaseDeadlines.insert(leaseId, m_clock.now().addMSecs(m_options.leaseTtlMs));
    return *lease;
}

SupervisorResult<Lease> Supervisor::releaseWork(
    qint64 leaseId, const QString &agent, const QString &reason, bool rateLimited)
{
    const QString why = reason.trimmed().isEmpty() ? QStringLiteral("given back") : reason.trimmed().left(500);
    auto lease = m_store.releaseLease(leaseId, agent, rateLimited ? QStringLiteral("rate limited: ") + why : why);
    if (!lease)
        return storeFail(lease);
    m_leaseDeadlines.remove(leaseId);
    m_store.recordEvent(lease->runId, EntityKind::Phase, lease->phaseId,
        lease->role == QLatin1String("auditor") ? Actor::Auditor : Actor::Builder, agent,
        rateLimited ? tr("%1 gave the phase back, rate limited: %2 (no attempt charged)").arg(agent, why)
                    : tr("%1 gave the phase back: %2 (no attempt charged)").arg(agent, why));
    return *lease;
}

SupervisorResult<int> Supervisor::appendTranscript(
    qint64 leaseId, const QString &agent, const QList<TranscriptEvent> &events, bool asAdmin)
{
    auto all = m_store.activeLeases();
    if (!all)
        return storeFail(all);
    const Lease *lease = nullptr;
    for (const Lease &l : *all) {
        if (l.id == leaseId)
            lease = &l;
    }
    if (!lease || m_leaseDeadlines.value(leaseId, lease->expiresAt) <= m_clock.now())
        return std::unexpected(SupervisorError::illegal(QStringLiteral("released"),
            tr("lease %1 is not held any more; the transcript was not stored").arg(leaseId)));
    if (!asAdmin && lease->holder != agent)
        return std::unexpected(SupervisorError::illegal(
            QStringLiteral("held"), tr("lease %1 is held by %2, not %3").arg(leaseId).arg(lease->holder, agent)));
    auto phase = m_store.phase(lease->runId, lease->phaseId);
    if (!phase)
        return storeFail(phase);
    const bool auditor = lease->role == QLatin1String("auditor");
    QList<TranscriptEvent> stamped = events;
    for (TranscriptEvent &e : stamped) {
        e.runId = lease->runId;
        e.phaseId = lease->phaseId;
        e.role = lease->role;
        e.agent = lease->holder;
        e.attempt = auditor ? phase->auditorAttempts + 1 : phase->builderAttempts + 1;
        if (!e.time.isValid())
            e.time = m_clock.now();
    }
    auto n = m_store.appendTranscript(stamped);
    if (!n)
        return storeFail(n);
    return *n;
}

void Supervisor::tick()
{
    const QDateTime now = m_clock.now();
    QList<Lease> expired;
    if (auto byStore = m_store.expireLeases())
        expired << *byStore;
    if (auto active = m_store.activeLeases()) {
        for (const Lease &l : *active) {
            if (m_leaseDeadlines.value(l.id, l.expiresAt) > now)
                continue;
            if (auto released = m_store.releaseLease(l.id, l.holder, QStringLiteral("expired")))
                expired << *released;
        }
    }
    for (const Lease &l : std::as_const(expired)) {
        m_leaseDeadlines.remove(l.id);
        auto c = load(l.runId, l.phaseId);
        if (!c || isTerminal(c->run.state))
            continue;
        const bool auditor = l.role == QLatin1String("auditor");
        const Phase &p = c->phase;
        // Only a lease on work still waiting for its holder costs an attempt.
        const bool builderWork = !auditor && p.state == PhaseState::Executing;
        const bool auditorWork
            = auditor && (p.state == PhaseState::Executing || (p.state == PhaseState::Gate && !p.awaitingReviewer));
        if (!builderWork && !auditorWork)
            continue;
        const QString reason = tr("lease of %1 (%2) expired without a result").arg(l.holder, l.role);
        Context counted = *c;
        PhaseUpdate pu;
        if (auditor) {
            counted.phase.auditorAttempts += 1;
            pu.auditorAttempts = counted.phase.auditorAttempts;
        } else {
            counted.phase.builderAttempts += 1;
            pu.builderAttempts = counted.phase.builderAttempts;
        }
        if (p.state == PhaseState::Gate) {
            TransitionContext tc = counted.counts(counted.phase.builderAttempts, counted.phase.auditorAttempts);
            if (tc.attemptsLeft()) {
                m_store.updatePhase(l.runId, l.phaseId, pu);
                continue;
            }
        }
        if (auto u = m_store.updatePhase(l.runId, l.phaseId, pu); u)
            counted.phase = *u;
        failedAttempt(counted, Actor::Supervisor, l.holder, reason, auditor);
    }
    // Active runs only (the store keeps every run ever made), through the run cache.
    if (auto ids = m_store.activeRunIds()) {
        for (const QString &runId : *ids) {
            if (auto c = load(runId))
                checkBudgets(*c);
        }
    }
}

// --- builder -------------------------------------------------------------------------

void Supervisor::savePatch(
    const QString &runId, const QString &phaseId, int attempt, const QString &role, const QByteArray &patch)
{
    // The received patch is a record for people (and the incident pack); the candidate
    // commit already holds it. Creating a run's directories and the file cost the engine
    // thread more than applying the patch, so a writer thread does it, in order, and
    // writeArtefacts() waits for it.
    const QString dir = runDirectory(runId) + QStringLiteral("/patches");
    const QString path = QStringLiteral("%1/%2-%3-%4.patch").arg(dir, phaseId).arg(attempt).arg(role);
    m_fileWriter.start([dir, path, patch] {
        QDir().mkpath(dir);
        QSaveFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(patch) != patch.size() || !f.commit())
            qCWarning(lcSupervisor).noquote() << "received patch not saved to" << path << ":" << f.errorString();
    });
}

SupervisorResult<BuilderOutcome> Supervisor::builderResult(
    const QString &runId, const QString &phaseId, const QJsonObject &payload, const QString &agent)
{
    SupervisorError error;
    if (!checkIds(payload, runId, phaseId, &error))
        return std::unexpected(error);
    const QString status
        = optionalString(payload, QStringLiteral("status"), {}, &error).value_or(QStringLiteral("success"));
    if (!error.message.isEmpty())
        return std::unexpected(error);
    if (status != QLatin1String("success") && status != QLatin1String("failed")
        && status != QLatin1String("needs_review"))
        return std::unexpected(SupervisorError::invalid(
            QStringLiteral("status"), tr("status must be success, failed or needs_review, got \"%1\"").arg(status)));
    const QString patch = optionalString(payload, QStringLiteral("patch_content"), {}, &error).value_or(QString());
    const std::optional<QString> baseCommit = optionalString(payload, QStringLiteral("base_commit"), {}, &error);
    const QString notes = optionalString(payload, QStringLiteral("notes"), {}, &error).value_or(QString());
    if (!error.message.isEmpty())
        return std::unexpected(error);
    qint64 tokens = 0;
    if (!readCount(payload, QStringLiteral("tokens_used"), &tokens, &error))
        return std::unexpected(error);
    double cost = 0;
    if (!readCost(payload, &cost, &error))
        return std::unexpected(error);
    if (status != QLatin1String("failed") && patch.trimmed().isEmpty())
        return std::unexpected(SupervisorError::invalid(
            QStringLiteral("patch_content"), tr("patch_content is required when status is %1").arg(status)));
    QList<IssueReport> suggested;
    const QJsonValue issuesValue = payload.value(QStringLiteral("suggested_issues"));
    if (!issuesValue.isUndefined() && !issuesValue.isNull() && !issuesValue.isArray())
        return std::unexpected(
            SupervisorError::invalid(QStringLiteral("suggested_issues"), tr("suggested_issues must be an array")));
    const QJsonArray issues = issuesValue.toArray();
    for (qsizetype i = 0; i < issues.size(); ++i) {
        auto report = IssueReport::fromJson(issues.at(i).toObject());
        if (!report || !issues.at(i).isObject())
            return std::unexpected(SupervisorError::invalid(QStringLiteral("suggested_issues[%1]").arg(i),
                report ? tr("suggested_issues[%1] must be an object").arg(i) : report.error().toString()));
        report->runId = runId;
        report->phaseId = phaseId;
        report->seenAt = m_clock.now();
        suggested << *report;
    }
    const QJsonValue probes = payload.value(QStringLiteral("probe_results"));
    if (!probes.isUndefined() && !probes.isNull() && !probes.isArray())
        return std::unexpected(
            SupervisorError::invalid(QStringLiteral("probe_results"), tr("probe_results must be an array")));

    auto c = load(runId, phaseId);
    if (!c)
        return std::unexpected(c.error());
    if (isTerminal(c->run.state))
        return std::unexpected(
            SupervisorError::illegal(toString(c->run.state), tr("run %1 is %2").arg(runId, toString(c->run.state))));
    const Phase *current = c->current();
    if (c->phase.state == PhaseState::Queued) {
        // Existing agents post a result for the current phase without claiming it.
        if (!current || current->phaseId != phaseId)
            return std::unexpected(SupervisorError::illegal(toString(c->phase.state),
                tr("phase %1 is QUEUED and not the run's current phase (%2)")
                    .arg(phaseId, current ? current->phaseId : tr("none"))));
        if (auto d = dispatch(*c, agent); !d)
            return std::unexpected(d.error());
        c = load(runId, phaseId);
        if (!c)
            return std::unexpected(c.error());
    }
    if (c->phase.state != PhaseState::Executing)
        return std::unexpected(SupervisorError::illegal(toString(c->phase.state),
            tr("phase %1 is %2; a builder result is accepted only while it is EXECUTING")
                .arg(phaseId, toString(c->phase.state))));
    if (c->phase.builderAttempts >= c->phase.maxBuilderAttempts)
        return std::unexpected(SupervisorError::illegal(toString(c->phase.state),
            tr("phase %1 has used its %2 builder attempts and waits for the auditor")
                .arg(phaseId)
                .arg(c->phase.maxBuilderAttempts)));

    const QString who = agent.isEmpty() ? QStringLiteral("builder") : agent;
    if (tokens > 0 || cost > 0) {
        if (auto t = m_store.addTokens(runId, phaseId, tokens, cost); !t)
            return storeFail(t);
    }
    IssueRecorder recorder(m_store);
    for (const IssueReport &r : std::as_const(suggested)) {
        if (auto rec = recorder.record(c->strategy, r); !rec)
            return storeFail(rec);
    }
    if (!probes.toArray().isEmpty()) {
        QStringList lines;
        for (const QJsonValue &v : probes.toArray()) {
            const QJsonObject o = v.toObject();
            lines << QStringLiteral("%1 exit %2")
                         .arg(o.value(QStringLiteral("probe_type")).toString())
                         .arg(o.value(QStringLiteral("exit_code")).toInt());
        }
        m_store.recordEvent(runId, EntityKind::Phase, phaseId, Actor::Builder, who,
            tr("probe results: %1").arg(lines.join(QStringLiteral(", "))));
        const QString dir = runDirectory(runId) + QStringLiteral("/probes");
        QDir().mkpath(dir);
        QSaveFile f(QStringLiteral("%1/%2-%3.json").arg(dir, phaseId).arg(c->phase.builderAttempts + 1));
        if (f.open(QIODevice::WriteOnly)) {
            f.write(QJsonDocument(probes.toArray()).toJson());
            f.commit();
        }
    }
    if (checkBudgets(runId)) {
        auto p = m_store.phase(runId, phaseId);
        auto r = m_store.run(runId);
        return BuilderOutcome { tr("run ended: %1").arg(r ? r->failureReason : QString()), {}, p ? *p : c->phase };
    }
    c = load(runId, phaseId);
    if (!c)
        return std::unexpected(c.error());
    if (c->phase.state != PhaseState::Executing) // a phase budget failed it
        return BuilderOutcome { tr("phase %1 is %2").arg(phaseId, toString(c->phase.state)), {}, c->phase };

    Context counted = *c;
    counted.phase.builderAttempts += 1;
    const int attempt = counted.phase.builderAttempts + counted.phase.auditorAttempts;
    PhaseUpdate pu;
    pu.builderAttempts = counted.phase.builderAttempts;

    auto failAttempt = [&](const QString &reason) -> SupervisorResult<Phase> {
        if (auto u = m_store.updatePhase(runId, phaseId, pu); u)
            counted.phase = *u;
        else
            return storeFail(u);
        return failedAttempt(counted, Actor::Supervisor, who, reason, false);
    };

    if (status == QLatin1String("failed")) {
        auto p = failAttempt(tr("builder %1 reported a failed attempt%2")
                                 .arg(who, notes.isEmpty() ? QString() : QStringLiteral(": ") + notes));
        if (!p)
            return std::unexpected(p.error());
        return BuilderOutcome { tr("failed attempt %1 recorded").arg(counted.phase.builderAttempts), {}, *p };
    }

    const QByteArray patchBytes = patch.toUtf8();
    savePatch(runId, phaseId, attempt, QStringLiteral("builder"), patchBytes);
    auto repo = Git::Repository::open(c->project.repoPath);
    if (!repo)
        return std::unexpected(fromGit(repo.error()));
    Git::ScopePolicy policy;
    policy.setProtectedGlobs(protectedGlobs(*c->slice(), c->project));
    Git::CandidateRequest request;
    request.runId = runId;
    request.phaseId = phaseId;
    request.attempt = attempt;
    request.role = Git::PatchRole::Builder;
    request.patch = patchBytes;
    request.summary = tr("%1: builder attempt %2").arg(c->phase.name.isEmpty() ? phaseId : c->phase.name).arg(attempt);
    if (baseCommit && !baseCommit->isEmpty()) {
        auto oid = Git::oidFromString(*baseCommit);
        if (!oid)
            return std::unexpected(SupervisorError::invalid(QStringLiteral("base_commit"), oid.error().toString()));
        request.baseCommit = *oid;
    }
    auto candidate = Git::CandidateWriter(*repo, policy).write(request);
    if (!candidate) {
        const Git::GitError &e = candidate.error();
        const bool refusal = e.kind == Git::GitError::Kind::PolicyViolation
            || e.kind == Git::GitError::Kind::ApplyFailed || e.kind == Git::GitError::Kind::InvalidPatch
            || e.kind == Git::GitError::Kind::Conflict;
        if (!refusal) {
            if (e.kind == Git::GitError::Kind::NotFound && request.baseCommit)
                return std::unexpected(SupervisorError::invalid(QStringLiteral("base_commit"), e.toString()));
            return std::unexpected(fromGit(e));
        }
        if (e.kind == Git::GitError::Kind::PolicyViolation) {
            IssueReport r;
            r.runId = runId;
            r.phaseId = phaseId;
            r.issueKey = QStringLiteral("policy_violation");
            r.severity = Severity::Major;
            r.source = QStringLiteral("supervisor");
            r.category = QStringLiteral("policy_violation");
            r.evidenceRefs = e.paths;
            r.description = e.toString();
            r.seenAt = m_clock.now();
            if (auto rec = recorder.record(c->strategy, r); !rec)
                return storeFail(rec);
        }
        const QString reason = tr("patch refused: %1").arg(e.toString());
        auto p = failAttempt(reason);
        if (!p)
            return std::unexpected(p.error());
        checkBudgets(runId);
        return std::unexpected(SupervisorError::refused(reason));
    }

    const QString sha = Git::oidToString(candidate->commit);
    TransitionContext tc = counted.counts(counted.phase.builderAttempts, counted.phase.auditorAttempts);
    tc.candidateApplied = true;
    pu.candidateCommit = sha;
    pu.baseCommit = Git::oidToString(candidate->base);
    pu.awaitingReviewer = c->slice()->gate == GateMode::Reviewer;
    auto gated = movePhase(*c, PhaseState::Gate, Actor::Supervisor, who,
        tr("builder attempt %1 applied as candidate %2").arg(attempt).arg(sha), tc, pu);
    if (!gated)
        return std::unexpected(gated.error());
    releaseLeases(runId, phaseId, QStringLiteral("builder"), QStringLiteral("result submitted"));
    BuilderOutcome outcome { tr("candidate %1 created").arg(sha), sha, *gated };
    if (c->slice()->gate == GateMode::Automatic) {
        auto g = load(runId, phaseId);
        if (!g)
            return std::unexpected(g.error());
        auto passed = passGate(*g, Actor::Supervisor, who, tr("auto_apply: automatic gate checks passed"));
        if (!passed)
            return std::unexpected(passed.error());
        outcome.phase = *passed;
        outcome.message += tr("; gate passed (auto_apply), CI running");
    } else if (c->slice()->gate == GateMode::Reviewer) {
        outcome.message += tr("; waiting for a reviewer");
    } else {
        outcome.message += tr("; waiting for the auditor");
    }
    return outcome;
}

SupervisorResult<Phase> Supervisor::passGate(
    const Context &c, Actor actor, const QString &actorName, const QString &reason)
{
    TransitionContext tc = c.counts(c.phase.builderAttempts, c.phase.auditorAttempts);
    tc.gateChecksPassed = true;
    tc.approved = true;
    PhaseUpdate pu;
    pu.awaitingReviewer = false;
    auto moved = movePhase(c, PhaseState::CiRunning, actor, actorName, reason, tc, pu);
    if (!moved)
        return moved;
    auto fresh = load(c.run.runId, c.phase.phaseId);
    if (fresh)
        startCi(*fresh);
    return moved;
}

void Supervisor::startCi(const Context &c)
{
    auto config = Ci::CiConfig::fromJson(c.project.ciCommandsJson.toUtf8());
    if (!config) {
        TransitionContext tc;
        tc.environmentFailure = true;
        endRun(c.run.runId, RunState::DoneFailedEnvironment, Actor::Supervisor, QString(),
            tr("project %1's CI configuration is invalid: %2").arg(c.project.name, config.error().toString()), tc);
        return;
    }
    Ci::CiRequest request;
    request.projectId = c.project.id;
    request.repoPath = c.project.repoPath;
    request.runId = c.run.runId;
    request.tierId = c.phase.tierId;
    request.phaseId = c.phase.phaseId;
    request.candidateCommit = c.phase.candidateCommit;
    request.profile = c.slice()->ciProfile == CiProfile::Strict ? Ci::Profile::Strict : Ci::Profile::Normal;
    request.config = *config;
    const Ci::RequestId id = m_verifier->enqueue(request);
    m_ciJobs.insert(id, CiJob { c.run.runId, c.phase.phaseId, c.phase.candidateCommit });
    qCInfo(lcSupervisor) << "CI" << id << "for" << c.run.runId << c.phase.phaseId << c.phase.candidateCommit;
}

void Supervisor::onCiFinished(const Ci::CiResult &result)
{
    const auto it = m_ciJobs.constFind(result.requestId);
    if (it == m_ciJobs.constEnd())
        return; // cancelled with its run
    const CiJob job = *it;
    m_ciJobs.remove(result.requestId);
    const QString verdict = Ci::toString(result.verdict);
    auto finish = [&] { Q_EMIT ciFinished(job.runId, job.phaseId, verdict); };
    if (result.verdict == Ci::Verdict::Cancelled)
        return finish();
    if (checkBudgets(job.runId))
        return finish();
    auto c = load(job.runId, job.phaseId);
    if (!c || c->phase.state != PhaseState::CiRunning || c->phase.candidateCommit != job.candidate)
        return finish(); // stale: the phase moved on meanwhile
    if (result.verdict == Ci::Verdict::Environment) {
        TransitionContext tc;
        tc.environmentFailure = true;
        endRun(job.runId, RunState::DoneFailedEnvironment, Actor::Verifier, QString(),
            tr("CI could not run for phase %1: %2").arg(job.phaseId, result.message), tc);
        return finish();
    }
    if (result.verdict == Ci::Verdict::Red) {
        failedAttempt(*c, Actor::Verifier, QString(), tr("CI red on %1: %2").arg(job.candidate, result.message), false);
        return finish();
    }
    // Green: move the integration branch (compare-and-swap), tag, then record.
    auto repo = Git::Repository::open(c->project.repoPath);
    QString gitProblem;
    if (!repo) {
        gitProblem = repo.error().toString();
    } else {
        Git::IntegrationBranch branch(*repo, job.runId);
        auto candidate = Git::oidFromString(job.candidate);
        auto tip = branch.tip();
        if (!candidate || !tip) {
            gitProblem = !candidate ? candidate.error().toString() : tip.error().toString();
        } else if (!git_oid_equal(&*tip, &*candidate)) { // equal: moved before a restart
            if (auto moved = branch.advance(*tip, *candidate); !moved)
                gitProblem = moved.error().toString();
        }
        if (gitProblem.isEmpty()) {
            auto tag = branch.tagSnapshot(
                c->phase.tierId, job.phaseId, tr("Phase %1 of run %2: CI green").arg(job.phaseId, job.runId));
            if (!tag)
                gitProblem = tag.error().toString();
        }
    }
    if (!gitProblem.isEmpty()) {
        TransitionContext tc;
        tc.environmentFailure = true;
        endRun(job.runId, RunState::DoneFailedEnvironment, Actor::Supervisor, QString(),
            tr("integration branch could not take phase %1: %2").arg(job.phaseId, gitProblem), tc);
        return finish();
    }
    TransitionContext tc = c->counts(c->phase.builderAttempts, c->phase.auditorAttempts);
    tc.ciGreen = true;
    finishPhase(*c, PhaseState::Complete, Actor::Verifier, QString(),
        tr("CI green; integration branch at %1").arg(job.candidate), tc);
    finish();
}

// --- other agent calls -----------------------------------------------------------------

SupervisorResult<Phase> Supervisor::updateStatus(
    const QString &runId, const QString &phaseId, const QJsonObject &body, const QString &agent)
{
    SupervisorError error;
    if (!checkIds(body, runId, phaseId, &error))
        return std::unexpected(error);
    const QJsonValue stateValue = body.value(QStringLiteral("state"));
    if (!stateValue.isString())
        return std::unexpected(SupervisorError::invalid(QStringLiteral("state"), tr("state is required")));
    const auto requested = phaseStateFromString(stateValue.toString());
    if (!requested)
        return std::unexpected(SupervisorError::invalid(
            QStringLiteral("state"), tr("Invalid phase state: %1").arg(stateValue.toString())));
    qint64 tokens = 0;
    if (!readCount(body, QStringLiteral("tokens_used"), &tokens, &error))
        return std::unexpected(error);
    auto c = load(runId, phaseId);
    if (!c)
        return std::unexpected(c.error());
    const PhaseState from = c->phase.state;
    const Phase *current = c->current();
    const bool dispatchAsked = from == PhaseState::Queued && *requested == PhaseState::Executing && current
        && current->phaseId == phaseId && !isTerminal(c->run.state);
    const bool failureReported = from == PhaseState::Executing
        && (*requested == PhaseState::Executing || *requested == PhaseState::Failed)
        && c->phase.builderAttempts < c->phase.maxBuilderAttempts;
    if (!dispatchAsked && !failureReported)
        return std::unexpected(SupervisorError::illegal(toString(from),
            tr("phase %1 is %2; a builder may not move it to %3").arg(phaseId, toString(from), toString(*requested))));
    const QString who = agent.isEmpty() ? QStringLiteral("builder") : agent;
    if (tokens > 0) {
        if (auto t = m_store.addTokens(runId, phaseId, tokens); !t)
            return storeFail(t);
    }
    if (dispatchAsked) {
        if (auto d = dispatch(*c, who); !d)
            return std::unexpected(d.error());
    } else {
        Context counted = *c;
        PhaseUpdate pu;
        pu.builderAttempts = c->phase.builderAttempts + 1;
        auto u = m_store.updatePhase(runId, phaseId, pu);
        if (!u)
            return storeFail(u);
        counted.phase = *u;
        if (auto f
            = failedAttempt(counted, Actor::Builder, who, tr("builder %1 reported a failed attempt").arg(who), false);
            !f)
            return std::unexpected(f.error());
    }
    checkBudgets(runId);
    auto p = m_store.phase(runId, phaseId);
    if (!p)
        return storeFail(p);
    return *p;
}

SupervisorResult<RecordedIssue> Supervisor::recordIssue(
    const QString &runId, const QString &phaseId, const QJsonObject &body, const QString &agent)
{
    Q_UNUSED(agent)
    auto report = IssueReport::fromJson(body);
    if (!report)
        return std::unexpected(SupervisorError::invalid(report.error().path, report.error().toString()));
    auto c = load(runId, phaseId);
    if (!c)
        return std::unexpected(c.error());
    if (isTerminal(c->run.state))
        return std::unexpected(
            SupervisorError::illegal(toString(c->run.state), tr("run %1 is %2").arg(runId, toString(c->run.state))));
    report->runId = runId;
    report->phaseId = phaseId;
    report->seenAt = m_clock.now();
    auto rec = IssueRecorder(m_store).record(c->strategy, *report);
    if (!rec)
        return storeFail(rec);
    checkBudgets(runId); // on the rows just written: the run cache has them already
    return rec->stored;
}

SupervisorResult<AuditorRequestOutcome> Supervisor::auditorRequest(
    const QString &runId, const QString &phaseId, const QJsonObject &body, const QString &agent)
{
    SupervisorError error;
    if (!checkIds(body, runId, phaseId, &error))
        return std::unexpected(error);
    const QString focus = optionalString(body, QStringLiteral("review_focus"), {}, &error).value_or(QString());
    const QString profile = optionalString(body, QStringLiteral("auditor_profile"), {}, &error).value_or(QString());
    const QString failure = optionalString(body, QStringLiteral("failure_context"), {}, &error).value_or(QString());
    if (!error.message.isEmpty())
        return std::unexpected(error);
    auto c = load(runId, phaseId);
    if (!c)
        return std::unexpected(c.error());
    if (c->phase.state != PhaseState::Executing && c->phase.state != PhaseState::Gate)
        return std::unexpected(SupervisorError::illegal(toString(c->phase.state),
            tr("phase %1 is %2; an auditor can review it only while EXECUTING or in GATE")
                .arg(phaseId, toString(c->phase.state))));
    AuditorRequestOutcome out;
    out.auditorProfile = !profile.isEmpty()     ? profile
        : !c->slice()->auditorProfile.isEmpty() ? c->slice()->auditorProfile
                                                : QStringLiteral("general_review");
    out.reviewFocus = focus.isEmpty() ? tr("correctness and scope of phase %1").arg(phaseId) : focus;
    out.message = tr("auditor review requested for phase %1").arg(phaseId);
    PhaseUpdate pu;
    pu.auditRequested = true;
    pu.auditFocus = out.reviewFocus + (failure.isEmpty() ? QString() : QStringLiteral("\n") + failure);
    if (auto u = m_store.updatePhase(runId, phaseId, pu); !u)
        return storeFail(u);
    auto e = m_store.recordEvent(runId, EntityKind::Phase, phaseId, Actor::Builder,
        agent.isEmpty() ? QStringLiteral("builder") : agent,
        tr("auditor requested (%1): %2%3")
            .arg(out.auditorProfile, out.reviewFocus, failure.isEmpty() ? QString() : QStringLiteral("; ") + failure));
    if (!e)
        return storeFail(e);
    return out;
}

// The phase an auditor result is for, checked (EXECUTING or GATE, attempts left), with
// the result's tokens and cost charged to it.
SupervisorResult<Supervisor::Context> Supervisor::auditedPhase(
    const QString &runId, const QString &phaseId, qint64 tokens, double cost)
{
    auto c = load(runId, phaseId);
    if (!c)
        return std::unexpected(c.error());
    const PhaseState state = c->phase.state;
    if (isTerminal(c->run.state) || (state != PhaseState::Executing && state != PhaseState::Gate))
        return std::unexpected(SupervisorError::illegal(toString(state),
            tr("phase %1 is %2; an auditor result is accepted only while EXECUTING or in GATE")
                .arg(phaseId, toString(state))));
    if (c->phase.auditorAttempts >= c->phase.maxAuditorAttempts)
        return std::unexpected(SupervisorError::illegal(toString(state),
            tr("phase %1 has used its %2 auditor attempts").arg(phaseId).arg(c->phase.maxAuditorAttempts)));
    if (tokens > 0 || cost > 0) {
        if (auto t = m_store.addTokens(runId, phaseId, tokens, cost); !t)
            return storeFail(t);
    }
    return c;
}

void Supervisor::releaseLeases(const QString &runId, const QString &phaseId, const QString &role, const QString &reason)
{
    if (auto leases = m_store.activeLeases(runId)) {
        for (const Lease &l : *leases) {
            if (l.phaseId == phaseId && l.role == role) {
                m_store.releaseLease(l.id, l.holder, reason);
                m_leaseDeadlines.remove(l.id);
            }
        }
    }
}

SupervisorResult<AuditorOutcome> Supervisor::failedAuditorAttempt(const QString &runId, const QString &phaseId,
    const QJsonObject &payload, const QString &notes, const QString &agent)
{
    SupervisorError error;
    qint64 tokens = 0;
    double cost = 0;
    if (!readCount(payload, QStringLiteral("tokens_used"), &tokens, &error) || !readCost(payload, &cost, &error))
        return std::unexpected(error);
    auto c = auditedPhase(runId, phaseId, tokens, cost);
    if (!c)
        return std::unexpected(c.error());
    const PhaseState state = c->phase.state;
    const QString who = agent.isEmpty() ? QStringLiteral("auditor") : agent;
    PhaseUpdate pu;
    pu.auditorAttempts = c->phase.auditorAttempts + 1;
    const bool attemptsLeft = *pu.auditorAttempts < c->phase.maxAuditorAttempts;
    if (!attemptsLeft)
        pu.auditRequested = false;
    auto u = m_store.updatePhase(runId, phaseId, pu);
    if (!u)
        return storeFail(u);
    releaseLeases(runId, phaseId, QStringLiteral("auditor"), QStringLiteral("result submitted"));
    const QString reason = tr("auditor %1 gave no usable verdict (attempt %2 of %3): %4")
                               .arg(who)
                               .arg(*pu.auditorAttempts)
                               .arg(c->phase.maxAuditorAttempts)
                               .arg(notes.left(2000));
    if (auto e = m_store.recordEvent(runId, EntityKind::Phase, phaseId, Actor::Auditor, who, reason); !e)
        return storeFail(e);
    AuditorOutcome out;
    out.message = reason;
    out.recommendation = QStringLiteral("failed");
    out.phase = *u;
    // With the auditor deciding the gate and no auditor attempt left, nobody may decide:
    // the same end as an auditor that does not approve.
    if (!attemptsLeft && state == PhaseState::Gate && c->slice()->gate == GateMode::Auditor) {
        auto again = load(runId, phaseId);
        if (!again)
            return std::unexpected(again.error());
        auto after = failedAttempt(*again, Actor::Supervisor, who, reason, true);
        if (!after)
            return std::unexpected(after.error());
        out.phase = *after;
    }
    checkBudgets(runId);
    return out;
}

SupervisorResult<AuditorOutcome> Supervisor::auditorResult(
    const QString &runId, const QString &phaseId, const QJsonObject &payload, const QString &agent)
{
    SupervisorError error;
    if (!checkIds(payload, runId, phaseId, &error))
        return std::unexpected(error);
    const QString recommendation
        = optionalString(payload, QStringLiteral("recommendation"), {}, &error).value_or(QString());
    const QString notes = optionalString(payload, QStringLiteral("review_notes"), {}, &error).value_or(QString());
    const QString status
        = optionalString(payload, QStringLiteral("status"), {}, &error).value_or(QStringLiteral("success"));
    if (!error.message.isEmpty())
        return std::unexpected(error);
    if (status != QLatin1String("success") && status != QLatin1String("failed"))
        return std::unexpected(SupervisorError::invalid(
            QStringLiteral("status"), tr("status must be success or failed, got \"%1\"").arg(status)));
    if (status == QLatin1String("failed"))
        return failedAuditorAttempt(runId, phaseId, payload, notes, agent);
    if (recommendation != QLatin1String("approve") && recommendation != QLatin1String("revise")
        && recommendation != QLatin1String("escalate"))
        return std::unexpected(SupervisorError::invalid(QStringLiteral("recommendation"),
            tr("recommendation must be approve, revise or escalate, got \"%1\"").arg(recommendation)));
    qint64 tokens = 0;
    if (!readCount(payload, QStringLiteral("tokens_used"), &tokens, &error))
        return std::unexpected(error);
    double cost = 0;
    if (!readCost(payload, &cost, &error))
        return std::unexpected(error);
    QList<QByteArray> patches;
    const QJsonArray suggested = payload.value(QStringLiteral("suggested_patches")).toArray();
    for (qsizetype i = 0; i < suggested.size(); ++i) {
        const QJsonValue v = suggested.at(i).toObject().value(QStringLiteral("patch_content"));
        if (!v.isString() || v.toString().trimmed().isEmpty())
            return std::unexpected(
                SupervisorError::invalid(QStringLiteral("suggested_patches[%1].patch_content").arg(i),
                    tr("patch_content must be a non-empty string")));
        patches << v.toString().toUtf8();
    }
    QList<IssueReport> found;
    const QJsonArray issues = payload.value(QStringLiteral("issues_found")).toArray();
    for (qsizetype i = 0; i < issues.size(); ++i) {
        auto r = IssueReport::fromJson(issues.at(i).toObject());
        if (!r)
            return std::unexpected(
                SupervisorError::invalid(QStringLiteral("issues_found[%1]").arg(i), r.error().toString()));
        r->runId = runId;
        r->phaseId = phaseId;
        if (r->source.isEmpty())
            r->source = QStringLiteral("auditor");
        r->seenAt = m_clock.now();
        found << *r;
    }

    auto c = auditedPhase(runId, phaseId, tokens, cost);
    if (!c)
        return std::unexpected(c.error());
    const PhaseState state = c->phase.state;
    const QString who = agent.isEmpty() ? QStringLiteral("auditor") : agent;
    IssueRecorder recorder(m_store);
    for (const IssueReport &r : std::as_const(found)) {
        if (auto rec = recorder.record(c->strategy, r); !rec)
            return storeFail(rec);
    }
    Context counted = *c;
    counted.phase.auditorAttempts += 1;
    PhaseUpdate pu;
    pu.auditorAttempts = counted.phase.auditorAttempts;
    pu.auditRequested = false; // a requested audit is answered
    releaseLeases(runId, phaseId, QStringLiteral("auditor"), QStringLiteral("result submitted"));
    if (auto u = m_store.updatePhase(runId, phaseId, pu); u)
        counted.phase = *u;
    else
        return storeFail(u);
    Review review;
    review.runId = runId;
    review.phaseId = phaseId;
    review.candidateCommit = c->phase.candidateCommit;
    review.decision = recommendation;
    review.reason = notes;
    review.reviewer = who;
    review.time = m_clock.now();
    if (auto r = m_store.addReview(review); !r)
        return storeFail(r);
    AuditorOutcome out;
    out.recommendation = recommendation;
    if (checkBudgets(runId)) {
        auto p = m_store.phase(runId, phaseId);
        out.phase = p ? *p : counted.phase;
        out.message = tr("run ended on its budget");
        return out;
    }

    // Suggested patches stack on the candidate (or, for an escalated phase without one,
    // become its candidate).
    QString candidate = c->phase.candidateCommit;
    if (!patches.isEmpty()) {
        auto repo = Git::Repository::open(c->project.repoPath);
        if (!repo)
            return std::unexpected(fromGit(repo.error()));
        Git::ScopePolicy policy;
        policy.setProtectedGlobs(protectedGlobs(*c->slice(), c->project));
        const int total = counted.phase.builderAttempts + counted.phase.auditorAttempts;
        int refAttempt = 0;
        if (!candidate.isEmpty()) {
            for (int n = total; n >= 1 && refAttempt == 0; --n) {
                auto target = repo->refTarget(Git::CandidateWriter::candidateRef(runId, phaseId, n));
                if (target && Git::oidToString(*target) == candidate)
                    refAttempt = n;
            }
        }
        for (const QByteArray &patch : std::as_const(patches)) {
            Git::CandidateRequest request;
            request.runId = runId;
            request.phaseId = phaseId;
            request.patch = patch;
            if (refAttempt > 0) {
                request.role = Git::PatchRole::Auditor;
                request.attempt = refAttempt;
            } else {
                // No builder candidate to stack on: the auditor's patch starts its own attempt.
                request.role = Git::PatchRole::Builder;
                request.attempt = total;
                request.summary = tr("%1: auditor patch, attempt %2").arg(phaseId).arg(total);
            }
            savePatch(runId, phaseId, request.attempt, QStringLiteral("auditor"), patch);
            auto written = Git::CandidateWriter(*repo, policy).write(request);
            if (!written) {
                const QString reason = tr("auditor patch refused: %1").arg(written.error().toString());
                auto again = load(runId, phaseId);
                if (again)
                    failedAttempt(*again, Actor::Supervisor, who, reason, true);
                return std::unexpected(fromGit(written.error()).kind == SupervisorError::Kind::PatchRefused
                        ? SupervisorError::refused(reason)
                        : fromGit(written.error()));
            }
            refAttempt = request.attempt;
            candidate = Git::oidToString(written->commit);
            out.commitShas << candidate;
            ++out.patchesApplied;
        }
    }

    auto fresh = load(runId, phaseId);
    if (!fresh)
        return std::unexpected(fresh.error());
    Context &f = *fresh;
    SupervisorResult<Phase> after = f.phase;
    const GateMode gate = f.slice()->gate;
    if (recommendation == QLatin1String("escalate")) {
        if (gate == GateMode::Auditor && state == PhaseState::Gate) {
            auto ended = endRun(runId, RunState::DoneFailedRequiresHumanReview, Actor::Supervisor, who,
                tr("auditor escalated phase %1 and human gates are off: %2").arg(phaseId, notes), {});
            if (!ended)
                return std::unexpected(ended.error());
        } else {
            // Escalation ends the phase's attempts (SPEC §2: GATE -> FAILED "auditor escalate").
            TransitionContext tc = f.counts(f.phase.maxBuilderAttempts, f.phase.maxAuditorAttempts);
            tc.escalated = true;
            after = finishPhase(
                f, PhaseState::Failed, Actor::Supervisor, who, tr("auditor escalated: %1").arg(notes), tc);
        }
    } else if (state == PhaseState::Executing && out.patchesApplied == 0) {
        after = failedAttempt(f, Actor::Supervisor, who, tr("auditor asked for revision: %1").arg(notes), true);
    } else {
        if (state == PhaseState::Executing) {
            TransitionContext tc = f.counts(f.phase.builderAttempts, f.phase.auditorAttempts);
            tc.candidateApplied = true;
            PhaseUpdate gu;
            gu.candidateCommit = candidate;
            gu.awaitingReviewer = gate == GateMode::Reviewer;
            after = movePhase(f, PhaseState::Gate, Actor::Supervisor, who,
                tr("auditor patch applied as candidate %1").arg(candidate), tc, gu);
        } else if (out.patchesApplied > 0) {
            PhaseUpdate gu;
            gu.candidateCommit = candidate;
            auto u = m_store.updatePhase(runId, phaseId, gu);
            if (!u)
                return storeFail(u);
            after = *u;
        }
        if (after && recommendation == QLatin1String("approve") && gate != GateMode::Reviewer) {
            auto g = load(runId, phaseId);
            if (!g)
                return std::unexpected(g.error());
            after = passGate(*g, Actor::Supervisor, who, tr("auditor %1 approved candidate %2").arg(who, candidate));
        } else if (after && recommendation == QLatin1String("revise")) {
            auto g = load(runId, phaseId);
            if (!g)
                return std::unexpected(g.error());
            after = failedAttempt(*g, Actor::Supervisor, who, tr("auditor asked for revision: %1").arg(notes), true);
        }
    }
    if (!after)
        return std::unexpected(after.error());
    auto p = m_store.phase(runId, phaseId);
    out.phase = p ? *p : *after;
    out.message = tr("auditor result recorded: %1").arg(recommendation);
    return out;
}

// --- reviewers ---------------------------------------------------------------------

SupervisorResult<Phase> Supervisor::approve(
    const QString &runId, const QString &phaseId, const QString &candidateCommit, const QString &reviewer)
{
    const QString who = reviewer.isEmpty() ? osUser() : reviewer;
    auto c = load(runId, phaseId);
    if (!c)
        return std::unexpected(c.error());
    if (c->phase.state != PhaseState::Gate)
        return std::unexpected(SupervisorError::illegal(toString(c->phase.state),
            tr("phase %1 is %2; only a phase in GATE can be approved").arg(phaseId, toString(c->phase.state))));
    if (candidateCommit.isEmpty())
        return std::unexpected(SupervisorError::invalid(
            QStringLiteral("candidate_commit"), tr("the candidate commit that was reviewed is required")));
    if (candidateCommit != c->phase.candidateCommit)
        return std::unexpected(SupervisorError::illegal(toString(c->phase.state),
            tr("candidate %1 is not the phase's current candidate %2: review the newer one")
                .arg(candidateCommit, c->phase.candidateCommit)));
    Review review;
    review.runId = runId;
    review.phaseId = phaseId;
    review.candidateCommit = candidateCommit;
    review.decision = QStringLiteral("approve");
    review.reviewer = who;
    review.time = m_clock.now();
    if (auto r = m_store.addReview(review); !r)
        return storeFail(r);
    return passGate(*c, Actor::Reviewer, who, tr("approved by %1").arg(who));
}

SupervisorResult<Phase> Supervisor::reject(const QString &runId, const QString &phaseId, const QString &reason,
    const QList<ReviewComment> &comments, const QString &reviewer)
{
    const QString who = reviewer.isEmpty() ? osUser() : reviewer;
    if (reason.trimmed().isEmpty())
        return std::unexpected(SupervisorError::invalid(QStringLiteral("reason"), tr("a rejection needs a reason")));
    for (qsizetype i = 0; i < comments.size(); ++i) {
        if (comments.at(i).path.isEmpty() || comments.at(i).line < 0 || comments.at(i).text.trimmed().isEmpty())
            return std::unexpected(SupervisorError::invalid(
                QStringLiteral("comments[%1]").arg(i), tr("a line comment needs a path, a line and a text")));
    }
    auto c = load(runId, phaseId);
    if (!c)
        return std::unexpected(c.error());
    if (c->phase.state != PhaseState::Gate)
        return std::unexpected(SupervisorError::illegal(toString(c->phase.state),
            tr("phase %1 is %2; only a phase in GATE can be rejected").arg(phaseId, toString(c->phase.state))));
    Review review;
    review.runId = runId;
    review.phaseId = phaseId;
    review.candidateCommit = c->phase.candidateCommit;
    review.decision = QStringLiteral("reject");
    review.reason = reason;
    review.reviewer = who;
    review.time = m_clock.now();
    review.comments = comments;
    if (auto r = m_store.addReview(review); !r)
        return storeFail(r);
    return failedAttempt(*c, Actor::Reviewer, who, tr("rejected by %1: %2").arg(who, reason), false);
}

SupervisorResult<Run> Supervisor::cancelRun(const QString &runId, const QString &reason, const QString &reviewer)
{
    const QString who = reviewer.isEmpty() ? osUser() : reviewer;
    if (reason.trimmed().isEmpty())
        return std::unexpected(SupervisorError::invalid(QStringLiteral("reason"), tr("cancelling needs a reason")));
    auto run = m_store.run(runId);
    if (!run)
        return std::unexpected(run.error().kind == StoreError::Kind::NotFound
                ? SupervisorError::notFound(tr("unknown run %1").arg(runId))
                : fromStore(run.error()));
    return endRun(
        runId, RunState::DoneFailedCancelled, Actor::Reviewer, who, tr("cancelled by %1: %2").arg(who, reason), {});
}

SupervisorResult<BacklogIssue> Supervisor::resolveIssue(
    qint64 projectId, const QString &issueKey, const QString &reason, const QString &reviewer)
{
    const QString who = reviewer.isEmpty() ? osUser() : reviewer;
    if (reason.trimmed().isEmpty())
        return std::unexpected(SupervisorError::invalid(QStringLiteral("reason"), tr("resolving needs a reason")));
    auto backlog = m_store.backlog(projectId);
    if (!backlog)
        return storeFail(backlog);
    const BacklogIssue *entry = nullptr;
    for (const BacklogIssue &b : *backlog) {
        if (b.issueKey == issueKey)
            entry = &b;
    }
    if (!entry)
        return std::unexpected(
            SupervisorError::notFound(tr("no backlog issue %1 in project %2").arg(issueKey).arg(projectId)));
    auto updated = m_store.updateBacklogIssue(projectId, issueKey, QStringLiteral("resolved"), entry->baseSeverity);
    if (!updated)
        return storeFail(updated);
    if (!entry->lastRun.isEmpty())
        m_store.recordEvent(entry->lastRun, EntityKind::Run, QString(), Actor::Reviewer, who,
            tr("backlog issue %1 resolved by %2: %3").arg(issueKey, who, reason));
    return *updated;
}

SupervisorResult<PromotionOutcome> Supervisor::promote(const QString &runId, const QString &reviewer)
{
    const QString who = reviewer.isEmpty() ? osUser() : reviewer;
    auto c = load(runId);
    if (!c)
        return std::unexpected(c.error());
    QStringList why;
    if (c->run.state != RunState::DoneSuccess)
        why << tr("the run is %1, not DONE_SUCCESS").arg(toString(c->run.state));
    for (const Tier &t : c->tiers) {
        if (t.cleanliness == Cleanliness::NotClean)
            why << tr("tier %1 is not_clean").arg(t.tierId);
    }
    if (!c->run.failureReason.isEmpty())
        why << tr("the run failed: %1").arg(c->run.failureReason);
    if (!why.isEmpty())
        return std::unexpected(SupervisorError::illegal(
            toString(c->run.state), tr("run %1 may not be promoted: %2").arg(runId, why.join(QStringLiteral("; ")))));
    auto repo = Git::Repository::open(c->project.repoPath);
    if (!repo)
        return std::unexpected(fromGit(repo.error()));
    Git::PromotionRequest request;
    request.runId = runId;
    request.baseBranch = c->project.baseBranch;
    request.eligible = true;
    auto promoted = Git::Promoter(*repo).promote(request);
    if (!promoted)
        return std::unexpected(fromGit(promoted.error()));
    PromotionOutcome out;
    out.kind = promoted->kind == Git::Promotion::Kind::FastForward ? QStringLiteral("fast_forward")
        : promoted->kind == Git::Promotion::Kind::MergeCommit      ? QStringLiteral("merge_commit")
                                                                   : QStringLiteral("already_merged");
    out.oldBase = Git::oidToString(promoted->oldBase);
    out.newBase = Git::oidToString(promoted->newBase);
    out.baseBranch = c->project.baseBranch;
    auto e = m_store.recordEvent(runId, EntityKind::Run, QString(), Actor::Reviewer, who,
        tr("promoted to %1 by %2 (%3): %4 -> %5").arg(out.baseBranch, who, out.kind, out.oldBase, out.newBase));
    if (!e)
        return storeFail(e);
    return out;
}

SupervisorResult<QString> Supervisor::writeArtefacts(const QString &runId)
{
    m_fileWriter.waitForDone(); // the received patches are part of them
    auto run = m_store.run(runId);
    if (!run)
        return std::unexpected(run.error().kind == StoreError::Kind::NotFound
                ? SupervisorError::notFound(tr("unknown run %1").arg(runId))
                : fromStore(run.error()));
    auto written = ArtefactWriter(m_store, runDirectory(runId)).write(runId);
    if (!written)
        return std::unexpected(SupervisorError::internal(written.error()));
    return *written;
}

// --- restart -------------------------------------------------------------------------

SupervisorResult<int> Supervisor::resume()
{
    auto runs = m_store.runs();
    if (!runs)
        return storeFail(runs);
    int resumed = 0;
    for (const Run &run : *runs) {
        if (isTerminal(run.state) || run.state == RunState::PlanBootstrap)
            continue;
        ++resumed;
        if (run.state == RunState::RunCreated) {
            // Created, but the queueing was not recorded: the branch step is idempotent.
            auto project = projectOf(run);
            if (!project)
                continue;
            if (auto repo = Git::Repository::open(project->repoPath))
                Git::IntegrationBranch(*repo, run.runId).create(project->baseBranch);
            m_store.transitionRun(
                run.runId, RunState::PhaseQueueing, Actor::Supervisor, tr("resumed after a restart: phases queued"));
            continue;
        }
        auto c = load(run.runId);
        if (!c)
            continue;
        const Phase *current = c->current();
        if (current && current->state == PhaseState::CiRunning) {
            // CI that was running died with the old process: mark it and run it again.
            if (auto attempts = m_store.ciAttempts(run.runId, current->phaseId)) {
                for (const CiAttempt &a : *attempts) {
                    if (a.status == QLatin1String("running"))
                        m_store.finishCiAttempt(a.id, QStringLiteral("cancelled"), std::nullopt, 0, false);
                }
            }
            if (auto pc = load(run.runId, current->phaseId))
                startCi(*pc);
        }
        qCInfo(lcSupervisor) << "resumed run" << run.runId << toString(run.state);
    }
    tick();
    m_timer.start();
    return resumed;
}

} // namespace Autopack::Engine
