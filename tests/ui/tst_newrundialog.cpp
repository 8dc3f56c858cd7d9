// NewRunDialog: a plan file checked and compiled before anything is created, a refusal
// naming the offending field with Create disabled, the compiled strategy previewed,
// and Create going through the real Supervisor (which writes the run and its branch).

#include "newrundialog.h"
#include "supervisedfixture.h"
#include "supervisorruncreator.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTest>

using namespace Autopack;
using namespace Autopack::Ui;

namespace {

QJsonObject phaseJson(const QString &id, int index, const QString &tier, const QString &category)
{
    return QJsonObject { { "phase_id", id }, { "phase_index", index }, { "tier_id", tier },
        { "name", QStringLiteral("Phase %1").arg(id) }, { "description", "" }, { "task_category", category },
        { "complexity", "" }, { "builder_mode", "" } };
}

QJsonObject validPlan(const QString &runId)
{
    return QJsonObject { { "run", QJsonObject { { "run_id", runId }, { "safety_profile", "normal" } } },
        { "tiers",
            QJsonArray { QJsonObject { { "tier_id", "t1" }, { "tier_index", 0 }, { "name", "Schema" } },
                QJsonObject { { "tier_id", "t2" }, { "tier_index", 1 }, { "name", "Docs" } } } },
        { "phases",
            QJsonArray { phaseJson("s1", 0, "t1", "schema_change"), phaseJson("d1", 0, "t2", "docs"),
                phaseJson("d2", 1, "t2", "tests") } } };
}

QByteArray bytes(const QJsonObject &o) { return QJsonDocument(o).toJson(); }

int runCount(Store &store)
{
    const auto snapshot = store.snapshot();
    return snapshot ? int(snapshot->runs.size()) : -1;
}

} // namespace

class TestNewRunDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void refusesInvalidPlanNamingTheField_data();
    void refusesInvalidPlanNamingTheField();
    void unreadableFileIsRefused();
    void previewsValidPlanWithoutCreating();
    void createGoesThroughSupervisor();
    void createChecksAgainAndRefusesWhatChanged();
};

void TestNewRunDialog::refusesInvalidPlanNamingTheField_data()
{
    QTest::addColumn<QByteArray>("plan");
    QTest::addColumn<QString>("field");

    QJsonObject unknownTier = validPlan("run-2");
    QJsonArray phases = unknownTier["phases"].toArray();
    phases[1] = phaseJson("d1", 0, "t9", "docs");
    unknownTier["phases"] = phases;
    QTest::newRow("unknown tier") << bytes(unknownTier) << QStringLiteral("$.phases[1].tier_id");

    QJsonObject noRunId = validPlan("run-2");
    noRunId["run"] = QJsonObject { { "safety_profile", "normal" } };
    QTest::newRow("missing run_id") << bytes(noRunId) << QStringLiteral("$.run.run_id");

    QJsonObject wrongType = validPlan("run-2");
    wrongType["phases"] = QStringLiteral("all of them");
    QTest::newRow("phases not an array") << bytes(wrongType) << QStringLiteral("$.phases");

    QTest::newRow("duplicate run") << bytes(validPlan("run-1")) << QStringLiteral("$.run.run_id");

    QJsonObject tooMany = validPlan("run-2");
    QJsonArray many;
    for (int i = 0; i < 26; ++i)
        many.append(phaseJson(QStringLiteral("p%1").arg(i), i, "t1", "docs"));
    tooMany["phases"] = many;
    QTest::newRow("26 phases") << bytes(tooMany) << QStringLiteral("split");

    QTest::newRow("not JSON") << QByteArray("{\"run\": {\"run_id\": \"x\"},") << QStringLiteral("not valid JSON");
}

void TestNewRunDialog::refusesInvalidPlanNamingTheField()
{
    QFETCH(QByteArray, plan);
    QFETCH(QString, field);
    UiTest::SupervisedFixture f;
    QCOMPARE(f.error, QString());
    const int before = runCount(*f.store);
    SupervisorRunCreator creator(*f.supervisor, QStringLiteral("tester"));
    NewRunDialog dialog(*f.store, &creator);
    QVERIFY(dialog.setProjectId(f.projectId));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    dialog.setPlanJson(plan);

    QVERIFY(!dialog.isPlanValid());
    QVERIFY2(dialog.refusal().contains(field), qPrintable(dialog.refusal()));
    QVERIFY2(dialog.errorLabel()->text().contains(field), qPrintable(dialog.errorLabel()->text()));
    QVERIFY(!dialog.createButton()->isEnabled());
    QVERIFY(dialog.previewText().startsWith(QStringLiteral("Nothing will be created")));
    QTest::mouseClick(dialog.createButton(), Qt::LeftButton);
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QVERIFY(dialog.createdRunId().isEmpty());
    QCOMPARE(runCount(*f.store), before);
}

