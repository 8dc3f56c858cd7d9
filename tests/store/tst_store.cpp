// The Store against a real SQLite file in a QTemporaryDir: round trips of every table,
// migrations, refusal of a newer schema, rollback, the event log, tokens and a writer
// thread beside a reading main thread.

#include "store.h"
#include "storemigrator.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <cmath>

#include <atomic>

using namespace Autopack;

namespace {

// A plain connection of the test's own, to look at and tamper with the file behind the
// Store's back.
class RawDb
{
public:
    explicit RawDb(const QString &path)
        : m_name(QStringLiteral("raw-%1").arg(++s_serial))
    {
        auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
        if (!db.open())
            qFatal("cannot open %s", qPrintable(path));
    }
    ~RawDb()
    {
        QSqlDatabase::database(m_name, false).close();
        QSqlDatabase::removeDatabase(m_name);
    }
    QSqlDatabase db() const { return QSqlDatabase::database(m_name, false); }
    bool exec(const QString &sql)
    {
        QSqlQuery q(db());
        if (!q.exec(sql)) {
            qWarning() << sql << q.lastError().text();
            return false;
        }
        return true;
    }
    QVariant value(const QString &sql)
    {
        QSqlQuery q(db());
        if (!q.exec(sql) || !q.next())
            return {};
        return q.value(0);
    }
    // Every row of every table, as text, in a stable order.
    QString dump()
    {
        QString out;
        QStringList tables = db().tables(QSql::Tables);
        tables.sort();
        for (const QString &t : tables) {
            out += QStringLiteral("## %1\n").arg(t);
            QSqlQuery q(db());
            q.exec(QStringLiteral("SELECT * FROM %1 ORDER BY rowid").arg(t));
            while (q.next()) {
                QStringList cells;
                for (int i = 0; i < q.record().count(); ++i)
                    cells << (q.value(i).isNull() ? QStringLiteral("NULL") : q.value(i).toString());
                out += cells.join(QLatin1Char('|')) + QLatin1Char('\n');
            }
        }
        return out;
    }

private:
    static inline int s_serial = 0;
    QString m_name;
};

struct Plan {
    Run run;
    QList<Tier> tiers;
    QList<Phase> phases;
};

Plan makePlan(const QString &runId, qint64 projectId, int tierCount = 2, int phasesPerTier = 2)
{
    Plan p;
    p.run.runId = runId;
    p.run.projectId = projectId;
    p.run.safetyProfile = QStringLiteral("safety_critical");
    p.run.runScope = QStringLiteral("multi_tier");
    p.run.tokenCap = 1234567;
    p.run.maxPhases = 20;
    p.run.maxDurationMinutes = 90;
    p.run.maxMinorIssuesTotal = 12;
    p.run.strategyJson = QStringLiteral("{\"frozen\":true}");
    p.run.integrationBranch = QStringLiteral("autonomous/") + runId;
    p.run.baseCommit = QStringLiteral("0123456789abcdef0123456789abcdef01234567");
    p.run.debtStatus = QStringLiteral("none");
    int phaseIndex = 0;
    for (int t = 0; t < tierCount; ++t) {
        Tier tier;
        tier.tierId = QStringLiteral("T%1").arg(t + 1);
        tier.tierIndex = t;
        tier.name = QStringLiteral("Tier %1").arg(t + 1);
        tier.description = QStringLiteral("tier ü %1").arg(t);
        tier.tokenCap = 3000 + t;
        tier.ciRunCap = 4 + t;
        tier.maxMinorIssuesTolerated = 2;
        tier.maxMajorIssuesTolerated = 0;
        p.tiers << tier;
        for (int i = 0; i < phasesPerTier; ++i) {
            Phase ph;
            ph.tierId = tier.tierId;
            ph.phaseId = QStringLiteral("P%1").arg(++phaseIndex);
            ph.phaseIndex = i;
            ph.name = QStringLiteral("Phase %1").arg(phaseIndex);
            ph.description = QStringLiteral("does 'things' \"quoted\"");
            ph.taskCategory = QStringLiteral("tests");
            ph.complexity = QStringLiteral("low");
            ph.builderMode = QStringLiteral("tweak_light");
            ph.maxBuilderAttempts = 2;
            ph.maxAuditorAttempts = 1;
            ph.incidentTokenCap = 300000;
            ph.baseCommit = QStringLiteral("abc");
            p.phases << ph;
        }
    }
    return p;
}

Project makeProject(const QString &name)
{
    Project p;
    p.name = name;
    p.repoPath = QStringLiteral("/repos/") + name;
    p.baseBranch = QStringLiteral("main");
    p.rulesetJson = QStringLiteral("{\"human_gates\":true}");
    p.ciCommandsJson = QStringLiteral("{\"normal\":[\"make\",\"test\"]}");
    p.protectedGlobs = { QStringLiteral("secrets/**"), QStringLiteral("*.pem") };
    return p;
}

QByteArray fileBytes(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

int eventCount(Store &store)
{
    auto e = store.events(0, 100000);
    return e ? int(e->size()) : -1;
}

// Contexts to try for a transition, from "everything went well" to "everything went
// wrong"; the first one the table accepts is used. Which one does not matter here:
// tst_statemachine checks the guards, this checks that the store honours the table.
QList<TransitionContext> candidateContexts()
{
    TransitionContext good;
    good.candidateApplied = good.gateChecksPassed = good.approved = good.ciGreen = good.morePhases = true;
    TransitionContext retry;
    retry.ciRed = true;
    retry.builderAttempts = 1;
    retry.maxBuilderAttempts = 3;
    TransitionContext finished;
    finished.allPhasesFinished = true;
    finished.ciGreen = true;
    TransitionContext bad;
    bad.ciRed = bad.budgetExceeded = bad.policyViolation = bad.escalated = bad.environmentFailure = bad.runEnding
        = bad.phaseFailed = true;
    bad.builderAttempts = bad.maxBuilderAttempts = 3;
    QList<TransitionContext> all { good, retry, finished, bad };
    for (TransitionContext &c : all)
        c.reason = QStringLiteral("because");
    return all;
}

template<typename State>
std::optional<std::pair<Actor, TransitionContext>> passingChoice(State from, State to)
{
    const auto *rule = StateMachine::rule(from, to);
    if (!rule)
        return std::nullopt;
    for (int a = 0; a < ActorCount; ++a) {
        if (!rule->allows(Actor(a)))
            continue;
        for (const TransitionContext &c : candidateContexts()) {
            if (StateMachine::check(QStringLiteral("x"), from, to, Actor(a), c))
                return std::pair { Actor(a), c };
        }
    }
    return std::nullopt;
}

} // namespace

class tst_Store : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_serial = 0;

    QString freshPath() { return m_dir.filePath(QStringLiteral("db%1.sqlite").arg(++m_serial)); }

    std::unique_ptr<Store> openStore(const QString &path)
    {
        auto s = Store::open(path);
        if (!s) {
            qWarning() << s.error().message;
            return {};
        }
        return std::move(*s);
    }

    // A store with one project and one run (2 tiers × 2 phases).
    std::unique_ptr<Store> storeWithRun(QString *path = nullptr, CreatedRun *created = nullptr)
    {
        const QString p = freshPath();
        if (path)
            *path = p;
        auto store = openStore(p);
        if (!store)
            return {};
        auto project = store->addProject(makeProject(QStringLiteral("alpha")));
        if (!project)
            return {};
        const Plan plan = makePlan(QStringLiteral("run-1"), project->id);
        auto c = store->createRun(plan.run, plan.tiers, plan.phases);
        if (!c) {
            qWarning() << c.error().message;
            return {};
        }
        if (created)
            *created = *c;
        return store;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        qRegisterMetaType<Autopack::Run>();
        qRegisterMetaType<Autopack::Tier>();
        qRegisterMetaType<Autopack::Phase>();
        qRegisterMetaType<Autopack::Event>();
        qRegisterMetaType<Autopack::Project>();
    }

    void openCreatesTheSchemaWithWalAndForeignKeys()
    {
        const QString path = freshPath();
        auto store = openStore(path);
        QVERIFY(store);
        QCOMPARE(store->schemaVersion(), StoreMigrator::latestVersion());
        QCOMPARE(StoreMigrator::latestVersion(), 6);
        RawDb raw(path);
        QCOMPARE(raw.value(QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));
        const QStringList tables = raw.db().tables();
        for (const char *t :
            { "projects", "runs", "tiers", "phases", "events", "phase_issues", "run_issues", "backlog_issues",
                "agent_tokens", "reviews", "review_comments", "ci_attempts", "leases", "schema_migrations" })
            QVERIFY2(tables.contains(QLatin1String(t)), t);
        for (const QString &file : QStringList { path, path + QStringLiteral("-wal"), path + QStringLiteral("-shm") }) {
            QVERIFY2(QFile::exists(file), qPrintable(file));
            QCOMPARE(QFile::permissions(file)
                    & (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther),
                QFile::Permissions());
        }
        // foreign_keys is per connection: a phase pointing at no tier must be refused
        // through the store's own connection, which we reach by a bad createRun below.
        Project p = makeProject(QStringLiteral("fk"));
        auto added = store->addProject(p);
        QVERIFY(added);
        Plan plan = makePlan(QStringLiteral("r"), added->id + 1000);
        auto refused = store->createRun(plan.run, plan.tiers, plan.phases);
        QVERIFY(!refused);
        QCOMPARE(refused.error().field, QStringLiteral("run.project_id"));
    }

