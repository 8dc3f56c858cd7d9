// SupervisorReviewFlowActions: structured line comments reach the store and the
// builder, bad comments and unfinished runs are refused naming what was wrong, and a
// Supervisor on another thread is called there.

#include "reviewfixture.h"
#include "supervisorreviewflowactions.h"

#include <QTest>
#include <QThread>

using namespace Autopack;
using namespace Autopack::Ui;
using namespace Autopack::ReviewTest;

class TestSupervisorReviewFlowActions : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void commentsAndRefusals()
    {
        SupervisedFixture f;
        QVERIFY2(f.error.isEmpty(), qPrintable(f.error));
        SupervisorReviewFlowActions actions(*f.supervisor, "alice");
        auto blank = actions.reject("run-1", "p1", "reason", { { "p1.txt", 1, "  " } });
        QVERIFY(!blank);
        QVERIFY2(blank.error().contains("line comment"), qPrintable(blank.error()));
        QCOMPARE(toString(phase(f, "p1").state), toString(PhaseState::Gate)); // nothing changed
        auto early = actions.promote("run-1");
        QVERIFY(!early);
        QVERIFY2(early.error().contains("DONE_SUCCESS"), qPrintable(early.error()));

        QVERIFY(actions.reject("run-1", "p1", "see comments", { { "p1.txt", 1, "why p1?" } }));
        auto reviews = f.store->reviews("run-1", "p1");
        QVERIFY(reviews);
        QCOMPARE(reviews->last().reviewer, QStringLiteral("alice"));
        QCOMPARE(reviews->last().comments.size(), 1);
        QCOMPARE(reviews->last().comments.first().text, QStringLiteral("why p1?"));
    }

    void supervisorOnAnotherThread()
    {
        SupervisedFixture f;
        QVERIFY2(f.error.isEmpty(), qPrintable(f.error));
        QThread *main = QThread::currentThread();
        QThread engine;
        f.supervisor->moveToThread(&engine);
        engine.start();
        SupervisorReviewFlowActions actions(*f.supervisor, "alice");
        // A rejection starts no CI, so nothing outlives the call on the engine thread.
        auto rejected = actions.reject("run-1", "p1", "not this way", {});
        const bool ok = bool(rejected);
        // Back to this thread before the fixture destroys it.
        QMetaObject::invokeMethod(
            f.supervisor.get(), [&] { f.supervisor->moveToThread(main); }, Qt::BlockingQueuedConnection);
        engine.quit();
        engine.wait();
        QVERIFY2(ok, qPrintable(ok ? QString() : rejected.error()));
        QVERIFY(phase(f, "p1").state != PhaseState::Gate);
    }
};

QTEST_GUILESS_MAIN(TestSupervisorReviewFlowActions)
#include "tst_supervisorreviewflowactions.moc"
