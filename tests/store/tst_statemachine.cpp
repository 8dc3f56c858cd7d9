// The transition tables against SPEC §2, written out here independently of
// statemachine.cpp: for every machine, the full from × to × actor product is checked.
// A pair listed below must be accepted for its actors when its guard's facts hold,
// refused as GuardFailed when they do not, and refused as ActorNotAllowed for every
// other actor; every pair not listed must be refused as NotInTable.

#include "statemachine.h"

#include <QTest>

#include <functional>

using namespace Autopack;

namespace {

using Setter = std::function<void(TransitionContext &)>;

struct Expected {
    const char *from;
    const char *to;
    QList<Actor> actors;
    Setter pass; // makes the guard hold; empty: the row has no guard
    Setter fail; // a context the guard must refuse (applied to a default context)
};

constexpr Actor S = Actor::Supervisor;
constexpr Actor B = Actor::Builder;
constexpr Actor V = Actor::Verifier;
constexpr Actor Rv = Actor::Reviewer;

const QList<Actor> allActors { Actor::Supervisor, Actor::Builder, Actor::Auditor, Actor::Verifier, Actor::Reviewer };

void withReason(TransitionContext &c) { c.reason = QStringLiteral("because"); }
void nothing(TransitionContext &) { }

QList<Expected> expectedRunRows()
{
    const Setter more = [](TransitionContext &c) { c.morePhases = true; };
    const Setter finished = [](TransitionContext &c) { c.allPhasesFinished = true; };
    const Setter finishedButViolation = [](TransitionContext &c) {
        c.allPhasesFinished = true;
        c.policyViolation = true;
    };
    const Setter budget = [](TransitionContext &c) {
        c.budgetExceeded = true;
        withReason(c);
    };
    const Setter budgetNoReason = [](TransitionContext &c) { c.budgetExceeded = true; };
    const Setter policy = [](TransitionContext &c) {
        c.policyViolation = true;
        withReason(c);
    };
    const Setter env = [](TransitionContext &c) {
        c.environmentFailure = true;
        withReason(c);
    };
    const Setter envNoFlag = withReason;

    QList<Expected> rows {
        { "PLAN_BOOTSTRAP", "RUN_CREATED", { S }, {}, {} },
        { "RUN_CREATED", "PHASE_QUEUEING", { S }, {}, {} },
        { "PHASE_QUEUEING", "PHASE_EXECUTION", { S }, more, nothing },
        { "PHASE_EXECUTION", "GATE", { S }, {}, {} },
        { "PHASE_EXECUTION", "PHASE_EXECUTION", { S }, more, nothing },
        { "PHASE_EXECUTION", "DONE_SUCCESS", { S }, finished, finishedButViolation },
        { "GATE", "CI_RUNNING", { S, Rv }, {}, {} },
        { "GATE", "PHASE_EXECUTION", { S, Rv }, {}, {} },
        { "GATE", "DONE_SUCCESS", { S }, finished, nothing },
        { "CI_RUNNING", "SNAPSHOT_CREATED", { S, V }, [](TransitionContext &c) { c.ciGreen = true; },
          [](TransitionContext &c) { c.ciRed = true; } },
        { "CI_RUNNING", "PHASE_EXECUTION", { S, V }, [](TransitionContext &c) { c.ciRed = true; },
          [](TransitionContext &c) { c.ciGreen = true; } },
        { "CI_RUNNING", "DONE_SUCCESS", { S }, finished,
          [](TransitionContext &c) {
              c.allPhasesFinished = true;
              c.morePhases = true;
          } },
        { "SNAPSHOT_CREATED", "PHASE_EXECUTION", { S }, more, nothing },
        { "SNAPSHOT_CREATED", "DONE_SUCCESS", { S }, finished, nothing },
    };
    // Failure states, "as appropriate" per state: a draft has no budget or patches yet;
    // policy violations come from patches (execution, gate, CI).
    const char *nonTerminal[] = { "PLAN_BOOTSTRAP", "RUN_CREATED", "PHASE_QUEUEING", "PHASE_EXECUTION", "GATE",
                                  "CI_RUNNING", "SNAPSHOT_CREATED" };
    for (const char *f : nonTerminal) {
        const QLatin1String from(f);
        const bool draft = from == QLatin1String("PLAN_BOOTSTRAP");
        const bool patches = from == QLatin1String("PHASE_EXECUTION") || from == QLatin1String("GATE")
            || from == QLatin1String("CI_RUNNING");
        const bool verifier = patches;
        if (!draft)
            rows << Expected { f, "DONE_FAILED_BUDGET_EXHAUSTED", { S }, budget, budgetNoReason };
        if (patches)
            rows << Expected { f, "DONE_FAILED_POLICY_VIOLATION", { S }, policy, withReason };
        rows << Expected { f, "DONE_FAILED_REQUIRES_HUMAN_REVIEW", { S }, withReason, nothing };
        rows << Expected { f, "DONE_FAILED_ENVIRONMENT", verifier ? QList<Actor> { S, V } : QList<Actor> { S }, env,
                           envNoFlag };
        rows << Expected { f, "DONE_FAILED_CANCELLED", { Rv }, {}, {} };
    }
    return rows;
}

QList<Expected> expectedTierRows()
{
    return {
        { "PENDING", "IN_PROGRESS", { S }, {}, {} },
        { "PENDING", "SKIPPED", { S }, {}, {} },
        { "IN_PROGRESS", "COMPLETE", { S }, [](TransitionContext &c) { c.allPhasesFinished = true; }, nothing },
        { "IN_PROGRESS", "FAILED", { S }, [](TransitionContext &c) { c.phaseFailed = true; }, nothing },
    };
}

QList<Expected> expectedPhaseRows()
{
    const Setter left = [](TransitionContext &c) {
        c.builderAttempts = 1;
        c.maxBuilderAttempts = 3;
    };
    const Setter exhausted = [](TransitionContext &c) {
        c.builderAttempts = 3;
        c.maxBuilderAttempts = 3;
        c.auditorAttempts = 2;
        c.maxAuditorAttempts = 2;
    };
    return {
        { "QUEUED", "EXECUTING", { S, B }, {}, {} },
        { "QUEUED", "SKIPPED", { S }, [](TransitionContext &c) { c.runEnding = true; }, nothing },
        { "EXECUTING", "GATE", { S }, [](TransitionContext &c) { c.candidateApplied = true; }, nothing },
        { "EXECUTING", "EXECUTING", { S, B }, left, exhausted },
        { "EXECUTING", "FAILED", { S }, exhausted, left },
        { "GATE", "CI_RUNNING", { S, Rv },
          [](TransitionContext &c) {
              c.gateChecksPassed = true;
              c.approved = true;
          },
          [](TransitionContext &c) { c.gateChecksPassed = true; } },
        { "GATE", "EXECUTING", { S, Rv }, left, exhausted },
        { "GATE", "FAILED", { S, Rv }, exhausted, left },
        { "CI_RUNNING", "COMPLETE", { S, V }, [](TransitionContext &c) { c.ciGreen = true; },
          [](TransitionContext &c) { c.ciRed = true; } },
        { "CI_RUNNING", "EXECUTING", { S, V },
          [](TransitionContext &c) {
              c.ciRed = true;
              c.builderAttempts = 1;
              c.maxBuilderAttempts = 2;
          },
          [](TransitionContext &c) {
              c.ciRed = true;
              c.builderAttempts = 2;
              c.maxBuilderAttempts = 2;
          } },
        { "CI_RUNNING", "FAILED", { S, V },
          [](TransitionContext &c) {
              c.ciRed = true;
              c.builderAttempts = 2;
              c.maxBuilderAttempts = 2;
          },
          [](TransitionContext &c) {
              c.ciRed = true;
              c.builderAttempts = 1;
              c.maxBuilderAttempts = 2;
          } },
    };
}

// Runs the whole product for one machine and returns how many (from, to, actor) triples
// were accepted.
template<typename State, typename FromString>
int checkProduct(const QList<Expected> &expected, int stateCount, FromString fromString, int tableSize)
{
    QHash<QPair<int, int>, Expected> byPair;
    for (const Expected &e : expected) {
        const auto from = fromString(QString::fromLatin1(e.from));
        const auto to = fromString(QString::fromLatin1(e.to));
        if (!from || !to) {
            QTest::qFail(qPrintable(QStringLiteral("bad state name in test table: %1 -> %2").arg(e.from, e.to)), __FILE__,
                         __LINE__);
            return -1;
        }
        byPair.insert({ int(*from), int(*to) }, e);
    }
    if (byPair.size() != tableSize) {
        QTest::qFail(qPrintable(QStringLiteral("the table has %1 rows, SPEC-derived list has %2")
                                    .arg(tableSize)
                                    .arg(byPair.size())),
                     __FILE__, __LINE__);
        return -1;
    }

    int accepted = 0;
    for (int f = 0; f < stateCount; ++f) {
        for (int t = 0; t < stateCount; ++t) {
            const State from = State(f);
            const State to = State(t);
            const auto it = byPair.constFind({ f, t });
            for (Actor actor : allActors) {
                const QString label = QStringLiteral("%1 -> %2 by %3").arg(toString(from), toString(to), toString(actor));
                TransitionContext passing;
                if (it != byPair.constEnd() && it->pass)
                    it->pass(passing);
                const auto result = StateMachine::check(QStringLiteral("X-1"), from, to, actor, passing);
                if (it == byPair.constEnd()) {
                    if (result || result.error().kind != TransitionError::Kind::NotInTable) {
                        QTest::qFail(qPrintable(label + QStringLiteral(": expected NotInTable")), __FILE__, __LINE__);
                        return -1;
                    }
                    continue;
                }
                if (!it->actors.contains(actor)) {
                    if (result || result.error().kind != TransitionError::Kind::ActorNotAllowed) {
                        QTest::qFail(qPrintable(label + QStringLiteral(": expected ActorNotAllowed")), __FILE__, __LINE__);
                        return -1;
                    }
                    continue;
                }
                if (!result) {
                    QTest::qFail(qPrintable(label + QStringLiteral(": expected accepted, got ") + result.error().toString()),
                                 __FILE__, __LINE__);
                    return -1;
                }
                ++accepted;
                if (it->fail) {
                    TransitionContext failing;
                    it->fail(failing);
                    const auto refused = StateMachine::check(QStringLiteral("X-1"), from, to, actor, failing);
                    if (refused || refused.error().kind != TransitionError::Kind::GuardFailed
                        || !refused.error().why.startsWith(QLatin1String("guard failed: "))) {
                        QTest::qFail(qPrintable(label + QStringLiteral(": expected GuardFailed")), __FILE__, __LINE__);
                        return -1;
                    }
                } else if (StateMachine::rule(from, to)->guard) {
                    QTest::qFail(qPrintable(label + QStringLiteral(": the table has a guard the SPEC list does not")),
                                 __FILE__, __LINE__);
                    return -1;
                }
            }
        }
    }
    return accepted;
}

int actorCount(const QList<Expected> &rows)
{
    int n = 0;
    for (const Expected &e : rows)
        n += int(e.actors.size());
    return n;
}

} // namespace

