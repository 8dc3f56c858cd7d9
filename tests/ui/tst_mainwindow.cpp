// The main window against a real Store in a QTemporaryDir: reviewer actions through
// the real toolbar buttons and dialogs, their disabled state and tooltips, live
// updates keeping selection, expansion and scroll position, and the filter box.

#include "boardview.h"
#include "detailspanel.h"
#include "mainwindow.h"
#include "phaseboardmodel.h"
#include "rejectdialog.h"
#include "revieweractions.h"
#include "runtreefilterproxy.h"
#include "runtreemodel.h"
#include "supervisedfixture.h"
#include "uitestfixture.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QTreeView>

#include <functional>

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

// Runs `handle` on the next modal dialog once it is open (exec() blocks the test).
void whenModal(std::function<void(QWidget *)> handle)
{
    auto *timer = new QTimer;
    timer->setInterval(10);
    QObject::connect(timer, &QTimer::timeout, timer, [timer, handle] {
        if (QWidget *modal = QApplication::activeModalWidget()) {
            timer->stop();
            timer->deleteLater();
            handle(modal);
        }
    });
    timer->start();
}

qint64 phaseRowId(Store &store, const QString &runId, const QString &phaseId)
{
    const auto phase = store.phase(runId, phaseId);
    return phase ? phase->id : 0;
}

QModelIndex treeIndexOf(Ui::MainWindow &window, qint64 phaseRow)
{
    return window.runTreeProxy()->mapFromSource(window.runTreeModel()->phaseIndex(phaseRow));
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void approveByClickingTheToolbarButton();
    void rejectThroughTheReasonDialog();
    void rejectDialogCancelledChangesNothing();
    void illegalActionsAreDisabledWithTheirReason();
    void cancelRunAsksFirst();
    void liveChangesKeepSelectionExpansionAndScroll();
    void filterBoxKeepsParentsOfMatches();
    void statusBarCountsGatesWaiting();
    void treeAndBoardFollowEachOther();
    void resolveIssueFromTheBacklogTab();
    void reviewTabShowsTheCandidatePatch();
    void windowStateIsRemembered();
    void firstStartGivesTheDocksRoom_data();
    void firstStartGivesTheDocksRoom();
    void restoredDockWidthsAreKept();
    void activityKeepsAScrolledReaderOnTheSameEvents();
};

void TestMainWindow::approveByClickingTheToolbarButton()
{
    Fixture f;
    QCOMPARE(f.error, QString());
    QCOMPARE(f.createRun(QStringLiteral("r1")), QString());
    QCOMPARE(f.toGate(QStringLiteral("r1")), QString());
    Ui::StoreReviewerActions actions(*f.store, QStringLiteral("alice"));
    Ui::MainWindow window;
    QVERIFY(window.setStore(*f.store, &actions).has_value());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    QToolButton *approve = buttonFor(window, window.approveAction());
    QVERIFY(approve);
    QVERIFY(!approve->isEnabled()); // nothing selected yet
    QVERIFY(window.selectPhase(phaseRowId(*f.store, QStringLiteral("r1"), QStringLiteral("P1.1"))));
    QVERIFY(approve->isEnabled());
    QTest::mouseClick(approve, Qt::LeftButton);

    const auto phase = f.store->phase(QStringLiteral("r1"), QStringLiteral("P1.1"));
    QVERIFY(phase.has_value());
    QCOMPARE(toString(phase->state), toString(PhaseState::CiRunning));
    QVERIFY(!phase->awaitingReviewer);
    QCOMPARE(toString(f.store->run(QStringLiteral("r1"))->state), toString(RunState::CiRunning));
    const auto reviews = f.store->reviews(QStringLiteral("r1"), QStringLiteral("P1.1"));
    QVERIFY(reviews.has_value());
    QCOMPARE(reviews->size(), 1);
    QCOMPARE(reviews->first().decision, QStringLiteral("approve"));
    QCOMPARE(reviews->first().reviewer, QStringLiteral("alice"));

    // The tree shows the new state on the same, still selected row; approving again is
    // not offered, and the button says why.
    const QModelIndex current = window.runTree()->currentIndex();
    QCOMPARE(current.data(RunTreeModel::PhaseIdRole).toString(), QStringLiteral("P1.1"));
    QCOMPARE(current.data(RunTreeModel::StateNameRole).toString(), QStringLiteral("CI_RUNNING"));
    QTRY_VERIFY(!approve->isEnabled());
    QVERIFY2(approve->toolTip().contains(QStringLiteral("not at its gate")), qPrintable(approve->toolTip()));
    QTRY_COMPARE(window.gatesWaiting(), 0);
}

