// rowjson: the field lists the run artefacts and the Agent API share. Exactly these
// keys with these values; row ids, owner ids and times are left to the callers, so a
// field added here shows up in both places at once.

#include "rowjson.h"

#include <QJsonArray>
#include <QTest>

using namespace Autopack;
using namespace Autopack::Engine;

class TestRowJson : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void issue()
    {
        Issue i;
        i.id = 7;
        i.runId = "r1";
        i.tierId = "t1";
        i.phaseId = "p2";
        i.issueKey = "lint.unused";
        i.severity = Severity::Minor;
        i.effectiveSeverity = Severity::Major;
        i.source = "ci";
        i.category = "lint";
        i.taskCategory = "docs";
        i.complexity = "low";
        i.expectedFail = true;
        i.occurrenceCount = 3;
        i.firstSeenRun = "r0";
        i.lastSeenRun = "r1";
        i.evidenceRefs = { "a.cpp:4", "b.cpp:9" };
        i.description = "unused variable";
        i.createdAt = QDateTime::currentDateTimeUtc();
        i.updatedAt = i.createdAt;
        const QJsonObject o = issueFields(i);
        const QJsonObject expected {
            { "tier_id", "t1" }, { "phase_id", "p2" }, { "issue_key", "lint.unused" },
            { "severity", toString(Severity::Minor) }, { "effective_severity", toString(Severity::Major) },
            { "source", "ci" }, { "category", "lint" }, { "task_category", "docs" }, { "complexity", "low" },
            { "expected_fail", true }, { "occurrence_count", 3 }, { "first_seen_run", "r0" },
            { "last_seen_run", "r1" }, { "evidence_refs", QJsonArray { "a.cpp:4", "b.cpp:9" } },
            { "description", "unused variable" },
        };
        QCOMPARE(o, expected);
        QVERIFY(toString(Severity::Minor) != toString(Severity::Major)); // the two severities are told apart
    }

    void runIssue()
    {
        RunIssue i;
        i.runId = "r1";
        i.issueKey = "build.b";
        i.category = "build";
        i.severity = Severity::Major;
        i.effectiveSeverity = Severity::Major;
        i.firstPhaseIndex = 1;
        i.lastPhaseIndex = 4;
        i.occurrenceCount = 2;
        i.tiersSeen = { "t1" };
        i.phasesSeen = { "p1", "p4" };
        i.updatedAt = QDateTime::currentDateTimeUtc();
        const QJsonObject expected {
            { "issue_key", "build.b" }, { "category", "build" }, { "severity", toString(Severity::Major) },
            { "effective_severity", toString(Severity::Major) }, { "first_phase_index", 1 },
            { "last_phase_index", 4 }, { "occurrence_count", 2 }, { "tiers_seen", QJsonArray { "t1" } },
            { "phases_seen", QJsonArray { "p1", "p4" } },
        };
        QCOMPARE(runIssueFields(i), expected);
    }

    void backlogIssue()
    {
        BacklogIssue b;
        b.projectId = 3;
        b.issueKey = "lint.a";
        b.category = "lint";
        b.baseSeverity = Severity::Minor;
        b.effectiveSeverity = Severity::Major;
        b.ageInRuns = 4;
        b.ageInTiers = 6;
        b.firstRun = "r1";
        b.lastRun = "r4";
        b.lastSeen = QDateTime::currentDateTimeUtc();
        b.status = "needs_cleanup";
        const QJsonObject expected {
            { "issue_key", "lint.a" }, { "category", "lint" }, { "base_severity", toString(Severity::Minor) },
            { "effective_severity", toString(Severity::Major) }, { "age_in_runs", 4 }, { "age_in_tiers", 6 },
            { "first_run", "r1" }, { "last_run", "r4" }, { "status", "needs_cleanup" },
        };
        QCOMPARE(backlogIssueFields(b), expected);
    }

    void ciAttempt_data()
    {
        QTest::addColumn<std::optional<int>>("exitCode");
        QTest::addColumn<QJsonValue>("written");
        QTest::newRow("exited") << std::optional<int>(2) << QJsonValue(2);
        QTest::newRow("exited 0") << std::optional<int>(0) << QJsonValue(0);
        QTest::newRow("never exited") << std::optional<int>() << QJsonValue(QJsonValue::Null);
    }

    void ciAttempt()
    {
        QFETCH(std::optional<int>, exitCode);
        QFETCH(QJsonValue, written);
        CiAttempt a;
        a.runId = "r1";
        a.phaseId = "p1";
        a.attempt = 2;
        a.profile = "strict";
        a.command = "make check";
        a.candidateCommit = "abc123";
        a.exitCode = exitCode;
        a.durationMs = 1500;
        a.output = "FAIL\n";
        a.truncated = true;
        a.status = "red";
        a.startedAt = QDateTime::currentDateTimeUtc();
        const QJsonObject o = ciAttemptFields(a);
        const QJsonObject expected {
            { "attempt", 2 }, { "command", "make check" }, { "candidate_commit", "abc123" },
            { "exit_code", written }, { "status", "red" }, { "output", "FAIL\n" },
        };
        QCOMPARE(o, expected);
        QVERIFY(o.contains("exit_code")); // present as null, not left out, while it never exited
    }
};

QTEST_GUILESS_MAIN(TestRowJson)
#include "tst_rowjson.moc"
