// The kanban board over a PhaseBoardModel fed by a real Store: keyboard navigation
// between and within columns, the project/run/tier filter, column counts and limits.

#include "boardview.h"
#include "phaseboardmodel.h"
#include "revieweractions.h"
#include "uitestfixture.h"

#include <QLabel>
#include <QListView>
#include <QSignalSpy>
#include <QTest>

using namespace Autopack;
using namespace Autopack::UiTest;

class TestBoardView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void keyboardNavigation();
    void filterByRunAndTier();
    void columnLimitShownInWords();
    void liveMoveKeepsTheCurrentCard();

private:
    std::unique_ptr<Fixture> m_f;
    std::unique_ptr<PhaseBoardModel> m_model;
    std::unique_ptr<Ui::BoardView> m_board;
};

// Run r1: P1.1 at a gate, P1.2 executing... no: one phase executes at a time, so r1
// has P1.1 at its gate and r2 has P1.1 executing; everything else is queued.
void TestBoardView::init()
{
    m_f = std::make_unique<Fixture>();
    QCOMPARE(m_f->createRun(QStringLiteral("r1")), QString());
    QCOMPARE(m_f->createRun(QStringLiteral("r2")), QString());
    QCOMPARE(m_f->toGate(QStringLiteral("r1")), QString());
    TransitionContext more;
    more.morePhases = true;
    QVERIFY(m_f->store->transitionRun(
        QStringLiteral("r2"), RunState::PhaseQueueing, Actor::Supervisor, QStringLiteral("q")));
    QVERIFY(m_f->store->transitionRun(
        QStringLiteral("r2"), RunState::PhaseExecution, Actor::Supervisor, QStringLiteral("s"), more));
    QVERIFY(m_f->store->transitionPhase(QStringLiteral("r2"), QStringLiteral("P1.1"), PhaseState::Executing,
        Actor::Builder, QStringLiteral("claimed")));
    m_model = std::make_unique<PhaseBoardModel>();
    m_model->setNotifier(m_f->store->notifier());
    m_model->setSnapshot(*m_f->store->snapshot());
    m_board = std::make_unique<Ui::BoardView>();
    m_board->setBoardModel(m_model.get());
    m_board->resize(1400, 600);
    m_board->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_board.get()));
}

void TestBoardView::cleanup()
{
    m_board.reset();
    m_model.reset();
    m_f.reset();
}

void TestBoardView::keyboardNavigation()
{
    QListView *queued = m_board->columnView(PhaseState::Queued);
    QCOMPARE(m_model->rowCount(m_model->columnIndex(PhaseState::Queued)), 6);
    QSignalSpy changed(m_board.get(), &Ui::BoardView::currentCardChanged);
    QSignalSpy activated(m_board.get(), &Ui::BoardView::cardActivated);
    queued->setFocus();

    // Down selects the first card, then moves within the column.
    QTest::keyClick(queued, Qt::Key_Down);
    QModelIndex card = m_board->currentCard();
    QVERIFY(card.isValid());
    QCOMPARE(card.data(PhaseBoardModel::RunIdRole).toString(), QStringLiteral("r1"));
    QCOMPARE(card.data(PhaseBoardModel::PhaseIdRole).toString(), QStringLiteral("P1.2"));
    QTest::keyClick(queued, Qt::Key_Down);
    QCOMPARE(m_board->currentCard().data(PhaseBoardModel::PhaseIdRole).toString(), QStringLiteral("P2.1"));
    QTest::keyClick(queued, Qt::Key_Up);
    QCOMPARE(m_board->currentCard().data(PhaseBoardModel::PhaseIdRole).toString(), QStringLiteral("P1.2"));

    // Right: EXECUTING (r2's P1.1), then GATE (r1's P1.1); empty columns are skipped.
    QTest::keyClick(queued, Qt::Key_Right);
    card = m_board->currentCard();
    QCOMPARE(card.data(PhaseBoardModel::StateRole).toInt(), int(PhaseState::Executing));
    QCOMPARE(card.data(PhaseBoardModel::RunIdRole).toString(), QStringLiteral("r2"));
    QVERIFY(m_board->columnView(PhaseState::Executing)->hasFocus());
    QTest::keyClick(m_board->columnView(PhaseState::Executing), Qt::Key_Right);
    card = m_board->currentCard();
    QCOMPARE(card.data(PhaseBoardModel::StateRole).toInt(), int(PhaseState::Gate));
    QVERIFY(card.data(PhaseBoardModel::AwaitingReviewerRole).toBool());
    // Nothing right of GATE has cards: the card stays.
    QTest::keyClick(m_board->columnView(PhaseState::Gate), Qt::Key_Right);
    QCOMPARE(m_board->currentCard(), card);
    // Only one card is selected on the whole board.
    int selected = 0;
    for (int c = 0; c < PhaseStateCount; ++c)
        selected += int(m_board->columnView(PhaseState(c))->selectionModel()->selectedIndexes().size());
    QCOMPARE(selected, 1);

    QTest::keyClick(m_board->columnView(PhaseState::Gate), Qt::Key_Left);
    QTest::keyClick(m_board->columnView(PhaseState::Executing), Qt::Key_Left);
    QCOMPARE(m_board->currentCard().data(PhaseBoardModel::StateRole).toInt(), int(PhaseState::Queued));
    QTest::keyClick(m_board->columnView(PhaseState::Queued), Qt::Key_Return);
    QCOMPARE(activated.count(), 1);
    QVERIFY(changed.count() >= 5);
}

