// bench_agent: what the agent runner itself costs per phase. A 5,000-file repository,
// an in-process engine (EngineHost on an ephemeral loopback port, SQLite, no CI command)
// and a run of 10 phases worked by the runner with the `command` adapter, whose script
// changes 10 files. Per phase the runner's own time is measured: claim, workspace move,
// prompt, patch, submit and the engine's answer; not the agent's run. The floor, in the
// same run, is what a worktree-based tool spends on the same phase: `git worktree add`
// + `git diff` + `git worktree remove`.
//
// Last line: {"phase_overhead_ms": median of phases 2..10, "first_phase_ms": phase 1,
//             "worktree_floor_ms": median floor, "ratio": floor / phase_overhead}.
// Before it, the later phases' median per stage, from the runner's and the workspace's
// debug lines (autopack.runner, autopack.workspace): workspace move (and its stages),
// patch, submit.
#include "agentrunner.h"
#include "apiclient.h"
#include "enginehost.h"
#include "runnerlog.h"
#include "store.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QMutex>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <thread>
#include <vector>

using namespace Autopack;

namespace {

constexpr int kFiles = 5000;
int kPhases = 10; // --phases N for profiling more of the later phases

bool git(const QString &dir, const QStringList &args)
{
    QProcess p;
    p.setWorkingDirectory(dir);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("GIT_AUTHOR_NAME", "Bench");
    env.insert("GIT_AUTHOR_EMAIL", "bench@example.invalid");
    env.insert("GIT_COMMITTER_NAME", "Bench");
    env.insert("GIT_COMMITTER_EMAIL", "bench@example.invalid");
    p.setProcessEnvironment(env);
    p.start("git", args);
    p.waitForFinished(600000);
    if (p.exitCode() != 0)
        std::fprintf(
            stderr, "bench_agent: git %s: %s\n", qPrintable(args.join(' ')), p.readAllStandardError().constData());
    return p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

bool makeRepository(const QString &repo)
{
    QDir().mkpath(repo);
    if (!git(repo, { "init", "-q", "-b", "main" }))
        return false;
    for (int i = 0; i < kFiles; ++i) {
        const QString dir = QStringLiteral("%1/src/module%2").arg(repo).arg(i / 100, 2, 10, QChar(u'0'));
        QDir().mkpath(dir);
        QFile f(QStringLiteral("%1/file%2.cpp").arg(dir).arg(i, 4, 10, QChar(u'0')));
        if (!f.open(QIODevice::WriteOnly))
            return false;
        for (int line = 0; line < 30; ++line)
            f.write(QStringLiteral("int function_%1_%2(int x) { return x + %2; }\n").arg(i).arg(line).toUtf8());
    }
    return git(repo, { "add", "-A" }) && git(repo, { "commit", "-qm", "5,000 files" });
}

double median(std::vector<double> v)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

// The per-stage milliseconds of each phase, read from the debug lines of the runner
// ("<phase> ms: workspace N patch N submit N") and of the workspace ("moved ... by its
// changes ... ; ms for a, b, c: QList(N, N, N)"), in the order the phases ran. Other
// messages pass through.
using PhaseStages = std::vector<std::pair<QString, double>>;
struct Stages {
    QMutex mutex;
    std::vector<PhaseStages> phases;
    PhaseStages moving; // the workspace's stages of the phase being worked
    QtMessageHandler previous = nullptr;
};
Stages stages;

void recordStages(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    const QLatin1String category(context.category ? context.category : "");
    if (type == QtDebugMsg
        && (category == QLatin1String("autopack.runner") || category == QLatin1String("autopack.workspace"))) {
        static const QRegularExpression runner(QStringLiteral("ms: workspace (\\d+) patch (\\d+) submit (\\d+)"));
        static const QRegularExpression workspace(QStringLiteral("; ms for ([^:]+): QList\\(([^)]*)\\)"));
        QMutexLocker lock(&stages.mutex);
        if (const auto m = workspace.match(message); m.hasMatch()) {
            const QString how = message.contains(QLatin1String("by its changes")) ? QStringLiteral("by changes")
                                                                                  : QStringLiteral("whole listing");
            const QStringList names = m.captured(1).split(QStringLiteral(", "));
            const QStringList values = m.captured(2).split(QStringLiteral(", "));
            stages.moving.clear();
            for (qsizetype i = 0; i < std::min(names.size(), values.size()); ++i)
                stages.moving.emplace_back(QStringLiteral("  %1: %2").arg(how, names.at(i)), values.at(i).toDouble());
        } else if (const auto r = runner.match(message); r.hasMatch()) {
            PhaseStages phase { { QStringLiteral("workspace"), r.captured(1).toDouble() } };
            phase.insert(phase.end(), stages.moving.begin(), stages.moving.end());
            phase.emplace_back(QStringLiteral("patch"), r.captured(2).toDouble());
            phase.emplace_back(QStringLiteral("submit"), r.captured(3).toDouble());
            stages.phases.push_back(std::move(phase));
            stages.moving.clear();
        }
        const QString rules = qEnvironmentVariable("QT_LOGGING_RULES");
        if (!rules.contains(category) && !rules.contains(u'*'))
            return; // recorded only, unless the user asked for the lines
    }
    if (stages.previous)
        stages.previous(type, context, message);
    else
        std::fprintf(stderr, "%s\n", qPrintable(qFormatLogMessage(type, context, message)));
}

// The floor: one phase as a worktree manager does it, at the same commit.
double worktreeFloorMs(const QString &repo, const QString &where, int n)
{
    const QString wt = QStringLiteral("%1/wt%2").arg(where).arg(n);
    QElapsedTimer t;
    t.start();
    git(repo, { "worktree", "add", "-q", "--detach", wt, "main" });
    git(wt, { "diff" });
    git(repo, { "worktree", "remove", "--force", wt });
    return t.nsecsElapsed() / 1e6;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    // The user's QT_LOGGING_RULES still decide what is printed (recordStages); these are
    // read whatever they say.
    QLoggingCategory::setFilterRules(QStringLiteral("autopack.runner.debug=true\nautopack.workspace.debug=true"));
    stages.previous = qInstallMessageHandler(recordStages);
    if (const qsizetype at = app.arguments().indexOf("--phases"); at > 0)
        kPhases = std::max(2, app.arguments().value(at + 1).toInt());
    QTemporaryDir dir;
    const QString repo = dir.filePath("repo");
    std::printf("bench_agent: making a %d-file repository...\n", kFiles);
    std::fflush(stdout);
    if (!dir.isValid() || !makeRepository(repo))
        return 1;
    auto opened = Store::open(dir.filePath("autopack.db"));
    if (!opened) {
        std::fprintf(stderr, "bench_agent: %s\n", qPrintable(opened.error().message));
        return 1;
    }
    Store &store = **opened;
    Project project;
    project.name = "bench";
    project.repoPath = repo;
    project.baseBranch = "main";
    if (auto added = store.addProject(project); !added) {
        std::fprintf(stderr, "bench_agent: %s\n", qPrintable(added.error().message));
        return 1;
    }
    const QString admin = store.createToken("bench-admin", "admin")->plainToken;
    const QString builder = store.createToken("bench-builder", "builder")->plainToken;
    Host::EngineHost host(store);
    Host::EngineHostOptions options;
    options.dataDir = dir.filePath("data");
    options.listen = "127.0.0.1:0";
    if (auto started = host.start(options); !started) {
        std::fprintf(stderr, "bench_agent: %s\n", qPrintable(started.error()));
        return 1;
    }
    const QString url = "http://" + host.listenAddress();

    // The floor first, on a quiet engine.
    std::vector<double> floors;
    for (int i = 0; i < 10; ++i)
        floors.push_back(worktreeFloorMs(repo, dir.path(), i));
    std::printf("worktree floor (add + diff + remove, %d files): median %.1f ms, min %.1f ms\n", kFiles, median(floors),
        *std::min_element(floors.begin(), floors.end()));

    QJsonArray phases;
    for (int i = 0; i < kPhases; ++i)
        phases.append(
            QJsonObject { { "phase_id", QStringLiteral("p%1").arg(i + 1) }, { "phase_index", i }, { "tier_id", "t1" },
                { "name", QStringLiteral("Phase %1").arg(i + 1) }, { "description", "Change ten files" },
                { "task_category", "docs" }, { "complexity", "low" }, { "builder_mode", "tweak_light" } });
    const QJsonObject plan {
        { "run",
            QJsonObject { { "run_id", "bench" }, { "safety_profile", "normal" }, { "run_scope", "multi_tier" },
                { "token_cap", 5000000 }, { "max_phases", 25 }, { "max_duration_minutes", 120 } } },
        { "tiers",
            QJsonArray {
                QJsonObject { { "tier_id", "t1" }, { "tier_index", 0 }, { "name", "Tier" }, { "description", "" } } } },
        { "phases", phases },
    };
    {
        Agent::ApiClient client(QUrl(url), admin);
        auto created = client.postJson("/runs/start", plan);
        if (!created || created->status != 201) {
            std::fprintf(
                stderr, "bench_agent: runs/start: %s\n", qPrintable(created ? created->describe() : created.error()));
            return 1;
        }
    }
    const QString agentScript = dir.filePath("agent.sh");
    {
        QFile f(agentScript);
        f.open(QIODevice::WriteOnly);
        // One file in each of the first ten modules: src/module0N/file0N00.cpp.
        f.write("#!/bin/bash\nstamp=$(date +%s%N)\n"
                "for i in 0 1 2 3 4 5 6 7 8 9; do echo \"// $stamp\" >> src/module0$i/file0${i}00.cpp; done\n"
                "echo changed ten files\n");
    }

    Agent::RunnerOptions ro;
    ro.role = "builder";
    ro.adapter = "command";
    ro.command = { "bash", agentScript };
    ro.url = QUrl(url);
    ro.token = builder;
    ro.workdir = dir.filePath("work");
    ro.pollMs = 20;
    ro.heartbeatMs = 2000;
    Agent::RunnerLog quiet([](const QString &) {});
    Agent::AgentRunner runner(ro, quiet);
    std::atomic_bool stop { false };
    QMutex mutex;
    std::vector<Agent::PhaseJobResult> results;
    runner.onPhaseDone = [&](const Agent::PhaseJobResult &r) {
        QMutexLocker lock(&mutex);
        results.push_back(r);
        if (int(results.size()) >= kPhases)
            stop.store(true);
    };
    std::thread worker([&] { runner.run(stop); });
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &app, [&] {
        if (stop.load())
            app.quit();
    });
    poll.start(20);
    QTimer::singleShot(600000, &app, [&] { stop.store(true); }); // a hung engine ends the benchmark
    app.exec();
    worker.join();

    std::vector<double> later;
    for (size_t i = 0; i < results.size(); ++i) {
        const auto &r = results[i];
        std::printf("phase %2zu: runner %.1f ms, agent %.1f ms, %s\n", i + 1, double(r.overheadMs), double(r.agentMs),
            qPrintable(r.detail.left(60)));
        if (i > 0)
            later.push_back(double(r.overheadMs));
    }
    if (int(results.size()) < kPhases) {
        std::fprintf(stderr, "bench_agent: only %zu phases were worked\n", results.size());
        return 1;
    }
    const double first = double(results.front().overheadMs);
    const double overhead = median(later);
    const double floor = median(floors);
    std::printf("first phase %.1f ms (%.2f x the floor), later phases median %.1f ms (floor / overhead %.1f)\n", first,
        first / floor, overhead, floor / overhead);
    {
        QMutexLocker lock(&stages.mutex);
        if (stages.phases.size() > 1) {
            // The stages as the first later phase names them; a stage some phases lack
            // (a move that listed the whole commit) is the median of those that have it.
            std::printf("later phases, median ms per stage:\n");
            QStringList order;
            for (size_t i = 1; i < stages.phases.size(); ++i) {
                for (const auto &[name, ms] : stages.phases[i]) {
                    if (!order.contains(name))
                        order.append(name);
                }
            }
            for (const QString &name : std::as_const(order)) {
                std::vector<double> values;
                for (size_t i = 1; i < stages.phases.size(); ++i) {
                    for (const auto &[stage, ms] : stages.phases[i]) {
                        if (stage == name)
                            values.push_back(ms);
                    }
                }
                std::printf("  %-34s %6.1f (%zu phases)\n", qPrintable(name), median(values), values.size());
            }
        }
    }
    host.stop();
    std::printf(
        "{\"phase_overhead_ms\": %.1f, \"first_phase_ms\": %.1f, \"worktree_floor_ms\": %.1f, \"ratio\": %.1f}\n",
        overhead, first, floor, floor / overhead);
    return 0;
}