void TestNewRunDialog::unreadableFileIsRefused()
{
    UiTest::SupervisedFixture f;
    QCOMPARE(f.error, QString());
    NewRunDialog dialog(*f.store, nullptr);
    const QString missing = f.dir.filePath(QStringLiteral("no-such-plan.json"));
    QVERIFY(!dialog.loadPlanFile(missing));
    QVERIFY(!dialog.isPlanValid());
    QVERIFY2(dialog.refusal().contains(QStringLiteral("no-such-plan.json")), qPrintable(dialog.refusal()));
}

void TestNewRunDialog::previewsValidPlanWithoutCreating()
{
    UiTest::SupervisedFixture f;
    QCOMPARE(f.error, QString());
    const int before = runCount(*f.store);
    SupervisorRunCreator creator(*f.supervisor, QStringLiteral("tester"));
    NewRunDialog dialog(*f.store, &creator);
    QVERIFY(dialog.setProjectId(f.projectId));
    QFile file(f.dir.filePath(QStringLiteral("plan.json")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(bytes(validPlan("run-2")));
    file.close();
    QVERIFY(dialog.loadPlanFile(file.fileName()));

    QVERIFY2(dialog.isPlanValid(), qPrintable(dialog.refusal()));
    QVERIFY(dialog.createButton()->isEnabled());
    const QString preview = dialog.previewText();
    // The summary: the project, the three phases with their compiled settings.
    QVERIFY2(preview.contains(QStringLiteral("Run run-2 on project demo, base branch main")), qPrintable(preview));
    QVERIFY(preview.contains(QStringLiteral("Tier t1 Schema")));
    // schema_change is high-risk: high complexity, strict attempts, a reviewer gate.
    QVERIFY2(preview.contains(QStringLiteral("s1 Phase s1 · schema_contract_change (schema_change) · high complexity · gate reviewer")),
        qPrintable(preview));
    QVERIFY(preview.contains(QStringLiteral("d1 Phase d1 · docs · low complexity · gate automatic")));
    QVERIFY(preview.contains(QStringLiteral("d2 Phase d2 · tests · low complexity")));
    // The strategy JSON exactly as it would be frozen.
    const qsizetype json = preview.indexOf(QStringLiteral("Strategy JSON:\n"));
    QVERIFY(json > 0);
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(preview.mid(json + 15).toUtf8(), &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(doc.object().value(QStringLiteral("run_id")).toString(), QStringLiteral("run-2"));
    QVERIFY(dialog.preview()->isReadOnly());
    // Nothing created by previewing.
    QCOMPARE(runCount(*f.store), before);
    QVERIFY(!f.store->run(QStringLiteral("run-2")));
}

void TestNewRunDialog::createGoesThroughSupervisor()
{
    UiTest::SupervisedFixture f;
    QCOMPARE(f.error, QString());
    SupervisorRunCreator creator(*f.supervisor, QStringLiteral("tester"));
    NewRunDialog dialog(*f.store, &creator);
    QVERIFY(dialog.setProjectId(f.projectId));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    dialog.setPlanJson(bytes(validPlan("run-2")));
    QVERIFY2(dialog.isPlanValid(), qPrintable(dialog.refusal()));
    QTest::mouseClick(dialog.createButton(), Qt::LeftButton);

    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(dialog.createdRunId(), QStringLiteral("run-2"));
    const auto run = f.store->run(QStringLiteral("run-2"));
    QVERIFY(run);
    QCOMPARE(toString(run->state), toString(RunState::PhaseQueueing));
    QCOMPARE(run->integrationBranch, QStringLiteral("autonomous/run-2"));
    QVERIFY(!run->strategyJson.isEmpty());
    // The branch exists in the repository, made by the Supervisor through libgit2.
    QCOMPARE(UiTest::git(f.repo, { "rev-parse", "--verify", "-q", "refs/heads/autonomous/run-2" }),
        UiTest::git(f.repo, { "rev-parse", "main" }));
}

void TestNewRunDialog::createChecksAgainAndRefusesWhatChanged()
{
    UiTest::SupervisedFixture f;
    QCOMPARE(f.error, QString());
    SupervisorRunCreator creator(*f.supervisor, QStringLiteral("tester"));
    NewRunDialog dialog(*f.store, &creator);
    QVERIFY(dialog.setProjectId(f.projectId));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    dialog.setPlanJson(bytes(validPlan("run-2")));
    QVERIFY(dialog.isPlanValid());
    // Meanwhile an agent starts a run of the same id.
    QVERIFY(f.supervisor->createRun(validPlan("run-2"), f.projectId));
    QTest::mouseClick(dialog.createButton(), Qt::LeftButton);
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QVERIFY(!dialog.isPlanValid());
    QVERIFY2(dialog.refusal().contains(QStringLiteral("Run run-2 already exists")), qPrintable(dialog.refusal()));
    QVERIFY(!dialog.createButton()->isEnabled());
}

QTEST_MAIN(TestNewRunDialog)
#include "tst_newrundialog.moc"