void TestBoardView::filterByRunAndTier()
{
    const auto count = [this](PhaseState s) {
        QListView *view = m_board->columnView(s);
        return view->model()->rowCount(view->rootIndex());
    };
    QCOMPARE(count(PhaseState::Queued), 6);
    m_board->setFilter({ 0, QStringLiteral("r1"), {} });
    QCOMPARE(count(PhaseState::Queued), 3);
    QCOMPARE(count(PhaseState::Executing), 0);
    QCOMPARE(count(PhaseState::Gate), 1);
    m_board->setFilter({ 0, QStringLiteral("r1"), QStringLiteral("T2") });
    QCOMPARE(count(PhaseState::Queued), 2);
    QCOMPARE(count(PhaseState::Gate), 0);
    QVERIFY2(m_board->columnHeader(PhaseState::Queued)->text().contains(QStringLiteral("QUEUED  2")),
        qPrintable(m_board->columnHeader(PhaseState::Queued)->text()));
    m_board->setFilter({ m_f->projectId + 1, {}, {} }); // another project: nothing
    QCOMPARE(count(PhaseState::Queued), 0);
    m_board->setFilter({});
    QCOMPARE(count(PhaseState::Queued), 6);
    QCOMPARE(count(PhaseState::Executing), 1);
}

void TestBoardView::columnLimitShownInWords()
{
    QLabel *gate = m_board->columnHeader(PhaseState::Gate);
    QCOMPARE(gate->text(), QStringLiteral("GATE  1 / 5"));
    m_board->setColumnLimit(PhaseState::Queued, 4);
    QLabel *queued = m_board->columnHeader(PhaseState::Queued);
    QVERIFY2(queued->text().contains(QStringLiteral("6 / 4")) && queued->text().contains(QStringLiteral("over limit")),
        qPrintable(queued->text()));
    m_board->setColumnLimit(PhaseState::Queued, 0);
    QCOMPARE(queued->text(), QStringLiteral("QUEUED  6"));
}

void TestBoardView::liveMoveKeepsTheCurrentCard()
{
    QListView *queued = m_board->columnView(PhaseState::Queued);
    queued->setFocus();
    QTest::keyClick(queued, Qt::Key_Down);
    QTest::keyClick(queued, Qt::Key_Down);
    const QModelIndex before = m_board->currentCard();
    const qint64 row = before.data(PhaseBoardModel::RowIdRole).toLongLong();
    // Another card leaves QUEUED above it (r1's P1.2 starts executing after P1.1).
    Ui::StoreReviewerActions actions(*m_f->store, QStringLiteral("x"));
    QVERIFY(actions.approve(QStringLiteral("r1"), QStringLiteral("P1.1"), {}).has_value());
    QCOMPARE(m_board->columnHeader(PhaseState::CiRunning)->text(), QStringLiteral("CI_RUNNING  1 / 4"));
    QCOMPARE(m_board->currentCard().data(PhaseBoardModel::RowIdRole).toLongLong(), row);
}

QTEST_MAIN(TestBoardView)
#include "tst_boardview.moc"
