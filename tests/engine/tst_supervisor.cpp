// Supervisor: whole runs driven through its public API against a real store, a real
// temporary git repository (made and checked with the git CLI) and real CI commands
// (sh -c), with a fake clock for leases and durations.

#include "supervisor.h"

#include "clock.h"
#include "plan.h"
#include "runblueprint.h"
#include "store.h"
#include "strategycompiler.h"

#include "../runfixture.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace Autopack;
using namespace Autopack::Engine;
using namespace Autopack::TestSupport;


namespace {

QJsonObject builderPayload(const QString &patch, qint64 tokens = 1000, const QJsonArray &issues = {})
{
    return QJsonObject { { "patch_content", patch }, { "tokens_used", tokens }, { "status", "success" },
                         { "suggested_issues", issues }, { "notes", "" } };
}

} // namespace

class TestSupervisor : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_repo;
    std::unique_ptr<Store> m_store;
    FakeClock m_clock;
    std::unique_ptr<Supervisor> m_sup;
    qint64 m_projectId = 0;
    QByteArray m_mainTip;

    void setUpProject(const QString &ciJson = kGreenCi, const QString &ruleset = QStringLiteral("{}"))
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_repo = m_dir->filePath(QStringLiteral("repo"));
        m_mainTip = makeProjectRepository(m_repo);
        QVERIFY(!m_mainTip.isEmpty());
        auto store = Store::open(m_dir->filePath(QStringLiteral("autopack.db")));
        QVERIFY2(store, qPrintable(store ? QString() : store.error().message));
        m_store = std::move(*store);
        Project p;
        p.name = QStringLiteral("demo");
        p.repoPath = m_repo;
        p.baseBranch = QStringLiteral("main");
        p.ciCommandsJson = ciJson;
        p.rulesetJson = ruleset;
        auto added = m_store->addProject(p);
        QVERIFY2(added, qPrintable(added ? QString() : added.error().message));
        m_projectId = added->id;
        startSupervisor();
    }

    void startSupervisor()
    {
        SupervisorOptions o;
        o.dataDir = m_dir->filePath(QStringLiteral("data"));
        o.leaseTtlMs = 60'000;
        o.timerIntervalMs = 3'600'000; // tests call tick() themselves
        m_sup = std::make_unique<Supervisor>(*m_store, m_clock, o);
        auto resumed = m_sup->resume();
        QVERIFY(resumed);
    }

    Run run(const QString &id) { return *m_store->run(id); }
    Phase phase(const QString &run, const QString &id) { return *m_store->phase(run, id); }
    Tier tier(const QString &run, const QString &id) { return *m_store->tier(run, id); }

    // Claims as a builder, submits a patch adding <phase>.txt and, for auto_apply phases,
    // waits for CI.
    void buildPhase(const QString &runId, const QString &expectedPhase, bool waitForCi = true)
    {
        auto work = m_sup->claimWork(QStringLiteral("builder"), QStringLiteral("agent-1"));
        QVERIFY2(work, qPrintable(work ? QString() : work.error().message));
        QVERIFY(work->has_value());
        QCOMPARE((*work)->phase.phaseId, expectedPhase);
        QCOMPARE((*work)->run.runId, runId);
        QCOMPARE((*work)->baseCommit.toUtf8(), git(m_repo, { "rev-parse", "autonomous/" + runId }));
        QSignalSpy ci(m_sup.get(), &Supervisor::ciFinished);
        auto result = m_sup->builderResult(runId, expectedPhase,
                                           builderPayload(newFilePatch(expectedPhase + ".txt", expectedPhase)),
                                           QStringLiteral("agent-1"));
        QVERIFY2(result, qPrintable(result ? QString() : result.error().message));
        QVERIFY(!result->commitSha.isEmpty());
        if (waitForCi) {
            QCOMPARE(Autopack::toString(result->phase.state), Autopack::toString(PhaseState::CiRunning));
            QVERIFY(ci.wait(30000));
            QCOMPARE(ci.first().at(2).toString(), QStringLiteral("green"));
        }
    }

    QByteArray fsck()
    {
        const auto r = runGit(m_repo, { "fsck", "--no-progress" });
        return r.exitCode == 0 ? QByteArray("ok") : r.out;
    }