class tst_StateMachine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void runProduct()
    {
        const auto rows = expectedRunRows();
        const int accepted = checkProduct<RunState>(rows, RunStateCount, runStateFromString,
                                                    int(StateMachine::runTable().size()));
        QCOMPARE(accepted, actorCount(rows));
    }

    void tierProduct()
    {
        const auto rows = expectedTierRows();
        const int accepted = checkProduct<TierState>(rows, TierStateCount, tierStateFromString,
                                                     int(StateMachine::tierTable().size()));
        QCOMPARE(accepted, actorCount(rows));
    }

    void phaseProduct()
    {
        const auto rows = expectedPhaseRows();
        const int accepted = checkProduct<PhaseState>(rows, PhaseStateCount, phaseStateFromString,
                                                      int(StateMachine::phaseTable().size()));
        QCOMPARE(accepted, actorCount(rows));
    }

    void terminalStatesHaveNoWayOut()
    {
        for (const auto &r : StateMachine::runTable())
            QVERIFY2(!isTerminal(r.from), qPrintable(toString(r.from)));
        for (const auto &r : StateMachine::tierTable())
            QVERIFY2(!isTerminal(r.from), qPrintable(toString(r.from)));
        for (const auto &r : StateMachine::phaseTable())
            QVERIFY2(!isTerminal(r.from), qPrintable(toString(r.from)));
    }

    void everyNonTerminalRunStateCanBeCancelledByAReviewerOnly()
    {
        for (int s = 0; s < RunStateCount; ++s) {
            const auto from = RunState(s);
            const auto byReviewer = StateMachine::check(QStringLiteral("r"), from, RunState::DoneFailedCancelled,
                                                        Actor::Reviewer, {});
            QCOMPARE(bool(byReviewer), !isTerminal(from));
            if (!isTerminal(from)) {
                const auto bySupervisor = StateMachine::check(QStringLiteral("r"), from, RunState::DoneFailedCancelled,
                                                              Actor::Supervisor, {});
                QVERIFY(!bySupervisor);
                QCOMPARE(bySupervisor.error().kind, TransitionError::Kind::ActorNotAllowed);
            }
        }
    }

    void lifecycleWalk()
    {
        // SPEC §2: the run mirrors its phases through two phases and finishes.
        TransitionContext more;
        more.morePhases = true;
        TransitionContext green;
        green.ciGreen = true;
        TransitionContext done;
        done.allPhasesFinished = true;
        const QList<std::tuple<RunState, RunState, TransitionContext>> steps {
            { RunState::PlanBootstrap, RunState::RunCreated, {} },
            { RunState::RunCreated, RunState::PhaseQueueing, {} },
            { RunState::PhaseQueueing, RunState::PhaseExecution, more },
            { RunState::PhaseExecution, RunState::Gate, {} },
            { RunState::Gate, RunState::CiRunning, {} },
            { RunState::CiRunning, RunState::SnapshotCreated, green },
            { RunState::SnapshotCreated, RunState::PhaseExecution, more },
            { RunState::PhaseExecution, RunState::Gate, {} },
            { RunState::Gate, RunState::CiRunning, {} },
            { RunState::CiRunning, RunState::SnapshotCreated, green },
            { RunState::SnapshotCreated, RunState::DoneSuccess, done },
        };
        for (const auto &[from, to, ctx] : steps) {
            const auto r = StateMachine::check(QStringLiteral("run-1"), from, to, Actor::Supervisor, ctx);
            QVERIFY2(r, r ? "" : qPrintable(r.error().toString()));
        }
    }

    void escalationCountsAsAttemptsLeft()
    {
        // Builder attempts used up but the auditor may still try (SPEC §4): a retry is legal.
        TransitionContext c;
        c.builderAttempts = 2;
        c.maxBuilderAttempts = 2;
        c.auditorAttempts = 0;
        c.maxAuditorAttempts = 1;
        QVERIFY(StateMachine::check(QStringLiteral("p"), PhaseState::Executing, PhaseState::Executing, Actor::Supervisor, c));
        QVERIFY(!StateMachine::check(QStringLiteral("p"), PhaseState::Executing, PhaseState::Failed, Actor::Supervisor, c));
        c.budgetExceeded = true; // a phase budget hit fails it even with attempts left
        QVERIFY(StateMachine::check(QStringLiteral("p"), PhaseState::Executing, PhaseState::Failed, Actor::Supervisor, c));
    }

    void errorNamesEverything()
    {
        const auto r = StateMachine::check(QStringLiteral("phase-7"), PhaseState::Executing, PhaseState::Complete,
                                           Actor::Builder, {});
        QVERIFY(!r);
        const TransitionError &e = r.error();
        QCOMPARE(e.kind, TransitionError::Kind::NotInTable);
        QVERIFY(e.entityKind == EntityKind::Phase);
        QCOMPARE(e.entityId, QStringLiteral("phase-7"));
        QCOMPARE(e.fromState, QStringLiteral("EXECUTING"));
        QCOMPARE(e.toState, QStringLiteral("COMPLETE"));
        QVERIFY(e.actor == Actor::Builder);
        const QString text = e.toString();
        for (const char *part : { "phase", "phase-7", "EXECUTING", "COMPLETE", "builder", "not in the transition table" })
            QVERIFY2(text.contains(QLatin1String(part)), qPrintable(text));

        const auto guard = StateMachine::check(QStringLiteral("run-9"), RunState::CiRunning, RunState::SnapshotCreated,
                                               Actor::Verifier, {});
        QVERIFY(!guard);
        QCOMPARE(guard.error().kind, TransitionError::Kind::GuardFailed);
        QVERIFY2(guard.error().toString().contains(QLatin1String("CI is green")), qPrintable(guard.error().toString()));

        const auto actor = StateMachine::check(QStringLiteral("run-9"), RunState::Gate, RunState::CiRunning,
                                               Actor::Builder, {});
        QVERIFY(!actor);
        QCOMPARE(actor.error().kind, TransitionError::Kind::ActorNotAllowed);
        QVERIFY(actor.error().toString().contains(QLatin1String("builder")));
    }
};

QTEST_GUILESS_MAIN(tst_StateMachine)
#include "tst_statemachine.moc"
