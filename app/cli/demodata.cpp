#include "demodata.h"

#include "plan.h"
#include "runblueprint.h"
#include "strategycompiler.h"

#include <QCryptographicHash>

#include <vector>

namespace Autopack::Cli {

namespace {

struct PhaseSpec {
    const char *name;
    const char *category;
    const char *complexity;
    const char *builderMode;
};

struct TierSpec {
    const char *name;
    QList<PhaseSpec> phases;
};

const QList<TierSpec> &webshopPlan()
{
    static const QList<TierSpec> plan {
        { "Order storage",
          { { "Add orders table and migration", "schema_contract_change", "high", "schema_heavy" },
            { "Order repository with paging", "feature_scaffolding", "medium", "scaffolding_heavy" },
            { "Tests for order repository", "tests", "low", "tweak_light" } } },
        { "Checkout flow",
          { { "Checkout endpoint", "feature_scaffolding", "medium", "scaffolding_heavy" },
            { "Payment provider adapter", "security_auth_change", "high", "refactor_heavy" },
            { "Checkout documentation", "docs", "low", "tweak_light" } } },
        { "Hardening",
          { { "Rate limiting on public routes", "cross_cutting_refactor", "high", "refactor_heavy" },
            { "Regression tests for checkout", "tests", "low", "tweak_light" } } },
    };
    return plan;
}

const QList<TierSpec> &billingPlan()
{
    static const QList<TierSpec> plan {
        { "Invoice model",
          { { "Rename invoice fields", "bulk_multi_file_operation", "high", "refactor_heavy" },
            { "Invoice PDF renderer", "feature_scaffolding", "medium", "scaffolding_heavy" } } },
        { "Tax rules",
          { { "EU VAT registry update", "index_registry_change", "high", "schema_heavy" },
            { "Tax rule tests", "tests", "low", "tweak_light" },
            { "Tax rules guide", "docs", "low", "tweak_light" } } },
    };
    return plan;
}

// A stable, plausible commit id for a demo candidate (the demo repositories are not real).
QString fakeCommit(const QString &seed)
{
    return QString::fromLatin1(QCryptographicHash::hash(seed.toUtf8(), QCryptographicHash::Sha1).toHex());
}

// Walks one run through the transition tables, phase by phase, as the engine does.
class DemoRun
{
public:
    DemoRun(Store &store, const Project &project, const QString &runId, const QList<TierSpec> &plan,
            RunState initial = RunState::RunCreated)
        : m_store(store)
        , m_runId(runId)
    {
        // A real plan compiled into a frozen strategy, as POST /runs/start makes it, so the
        // engine and the API can work on the demo runs like on any other.
        Engine::Plan demoPlan;
        demoPlan.run.runId = runId;
        for (qsizetype t = 0; t < plan.size(); ++t) {
            const QString tierId = QStringLiteral("T%1").arg(t + 1);
            demoPlan.tiers.append({ tierId, int(t), QString::fromUtf8(plan[t].name), {} });
            for (qsizetype p = 0; p < plan[t].phases.size(); ++p) {
                const PhaseSpec &spec = plan[t].phases[p];
                demoPlan.phases.append({ QStringLiteral("P%1.%2").arg(t + 1).arg(p + 1), int(p), tierId,
                                         QString::fromUtf8(spec.name), {}, QString::fromUtf8(spec.category),
                                         QString::fromUtf8(spec.complexity), QString::fromUtf8(spec.builderMode) });
            }
        }
        const auto strategy = Engine::StrategyCompiler {}.compile(demoPlan);
        if (!strategy) {
            m_error = StoreError::invalid(strategy.error().path, strategy.error().toString());
            return;
        }
        Engine::RunBlueprint blueprint = Engine::RunBlueprint::fromStrategy(*strategy, project.id);
        Run &run = blueprint.run;
        run.state = initial;
        run.baseCommit = fakeCommit(project.name + QStringLiteral("/base"));
        const QList<Tier> &tiers = blueprint.tiers;
        const QList<Phase> &phases = blueprint.phases;
        m_result = store.createRun(run, tiers, phases, Actor::Supervisor, QStringLiteral("demo"));
        if (m_result) {
            m_tiers = m_result->tiers;
            m_phases = m_result->phases;
        } else {
            m_error = m_result.error();
        }
    }

