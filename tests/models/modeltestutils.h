#pragma once

// Shared by the item model tests: a small in-memory "world" that plays the store (it
// keeps the rows as a StoreSnapshot and hands out the changed rows the store would
// emit), a tiny command language for golden scenarios, and a model printer.

#include "domain.h"
#include "store.h"
#include "storenotifier.h"

#include <QAbstractItemModel>
#include <QAbstractItemModelTester>
#include <QHash>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QStringList>
#include <QTimeZone>

namespace Autopack::Test {

class World
{
public:
    StoreSnapshot snapshot;

    struct NewRun {
        Run run;
        QList<Tier> tiers;
        QList<Phase> phases;
    };

    QDateTime tick() { return QDateTime(QDate(2026, 1, 1), QTime(9, 0), QTimeZone::utc()).addSecs(++m_clock); }

    Project addProject(qint64 id, const QString &name)
    {
        Project p;
        p.id = id;
        p.name = name;
        p.repoPath = QStringLiteral("/srv/repos/") + name.toLower();
        p.baseBranch = QStringLiteral("main");
        if (const auto it = m_projects.constFind(id); it != m_projects.cend()) {
            snapshot.projects[it.value()] = p;
        } else {
            m_projects.insert(id, int(snapshot.projects.size()));
            snapshot.projects.append(p);
        }
        return p;
    }

    // A run of `tiers` tiers of `phasesPerTier` phases, stored in the world (ids in
    // creation order, as the store's autoincrement gives them).
    NewRun addRun(qint64 projectId, int tiers, int phasesPerTier)
    {
        NewRun made;
        Run &run = made.run;
        run.id = ++m_lastRun;
        run.runId = QStringLiteral("run-%1").arg(run.id);
        run.projectId = projectId;
        run.state = RunState::RunCreated;
        run.tokenCap = 5'000'000;
        run.maxPhases = tiers * phasesPerTier;
        run.createdAt = run.updatedAt = tick();
        for (int t = 0; t < tiers; ++t) {
            Tier tier;
            tier.id = ++m_lastTier;
            tier.runRowId = run.id;
            tier.runId = run.runId;
            tier.tierId = QStringLiteral("T%1").arg(t + 1);
            tier.tierIndex = t;
            tier.name = QStringLiteral("Tier %1").arg(t + 1);
            tier.tokenCap = qint64(phasesPerTier) * 1'500'000;
            tier.updatedAt = run.updatedAt;
            made.tiers.append(tier);
            for (int p = 0; p < phasesPerTier; ++p) {
                Phase phase;
                phase.id = ++m_lastPhase;
                phase.runRowId = run.id;
                phase.tierRowId = tier.id;
                phase.runId = run.runId;
                phase.tierId = tier.tierId;
                phase.phaseId = QStringLiteral("P%1.%2").arg(t + 1).arg(p + 1);
                phase.phaseIndex = t * phasesPerTier + p;
                phase.name = QStringLiteral("Phase %1.%2").arg(t + 1).arg(p + 1);
                phase.taskCategory = QStringLiteral("tests");
                phase.incidentTokenCap = 500'000;
                phase.maxBuilderAttempts = 3;
                phase.updatedAt = run.updatedAt;
                made.phases.append(phase);
            }
        }
        storeRun(made);
        return made;
    }

    void storeRun(const NewRun &made)
    {
        m_runs.insert(made.run.id, int(snapshot.runs.size()));
        snapshot.runs.append(made.run);
        for (const Tier &tier : made.tiers) {
            m_tiers.insert(tier.id, int(snapshot.tiers.size()));
            snapshot.tiers.append(tier);
        }
        for (const Phase &phase : made.phases) {
            m_phases.insert(phase.id, int(snapshot.phases.size()));
            snapshot.phases.append(phase);
        }
    }

