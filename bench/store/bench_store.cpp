// bench_store: the store and both item models at 4,000 runs × 25 phases (100k phases).
//
// Measures, in one run (issue 3):
//   select_100k_ms  the floor: a bare SELECT * of projects, runs, tiers and phases through
//                   the same QSQLITE driver, every value read as a QVariant;
//   load_100k_ms    Store::open() + snapshot() + setSnapshot() on RunTreeModel and
//                   PhaseBoardModel, i.e. from nothing to both models complete;
//   peak_rss_mb     VmHWM of this process after the load (the database is created by a
//                   child process, so its memory does not count);
//   changes_per_s   10,000 single-phase state changes through Store::transitionPhase with
//                   both models attached (signals delivered and applied);
//   model_resets    resets of either model during those changes (target 0);
//   largest_update_rows  the most rows one change touched in both models together
//                   (dataChanged rows, moved, inserted and removed rows).
// Then, for attribution, the same kind of changes with the models detached.
// Readable lines first; the last line is one JSON object of the figures.

#include "benchdatabase.h"
#include "phaseboardmodel.h"
#include "runtreemodel.h"
#include "store.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>

#include <cstdio>
#include <ctime>

using namespace Autopack;

namespace {

constexpr int RunCount = 4000;
constexpr int TierCount = 5;
constexpr int PhasesPerTier = 5;
constexpr int ChangeCount = 10'000;

void say(const QString &line)
{
    std::fputs(qPrintable(line + QLatin1Char('\n')), stdout);
    std::fflush(stdout);
}

int fail(const QString &what)
{
    std::fputs(qPrintable(QStringLiteral("bench_store: ") + what + QLatin1Char('\n')), stderr);
    return 1;
}

// CPU time of this process in ms: on a shared machine the wall clock also counts the
// time other processes held the CPU, so both are reported.
double cpuMs()
{
    timespec ts {};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1000.0 + double(ts.tv_nsec) / 1e6;
}

// Peak resident set size of this process, from /proc/self/status (VmHWM, kB).
double peakRssMb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toDouble() / 1024.0;
    }
    return -1;
}

// Child process: fills a fresh database through the store's write API, one createRun
// (one transaction) per run, as the engine would.
int createDatabase(const QString &path)
{
    if (auto created = Bench::createBenchDatabase(path, RunCount, TierCount, PhasesPerTier); !created)
        return fail(QStringLiteral("cannot create %1: %2").arg(path, created.error().message));
    return 0;
}

// The floor: every row of the four tables through the bare driver.
std::pair<qint64, qint64> bareSelect(const QString &path)
{
    qint64 ms = -1;
    qint64 values = 0;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("bench-floor"));
        db.setDatabaseName(path);
        if (!db.open())
            return { -1, 0 };
        QElapsedTimer timer;
        timer.start();
        for (const char *table : { "projects", "runs", "tiers", "phases" }) {
            QSqlQuery q(db);
            q.setForwardOnly(true);
            if (!q.exec(QStringLiteral("SELECT * FROM %1 ORDER BY id").arg(QLatin1String(table))))
                return { -1, 0 };
            const int columns = q.record().count();
            while (q.next()) {
                for (int c = 0; c < columns; ++c)
                    values += q.value(c).isNull() ? 0 : 1;
            }
        }
        ms = timer.elapsed();
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("bench-floor"));
    return { ms, values };
}

// Counts what the models tell their views, per change.
struct UpdateMeter {
    qint64 rows = 0;
    int resets = 0;

    void watch(QAbstractItemModel *model)
    {
        QObject::connect(model, &QAbstractItemModel::dataChanged, model,
                         [this](const QModelIndex &tl, const QModelIndex &br) { rows += br.row() - tl.row() + 1; });
        QObject::connect(model, &QAbstractItemModel::rowsMoved, model,
                         [this](const QModelIndex &, int first, int last) { rows += last - first + 1; });
        QObject::connect(model, &QAbstractItemModel::rowsInserted, model,
                         [this](const QModelIndex &, int first, int last) { rows += last - first + 1; });
        QObject::connect(model, &QAbstractItemModel::rowsRemoved, model,
                         [this](const QModelIndex &, int first, int last) { rows += last - first + 1; });
        QObject::connect(model, &QAbstractItemModel::modelReset, model, [this] { ++resets; });
    }
};

struct Step {
    PhaseState to;
    Actor actor;
    TransitionContext context;
};