    const std::optional<StoreError> &error() const { return m_error; }
    int phaseCount() const { return int(m_phases.size()); }

    // RUN_CREATED → PHASE_QUEUEING.
    DemoRun &queue()
    {
        step(m_store.transitionRun(m_runId, RunState::PhaseQueueing, Actor::Supervisor,
                                   QStringLiteral("strategy frozen, integration branch created")));
        return *this;
    }

    // Dispatches the next phase: the run enters PHASE_EXECUTION, a builder claims it.
    DemoRun &dispatch(qint64 tokens = 120'000)
    {
        const Phase &phase = current();
        TransitionContext more;
        more.morePhases = true;
        const Run run = m_store.run(m_runId).value_or(Run {});
        if (run.state == RunState::PhaseQueueing || run.state == RunState::SnapshotCreated)
            step(m_store.transitionRun(m_runId, RunState::PhaseExecution, Actor::Supervisor,
                                       QStringLiteral("phase %1 starts").arg(phase.phaseId), more));
        else if (run.state == RunState::PhaseExecution && m_current > 0)
            step(m_store.transitionRun(m_runId, RunState::PhaseExecution, Actor::Supervisor,
                                       QStringLiteral("phase %1 starts").arg(phase.phaseId), more));
        if (firstOfTier())
            step(m_store.transitionTier(m_runId, phase.tierId, TierState::InProgress, Actor::Supervisor,
                                        QStringLiteral("first phase starts")));
        PhaseUpdate attempt;
        attempt.builderAttempts = 1;
        step(m_store.transitionPhase(m_runId, phase.phaseId, PhaseState::Executing, Actor::Builder,
                                     QStringLiteral("claimed by builder-1"), {}, QStringLiteral("builder-1"), attempt));
        step(m_store.addTokens(m_runId, phase.phaseId, tokens));
        return *this;
    }

    // A failed builder attempt with attempts left.
    DemoRun &retry(qint64 tokens = 60'000)
    {
        const Phase phase = m_store.phase(m_runId, current().phaseId).value_or(Phase {});
        TransitionContext c;
        c.builderAttempts = phase.builderAttempts;
        c.maxBuilderAttempts = phase.maxBuilderAttempts;
        c.maxAuditorAttempts = phase.maxAuditorAttempts;
        PhaseUpdate next;
        next.builderAttempts = phase.builderAttempts + 1;
        step(m_store.transitionPhase(m_runId, phase.phaseId, PhaseState::Executing, Actor::Builder,
                                     QStringLiteral("probe failed: 2 tests red"), c, QStringLiteral("builder-1"), next));
        step(m_store.addTokens(m_runId, phase.phaseId, tokens));
        return *this;
    }

    // The builder's patch became a candidate; the phase waits at its gate.
    DemoRun &gate(bool awaitingReviewer)
    {
        const Phase &phase = current();
        TransitionContext c;
        c.candidateApplied = true;
        PhaseUpdate candidate;
        candidate.candidateCommit = fakeCommit(m_runId + phase.phaseId);
        candidate.awaitingReviewer = awaitingReviewer;
        step(m_store.transitionPhase(m_runId, phase.phaseId, PhaseState::Gate, Actor::Supervisor,
                                     QStringLiteral("patch applied to candidate"), c, {}, candidate));
        step(m_store.transitionRun(m_runId, RunState::Gate, Actor::Supervisor,
                                   QStringLiteral("phase %1 at its gate").arg(phase.phaseId)));
        return *this;
    }

    DemoRun &approve()
    {
        const Phase &phase = current();
        TransitionContext c;
        c.gateChecksPassed = true;
        c.approved = true;
        PhaseUpdate done;
        done.awaitingReviewer = false;
        step(m_store.transitionPhase(m_runId, phase.phaseId, PhaseState::CiRunning, Actor::Supervisor,
                                     QStringLiteral("gate passed"), c, {}, done));
        step(m_store.transitionRun(m_runId, RunState::CiRunning, Actor::Supervisor,
                                   QStringLiteral("CI runs on phase %1").arg(phase.phaseId)));
        return *this;
    }

    DemoRun &ciGreen()
    {
        const Phase &phase = current();
        TransitionContext c;
        c.ciGreen = true;
        step(m_store.transitionPhase(m_runId, phase.phaseId, PhaseState::Complete, Actor::Verifier,
                                     QStringLiteral("CI green"), c));
        step(m_store.transitionRun(m_runId, RunState::SnapshotCreated, Actor::Verifier,
                                   QStringLiteral("snapshot of phase %1").arg(phase.phaseId), c));
        finishTierIfDone(false);
        ++m_current;
        return *this;
    }

    // One phase all the way: dispatch, gate (auto-applied), CI green, snapshot.
    DemoRun &completePhase(qint64 tokens = 150'000)
    {
        return dispatch(tokens).gate(false).approve().ciGreen();
    }

    DemoRun &completeAll()
    {
        while (m_current < m_phases.size())
            completePhase();
        TransitionContext c;
        c.allPhasesFinished = true;
        step(m_store.transitionRun(m_runId, RunState::DoneSuccess, Actor::Supervisor,
                                   QStringLiteral("all phases processed"), c, {}, promotable()));
        return *this;
    }

    DemoRun &issue(const char *key, Severity severity, const char *source, const char *evidence,
                   const char *description)
    {
        Issue i;
        i.runId = m_runId;
        i.phaseId = current().phaseId;
        i.issueKey = QString::fromUtf8(key);
        i.severity = severity;
        i.effectiveSeverity = severity;
        i.source = QString::fromUtf8(source);
        i.category = i.source == QLatin1String("ci") ? QStringLiteral("ci") : QStringLiteral("code_quality");
        i.taskCategory = current().taskCategory;
        i.complexity = current().complexity;
        i.firstSeenRun = m_runId;
        i.lastSeenRun = m_runId;
        i.evidenceRefs = { QString::fromUtf8(evidence) };
        i.description = QString::fromUtf8(description);
        step(m_store.recordIssue(i));
        return *this;
    }

    // Ends the run in `state`: the current phase fails, the rest are skipped.
    DemoRun &fail(RunState state, const QString &reason, TransitionContext runContext, Actor actor)
    {
        runContext.reason = reason;
        runContext.runEnding = true;
        if (m_current < m_phases.size()) {
            const Phase phase = m_store.phase(m_runId, current().phaseId).value_or(Phase {});
            if (phase.state != PhaseState::Queued && !isTerminal(phase.state)) {
                PhaseUpdate clear;
                clear.awaitingReviewer = false;
                step(m_store.transitionPhase(m_runId, phase.phaseId, PhaseState::Failed, Actor::Supervisor, reason,
                                             runContext, {}, clear));
                finishTierIfDone(true);
                ++m_current;
            }
        }
        step(m_store.transitionRun(m_runId, state, actor, reason, runContext,
                                   actor == Actor::Reviewer ? QStringLiteral("dana") : QString()));
        TransitionContext ending;
        ending.runEnding = true;
        for (; m_current < m_phases.size(); ++m_current)
            step(m_store.transitionPhase(m_runId, current().phaseId, PhaseState::Skipped, Actor::Supervisor,
                                         QStringLiteral("the run ended"), ending));
        for (const Tier &t : m_tiers) {
            const Tier tier = m_store.tier(m_runId, t.tierId).value_or(Tier {});
            if (tier.state == TierState::Pending)
                step(m_store.transitionTier(m_runId, t.tierId, TierState::Skipped, Actor::Supervisor,
                                            QStringLiteral("the run ended"), ending));
            else if (tier.state == TierState::InProgress)
                step(m_store.transitionTier(m_runId, t.tierId, TierState::Failed, Actor::Supervisor,
                                            QStringLiteral("the run ended"), ending));
        }
        return *this;
    }

    DemoRun &markTierNotClean(const QString &tierId)
    {
        TierUpdate u;
        u.cleanliness = Cleanliness::NotClean;
        step(m_store.updateTier(m_runId, tierId, u));
        return *this;
    }

private:
    const Phase &current() const { return m_phases[m_current]; }
    bool firstOfTier() const { return m_current == 0 || m_phases[m_current - 1].tierId != current().tierId; }
    bool lastOfTier() const
    {
        return m_current + 1 == m_phases.size() || m_phases[m_current + 1].tierId != current().tierId;
    }

    void finishTierIfDone(bool failed)
    {
        if (!failed && !lastOfTier())
            return;
        TransitionContext c;
        c.allPhasesFinished = !failed;
        c.phaseFailed = failed;
        step(m_store.transitionTier(m_runId, current().tierId, failed ? TierState::Failed : TierState::Complete,
                                    Actor::Supervisor,
                                    failed ? QStringLiteral("a phase failed") : QStringLiteral("all phases done"), c));
    }

    RunUpdate promotable() const
    {
        RunUpdate u;
        u.promotionEligible = true;
        return u;
    }

    template<typename T>
    void step(const StoreResult<T> &result)
    {
        if (!result && !m_error)
            m_error = result.error();
    }

    Store &m_store;
    QString m_runId;
    StoreResult<CreatedRun> m_result;
    QList<Tier> m_tiers;
    QList<Phase> m_phases;
    qsizetype m_current = 0;
    std::optional<StoreError> m_error;
};

} // namespace

StoreResult<DemoSummary> fillDemoData(Store &store)
{
    DemoSummary summary;
    const auto existing = store.projects();
    if (!existing)
        return std::unexpected(existing.error());
    if (!existing->isEmpty()) {
        summary.skipped = true;
        return summary;
    }

    Project webshop;
    webshop.name = QStringLiteral("webshop");
    webshop.repoPath = QStringLiteral("/srv/repos/webshop");
    webshop.baseBranch = QStringLiteral("main");
    webshop.ciCommandsJson = QStringLiteral(R"({"normal":[["make","test"]],"strict":[["make","check"]]})");
    webshop.protectedGlobs = { QStringLiteral("deploy/**") };
    Project billing;
    billing.name = QStringLiteral("billing-service");
    billing.repoPath = QStringLiteral("/srv/repos/billing-service");
    billing.baseBranch = QStringLiteral("trunk");
    billing.rulesetJson = QStringLiteral(R"({"safety_profile":"safety_critical"})");
    billing.ciCommandsJson = QStringLiteral(R"({"normal":[["ctest","--output-on-failure"]]})");
    auto shop = store.addProject(webshop);
    if (!shop)
        return std::unexpected(shop.error());
    auto bill = store.addProject(billing);
    if (!bill)
        return std::unexpected(bill.error());
    summary.projects = 2;

    std::vector<std::unique_ptr<DemoRun>> runs;
    auto add = [&](const Project &p, const char *id, const QList<TierSpec> &plan,
                   RunState initial = RunState::RunCreated) -> DemoRun & {
        runs.push_back(std::make_unique<DemoRun>(store, p, QString::fromUtf8(id), plan, initial));
        return *runs.back();
    };
    TransitionContext none;
    TransitionContext budget;
    budget.budgetExceeded = true;
    TransitionContext policy;
    policy.policyViolation = true;
    TransitionContext environment;
    environment.environmentFailure = true;

    add(*shop, "shop-1101-search", webshopPlan()).queue().completeAll();
    add(*shop, "shop-1108-checkout", webshopPlan())
        .queue()
        .completePhase()
        .dispatch()
        .issue("orders.paging.off_by_one", Severity::Minor, "test", "src/orders/repository.py:88",
               "Last page repeats the final row when the count is a multiple of the page size")
        .gate(false)
        .approve()
        .ciGreen()
        .completePhase()
        .dispatch(200'000)
        .retry()
        .gate(true);
    add(*shop, "shop-1112-ratelimit", webshopPlan()).queue().completePhase().completePhase().dispatch().gate(false).approve();
    add(*shop, "shop-1114-docs", webshopPlan()).queue().completePhase().completePhase().completePhase();
    add(*shop, "shop-1117-payments", webshopPlan())
        .queue()
        .completePhase()
        .completePhase()
        .completePhase()
        .dispatch(420'000)
        .issue("payments.secret_in_log", Severity::Major, "auditor", "src/payments/adapter.py:41",
               "The provider's API key is written to the debug log")
        .gate(true);
    add(*shop, "shop-1120-regressions", webshopPlan()).queue().completePhase().dispatch(90'000);
    add(*shop, "shop-1121-draft", webshopPlan(), RunState::PlanBootstrap);
    add(*shop, "shop-1122-next", webshopPlan());
    add(*shop, "shop-1123-queued", webshopPlan()).queue();
    add(*shop, "shop-1102-tokens", webshopPlan())
        .queue()
        .completePhase(900'000)
        .dispatch(2'400'000)
        .retry(1'800'000)
        .fail(RunState::DoneFailedBudgetExhausted,
              QStringLiteral("token_cap exceeded: 5,250,000 of 5,000,000 tokens used"), budget, Actor::Supervisor);
    add(*shop, "shop-1105-cancelled", webshopPlan())
        .queue()
        .completePhase()
        .dispatch()
        .fail(RunState::DoneFailedCancelled, QStringLiteral("superseded by shop-1108-checkout"), none,
              Actor::Reviewer);
    add(*bill, "bill-1103-vat", billingPlan())
        .queue()
        .completePhase()
        .dispatch()
        .gate(false)
        .fail(RunState::DoneFailedPolicyViolation,
              QStringLiteral("patch touches protected path deploy/prod.env"), policy, Actor::Supervisor);
    add(*bill, "bill-1109-pdf", billingPlan())
        .queue()
        .completePhase()
        .dispatch()
        .gate(false)
        .fail(RunState::DoneFailedRequiresHumanReview,
              QStringLiteral("auditor did not approve and human gates are off"), none, Actor::Supervisor);
    add(*bill, "bill-1116-ci", billingPlan())
        .queue()
        .dispatch()
        .gate(false)
        .approve()
        .issue("ci.ctest_missing", Severity::Major, "ci", "ci:normal#1", "ctest: command not found")
        .fail(RunState::DoneFailedEnvironment, QStringLiteral("CI could not start: ctest not found"), environment,
              Actor::Supervisor);
    add(*bill, "bill-1119-rename", billingPlan())
        .queue()
        .completePhase()
        .markTierNotClean(QStringLiteral("T1"))
        .dispatch(300'000)
        .issue("invoice.rename.stale_import", Severity::Minor, "static_check", "billing/invoice/pdf.py:12",
               "Import still uses the old field name")
        .gate(true);

    for (const auto &run : runs) {
        if (run->error())
            return std::unexpected(*run->error());
        ++summary.runs;
        summary.phases += run->phaseCount();
    }
    const auto events = store.events(0, 100'000);
    if (!events)
        return std::unexpected(events.error());
    summary.events = int(events->size());
    return summary;
}

} // namespace Autopack::Cli
