// StoreReviewerActions against a real Store: each action's transitions and records,
// the reasons it gives when an action is not allowed, and that a refused action
// changes nothing.

#include "revieweractions.h"
#include "uitestfixture.h"

#include <QTest>

using namespace Autopack;
using namespace Autopack::UiTest;

class TestStoreReviewerActions : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void approveMovesPhaseAndRunToCi();
    void rejectWithAttemptsLeftReturnsToTheBuilder();
    void rejectWithoutAttemptsFailsThePhase();
    void rejectOfTheLastPhaseEndsTheRun();
    void rejectNeedsAReason();
    void refusalsSayWhyAndChangeNothing();
    void cancelEndsTheRunAndItsPhases();
    void requestAuditIsRecorded();
    void resolveIssue();
};

void TestStoreReviewerActions::approveMovesPhaseAndRunToCi()
{
    Fixture f;
    QCOMPARE(f.createRun(QStringLiteral("r")), QString());
    QCOMPARE(f.toGate(QStringLiteral("r")), QString());
    Ui::StoreReviewerActions actions(*f.store, QStringLiteral("alice"));
    QCOMPARE(actions.whyNotApprove(QStringLiteral("r"), QStringLiteral("P1.1")), QString());
    const auto done = actions.approve(QStringLiteral("r"), QStringLiteral("P1.1"), {});
    QVERIFY2(done.has_value(), done ? "" : qPrintable(done.error()));
    QCOMPARE(
        toString(f.store->phase(QStringLiteral("r"), QStringLiteral("P1.1"))->state), toString(PhaseState::CiRunning));
    QCOMPARE(toString(f.store->run(QStringLiteral("r"))->state), toString(RunState::CiRunning));
    const auto events = f.store->runEvents(QStringLiteral("r"));
    QCOMPARE(toString(events->last().actor), toString(Actor::Reviewer));
    QCOMPARE(events->last().actorName, QStringLiteral("alice"));
    QCOMPARE(f.store->reviews(QStringLiteral("r"), QStringLiteral("P1.1"))->first().candidateCommit,
        QStringLiteral("0123456789abcdef0123456789abcdef01234567"));
}

void TestStoreReviewerActions::rejectWithAttemptsLeftReturnsToTheBuilder()
{
    Fixture f;
    QCOMPARE(f.createRun(QStringLiteral("r")), QString());
    QCOMPARE(f.toGate(QStringLiteral("r")), QString());
    Ui::StoreReviewerActions actions(*f.store, QStringLiteral("bob"));
    QVERIFY(actions.reject(QStringLiteral("r"), QStringLiteral("P1.1"), QStringLiteral("wrong file")).has_value());
    const auto phase = f.store->phase(QStringLiteral("r"), QStringLiteral("P1.1"));
    QCOMPARE(toString(phase->state), toString(PhaseState::Executing));
    QCOMPARE(phase->builderAttempts, 2);
    QVERIFY(!phase->awaitingReviewer);
    QCOMPARE(toString(f.store->run(QStringLiteral("r"))->state), toString(RunState::PhaseExecution));
}

void TestStoreReviewerActions::rejectWithoutAttemptsFailsThePhase()
{
    Fixture f;
    QCOMPARE(f.createRun(QStringLiteral("r"), 1, 2, /*maxBuilderAttempts=*/1), QString());
    QCOMPARE(f.toGate(QStringLiteral("r")), QString());
    // Use up the auditor attempt too, so nothing is left.
    PhaseUpdate used;
    used.auditorAttempts = 1;
    QVERIFY(f.store->updatePhase(QStringLiteral("r"), QStringLiteral("P1.1"), used).has_value());
    Ui::StoreReviewerActions actions(*f.store, QStringLiteral("bob"));
    QVERIFY(actions.reject(QStringLiteral("r"), QStringLiteral("P1.1"), QStringLiteral("unsafe")).has_value());
    QCOMPARE(
        toString(f.store->phase(QStringLiteral("r"), QStringLiteral("P1.1"))->state), toString(PhaseState::Failed));
    // Another phase remains, so the run moves on to it.
    QCOMPARE(toString(f.store->run(QStringLiteral("r"))->state), toString(RunState::PhaseExecution));
}