private Q_SLOTS:
    void init() { m_clock = FakeClock(); }
    void cleanup()
    {
        m_sup.reset();
        m_store.reset();
        m_dir.reset();
    }

    void allGreenToDoneSuccess()
    {
        setUpProject();
        const QString runId = QStringLiteral("run-green");
        auto created = m_sup->createRun(plan(runId, { phaseJson("p1", 0, "t1", "tests"), phaseJson("p2", 1, "t1", "docs"),
                                                      phaseJson("p3", 0, "t2", "tests") }));
        QVERIFY2(created, qPrintable(created ? QString() : created.error().message));
        QCOMPARE(Autopack::toString(created->run.state), Autopack::toString(RunState::PhaseQueueing));
        QCOMPARE(created->phases.size(), 3);
        QCOMPARE(git(m_repo, { "rev-parse", "autonomous/" + runId }), m_mainTip);

        for (const QString p : { "p1", "p2", "p3" }) {
            buildPhase(runId, p);
            QCOMPARE(Autopack::toString(phase(runId, p).state), Autopack::toString(PhaseState::Complete));
        }
        const Run r = run(runId);
        QCOMPARE(Autopack::toString(r.state), Autopack::toString(RunState::DoneSuccess));
        QVERIFY(r.promotionEligible);
        QCOMPARE(Autopack::toString(tier(runId, "t1").state), Autopack::toString(TierState::Complete));
        QCOMPARE(Autopack::toString(tier(runId, "t2").state), Autopack::toString(TierState::Complete));
        QCOMPARE(Autopack::toString(tier(runId, "t2").cleanliness), Autopack::toString(Cleanliness::Clean));
        QCOMPARE(r.tokensUsed, 3000);

        // The integration branch holds one commit per phase, in order, with trailers.
        const QByteArray log = git(m_repo, { "log", "--format=%(trailers:key=Autopack-Phase,valueonly)",
                                             "main..autonomous/" + runId });
        QCOMPARE(log.simplified(), QByteArray("p3 p2 p1"));
        for (const QString p : { "p1", "p2", "p3" })
            QCOMPARE(git(m_repo, { "show", "autonomous/" + runId + ":" + p + ".txt" }), p.toUtf8());
        QVERIFY(!git(m_repo, { "rev-parse", "autonomous/" + runId + "/tier-t2/phase-p3" }).isEmpty());
        QCOMPARE(fsck(), QByteArray("ok"));
        // The user's checkout is untouched.
        QCOMPARE(git(m_repo, { "rev-parse", "--abbrev-ref", "HEAD" }), QByteArray("work"));
        QCOMPARE(git(m_repo, { "status", "--porcelain" }), QByteArray());

        // Artefacts at the terminal state, no incident pack for a success.
        const QString dir = m_sup->runDirectory(runId);
        QVERIFY(QFile::exists(dir + "/RUN_SUMMARY.md"));
        QVERIFY(QFile::exists(dir + "/run_issue_index.json"));
        QVERIFY(QFile::exists(dir + "/project_issue_backlog.json"));
        QVERIFY(QFile::exists(dir + "/tiers/t2.md"));
        QVERIFY(QFile::exists(dir + "/phases/p3.md"));
        QVERIFY(!QFile::exists(dir + "/incident/SUMMARY.md"));
        QFile summary(dir + "/RUN_SUMMARY.md");
        QVERIFY(summary.open(QIODevice::ReadOnly));
        QVERIFY(summary.readAll().contains("state: DONE_SUCCESS"));
        QFile strategy(dir + "/strategy.json");
        QVERIFY(strategy.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(strategy.readAll()), r.strategyJson);

        // Nothing more to claim.
        auto none = m_sup->claimWork(QStringLiteral("builder"), QStringLiteral("agent-1"));
        QVERIFY(none && !none->has_value());

        // Promotion: the base branch fast-forwards to the integration tip; an event says so.
        auto promoted = m_sup->promote(runId, QStringLiteral("alice"));
        QVERIFY2(promoted, qPrintable(promoted ? QString() : promoted.error().message));
        QCOMPARE(promoted->kind, QStringLiteral("fast_forward"));
        QCOMPARE(git(m_repo, { "rev-parse", "main" }), git(m_repo, { "rev-parse", "autonomous/" + runId }));
        QCOMPARE(promoted->oldBase.toUtf8(), m_mainTip);
        auto events = m_store->runEvents(runId);
        QVERIFY(events);
        QVERIFY(events->last().reason.contains("promoted to main"));
        QCOMPARE(events->last().actorName, QStringLiteral("alice"));
        QCOMPARE(fsck(), QByteArray("ok"));
    }

    void createRunRefusals()
    {
        setUpProject();
        QList<QJsonObject> many;
        for (int i = 0; i < 26; ++i)
            many << phaseJson(QStringLiteral("p%1").arg(i), i, "t1", "tests");
        auto tooMany = m_sup->createRun(plan("run-big", many));
        QVERIFY(!tooMany);
        QCOMPARE(tooMany.error().httpStatus(), 400);
        QVERIFY2(tooMany.error().message.contains("max_phases"), qPrintable(tooMany.error().message));

        auto single = m_sup->createRun(plan("run-single", { phaseJson("p1", 0, "t1", "tests"), phaseJson("p2", 0, "t2", "tests") },
                                            QJsonObject { { "run_scope", "single_tier" } }));
        QVERIFY(!single);
        QCOMPARE(single.error().httpStatus(), 400);
        QVERIFY2(single.error().message.contains("single_tier"), qPrintable(single.error().message));

        QJsonObject badTier = plan("run-badtier", { phaseJson("p1", 0, "t1", "tests") });
        QJsonArray phases = badTier.value("phases").toArray();
        QJsonObject p = phases.at(0).toObject();
        p.insert("tier_id", "nope");
        phases.replace(0, p);
        badTier.insert("phases", phases);
        auto unknown = m_sup->createRun(badTier);
        QVERIFY(!unknown);
        QCOMPARE(unknown.error().httpStatus(), 400);
        QVERIFY2(unknown.error().message.contains("unknown tier"), qPrintable(unknown.error().message));

        QVERIFY(m_sup->createRun(plan("run-1", { phaseJson("p1", 0, "t1", "tests") })));
        auto dup = m_sup->createRun(plan("run-1", { phaseJson("p1", 0, "t1", "tests") }));
        QVERIFY(!dup);
        QCOMPARE(dup.error().httpStatus(), 400);
        QCOMPARE(dup.error().message, QStringLiteral("Run run-1 already exists"));
        // None of the refused plans left a branch or a run behind.
        QCOMPARE(runGit(m_repo, { "rev-parse", "--verify", "-q", "autonomous/run-big" }).exitCode, 1);
        QCOMPARE(m_store->runs()->size(), 1);
    }

    void updateStatusRules()
    {
        setUpProject();
        QVERIFY(m_sup->createRun(plan("run-s", { phaseJson("p1", 0, "t1", "tests"), phaseJson("p2", 1, "t1", "tests") })));
        auto bad = m_sup->updateStatus("run-s", "p1", QJsonObject { { "state", "FOO" } });
        QVERIFY(!bad);
        QCOMPARE(bad.error().httpStatus(), 400);
        QCOMPARE(bad.error().message, QStringLiteral("Invalid phase state: FOO"));
        auto notCurrent = m_sup->updateStatus("run-s", "p2", QJsonObject { { "state", "EXECUTING" } });
        QVERIFY(!notCurrent);
        QCOMPARE(notCurrent.error().httpStatus(), 409);
        auto missing = m_sup->updateStatus("run-s", "p9", QJsonObject { { "state", "EXECUTING" } });
        QCOMPARE(missing.error().httpStatus(), 404);
        auto started = m_sup->updateStatus("run-s", "p1", QJsonObject { { "state", "EXECUTING" } });
        QVERIFY2(started, qPrintable(started ? QString() : started.error().message));
        QCOMPARE(Autopack::toString(started->state), Autopack::toString(PhaseState::Executing));
        QCOMPARE(Autopack::toString(run("run-s").state), Autopack::toString(RunState::PhaseExecution));
        auto gate = m_sup->updateStatus("run-s", "p1", QJsonObject { { "state", "GATE" } });
        QVERIFY(!gate);
        QCOMPARE(gate.error().httpStatus(), 409);
        QCOMPARE(gate.error().currentState, QStringLiteral("EXECUTING"));
        auto failed = m_sup->updateStatus("run-s", "p1", QJsonObject { { "state", "FAILED" }, { "tokens_used", 10 } });
        QVERIFY(failed);
        QCOMPARE(Autopack::toString(failed->state), Autopack::toString(PhaseState::Executing));
        QCOMPARE(failed->builderAttempts, 1);
        QCOMPARE(failed->tokensUsed, 10);
    }

    void builderFailsUntilEscalationThenPhaseFails()
    {
        setUpProject();
        const QString runId = QStringLiteral("run-esc");
        // tests: 3 builder attempts, 1 auditor attempt.
        QVERIFY(m_sup->createRun(plan(runId, { phaseJson("p1", 0, "t1", "tests"), phaseJson("p2", 1, "t1", "tests") })));
        for (int i = 1; i <= 3; ++i) {
            auto work = m_sup->claimWork("builder", "agent-1");
            QVERIFY(work && work->has_value());
            QCOMPARE((*work)->phase.phaseId, QStringLiteral("p1"));
            auto r = m_sup->builderResult(runId, "p1", QJsonObject { { "status", "failed" }, { "notes", "compile error" } },
                                          "agent-1");
            QVERIFY2(r, qPrintable(r ? QString() : r.error().message));
            QCOMPARE(r->phase.builderAttempts, i);
            QCOMPARE(Autopack::toString(r->phase.state), Autopack::toString(PhaseState::Executing));
        }
        // Builder attempts exhausted: builders get nothing, the auditor gets the phase.
        auto none = m_sup->claimWork("builder", "agent-1");
        QVERIFY(none && !none->has_value());
        auto late = m_sup->builderResult(runId, "p1", builderPayload(newFilePatch("x.txt", "x")), "agent-1");
        QVERIFY(!late);
        QCOMPARE(late.error().httpStatus(), 409);
        auto audit = m_sup->claimWork("auditor", "auditor-1");
        QVERIFY(audit && audit->has_value());
        QCOMPARE((*audit)->role, QStringLiteral("auditor"));
        QCOMPARE((*audit)->phase.phaseId, QStringLiteral("p1"));
        auto res = m_sup->auditorResult(runId, "p1",
                                        QJsonObject { { "recommendation", "escalate" }, { "review_notes", "hopeless" } },
                                        "auditor-1");
        QVERIFY2(res, qPrintable(res ? QString() : res.error().message));
        QCOMPARE(Autopack::toString(res->phase.state), Autopack::toString(PhaseState::Failed));
        // The tier fails (not_clean), its other phase is skipped, the run ends without
        // being promotable.
        QCOMPARE(Autopack::toString(phase(runId, "p2").state), Autopack::toString(PhaseState::Skipped));
        QCOMPARE(Autopack::toString(tier(runId, "t1").state), Autopack::toString(TierState::Failed));
        QCOMPARE(Autopack::toString(tier(runId, "t1").cleanliness), Autopack::toString(Cleanliness::NotClean));
        QCOMPARE(Autopack::toString(run(runId).state), Autopack::toString(RunState::DoneSuccess));
        QVERIFY(!run(runId).promotionEligible);
        auto promote = m_sup->promote(runId);
        QVERIFY(!promote);
        QCOMPARE(promote.error().httpStatus(), 409);
        QVERIFY(promote.error().message.contains("not_clean"));
        QCOMPARE(git(m_repo, { "rev-parse", "main" }), m_mainTip);
    }

    void escalatedAuditorPatchCompletesPhase()
    {
        setUpProject();
        const QString runId = QStringLiteral("run-aud");
        QVERIFY(m_sup->createRun(plan(runId, { phaseJson("p1", 0, "t1", "tests") })));
        for (int i = 0; i < 3; ++i)
            QVERIFY(m_sup->updateStatus(runId, "p1", QJsonObject { { "state", i == 0 ? "EXECUTING" : "FAILED" } }));
        QVERIFY(m_sup->updateStatus(runId, "p1", QJsonObject { { "state", "FAILED" } }));
        QCOMPARE(phase(runId, "p1").builderAttempts, 3);
        QSignalSpy ci(m_sup.get(), &Supervisor::ciFinished);
        auto res = m_sup->auditorResult(
            runId, "p1",
            QJsonObject { { "recommendation", "approve" },
                          { "suggested_patches", QJsonArray { QJsonObject { { "patch_content", newFilePatch("fix.txt", "fixed") } } } } },
            "auditor-1");
        QVERIFY2(res, qPrintable(res ? QString() : res.error().message));
        QCOMPARE(res->patchesApplied, 1);
        QCOMPARE(Autopack::toString(res->phase.state), Autopack::toString(PhaseState::CiRunning));
        QVERIFY(ci.wait(30000));
        QCOMPARE(Autopack::toString(run(runId).state), Autopack::toString(RunState::DoneSuccess));
        QCOMPARE(git(m_repo, { "show", "autonomous/" + runId + ":fix.txt" }), QByteArray("fixed"));
    }

    void gatedPhaseApprovedAndRejected()
    {
        setUpProject();
        const QString runId = QStringLiteral("run-gate");
        // cross_cutting_refactor: no auto_apply, so a reviewer decides (human_gates default).
        QVERIFY(m_sup->createRun(plan(runId, { phaseJson("p1", 0, "t1", "cross_cutting_refactor"),
                                               phaseJson("p2", 1, "t1", "cross_cutting_refactor") })));
        buildPhase(runId, "p1", false);
        Phase p1 = phase(runId, "p1");
        QCOMPARE(Autopack::toString(p1.state), Autopack::toString(PhaseState::Gate));
        QVERIFY(p1.awaitingReviewer);
        QCOMPARE(Autopack::toString(run(runId).state), Autopack::toString(RunState::Gate));
        // Nothing for an auditor to do at a reviewer gate.
        auto auditor = m_sup->claimWork("auditor", "auditor-1");
        QVERIFY(auditor && !auditor->has_value());
        auto noCommit = m_sup->approve(runId, "p1", QString(), "alice");
        QCOMPARE(noCommit.error().httpStatus(), 400);
        QSignalSpy ci(m_sup.get(), &Supervisor::ciFinished);
        auto approved = m_sup->approve(runId, "p1", p1.candidateCommit, "alice");
        QVERIFY2(approved, qPrintable(approved ? QString() : approved.error().message));
        QCOMPARE(Autopack::toString(approved->state), Autopack::toString(PhaseState::CiRunning));
        QVERIFY(ci.wait(30000));
        QCOMPARE(Autopack::toString(phase(runId, "p1").state), Autopack::toString(PhaseState::Complete));
        auto reviews = m_store->reviews(runId, "p1");
        QCOMPARE(reviews->size(), 1);
        QCOMPARE(reviews->first().reviewer, QStringLiteral("alice"));

        // p2: rejected with a reason and a line comment, delivered on the next claim.
        buildPhase(runId, "p2", false);
        const QString first = phase(runId, "p2").candidateCommit;
        auto noReason = m_sup->reject(runId, "p2", "  ");
        QVERIFY(!noReason);
        QCOMPARE(noReason.error().field, QStringLiteral("reason"));
        auto rejected = m_sup->reject(runId, "p2", "needs a test", { ReviewComment { "p2.txt", 1, "say why" } }, "bob");
        QVERIFY2(rejected, qPrintable(rejected ? QString() : rejected.error().message));
        QCOMPARE(Autopack::toString(rejected->state), Autopack::toString(PhaseState::Executing));
        QCOMPARE(Autopack::toString(run(runId).state), Autopack::toString(RunState::PhaseExecution));
        auto again = m_sup->claimWork("builder", "agent-2");
        QVERIFY(again && again->has_value());
        QCOMPARE((*again)->rejections.size(), 1);
        QCOMPARE((*again)->rejections.first().reason, QStringLiteral("needs a test"));
        QCOMPARE((*again)->rejections.first().comments.first().text, QStringLiteral("say why"));
        QCOMPARE((*again)->toJson().value("rejections").toArray().first().toObject().value("reason").toString(),
                 QStringLiteral("needs a test"));
        auto second = m_sup->builderResult(runId, "p2", builderPayload(newFilePatch("p2-test.txt", "test")), "agent-2");
        QVERIFY2(second, qPrintable(second ? QString() : second.error().message));
        QVERIFY(second->commitSha != first);
        // Approving what was looked at before the newer attempt is refused.
        auto stale = m_sup->approve(runId, "p2", first, "alice");
        QVERIFY(!stale);
        QCOMPARE(stale.error().httpStatus(), 409);
        QVERIFY(stale.error().message.contains(second->commitSha));
        QCOMPARE(Autopack::toString(phase(runId, "p2").state), Autopack::toString(PhaseState::Gate));
        QVERIFY(m_sup->approve(runId, "p2", second->commitSha, "alice"));
        QVERIFY(ci.wait(30000));
        QCOMPARE(Autopack::toString(run(runId).state), Autopack::toString(RunState::DoneSuccess));
        // Both attempts stay reviewable under their candidate refs.
        QCOMPARE(git(m_repo, { "rev-parse", "refs/autopack/candidates/" + runId + "/p2/1" }), first.toUtf8());
        QCOMPARE(git(m_repo, { "rev-parse", "refs/autopack/candidates/" + runId + "/p2/2" }), second->commitSha.toUtf8());
        QCOMPARE(git(m_repo, { "rev-parse", "autonomous/" + runId }), second->commitSha.toUtf8());
    }

    void tokenCapExhaustedMidRun()
    {
        setUpProject();
        const QString runId = QStringLiteral("run-tokens");
        QVERIFY(m_sup->createRun(plan(runId, { phaseJson("p1", 0, "t1", "tests"), phaseJson("p2", 1, "t1", "tests"),
                                               phaseJson("p3", 2, "t1", "tests") },
                                      QJsonObject { { "token_cap", 1000 } })));
        buildPhase(runId, "p1"); // 1000 tokens: at the cap, not over
        QCOMPARE(Autopack::toString(run(runId).state), Autopack::toString(RunState::PhaseExecution));
        auto work = m_sup->claimWork("builder", "agent-1");
        QVERIFY(work && work->has_value());
        auto r = m_sup->builderResult(runId, "p2", builderPayload(newFilePatch("p2.txt", "x"), 500), "agent-1");
        QVERIFY2(r, qPrintable(r ? QString() : r.error().message));
        const Run ended = run(runId);
        QCOMPARE(Autopack::toString(ended.state), Autopack::toString(RunState::DoneFailedBudgetExhausted));
        QVERIFY2(ended.failureReason.contains("token_cap") && ended.failureReason.contains("1500")
                     && ended.failureReason.contains("1000"),
                 qPrintable(ended.failureReason));
        QCOMPARE(Autopack::toString(phase(runId, "p1").state), Autopack::toString(PhaseState::Complete));
        QCOMPARE(Autopack::toString(phase(runId, "p2").state), Autopack::toString(PhaseState::Failed));
        QCOMPARE(Autopack::toString(phase(runId, "p3").state), Autopack::toString(PhaseState::Skipped));
        QCOMPARE(Autopack::toString(tier(runId, "t1").state), Autopack::toString(TierState::Failed));
        // The refused patch never reached the branch; the incident pack is written.
        QCOMPARE(runGit(m_repo, { "rev-parse", "-q", "--verify", "refs/autopack/candidates/" + runId + "/p2/1" }).exitCode, 1);
        const QString incident = m_sup->runDirectory(runId) + "/incident";
        QVERIFY(QFile::exists(incident + "/SUMMARY.md"));
        QVERIFY(QFile::exists(incident + "/events.json"));
        QVERIFY(QFile::exists(incident + "/ci_output.json"));
        QVERIFY(QFile::exists(incident + "/issues.json"));
        QVERIFY(QFile::exists(incident + "/patches/p1-1-builder.patch"));
        auto after = m_sup->builderResult(runId, "p3", builderPayload(newFilePatch("p3.txt", "x")), "agent-1");
        QCOMPARE(after.error().httpStatus(), 409);
    }

    void runDurationByTimer()
    {
        setUpProject();
        QVERIFY(m_sup->createRun(plan("run-slow", { phaseJson("p1", 0, "t1", "tests") })));
        QVERIFY(m_sup->claimWork("builder", "agent-1")->has_value());
        m_clock.advanceMinutes(119);
        m_sup->tick();
        QCOMPARE(Autopack::toString(run("run-slow").state), Autopack::toString(RunState::PhaseExecution));
        m_clock.advanceMinutes(2);
        m_sup->tick();
        QCOMPARE(Autopack::toString(run("run-slow").state), Autopack::toString(RunState::DoneFailedBudgetExhausted));
        QVERIFY(run("run-slow").failureReason.contains("max_duration_minutes"));
    }

    void issuesMakeTierDirty_data()
    {
        QTest::addColumn<QString>("profile");
        QTest::addColumn<int>("runState");
        QTest::newRow("normal: not_clean, run goes on") << "normal" << int(RunState::DoneSuccess);
        QTest::newRow("safety_critical: run fails") << "safety_critical" << int(RunState::DoneFailedBudgetExhausted);
    }
    void issuesMakeTierDirty()
    {
        QFETCH(QString, profile);
        QFETCH(int, runState);
        setUpProject();
        const QString runId = QStringLiteral("run-dirty");
        QVERIFY(m_sup->createRun(plan(runId, { phaseJson("p1", 0, "t1", "tests") },
                                      QJsonObject { { "safety_profile", profile } })));
        QVERIFY(m_sup->claimWork("builder", "agent-1")->has_value());
        // Three distinct minor issues: over the tier's tolerance in both profiles (2 and 1).
        QJsonArray issues;
        for (int i = 0; i < 3; ++i)
            issues.append(QJsonObject { { "issue_key", QStringLiteral("lint-%1").arg(i) }, { "severity", "minor" },
                                        { "source", "static_check" }, { "category", "lint" },
                                        { "description", "style" } });
        QSignalSpy ci(m_sup.get(), &Supervisor::ciFinished);
        auto r = m_sup->builderResult(runId, "p1", builderPayload(newFilePatch("p1.txt", "x"), 100, issues), "agent-1");
        QVERIFY2(r, qPrintable(r ? QString() : r.error().message));
        if (RunState(runState) == RunState::DoneSuccess)
            QVERIFY(ci.wait(30000));
        const Run ended = run(runId);
        QCOMPARE(int(ended.state), runState);
        QCOMPARE(Autopack::toString(tier(runId, "t1").cleanliness), Autopack::toString(Cleanliness::NotClean));
        QVERIFY(!ended.promotionEligible);
        if (profile == QLatin1String("safety_critical")) {
            QVERIFY2(ended.failureReason.contains("safety_critical"), qPrintable(ended.failureReason));
            QCOMPARE(Autopack::toString(phase(runId, "p1").state), Autopack::toString(PhaseState::Failed));
            QVERIFY(QFile::exists(m_sup->runDirectory(runId) + "/incident/SUMMARY.md"));
        }
        QCOMPARE(m_store->runIssueIndex(runId)->size(), 3);
    }

    void ciRedRetriesWithOutput()
    {
        setUpProject(QStringLiteral(R"({"normal": [{"shell": "echo boom-$RANDOM; exit 3"}], "attempts": 1, "backoff_seconds": 0})"));
        const QString runId = QStringLiteral("run-red");
        QVERIFY(m_sup->createRun(plan(runId, { phaseJson("p1", 0, "t1", "docs") }))); // docs: 2 builder attempts
        auto work = m_sup->claimWork("builder", "agent-1");
        QSignalSpy ci(m_sup.get(), &Supervisor::ciFinished);
        QVERIFY(m_sup->builderResult(runId, "p1", builderPayload(newFilePatch("a.txt", "a")), "agent-1"));
        QVERIFY(ci.wait(30000));
        QCOMPARE(ci.first().at(2).toString(), QStringLiteral("red"));
        QCOMPARE(Autopack::toString(phase(runId, "p1").state), Autopack::toString(PhaseState::Executing));
        QCOMPARE(Autopack::toString(run(runId).state), Autopack::toString(RunState::PhaseExecution));
        auto again = m_sup->claimWork("builder", "agent-1");
        QVERIFY(again && again->has_value());
        QVERIFY2((*again)->lastCiOutput.contains("boom-"), qPrintable((*again)->lastCiOutput));
        // The branch did not move.
        QCOMPARE(git(m_repo, { "rev-parse", "autonomous/" + runId }), m_mainTip);
    }

    void ciRunCapMakesTierNotClean()
    {
        // docs: 2 builder attempts, so the one-phase tier's ci_run_cap is 2; one CI run
        // of three red attempts goes over it.
        setUpProject(QStringLiteral(R"({"normal": [{"shell": "false"}], "attempts": 3, "backoff_seconds": 0})"));
        const QString runId = QStringLiteral("run-ci-cap");
        QVERIFY(m_sup->createRun(plan(runId, { phaseJson("p1", 0, "t1", "docs"), phaseJson("p2", 0, "t2", "docs") })));
        QVERIFY(m_sup->claimWork("builder", "agent-1")->has_value());
        QSignalSpy ci(m_sup.get(), &Supervisor::ciFinished);
        QVERIFY(m_sup->builderResult(runId, "p1", builderPayload(newFilePatch("a.txt", "a")), "agent-1"));
        QVERIFY(ci.wait(30000));
        QCOMPARE(tier(runId, "t1").ciRunsUsed, 3);
        QCOMPARE(Autopack::toString(tier(runId, "t1").cleanliness), Autopack::toString(Cleanliness::NotClean));
        QCOMPARE(Autopack::toString(tier(runId, "t2").cleanliness), Autopack::toString(Cleanliness::Clean));
        QCOMPARE(Autopack::toString(run(runId).state), Autopack::toString(RunState::PhaseExecution));
        QCOMPARE(Autopack::toString(phase(runId, "p1").state), Autopack::toString(PhaseState::Executing));
        bool recorded = false;
        const auto events = m_store->runEvents(runId); // named: range-for keeps no temporary alive
        QVERIFY(events);
        for (const Event &e : *events)
            recorded |= e.reason.contains("ci_run_cap");
        QVERIFY(recorded);
    }

    void ciEnvironmentFailureEndsRun()
    {
        setUpProject(QStringLiteral(R"({"normal": [["/nonexistent/autopack-ci"]], "attempts": 2, "backoff_seconds": 0})"));
        const QString runId = QStringLiteral("run-env");
        QVERIFY(m_sup->createRun(plan(runId, { phaseJson("p1", 0, "t1", "tests") })));
        buildPhase(runId, "p1", false);
        QSignalSpy finished(m_sup.get(), &Supervisor::runFinished);
        QVERIFY(finished.wait(30000));
        const Run r = run(runId);
        QCOMPARE(Autopack::toString(r.state), Autopack::toString(RunState::DoneFailedEnvironment));
        QVERIFY2(r.failureReason.contains("CI could not run"), qPrintable(r.failureReason));
        QCOMPARE(git(m_repo, { "rev-parse", "autonomous/" + runId }), m_mainTip);
        QVERIFY(QFile::exists(m_sup->runDirectory(runId) + "/incident/ci_output.json"));
    }

    void phaseTokenCapFailsOnlyThePhase()
    {
        setUpProject();
        const QString runId = QStringLiteral("run-phase-cap");
        // tests: incident_token_cap 300,000.
        QVERIFY(m_sup->createRun(plan(runId, { phaseJson("p1", 0, "t1", "tests"), phaseJson("p2", 0, "t2", "tests") })));
        QVERIFY(m_sup->claimWork("builder", "agent-1")->has_value());
        auto r = m_sup->builderResult(runId, "p1", builderPayload(newFilePatch("a.txt", "a"), 300'001), "agent-1");
        QVERIFY2(r, qPrintable(r ? QString() : r.error().message));
        QCOMPARE(Autopack::toString(phase(runId, "p1").state), Autopack::toString(PhaseState::Failed));
        QCOMPARE(Autopack::toString(tier(runId, "t1").state), Autopack::toString(TierState::Failed));
        QCOMPARE(Autopack::toString(run(runId).state), Autopack::toString(RunState::PhaseExecution));
        QCOMPARE(runGit(m_repo, { "rev-parse", "-q", "--verify", "refs/autopack/candidates/" + runId + "/p1/1" }).exitCode, 1);
        buildPhase(runId, "p2");
        QCOMPARE(Autopack::toString(run(runId).state), Autopack::toString(RunState::DoneSuccess));
        QVERIFY(!run(runId).promotionEligible);
    }

    void policyViolationIsAFailedAttempt()
    {
        setUpProject();
        const QString runId = QStringLiteral("run-policy");
        QVERIFY(m_sup->createRun(plan(runId, { phaseJson("p1", 0, "t1", "tests") })));
        QVERIFY(m_sup->claimWork("builder", "agent-1")->has_value());
        auto r = m_sup->builderResult(runId, "p1", builderPayload(newFilePatch(".git/hooks/evil", "x")), "agent-1");
        QVERIFY(!r);
        QCOMPARE(r.error().httpStatus(), 422);
        QVERIFY2(r.error().message.contains(".git/hooks/evil"), qPrintable(r.error().message));
        const Phase p = phase(runId, "p1");
        QCOMPARE(Autopack::toString(p.state), Autopack::toString(PhaseState::Executing));
        QCOMPARE(p.builderAttempts, 1);
        auto issues = m_store->phaseIssues(runId, "p1");
        QCOMPARE(issues->size(), 1);
        QCOMPARE(issues->first().issueKey, QStringLiteral("policy_violation"));
        QVERIFY(!QFile::exists(m_repo + "/.git/hooks/evil"));

        // A patch that does not apply names the file.
        const QString broken = QStringLiteral("diff --git a/README.md b/README.md\n--- a/README.md\n+++ b/README.md\n"
                                              "@@ -1 +1 @@\n-goodbye\n+hi\n");
        auto r2 = m_sup->builderResult(runId, "p1", builderPayload(broken), "agent-1");
        QVERIFY(!r2);
        QCOMPARE(r2.error().httpStatus(), 422);
        QVERIFY2(r2.error().message.contains("README.md"), qPrintable(r2.error().message));
        QCOMPARE(phase(runId, "p1").builderAttempts, 2);
        auto bad = m_sup->builderResult(runId, "p1", QJsonObject { { "tokens_used", -3 }, { "patch_content", "x" } });
        QCOMPARE(bad.error().httpStatus(), 400);
        QCOMPARE(bad.error().field, QStringLiteral("tokens_used"));
        QCOMPARE(phase(runId, "p1").builderAttempts, 2);
    }

    void leaseExpiryCountsAnAttempt()
    {
        setUpProject();
        const QString runId = QStringLiteral("run-lease");
        QVERIFY(m_sup->createRun(plan(runId, { phaseJson("p1", 0, "t1", "tests") })));
        auto first = m_sup->claimWork("builder", "agent-1");
        QVERIFY(first && first->has_value());
        // Held: another builder gets nothing.
        auto other = m_sup->claimWork("builder", "agent-2");
        QVERIFY(other && !other->has_value());
        m_clock.advance(30'000);
        QVERIFY(m_sup->heartbeat((*first)->lease.id, "agent-1"));
        m_clock.advance(59'000);
        m_sup->tick();
        QCOMPARE(phase(runId, "p1").builderAttempts, 0); // the heartbeat kept it
        m_clock.advance(2'000);
        m_sup->tick();
        QCOMPARE(phase(runId, "p1").builderAttempts, 1);
        QCOMPARE(Autopack::toString(phase(runId, "p1").state), Autopack::toString(PhaseState::Executing));
        auto late = m_sup->heartbeat((*first)->lease.id, "agent-1");
        QVERIFY(!late);
        QCOMPARE(late.error().httpStatus(), 409);
        auto taken = m_sup->claimWork("builder", "agent-2");
        QVERIFY(taken && taken->has_value());
        QCOMPARE((*taken)->phase.phaseId, QStringLiteral("p1"));
    }

    void cancelRun()
    {
        setUpProject();
        const QString runId = QStringLiteral("run-cancel");
        QVERIFY(m_sup->createRun(plan(runId, { phaseJson("p1", 0, "t1", "tests"), phaseJson("p2", 0, "t2", "tests") })));
        QVERIFY(m_sup->claimWork("builder", "agent-1")->has_value());
        QCOMPARE(m_sup->cancelRun(runId, "").error().httpStatus(), 400);
        auto cancelled = m_sup->cancelRun(runId, "wrong plan", "carol");
        QVERIFY2(cancelled, qPrintable(cancelled ? QString() : cancelled.error().message));
        QCOMPARE(Autopack::toString(cancelled->state), Autopack::toString(RunState::DoneFailedCancelled));
        QVERIFY(cancelled->failureReason.contains("wrong plan"));
        QCOMPARE(Autopack::toString(phase(runId, "p1").state), Autopack::toString(PhaseState::Failed));
        QCOMPARE(Autopack::toString(phase(runId, "p2").state), Autopack::toString(PhaseState::Skipped));
        QCOMPARE(Autopack::toString(tier(runId, "t2").state), Autopack::toString(TierState::Skipped));
        QCOMPARE(m_store->activeLeases(runId)->size(), 0);
        QCOMPARE(m_sup->cancelRun(runId, "again").error().httpStatus(), 409);
        QCOMPARE(m_sup->cancelRun("nope", "x").error().httpStatus(), 404);
        QVERIFY(QFile::exists(m_sup->runDirectory(runId) + "/incident/SUMMARY.md"));
        auto events = m_store->runEvents(runId);
        bool byCarol = false;
        for (const Event &e : *events)
            byCarol |= e.toState == QLatin1String("DONE_FAILED_CANCELLED") && e.actorName == QLatin1String("carol");
        QVERIFY(byCarol);
    }

    void restartWhileQueuedAndExecuting()
    {
        setUpProject();
        const QString runId = QStringLiteral("run-r1");
        QVERIFY(m_sup->createRun(plan(runId, { phaseJson("p1", 0, "t1", "tests"), phaseJson("p2", 1, "t1", "tests") })));
        // Restart with the run queued.
        m_sup.reset();
        startSupervisor();
        QCOMPARE(Autopack::toString(run(runId).state), Autopack::toString(RunState::PhaseQueueing));
        auto work = m_sup->claimWork("builder", "agent-1");
        QVERIFY(work && work->has_value());
        // Restart with the phase executing under agent-1's lease: the lease survives.
        m_sup.reset();
        startSupervisor();
        QCOMPARE(Autopack::toString(phase(runId, "p1").state), Autopack::toString(PhaseState::Executing));
        auto other = m_sup->claimWork("builder", "agent-2");
        QVERIFY(other && !other->has_value());
        QSignalSpy ci(m_sup.get(), &Supervisor::ciFinished);
        auto r = m_sup->builderResult(runId, "p1", builderPayload(newFilePatch("p1.txt", "p1")), "agent-1");
        QVERIFY2(r, qPrintable(r ? QString() : r.error().message));
        QVERIFY(ci.wait(30000));
        QCOMPARE(Autopack::toString(phase(runId, "p1").state), Autopack::toString(PhaseState::Complete));
        QCOMPARE(phase(runId, "p1").builderAttempts, 1);
    }

    void restartAtGate()
    {
        setUpProject();
        const QString runId = QStringLiteral("run-r2");
        QVERIFY(m_sup->createRun(plan(runId, { phaseJson("p1", 0, "t1", "cross_cutting_refactor") })));
        buildPhase(runId, "p1", false);
        const QString candidate = phase(runId, "p1").candidateCommit;
        m_sup.reset();
        startSupervisor();
        QCOMPARE(Autopack::toString(phase(runId, "p1").state), Autopack::toString(PhaseState::Gate));
        QVERIFY(phase(runId, "p1").awaitingReviewer);
        QSignalSpy ci(m_sup.get(), &Supervisor::ciFinished);
        QVERIFY(m_sup->approve(runId, "p1", candidate, "alice"));
        QVERIFY(ci.wait(30000));
        QCOMPARE(Autopack::toString(run(runId).state), Autopack::toString(RunState::DoneSuccess));
        QCOMPARE(git(m_repo, { "rev-parse", "autonomous/" + runId }), candidate.toUtf8());
    }

    void restartDuringCi()
    {
        // CI takes long enough that the supervisor is gone before it finishes.
        setUpProject(QStringLiteral(R"({"normal": [{"shell": "sleep 1"}], "attempts": 1, "backoff_seconds": 0})"));
        const QString runId = QStringLiteral("run-r3");
        QVERIFY(m_sup->createRun(plan(runId, { phaseJson("p1", 0, "t1", "tests"), phaseJson("p2", 1, "t1", "tests") })));
        buildPhase(runId, "p1", false);
        QCOMPARE(Autopack::toString(phase(runId, "p1").state), Autopack::toString(PhaseState::CiRunning));
        QTest::qWait(300); // let the first CI attempt start
        m_sup.reset();
        QCOMPARE(Autopack::toString(phase(runId, "p1").state), Autopack::toString(PhaseState::CiRunning));
        startSupervisor();
        QSignalSpy ci(m_sup.get(), &Supervisor::ciFinished);
        QVERIFY(ci.wait(30000));
        QCOMPARE(ci.first().at(2).toString(), QStringLiteral("green"));
        QCOMPARE(Autopack::toString(phase(runId, "p1").state), Autopack::toString(PhaseState::Complete));
        QCOMPARE(Autopack::toString(run(runId).state), Autopack::toString(RunState::PhaseExecution));
        // The candidate went onto the branch once; the interrupted attempt is marked.
        QCOMPARE(git(m_repo, { "rev-list", "--count", "main..autonomous/" + runId }), QByteArray("1"));
        auto attempts = m_store->ciAttempts(runId, "p1");
        QVERIFY(attempts);
        int green = 0;
        for (const CiAttempt &a : *attempts) {
            QVERIFY2(a.status != QLatin1String("running"), qPrintable(a.status));
            green += a.status == QLatin1String("green");
        }
        QCOMPARE(green, 1);
        QCOMPARE(fsck(), QByteArray("ok"));
        buildPhase(runId, "p2", false);
        QVERIFY(ci.wait(30000));
        QCOMPARE(Autopack::toString(run(runId).state), Autopack::toString(RunState::DoneSuccess));
    }

    void humanGatesOffAuditorDecides()
    {
        setUpProject(kGreenCi, QStringLiteral(R"({"human_gates": false})"));
        const QString runId = QStringLiteral("run-auditor-gate");
        // cross_cutting_refactor: no auto_apply; with human gates off the auditor decides.
        QVERIFY(m_sup->createRun(plan(runId, { phaseJson("p1", 0, "t1", "cross_cutting_refactor"),
                                               phaseJson("p2", 1, "t1", "cross_cutting_refactor") })));
        buildPhase(runId, "p1", false);
        QCOMPARE(Autopack::toString(phase(runId, "p1").state), Autopack::toString(PhaseState::Gate));
        QVERIFY(!phase(runId, "p1").awaitingReviewer);
        auto claim = m_sup->claimWork("auditor", "auditor-1");
        QVERIFY(claim && claim->has_value());
        QCOMPARE((*claim)->candidateCommit, phase(runId, "p1").candidateCommit);
        auto request = m_sup->auditorRequest(runId, "p1", QJsonObject { { "review_focus", "naming" } }, "agent-1");
        QVERIFY(request);
        QCOMPARE(request->auditorProfile, QStringLiteral("refactor_review"));
        QCOMPARE(request->reviewFocus, QStringLiteral("naming"));
        QSignalSpy ci(m_sup.get(), &Supervisor::ciFinished);
        auto approved = m_sup->auditorResult(runId, "p1", QJsonObject { { "recommendation", "approve" } }, "auditor-1");
        QVERIFY2(approved, qPrintable(approved ? QString() : approved.error().message));
        QCOMPARE(Autopack::toString(approved->phase.state), Autopack::toString(PhaseState::CiRunning));
        QVERIFY(ci.wait(30000));
        QCOMPARE(Autopack::toString(phase(runId, "p1").state), Autopack::toString(PhaseState::Complete));

        // p2: the auditor escalates; nobody may approve instead, so the run needs a human.
        buildPhase(runId, "p2", false);
        QVERIFY(m_sup->claimWork("auditor", "auditor-1")->has_value());
        auto bad = m_sup->auditorResult(runId, "p2", QJsonObject { { "recommendation", "maybe" } }, "auditor-1");
        QCOMPARE(bad.error().field, QStringLiteral("recommendation"));
        auto escalated = m_sup->auditorResult(runId, "p2",
                                              QJsonObject { { "recommendation", "escalate" }, { "review_notes", "unsafe" } },
                                              "auditor-1");
        QVERIFY2(escalated, qPrintable(escalated ? QString() : escalated.error().message));
        QCOMPARE(Autopack::toString(run(runId).state), Autopack::toString(RunState::DoneFailedRequiresHumanReview));
        QVERIFY(run(runId).failureReason.contains("unsafe"));
        QCOMPARE(Autopack::toString(phase(runId, "p2").state), Autopack::toString(PhaseState::Failed));
    }

    void onItsOwnThread()
    {
        // The engine thread owns the Supervisor; another thread (the GUI's, the HTTP
        // listener's) calls in with blocking queued invocations.
        setUpProject();
        m_sup.reset();
        QThread engine;
        engine.start();
        SupervisorOptions o;
        o.dataDir = m_dir->filePath(QStringLiteral("data"));
        o.timerIntervalMs = 3'600'000;
        // Made on the engine thread, so the CI machinery's timers live there too.
        Supervisor *sup = nullptr;
        QObject context;
        context.moveToThread(&engine);
        QMetaObject::invokeMethod(&context, [&] { sup = new Supervisor(*m_store, m_clock, o); },
                                  Qt::BlockingQueuedConnection);
        QVERIFY(sup);
        QThread *ranOn = nullptr;
        QMetaObject::invokeMethod(sup, [&] { ranOn = QThread::currentThread(); sup->resume(); },
                                  Qt::BlockingQueuedConnection);
        QCOMPARE(ranOn, &engine);
        SupervisorResult<CreatedRun> created = std::unexpected(SupervisorError::internal("not called"));
        QMetaObject::invokeMethod(sup, [&] { created = sup->createRun(plan("run-thread", { phaseJson("p1", 0, "t1", "tests") })); },
                                  Qt::BlockingQueuedConnection);
        QVERIFY2(created, qPrintable(created ? QString() : created.error().message));
        QSignalSpy finished(sup, &Supervisor::runFinished);
        SupervisorResult<BuilderOutcome> built = std::unexpected(SupervisorError::internal("not called"));
        QMetaObject::invokeMethod(sup, [&] {
            auto claim = sup->claimWork("builder", "agent-1");
            built = sup->builderResult("run-thread", "p1", builderPayload(newFilePatch("t.txt", "t")), "agent-1");
        }, Qt::BlockingQueuedConnection);
        QVERIFY2(built, qPrintable(built ? QString() : built.error().message));
        QVERIFY(finished.wait(30000)); // CI ran on the engine thread's event loop
        QCOMPARE(Autopack::toString(finished.first().at(1).value<RunState>()), Autopack::toString(RunState::DoneSuccess));
        QMetaObject::invokeMethod(sup, [&] { delete sup; }, Qt::BlockingQueuedConnection);
        engine.quit();
        engine.wait();
        QCOMPARE(Autopack::toString(run("run-thread").state), Autopack::toString(RunState::DoneSuccess));
    }

    void restartWhileRunCreated()
    {
        // The process died between storing the run and queueing its phases.
        setUpProject();
        m_sup.reset();
        auto parsed = Plan::fromJson(plan("run-r0", { phaseJson("p1", 0, "t1", "tests") }));
        QVERIFY(parsed);
        auto strategy = StrategyCompiler().compile(*parsed);
        QVERIFY(strategy);
        const RunBlueprint b = RunBlueprint::fromStrategy(*strategy, m_projectId);
        QVERIFY(m_store->createRun(b.run, b.tiers, b.phases));
        QCOMPARE(Autopack::toString(run("run-r0").state), Autopack::toString(RunState::RunCreated));
        startSupervisor();
        QCOMPARE(Autopack::toString(run("run-r0").state), Autopack::toString(RunState::PhaseQueueing));
        QCOMPARE(git(m_repo, { "rev-parse", "autonomous/run-r0" }), m_mainTip);
        buildPhase("run-r0", "p1");
        QCOMPARE(Autopack::toString(run("run-r0").state), Autopack::toString(RunState::DoneSuccess));
    }

    void restartWithLeaseExpiringMeanwhile()
    {
        setUpProject();
        QVERIFY(m_sup->createRun(plan("run-r4", { phaseJson("p1", 0, "t1", "tests") })));
        auto claim = m_sup->claimWork("builder", "agent-1");
        QVERIFY(claim && claim->has_value());
        m_sup.reset();
        startSupervisor();
        m_clock.advance(61'000); // past the 60 s lease, by the store's expiry
        m_sup->tick();
        QCOMPARE(phase("run-r4", "p1").builderAttempts, 1);
        QCOMPARE(m_store->activeLeases("run-r4")->size(), 0);
        auto again = m_sup->claimWork("builder", "agent-2");
        QVERIFY(again && again->has_value());
        m_sup->tick(); // the new lease is fresh: nothing more is counted
        QCOMPARE(phase("run-r4", "p1").builderAttempts, 1);
    }

    void restartAfterBranchMovedBeforeRecord()
    {
        // The branch was advanced but the process died before the store recorded it:
        // on resume CI runs again and the branch is not moved a second time.
        setUpProject(QStringLiteral(R"({"normal": [{"shell": "sleep 1"}], "attempts": 1, "backoff_seconds": 0})"));
        const QString runId = QStringLiteral("run-r5");
        QVERIFY(m_sup->createRun(plan(runId, { phaseJson("p1", 0, "t1", "tests") })));
        buildPhase(runId, "p1", false);
        const QString candidate = phase(runId, "p1").candidateCommit;
        m_sup.reset();
        git(m_repo, { "update-ref", "refs/heads/autonomous/" + runId, candidate, m_mainTip });
        startSupervisor();
        QSignalSpy finished(m_sup.get(), &Supervisor::runFinished);
        QVERIFY(finished.wait(30000));
        QCOMPARE(Autopack::toString(run(runId).state), Autopack::toString(RunState::DoneSuccess));
        QCOMPARE(git(m_repo, { "rev-parse", "autonomous/" + runId }), candidate.toUtf8());
        QCOMPARE(git(m_repo, { "rev-list", "--count", "main..autonomous/" + runId }), QByteArray("1"));
        QCOMPARE(git(m_repo, { "rev-parse", "autonomous/" + runId + "/tier-t1/phase-p1^{commit}" }), candidate.toUtf8());
        QCOMPARE(fsck(), QByteArray("ok"));
    }

    void protectedGlobs()
    {
        setUpProject(kGreenCi, QStringLiteral(R"({"category_overrides": {"docs": {"allow_protected_paths": true}}})"));
        Project p = *m_store->project(m_projectId);
        p.protectedGlobs = QStringList { QStringLiteral("secrets/") };
        QVERIFY(m_store->updateProject(p));
        QVERIFY(m_sup->createRun(plan("run-prot", { phaseJson("p1", 0, "t1", "tests"), phaseJson("p2", 1, "t1", "docs") })));
        QVERIFY(m_sup->claimWork("builder", "agent-1")->has_value());
        auto refused = m_sup->builderResult("run-prot", "p1", builderPayload(newFilePatch("secrets/key", "k")), "agent-1");
        QVERIFY(!refused);
        QCOMPARE(refused.error().httpStatus(), 422);
        QVERIFY2(refused.error().message.contains("secrets/key"), qPrintable(refused.error().message));
        buildPhase("run-prot", "p1");
        // docs may touch protected paths by the ruleset.
        auto work = m_sup->claimWork("builder", "agent-1");
        QVERIFY(work && work->has_value());
        QSignalSpy ci(m_sup.get(), &Supervisor::ciFinished);
        auto allowed = m_sup->builderResult("run-prot", "p2", builderPayload(newFilePatch("secrets/README", "r")), "agent-1");
        QVERIFY2(allowed, qPrintable(allowed ? QString() : allowed.error().message));
        QVERIFY(ci.wait(30000));
        QCOMPARE(Autopack::toString(run("run-prot").state), Autopack::toString(RunState::DoneSuccess));
    }

    void agedBacklogIssueGetsDebtCleanupPhase()
    {
        setUpProject();
        // The same minor issue in two runs' tier t1: two run+tier pairs, aged (normal: 2).
        for (const QString runId : { "run-old-1", "run-old-2" }) {
            QVERIFY(m_sup->createRun(plan(runId, { phaseJson("p1", 0, "t1", "tests") })));
            QVERIFY(m_sup->claimWork("builder", "agent-1")->has_value());
            auto rec = m_sup->recordIssue(runId, "p1",
                                          QJsonObject { { "issue_key", "old-debt" }, { "severity", "minor" },
                                                        { "source", "test" }, { "category", "style" } });
            QVERIFY2(rec, qPrintable(rec ? QString() : rec.error().message));
            QVERIFY(m_sup->cancelRun(runId, "next try"));
        }
        auto created = m_sup->createRun(plan("run-new", { phaseJson("p1", 0, "t1", "tests") }));
        QVERIFY2(created, qPrintable(created ? QString() : created.error().message));
        QCOMPARE(created->run.debtStatus, QStringLiteral("needs_cleanup"));
        QCOMPARE(created->phases.size(), 2);
        const Phase cleanup = created->phases.last();
        QCOMPARE(cleanup.tierId, QStringLiteral("t1"));
        buildPhase("run-new", "p1");
        // debt_cleanup has no auto_apply: a reviewer decides.
        buildPhase("run-new", cleanup.phaseId, false);
        QCOMPARE(Autopack::toString(phase("run-new", cleanup.phaseId).state), Autopack::toString(PhaseState::Gate));
        QSignalSpy ci(m_sup.get(), &Supervisor::ciFinished);
        QVERIFY(m_sup->approve("run-new", cleanup.phaseId, phase("run-new", cleanup.phaseId).candidateCommit, "alice"));
        QVERIFY(ci.wait(30000));
        QCOMPARE(Autopack::toString(run("run-new").state), Autopack::toString(RunState::DoneSuccess));
    }

    void artefactsOnDemandAndResolve()
    {
        setUpProject();
        const QString runId = QStringLiteral("run-art");
        QVERIFY(m_sup->createRun(plan(runId, { phaseJson("p1", 0, "t1", "tests") })));
        QVERIFY(m_sup->claimWork("builder", "agent-1")->has_value());
        auto rec = m_sup->recordIssue(runId, "p1",
                                      QJsonObject { { "issue_key", "flaky-io" }, { "severity", "minor" },
                                                    { "source", "test" }, { "category", "io" } });
        QVERIFY2(rec, qPrintable(rec ? QString() : rec.error().message));
        QCOMPARE(m_sup->recordIssue(runId, "p1", QJsonObject { { "severity", "minor" } }).error().httpStatus(), 400);
        auto dir = m_sup->writeArtefacts(runId);
        QVERIFY(dir);
        QFile index(*dir + "/run_issue_index.json");
        QVERIFY(index.open(QIODevice::ReadOnly));
        const QJsonObject o = QJsonDocument::fromJson(index.readAll()).object();
        QCOMPARE(o.value("issues").toArray().first().toObject().value("issue_key").toString(), QStringLiteral("flaky-io"));
        QFile issues(*dir + "/phases/p1_issues.json");
        QVERIFY(issues.open(QIODevice::ReadOnly));
        QVERIFY(issues.readAll().contains("flaky-io"));
        QCOMPARE(m_sup->writeArtefacts("nope").error().httpStatus(), 404);

        QCOMPARE(m_sup->resolveIssue(m_projectId, "flaky-io", "").error().httpStatus(), 400);
        QCOMPARE(m_sup->resolveIssue(m_projectId, "nope", "fixed").error().httpStatus(), 404);
        auto resolved = m_sup->resolveIssue(m_projectId, "flaky-io", "fixed upstream", "alice");
        QVERIFY2(resolved, qPrintable(resolved ? QString() : resolved.error().message));
        QCOMPARE(resolved->status, QStringLiteral("resolved"));
    }
};

QTEST_GUILESS_MAIN(TestSupervisor)
#include "tst_supervisor.moc"
