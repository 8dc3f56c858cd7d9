// bench_verifier: issue 5's benchmark, in one program run.
//
//   attempt_overhead_ms_median: one green CI run of `true` on a 500-file candidate,
//       from enqueue() to finished(): queue, scratch directory, libgit2 checkout of
//       the candidate, process start in its own group, exit, bookkeeping. (Removal of
//       the scratch directory runs afterwards on the worker pool and is not counted.)
//   checkout_ms_median: of which the git layer's scratch checkout of those 500 files
//       alone (Git::ScratchCheckout::checkoutPath into a fresh directory).
//   raw_spawn_ms_median: the same `true` through a bare QProcess, for scale.
//   stream_mb_per_s: a command writing 256 MB to stdout, through the merged pipe and
//       BoundedOutput (2 MB + 2 MB kept), recorder in memory.
//   stream_peak_rss_mb: VmHWM after that run (the kept output is ~4 MB).
//   store_stream_ms: a 64 MB output recorded through StoreCiRecorder into SQLite
//       (4 MB kept and appended in 64 KB batches), enqueue to finished().
//
// Usage: bench_verifier [repetitions]. Last line: one JSON object of the figures.

#include "cirecorder.h"
#include "scratchcheckout.h"
#include "store.h"
#include "storecirecorder.h"
#include "testrepo.h"
#include "verifier.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace Autopack;
using namespace Autopack::Ci;

namespace {

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
}

double peakRssMb()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toDouble() / 1024.0;
    }
    return -1;
}

// Runs one request to its end; returns the wall time in ms, or -1.
double runToEnd(Verifier &v, const CiRequest &req, CiResult *out = nullptr)
{
    QEventLoop loop;
    CiResult result;
    bool done = false;
    auto c = QObject::connect(&v, &Verifier::finished, &loop, [&](const CiResult &r) {
        result = r;
        done = true;
        loop.quit();
    });
    QElapsedTimer t;
    t.start();
    v.enqueue(req);
    if (!done)
        loop.exec();
    const double ms = double(t.nsecsElapsed()) / 1e6;
    QObject::disconnect(c);
    if (out)
        *out = result;
    return result.verdict == Verdict::Green ? ms : -1;
}

