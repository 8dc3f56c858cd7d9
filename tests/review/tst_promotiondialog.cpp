// PromotionDialog over a real Supervisor, Store and repository: each condition's state,
// Promote enabled only when all hold, fast-forward and merge shown and done, a conflict
// listing its path, and a base that moved while the dialog was open.

#include "promotiondialog.h"
#include "reviewfixture.h"
#include "supervisorreviewflowactions.h"

#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QTest>

using namespace Autopack;
using namespace Autopack::Ui;
using namespace Autopack::ReviewTest;

namespace {

PromotionDialog::Condition condition(const PromotionDialog &d, const QString &name)
{
    for (const auto &c : d.conditions()) {
        if (c.name == name)
            return c;
    }
    return { QStringLiteral("missing"), false, {} };
}

QString fsck(const QString &repo) { return QString::fromUtf8(git(repo, { "fsck", "--strict" })); }

} // namespace

class TestPromotionDialog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void unfinishedRunIsNotPromoted()
    {
        SupervisedFixture f;
        QVERIFY2(f.error.isEmpty(), qPrintable(f.error));
        SupervisorReviewFlowActions actions(*f.supervisor, "alice");
        PromotionDialog d(*f.store, actions, "run-1");
        QVERIFY(!condition(d, "run_state").holds);
        QVERIFY2(condition(d, "run_state").detail.contains("GATE") || condition(d, "run_state").detail.contains("RUN"),
            qPrintable(condition(d, "run_state").detail));
        QVERIFY(condition(d, "tiers_clean").holds);
        QVERIFY(condition(d, "budgets").holds);
        QVERIFY(!condition(d, "files_viewed").holds);
        QVERIFY(condition(d, "files_viewed").detail.contains("not been opened"));
        QCOMPARE(d.conditionList()->count(), d.conditions().size());
        QVERIFY(!d.promoteButton()->isEnabled());
        const QString before = QString::fromLatin1(git(f.repo, { "rev-parse", "main" }));
        QVERIFY(!d.promote());
        QCOMPARE(QString::fromLatin1(git(f.repo, { "rev-parse", "main" })), before);
    }

    void fastForwardOnlyOnceEveryFileIsViewed()
    {
        SupervisedFixture f;
        QVERIFY2(f.error.isEmpty(), qPrintable(f.error));
        const QString finished = finishRun(f);
        QVERIFY2(finished.isEmpty(), qPrintable(finished));
        SupervisorReviewFlowActions actions(*f.supervisor, "alice");
        PromotionDialog d(*f.store, actions, "run-1");
        QVERIFY(condition(d, "run_state").holds);
        QCOMPARE(d.mergeKind(), QStringLiteral("fast_forward"));
        d.setViewedFiles(1, 2);
        QVERIFY(!condition(d, "files_viewed").holds);
        QCOMPARE(condition(d, "files_viewed").detail, QStringLiteral("1 of 2 files viewed"));
        QVERIFY(!d.promoteButton()->isEnabled());
        QVERIFY(!d.promote());
        d.setViewedFiles(2, 2);
        QVERIFY(d.everythingHolds());
        QVERIFY(d.promoteButton()->isEnabled());

        QSignalSpy promoted(&d, &PromotionDialog::promoted);
        d.promoteButton()->click();
        QCOMPARE(promoted.size(), 1);
        const QString tip = QString::fromLatin1(git(f.repo, { "rev-parse", "main" }));
        QCOMPARE(d.newBaseTip(), tip);
        QCOMPARE(tip, QString::fromLatin1(git(f.repo, { "rev-parse", "autonomous/run-1" })));
        QVERIFY2(d.messageLabel()->text().contains("fast_forward") && d.messageLabel()->text().contains(tip),
            qPrintable(d.messageLabel()->text()));
        QVERIFY(!d.promoteButton()->isEnabled());
        QVERIFY(fsck(f.repo).isEmpty());
    }

    void baseMovedBeforeShowsMerge()
    {
        SupervisedFixture f;
        QVERIFY2(f.error.isEmpty(), qPrintable(f.error));
        QVERIFY2(finishRun(f).isEmpty(), "run-1 did not finish");
        const QString moved = commitOnMain(f, "other.txt", "other\n");
        QVERIFY(!moved.isEmpty());
        SupervisorReviewFlowActions actions(*f.supervisor, "alice");
        PromotionDialog d(*f.store, actions, "run-1");
        d.setViewedFiles(2, 2);
        QCOMPARE(d.mergeKind(), QStringLiteral("merge_commit"));
        QCOMPARE(d.baseTip(), moved);
        QVERIFY(d.promote());
        QVERIFY2(d.messageLabel()->text().contains("merge_commit"), qPrintable(d.messageLabel()->text()));
        const QString parents = QString::fromLatin1(git(f.repo, { "rev-list", "--parents", "-n", "1", "main" }));
        QCOMPARE(parents.split(u' ').size(), 3); // the merge and its two parents
        QVERIFY(parents.contains(moved));
        QVERIFY(fsck(f.repo).isEmpty());
    }

    void conflictListsThePath()
    {
        SupervisedFixture f;
        QVERIFY2(f.error.isEmpty(), qPrintable(f.error));
        QVERIFY2(finishRun(f).isEmpty(), "run-1 did not finish");
        const QString moved = commitOnMain(f, "p1.txt", "something else\n");
        SupervisorReviewFlowActions actions(*f.supervisor, "alice");
        PromotionDialog d(*f.store, actions, "run-1");
        d.setViewedFiles(2, 2);
        QCOMPARE(d.mergeKind(), QStringLiteral("merge_commit"));
        QVERIFY(!d.promote());
        QVERIFY2(d.messageLabel()->text().contains("p1.txt"), qPrintable(d.messageLabel()->text()));
        QVERIFY(!d.promoteButton()->isEnabled());
        QCOMPARE(QString::fromLatin1(git(f.repo, { "rev-parse", "main" })), moved); // base untouched
    }

    void baseMovingWhileOpenIsNotPromoted()
    {
        SupervisedFixture f;
        QVERIFY2(f.error.isEmpty(), qPrintable(f.error));
        QVERIFY2(finishRun(f).isEmpty(), "run-1 did not finish");
        SupervisorReviewFlowActions actions(*f.supervisor, "alice");
        PromotionDialog d(*f.store, actions, "run-1");
        d.setViewedFiles(2, 2);
        QCOMPARE(d.mergeKind(), QStringLiteral("fast_forward"));
        const QString seen = d.baseTip();
        const QString moved = commitOnMain(f, "other.txt", "other\n");
        QVERIFY(!d.promote());
        QVERIFY2(d.messageLabel()->text().contains("moved") && d.messageLabel()->text().contains(seen.left(10))
                && d.messageLabel()->text().contains(moved.left(10)),
            qPrintable(d.messageLabel()->text()));
        QCOMPARE(QString::fromLatin1(git(f.repo, { "rev-parse", "main" })), moved);
        // What is shown now is a merge; promoting again is what the reviewer now sees.
        QCOMPARE(d.mergeKind(), QStringLiteral("merge_commit"));
        QVERIFY(d.promote());
        QVERIFY(fsck(f.repo).isEmpty());
    }
};

QTEST_MAIN(TestPromotionDialog)
#include "tst_promotiondialog.moc"