    // A phase whose tier does not exist (anywhere yet): the notifier may deliver it
    // before its tier.
    Phase addOrphanPhase(qint64 tierRowId, qint64 runRowId)
    {
        Phase phase;
        phase.id = ++m_lastPhase;
        phase.runRowId = runRowId;
        phase.tierRowId = tierRowId;
        phase.runId = QStringLiteral("run-%1").arg(runRowId);
        phase.tierId = QStringLiteral("T?");
        phase.phaseId = QStringLiteral("orphan-%1").arg(phase.id);
        phase.name = QStringLiteral("Orphan %1").arg(phase.id);
        phase.updatedAt = tick();
        m_phases.insert(phase.id, int(snapshot.phases.size()));
        snapshot.phases.append(phase);
        return phase;
    }

    bool hasRun(qint64 id) const { return m_runs.contains(id); }
    bool hasTier(qint64 id) const { return m_tiers.contains(id); }
    bool hasPhase(qint64 id) const { return m_phases.contains(id); }
    Run &run(qint64 id) { return snapshot.runs[m_runs.value(id)]; }
    Tier &tier(qint64 id) { return snapshot.tiers[m_tiers.value(id)]; }
    Phase &phase(qint64 id) { return snapshot.phases[m_phases.value(id)]; }
    qint64 lastPhaseId() const { return m_lastPhase; }
    qint64 lastTierId() const { return m_lastTier; }
    qint64 lastRunId() const { return m_lastRun; }

private:
    QHash<qint64, int> m_projects, m_runs, m_tiers, m_phases;
    qint64 m_lastRun = 0, m_lastTier = 0, m_lastPhase = 0;
    int m_clock = 0;
};

// Runs one golden-scenario command against the world and emits what the store would.
// Commands (fields optional):
//   project <id> <name>
//   insert <projectId> <tiers> <phasesPerTier>
//   phase <rowId> [state=EXECUTING] [tokens=N] [minor=N] [major=N] [gate=0|1] [index=N] [tier=<tierRowId>]
//   tier <rowId> [state=IN_PROGRESS] [minor=N] [major=N] [tokens=N] [index=N]
//   run <rowId> [state=PHASE_EXECUTION] [cap=N] [minor=N] [major=N]
//   orphan <tierRowId> <runRowId>      a phase of a tier nobody has announced
// Returns an error text for a malformed command, empty on success.
inline QString runCommand(World &world, StoreNotifier &notifier, const QString &command)
{
    const QStringList words = command.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (words.isEmpty())
        return {};
    QHash<QString, QString> opts;
    for (const QString &w : words.mid(1)) {
        const qsizetype eq = w.indexOf(QLatin1Char('='));
        if (eq > 0)
            opts.insert(w.left(eq), w.mid(eq + 1));
    }
    const QString verb = words.first();
    const auto arg = [&](int i) { return i < words.size() ? words.at(i).toLongLong() : 0; };
    if (verb == QLatin1String("project") && words.size() >= 3) {
        Q_EMIT notifier.projectChanged(world.addProject(arg(1), words.at(2)));
    } else if (verb == QLatin1String("insert") && words.size() >= 4) {
        const auto made = world.addRun(arg(1), int(arg(2)), int(arg(3)));
        Q_EMIT notifier.runInserted(made.run, made.tiers, made.phases);
    } else if (verb == QLatin1String("phase") && world.hasPhase(arg(1))) {
        Phase &p = world.phase(arg(1));
        if (opts.contains(QStringLiteral("state"))) {
            const auto state = phaseStateFromString(opts.value(QStringLiteral("state")));
            if (!state)
                return QStringLiteral("bad phase state in: ") + command;
            p.state = *state;
        }
        p.tokensUsed = opts.value(QStringLiteral("tokens"), QString::number(p.tokensUsed)).toLongLong();
        p.minorIssues = opts.value(QStringLiteral("minor"), QString::number(p.minorIssues)).toInt();
        p.majorIssues = opts.value(QStringLiteral("major"), QString::number(p.majorIssues)).toInt();
        p.awaitingReviewer = opts.value(QStringLiteral("gate"), p.awaitingReviewer ? QStringLiteral("1") : QStringLiteral("0")) == QLatin1String("1");
        p.phaseIndex = opts.value(QStringLiteral("index"), QString::number(p.phaseIndex)).toInt();
        if (opts.contains(QStringLiteral("tier"))) {
            p.tierRowId = opts.value(QStringLiteral("tier")).toLongLong();
            if (world.hasTier(p.tierRowId)) {
                p.tierId = world.tier(p.tierRowId).tierId;
                p.runRowId = world.tier(p.tierRowId).runRowId;
                p.runId = world.tier(p.tierRowId).runId;
            }
        }
        p.updatedAt = world.tick();
        Q_EMIT notifier.phaseChanged(p);
    } else if (verb == QLatin1String("tier") && world.hasTier(arg(1))) {
        Tier &t = world.tier(arg(1));
        if (opts.contains(QStringLiteral("state"))) {
            const auto state = tierStateFromString(opts.value(QStringLiteral("state")));
            if (!state)
                return QStringLiteral("bad tier state in: ") + command;
            t.state = *state;
        }
        t.minorIssues = opts.value(QStringLiteral("minor"), QString::number(t.minorIssues)).toInt();
        t.majorIssues = opts.value(QStringLiteral("major"), QString::number(t.majorIssues)).toInt();
        t.tokensUsed = opts.value(QStringLiteral("tokens"), QString::number(t.tokensUsed)).toLongLong();
        t.tierIndex = opts.value(QStringLiteral("index"), QString::number(t.tierIndex)).toInt();
        t.updatedAt = world.tick();
        Q_EMIT notifier.tierChanged(t);
    } else if (verb == QLatin1String("run") && world.hasRun(arg(1))) {
        Run &r = world.run(arg(1));
        if (opts.contains(QStringLiteral("state"))) {
            const auto state = runStateFromString(opts.value(QStringLiteral("state")));
            if (!state)
                return QStringLiteral("bad run state in: ") + command;
            r.state = *state;
        }
        r.tokenCap = opts.value(QStringLiteral("cap"), QString::number(r.tokenCap)).toLongLong();
        r.minorIssues = opts.value(QStringLiteral("minor"), QString::number(r.minorIssues)).toInt();
        r.majorIssues = opts.value(QStringLiteral("major"), QString::number(r.majorIssues)).toInt();
        r.updatedAt = world.tick();
        Q_EMIT notifier.runChanged(r);
    } else if (verb == QLatin1String("orphan") && words.size() >= 3) {
        Q_EMIT notifier.phaseChanged(world.addOrphanPhase(arg(1), arg(2)));
    } else {
        return QStringLiteral("unknown command or row: ") + command;
    }
    return {};
}

// Fills a real store with `runs` runs of 2 tiers × 3 phases under one project and
// drives a few phases through it; the models under test follow its notifier.
inline QString driveStore(Store &store, const QString &repoPath, int runs)
{
    Project p;
    p.name = QStringLiteral("Alpha");
    p.repoPath = repoPath;
    p.baseBranch = QStringLiteral("main");
    auto project = store.addProject(p);
    if (!project)
        return QStringLiteral("addProject: ") + project.error().message;
    for (int r = 0; r < runs; ++r) {
        Run run;
        run.runId = QStringLiteral("run-%1").arg(r);
        run.projectId = project->id;
        QList<Tier> tiers;
        QList<Phase> phases;
        for (int t = 0; t < 2; ++t) {
            Tier tier;
            tier.tierId = QStringLiteral("T%1").arg(t + 1);
            tier.tierIndex = t;
            tier.tokenCap = 900'000;
            tiers.append(tier);
            for (int i = 0; i < 3; ++i) {
                Phase phase;
                phase.tierId = tier.tierId;
                phase.phaseId = QStringLiteral("P%1.%2").arg(t + 1).arg(i + 1);
                phase.phaseIndex = i;
                phase.name = QStringLiteral("Phase %1.%2").arg(t + 1).arg(i + 1);
                phase.incidentTokenCap = 300'000;
                phase.maxBuilderAttempts = 2;
                phases.append(phase);
            }
        }
        if (auto created = store.createRun(run, tiers, phases); !created)
            return QStringLiteral("createRun: ") + created.error().message;
    }
    TransitionContext gate;
    gate.candidateApplied = true;
    for (int r = 0; r < runs; r += 2) {
        const QString runId = QStringLiteral("run-%1").arg(r);
        const QString phaseId = QStringLiteral("P%1.1").arg(1 + r % 2);
        if (auto s = store.transitionPhase(runId, phaseId, PhaseState::Executing, Actor::Builder, QStringLiteral("claimed")); !s)
            return QStringLiteral("transitionPhase: ") + s.error().message;
        if (auto s = store.addTokens(runId, phaseId, 1000 + r); !s)
            return QStringLiteral("addTokens: ") + s.error().message;
        if (auto s = store.transitionPhase(runId, phaseId, PhaseState::Gate, Actor::Supervisor, QStringLiteral("patch applied"), gate); !s)
            return QStringLiteral("transitionPhase: ") + s.error().message;
    }
    return {};
}

// The model as indented text: one line per index of column 0, its columns' display
// texts joined by " | ", then the given roles of column 0 as name=value.
inline void dumpRows(const QAbstractItemModel &model, const QModelIndex &parent, int depth, const QList<int> &roles,
                     QString &out)
{
    const QHash<int, QByteArray> names = model.roleNames();
    for (int row = 0; row < model.rowCount(parent); ++row) {
        QStringList cells;
        for (int column = 0; column < model.columnCount(parent); ++column)
            cells.append(model.index(row, column, parent).data().toString());
        const QModelIndex index = model.index(row, 0, parent);
        QString line = QString(depth * 2, QLatin1Char(' ')) + cells.join(QStringLiteral(" | "));
        for (int role : roles) {
            const QVariant v = index.data(role);
            if (v.isValid())
                line += QLatin1Char(' ') + QString::fromUtf8(names.value(role)) + QLatin1Char('=') + v.toString();
        }
        out += line + QLatin1Char('\n');
        dumpRows(model, index, depth + 1, roles, out);
    }
}

inline QString dumpModel(const QAbstractItemModel &model, const QList<int> &roles = {})
{
    QString out;
    dumpRows(model, {}, 0, roles, out);
    return out;
}

// The common start of the scenario tests: a world filled by `seed`, and a model that
// shows its snapshot and follows its notifier under a fatal model tester. Tests bind
// the members to names: auto &[world, notifier, model, tester] = f;
template<typename Model>
struct FollowingModel {
    World world;
    StoreNotifier notifier;
    Model model;
    QAbstractItemModelTester tester { &model, QAbstractItemModelTester::FailureReportingMode::Fatal };