void TestMainWindow::rejectThroughTheReasonDialog()
{
    Fixture f;
    QCOMPARE(f.createRun(QStringLiteral("r1")), QString());
    QCOMPARE(f.toGate(QStringLiteral("r1")), QString());
    Ui::StoreReviewerActions actions(*f.store, QStringLiteral("bob"));
    Ui::MainWindow window;
    QVERIFY(window.setStore(*f.store, &actions).has_value());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.selectPhase(phaseRowId(*f.store, QStringLiteral("r1"), QStringLiteral("P1.1"))));
    QToolButton *reject = buttonFor(window, window.rejectAction());
    QVERIFY(reject && reject->isEnabled());

    bool okWasDisabledWhileEmpty = false;
    bool okEnabledWithReason = false;
    whenModal([&](QWidget *modal) {
        auto *dialog = qobject_cast<Ui::RejectDialog *>(modal);
        QVERIFY(dialog);
        QPushButton *ok = dialog->buttons()->button(QDialogButtonBox::Ok);
        okWasDisabledWhileEmpty = !ok->isEnabled();
        QTest::keyClicks(dialog->reasonEdit(), QStringLiteral("   ")); // blank is no reason
        okWasDisabledWhileEmpty = okWasDisabledWhileEmpty && !ok->isEnabled();
        QTest::keyClicks(dialog->reasonEdit(), QStringLiteral("breaks the checkout tests"));
        okEnabledWithReason = ok->isEnabled();
        QTest::mouseClick(ok, Qt::LeftButton);
    });
    QTest::mouseClick(reject, Qt::LeftButton);
    QVERIFY(okWasDisabledWhileEmpty);
    QVERIFY(okEnabledWithReason);

    const auto phase = f.store->phase(QStringLiteral("r1"), QStringLiteral("P1.1"));
    QCOMPARE(toString(phase->state), toString(PhaseState::Executing)); // attempts left: back to the builder
    QCOMPARE(phase->builderAttempts, 2);
    QCOMPARE(toString(f.store->run(QStringLiteral("r1"))->state), toString(RunState::PhaseExecution));
    const auto reviews = f.store->reviews(QStringLiteral("r1"), QStringLiteral("P1.1"));
    QCOMPARE(reviews->size(), 1);
    QCOMPARE(reviews->first().decision, QStringLiteral("reject"));
    QCOMPARE(reviews->first().reason, QStringLiteral("breaks the checkout tests"));
    const auto events = f.store->runEvents(QStringLiteral("r1"));
    QVERIFY(events->last().reason.contains(QStringLiteral("breaks the checkout tests"))
        || events->at(events->size() - 2).reason.contains(QStringLiteral("breaks the checkout tests")));
}