void TestStoreReviewerActions::rejectOfTheLastPhaseEndsTheRun()
{
    Fixture f;
    QCOMPARE(f.createRun(QStringLiteral("r"), 1, 1, /*maxBuilderAttempts=*/1), QString());
    QCOMPARE(f.toGate(QStringLiteral("r")), QString());
    PhaseUpdate used;
    used.auditorAttempts = 1;
    QVERIFY(f.store->updatePhase(QStringLiteral("r"), QStringLiteral("P1.1"), used).has_value());
    Ui::StoreReviewerActions actions(*f.store, QStringLiteral("bob"));
    const auto done = actions.reject(QStringLiteral("r"), QStringLiteral("P1.1"), QStringLiteral("unsafe"));
    QVERIFY2(done.has_value(), done ? "" : qPrintable(done.error()));
    QCOMPARE(
        toString(f.store->phase(QStringLiteral("r"), QStringLiteral("P1.1"))->state), toString(PhaseState::Failed));
    // SPEC §2 run table: the last phase failing at its gate ends the run; it is not
    // left waiting at GATE with nothing to wait for.
    QCOMPARE(toString(f.store->run(QStringLiteral("r"))->state), toString(RunState::DoneSuccess));
}

void TestStoreReviewerActions::rejectNeedsAReason()
{
    Fixture f;
    QCOMPARE(f.createRun(QStringLiteral("r")), QString());
    QCOMPARE(f.toGate(QStringLiteral("r")), QString());
    Ui::StoreReviewerActions actions(*f.store, QStringLiteral("bob"));
    const auto refused = actions.reject(QStringLiteral("r"), QStringLiteral("P1.1"), QStringLiteral("  \n"));
    QVERIFY(!refused.has_value());
    QVERIFY2(refused.error().contains(QStringLiteral("reason is required")), qPrintable(refused.error()));
    QCOMPARE(toString(f.store->phase(QStringLiteral("r"), QStringLiteral("P1.1"))->state), toString(PhaseState::Gate));
    QCOMPARE(f.store->reviews(QStringLiteral("r"), QStringLiteral("P1.1"))->size(), 0);
}

void TestStoreReviewerActions::refusalsSayWhyAndChangeNothing()
{
    Fixture f;
    QCOMPARE(f.createRun(QStringLiteral("r")), QString());
    QCOMPARE(f.toGate(QStringLiteral("r"), /*awaitingReviewer=*/false), QString());
    Ui::StoreReviewerActions actions(*f.store, QStringLiteral("carol"));
    const qsizetype eventsBefore = f.store->runEvents(QStringLiteral("r"))->size();

    QVERIFY(actions.whyNotApprove({}, {}).contains(QStringLiteral("Select a phase")));
    QCOMPARE(actions.whyNotApprove(QStringLiteral("r"), QStringLiteral("P1.2")),
        QStringLiteral("Phase P1.2 is QUEUED, not at its gate."));
    QCOMPARE(actions.whyNotApprove(QStringLiteral("r"), QStringLiteral("P1.1")),
        QStringLiteral("Phase P1.1 is at its gate but not waiting for a reviewer."));
    QVERIFY(!actions.whyNotApprove(QStringLiteral("nope"), QStringLiteral("P1.1")).isEmpty());
    const auto refused = actions.approve(QStringLiteral("r"), QStringLiteral("P1.1"), {});
    QVERIFY(!refused.has_value());
    QVERIFY(refused.error().contains(QStringLiteral("not waiting for a reviewer")));
    QVERIFY(!actions.reject(QStringLiteral("r"), QStringLiteral("P1.2"), QStringLiteral("x")).has_value());
    QVERIFY(actions.whyNotRequestAudit(QStringLiteral("r"), QStringLiteral("P1.2")).contains(QStringLiteral("QUEUED")));
    QCOMPARE(f.store->runEvents(QStringLiteral("r"))->size(), eventsBefore);
    QCOMPARE(toString(f.store->phase(QStringLiteral("r"), QStringLiteral("P1.1"))->state), toString(PhaseState::Gate));
}