    explicit FollowingModel(void (*seed)(World &))
    {
        seed(world);
        model.setSnapshot(world.snapshot);
        model.setNotifier(&notifier);
    }
};

// Has `model` follow `store` from its empty snapshot through the notifier while
// driveStore() fills it, under a fatal model tester. Following must need no reset and
// must end, over `roles`, where a model built from the store's final snapshot starts.
// Returns what went wrong, or "" with `final` set to that snapshot for further checks.
template<typename Model>
QString followStore(Model &model, Store &store, const QString &repoPath, int runs, const QList<int> &roles,
                    StoreSnapshot &final)
{
    auto empty = store.snapshot();
    if (!empty)
        return QStringLiteral("snapshot before: ") + empty.error().message;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setSnapshot(*empty);
    model.setNotifier(store.notifier());
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    if (const QString failed = driveStore(store, repoPath, runs); !failed.isEmpty())
        return failed;
    if (resets.count() != 0)
        return QStringLiteral("following the store reset the model %1 time(s)").arg(resets.count());
    auto after = store.snapshot();
    if (!after)
        return QStringLiteral("snapshot after: ") + after.error().message;
    Model fresh;
    fresh.setSnapshot(*after);
    const QString followed = dumpModel(model, roles);
    const QString rebuilt = dumpModel(fresh, roles);
    if (followed != rebuilt)
        return QStringLiteral("the followed model:\n%1differs from the rebuilt one:\n%2").arg(followed, rebuilt);
    final = *after;
    return {};
}

// A seeded stream of store changes: run inserts (some out of order: phases and tiers
// before their run), phase state, usage and order changes, tier and run changes,
// projects.
class Churn
{
public:
    Churn(World &world, StoreNotifier &notifier, quint32 seed)
        : m_world(world)
        , m_notifier(notifier)
        , m_random(seed)
    {
    }

