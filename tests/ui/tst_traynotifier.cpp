// TrayNotifier: the notification logic behind the tray, driven by a real Store's
// notifier (no OS tray needed): a phase entering GATE waiting for a reviewer, a run
// ending, each announced once, and a click on the message handed back.

#include "mainwindow.h"
#include "runtreemodel.h"
#include "traynotifier.h"
#include "uitestfixture.h"

#include <QStatusBar>
#include <QTreeView>

#include <QSignalSpy>
#include <QSystemTrayIcon>
#include <QTest>

using namespace Autopack;
using namespace Autopack::Ui;

class TestTrayNotifier : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void phaseWaitingForReviewerIsAnnouncedOnce();
    void gateWithoutReviewerIsNotAnnounced();
    void phaseWaitingAgainAfterRejectionIsAnnouncedAgain();
    void alreadyWaitingPhaseIsNotAnnounced();
    void runEndingIsAnnouncedOnce();
    void clickOnMessageActivatesLastNotification();
    void windowSelectsWhatWasClicked();
};

static TrayNotification at(const QSignalSpy &spy, int i)
{
    return spy.at(i).at(0).value<TrayNotification>();
}

void TestTrayNotifier::phaseWaitingForReviewerIsAnnouncedOnce()
{
    UiTest::Fixture f;
    QCOMPARE(f.error, QString());
    QCOMPARE(f.createRun(QStringLiteral("r1")), QString());
    TrayNotifier notifier(f.store->notifier());
    QSignalSpy spy(&notifier, &TrayNotifier::notified);

    QCOMPARE(f.toGate(QStringLiteral("r1"), true), QString());
    QCOMPARE(spy.count(), 1);
    const TrayNotification n = at(spy, 0);
    QCOMPARE(n.kind, TrayNotification::Kind::PhaseAwaitingApproval);
    QCOMPARE(n.runId, QStringLiteral("r1"));
    QCOMPARE(n.phaseId, QStringLiteral("P1.1"));
    const auto phase = f.store->phase(QStringLiteral("r1"), QStringLiteral("P1.1"));
    QVERIFY(phase);
    QCOMPARE(n.phaseRowId, phase->id);
    QVERIFY2(n.title.contains(QStringLiteral("P1.1")), qPrintable(n.title));

    // Another change to the same waiting phase is not news.
    QVERIFY(f.store->addTokens(QStringLiteral("r1"), QStringLiteral("P1.1"), 500));
    QCOMPARE(spy.count(), 1);
}

void TestTrayNotifier::gateWithoutReviewerIsNotAnnounced()
{
    UiTest::Fixture f;
    QCOMPARE(f.error, QString());
    QCOMPARE(f.createRun(QStringLiteral("r1")), QString());
    TrayNotifier notifier(f.store->notifier());
    QSignalSpy spy(&notifier, &TrayNotifier::notified);
    QCOMPARE(f.toGate(QStringLiteral("r1"), false), QString());
    QCOMPARE(spy.count(), 0);
}

void TestTrayNotifier::phaseWaitingAgainAfterRejectionIsAnnouncedAgain()
{
    UiTest::Fixture f;
    QCOMPARE(f.error, QString());
    QCOMPARE(f.createRun(QStringLiteral("r1")), QString());
    TrayNotifier notifier(f.store->notifier());
    QSignalSpy spy(&notifier, &TrayNotifier::notified);
    QCOMPARE(f.toGate(QStringLiteral("r1"), true), QString());
    QCOMPARE(spy.count(), 1);

    // Rejected back to EXECUTING with attempts left, then a new candidate waits again.
    TransitionContext revise;
    revise.builderAttempts = 1;
    revise.maxBuilderAttempts = 3;
    PhaseUpdate cleared;
    cleared.awaitingReviewer = false;
    cleared.builderAttempts = 2;
    const auto rejected = f.store->transitionPhase(QStringLiteral("r1"), QStringLiteral("P1.1"),
        PhaseState::Executing, Actor::Reviewer, QStringLiteral("rejected"), revise, QStringLiteral("rev"), cleared);
    QVERIFY2(rejected, qPrintable(rejected ? QString() : rejected.error().message));
    QCOMPARE(spy.count(), 1);
    TransitionContext applied;
    applied.candidateApplied = true;
    PhaseUpdate candidate;
    candidate.candidateCommit = QStringLiteral("89abcdef0123456789abcdef0123456789abcdef");
    candidate.awaitingReviewer = true;
    const auto again = f.store->transitionPhase(QStringLiteral("r1"), QStringLiteral("P1.1"), PhaseState::Gate,
        Actor::Supervisor, QStringLiteral("candidate 2"), applied, {}, candidate);
    QVERIFY2(again, qPrintable(again ? QString() : again.error().message));
    QCOMPARE(spy.count(), 2);
    QCOMPARE(at(spy, 1).phaseId, QStringLiteral("P1.1"));
}

void TestTrayNotifier::alreadyWaitingPhaseIsNotAnnounced()
{
    UiTest::Fixture f;
    QCOMPARE(f.error, QString());
    QCOMPARE(f.createRun(QStringLiteral("r1")), QString());
    QCOMPARE(f.toGate(QStringLiteral("r1"), true), QString());
    const auto phase = f.store->phase(QStringLiteral("r1"), QStringLiteral("P1.1"));
    QVERIFY(phase);

    TrayNotifier notifier(f.store->notifier());
    notifier.setAlreadyWaiting({ phase->id });
    QSignalSpy spy(&notifier, &TrayNotifier::notified);
    QVERIFY(f.store->addTokens(QStringLiteral("r1"), QStringLiteral("P1.1"), 500));
    QCOMPARE(spy.count(), 0);

    // Without the seed the same update would be taken for a new wait.
    TrayNotifier fresh(f.store->notifier());
    QSignalSpy freshSpy(&fresh, &TrayNotifier::notified);
    QVERIFY(f.store->addTokens(QStringLiteral("r1"), QStringLiteral("P1.1"), 500));
    QCOMPARE(freshSpy.count(), 1);
    QCOMPARE(spy.count(), 0);
}

