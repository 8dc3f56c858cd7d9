// The window's reviewer actions carried out by the real Supervisor (real Store, real
// git repository, real CI command): approve and reject by clicking the toolbar
// buttons and the reason dialog, as a reviewer does in the app.

#include "mainwindow.h"
#include "rejectdialog.h"
#include "runtreemodel.h"
#include "supervisedfixture.h"
#include "supervisorrevieweractions.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QTreeView>

using namespace Autopack;
using namespace Autopack::UiTest;

namespace {

QToolButton *buttonFor(Ui::MainWindow &window, QAction *action)
{
    for (QToolBar *bar : window.findChildren<QToolBar *>()) {
        if (auto *button = qobject_cast<QToolButton *>(bar->widgetForAction(action)))
            return button;
    }
    return nullptr;
}

} // namespace

class TestSupervisorReviewerActions : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void approveRunsCiAndCompletesThePhase();
    void rejectSendsThePhaseBackWithTheReason();
    void staleCandidateIsRefused();
};

void TestSupervisorReviewerActions::approveRunsCiAndCompletesThePhase()
{
    SupervisedFixture f;
    QCOMPARE(f.error, QString());
    Ui::SupervisorReviewerActions actions(*f.supervisor, *f.store, QStringLiteral("alice"));
    Ui::MainWindow window;
    QVERIFY(window.setStore(*f.store, &actions).has_value());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.selectPhase(f.store->phase(QStringLiteral("run-1"), QStringLiteral("p1"))->id));
    QToolButton *approve = buttonFor(window, window.approveAction());
    QVERIFY(approve && approve->isEnabled());

    QSignalSpy ci(f.supervisor.get(), &Engine::Supervisor::ciFinished);
    QTest::mouseClick(approve, Qt::LeftButton);
    QVERIFY(ci.wait(30000));
    QCOMPARE(ci.first().at(2).toString(), QStringLiteral("green"));
    QCOMPARE(
        toString(f.store->phase(QStringLiteral("run-1"), QStringLiteral("p1"))->state), toString(PhaseState::Complete));
    const auto reviews = f.store->reviews(QStringLiteral("run-1"), QStringLiteral("p1"));
    QCOMPARE(reviews->size(), 1);
    QCOMPARE(reviews->first().reviewer, QStringLiteral("alice"));
    // The integration branch moved to the approved candidate, and the repository is sound.
    QCOMPARE(git(f.repo, { "show", "autonomous/run-1:p1.txt" }), QByteArray("p1"));
    QCOMPARE(git(f.repo, { "fsck", "--no-progress" }), QByteArray());
    // The tree row followed live, still selected; approving again is not offered.
    QTRY_COMPARE(
        window.runTree()->currentIndex().data(RunTreeModel::StateNameRole).toString(), QStringLiteral("COMPLETE"));
    QTRY_VERIFY(!approve->isEnabled());
    QVERIFY(!window.findChild<QWidget *>(QStringLiteral("refusalBox")));
}

void TestSupervisorReviewerActions::rejectSendsThePhaseBackWithTheReason()
{
    SupervisedFixture f;
    QCOMPARE(f.error, QString());
    Ui::SupervisorReviewerActions actions(*f.supervisor, *f.store, QStringLiteral("bob"));
    Ui::MainWindow window;
    QVERIFY(window.setStore(*f.store, &actions).has_value());
    window.show();
    QVERIFY(window.selectPhase(f.store->phase(QStringLiteral("run-1"), QStringLiteral("p1"))->id));
    QToolButton *reject = buttonFor(window, window.rejectAction());
    QVERIFY(reject && reject->isEnabled());

    bool okDisabledFirst = false;
    QTimer::singleShot(0, [&] {
        auto *dialog = qobject_cast<Ui::RejectDialog *>(QApplication::activeModalWidget());
        QVERIFY(dialog);
        QPushButton *ok = dialog->buttons()->button(QDialogButtonBox::Ok);
        okDisabledFirst = !ok->isEnabled();
        QTest::keyClicks(dialog->reasonEdit(), QStringLiteral("migration drops a column"));
        QTest::mouseClick(ok, Qt::LeftButton);
    });
    QTest::mouseClick(reject, Qt::LeftButton);
    QVERIFY(okDisabledFirst);

    const auto phase = f.store->phase(QStringLiteral("run-1"), QStringLiteral("p1"));
    QVERIFY2(phase->state != PhaseState::Gate, qPrintable(toString(phase->state)));
    QVERIFY(!phase->awaitingReviewer);
    const auto reviews = f.store->reviews(QStringLiteral("run-1"), QStringLiteral("p1"));
    QCOMPARE(reviews->size(), 1);
    QCOMPARE(reviews->first().decision, QStringLiteral("reject"));
    QCOMPARE(reviews->first().reason, QStringLiteral("migration drops a column"));
    QTRY_VERIFY(!reject->isEnabled());
    QVERIFY(!window.findChild<QWidget *>(QStringLiteral("refusalBox")));
}

void TestSupervisorReviewerActions::staleCandidateIsRefused()
{
    SupervisedFixture f;
    QCOMPARE(f.error, QString());
    Ui::SupervisorReviewerActions actions(*f.supervisor, *f.store, QStringLiteral("carol"));
    const auto refused = actions.approve(
        QStringLiteral("run-1"), QStringLiteral("p1"), QStringLiteral("0000000000000000000000000000000000000000"));
    QVERIFY(!refused.has_value());
    QVERIFY2(
        refused.error().contains(QStringLiteral("not the phase's current candidate")), qPrintable(refused.error()));
    QCOMPARE(
        toString(f.store->phase(QStringLiteral("run-1"), QStringLiteral("p1"))->state), toString(PhaseState::Gate));
}

QTEST_MAIN(TestSupervisorReviewerActions)
#include "tst_supervisorrevieweractions.moc"
