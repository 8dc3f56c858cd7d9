// ReviewerActionsFlow: the review panel's actions over the window's ReviewerActions
// (here the Supervisor-backed ones): approval bound to the candidate, a rejection whose
// reason reaches the builder, promotion refused with the reason.

#include "revieweractionsflow.h"
#include "reviewfixture.h"
#include "supervisorrevieweractions.h"

#include <QTest>

using namespace Autopack;
using namespace Autopack::Ui;
using namespace Autopack::ReviewTest;

class TestReviewerActionsFlow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rejectCarriesTheReasonAndApproveTheCandidate()
    {
        SupervisedFixture f;
        QVERIFY2(f.error.isEmpty(), qPrintable(f.error));
        SupervisorReviewerActions actions(*f.supervisor, *f.store, "alice");
        ReviewerActionsFlow flow(actions);
        const QString first = phase(f, "p1").candidateCommit;
        QVERIFY(flow.reject("run-1", "p1", "p1.txt:1: why\n@@ -0,0 +1 @@\n+p1", { { "p1.txt", 1, "why" } }));
        auto work = f.supervisor->claimWork("builder", "agent-1");
        QVERIFY(work && work->has_value());
        QCOMPARE((*work)->rejections.last().reason, QStringLiteral("p1.txt:1: why\n@@ -0,0 +1 @@\n+p1"));
        const QJsonObject payload { { "patch_content", newFilePatch("p1.txt", { "p1 again" }) }, { "tokens_used", 10 },
            { "status", "success" }, { "suggested_issues", QJsonArray() }, { "notes", "" } };
        QVERIFY(f.supervisor->builderResult("run-1", "p1", payload, "agent-1"));
        auto stale = flow.approve("run-1", "p1", first);
        QVERIFY(!stale);
        QVERIFY2(!stale.error().isEmpty(), "a refusal says why");
        QCOMPARE(toString(phase(f, "p1").state), toString(PhaseState::Gate));
        QVERIFY(flow.approve("run-1", "p1", phase(f, "p1").candidateCommit));
        QVERIFY(phase(f, "p1").state != PhaseState::Gate);
    }

    void promotionIsRefusedSayingWhy()
    {
        SupervisedFixture f;
        QVERIFY2(f.error.isEmpty(), qPrintable(f.error));
        SupervisorReviewerActions actions(*f.supervisor, *f.store, "alice");
        ReviewerActionsFlow flow(actions);
        auto promoted = flow.promote("run-1");
        QVERIFY(!promoted);
        QVERIFY2(promoted.error().contains("run-1"), qPrintable(promoted.error()));
    }
};

QTEST_GUILESS_MAIN(TestReviewerActionsFlow)
#include "tst_revieweractionsflow.moc"