CiConfig config(const QByteArray &json)
{
    auto c = CiConfig::fromJson(json);
    if (!c) {
        std::fprintf(stderr, "%s\n", qPrintable(c.error().toString()));
        std::exit(1);
    }
    return *c;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("autopack.*.info=false\nautopack.*.debug=false"));
    const int reps = argc > 1 ? std::max(3, atoi(argv[1])) : 30;

    QTemporaryDir tmp;
    const QString repo = tmp.filePath(QStringLiteral("repo"));
    QMap<QString, QByteArray> files;
    for (int i = 0; i < 500; ++i)
        files.insert(
            QStringLiteral("src/dir%1/file%2.txt").arg(i % 25).arg(i), QByteArray(2048, char('a' + i % 26)) + '\n');
    QString error;
    const QString head = TestRepo::commit(repo, files, QString(), true, &error);
    if (head.isEmpty()) {
        std::fprintf(stderr, "cannot create the repository: %s\n", qPrintable(error));
        return 1;
    }

    CiRequest req;
    req.projectId = 1;
    req.repoPath = repo;
    req.runId = QStringLiteral("run-1");
    req.tierId = QStringLiteral("T1");
    req.phaseId = QStringLiteral("P1");
    req.candidateCommit = head;

    MemoryCiRecorder memory;
    Verifier::Options opts;
    opts.workDir = tmp.filePath(QStringLiteral("work"));
    Verifier verifier(&memory, opts);

    // (1) overhead of an attempt around a trivial command
    req.config = config(R"({"normal": [["true"]]})");
    std::vector<double> attempt, spawn;
    runToEnd(verifier, req); // warm-up
    for (int i = 0; i < reps; ++i) {
        const double ms = runToEnd(verifier, req);
        if (ms < 0) {
            std::fprintf(stderr, "a CI run was not green\n");
            return 1;
        }
        attempt.push_back(ms);
        QElapsedTimer t;
        t.start();
        QProcess p;
        p.start(QStringLiteral("true"), {});
        p.waitForFinished();
        spawn.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    std::vector<double> checkout;
    for (int i = 0; i < reps; ++i) {
        const QString target = tmp.filePath(QStringLiteral("co-%1").arg(i));
        QElapsedTimer t;
        t.start();
        if (auto r = Git::ScratchCheckout::checkoutPath(repo, head, target); !r) {
            std::fprintf(stderr, "checkout: %s\n", qPrintable(r.error()));
            return 1;
        }
        checkout.push_back(double(t.nsecsElapsed()) / 1e6);
        QDir(target).removeRecursively();
    }
    std::printf("attempt around `true` on a 500-file candidate: median %.2f ms (min %.2f, max %.2f), %d runs\n",
        median(attempt), *std::min_element(attempt.begin(), attempt.end()),
        *std::max_element(attempt.begin(), attempt.end()), reps);
    std::printf("of which the scratch checkout alone: median %.2f ms\n", median(checkout));
    std::printf("bare QProcess `true`: median %.2f ms\n", median(spawn));

    // (2) output throughput through the bounded stream
    const qint64 streamBytes = 256LL * 1024 * 1024;
    req.config = config(QStringLiteral(R"({"normal": [{"shell": "head -c %1 /dev/zero"}]})").arg(streamBytes).toUtf8());
    CiResult streamed;
    const double streamMs = runToEnd(verifier, req, &streamed);
    if (streamMs < 0 || streamed.attempts.first().outputBytes < streamBytes) {
        std::fprintf(stderr, "the stream run failed\n");
        return 1;
    }
    const double mbPerS = double(streamBytes) / (1024.0 * 1024.0) / (streamMs / 1000.0);
    const double rss = peakRssMb();
    std::printf("256 MB of output: %.0f ms, %.0f MB/s; kept %lld bytes, cut %lld; peak RSS %.1f MB\n", streamMs, mbPerS,
        qint64(streamed.attempts.first().output.size()), streamed.attempts.first().cutBytes, rss);

    // (3) the same kind of output recorded in the store
    auto store = Store::open(tmp.filePath(QStringLiteral("autopack.db")));
    if (!store) {
        std::fprintf(stderr, "store: %s\n", qPrintable(store.error().toString()));
        return 1;
    }
    Project project;
    project.name = QStringLiteral("bench");
    project.repoPath = repo;
    project.baseBranch = QStringLiteral("main");
    auto added = (*store)->addProject(project);
    Run run;
    run.runId = req.runId;
    run.projectId = added ? added->id : 0;
    Tier tier;
    tier.tierId = req.tierId;
    tier.name = QStringLiteral("T");
    Phase phase;
    phase.tierId = req.tierId;
    phase.phaseId = req.phaseId;
    phase.name = QStringLiteral("P");
    if (auto c = (*store)->createRun(run, { tier }, { phase }); !c) {
        std::fprintf(stderr, "store: %s\n", qPrintable(c.error().toString()));
        return 1;
    }
    StoreCiRecorder recorder(store->get());
    Verifier stored(&recorder, opts);
    req.config = config(R"({"normal": [{"shell": "head -c 67108864 /dev/zero | tr '\\0' x"}]})");
    CiResult storedResult;
    const double storeMs = runToEnd(stored, req, &storedResult);
    const auto rows = (*store)->ciAttempts(req.runId, req.phaseId);
    if (storeMs < 0 || !rows || rows->size() != 1
        || rows->first().output.size() != storedResult.attempts.first().output.size()) {
        std::fprintf(stderr, "the store run failed\n");
        return 1;
    }
    std::printf(
        "64 MB of output into the store (%lld bytes kept): %.0f ms\n", qint64(rows->first().output.size()), storeMs);

    QJsonObject figures {
        { "attempt_overhead_ms_median", median(attempt) },
        { "checkout_ms_median", median(checkout) },
        { "raw_spawn_ms_median", median(spawn) },
        { "stream_mb_per_s", mbPerS },
        { "stream_peak_rss_mb", rss },
        { "store_stream_ms", storeMs },
    };
    std::printf("%s\n", QJsonDocument(figures).toJson(QJsonDocument::Compact).constData());
    return 0;
}
