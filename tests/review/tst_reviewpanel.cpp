// ReviewPanel over a real Supervisor, Store and repository: diffs arrive from a worker
// thread (a stale request dropped), line comments become the rejection the builder
// gets on its next claim and reappear on the new attempt, a stale approval shows the
// new attempt, findings are marked at their lines, and promotion needs every file viewed.

#include "difffilelistmodel.h"
#include "diffpane.h"
#include "diffview.h"
#include "promotiondialog.h"
#include "reviewfixture.h"
#include "reviewpanel.h"
#include "supervisorreviewflowactions.h"

#include <QComboBox>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QTest>

using namespace Autopack;
using namespace Autopack::Ui;
using namespace Autopack::ReviewTest;

namespace {

// The diff row showing new-side line `line` of `path`, or -1.
int rowOf(const ReviewPanel &panel, const QString &path, int line)
{
    const DiffUi::DiffPane *pane = panel.diffView()->pane();
    for (int r = 0; r < pane->model().rowCount(); ++r) {
        const auto &row = pane->model().row(r);
        if (row.kind == DiffUi::DiffRow::Kind::Line && pane->model().files().at(row.file).path() == path
            && pane->newLineAt(r) == line)
            return r;
    }
    return -1;
}

bool show(ReviewPanel &panel, const QString &phaseId)
{
    QSignalSpy shown(&panel, &ReviewPanel::diffShown);
    if (phaseId.isEmpty())
        panel.showRun("run-1");
    else
        panel.showPhase("run-1", phaseId);
    return shown.wait(10000);
}

} // namespace

class TestReviewPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void diffArrivesFromAWorkerAndStaleRequestsAreDropped()
    {
        SupervisedFixture f;
        QVERIFY2(f.error.isEmpty(), qPrintable(f.error));
        SupervisorReviewFlowActions actions(*f.supervisor, "alice");
        ReviewPanel panel(*f.store, &actions);
        QSignalSpy shown(&panel, &ReviewPanel::diffShown);
        panel.showPhase("run-1", "p1");
        // Nothing is on screen until the event loop delivers the worker's result.
        QVERIFY(panel.isLoading());
        QVERIFY(!panel.approveButton()->isEnabled());
        QVERIFY(panel.shownDiff().files.isEmpty());
        panel.showSource(1); // the latest commit alone, asked before the first arrived
        QVERIFY(shown.wait(10000));
        QTest::qWait(200);
        QCOMPARE(shown.size(), 1);
        QCOMPARE(panel.shownSource().kind, ReviewSource::Kind::PhaseLatestCommit);
        QCOMPARE(panel.sourceBox()->currentIndex(), 1);
        QCOMPARE(panel.shownDiff().newRevision, phase(f, "p1").candidateCommit);
        QCOMPARE(panel.diffView()->fileModel()->rowCount(), 1);
        QVERIFY(panel.approveButton()->isEnabled());
        // The run's branch is offered last.
        QCOMPARE(panel.sources().last().kind, ReviewSource::Kind::RunBranch);
    }

    void commentsBecomeTheRejectionDeliveredOnClaim()
    {
        SupervisedFixture f;
        QVERIFY2(f.error.isEmpty(), qPrintable(f.error));
        SupervisorReviewFlowActions actions(*f.supervisor, "alice");
        ReviewPanel panel(*f.store, &actions);
        QVERIFY(show(panel, "p1"));
        QVERIFY(!panel.addComment(0, "a file header is no line"));
        QVERIFY(!panel.messageLabel()->text().isEmpty());
        const int row = rowOf(panel, "p1.txt", 1);
        QVERIFY(row >= 0);
        QVERIFY(!panel.addComment(row, "   "));
        QVERIFY(panel.addComment(row, "say why p1"));
        QCOMPARE(panel.commentList()->count(), 1);
        QCOMPARE(panel.diffView()->pane()->markersAt(row).size(), 1);
        QVERIFY(panel.reject("Please explain."));
        QVERIFY(phase(f, "p1").state != PhaseState::Gate); // back to the builder
        QVERIFY(panel.comments().isEmpty());

        auto work = f.supervisor->claimWork("builder", "agent-1");
        QVERIFY(work && work->has_value());
        const auto &rejections = (*work)->rejections;
        QCOMPARE(rejections.size(), 1);
        const Review &r = rejections.first();
        QVERIFY2(
            r.reason.startsWith("Please explain.\n\np1.txt:1: say why p1\n@@ -0,0 +1 @@\n+p1"), qPrintable(r.reason));
        QCOMPARE(r.comments.size(), 1);
        QCOMPARE(r.comments.first().path, QStringLiteral("p1.txt"));
        QCOMPARE(r.comments.first().line, 1);
        QVERIFY(r.comments.first().text.startsWith("say why p1\n@@ -0,0 +1 @@"));
        QCOMPARE(r.reviewer, QStringLiteral("alice"));

        // The new attempt keeps line 1 and adds one: the earlier comment is shown there.
        const QJsonObject payload { { "patch_content", newFilePatch("p1.txt", { "p1", "because" }) },
            { "tokens_used", 10 }, { "status", "success" }, { "suggested_issues", QJsonArray() }, { "notes", "" } };
        QVERIFY(f.supervisor->builderResult("run-1", "p1", payload, "agent-1"));
        QVERIFY(show(panel, "p1"));
        QCOMPARE(panel.earlierComments().size(), 1);
        QCOMPARE(panel.earlierComments().first().line, 1);
        QCOMPARE(panel.earlierComments().first().text, QStringLiteral("say why p1"));
        const auto markers = panel.diffView()->pane()->markersAt(rowOf(panel, "p1.txt", 1));
        QCOMPARE(markers.size(), 1);
        QVERIFY(markers.first().text.contains("say why p1"));
        QVERIFY(panel.diffView()->pane()->markersAt(rowOf(panel, "p1.txt", 2)).isEmpty());

        // Rejecting with neither summary nor comment is refused before the Supervisor.
        QVERIFY(!panel.reject("  "));
        QVERIFY(panel.messageLabel()->text().contains("summary"));
        QCOMPARE(toString(phase(f, "p1").state), toString(PhaseState::Gate));
    }

    void staleApprovalShowsTheNewAttempt()
    {
        SupervisedFixture f;
        QVERIFY2(f.error.isEmpty(), qPrintable(f.error));
        SupervisorReviewFlowActions actions(*f.supervisor, "alice");
        ReviewPanel panel(*f.store, &actions);
        QVERIFY(show(panel, "p1"));
        const QString seen = panel.shownSource().candidateCommit;
        // Meanwhile someone else rejects, and the builder sends attempt 2.
        QVERIFY(f.supervisor->reject("run-1", "p1", "not like this", {}, "bob"));
        QString error;
        QVERIFY2(submit(f, "p1", newFilePatch("p1.txt", { "p1 v2" }), &error), qPrintable(error));
        const QString newer = phase(f, "p1").candidateCommit;
        QVERIFY(newer != seen);

        QSignalSpy shown(&panel, &ReviewPanel::diffShown);
        QVERIFY(!panel.approve());
        QVERIFY2(panel.messageLabel()->text().contains("newer attempt")
                && panel.messageLabel()->text().contains(newer.left(10)),
            qPrintable(panel.messageLabel()->text()));
        QCOMPARE(toString(phase(f, "p1").state), toString(PhaseState::Gate));
        QVERIFY(shown.wait(10000));
        QCOMPARE(panel.shownSource().candidateCommit, newer);
        QCOMPARE(panel.shownDiff().newRevision, newer);
        QCOMPARE(panel.shownDiff().files.first().hunks.first().lines.first().text, QStringLiteral("p1 v2"));
        QVERIFY(panel.approveButton()->isEnabled());
        QVERIFY(panel.approve());
        QVERIFY(phase(f, "p1").state != PhaseState::Gate);
        // Decided: nothing left to approve or reject here.
        QVERIFY(!panel.approveButton()->isEnabled());
        QVERIFY(!panel.rejectButton()->isEnabled());
    }

    void findingsMarkedAtTheirLines()
    {
        SupervisedFixture f;
        QVERIFY2(f.error.isEmpty(), qPrintable(f.error));
        Issue issue;
        issue.runId = "run-1";
        issue.tierId = "t1";
        issue.phaseId = "p1";
        issue.issueKey = "unchecked-input";
        issue.severity = issue.effectiveSeverity = Severity::Major;
        issue.source = "auditor";
        issue.category = "safety";
        issue.description = "p1 is read without a check";
        issue.evidenceRefs = { "p1.txt:1", "tests/test_p1.py::test_read" };
        auto recorded = f.store->recordIssue(issue);
        QVERIFY2(recorded, qPrintable(recorded ? QString() : recorded.error().message));
        Review note;
        note.runId = "run-1";
        note.phaseId = "p1";
        note.candidateCommit = phase(f, "p1").candidateCommit;
        note.decision = "comment";
        note.reviewer = "auditor";
        note.reason = "recommendation: revise; confidence 0.7";
        QVERIFY(f.store->addReview(note));

        ReviewPanel panel(*f.store, nullptr);
        QVERIFY(show(panel, "p1"));
        QStringList findings;
        for (int i = 0; i < panel.findingsList()->count(); ++i)
            findings << panel.findingsList()->item(i)->text();
        QVERIFY2(findings.join('\n').contains("confidence 0.7"), qPrintable(findings.join('\n')));
        QVERIFY2(findings.join('\n').contains("unchecked-input"), qPrintable(findings.join('\n')));
        const int row = rowOf(panel, "p1.txt", 1);
        QVERIFY(row >= 0);
        const auto markers = panel.diffView()->pane()->markersAt(row);
        QCOMPARE(markers.size(), 1);
        QVERIFY2(markers.first().text.contains("major", Qt::CaseInsensitive)
                && markers.first().text.contains("unchecked-input"),
            qPrintable(markers.first().text));
        for (int r = 0; r < panel.diffView()->pane()->model().rowCount(); ++r) {
            if (r != row)
                QVERIFY(panel.diffView()->pane()->markersAt(r).isEmpty());
        }
        // Side by side, the marker is on the row whose right side shows the line.
        panel.diffView()->setMode(DiffUi::DiffMode::SideBySide);
        const int sideRow = rowOf(panel, "p1.txt", 1);
        QVERIFY(sideRow >= 0);
        QCOMPARE(panel.diffView()->pane()->markersAt(sideRow).size(), 1);
        // Without actions the panel is read-only.
        QVERIFY(!panel.approveButton()->isEnabled());
        QVERIFY(!panel.approve());
    }

    void followReloadsOnlyWhatChanged()
    {
        SupervisedFixture f;
        QVERIFY2(f.error.isEmpty(), qPrintable(f.error));
        ReviewPanel panel(*f.store, nullptr);
        QSignalSpy shown(&panel, &ReviewPanel::diffShown);
        panel.follow("run-1", "p1");
        QVERIFY(shown.wait(10000));
        panel.follow("run-1", "p1"); // same candidate: the reviewer keeps their place
        QVERIFY(!panel.isLoading());
        QVERIFY(f.supervisor->reject("run-1", "p1", "again", {}, "bob"));
        QString error;
        QVERIFY2(submit(f, "p1", newFilePatch("p1.txt", { "p1 v2" }), &error), qPrintable(error));
        panel.follow("run-1", "p1");
        QVERIFY(panel.isLoading());
        QVERIFY(shown.wait(10000));
        QCOMPARE(panel.shownDiff().newRevision, phase(f, "p1").candidateCommit);
        panel.follow("run-1", QString()); // a run selected: its branch
        QVERIFY(shown.wait(10000));
        QCOMPARE(panel.shownSource().kind, ReviewSource::Kind::RunBranch);
    }

    void promotionNeedsEveryFileViewed()
    {
        SupervisedFixture f;
        QVERIFY2(f.error.isEmpty(), qPrintable(f.error));
        const QString finished = finishRun(f);
        QVERIFY2(finished.isEmpty(), qPrintable(finished));
        SupervisorReviewFlowActions actions(*f.supervisor, "alice");
        ReviewPanel panel(*f.store, &actions);
        QVERIFY(show(panel, QString()));
        QCOMPARE(panel.shownSource().kind, ReviewSource::Kind::RunBranch);
        QCOMPARE(panel.shownDiff().files.size(), 2);
        auto *dialog = panel.openPromotion();
        QVERIFY(dialog);
        QVERIFY(!dialog->everythingHolds());
        QVERIFY(!dialog->promoteButton()->isEnabled());
        delete dialog;
        panel.diffView()->fileModel()->setViewed(0, true);
        dialog = panel.openPromotion();
        QVERIFY(!dialog->promoteButton()->isEnabled());
        delete dialog;
        panel.diffView()->fileModel()->setViewed(1, true);
        dialog = panel.openPromotion();
        QVERIFY(dialog->everythingHolds());
        QVERIFY(dialog->promote());
        QCOMPARE(QString::fromLatin1(git(f.repo, { "rev-parse", "main" })),
            QString::fromLatin1(git(f.repo, { "rev-parse", "autonomous/run-1" })));
        delete dialog;
    }
};

QTEST_MAIN(TestReviewPanel)
#include "tst_reviewpanel.moc"