// Four legal steps of a phase's life: dispatched, gated, approved, CI green.
QList<Step> lifecycle()
{
    TransitionContext gate;
    gate.candidateApplied = true;
    TransitionContext approved;
    approved.gateChecksPassed = true;
    approved.approved = true;
    TransitionContext green;
    green.ciGreen = true;
    return {
        { PhaseState::Executing, Actor::Builder, {} },
        { PhaseState::Gate, Actor::Supervisor, gate },
        { PhaseState::CiRunning, Actor::Supervisor, approved },
        { PhaseState::Complete, Actor::Supervisor, green },
    };
}

// Runs ChangeCount transitions over `phases` (each taken through the four steps,
// step by step over all of them); returns elapsed ms or -1.
qint64 runChanges(Store &store, const QList<Phase> &phases, UpdateMeter *meter, qint64 *largest, QString *error)
{
    const QList<Step> steps = lifecycle();
    QElapsedTimer timer;
    timer.start();
    for (const Step &step : steps) {
        for (const Phase &phase : phases) {
            if (meter)
                meter->rows = 0;
            auto done = store.transitionPhase(phase.runId, phase.phaseId, step.to, step.actor,
                                              QStringLiteral("bench"), step.context);
            if (!done) {
                *error = done.error().message;
                return -1;
            }
            if (meter && meter->rows > *largest)
                *largest = meter->rows;
        }
    }
    return timer.elapsed();
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() == 3 && args.at(1) == QLatin1String("--create"))
        return createDatabase(args.at(2));
    if (args.size() > 1 && !(args.size() == 3 && args.at(1) == QLatin1String("--from")))
        return fail(QStringLiteral("usage: bench_store [--create NEW.db | --from EXISTING.db]"));

    QTemporaryDir dir;
    if (!dir.isValid())
        return fail(QStringLiteral("no temporary directory: ") + dir.errorString());
    const QString path = dir.filePath(QStringLiteral("bench.db"));

    say(QStringLiteral("bench_store: %1 runs x %2 tiers x %3 phases = %4 phases, SQLite at %5")
            .arg(RunCount)
            .arg(TierCount)
            .arg(PhasesPerTier)
            .arg(RunCount * TierCount * PhasesPerTier)
            .arg(path));
    if (args.size() == 3 && args.at(1) == QLatin1String("--from")) {
        // A database made earlier with --create (copied: the run changes it), so a
        // profiler sees only the measured part.
        if (!QFile::copy(args.at(2), path))
            return fail(QStringLiteral("cannot copy %1").arg(args.at(2)));
        say(QStringLiteral("setup: copied %1").arg(args.at(2)));
    } else {
        QElapsedTimer setup;
        setup.start();
        const int created
            = QProcess::execute(QCoreApplication::applicationFilePath(), { QStringLiteral("--create"), path });
        if (created != 0)
            return fail(QStringLiteral("creating the database failed (exit %1)").arg(created));
        say(QStringLiteral("setup: %1 runs created through Store::createRun in %2 s (child process)")
                .arg(RunCount)
                .arg(double(setup.elapsed()) / 1000.0, 0, 'f', 1));
    }

    double cpu = cpuMs();
    const auto [selectMs, values] = bareSelect(path);
    const double selectCpu = cpuMs() - cpu;
    if (selectMs < 0)
        return fail(QStringLiteral("bare SELECT failed"));
    say(QStringLiteral("floor: bare SELECT * of projects, runs, tiers, phases: %1 ms (CPU %2 ms, %3 values)")
            .arg(selectMs)
            .arg(selectCpu, 0, 'f', 0)
            .arg(values));

    cpu = cpuMs();
    QElapsedTimer load;
    load.start();
    auto opened = Store::open(path);
    if (!opened)
        return fail(QStringLiteral("Store::open: ") + opened.error().message);
    std::unique_ptr<Store> store = std::move(*opened);
    const qint64 openMs = load.elapsed();
    RunTreeModel tree;
    PhaseBoardModel board;
    QList<Phase> changed; // every 40th phase: 2,500 phases spread over all runs
    qint64 snapshotMs = 0, treeMs = 0, boardMs = 0;
    double snapshotCpu = 0, treeCpu = 0, boardCpu = 0; // the open's CPU counts in the snapshot's
    {
        auto snapshot = store->snapshot();
        if (!snapshot)
            return fail(QStringLiteral("Store::snapshot: ") + snapshot.error().message);
        snapshotMs = load.elapsed() - openMs;
        snapshotCpu = cpuMs() - cpu;
        tree.setSnapshot(*snapshot);
        treeMs = load.elapsed() - openMs - snapshotMs;
        treeCpu = cpuMs() - cpu - snapshotCpu;
        board.setSnapshot(*snapshot);
        boardMs = load.elapsed() - openMs - snapshotMs - treeMs;
        boardCpu = cpuMs() - cpu - snapshotCpu - treeCpu;
        for (qsizetype i = 0; i < snapshot->phases.size(); i += 40)
            changed.append(snapshot->phases.at(i));
    }
    const qint64 loadMs = load.elapsed();
    const double loadCpu = cpuMs() - cpu;
    const double peakMb = peakRssMb();

    const int treePhases = tree.index(0, 0).data(RunTreeModel::TotalCountRole).toInt();
    const int boardCards = board.rowCount(board.columnIndex(PhaseState::Queued));
    say(QStringLiteral("load: %1 ms (CPU %8 ms) to both models complete (wall: open %2, snapshot %3, tree %4, "
                       "board %5; CPU: open+snapshot %9, tree %10, board %11); tree %6 phases, board %7 queued cards")
            .arg(loadMs)
            .arg(openMs)
            .arg(snapshotMs)
            .arg(treeMs)
            .arg(boardMs)
            .arg(treePhases)
            .arg(boardCards)
            .arg(loadCpu, 0, 'f', 0)
            .arg(snapshotCpu, 0, 'f', 0)
            .arg(treeCpu, 0, 'f', 0)
            .arg(boardCpu, 0, 'f', 0));
    say(QStringLiteral("memory: peak RSS %1 MB after the load").arg(peakMb, 0, 'f', 1));
    if (treePhases != RunCount * TierCount * PhasesPerTier || boardCards != treePhases)
        return fail(QStringLiteral("the models do not hold every phase"));

    UpdateMeter meter;
    meter.watch(&tree);
    meter.watch(&board);
    tree.setNotifier(store->notifier());
    board.setNotifier(store->notifier());
    qint64 largest = 0;
    QString error;
    Q_ASSERT(changed.size() * 4 == ChangeCount);
    cpu = cpuMs();
    const qint64 attachedMs = runChanges(*store, changed, &meter, &largest, &error);
    const double attachedCpu = cpuMs() - cpu;
    if (attachedMs < 0)
        return fail(QStringLiteral("transitionPhase: ") + error);
    const double changesPerS = attachedMs > 0 ? ChangeCount * 1000.0 / double(attachedMs) : 0;
    const int completed = board.rowCount(board.columnIndex(PhaseState::Complete));
    say(QStringLiteral("changes: %1 phase transitions with both models attached in %2 ms (CPU %7 ms) = %3 changes/s; "
                       "largest update %4 rows; %5 model resets; %6 cards now COMPLETE")
            .arg(ChangeCount)
            .arg(attachedMs)
            .arg(changesPerS, 0, 'f', 0)
            .arg(largest)
            .arg(meter.resets)
            .arg(completed)
            .arg(attachedCpu, 0, 'f', 0));
    if (completed != changed.size())
        return fail(QStringLiteral("the board did not follow the changes"));

    // Attribution: the same transitions on other phases with no model listening.
    tree.setNotifier(nullptr);
    board.setNotifier(nullptr);
    QList<Phase> others;
    for (const Phase &phase : std::as_const(changed)) {
        Phase next = phase;
        next.phaseId = QStringLiteral("P%1.%2").arg(phase.phaseId.mid(1, 1)).arg(phase.phaseIndex == 0 ? 2 : 1);
        others.append(next);
    }
    cpu = cpuMs();
    const qint64 detachedMs = runChanges(*store, others, nullptr, &largest, &error);
    const double detachedCpu = cpuMs() - cpu;
    if (detachedMs < 0)
        return fail(QStringLiteral("transitionPhase (detached): ") + error);
    say(QStringLiteral("attribution: the same %1 transitions on other phases with no model attached take %2 ms "
                       "(CPU %3 ms); by CPU time the models add %4 us per change")
            .arg(ChangeCount)
            .arg(detachedMs)
            .arg(detachedCpu, 0, 'f', 0)
            .arg((attachedCpu - detachedCpu) * 1000.0 / ChangeCount, 0, 'f', 1));

    const QJsonObject figures {
        { QStringLiteral("load_100k_ms"), loadMs },
        { QStringLiteral("select_100k_ms"), selectMs },
        { QStringLiteral("peak_rss_mb"), qRound(peakMb * 10) / 10.0 },
        { QStringLiteral("changes_per_s"), qRound(changesPerS) },
        { QStringLiteral("model_resets"), meter.resets },
        { QStringLiteral("largest_update_rows"), largest },
    };
    say(QString::fromUtf8(QJsonDocument(figures).toJson(QJsonDocument::Compact)));
    return 0;
}
