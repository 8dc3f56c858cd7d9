// The details panel over a real Store: a phase shows its cost beside its tokens and its
// agent transcript in the TranscriptView it drives (read once, then live rows); runs and
// tiers show their costs; anything but a phase hides the transcript.

#include "detailspanel.h"
#include "transcriptmodel.h"
#include "transcriptview.h"
#include "uitestfixture.h"

#include <QLabel>
#include <QSignalSpy>
#include <QTest>
#include <QTreeView>
#include <QVBoxLayout>

using namespace Autopack;
using namespace Autopack::UiTest;

namespace {

TranscriptEvent step(const QString &kind, const QString &text, const QString &tool = {}, const QString &path = {})
{
    TranscriptEvent e;
    e.runId = QStringLiteral("r1");
    e.phaseId = QStringLiteral("P1.1");
    e.role = QStringLiteral("builder");
    e.attempt = 1;
    e.agent = QStringLiteral("builder-1");
    e.kind = kind;
    e.text = text;
    e.tool = tool;
    e.path = path;
    return e;
}

} // namespace

class TestDetailsPanel : public QObject
{
    Q_OBJECT

    std::unique_ptr<Fixture> m_f;
    std::unique_ptr<QWidget> m_page;
    Ui::DetailsPanel *m_panel = nullptr;
    Ui::TranscriptView *m_transcript = nullptr;

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void init()
    {
        m_f = std::make_unique<Fixture>();
        QCOMPARE(m_f->error, QString());
        QCOMPARE(m_f->createRun(QStringLiteral("r1")), QString());
        QCOMPARE(m_f->toGate(QStringLiteral("r1")), QString());
        QVERIFY(m_f->store->addTokens(QStringLiteral("r1"), QStringLiteral("P1.1"), 12345, 0.42));
        QVERIFY(m_f->store->appendTranscript({
            step(QStringLiteral("notice"), QStringLiteral("session started")),
            step(QStringLiteral("tool_call"), QStringLiteral("{\"old\": \"a\", \"new\": \"b\"}"),
                QStringLiteral("Edit"), QStringLiteral("src/x.cpp")),
            step(QStringLiteral("message"), QStringLiteral("Edited src/x.cpp.")),
        }));
        // As the window lays them out: the page above, the transcript below.
        m_page = std::make_unique<QWidget>();
        auto *layout = new QVBoxLayout(m_page.get());
        m_panel = new Ui::DetailsPanel(m_page.get());
        m_transcript = new Ui::TranscriptView(m_page.get());
        layout->addWidget(m_panel);
        layout->addWidget(m_transcript);
        m_panel->setTranscriptView(m_transcript);
        m_panel->setStore(m_f->store.get());
        m_page->resize(700, 900);
        m_page->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
    }

    void cleanup()
    {
        m_page.reset();
        m_f.reset();
    }

    void phaseShowsCostAndTranscript()
    {
        m_panel->showPhase(QStringLiteral("r1"), QStringLiteral("P1.1"));
        const QString text = m_panel->toPlainText();
        QVERIFY2(text.contains(QStringLiteral("12,345 / 100,000 (12 %) · $0.42")), qPrintable(text));
        QVERIFY(m_transcript->isVisible());
        const TranscriptModel *model = m_transcript->model();
        QCOMPARE(model->phaseId(), QStringLiteral("P1.1"));
        QCOMPARE(model->rowCount(), 1);
        const QModelIndex attempt = model->index(0, 0);
        QCOMPARE(model->rowCount(attempt), 3);
        QVERIFY(m_transcript->treeView()->isExpanded(attempt));
        const QModelIndex call = model->index(1, 0, attempt);
        QCOMPARE(call.siblingAtColumn(TranscriptModel::TextColumn).data().toString(),
            QStringLiteral("tool: Edit src/x.cpp"));
        QVERIFY(!m_transcript->treeView()->isExpanded(call)); // folded until asked
        QCOMPARE(model->index(0, 0, call).data().toString(), QStringLiteral("{\"old\": \"a\", \"new\": \"b\"}"));
        QVERIFY(m_transcript->treeView()->isFirstColumnSpanned(0, call));
        QVERIFY(m_transcript->findChild<QLabel *>(QStringLiteral("transcriptHeader"))
                    ->text()
                    .contains(QStringLiteral("3 event(s)")));
    }

    void newEventsArriveAsRows()
    {
        m_panel->showPhase(QStringLiteral("r1"), QStringLiteral("P1.1"));
        const TranscriptModel *model = m_transcript->model();
        QSignalSpy resets(model, &QAbstractItemModel::modelReset);
        QVERIFY(
            m_f->store->appendTranscript({ step(QStringLiteral("file_change"), {}, {}, QStringLiteral("src/y.cpp")) }));
        QCOMPARE(model->rowCount(model->index(0, 0)), 4);
        QCOMPARE(resets.count(), 0);
        // The same phase again (a re-selection, a re-render) does not read it again.
        m_panel->showPhase(QStringLiteral("r1"), QStringLiteral("P1.1"));
        QCOMPARE(resets.count(), 0);
        // Tokens and cost follow live as well.
        QVERIFY(m_f->store->addTokens(QStringLiteral("r1"), QStringLiteral("P1.1"), 1, 0.58));
        QTRY_VERIFY(m_panel->toPlainText().contains(QStringLiteral("· $1.00")));
    }

    void runAndTierShowCostAndHideTheTranscript()
    {
        m_panel->showPhase(QStringLiteral("r1"), QStringLiteral("P1.1"));
        m_panel->showRun(QStringLiteral("r1"));
        QVERIFY(!m_transcript->isVisible());
        QCOMPARE(m_transcript->model()->rowCount(), 0);
        QString text = m_panel->toPlainText();
        QVERIFY2(text.contains(QStringLiteral("12,345 / 5,000,000 (0 %) · $0.42")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("12,345 tokens · $0.42 · CI")), qPrintable(text)); // the tier line
        m_panel->showTier(QStringLiteral("r1"), QStringLiteral("T2"));
        text = m_panel->toPlainText();
        QVERIFY2(!text.contains(QStringLiteral("$")), qPrintable(text)); // no cost reported: none shown
        m_panel->showNothing();
        QVERIFY(!m_transcript->isVisible());
    }
};

QTEST_MAIN(TestDetailsPanel)
#include "tst_detailspanel.moc"
