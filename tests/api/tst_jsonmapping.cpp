// JsonMapping: the field names and types existing agents read (SPEC §8), tiers and
// phases nested in the order given, null for unset times, and Supervisor refusals as
// SPEC §8 error bodies.

#include "jsonmapping.h"

#include <QJsonArray>
#include <QTest>

using namespace Autopack;
using namespace Autopack::Api;
using namespace Autopack::Engine;

class TestJsonMapping : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void runHasTheNamesAgentsRead()
    {
        CreatedRun c;
        c.run.runId = "r1";
        c.run.state = RunState::PhaseExecution;
        c.run.tokensUsed = 42;
        c.run.createdAt = QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5), Qt::UTC);
        for (int i = 0; i < 2; ++i) {
            Tier t;
            t.tierId = QStringLiteral("t%1").arg(i);
            t.tierIndex = i;
            t.cleanliness = i ? Cleanliness::NotClean : Cleanliness::Clean;
            c.tiers.append(t);
        }
        for (const auto &[tier, id] : { std::pair { "t0", "a" }, { "t1", "b" }, { "t0", "c" } }) {
            Phase p;
            p.tierId = tier;
            p.phaseId = id;
            p.state = PhaseState::Gate;
            c.phases.append(p);
        }
        const QJsonObject o = runJson(c);
        QCOMPARE(o.value("id").toString(), QStringLiteral("r1"));
        QCOMPARE(o.value("run_id").toString(), QStringLiteral("r1"));
        QCOMPARE(o.value("state").toString(), QStringLiteral("PHASE_EXECUTION"));
        QCOMPARE(o.value("tokens_used").toInteger(), 42);
        QCOMPARE(o.value("created_at").toString(), QStringLiteral("2026-01-02T03:04:05.000Z"));
        QVERIFY(o.value("started_at").isNull());
        QVERIFY(o.value("completed_at").isNull());
        for (const char *name : { "safety_profile", "run_scope", "ci_runs_used", "minor_issues_count",
                                  "major_issues_count", "promotion_eligible_to_main", "debt_status", "failure_reason" })
            QVERIFY2(o.contains(name), name);
        const QJsonArray tiers = o.value("tiers").toArray();
        QCOMPARE(tiers.size(), 2);
        QCOMPARE(tiers[0]["id"].toString(), QStringLiteral("t0"));
        QCOMPARE(tiers[1]["cleanliness"].toString(), QStringLiteral("not_clean"));
        QCOMPARE(tiers[0]["phases"].toArray().size(), 2);
        QCOMPARE(tiers[0]["phases"][1]["phase_id"].toString(), QStringLiteral("c"));
        QCOMPARE(tiers[0]["phases"][1]["id"].toString(), QStringLiteral("c"));
        QCOMPARE(tiers[0]["phases"][1]["state"].toString(), QStringLiteral("GATE"));
        QCOMPARE(tiers[1]["phases"][0]["phase_id"].toString(), QStringLiteral("b"));
        for (const char *name : { "name", "task_category", "complexity", "builder_mode", "phase_index" })
            QVERIFY2(tiers[0]["phases"][0].toObject().contains(name), name);
    }

    void errorsAsSpecBodies_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("current");
        QTest::newRow("invalid") << int(SupervisorError::Kind::InvalidField) << 400 << "run.run_id" << "";
        QTest::newRow("forbidden") << int(SupervisorError::Kind::Forbidden) << 403 << "" << "";
        QTest::newRow("not found") << int(SupervisorError::Kind::NotFound) << 404 << "" << "";
        QTest::newRow("illegal") << int(SupervisorError::Kind::IllegalState) << 409 << "" << "GATE";
        QTest::newRow("refused") << int(SupervisorError::Kind::PatchRefused) << 422 << "" << "";
    }
    void errorsAsSpecBodies()
    {
        QFETCH(int, kind);
        QFETCH(int, status);
        QFETCH(QString, field);
        QFETCH(QString, current);
        SupervisorError e;
        e.kind = SupervisorError::Kind(kind);
        e.message = "what went wrong";
        e.field = field;
        e.currentState = current;
        const HttpResponse r = supervisorErrorResponse(e);
        QCOMPARE(r.status, status);
        const QJsonObject body = QJsonDocument::fromJson(r.body).object();
        QCOMPARE(body.value("detail").toString(), QStringLiteral("what went wrong"));
        QCOMPARE(body.value("error").toString(), e.code());
        QCOMPARE(body.value("field").toString(), field);
        QCOMPARE(body.value("current_state").toString(), current);
    }

    void engineFieldPathsAreNamedAsTheApiNamesThem()
    {
        const auto field = [](const QString &path) {
            return QJsonDocument::fromJson(supervisorErrorResponse(SupervisorError::invalid(path, "bad")).body)
                .object()
                .value("field")
                .toString();
        };
        QCOMPARE(field("$.issue_key"), QStringLiteral("issue_key"));
        QCOMPARE(field("$.phases[3].tier_id"), QStringLiteral("phases[3].tier_id"));
        QCOMPARE(field("$"), QStringLiteral("body"));
        QCOMPARE(field("status"), QStringLiteral("status"));
    }

    void internalErrorsHideTheirDetail()
    {
        const HttpResponse r = supervisorErrorResponse(SupervisorError::internal("SQLITE_BUSY in table phases"));
        QCOMPARE(r.status, 500);
        QVERIFY(!r.body.contains("SQLITE"));
    }

    void eventAndLease()
    {
        Event e;
        e.id = 7;
        e.runId = "r";
        e.entityKind = EntityKind::Phase;
        e.entityId = "p1";
        e.toState = "GATE";
        e.actor = Actor::Builder;
        const QJsonObject o = eventJson(e);
        QCOMPARE(o.value("id").toInteger(), 7);
        QCOMPARE(o.value("entity_kind").toString(), QStringLiteral("phase"));
        QCOMPARE(o.value("actor").toString(), QStringLiteral("builder"));
        Lease l;
        l.id = 3;
        l.expiresAt = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC);
        QCOMPARE(leaseJson(l).value("lease_id").toInteger(), 3);
        QCOMPARE(leaseJson(l).value("expires_at").toString(), QStringLiteral("2026-01-01T00:00:00.000Z"));
        QVERIFY(leaseJson(l).value("released_at").isNull());
    }
};

QTEST_GUILESS_MAIN(TestJsonMapping)
#include "tst_jsonmapping.moc"
