#include "agentpresence.h"

#include <QSignalSpy>
#include <QTest>

using namespace Autopack;

class TestAgentPresence : public QObject
{
    Q_OBJECT

    static Api::RequestLogEntry entry(const QString &who, const QDateTime &time)
    {
        Api::RequestLogEntry e;
        e.principal = who;
        e.time = time;
        e.method = QStringLiteral("POST");
        e.path = QStringLiteral("/work/claim");
        e.status = 200;
        return e;
    }

private Q_SLOTS:
    void countsDistinctAgentsWithinTheWindow()
    {
        QDateTime now = QDateTime(QDate(2026, 11, 26), QTime(12, 0), Qt::UTC);
        Host::AgentPresence presence(std::chrono::minutes(1), [&] { return now; });
        QSignalSpy changed(&presence, &Host::AgentPresence::countChanged);

        presence.seen(entry(QStringLiteral("builder-1"), now));
        presence.seen(entry(QStringLiteral("builder-1"), now)); // same agent again
        presence.seen(entry(QStringLiteral("auditor-1"), now.addSecs(30)));
        presence.seen(entry(QString(), now)); // no valid token: not an agent
        QCOMPARE(presence.count(), 2);
        QCOMPARE(presence.agents(), (QStringList { "auditor-1", "builder-1" }));
        QCOMPARE(changed.count(), 2);

        now = now.addSecs(70); // builder-1 last seen 70 s ago, auditor-1 40 s ago
        presence.expire();
        QCOMPARE(presence.count(), 1);
        QCOMPARE(presence.agents(), QStringList { "auditor-1" });
        QCOMPARE(changed.count(), 3);
        QCOMPARE(changed.last().first().toInt(), 1);

        now = now.addSecs(60);
        presence.expire();
        QCOMPARE(presence.count(), 0);
    }

    void keepsEachAgentsRoleAndLastRequest()
    {
        QDateTime now = QDateTime(QDate(2026, 11, 26), QTime(12, 0), Qt::UTC);
        Host::AgentPresence presence(std::chrono::minutes(1), [&] { return now; });
        QSignalSpy changed(&presence, &Host::AgentPresence::agentsChanged);
        Api::RequestLogEntry builder = entry(QStringLiteral("builder-1"), now);
        builder.role = QStringLiteral("builder");
        Api::RequestLogEntry auditor = entry(QStringLiteral("auditor-1"), now);
        auditor.role = QStringLiteral("auditor");
        presence.seen(builder);
        presence.seen(auditor);
        builder.time = now.addSecs(20);
        presence.seen(builder); // the count stays, the last request moves
        QCOMPARE(changed.count(), 3);
        const auto agents = presence.seenAgents();
        QCOMPARE(agents.size(), 2);
        QCOMPARE(agents.at(0).name, QStringLiteral("auditor-1"));
        QCOMPARE(agents.at(0).role, QStringLiteral("auditor"));
        QCOMPARE(agents.at(1).name, QStringLiteral("builder-1"));
        QCOMPARE(agents.at(1).lastSeen, now.addSecs(20));

        now = now.addSecs(70);
        presence.expire();
        QCOMPARE(presence.seenAgents().size(), 1);
        QCOMPARE(changed.count(), 4);
        presence.expire(); // nobody dropped: no change
        QCOMPARE(changed.count(), 4);
    }

    void expiresByItself()
    {
        Host::AgentPresence presence(std::chrono::milliseconds(300));
        presence.seen(entry(QStringLiteral("b"), QDateTime::currentDateTimeUtc()));
        QCOMPARE(presence.count(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(presence.count(), 0, 5000);
    }
};

QTEST_GUILESS_MAIN(TestAgentPresence)
#include "tst_agentpresence.moc"