    void migratesAnEmptyFile()
    {
        const QString path = freshPath();
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
        }
        QCOMPARE(QFileInfo(path).size(), 0);
        auto store = openStore(path);
        QVERIFY(store);
        QCOMPARE(store->schemaVersion(), StoreMigrator::latestVersion());
        QVERIFY(store->projects());
    }

    void migratesAVersion1Database()
    {
        const QString path = freshPath();
        {
            RawDb raw(path);
            QSqlDatabase db = raw.db();
            auto v = StoreMigrator::migrate(db, 1);
            QVERIFY2(v, v ? "" : qPrintable(v.error().message));
            QCOMPARE(*v, 1);
            QVERIFY(!db.tables().contains(QStringLiteral("agent_tokens")));
            QVERIFY(raw.exec(QStringLiteral(
                "INSERT INTO projects (name, repo_path, base_branch, ruleset_json, ci_commands_json, "
                "protected_globs_json, created_at) VALUES ('old', '/repos/old', 'main', '{}', '{}', '[]', "
                "'2025-01-02T03:04:05.006Z')")));
        }
        auto store = openStore(path);
        QVERIFY(store);
        QCOMPARE(store->schemaVersion(), StoreMigrator::latestVersion());
        auto old = store->projectByName(QStringLiteral("old"));
        QVERIFY(old);
        QCOMPARE(old->repoPath, QStringLiteral("/repos/old"));
        QCOMPARE(old->createdAt, QDateTime(QDate(2025, 1, 2), QTime(3, 4, 5, 6), Qt::UTC));
        // The version-2 tables work on the upgraded file.
        auto token = store->createToken(QStringLiteral("t"), QStringLiteral("observer"));
        QVERIFY(token);
        RawDb raw(path);
        QCOMPARE(raw.value(QStringLiteral("SELECT COUNT(*) FROM schema_migrations")).toInt(), 6);
    }

    void refusesANewerSchemaWithoutTouchingIt()
    {
        const QString path = freshPath();
        {
            auto store = openStore(path);
            QVERIFY(store);
            QVERIFY(store->addProject(makeProject(QStringLiteral("keep"))));
        }
        {
            RawDb raw(path);
            QVERIFY(raw.exec(QStringLiteral(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future.sql', 'x')")));
            // Back to a rollback journal, as a future version might leave it: switching
            // it to WAL would rewrite the header, so this also proves the version is
            // checked before any PRAGMA that writes.
            QVERIFY(raw.exec(QStringLiteral("PRAGMA journal_mode = DELETE")));
        }
        QVERIFY(!QFile::exists(path + QStringLiteral("-wal")));
        const QByteArray before = fileBytes(path);
        QVERIFY(!before.isEmpty());
        auto refused = Store::open(path);
        QVERIFY(!refused);
        QCOMPARE(refused.error().kind, StoreError::Kind::SchemaTooNew);
        QVERIFY2(refused.error().message.contains(QLatin1String("99")), qPrintable(refused.error().message));
        QVERIFY2(refused.error().message.contains(path), qPrintable(refused.error().message));
        QCOMPARE(fileBytes(path), before);
        QVERIFY(!QFile::exists(path + QStringLiteral("-wal")));
        RawDb raw(path);
        QCOMPARE(raw.value(QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("delete"));
    }

    void projectsRoundTrip()
    {
        auto store = openStore(freshPath());
        QVERIFY(store);
        QSignalSpy changed(store->notifier(), &StoreNotifier::projectChanged);
        Project p = makeProject(QStringLiteral("beta"));
        auto added = store->addProject(p);
        QVERIFY2(added, added ? "" : qPrintable(added.error().message));
        QVERIFY(added->id > 0);
        QVERIFY(added->createdAt.isValid());
        QCOMPARE(changed.count(), 1);
        for (const auto &got : { store->project(added->id), store->projectByName(QStringLiteral("beta")),
                 store->projectByPath(p.repoPath) }) {
            QVERIFY(got);
            QCOMPARE(got->name, p.name);
            QCOMPARE(got->repoPath, p.repoPath);
            QCOMPARE(got->baseBranch, p.baseBranch);
            QCOMPARE(got->rulesetJson, p.rulesetJson);
            QCOMPARE(got->ciCommandsJson, p.ciCommandsJson);
            QCOMPARE(got->protectedGlobs, p.protectedGlobs);
            QCOMPARE(got->createdAt, added->createdAt);
        }
        Project edited = *added;
        edited.baseBranch = QStringLiteral("develop");
        edited.protectedGlobs = {};
        auto updated = store->updateProject(edited);
        QVERIFY(updated);
        QCOMPARE(store->project(added->id)->baseBranch, QStringLiteral("develop"));
        QVERIFY(store->project(added->id)->protectedGlobs.isEmpty());
        QCOMPARE(changed.count(), 2);

        auto dup = store->addProject(makeProject(QStringLiteral("beta")));
        QVERIFY(!dup);
        QCOMPARE(dup.error().kind, StoreError::Kind::Duplicate);
        QVERIFY(dup.error().message.contains(QLatin1String("beta")));

        Project bad = makeProject(QStringLiteral("gamma"));
        bad.rulesetJson = QStringLiteral("{not json");
        auto invalid = store->addProject(bad);
        QVERIFY(!invalid);
        QCOMPARE(invalid.error().kind, StoreError::Kind::InvalidInput);
        QCOMPARE(invalid.error().field, QStringLiteral("project.ruleset_json"));
        QCOMPARE(store->projects()->size(), 1);
        QCOMPARE(changed.count(), 2);
    }

    void runsRoundTrip()
    {
        auto store = openStore(freshPath());
        QVERIFY(store);
        auto project = store->addProject(makeProject(QStringLiteral("p")));
        QVERIFY(project);
        QSignalSpy inserted(store->notifier(), &StoreNotifier::runInserted);
        Plan plan = makePlan(QStringLiteral("run-42"), project->id, 2, 3);
        plan.run.state = RunState::PlanBootstrap;
        auto created = store->createRun(plan.run, plan.tiers, plan.phases);
        QVERIFY2(created, created ? "" : qPrintable(created.error().message));
        QCOMPARE(inserted.count(), 1);
        const auto args = inserted.takeFirst();
        QCOMPARE(args.at(0).value<Run>().runId, QStringLiteral("run-42"));
        QCOMPARE(args.at(2).value<QList<Phase>>().size(), 6);

        auto run = store->run(QStringLiteral("run-42"));
        QVERIFY(run);
        QCOMPARE(run->id, created->run.id);
        QCOMPARE(run->projectId, project->id);
        QVERIFY(run->state == RunState::PlanBootstrap);
        QCOMPARE(run->safetyProfile, plan.run.safetyProfile);
        QCOMPARE(run->runScope, plan.run.runScope);
        QCOMPARE(run->tokenCap, plan.run.tokenCap);
        QCOMPARE(run->maxPhases, plan.run.maxPhases);
        QCOMPARE(run->maxDurationMinutes, plan.run.maxDurationMinutes);
        QCOMPARE(run->maxMinorIssuesTotal, plan.run.maxMinorIssuesTotal);
        QCOMPARE(run->strategyJson, plan.run.strategyJson);
        QCOMPARE(run->integrationBranch, plan.run.integrationBranch);
        QCOMPARE(run->baseCommit, plan.run.baseCommit);
        QCOMPARE(run->debtStatus, plan.run.debtStatus);
        QVERIFY(run->createdAt.isValid());
        QVERIFY(!run->startedAt.isValid());
        QVERIFY(!run->completedAt.isValid());

        auto tiers = store->tiers(QStringLiteral("run-42"));
        QVERIFY(tiers);
        QCOMPARE(tiers->size(), 2);
        for (int i = 0; i < 2; ++i) {
            const Tier &t = tiers->at(i);
            QCOMPARE(t.tierId, plan.tiers[i].tierId);
            QCOMPARE(t.runRowId, run->id);
            QCOMPARE(t.runId, QStringLiteral("run-42"));
            QCOMPARE(t.tierIndex, plan.tiers[i].tierIndex);
            QCOMPARE(t.name, plan.tiers[i].name);
            QCOMPARE(t.description, plan.tiers[i].description);
            QCOMPARE(t.tokenCap, plan.tiers[i].tokenCap);
            QCOMPARE(t.ciRunCap, plan.tiers[i].ciRunCap);
            QCOMPARE(t.maxMinorIssuesTolerated, 2);
            QVERIFY(t.state == TierState::Pending);
            QVERIFY(t.cleanliness == Cleanliness::Clean);
        }
        auto phases = store->phases(QStringLiteral("run-42"));
        QVERIFY(phases);
        QCOMPARE(phases->size(), 6);
        for (int i = 0; i < 6; ++i) {
            const Phase &p = phases->at(i);
            const Phase &e = plan.phases[i];
            QCOMPARE(p.phaseId, e.phaseId);
            QCOMPARE(p.tierId, e.tierId);
            QCOMPARE(p.tierRowId, tiers->at(i / 3).id);
            QCOMPARE(p.phaseIndex, e.phaseIndex);
            QCOMPARE(p.name, e.name);
            QCOMPARE(p.description, e.description);
            QCOMPARE(p.taskCategory, e.taskCategory);
            QCOMPARE(p.complexity, e.complexity);
            QCOMPARE(p.builderMode, e.builderMode);
            QCOMPARE(p.maxBuilderAttempts, e.maxBuilderAttempts);
            QCOMPARE(p.maxAuditorAttempts, e.maxAuditorAttempts);
            QCOMPARE(p.incidentTokenCap, e.incidentTokenCap);
            QCOMPARE(p.baseCommit, e.baseCommit);
            QCOMPARE(p.issueState, QStringLiteral("no_issues"));
            QVERIFY(p.state == PhaseState::Queued);
        }
        QCOMPARE(store->phase(QStringLiteral("run-42"), QStringLiteral("P4"))->name, QStringLiteral("Phase 4"));
        QCOMPARE(store->runs(project->id)->size(), 1);
        QCOMPARE(store->runs(project->id + 1)->size(), 0);

        // Refusals name what was wrong and insert nothing.
        auto dup = store->createRun(plan.run, plan.tiers, plan.phases);
        QVERIFY(!dup);
        QCOMPARE(dup.error().kind, StoreError::Kind::Duplicate);
        QCOMPARE(dup.error().message, QStringLiteral("Run run-42 already exists"));

        Plan orphan = makePlan(QStringLiteral("run-43"), project->id);
        orphan.phases[2].tierId = QStringLiteral("T9");
        auto unknownTier = store->createRun(orphan.run, orphan.tiers, orphan.phases);
        QVERIFY(!unknownTier);
        QCOMPARE(unknownTier.error().field, QStringLiteral("phases[2].tier_id"));
        QVERIFY(unknownTier.error().message.contains(QLatin1String("unknown tier")));

        Plan started = makePlan(QStringLiteral("run-44"), project->id);
        started.phases[0].state = PhaseState::Executing;
        auto notInitial = store->createRun(started.run, started.tiers, started.phases);
        QVERIFY(!notInitial);
        QCOMPARE(notInitial.error().field, QStringLiteral("phases[0].state"));

        QCOMPARE(store->runs()->size(), 1);
        QCOMPARE(inserted.count(), 0);

        auto missing = store->phase(QStringLiteral("run-42"), QStringLiteral("nope"));
        QVERIFY(!missing);
        QCOMPARE(missing.error().kind, StoreError::Kind::NotFound);
        auto missingRun = store->phase(QStringLiteral("no-run"), QStringLiteral("P1"));
        QVERIFY(!missingRun);
        QVERIFY(missingRun.error().message.contains(QLatin1String("no-run")));
    }

    void transitionsAppendExactlyOneEventEach()
    {
        auto store = storeWithRun();
        QVERIFY(store);
        QSignalSpy phaseSpy(store->notifier(), &StoreNotifier::phaseChanged);
        QSignalSpy eventSpy(store->notifier(), &StoreNotifier::eventAppended);
        const int before = eventCount(*store);
        QCOMPARE(before, 1); // the run's creation

        const QString run = QStringLiteral("run-1");
        const QString ph = QStringLiteral("P1");
        auto e1 = store->transitionPhase(
            run, ph, PhaseState::Executing, Actor::Builder, QStringLiteral("claimed"), {}, QStringLiteral("bot-1"));
        QVERIFY2(e1, e1 ? "" : qPrintable(e1.error().message));
        QVERIFY(e1->state == PhaseState::Executing);
        QCOMPARE(eventCount(*store), before + 1);

        // Refused: not in the table. Nothing changes, no event, no signal.
        auto refused = store->transitionPhase(run, ph, PhaseState::Complete, Actor::Builder, QStringLiteral("done?"));
        QVERIFY(!refused);
        QCOMPARE(refused.error().kind, StoreError::Kind::IllegalTransition);
        QVERIFY(refused.error().transition);
        QCOMPARE(refused.error().transition->fromState, QStringLiteral("EXECUTING"));
        QVERIFY2(refused.error().message.contains(QLatin1String("EXECUTING")), qPrintable(refused.error().message));
        QVERIFY(refused.error().message.contains(QLatin1String("P1")));
        QCOMPARE(eventCount(*store), before + 1);
        QVERIFY(store->phase(run, ph)->state == PhaseState::Executing);

        // Refused by its guard: no candidate yet.
        auto guard = store->transitionPhase(run, ph, PhaseState::Gate, Actor::Supervisor, QStringLiteral("gate"));
        QVERIFY(!guard);
        QCOMPARE(guard.error().transition->kind, TransitionError::Kind::GuardFailed);
        QCOMPARE(eventCount(*store), before + 1);

        TransitionContext applied;
        applied.candidateApplied = true;
        PhaseUpdate candidate;
        candidate.candidateCommit = QStringLiteral("cafe");
        candidate.builderAttempts = 1;
        auto e2 = store->transitionPhase(
            run, ph, PhaseState::Gate, Actor::Supervisor, QStringLiteral("patch applied"), applied, {}, candidate);
        QVERIFY(e2);
        QCOMPARE(e2->candidateCommit, QStringLiteral("cafe"));
        QCOMPARE(e2->builderAttempts, 1);
        QCOMPARE(eventCount(*store), before + 2);

        auto events = store->runEvents(run);
        QVERIFY(events);
        QCOMPARE(events->size(), 3);
        const Event &claim = events->at(1);
        QVERIFY(claim.entityKind == EntityKind::Phase);
        QCOMPARE(claim.entityId, ph);
        QCOMPARE(claim.entityRowId, e1->id);
        QCOMPARE(claim.fromState, QStringLiteral("QUEUED"));
        QCOMPARE(claim.toState, QStringLiteral("EXECUTING"));
        QVERIFY(claim.actor == Actor::Builder);
        QCOMPARE(claim.actorName, QStringLiteral("bot-1"));
        QCOMPARE(claim.reason, QStringLiteral("claimed"));
        QCOMPARE(claim.time.timeSpec(), Qt::UTC);
        QVERIFY(qAbs(claim.time.secsTo(QDateTime::currentDateTimeUtc())) < 60);

        QCOMPARE(phaseSpy.count(), 2);
        QCOMPARE(eventSpy.count(), 2);
        // The emitted row is the row as stored, field by field.
        const Phase emitted = phaseSpy.at(1).at(0).value<Phase>();
        const Phase reread = *store->phase(run, ph);
        QCOMPARE(emitted.candidateCommit, QStringLiteral("cafe"));
        QVERIFY(emitted.state == reread.state);
        QCOMPARE(emitted.id, reread.id);
        QCOMPARE(emitted.tierRowId, reread.tierRowId);
        QCOMPARE(emitted.builderAttempts, reread.builderAttempts);
        QCOMPARE(emitted.candidateCommit, reread.candidateCommit);
        QCOMPARE(emitted.baseCommit, reread.baseCommit);
        QCOMPARE(emitted.name, reread.name);
        QCOMPARE(emitted.updatedAt, reread.updatedAt);
        QCOMPARE(eventSpy.at(1).at(0).value<Event>().id, events->at(2).id);
    }

    void everyTableRowThroughTheStoreWritesOneEvent()
    {
        auto store = openStore(freshPath());
        QVERIFY(store);
        auto project = store->addProject(makeProject(QStringLiteral("rows")));
        QVERIFY(project);
        QSignalSpy eventSpy(store->notifier(), &StoreNotifier::eventAppended);
        int serial = 0;
        // A fresh run with one tier and one phase, the run starting in `initial`.
        auto freshRun = [&](RunState initial) -> QString {
            Plan plan = makePlan(QStringLiteral("rows-%1").arg(++serial), project->id, 1, 1);
            plan.run.state = initial;
            auto c = store->createRun(plan.run, plan.tiers, plan.phases);
            return c ? c->run.runId : QString();
        };
        int accepted = 0;
        int refused = 0;

        // Phases: reach `from` along the lifecycle, then take the row.
        const QList<PhaseState> phasePath { PhaseState::Executing, PhaseState::Gate, PhaseState::CiRunning };
        for (const auto &rule : StateMachine::phaseTable()) {
            const QString run = freshRun(RunState::RunCreated);
            QVERIFY(!run.isEmpty());
            PhaseState at = PhaseState::Queued;
            for (PhaseState step : phasePath) {
                if (at == rule.from)
                    break;
                const auto choice = passingChoice(at, step);
                QVERIFY(choice);
                QVERIFY(store->transitionPhase(
                    run, QStringLiteral("P1"), step, choice->first, QStringLiteral("path"), choice->second));
                at = step;
            }
            QVERIFY(at == rule.from);
            // Every target not in the table from here: refused, nothing written.
            for (int t = 0; t < PhaseStateCount; ++t) {
                if (StateMachine::rule(rule.from, PhaseState(t)))
                    continue;
                const int before = eventCount(*store);
                const int signalsBefore = int(eventSpy.count());
                QVERIFY(!store->transitionPhase(run, QStringLiteral("P1"), PhaseState(t), Actor::Supervisor,
                    QStringLiteral("no"), candidateContexts().first()));
                QCOMPARE(eventCount(*store), before);
                QCOMPARE(int(eventSpy.count()), signalsBefore);
                ++refused;
            }
            const auto choice = passingChoice(rule.from, rule.to);
            QVERIFY2(choice, qPrintable(toString(rule.from) + QStringLiteral(" -> ") + toString(rule.to)));
            const int before = eventCount(*store);
            auto done = store->transitionPhase(
                run, QStringLiteral("P1"), rule.to, choice->first, QStringLiteral("row"), choice->second);
            QVERIFY2(done, done ? "" : qPrintable(done.error().message));
            QVERIFY(done->state == rule.to);
            QCOMPARE(eventCount(*store), before + 1);
            const Event last = store->runEvents(run)->last();
            QCOMPARE(last.fromState, toString(rule.from));
            QCOMPARE(last.toState, toString(rule.to));
            QVERIFY(last.actor == choice->first);
            ++accepted;
        }

        // Tiers.
        for (const auto &rule : StateMachine::tierTable()) {
            const QString run = freshRun(RunState::RunCreated);
            if (rule.from == TierState::InProgress)
                QVERIFY(store->transitionTier(
                    run, QStringLiteral("T1"), TierState::InProgress, Actor::Supervisor, QStringLiteral("path")));
            const auto choice = passingChoice(rule.from, rule.to);
            QVERIFY(choice);
            const int before = eventCount(*store);
            QVERIFY(store->transitionTier(
                run, QStringLiteral("T1"), rule.to, choice->first, QStringLiteral("row"), choice->second));
            QCOMPARE(eventCount(*store), before + 1);
            ++accepted;
        }

        // Runs: PLAN_BOOTSTRAP is a starting state of its own; the rest lie on the path.
        const QList<RunState> runPath { RunState::PhaseQueueing, RunState::PhaseExecution, RunState::Gate,
            RunState::CiRunning, RunState::SnapshotCreated };
        for (const auto &rule : StateMachine::runTable()) {
            const bool draft = rule.from == RunState::PlanBootstrap;
            const QString run = freshRun(draft ? RunState::PlanBootstrap : RunState::RunCreated);
            RunState at = draft ? RunState::PlanBootstrap : RunState::RunCreated;
            for (RunState step : runPath) {
                if (at == rule.from)
                    break;
                const auto choice = passingChoice(at, step);
                QVERIFY(choice);
                QVERIFY(store->transitionRun(run, step, choice->first, QStringLiteral("path"), choice->second));
                at = step;
            }
            QVERIFY(at == rule.from);
            const auto choice = passingChoice(rule.from, rule.to);
            QVERIFY2(choice, qPrintable(toString(rule.from) + QStringLiteral(" -> ") + toString(rule.to)));
            const int before = eventCount(*store);
            auto done = store->transitionRun(run, rule.to, choice->first, QStringLiteral("row"), choice->second);
            QVERIFY2(done, done ? "" : qPrintable(done.error().message));
            QVERIFY(done->state == rule.to);
            QCOMPARE(eventCount(*store), before + 1);
            QCOMPARE(done->completedAt.isValid(), isTerminal(rule.to));
            ++accepted;
        }
        QCOMPARE(accepted,
            int(StateMachine::phaseTable().size() + StateMachine::tierTable().size()
                + StateMachine::runTable().size()));
        QVERIFY(refused > 20);
        // Signals: one per event, run creations included.
        QCOMPARE(int(eventSpy.count()), eventCount(*store));
    }

    void runTransitionsStampTimesAndFailureReason()
    {
        auto store = storeWithRun();
        QVERIFY(store);
        const QString run = QStringLiteral("run-1");
        QVERIFY(store->transitionRun(run, RunState::PhaseQueueing, Actor::Supervisor, QStringLiteral("queued")));
        TransitionContext more;
        more.morePhases = true;
        auto started
            = store->transitionRun(run, RunState::PhaseExecution, Actor::Supervisor, QStringLiteral("go"), more);
        QVERIFY(started);
        QVERIFY(started->startedAt.isValid());
        QVERIFY(!started->completedAt.isValid());

        // Without a reason a failure state is refused by its guard.
        TransitionContext budget;
        budget.budgetExceeded = true;
        auto noReason
            = store->transitionRun(run, RunState::DoneFailedBudgetExhausted, Actor::Supervisor, QString(), budget);
        QVERIFY(!noReason);
        QCOMPARE(noReason.error().transition->kind, TransitionError::Kind::GuardFailed);

        auto failed = store->transitionRun(run, RunState::DoneFailedBudgetExhausted, Actor::Supervisor,
            QStringLiteral("token_cap 1234567 exceeded: 1300000 used"), budget);
        QVERIFY2(failed, failed ? "" : qPrintable(failed.error().message));
        QVERIFY(failed->completedAt.isValid());
        QCOMPARE(failed->failureReason, QStringLiteral("token_cap 1234567 exceeded: 1300000 used"));
        QCOMPARE(failed->startedAt, started->startedAt);

        // Terminal: even the reviewer's cancel is refused now.
        auto cancel = store->transitionRun(run, RunState::DoneFailedCancelled, Actor::Reviewer, QStringLiteral("stop"));
        QVERIFY(!cancel);
        QCOMPARE(cancel.error().transition->kind, TransitionError::Kind::NotInTable);
        QVERIFY(cancel.error().message.contains(QLatin1String("DONE_FAILED_BUDGET_EXHAUSTED")));

        auto tier = store->transitionTier(
            run, QStringLiteral("T1"), TierState::Skipped, Actor::Supervisor, QStringLiteral("run ended"));
        QVERIFY(tier);
        QVERIFY(tier->state == TierState::Skipped);
        QCOMPARE(store->runEvents(run)->size(), 5);
    }

    void batchedTransitionsAreAllOrNothing()
    {
        QString path;
        auto store = storeWithRun(&path);
        QVERIFY(store);
        const QString run = QStringLiteral("run-1");
        QVERIFY(store->transitionRun(run, RunState::PhaseQueueing, Actor::Supervisor, QStringLiteral("queued")));
        QSignalSpy phaseSpy(store->notifier(), &StoreNotifier::phaseChanged);
        QSignalSpy runSpy(store->notifier(), &StoreNotifier::runChanged);
        QSignalSpy eventSpy(store->notifier(), &StoreNotifier::eventAppended);

        TransitionRequest runStarts;
        runStarts.runId = run;
        runStarts.to = RunState::PhaseExecution;
        runStarts.reason = QStringLiteral("first phase");
        runStarts.context.morePhases = true;
        TransitionRequest tierStarts;
        tierStarts.runId = run;
        tierStarts.entityId = QStringLiteral("T1");
        tierStarts.to = TierState::InProgress;
        tierStarts.reason = QStringLiteral("first phase");
        TransitionRequest phaseStarts;
        phaseStarts.runId = run;
        phaseStarts.entityId = QStringLiteral("P1");
        phaseStarts.to = PhaseState::Executing;
        phaseStarts.actor = Actor::Builder;
        phaseStarts.reason = QStringLiteral("claimed");
        phaseStarts.phaseUpdate.baseCommit = QStringLiteral("feed");
        // The same phase again: EXECUTING -> EXECUTING needs attempts left, and there are
        // none in this context, so the whole batch must be refused at step 4.
        TransitionRequest retry = phaseStarts;
        retry.reason = QStringLiteral("retry");

        RawDb raw(path);
        const QString before = raw.dump();
        auto refused = store->transitionAll({ runStarts, tierStarts, phaseStarts, retry });
        QVERIFY(!refused);
        QCOMPARE(refused.error().kind, StoreError::Kind::IllegalTransition);
        QVERIFY2(
            refused.error().message.startsWith(QLatin1String("step 4 of 4: ")), qPrintable(refused.error().message));
        QCOMPARE(raw.dump(), before);
        QCOMPARE(phaseSpy.count() + runSpy.count() + eventSpy.count(), 0);

        const int events = eventCount(*store);
        auto done = store->transitionAll({ runStarts, tierStarts, phaseStarts });
        QVERIFY2(done, done ? "" : qPrintable(done.error().message));
        QCOMPARE(done->runs.size(), 1);
        QCOMPARE(done->tiers.size(), 1);
        QCOMPARE(done->phases.size(), 1);
        QCOMPARE(done->phases.first().baseCommit, QStringLiteral("feed"));
        QVERIFY(store->run(run)->state == RunState::PhaseExecution);
        QVERIFY(store->tier(run, QStringLiteral("T1"))->state == TierState::InProgress);
        QVERIFY(store->phase(run, QStringLiteral("P1"))->state == PhaseState::Executing);
        QCOMPARE(eventCount(*store), events + 3);
        QCOMPARE(eventSpy.count(), 3);
        QCOMPARE(runSpy.count(), 1);
        QCOMPARE(phaseSpy.count(), 1);
        QVERIFY(!store->transitionAll({}));
    }

    void aFailingWriteLeavesTheDatabaseAsItWas()
    {
        QString path;
        auto store = storeWithRun(&path);
        QVERIFY(store);
        QVERIFY(store->transitionPhase(QStringLiteral("run-1"), QStringLiteral("P1"), PhaseState::Executing,
            Actor::Supervisor, QStringLiteral("dispatch")));
        RawDb raw(path);
        // Forced failure in the middle: the phase row is updated, then the event insert
        // aborts.
        QVERIFY(raw.exec(QStringLiteral("CREATE TRIGGER forced_event_failure BEFORE INSERT ON events BEGIN SELECT "
                                        "RAISE(ABORT, 'forced failure'); END")));
        const QString before = raw.dump();
        QSignalSpy phaseSpy(store->notifier(), &StoreNotifier::phaseChanged);
        TransitionContext applied;
        applied.candidateApplied = true;
        auto failed = store->transitionPhase(QStringLiteral("run-1"), QStringLiteral("P1"), PhaseState::Gate,
            Actor::Supervisor, QStringLiteral("applied"), applied, {},
            PhaseUpdate { .builderAttempts = 1, .candidateCommit = QStringLiteral("beef") });
        QVERIFY(!failed);
        QVERIFY2(failed.error().message.contains(QLatin1String("forced failure")), qPrintable(failed.error().message));
        QCOMPARE(raw.dump(), before);
        QCOMPARE(phaseSpy.count(), 0);
        QVERIFY(store->phase(QStringLiteral("run-1"), QStringLiteral("P1"))->state == PhaseState::Executing);

        // createRun failing at its third phase: no run, tier or phase is left behind.
        QVERIFY(raw.exec(QStringLiteral("DROP TRIGGER forced_event_failure")));
        QVERIFY(raw.exec(
            QStringLiteral("CREATE TRIGGER forced_phase_failure BEFORE INSERT ON phases WHEN NEW.phase_id = 'P3' "
                           "BEGIN SELECT RAISE(ABORT, 'forced failure'); END")));
        const QString beforeRun = raw.dump();
        QSignalSpy inserted(store->notifier(), &StoreNotifier::runInserted);
        const Plan plan = makePlan(QStringLiteral("run-2"), store->projects()->first().id);
        auto notCreated = store->createRun(plan.run, plan.tiers, plan.phases);
        QVERIFY(!notCreated);
        QCOMPARE(raw.dump(), beforeRun);
        QCOMPARE(inserted.count(), 0);
        QVERIFY(!store->run(QStringLiteral("run-2")));

        // And the store still works once the cause is gone.
        QVERIFY(raw.exec(QStringLiteral("DROP TRIGGER forced_phase_failure")));
        QVERIFY(store->createRun(plan.run, plan.tiers, plan.phases));
    }

    void usageUpdatesEmitTheStoredRows()
    {
        auto store = storeWithRun();
        QVERIFY(store);
        QSignalSpy runSpy(store->notifier(), &StoreNotifier::runChanged);
        QSignalSpy tierSpy(store->notifier(), &StoreNotifier::tierChanged);
        QSignalSpy phaseSpy(store->notifier(), &StoreNotifier::phaseChanged);
        const QString run = QStringLiteral("run-1");

        auto p = store->addTokens(run, QStringLiteral("P3"), 1500);
        QVERIFY(p);
        QVERIFY(store->addTokens(run, QStringLiteral("P4"), 500));
        QCOMPARE(store->phase(run, QStringLiteral("P3"))->tokensUsed, 1500);
        QCOMPARE(store->tier(run, QStringLiteral("T2"))->tokensUsed, 2000);
        QCOMPARE(store->tier(run, QStringLiteral("T1"))->tokensUsed, 0);
        QCOMPARE(store->run(run)->tokensUsed, 2000);
        QCOMPARE(runSpy.count(), 2);
        QCOMPARE(tierSpy.count(), 2);
        QCOMPARE(phaseSpy.count(), 2);
        QCOMPARE(runSpy.last().at(0).value<Run>().tokensUsed, 2000);

        auto neg = store->addTokens(run, QStringLiteral("P3"), -1);
        QVERIFY(!neg);
        QCOMPARE(neg.error().field, QStringLiteral("tokens_used"));

        auto ph = store->updatePhase(run, QStringLiteral("P2"),
            PhaseUpdate { .builderAttempts = 2, .auditorAttempts = 1, .awaitingReviewer = true });
        QVERIFY(ph);
        QCOMPARE(ph->builderAttempts, 2);
        QCOMPARE(ph->auditorAttempts, 1);
        QVERIFY(ph->awaitingReviewer);
        QCOMPARE(phaseSpy.last().at(0).value<Phase>().awaitingReviewer, true);

        auto badState
            = store->updatePhase(run, QStringLiteral("P2"), PhaseUpdate { .issueState = QStringLiteral("meh") });
        QVERIFY(!badState);
        QCOMPARE(badState.error().field, QStringLiteral("issue_state"));

        // A negative count or budget is refused naming its column, int and qint64 fields
        // alike, and nothing is written.
        const int phasesBefore = store->run(run)->maxPhases;
        auto negRun = store->updateRun(run, RunUpdate { .maxPhases = -1 });
        QVERIFY(!negRun);
        QCOMPARE(negRun.error().kind, StoreError::Kind::InvalidInput);
        QCOMPARE(negRun.error().field, QStringLiteral("max_phases"));
        QCOMPARE(store->run(run)->maxPhases, phasesBefore);
        auto negTier = store->updateTier(run, QStringLiteral("T1"), TierUpdate { .tokenCap = -5 });
        QVERIFY(!negTier);
        QCOMPARE(negTier.error().field, QStringLiteral("token_cap"));
        auto negPhase = store->updatePhase(run, QStringLiteral("P2"), PhaseUpdate { .maxAuditorAttempts = -2 });
        QVERIFY(!negPhase);
        QCOMPARE(negPhase.error().field, QStringLiteral("max_auditor_attempts"));
        QVERIFY(negPhase.error().message.contains(QLatin1String("-2")));
        auto unknownTier = store->updateTier(run, QStringLiteral("T9"), TierUpdate { .ciRunsUsed = 1 });
        QVERIFY(!unknownTier);
        QCOMPARE(unknownTier.error().kind, StoreError::Kind::NotFound);
        QVERIFY(unknownTier.error().message.contains(QLatin1String("T9")));

        auto t = store->updateTier(
            run, QStringLiteral("T1"), TierUpdate { .cleanliness = Cleanliness::NotClean, .ciRunsUsed = 3 });
        QVERIFY(t);
        QVERIFY(store->tier(run, QStringLiteral("T1"))->cleanliness == Cleanliness::NotClean);
        QCOMPARE(store->tier(run, QStringLiteral("T1"))->ciRunsUsed, 3);

        auto r = store->updateRun(run, RunUpdate { .promotionEligible = true, .debtStatus = QStringLiteral("clean") });
        QVERIFY(r);
        QVERIFY(store->run(run)->promotionEligible);
        QCOMPARE(store->run(run)->debtStatus, QStringLiteral("clean"));
        // None of these is a state change: still only the creation event.
        QCOMPARE(eventCount(*store), 1);
    }

    void costAddsUpLikeTokens()
    {
        auto store = storeWithRun();
        QVERIFY(store);
        const QString run = QStringLiteral("run-1");
        QVERIFY(store->addTokens(run, QStringLiteral("P3"), 100, 0.25));
        QVERIFY(store->addTokens(run, QStringLiteral("P4"), 0, 0.5));
        QCOMPARE(store->phase(run, QStringLiteral("P3"))->costUsd, 0.25);
        QCOMPARE(store->tier(run, QStringLiteral("T2"))->costUsd, 0.75);
        QCOMPARE(store->run(run)->costUsd, 0.75);
        for (double bad : { -0.01, std::nan(""), HUGE_VAL }) {
            auto refused = store->addTokens(run, QStringLiteral("P3"), 1, bad);
            QVERIFY(!refused);
            QCOMPARE(refused.error().field, QStringLiteral("cost_usd"));
        }
        QCOMPARE(store->run(run)->tokensUsed, 100); // nothing of a refused write
        QCOMPARE(store->run(run)->costUsd, 0.75);
    }

    void transcriptsAreBoundedPerAttempt()
    {
        auto store = storeWithRun();
        QVERIFY(store);
        const QString run = QStringLiteral("run-1");
        QSignalSpy appended(store->notifier(), &StoreNotifier::transcriptAppended);
        auto event = [&](const QString &kind, const QString &text, int attempt = 1) {
            TranscriptEvent e;
            e.runId = run;
            e.phaseId = QStringLiteral("P3");
            e.attempt = attempt;
            e.role = QStringLiteral("builder");
            e.agent = QStringLiteral("b1");
            e.kind = kind;
            e.text = text;
            return e;
        };
        // A long text is cut, never split inside a character.
        const QString longText = QString(Store::kTranscriptTextLimit, u'\u00e9');
        auto n = store->appendTranscript({ event("message", "hello"), event("tool_call", longText) });
        QVERIFY(n);
        QCOMPARE(*n, 2);
        QCOMPARE(appended.count(), 1);
        auto stored = store->transcript(run, QStringLiteral("P3"));
        QVERIFY(stored);
        QCOMPARE(stored->size(), 2);
        QCOMPARE(stored->at(0).text, QStringLiteral("hello"));
        QVERIFY(stored->at(1).text.toUtf8().size() <= Store::kTranscriptTextLimit + 20);
        QVERIFY(stored->at(1).text.endsWith(QStringLiteral("[... cut]")));
        QVERIFY(!stored->at(1).text.contains(QChar::ReplacementCharacter));
        // Past the limit of one attempt nothing more is kept; the next attempt has its own.
        QList<TranscriptEvent> many;
        for (int i = 0; i < Store::kTranscriptEventLimit; ++i)
            many << event("message", QString::number(i));
        QCOMPARE(*store->appendTranscript(many), Store::kTranscriptEventLimit - 2);
        QCOMPARE(*store->appendTranscript({ event("message", "late") }), 0);
        QCOMPARE(*store->appendTranscript({ event("message", "second attempt", 2) }), 1);
        // Bad input names the field and writes nothing.
        auto badKind = store->appendTranscript({ event("message", "ok", 3), event("shout", "no", 3) });
        QVERIFY(!badKind);
        QCOMPARE(badKind.error().field, QStringLiteral("events[1].kind"));
        auto unknownPhase = event("message", "x", 3);
        unknownPhase.phaseId = QStringLiteral("P99");
        QVERIFY(!store->appendTranscript({ event("message", "ok", 3), unknownPhase }));
        auto all = store->transcript(run, QStringLiteral("P3"), 0, 100000);
        QCOMPARE(all->size(), Store::kTranscriptEventLimit + 1);
        QCOMPARE(all->last().text, QStringLiteral("second attempt"));
        auto after = store->transcript(run, QStringLiteral("P3"), all->at(all->size() - 2).id);
        QCOMPARE(after->size(), 1);
    }

    void snapshotHoldsEverything()
    {
        auto store = storeWithRun();
        QVERIFY(store);
        const Plan second = makePlan(QStringLiteral("run-2"), store->projects()->first().id, 3, 1);
        QVERIFY(store->createRun(second.run, second.tiers, second.phases));
        auto s = store->snapshot();
        QVERIFY(s);
        QCOMPARE(s->projects.size(), 1);
        QCOMPARE(s->runs.size(), 2);
        QCOMPARE(s->tiers.size(), 5);
        QCOMPARE(s->phases.size(), 7);
        QCOMPARE(s->runs.at(1).runId, QStringLiteral("run-2"));
        QCOMPARE(s->phases.last().runId, QStringLiteral("run-2"));
        for (int i = 1; i < s->phases.size(); ++i)
            QVERIFY(s->phases.at(i - 1).id < s->phases.at(i).id);
    }

    void eventsQueryAndFacts()
    {
        auto store = storeWithRun();
        QVERIFY(store);
        const QString run = QStringLiteral("run-1");
        for (const char *p : { "P1", "P2", "P3" })
            QVERIFY(store->transitionPhase(
                run, QLatin1String(p), PhaseState::Executing, Actor::Supervisor, QStringLiteral("go")));
        auto fact = store->recordEvent(run, EntityKind::Run, QString(), Actor::Reviewer, QStringLiteral("alice"),
            QStringLiteral("promoted to main"));
        QVERIFY(fact);
        QCOMPARE(fact->fromState, QStringLiteral("RUN_CREATED"));
        QCOMPARE(fact->toState, QStringLiteral("RUN_CREATED"));
        auto all = store->events();
        QVERIFY(all);
        QCOMPARE(all->size(), 5);
        auto page = store->events(all->at(1).id, 2);
        QVERIFY(page);
        QCOMPARE(page->size(), 2);
        QCOMPARE(page->at(0).id, all->at(2).id);
        QCOMPARE(page->at(1).entityId, QStringLiteral("P3"));
        QVERIFY(!store->events(0, 0));
        QVERIFY(!store->runEvents(QStringLiteral("nope")));
        QVERIFY(!store->recordEvent(run, EntityKind::Phase, QStringLiteral("P1"), Actor::Supervisor, {}, QString()));
    }

    void issuesAtThreeLevels()
    {
        auto store = storeWithRun();
        QVERIFY(store);
        const qint64 projectId = store->projects()->first().id;
        QSignalSpy issueSpy(store->notifier(), &StoreNotifier::issueRecorded);
        QSignalSpy runSpy(store->notifier(), &StoreNotifier::runChanged);
        const QString run = QStringLiteral("run-1");

        Issue flaky;
        flaky.runId = run;
        flaky.phaseId = QStringLiteral("P1");
        flaky.issueKey = QStringLiteral("flaky_test:test_io");
        flaky.source = QStringLiteral("ci");
        flaky.category = QStringLiteral("flaky_test");
        flaky.evidenceRefs = { QStringLiteral("tests/test_io.py:42") };
        flaky.description = QStringLiteral("failed then passed");
        auto first = store->recordIssue(flaky);
        QVERIFY2(first, first ? "" : qPrintable(first.error().message));
        QCOMPARE(first->issue.tierId, QStringLiteral("T1"));
        QCOMPARE(first->issue.occurrenceCount, 1);
        QCOMPARE(first->issue.taskCategory, QStringLiteral("tests")); // from the phase
        QCOMPARE(first->phase.minorIssues, 1);
        QCOMPARE(first->phase.issueState, QStringLiteral("has_minor_issues"));

        // The same key again in the same phase: occurrence, not a new distinct issue.
        flaky.evidenceRefs = { QStringLiteral("tests/test_io.py:50") };
        auto again = store->recordIssue(flaky);
        QVERIFY(again);
        QCOMPARE(again->issue.id, first->issue.id);
        QCOMPARE(again->issue.occurrenceCount, 2);
        QCOMPARE(again->issue.evidenceRefs,
            QStringList({ QStringLiteral("tests/test_io.py:42"), QStringLiteral("tests/test_io.py:50") }));
        QCOMPARE(again->phase.minorIssues, 1);
        QCOMPARE(again->runIssue.occurrenceCount, 2);

        // Same key in another tier's phase, and a major one.
        flaky.phaseId = QStringLiteral("P3");
        QVERIFY(store->recordIssue(flaky));
        Issue major;
        major.runId = run;
        major.phaseId = QStringLiteral("P4");
        major.issueKey = QStringLiteral("schema:users");
        major.severity = Severity::Major;
        major.source = QStringLiteral("auditor");
        major.category = QStringLiteral("schema_contract_change");
        auto m = store->recordIssue(major);
        QVERIFY(m);
        QVERIFY(m->issue.effectiveSeverity == Severity::Major);
        QCOMPARE(m->phase.issueState, QStringLiteral("has_major_issues"));
        QCOMPARE(m->tier.minorIssues, 1);
        QCOMPARE(m->tier.majorIssues, 1);
        QCOMPARE(m->run.minorIssues, 1); // one distinct minor key across the run
        QCOMPARE(m->run.majorIssues, 1);

        auto index = store->runIssueIndex(run);
        QVERIFY(index);
        QCOMPARE(index->size(), 2);
        const RunIssue &fi = index->at(0);
        QCOMPARE(fi.issueKey, QStringLiteral("flaky_test:test_io"));
        QCOMPARE(fi.occurrenceCount, 3);
        QCOMPARE(fi.tiersSeen, QStringList({ QStringLiteral("T1"), QStringLiteral("T2") }));
        QCOMPARE(fi.phasesSeen, QStringList({ QStringLiteral("P1"), QStringLiteral("P3") }));
        QCOMPARE(fi.firstPhaseIndex, 0);
        QCOMPARE(store->phaseIssues(run, QStringLiteral("P1"))->size(), 1);
        QCOMPARE(store->runIssues(run)->size(), 3);

        // A second run of the same project: backlog ages by distinct runs and run+tier pairs.
        const Plan second = makePlan(QStringLiteral("run-2"), projectId);
        QVERIFY(store->createRun(second.run, second.tiers, second.phases));
        flaky.runId = QStringLiteral("run-2");
        flaky.phaseId = QStringLiteral("P2");
        auto later = store->recordIssue(flaky);
        QVERIFY(later);
        QCOMPARE(later->backlogIssue.ageInRuns, 2);
        QCOMPARE(later->backlogIssue.ageInTiers, 3);
        QCOMPARE(later->backlogIssue.firstRun, run);
        QCOMPARE(later->backlogIssue.lastRun, QStringLiteral("run-2"));
        QCOMPARE(later->issue.firstSeenRun, run);
        QCOMPARE(later->run.minorIssues, 1);

        auto backlog = store->backlog(projectId);
        QVERIFY(backlog);
        QCOMPARE(backlog->size(), 2);
        QCOMPARE(backlog->at(1).status, QStringLiteral("open"));
        auto cleanup
            = store->updateBacklogIssue(projectId, flaky.issueKey, QStringLiteral("needs_cleanup"), Severity::Major);
        QVERIFY(cleanup);
        QCOMPARE(store->backlog(projectId)->at(0).status, QStringLiteral("needs_cleanup"));
        QVERIFY(store->backlog(projectId)->at(0).effectiveSeverity == Severity::Major);
        QVERIFY(!store->updateBacklogIssue(projectId, flaky.issueKey, QStringLiteral("gone")));

        QCOMPARE(issueSpy.count(), 5);
        QCOMPARE(runSpy.count(), 5);

        Issue noKey;
        noKey.runId = run;
        noKey.phaseId = QStringLiteral("P1");
        auto refused = store->recordIssue(noKey);
        QVERIFY(!refused);
        QCOMPARE(refused.error().field, QStringLiteral("issue_key"));
    }

    void tokensAreHashedNeverStoredPlain()
    {
        const QString path = freshPath();
        auto store = openStore(path);
        QVERIFY(store);
        auto created = store->createToken(QStringLiteral("builder-1"), QStringLiteral("builder"));
        QVERIFY(created);
        const QString plain = created->plainToken;
        QCOMPARE(plain.size(), 43); // 32 bytes, base64url without padding
        QVERIFY(QRegularExpression(QStringLiteral("^[A-Za-z0-9_-]+$")).match(plain).hasMatch());
        QCOMPARE(created->token.role, QStringLiteral("builder"));

        auto other = store->createToken(QStringLiteral("admin-1"), QStringLiteral("admin"));
        QVERIFY(other);
        QVERIFY(other->plainToken != plain);

        auto verified = store->verifyToken(plain);
        QVERIFY(verified);
        QCOMPARE(verified->name, QStringLiteral("builder-1"));
        QCOMPARE(verified->role, QStringLiteral("builder"));
        QVERIFY(verified->lastUsedAt.isValid());

        auto wrong = store->verifyToken(plain + QLatin1Char('x'));
        QVERIFY(!wrong);
        QCOMPARE(wrong.error().kind, StoreError::Kind::Unauthorized);

        auto dup = store->createToken(QStringLiteral("builder-1"), QStringLiteral("auditor"));
        QVERIFY(!dup);
        QCOMPARE(dup.error().kind, StoreError::Kind::Duplicate);
        auto badRole = store->createToken(QStringLiteral("x"), QStringLiteral("root"));
        QVERIFY(!badRole);
        QCOMPARE(badRole.error().field, QStringLiteral("role"));

        auto list = store->tokens();
        QVERIFY(list);
        QCOMPARE(list->size(), 2);

        QVERIFY(store->revokeToken(QStringLiteral("builder-1")));
        auto revoked = store->verifyToken(plain);
        QVERIFY(!revoked);
        QCOMPARE(revoked.error().kind, StoreError::Kind::Unauthorized);
        QVERIFY(revoked.error().message.contains(QLatin1String("revoked")));
        QVERIFY(store->tokens()->at(1).isRevoked());
        QVERIFY(!store->revokeToken(QStringLiteral("nobody")));

        // Neither token appears anywhere on disk, in the file or its WAL; the hash does.
        const QByteArray disk = fileBytes(path) + fileBytes(path + QStringLiteral("-wal"));
        QVERIFY(!disk.contains(plain.toLatin1()));
        QVERIFY(!disk.contains(other->plainToken.toLatin1()));
        const QByteArray hash = QCryptographicHash::hash(plain.toUtf8(), QCryptographicHash::Sha256).toHex();
        QVERIFY(disk.contains(hash));
    }

    void reviewsRoundTrip()
    {
        auto store = storeWithRun();
        QVERIFY(store);
        QSignalSpy spy(store->notifier(), &StoreNotifier::reviewAdded);
        Review r;
        r.runId = QStringLiteral("run-1");
        r.phaseId = QStringLiteral("P2");
        r.candidateCommit = QStringLiteral("deadbeef");
        r.decision = QStringLiteral("reject");
        r.reason = QStringLiteral("missing tests");
        r.reviewer = QStringLiteral("alice");
        r.comments = { { QStringLiteral("src/a.cpp"), 12, QStringLiteral("off by one") },
            { QStringLiteral("src/b.cpp"), 3, QStringLiteral("name") } };
        auto added = store->addReview(r);
        QVERIFY2(added, added ? "" : qPrintable(added.error().message));
        QCOMPARE(spy.count(), 1);
        auto list = store->reviews(r.runId, r.phaseId);
        QVERIFY(list);
        QCOMPARE(list->size(), 1);
        const Review &got = list->first();
        QCOMPARE(got.candidateCommit, r.candidateCommit);
        QCOMPARE(got.decision, r.decision);
        QCOMPARE(got.reason, r.reason);
        QCOMPARE(got.reviewer, r.reviewer);
        QVERIFY(got.time.isValid());
        QCOMPARE(got.comments.size(), 2);
        QCOMPARE(got.comments.at(0).path, QStringLiteral("src/a.cpp"));
        QCOMPARE(got.comments.at(0).line, 12);
        QCOMPARE(got.comments.at(1).text, QStringLiteral("name"));

        r.decision = QStringLiteral("maybe");
        auto bad = store->addReview(r);
        QVERIFY(!bad);
        QCOMPARE(bad.error().field, QStringLiteral("decision"));
        QCOMPARE(store->reviews(QStringLiteral("run-1"), QStringLiteral("P2"))->size(), 1);
    }

    void ciAttemptsRoundTrip()
    {
        auto store = storeWithRun();
        QVERIFY(store);
        QSignalSpy spy(store->notifier(), &StoreNotifier::ciAttemptChanged);
        CiAttempt a;
        a.runId = QStringLiteral("run-1");
        a.phaseId = QStringLiteral("P3");
        a.attempt = 1;
        a.profile = QStringLiteral("strict");
        a.command = QStringLiteral("make test");
        a.candidateCommit = QStringLiteral("c0ffee");
        auto started = store->startCiAttempt(a);
        QVERIFY2(started, started ? "" : qPrintable(started.error().message));
        QCOMPARE(started->status, QStringLiteral("running"));
        QVERIFY(!started->exitCode);
        QCOMPARE(store->tier(a.runId, QStringLiteral("T2"))->ciRunsUsed, 1);
        QCOMPARE(store->run(a.runId)->ciRunsUsed, 1);

        QSignalSpy output(store->notifier(), &StoreNotifier::ciOutputAppended);
        QVERIFY(store->appendCiOutput(started->id, QStringLiteral("line 1\n")));
        QVERIFY(store->appendCiOutput(started->id, QStringLiteral("line 2 ü\n")));
        QCOMPARE(output.count(), 2);
        QCOMPARE(output.at(1).at(0).toLongLong(), started->id);
        QCOMPARE(output.at(1).at(1).toString(), QStringLiteral("line 2 ü\n"));
        QCOMPARE(store->ciAttempt(started->id)->output, QStringLiteral("line 1\nline 2 ü\n"));
        auto finished = store->finishCiAttempt(started->id, QStringLiteral("red"), 2, 1234, true);
        QVERIFY(finished);
        QCOMPARE(finished->output, QStringLiteral("line 1\nline 2 ü\n"));
        QVERIFY(finished->exitCode && *finished->exitCode == 2);
        QCOMPARE(finished->durationMs, 1234);
        QVERIFY(finished->truncated);
        QVERIFY(finished->finishedAt.isValid());
        QCOMPARE(finished->profile, QStringLiteral("strict"));
        QCOMPARE(finished->candidateCommit, QStringLiteral("c0ffee"));
        QCOMPARE(spy.count(), 2);

        auto late = store->appendCiOutput(started->id, QStringLiteral("late"));
        QVERIFY(!late);
        QVERIFY2(late.error().message.contains(QLatin1String("red")), qPrintable(late.error().message));
        QCOMPARE(store->appendCiOutput(999999, QStringLiteral("x")).error().kind, StoreError::Kind::NotFound);
        QCOMPARE(output.count(), 2);
        QCOMPARE(store->ciAttempt(started->id)->output, QStringLiteral("line 1\nline 2 ü\n"));
        QVERIFY(!store->finishCiAttempt(started->id, QStringLiteral("green"), 0, 1, false));
        QVERIFY(!store->finishCiAttempt(started->id, QStringLiteral("purple"), 0, 1, false));

        a.attempt = 2;
        auto second = store->startCiAttempt(a);
        QVERIFY(second);
        auto env = store->finishCiAttempt(second->id, QStringLiteral("environment"), std::nullopt, 0, false);
        QVERIFY(env);
        QVERIFY(!env->exitCode);
        auto list = store->ciAttempts(a.runId, a.phaseId);
        QVERIFY(list);
        QCOMPARE(list->size(), 2);
        QCOMPARE(list->at(1).attempt, 2);
        QCOMPARE(store->run(a.runId)->ciRunsUsed, 2);

        a.profile = QStringLiteral("lax");
        auto badProfile = store->startCiAttempt(a);
        QVERIFY(!badProfile);
        QCOMPARE(badProfile.error().field, QStringLiteral("profile"));
    }

    void leasesClaimRenewReleaseAndExpire()
    {
        auto store = storeWithRun();
        QVERIFY(store);
        const QString run = QStringLiteral("run-1");
        QSignalSpy spy(store->notifier(), &StoreNotifier::leaseChanged);
        auto mine
            = store->acquireLease(run, QStringLiteral("P1"), QStringLiteral("builder"), QStringLiteral("bot-a"), 60000);
        QVERIFY2(mine, mine ? "" : qPrintable(mine.error().message));
        QVERIFY(mine->isActive(QDateTime::currentDateTimeUtc()));
        QCOMPARE(mine->holder, QStringLiteral("bot-a"));
        QVERIFY(mine->expiresAt > mine->acquiredAt.addSecs(59));

        // Someone else is refused, naming who holds it; the auditor role is separate.
        auto theirs
            = store->acquireLease(run, QStringLiteral("P1"), QStringLiteral("builder"), QStringLiteral("bot-b"), 60000);
        QVERIFY(!theirs);
        QCOMPARE(theirs.error().kind, StoreError::Kind::Conflict);
        QVERIFY2(theirs.error().message.contains(QLatin1String("bot-a")), qPrintable(theirs.error().message));
        QVERIFY(
            store->acquireLease(run, QStringLiteral("P1"), QStringLiteral("auditor"), QStringLiteral("aud-1"), 60000));

        // Claiming again renews the same lease.
        auto again
            = store->acquireLease(run, QStringLiteral("P1"), QStringLiteral("builder"), QStringLiteral("bot-a"), 90000);
        QVERIFY(again);
        QCOMPARE(again->id, mine->id);
        QVERIFY(again->expiresAt > mine->expiresAt);

        auto beat = store->heartbeatLease(mine->id, QStringLiteral("bot-a"), 120000);
        QVERIFY(beat);
        QVERIFY(beat->expiresAt > again->expiresAt);
        QVERIFY(!store->heartbeatLease(mine->id, QStringLiteral("bot-b"), 1000));
        QCOMPARE(store->activeLeases(run)->size(), 2);

        auto released = store->releaseLease(mine->id, QStringLiteral("bot-a"), QStringLiteral("result submitted"));
        QVERIFY(released);
        QVERIFY(released->releasedAt.isValid());
        QCOMPARE(released->releaseReason, QStringLiteral("result submitted"));
        QVERIFY(!store->heartbeatLease(mine->id, QStringLiteral("bot-a"), 1000));
        QVERIFY(
            store->acquireLease(run, QStringLiteral("P1"), QStringLiteral("builder"), QStringLiteral("bot-b"), 60000));

        // A short lease expires and frees the phase.
        auto brief
            = store->acquireLease(run, QStringLiteral("P2"), QStringLiteral("builder"), QStringLiteral("bot-c"), 50);
        QVERIFY(brief);
        QTest::qSleep(120);
        QVERIFY(!store->heartbeatLease(brief->id, QStringLiteral("bot-c"), 1000));
        auto expired = store->expireLeases();
        QVERIFY(expired);
        QCOMPARE(expired->size(), 1);
        QCOMPARE(expired->first().id, brief->id);
        QCOMPARE(store->leases(run, QStringLiteral("P2"))->first().releaseReason, QStringLiteral("expired"));
        QVERIFY(
            store->acquireLease(run, QStringLiteral("P2"), QStringLiteral("builder"), QStringLiteral("bot-d"), 60000));
        QCOMPARE(store->leases(run, QStringLiteral("P1"))->size(), 3);

        QVERIFY(!store->acquireLease(run, QStringLiteral("P3"), QStringLiteral("observer"), QStringLiteral("x"), 1000));
        QVERIFY(!store->acquireLease(run, QStringLiteral("P3"), QStringLiteral("builder"), QStringLiteral("x"), 0));
        QVERIFY(
            !store->acquireLease(run, QStringLiteral("P404"), QStringLiteral("builder"), QStringLiteral("x"), 1000));
        QCOMPARE(spy.count(), 9); // a, aud-1, renew, beat, release, b, c, expiry, d
    }

    void activeRunIdsLeaveOutDraftsAndTerminalRuns()
    {
        auto store = openStore(freshPath());
        QVERIFY(store);
        auto project = store->addProject(makeProject(QStringLiteral("u")));
        QVERIFY(project);
        for (const char *id : { "u1", "u2", "u3", "u4" }) {
            Plan plan = makePlan(QString::fromLatin1(id), project->id, 1, 1);
            if (QByteArray(id) == "u4")
                plan.run.state = RunState::PlanBootstrap;
            QVERIFY(store->createRun(plan.run, plan.tiers, plan.phases));
        }
        QVERIFY(store->transitionRun(
            QStringLiteral("u2"), RunState::DoneFailedCancelled, Actor::Reviewer, QStringLiteral("stop")));
        auto ids = store->activeRunIds();
        QVERIFY(ids);
        QCOMPARE(*ids, QStringList({ QStringLiteral("u1"), QStringLiteral("u3") }));
    }

    void idempotencyRecordsRoundTrip()
    {
        auto store = openStore(freshPath());
        QVERIFY(store);
        auto missing = store->idempotencyRecord("scope-a", QStringLiteral("k1"));
        QVERIFY(missing);
        QVERIFY(!missing->has_value());

        IdempotencyRecord r;
        r.scope = "scope-a";
        r.key = QStringLiteral("k1");
        r.fingerprint = QByteArray("\x00\xff fingerprint", 14);
        r.status = 201;
        r.headers = { { "content-type", "application/json" }, { "x-run", "r\xe9" } };
        r.body = QByteArray("{\"id\":\"r1\"}\x00tail", 16);
        QVERIFY(store->saveIdempotencyRecord(r));
        auto back = store->idempotencyRecord("scope-a", QStringLiteral("k1"));
        QVERIFY(back && back->has_value());
        const IdempotencyRecord &got = **back;
        QCOMPARE(got.fingerprint, r.fingerprint);
        QCOMPARE(got.status, 201);
        QCOMPARE(got.headers, r.headers);
        QCOMPARE(got.body, r.body);
        QVERIFY(got.createdAt.isValid());
        // An empty answer (a 204) is kept too.
        IdempotencyRecord empty;
        empty.scope = "scope-a";
        empty.key = QStringLiteral("claim-1");
        empty.fingerprint = "fp";
        empty.status = 204;
        QVERIFY2(store->saveIdempotencyRecord(empty), "a 204 with no body was not kept");
        auto noContent = store->idempotencyRecord("scope-a", QStringLiteral("claim-1"));
        QVERIFY(noContent && noContent->has_value());
        QCOMPARE((*noContent)->status, 204);
        QVERIFY((*noContent)->body.isEmpty());
        QVERIFY(store->pruneIdempotencyRecords(QDateTime::currentDateTimeUtc().addSecs(1)));
        // Another caller's key of the same name is another record.
        QVERIFY(!store->idempotencyRecord("scope-b", QStringLiteral("k1"))->has_value());
        // Saved again: replaced, not duplicated.
        r.status = 200;
        QVERIFY(store->saveIdempotencyRecord(r));
        QCOMPARE((*store->idempotencyRecord("scope-a", QStringLiteral("k1")))->status, 200);
        // Refused without a scope or key, naming it.
        IdempotencyRecord bad = r;
        bad.key.clear();
        const auto refused = store->saveIdempotencyRecord(bad);
        QVERIFY(!refused);
        QCOMPARE(refused.error().field, QStringLiteral("key"));
        // Pruned by age.
        auto kept = store->pruneIdempotencyRecords(QDateTime::currentDateTimeUtc().addSecs(-3600));
        QVERIFY(kept);
        QCOMPARE(*kept, 0);
        auto pruned = store->pruneIdempotencyRecords(QDateTime::currentDateTimeUtc().addSecs(1));
        QVERIFY(pruned);
        QCOMPARE(*pruned, 1);
        QVERIFY(!store->idempotencyRecord("scope-a", QStringLiteral("k1"))->has_value());
    }

    void aWriterThreadBesideAReadingMainThread()
    {
        CreatedRun created;
        auto store = storeWithRun(nullptr, &created);
        QVERIFY(store);
        Store *s = store.get();

        // Many phases so the writer has work: a second run of 5 tiers × 10 phases.
        const Plan big = makePlan(QStringLiteral("run-big"), created.run.projectId, 5, 10);
        QVERIFY(store->createRun(big.run, big.tiers, big.phases));

        QThread *mainThread = QThread::currentThread();
        std::atomic<int> queuedOnMain { 0 };
        std::atomic<int> wrongThread { 0 };
        QObject receiver;
        QObject::connect(store->notifier(), &StoreNotifier::phaseChanged, &receiver, [&](const Phase &) {
            if (QThread::currentThread() == mainThread)
                ++queuedOnMain;
            else
                ++wrongThread;
        });

        const int before = eventCount(*store);
        std::atomic<int> failures { 0 };
        QThread *writer = QThread::create([s, &big, &failures] {
            for (const Phase &p : big.phases) {
                if (!s->transitionPhase(QStringLiteral("run-big"), p.phaseId, PhaseState::Executing, Actor::Supervisor,
                        QStringLiteral("dispatch")))
                    ++failures;
                if (!s->addTokens(QStringLiteral("run-big"), p.phaseId, 10))
                    ++failures;
            }
        });
        const auto connectionsBefore = QSqlDatabase::connectionNames().size();
        writer->start();
        int reads = 0;
        bool sawSecondConnection = false;
        while (!writer->isFinished()) {
            auto snap = store->snapshot();
            QVERIFY2(snap, snap ? "" : qPrintable(snap.error().message));
            QCOMPARE(snap->phases.size(), 54);
            // A consistent snapshot: the run's tokens equal the sum of its phases'.
            qint64 phaseTokens = 0;
            for (const Phase &p : snap->phases)
                phaseTokens += p.tokensUsed;
            qint64 runTokens = 0;
            for (const Run &r : snap->runs)
                runTokens += r.tokensUsed;
            QCOMPARE(runTokens, phaseTokens);
            if (QSqlDatabase::connectionNames().size() > connectionsBefore)
                sawSecondConnection = true;
            ++reads;
        }
        writer->wait();
        delete writer;
        QCOMPARE(failures.load(), 0);
        QVERIFY(reads > 0);
        Q_UNUSED(sawSecondConnection); // timing-dependent; the count after the thread is what matters
        // The writer's connection was closed with its thread.
        QCOMPARE(QSqlDatabase::connectionNames().size(), connectionsBefore);

        // Signals from the writer arrive queued in the main thread.
        QCOMPARE(queuedOnMain.load(), 0);
        QTRY_COMPARE(queuedOnMain.load(), 100);
        QCOMPARE(wrongThread.load(), 0);
        QCOMPARE(eventCount(*store), before + 50);
        auto phases = store->phases(QStringLiteral("run-big"));
        QVERIFY(phases);
        for (const Phase &p : *phases)
            QVERIFY(p.state == PhaseState::Executing);
        QCOMPARE(store->run(QStringLiteral("run-big"))->tokensUsed, 500);
    }

    void twoWriterThreadsDoNotLoseUpdates()
    {
        auto store = storeWithRun();
        QVERIFY(store);
        Store *s = store.get();
        std::atomic<int> failures { 0 };
        auto work = [s, &failures](const QString &phase) {
            for (int i = 0; i < 200; ++i) {
                if (!s->addTokens(QStringLiteral("run-1"), phase, 1))
                    ++failures;
            }
        };
        QThread *a = QThread::create(work, QStringLiteral("P1"));
        QThread *b = QThread::create(work, QStringLiteral("P2"));
        a->start();
        b->start();
        a->wait();
        b->wait();
        delete a;
        delete b;
        QCOMPARE(failures.load(), 0);
        QCOMPARE(store->run(QStringLiteral("run-1"))->tokensUsed, 400);
        QCOMPARE(store->tier(QStringLiteral("run-1"), QStringLiteral("T1"))->tokensUsed, 400);
    }
};

QTEST_GUILESS_MAIN(tst_Store)
#include "tst_store.moc"