    enum class Kind { RunInsert, ScrambledRunInsert, PhaseState, PhaseUsage, PhaseReorder, Tier, Run, Project };

    // One random change; returns what it was and, for phase changes, the phase id.
    Kind step(qint64 *phaseId = nullptr)
    {
        const int dice = m_random.bounded(100);
        if (m_world.snapshot.phases.isEmpty() || dice < 3)
            return insertRun(false);
        if (dice < 4)
            return insertRun(true);
        if (dice < 8) {
            const qint64 id = m_random.bounded(1, 6);
            Q_EMIT m_notifier.projectChanged(
                m_world.addProject(id, QStringLiteral("Project-%1-%2").arg(id).arg(m_random.bounded(1000))));
            return Kind::Project;
        }
        if (dice < 12) {
            Run &run = m_world.snapshot.runs[m_random.bounded(qsizetype(m_world.snapshot.runs.size()))];
            run.state = RunState(m_random.bounded(RunStateCount));
            run.tokenCap = 1'000'000 * m_random.bounded(1, 10);
            run.minorIssues = m_random.bounded(5);
            run.updatedAt = m_world.tick();
            Q_EMIT m_notifier.runChanged(run);
            return Kind::Run;
        }
        if (dice < 20) {
            Tier &tier = m_world.snapshot.tiers[m_random.bounded(qsizetype(m_world.snapshot.tiers.size()))];
            tier.state = TierState(m_random.bounded(TierStateCount));
            tier.majorIssues = m_random.bounded(3);
            tier.cleanliness = m_random.bounded(2) ? Cleanliness::Clean : Cleanliness::NotClean;
            tier.updatedAt = m_world.tick();
            Q_EMIT m_notifier.tierChanged(tier);
            return Kind::Tier;
        }
        Phase &phase = m_world.snapshot.phases[m_random.bounded(qsizetype(m_world.snapshot.phases.size()))];
        if (phaseId)
            *phaseId = phase.id;
        Kind kind;
        if (dice < 22) {
            // A new phase_index: the phase moves among its siblings (and board cards).
            phase.phaseIndex = m_random.bounded(30);
            kind = Kind::PhaseReorder;
        } else if (dice < 70) {
            phase.state = PhaseState(m_random.bounded(PhaseStateCount));
            phase.awaitingReviewer = phase.state == PhaseState::Gate && m_random.bounded(2);
            kind = Kind::PhaseState;
        } else {
            phase.tokensUsed += m_random.bounded(1, 50'000);
            phase.minorIssues = m_random.bounded(4);
            phase.builderAttempts = m_random.bounded(4);
            kind = Kind::PhaseUsage;
        }
        phase.updatedAt = m_world.tick();
        Q_EMIT m_notifier.phaseChanged(phase);
        return kind;
    }

private:
    Kind insertRun(bool scrambled)
    {
        // Mostly known projects; now and then one not announced yet.
        const qint64 projectId = m_random.bounded(1, 7);
        auto made = m_world.addRun(projectId, m_random.bounded(1, 4), m_random.bounded(1, 5));
        if (!scrambled) {
            Q_EMIT m_notifier.runInserted(made.run, made.tiers, made.phases);
            return Kind::RunInsert;
        }
        // Phases first, then tiers, then the run: the models must hold them back
        // and adopt them when the run arrives.
        for (const Phase &phase : std::as_const(made.phases))
            Q_EMIT m_notifier.phaseChanged(phase);
        for (const Tier &tier : std::as_const(made.tiers))
            Q_EMIT m_notifier.tierChanged(tier);
        Q_EMIT m_notifier.runInserted(made.run, made.tiers, made.phases);
        return Kind::ScrambledRunInsert;
    }

    World &m_world;
    StoreNotifier &m_notifier;
    QRandomGenerator m_random;
};

} // namespace Autopack::Test