void TestMainWindow::rejectDialogCancelledChangesNothing()
{
    Fixture f;
    QCOMPARE(f.createRun(QStringLiteral("r1")), QString());
    QCOMPARE(f.toGate(QStringLiteral("r1")), QString());
    Ui::StoreReviewerActions actions(*f.store, QStringLiteral("bob"));
    Ui::MainWindow window;
    QVERIFY(window.setStore(*f.store, &actions).has_value());
    window.show();
    QVERIFY(window.selectPhase(phaseRowId(*f.store, QStringLiteral("r1"), QStringLiteral("P1.1"))));
    whenModal([](QWidget *modal) {
        auto *dialog = qobject_cast<Ui::RejectDialog *>(modal);
        QVERIFY(dialog);
        QTest::keyClicks(dialog->reasonEdit(), QStringLiteral("second thoughts"));
        QTest::mouseClick(dialog->buttons()->button(QDialogButtonBox::Cancel), Qt::LeftButton);
    });
    QTest::mouseClick(buttonFor(window, window.rejectAction()), Qt::LeftButton);
    const auto phase = f.store->phase(QStringLiteral("r1"), QStringLiteral("P1.1"));
    QCOMPARE(toString(phase->state), toString(PhaseState::Gate));
    QVERIFY(phase->awaitingReviewer);
    QCOMPARE(f.store->reviews(QStringLiteral("r1"), QStringLiteral("P1.1"))->size(), 0);
}

