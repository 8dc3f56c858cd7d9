// TranscriptModel over a real Store: attempts grouped in the order they first spoke, tool
// calls and long texts folded under their one-line row, live batches appended as rows
// (never a reset) with the selection kept, a batch shown once however it arrives.

#include "transcriptmodel.h"
#include "uitestfixture.h"

#include <QAbstractItemModelTester>
#include <QItemSelectionModel>
#include <QSignalSpy>
#include <QTest>

using namespace Autopack;
using namespace Autopack::UiTest;

namespace {

TranscriptEvent step(const QString &role, int attempt, const QString &kind, const QString &text,
    const QString &tool = {}, const QString &path = {}, const QString &phaseId = QStringLiteral("P1.1"))
{
    TranscriptEvent e;
    e.runId = QStringLiteral("r1");
    e.phaseId = phaseId;
    e.role = role;
    e.attempt = attempt;
    e.agent = role == QLatin1String("builder") ? QStringLiteral("builder-1") : QStringLiteral("auditor-1");
    e.time = QDateTime(QDate(2026, 11, 26), QTime(12, 0, attempt), Qt::UTC);
    e.kind = kind;
    e.text = text;
    e.tool = tool;
    e.path = path;
    return e;
}

// The model as text: one line per row, indented by depth, kind and text columns
// (the time column depends on the time zone, so only attempt and detail rows show it).
QString dump(const QAbstractItemModel &model, const QModelIndex &parent = {}, int depth = 0)
{
    QString out;
    for (int row = 0; row < model.rowCount(parent); ++row) {
        const QModelIndex index = model.index(row, 0, parent);
        const auto type = TranscriptModel::RowType(index.data(TranscriptModel::RowTypeRole).toInt());
        out += QString(depth * 2, QLatin1Char(' '));
        if (type == TranscriptModel::RowType::Event)
            out += QStringLiteral("[%1] %2").arg(index.siblingAtColumn(TranscriptModel::KindColumn).data().toString(),
                index.siblingAtColumn(TranscriptModel::TextColumn).data().toString());
        else
            out += index.data().toString().replace(QLatin1Char('\n'), QLatin1String("\\n"));
        out += QLatin1Char('\n');
        out += dump(model, index, depth + 1);
    }
    return out;
}

} // namespace

class TestTranscriptModel : public QObject
{
    Q_OBJECT

    std::unique_ptr<Fixture> m_f;

    QList<TranscriptEvent> stored(const QList<TranscriptEvent> &events)
    {
        const auto n = m_f->store->appendTranscript(events);
        if (!n)
            qWarning() << n.error().message;
        return *m_f->store->transcript(QStringLiteral("r1"), QStringLiteral("P1.1"));
    }

private Q_SLOTS:
    void init()
    {
        m_f = std::make_unique<Fixture>();
        QCOMPARE(m_f->error, QString());
        QCOMPARE(m_f->createRun(QStringLiteral("r1")), QString());
    }

    void cleanup() { m_f.reset(); }