void TestStoreReviewerActions::cancelEndsTheRunAndItsPhases()
{
    Fixture f;
    QCOMPARE(f.createRun(QStringLiteral("r")), QString());
    QCOMPARE(f.toGate(QStringLiteral("r")), QString());
    Ui::StoreReviewerActions actions(*f.store, QStringLiteral("dave"));
    QCOMPARE(actions.whyNotCancelRun(QStringLiteral("r")), QString());
    QVERIFY(actions.cancelRun(QStringLiteral("r"), QStringLiteral("wrong plan")).has_value());
    const auto run = f.store->run(QStringLiteral("r"));
    QCOMPARE(toString(run->state), toString(RunState::DoneFailedCancelled));
    QVERIFY(run->failureReason.contains(QStringLiteral("wrong plan")));
    const auto phases = f.store->phases(QStringLiteral("r"));
    QCOMPARE(toString(phases->at(0).state), toString(PhaseState::Failed)); // was at its gate
    for (int i = 1; i < phases->size(); ++i)
        QCOMPARE(toString(phases->at(i).state), toString(PhaseState::Skipped));
    QVERIFY(actions.whyNotCancelRun(QStringLiteral("r")).contains(QStringLiteral("already ended")));
    QVERIFY(!actions.cancelRun(QStringLiteral("r"), {}).has_value());
}

void TestStoreReviewerActions::requestAuditIsRecorded()
{
    Fixture f;
    QCOMPARE(f.createRun(QStringLiteral("r")), QString());
    QCOMPARE(f.toGate(QStringLiteral("r")), QString());
    Ui::StoreReviewerActions actions(*f.store, QStringLiteral("erin"));
    QVERIFY(actions.requestAudit(QStringLiteral("r"), QStringLiteral("P1.1"), QStringLiteral("error handling"))
                .has_value());
    const Event last = f.store->runEvents(QStringLiteral("r"))->last();
    QCOMPARE(last.entityId, QStringLiteral("P1.1"));
    QCOMPARE(toString(last.actor), toString(Actor::Reviewer));
    QVERIFY(last.reason.contains(QStringLiteral("error handling")));
}

void TestStoreReviewerActions::resolveIssue()
{
    Fixture f;
    QCOMPARE(f.createRun(QStringLiteral("r")), QString());
    QCOMPARE(f.toGate(QStringLiteral("r")), QString());
    Issue issue;
    issue.runId = QStringLiteral("r");
    issue.tierId = QStringLiteral("T1");
    issue.phaseId = QStringLiteral("P1.1");
    issue.issueKey = QStringLiteral("flaky_test:checkout");
    issue.source = QStringLiteral("ci");
    issue.category = QStringLiteral("flaky_test");
    const auto recorded = f.store->recordIssue(issue);
    QVERIFY2(recorded.has_value(), recorded ? "" : qPrintable(recorded.error().message));
    Ui::StoreReviewerActions actions(*f.store, QStringLiteral("frank"));
    QVERIFY(actions.whyNotResolveIssue(f.projectId, QStringLiteral("other"))
                .contains(QStringLiteral("not in the backlog")));
    QCOMPARE(actions.whyNotResolveIssue(f.projectId, issue.issueKey), QString());
    QVERIFY(actions.resolveIssue(f.projectId, issue.issueKey).has_value());
    QCOMPARE(f.store->backlog(f.projectId)->first().status, QStringLiteral("resolved"));
    QVERIFY(actions.whyNotResolveIssue(f.projectId, issue.issueKey).contains(QStringLiteral("already resolved")));
}

QTEST_MAIN(TestStoreReviewerActions)
#include "tst_storerevieweractions.moc"