void TestMainWindow::illegalActionsAreDisabledWithTheirReason()
{
    Fixture f;
    QCOMPARE(f.createRun(QStringLiteral("r1")), QString());
    QCOMPARE(f.toGate(QStringLiteral("r1"), /*awaitingReviewer=*/false), QString());
    QCOMPARE(f.createRun(QStringLiteral("r2")), QString());
    Ui::StoreReviewerActions actions(*f.store, QStringLiteral("carol"));
    QVERIFY(actions.cancelRun(QStringLiteral("r2"), QStringLiteral("not needed")).has_value());
    Ui::MainWindow window;
    QVERIFY(window.setStore(*f.store, &actions).has_value());
    window.show();

    // A queued phase: not at its gate.
    QVERIFY(window.selectPhase(phaseRowId(*f.store, QStringLiteral("r1"), QStringLiteral("P1.2"))));
    QToolButton *approve = buttonFor(window, window.approveAction());
    QToolButton *reject = buttonFor(window, window.rejectAction());
    QVERIFY(!approve->isEnabled());
    QVERIFY(!reject->isEnabled());
    QVERIFY2(
        approve->toolTip().contains(QStringLiteral("P1.2 is QUEUED, not at its gate")), qPrintable(approve->toolTip()));
    QVERIFY(!window.requestAuditAction()->isEnabled());
    QVERIFY(window.cancelRunAction()->isEnabled()); // r1 is running

    // A gate the supervisor handles (auto-apply): not the reviewer's to decide.
    QVERIFY(window.selectPhase(phaseRowId(*f.store, QStringLiteral("r1"), QStringLiteral("P1.1"))));
    QVERIFY(!approve->isEnabled());
    QVERIFY2(approve->toolTip().contains(QStringLiteral("not waiting for a reviewer")), qPrintable(approve->toolTip()));
    QVERIFY(window.requestAuditAction()->isEnabled());

    // A cancelled run cannot be cancelled again.
    QVERIFY(window.selectPhase(phaseRowId(*f.store, QStringLiteral("r2"), QStringLiteral("P1.1"))));
    QVERIFY(!window.cancelRunAction()->isEnabled());
    QVERIFY2(window.cancelRunAction()->toolTip().contains(QStringLiteral("already ended")),
        qPrintable(window.cancelRunAction()->toolTip()));
    QVERIFY2(approve->toolTip().contains(QStringLiteral("SKIPPED")), qPrintable(approve->toolTip()));

    // The shortcut of a disabled action does nothing.
    QVERIFY(window.selectPhase(phaseRowId(*f.store, QStringLiteral("r1"), QStringLiteral("P1.1"))));
    QTest::keyClick(&window, Qt::Key_A, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(toString(f.store->phase(QStringLiteral("r1"), QStringLiteral("P1.1"))->state), toString(PhaseState::Gate));

    // Without an actions provider nothing is offered, and the tooltip says why.
    Ui::MainWindow bare;
    QVERIFY(bare.setStore(*f.store, nullptr).has_value());
    QVERIFY(!bare.approveAction()->isEnabled());
    QVERIFY(bare.approveAction()->toolTip().contains(QStringLiteral("no supervisor")));
}

void TestMainWindow::cancelRunAsksFirst()
{
    Fixture f;
    QCOMPARE(f.createRun(QStringLiteral("r1")), QString());
    QCOMPARE(f.toGate(QStringLiteral("r1")), QString());
    Ui::StoreReviewerActions actions(*f.store, QStringLiteral("dave"));
    Ui::MainWindow window;
    QVERIFY(window.setStore(*f.store, &actions).has_value());
    window.show();
    QVERIFY(window.selectPhase(phaseRowId(*f.store, QStringLiteral("r1"), QStringLiteral("P2.1"))));
    QToolButton *cancel = buttonFor(window, window.cancelRunAction());
    QVERIFY(cancel->isEnabled());

    const auto clickButton = [](const QString &text) {
        return [text](QWidget *modal) {
            auto *box = qobject_cast<QMessageBox *>(modal);
            QVERIFY(box);
            for (QAbstractButton *button : box->buttons()) {
                if (button->text().remove(QLatin1Char('&')) == text) {
                    QTest::mouseClick(button, Qt::LeftButton);
                    return;
                }
            }
            QFAIL("button not found");
        };
    };
    whenModal(clickButton(QStringLiteral("Keep running")));
    QTest::mouseClick(cancel, Qt::LeftButton);
    QCOMPARE(toString(f.store->run(QStringLiteral("r1"))->state), toString(RunState::Gate));

    whenModal(clickButton(QStringLiteral("Cancel run")));
    QTest::mouseClick(cancel, Qt::LeftButton);
    QCOMPARE(toString(f.store->run(QStringLiteral("r1"))->state), toString(RunState::DoneFailedCancelled));
    const auto phases = f.store->phases(QStringLiteral("r1"));
    for (const Phase &phase : *phases)
        QVERIFY2(isTerminal(phase.state), qPrintable(phase.phaseId + QLatin1Char(' ') + toString(phase.state)));
    QTRY_VERIFY(!cancel->isEnabled());
}

void TestMainWindow::liveChangesKeepSelectionExpansionAndScroll()
{
    Fixture f;
    for (int r = 0; r < 12; ++r)
        QCOMPARE(f.createRun(QStringLiteral("r%1").arg(r, 2, 10, QLatin1Char('0')), 3, 3), QString());
    QCOMPARE(f.toGate(QStringLiteral("r05")), QString());
    Ui::StoreReviewerActions actions(*f.store, QStringLiteral("erin"));
    Ui::MainWindow window;
    QVERIFY(window.setStore(*f.store, &actions).has_value());
    window.resize(900, 500);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTreeView *tree = window.runTree();

    const qint64 selected = phaseRowId(*f.store, QStringLiteral("r07"), QStringLiteral("P2.3"));
    QVERIFY(window.selectPhase(selected));
    // The user's own choices: a tier collapsed by hand, another expanded.
    const QModelIndex r07 = treeIndexOf(window, selected).parent().parent();
    const QModelIndex tierT1 = window.runTreeProxy()->index(0, 0, r07);
    tree->expand(tierT1);
    const QModelIndex r03tier = window.runTreeProxy()->mapFromSource(
        window.runTreeModel()->tierIndex(f.store->tier(QStringLiteral("r03"), QStringLiteral("T3"))->id));
    tree->expand(r03tier);
    const QModelIndex r02 = window.runTreeProxy()->mapFromSource(
        window.runTreeModel()->runIndex(f.store->run(QStringLiteral("r02"))->id));
    tree->collapse(r02);
    tree->verticalScrollBar()->setValue(tree->verticalScrollBar()->maximum() / 2);
    const int scroll = tree->verticalScrollBar()->value();
    QVERIFY(scroll > 0);

    // Live changes: tokens elsewhere, a gate approved in another run, the selected
    // phase itself moving on, and a new run arriving.
    QVERIFY(f.store->addTokens(QStringLiteral("r01"), QStringLiteral("P1.1"), 5000).has_value());
    QVERIFY(actions.approve(QStringLiteral("r05"), QStringLiteral("P1.1"), {}).has_value());
    QCOMPARE(f.toGate(QStringLiteral("r07"), true, QStringLiteral("P1.1")), QString());
    QVERIFY(f.store->addTokens(QStringLiteral("r07"), QStringLiteral("P2.3"), 777).has_value());
    QCOMPARE(f.createRun(QStringLiteral("r99"), 2, 2), QString());
    QCoreApplication::processEvents();

    const QModelIndex current = tree->currentIndex();
    QCOMPARE(current.data(RunTreeModel::RowIdRole).toLongLong(), selected);
    QVERIFY(tree->selectionModel()->isSelected(current));
    QCOMPARE(current.siblingAtColumn(RunTreeModel::TokensColumn).data(RunTreeModel::TokensUsedRole).toLongLong(), 777);
    QVERIFY(tree->isExpanded(tierT1));
    QVERIFY(tree->isExpanded(r03tier));
    QVERIFY(!tree->isExpanded(r02));
    QCOMPARE(tree->verticalScrollBar()->value(), scroll);
    // The details panel still shows the selected phase.
    QCOMPARE(window.details()->shownRunId(), QStringLiteral("r07"));
    QTRY_VERIFY(window.details()->toPlainText().contains(QStringLiteral("P2.3")));
}

void TestMainWindow::filterBoxKeepsParentsOfMatches()
{
    Fixture f;
    QCOMPARE(f.createRun(QStringLiteral("alpha-1")), QString());
    QCOMPARE(f.createRun(QStringLiteral("beta-2")), QString());
    QCOMPARE(f.toGate(QStringLiteral("beta-2")), QString());
    Ui::MainWindow window;
    QVERIFY(window.setStore(*f.store, nullptr).has_value());
    window.show();
    QAbstractItemModel *proxy = window.runTree()->model();
    const QModelIndex project = proxy->index(0, 0);
    QCOMPARE(proxy->rowCount(project), 2);

    // By state: only beta-2's gated phase, with its tier, run and project.
    QTest::keyClicks(window.filterEdit(), QStringLiteral("gate"));
    QCOMPARE(proxy->rowCount(), 1);
    QCOMPARE(proxy->rowCount(project), 1); // beta-2 itself is at GATE; alpha-1 has no match
    const QModelIndex run = proxy->index(0, 0, project);
    QCOMPARE(run.data(RunTreeModel::RunIdRole).toString(), QStringLiteral("beta-2"));
    QCOMPARE(proxy->rowCount(run), 1);
    const QModelIndex tier = proxy->index(0, 0, run);
    QCOMPARE(proxy->rowCount(tier), 1);
    QCOMPARE(proxy->index(0, 0, tier).data(RunTreeModel::PhaseIdRole).toString(), QStringLiteral("P1.1"));

    // By category (not a tree column; read from the board): both runs' schema phases.
    window.filterEdit()->clear();
    QTest::keyClicks(window.filterEdit(), QStringLiteral("SCHEMA_change"));
    QCOMPARE(proxy->rowCount(project), 2);
    for (int r = 0; r < 2; ++r) {
        const QModelIndex runIndex = proxy->index(r, 0, project);
        int phases = 0;
        for (int t = 0; t < proxy->rowCount(runIndex); ++t) {
            const QModelIndex tierIndex = proxy->index(t, 0, runIndex);
            for (int p = 0; p < proxy->rowCount(tierIndex); ++p) {
                QVERIFY(proxy->index(p, 0, tierIndex)
                            .data(RunTreeModel::PhaseIdRole)
                            .toString()
                            .endsWith(QStringLiteral(".2")));
                ++phases;
            }
        }
        QCOMPARE(phases, 2);
    }

    // By run id, and nothing at all.
    window.filterEdit()->clear();
    QTest::keyClicks(window.filterEdit(), QStringLiteral("alpha"));
    QCOMPARE(proxy->rowCount(project), 1);
    QCOMPARE(proxy->index(0, 0, project).data(RunTreeModel::RunIdRole).toString(), QStringLiteral("alpha-1"));
    window.filterEdit()->clear();
    QTest::keyClicks(window.filterEdit(), QStringLiteral("no-such-thing"));
    QCOMPARE(proxy->rowCount(), 0);
    window.filterEdit()->clear();
    QCOMPARE(proxy->rowCount(proxy->index(0, 0)), 2);
}

void TestMainWindow::statusBarCountsGatesWaiting()
{
    Fixture f;
    QCOMPARE(f.createRun(QStringLiteral("r1")), QString());
    QCOMPARE(f.createRun(QStringLiteral("r2")), QString());
    QCOMPARE(f.toGate(QStringLiteral("r1")), QString());
    Ui::StoreReviewerActions actions(*f.store, QStringLiteral("frank"));
    Ui::MainWindow window;
    QVERIFY(window.setStore(*f.store, &actions).has_value());
    QCOMPARE(window.gatesWaiting(), 1);
    QCOMPARE(f.toGate(QStringLiteral("r2")), QString());
    QTRY_COMPARE(window.gatesWaiting(), 2);
    QVERIFY(actions.approve(QStringLiteral("r1"), QStringLiteral("P1.1"), {}).has_value());
    QTRY_COMPARE(window.gatesWaiting(), 1);
    auto *label = window.findChild<QLabel *>(QStringLiteral("gatesLabel"));
    QVERIFY(label);
    QVERIFY2(label->text().contains(QStringLiteral("1 gate")), qPrintable(label->text()));
}

void TestMainWindow::treeAndBoardFollowEachOther()
{
    Fixture f;
    QCOMPARE(f.createRun(QStringLiteral("r1")), QString());
    QCOMPARE(f.toGate(QStringLiteral("r1")), QString());
    Ui::MainWindow window;
    QVERIFY(window.setStore(*f.store, nullptr).has_value());
    window.show();
    const qint64 gated = phaseRowId(*f.store, QStringLiteral("r1"), QStringLiteral("P1.1"));
    QVERIFY(window.selectPhase(gated));
    QCOMPARE(window.board()->currentCard().data(PhaseBoardModel::RowIdRole).toLongLong(), gated);
    // Picking a card on the board selects its phase in the tree and shows its details.
    const qint64 queued = phaseRowId(*f.store, QStringLiteral("r1"), QStringLiteral("P2.2"));
    QVERIFY(window.board()->selectCard(window.boardModel()->cardIndex(queued)));
    QCOMPARE(window.runTree()->currentIndex().data(RunTreeModel::RowIdRole).toLongLong(), queued);
    QCOMPARE(window.board()->currentCard().data(PhaseBoardModel::RowIdRole).toLongLong(), queued);
    QVERIFY(window.details()->toPlainText().contains(QStringLiteral("Phase P2.2")));
}

void TestMainWindow::resolveIssueFromTheBacklogTab()
{
    Fixture f;
    QCOMPARE(f.createRun(QStringLiteral("r1")), QString());
    QCOMPARE(f.toGate(QStringLiteral("r1")), QString());
    Issue issue;
    issue.runId = QStringLiteral("r1");
    issue.tierId = QStringLiteral("T1");
    issue.phaseId = QStringLiteral("P1.1");
    issue.issueKey = QStringLiteral("lint:unused-import");
    issue.source = QStringLiteral("static_check");
    issue.category = QStringLiteral("lint");
    QVERIFY(f.store->recordIssue(issue).has_value());
    Ui::StoreReviewerActions actions(*f.store, QStringLiteral("gina"));
    Ui::MainWindow window;
    QVERIFY(window.setStore(*f.store, &actions).has_value());
    window.show();
    window.tabs()->setCurrentWidget(window.issuesView());
    QTableView *issues = window.issuesView();
    QCOMPARE(issues->model()->rowCount(), 1);
    QToolButton *resolve = buttonFor(window, window.resolveIssueAction());
    QVERIFY(!resolve->isEnabled());
    QVERIFY2(resolve->toolTip().contains(QStringLiteral("Select an issue")), qPrintable(resolve->toolTip()));
    issues->selectRow(0);
    QVERIFY(resolve->isEnabled());
    QTest::mouseClick(resolve, Qt::LeftButton);
    QCOMPARE(f.store->backlog(f.projectId)->first().status, QStringLiteral("resolved"));
    // The table reloads with the new status and the issue still selected.
    QTRY_COMPARE(issues->model()->index(0, 9).data().toString(), QStringLiteral("resolved"));
    QCOMPARE(issues->currentIndex().row(), 0);
    QTRY_VERIFY(!resolve->isEnabled());
    QVERIFY(resolve->toolTip().contains(QStringLiteral("already resolved")));
}

void TestMainWindow::reviewTabShowsTheCandidatePatch()
{
    SupervisedFixture f;
    QCOMPARE(f.error, QString());
    Ui::MainWindow window;
    QVERIFY(window.setStore(*f.store, nullptr).has_value());
    window.show();
    window.tabs()->setCurrentIndex(1);
    QVERIFY(window.reviewText()->toPlainText().isEmpty());
    QVERIFY(window.selectPhase(f.store->phase(QStringLiteral("run-1"), QStringLiteral("p1"))->id));
    const QString patch = window.reviewText()->toPlainText();
    QVERIFY2(
        patch.contains(QStringLiteral("+++ b/p1.txt")) && patch.contains(QStringLiteral("\n+p1")), qPrintable(patch));
    // A phase with no candidate says so instead of showing an empty pane.
    QVERIFY(window.selectPhase(f.store->phase(QStringLiteral("run-1"), QStringLiteral("p2"))->id));
    QVERIFY(window.reviewText()->toPlainText().isEmpty());
    auto *header = window.findChild<QLabel *>(QStringLiteral("reviewHeader"));
    QVERIFY2(header->text().contains(QStringLiteral("no candidate commit yet")), qPrintable(header->text()));
}

void TestMainWindow::windowStateIsRemembered()
{
    Fixture f;
    QCOMPARE(f.createRun(QStringLiteral("r1")), QString());
    {
        Ui::MainWindow window;
        QVERIFY(window.setStore(*f.store, nullptr).has_value());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.findChild<QDockWidget *>(QStringLiteral("detailsDock"))->hide();
        window.tabs()->setCurrentIndex(3);
        window.close();
    }
    Ui::MainWindow again;
    QVERIFY(again.setStore(*f.store, nullptr).has_value());
    again.show();
    QVERIFY(QTest::qWaitForWindowExposed(&again));
    QVERIFY(!again.findChild<QDockWidget *>(QStringLiteral("detailsDock"))->isVisible());
    QVERIFY(again.findChild<QDockWidget *>(QStringLiteral("runsDock"))->isVisible());
    QCOMPARE(again.tabs()->currentIndex(), 3);
}

void TestMainWindow::firstStartGivesTheDocksRoom_data()
{
    QTest::addColumn<QSize>("size");
    QTest::newRow("1280x720") << QSize(1280, 720);
    QTest::newRow("1400x860") << QSize(1400, 860);
}

// No saved state: the details dock (the phase transcript's) and the run tree get about a
// third of the window each, and the board in the middle keeps room for two columns.
void TestMainWindow::firstStartGivesTheDocksRoom()
{
    QFETCH(QSize, size);
    Fixture f;
    QCOMPARE(f.createRun(QStringLiteral("r1")), QString());
    Ui::MainWindow window;
    QVERIFY(window.setStore(*f.store, nullptr).has_value());
    window.resize(size);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *details = window.findChild<QDockWidget *>(QStringLiteral("detailsDock"));
    auto *runs = window.findChild<QDockWidget *>(QStringLiteral("runsDock"));
    auto *agents = window.findChild<QDockWidget *>(QStringLiteral("agentsDock"));
    QVERIFY(details && runs);
    const QString widths = QStringLiteral("runs %1, board %2, details %3 of %4")
                               .arg(runs->width())
                               .arg(window.centralWidget()->width())
                               .arg(details->width())
                               .arg(window.width());
    QVERIFY2(details->width() >= 360 && details->width() >= size.width() * 3 / 10, qPrintable(widths));
    QVERIFY2(runs->width() >= 360 && runs->width() <= size.width() * 7 / 20, qPrintable(widths));
    QVERIFY2(window.centralWidget()->width() >= 360, qPrintable(widths));
    // The Agents tab shares the run tree's dock area, so its width.
    QVERIFY(agents);
    const int runsWidth = runs->width();
    agents->raise();
    QTRY_COMPARE(agents->width(), runsWidth);
}

// Dock widths the user left come back as they were, the tabbed Runs/Agents area's
// too, and are not replaced by the first-start defaults; a window closed before it was
// shown leaves them alone.
void TestMainWindow::restoredDockWidthsAreKept()
{
    Fixture f;
    QCOMPARE(f.createRun(QStringLiteral("r1")), QString());
    const auto widths = [](Ui::MainWindow &window) {
        return QSize(window.findChild<QDockWidget *>(QStringLiteral("runsDock"))->width(),
            window.findChild<QDockWidget *>(QStringLiteral("detailsDock"))->width());
    };
    {
        Ui::MainWindow window;
        QVERIFY(window.setStore(*f.store, nullptr).has_value());
        window.resize(1280, 720);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.resizeDocks({ window.findChild<QDockWidget *>(QStringLiteral("runsDock")),
                               window.findChild<QDockWidget *>(QStringLiteral("detailsDock")) },
            { 490, 300 }, Qt::Horizontal);
        QTRY_COMPARE(widths(window), QSize(490, 300));
        window.close();
    }
    {
        Ui::MainWindow unseen;
        QVERIFY(unseen.setStore(*f.store, nullptr).has_value());
        unseen.close();
    }
    Ui::MainWindow again;
    QVERIFY(again.setStore(*f.store, nullptr).has_value());
    again.show();
    QVERIFY(QTest::qWaitForWindowExposed(&again));
    QCOMPARE(again.size(), QSize(1280, 720));
    QCOMPARE(widths(again), QSize(490, 300));
}

void TestMainWindow::activityKeepsAScrolledReaderOnTheSameEvents()
{
    Fixture f;
    QCOMPARE(f.createRun(QStringLiteral("r1")), QString());
    for (int i = 0; i < 200; ++i)
        QVERIFY(f.store->recordEvent(QStringLiteral("r1"), EntityKind::Run, QStringLiteral("r1"), Actor::Supervisor,
            QString(), QStringLiteral("old event %1").arg(i)));
    Ui::StoreReviewerActions actions(*f.store, QStringLiteral("alice"));
    Ui::MainWindow window;
    QVERIFY(window.setStore(*f.store, &actions).has_value());
    window.resize(1200, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *view = window.findChild<QTableView *>(QStringLiteral("activityView"));
    QVERIFY(view);
    view->window()->activateWindow();
    auto *tabs = view->parentWidget();
    while (tabs && !qobject_cast<QTabWidget *>(tabs))
        tabs = tabs->parentWidget();
    QVERIFY(tabs);
    qobject_cast<QTabWidget *>(tabs)->setCurrentWidget(view);
    QTRY_VERIFY(view->isVisible());
    QTRY_VERIFY(view->verticalScrollBar()->maximum() > 20);

    view->verticalScrollBar()->setValue(20); // reading older events
    const auto topText = [view] { return view->indexAt(QPoint(1, 1)).siblingAtColumn(4).data().toString(); };
    const QString before = topText();
    QVERIFY(!before.isEmpty());
    QVERIFY(f.store->recordEvent(QStringLiteral("r1"), EntityKind::Run, QStringLiteral("r1"), Actor::Supervisor,
        QString(), QStringLiteral("a new event")));
    QTRY_VERIFY(view->model()->index(0, 4).data().toString().contains(QStringLiteral("a new event")));
    QCOMPARE(topText(), before);
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
