#include "agentevent.h"

#include <QJsonObject>
#include <QTest>

using namespace Autopack::Agent;

class TestUsageLedger : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void emptyLedger();
    void repeatedReportCountsOnce();
    void keepsHighWaterPerField();
    void sessionsAddUp();
    void costOnlyWhenReported();
    void eventJson();
};

void TestUsageLedger::emptyLedger()
{
    UsageLedger ledger;
    QVERIFY(ledger.isEmpty());
    QCOMPARE(ledger.total(), Usage());
    QVERIFY(!ledger.session(QStringLiteral("s")));
}

void TestUsageLedger::repeatedReportCountsOnce()
{
    UsageLedger ledger;
    const Usage u { 1000, 200, 0.5 };
    QVERIFY(ledger.report(QStringLiteral("s1"), u));
    QVERIFY(!ledger.report(QStringLiteral("s1"), u)); // a replay raises nothing
    QVERIFY(!ledger.report(QStringLiteral("s1"), u));
    QCOMPARE(ledger.total(), u);
    QCOMPARE(ledger.total().total(), 1200);
}

void TestUsageLedger::keepsHighWaterPerField()
{
    UsageLedger ledger;
    ledger.report(QStringLiteral("s1"), { 1000, 100, 0.10 });
    QVERIFY(ledger.report(QStringLiteral("s1"), { 900, 300, 0.05 })); // output rose, input and cost did not
    const Usage expected { 1000, 300, 0.10 };
    QCOMPARE(ledger.total(), expected);
    QVERIFY(!ledger.report(QStringLiteral("s1"), { 10, 10, std::nullopt })); // lower everywhere: no change
    QCOMPARE(ledger.total(), expected);
}

void TestUsageLedger::sessionsAddUp()
{
    UsageLedger ledger;
    ledger.report(QStringLiteral("a"), { 100, 10, 0.01 });
    ledger.report(QStringLiteral("b"), { 200, 20, 0.02 });
    ledger.report(QStringLiteral("a"), { 150, 15, 0.015 });
    const Usage total = ledger.total();
    QCOMPARE(total.inputTokens, 350);
    QCOMPARE(total.outputTokens, 35);
    QVERIFY(total.costUsd);
    QVERIFY(qAbs(*total.costUsd - 0.035) < 1e-12);
    QCOMPARE(ledger.session(QStringLiteral("a"))->inputTokens, 150);
}

void TestUsageLedger::costOnlyWhenReported()
{
    UsageLedger ledger;
    ledger.report(QStringLiteral("a"), { 100, 10, std::nullopt });
    QVERIFY(!ledger.total().costUsd);
    ledger.report(QStringLiteral("b"), { 1, 1, 0.0 });
    QCOMPARE(ledger.total().costUsd, std::optional<double>(0.0));
}

void TestUsageLedger::eventJson()
{
    AgentEvent e;
    e.kind = AgentEvent::Kind::ToolCall;
    e.text = QStringLiteral("ls");
    e.tool = QStringLiteral("Bash");
    QCOMPARE(e.toJson(), (QJsonObject { { "kind", "tool_call" }, { "text", "ls" }, { "tool", "Bash" } }));

    AgentEvent u;
    u.kind = AgentEvent::Kind::Usage;
    u.sessionId = QStringLiteral("s");
    u.usage = Usage { 5, 6, 0.5 };
    const QJsonObject json = u.toJson();
    QCOMPARE(json.value("kind").toString(), QStringLiteral("usage"));
    QCOMPARE(json.value("session_id").toString(), QStringLiteral("s"));
    QCOMPARE(json.value("usage").toObject(),
        (QJsonObject { { "input_tokens", 5 }, { "output_tokens", 6 }, { "total_tokens", 11 }, { "cost_usd", 0.5 } }));

    QCOMPARE(AgentEvent::kindName(AgentEvent::Kind::FileChange), QStringLiteral("file_change"));
    QCOMPARE(AgentEvent::kindName(AgentEvent::Kind::RateLimit), QStringLiteral("rate_limit"));
    QCOMPARE(AgentEvent::kindName(AgentEvent::Kind::ToolResult), QStringLiteral("tool_result"));
}

QTEST_GUILESS_MAIN(TestUsageLedger)
#include "tst_usageledger.moc"