void TestTrayNotifier::runEndingIsAnnouncedOnce()
{
    UiTest::Fixture f;
    QCOMPARE(f.error, QString());
    QCOMPARE(f.createRun(QStringLiteral("r1")), QString());
    TrayNotifier notifier(f.store->notifier());
    QSignalSpy spy(&notifier, &TrayNotifier::notified);

    QVERIFY(f.store->transitionRun(QStringLiteral("r1"), RunState::PhaseQueueing, Actor::Supervisor,
        QStringLiteral("queued")));
    QCOMPARE(spy.count(), 0); // not an end

    TransitionContext cancel;
    cancel.reason = QStringLiteral("stopped by the reviewer for the test");
    cancel.runEnding = true;
    const auto ended = f.store->transitionRun(QStringLiteral("r1"), RunState::DoneFailedCancelled, Actor::Reviewer,
        QStringLiteral("stopped by the reviewer for the test"), cancel, QStringLiteral("rev"));
    QVERIFY2(ended, qPrintable(ended ? QString() : ended.error().message));

    QList<TrayNotification> runEnds;
    for (int i = 0; i < spy.count(); ++i)
        if (at(spy, i).kind == TrayNotification::Kind::RunEnded)
            runEnds << at(spy, i);
    QCOMPARE(runEnds.size(), 1);
    QCOMPARE(runEnds[0].runId, QStringLiteral("r1"));
    QCOMPARE(runEnds[0].runRowId, ended->id);
    QVERIFY2(runEnds[0].title.contains(QStringLiteral("DONE_FAILED_CANCELLED")), qPrintable(runEnds[0].title));
    QVERIFY(runEnds[0].phaseId.isEmpty());
}

void TestTrayNotifier::clickOnMessageActivatesLastNotification()
{
    UiTest::Fixture f;
    QCOMPARE(f.error, QString());
    QCOMPARE(f.createRun(QStringLiteral("r1")), QString());
    TrayNotifier notifier(f.store->notifier());
    QSystemTrayIcon tray;
    notifier.attachTray(&tray);
    QSignalSpy activated(&notifier, &TrayNotifier::activated);
    QCOMPARE(f.toGate(QStringLiteral("r1"), true), QString());
    Q_EMIT tray.messageClicked();
    QCOMPARE(activated.count(), 1);
    const auto n = activated.at(0).at(0).value<TrayNotification>();
    QCOMPARE(n.phaseId, QStringLiteral("P1.1"));
    QCOMPARE(n.kind, TrayNotification::Kind::PhaseAwaitingApproval);
}

// The window's notifier: gates waiting at start are not announced, a new one is (in
// the status bar too, where there is no tray), and activating a notification selects
// its phase, or its run, in the tree.
void TestTrayNotifier::windowSelectsWhatWasClicked()
{
    UiTest::Fixture f;
    QCOMPARE(f.error, QString());
    QCOMPARE(f.createRun(QStringLiteral("r1")), QString());
    QCOMPARE(f.createRun(QStringLiteral("r2")), QString());
    QCOMPARE(f.toGate(QStringLiteral("r1"), true), QString());
    Ui::MainWindow window;
    QVERIFY(window.setStore(*f.store, nullptr));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.trayNotifier());
    QSignalSpy notified(window.trayNotifier(), &TrayNotifier::notified);
    QVERIFY(f.store->addTokens(QStringLiteral("r1"), QStringLiteral("P1.1"), 10));
    QCOMPARE(notified.count(), 0); // already waiting when the window opened

    QCOMPARE(f.toGate(QStringLiteral("r2"), true), QString());
    QCOMPARE(notified.count(), 1);
    const TrayNotification gate = at(notified, 0);
    QCOMPARE(gate.runId, QStringLiteral("r2"));
    QCOMPARE(window.statusBar()->currentMessage(), gate.title);
    Q_EMIT window.trayNotifier()->activated(gate);
    QCOMPARE(window.runTree()->currentIndex().data(RunTreeModel::RowIdRole).toLongLong(), gate.phaseRowId);

    TransitionContext cancel;
    cancel.reason = QStringLiteral("test");
    cancel.runEnding = true;
    QVERIFY(f.store->transitionRun(
        QStringLiteral("r1"), RunState::DoneFailedCancelled, Actor::Reviewer, QStringLiteral("test"), cancel));
    QTRY_VERIFY(notified.count() >= 2);
    const TrayNotification ended = at(notified, notified.count() - 1);
    QCOMPARE(ended.kind, TrayNotification::Kind::RunEnded);
    Q_EMIT window.trayNotifier()->activated(ended);
    QCOMPARE(window.runTree()->currentIndex().data(RunTreeModel::RunIdRole).toString(), QStringLiteral("r1"));
    QCOMPARE(window.runTree()->currentIndex().data(RunTreeModel::NodeKindRole).toInt(),
        int(RunTreeModel::NodeKind::Run));
}

QTEST_MAIN(TestTrayNotifier)
#include "tst_traynotifier.moc"