    void summaries_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("tool");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("summary");
        QTest::addColumn<bool>("folds");
        QTest::newRow("tool call with a path") << "tool_call"
                                               << "{\"old\": \"a\"}"
                                               << "Edit"
                                               << "src/x.cpp"
                                               << "tool: Edit src/x.cpp" << true;
        QTest::newRow("tool call without a path") << "tool_call"
                                                  << "ls -la\nmore"
                                                  << "Bash"
                                                  << ""
                                                  << "tool: Bash ls -la …" << true;
        QTest::newRow("tool result") << "tool_result"
                                     << "ok"
                                     << ""
                                     << ""
                                     << "result: ok" << true;
        QTest::newRow("file change") << "file_change"
                                     << ""
                                     << ""
                                     << "src/x.cpp"
                                     << "file: src/x.cpp" << false;
        QTest::newRow("one-line message") << "message"
                                          << "Done."
                                          << ""
                                          << ""
                                          << "Done." << false;
        QTest::newRow("long message") << "message"
                                      << "First line\nsecond line"
                                      << ""
                                      << ""
                                      << "First line …" << true;
        QTest::newRow("usage") << "usage"
                               << "1200 tokens"
                               << ""
                               << ""
                               << "1200 tokens" << false;
    }

    void summaries()
    {
        QFETCH(QString, kind);
        QFETCH(QString, text);
        QFETCH(QString, tool);
        QFETCH(QString, path);
        const TranscriptEvent e = step(QStringLiteral("builder"), 1, kind, text, tool, path);
        QTEST(TranscriptModel::summary(e), "summary");
        QTEST(TranscriptModel::folds(e), "folds");
    }

    void groupsByAttemptAndFolds()
    {
        TranscriptModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        const auto events = stored({
            step(QStringLiteral("builder"), 1, QStringLiteral("notice"), QStringLiteral("session started")),
            step(QStringLiteral("builder"), 1, QStringLiteral("tool_call"), QStringLiteral("{\"old\": \"a\"}"),
                QStringLiteral("Edit"), QStringLiteral("src/x.cpp")),
            step(QStringLiteral("builder"), 1, QStringLiteral("message"), QStringLiteral("Edited x.")),
            step(QStringLiteral("auditor"), 1, QStringLiteral("message"), QStringLiteral("Looks right.\nApprove.")),
            step(QStringLiteral("builder"), 2, QStringLiteral("error"), QStringLiteral("rate limited")),
        });
        QCOMPARE(events.size(), 5);
        model.setPhase(QStringLiteral("r1"), QStringLiteral("P1.1"), events);
        QCOMPARE(model.eventCount(), 5);
        QCOMPARE(dump(model),
            QStringLiteral("Builder · attempt 1 · builder-1 · 3 event(s)\n"
                           "  [notice] session started\n"
                           "  [tool call] tool: Edit src/x.cpp\n"
                           "    {\"old\": \"a\"}\n"
                           "  [message] Edited x.\n"
                           "Auditor · attempt 1 · auditor-1 · 1 event(s)\n"
                           "  [message] Looks right. …\n"
                           "    Looks right.\\nApprove.\n"
                           "Builder · attempt 2 · builder-1 · 1 event(s)\n"
                           "  [error] rate limited\n"));
        const QModelIndex call = model.index(1, 0, model.index(0, 0));
        QCOMPARE(call.data(TranscriptModel::KindRole).toString(), QStringLiteral("tool_call"));
        QCOMPARE(call.data(TranscriptModel::ToolRole).toString(), QStringLiteral("Edit"));
        QCOMPARE(
            model.index(0, 0, call).data(TranscriptModel::RowTypeRole).toInt(), int(TranscriptModel::RowType::Detail));
        QCOMPARE(model.rowCount(call.siblingAtColumn(TranscriptModel::TextColumn)), 0);
    }

    void liveAppendKeepsRowsAndSelection()
    {
        TranscriptModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        model.setNotifier(m_f->store->notifier());
        model.setPhase(QStringLiteral("r1"), QStringLiteral("P1.1"),
            stored({ step(QStringLiteral("builder"), 1, QStringLiteral("notice"), QStringLiteral("one")),
                step(QStringLiteral("builder"), 1, QStringLiteral("message"), QStringLiteral("two")) }));
        QItemSelectionModel selection(&model);
        const QPersistentModelIndex selected = model.index(1, 0, model.index(0, 0));
        selection.setCurrentIndex(selected, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);

        // Through the store: the notifier brings them, one batch spanning two attempts
        // and another phase's event, which is not shown.
        QVERIFY(m_f->store->appendTranscript({
            step(
                QStringLiteral("builder"), 1, QStringLiteral("tool_call"), QStringLiteral("x"), QStringLiteral("Bash")),
            step(QStringLiteral("builder"), 1, QStringLiteral("message"), QStringLiteral("other phase"), {}, {},
                QStringLiteral("P1.2")),
            step(QStringLiteral("auditor"), 1, QStringLiteral("message"), QStringLiteral("fine")),
        }));
        QCOMPARE(resets.count(), 0);
        QCOMPARE(inserted.count(), 2); // one row under attempt 1, one new attempt
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.rowCount(model.index(0, 0)), 3);
        QCOMPARE(model.eventCount(), 4);
        QVERIFY(selected.isValid());
        QCOMPARE(selection.currentIndex(), QModelIndex(selected));
        QCOMPARE(selected.data(TranscriptModel::FullTextRole).toString(), QStringLiteral("two"));
        QVERIFY(selection.isRowSelected(1, model.index(0, 0)));
        QVERIFY(model.index(0, 0).data().toString().contains(QStringLiteral("3 event(s)")));
    }

    void batchShownOnce()
    {
        TranscriptModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        const auto events
            = stored({ step(QStringLiteral("builder"), 1, QStringLiteral("notice"), QStringLiteral("one")) });
        model.setPhase(QStringLiteral("r1"), QStringLiteral("P1.1"), events);
        // Read by setPhase and announced by the notifier after it: still one row.
        model.appendEvents(events);
        QCOMPARE(model.eventCount(), 1);
        QCOMPARE(model.rowCount(model.index(0, 0)), 1);
        model.clear();
        QCOMPARE(model.rowCount(), 0);
        model.appendEvents(events); // nothing shown: nothing follows
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestTranscriptModel)
#include "tst_transcriptmodel.moc"
