// bench_api: the Agent API as agents load it. Its own EngineHost on 127.0.0.1 with an
// ephemeral port, over a store and a git repository in a temporary directory; the load
// comes from plain POSIX sockets on std::threads (one keep-alive connection per client),
// so no client shares an event loop with the server's threads.
//
//   (a) 32 clients alternate record_issue and update_status for --seconds (default 5).
//       update_status EXECUTING dispatches p0 and then counts failed attempts until they
//       run out; later ones are refused (409) after the same parsing, authentication,
//       validation and state check. A refused request is still a served request here;
//       the 2xx count is printed beside it, and (b) measures successes alone.
//   (b) 32 clients post record_issue only: every request a write, every answer 2xx.
//   (c) 8 clients post builder_result with a 20 KB patch, each cycling over its own runs
//       (50 per second of load) and always naming the run's next phase, so a submission
//       is legal whenever CI of that run's previous phase has finished (otherwise 409, and
//       the client moves on). patch_rps and patch_p99_ms count accepted submissions only:
//       each made a candidate commit and queued CI, which runs one attempt at a time per
//       project and keeps running beside the load; the CI attempts started during it are
//       printed too.
// Last line: {"small_rps": …, "small_p99_ms": …, "patch_rps": …, "patch_p99_ms": …,
//             "issue_rps": …, "issue_p99_ms": …}.

#include "enginehost.h"
#include "store.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QThread>

#include <git2.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

using namespace Autopack;
using Clock = std::chrono::steady_clock;

namespace {

// One blocking keep-alive HTTP/1.1 connection. Only what the benchmark needs:
// Content-Length responses, no chunked bodies.
class RawClient
{
public:
    explicit RawClient(quint16 port)
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr {};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port);
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(m_fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0) {
            ::close(m_fd);
            m_fd = -1;
        }
        int one = 1;
        if (m_fd >= 0)
            ::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    }
    ~RawClient()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    RawClient(const RawClient &) = delete;
    RawClient &operator=(const RawClient &) = delete;

    bool ok() const { return m_fd >= 0; }

    // Sends one request and reads its response; returns the status, or 0 when the
    // connection failed (the caller reconnects).
    int post(const QByteArray &target, const QByteArray &token, const QByteArray &body, QByteArray *responseBody = nullptr)
    {
        const QByteArray request = "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
            + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n"
            + body;
        qsizetype sent = 0;
        while (sent < request.size()) {
            const ssize_t n = ::send(m_fd, request.constData() + sent, size_t(request.size() - sent), MSG_NOSIGNAL);
            if (n <= 0)
                return 0;
            sent += n;
        }
        qsizetype end = -1;
        while ((end = m_buffer.indexOf("\r\n\r\n")) < 0) {
            if (!fill())
                return 0;
        }
        const QByteArray head = m_buffer.left(end);
        const int status = head.mid(head.indexOf(' ') + 1, 3).toInt();
        qsizetype length = 0;
        for (const QByteArray &line : head.split('\n')) {
            if (line.toLower().startsWith("content-length:"))
                length = line.mid(15).trimmed().toLongLong();
        }
        m_buffer.remove(0, end + 4);
        while (m_buffer.size() < length) {
            if (!fill())
                return 0;
        }
        if (responseBody)
            *responseBody = m_buffer.left(length);
        m_buffer.remove(0, length);
        return status;
    }

private:
    bool fill()
    {
        char chunk[65536];
        const ssize_t n = ::recv(m_fd, chunk, sizeof chunk, 0);
        if (n <= 0)
            return false;
        m_buffer.append(chunk, n);
        return true;
    }

    int m_fd = -1;
    QByteArray m_buffer;
};

struct ClientResult {
    std::vector<double> latenciesMs;
    std::vector<double> okLatenciesMs; // of the 2xx answers
    qint64 ok2xx = 0;
    qint64 failedConnections = 0;
};

struct Figures {
    double rps = 0;
    double p50 = 0;
    double p99 = 0;
    qint64 requests = 0;
    qint64 ok2xx = 0;
    qint64 failedConnections = 0;
    double okRps = 0; // 2xx answers per second
    double okP50 = 0;
    double okP99 = 0;
};

double percentile(std::vector<double> &v, double p)
{
    if (v.empty())
        return 0;
    const size_t k = std::min(v.size() - 1, size_t(p * double(v.size() - 1) + 0.5));
    std::nth_element(v.begin(), v.begin() + qsizetype(k), v.end());
    return v[k];
}

// Runs `clients` threads of `work(clientIndex, client, deadline, result)` on a QThread so
// the main thread's event loop keeps turning, and folds their results.
template<typename Work>
Figures runLoad(quint16 port, int clients, double seconds, Work work)
{
    std::vector<ClientResult> results(static_cast<size_t>(clients));
    Clock::time_point started;
    Clock::time_point finished;
    QThread *driver = QThread::create([&] {
        started = Clock::now();
        const auto deadline = started + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
        std::vector<std::thread> threads;
        for (int i = 0; i < clients; ++i)
            threads.emplace_back([&, i] {
                RawClient client(port);
                work(i, client, deadline, results[size_t(i)]);
            });
        for (auto &t : threads)
            t.join();
        finished = Clock::now();
    });
    QEventLoop loop;
    QObject::connect(driver, &QThread::finished, &loop, &QEventLoop::quit);
    driver->start();
    loop.exec();
    driver->wait();
    delete driver;

    Figures f;
    std::vector<double> all;
    std::vector<double> ok;
    for (auto &r : results) {
        all.insert(all.end(), r.latenciesMs.begin(), r.latenciesMs.end());
        ok.insert(ok.end(), r.okLatenciesMs.begin(), r.okLatenciesMs.end());
        f.ok2xx += r.ok2xx;
        f.failedConnections += r.failedConnections;
    }
    const double elapsed = std::chrono::duration<double>(finished - started).count();
    f.requests = qint64(all.size());
    f.rps = double(all.size()) / elapsed;
    f.p50 = percentile(all, 0.50);
    f.p99 = percentile(all, 0.99);
    f.okRps = double(ok.size()) / elapsed;
    f.okP50 = percentile(ok, 0.50);
    f.okP99 = percentile(ok, 0.99);
    return f;
}

// Times one request and files it in `result`; false when the connection broke.
bool timed(RawClient &client, ClientResult &result, const QByteArray &target, const QByteArray &token,
           const QByteArray &body)
{
    const auto t0 = Clock::now();
    const int status = client.post(target, token, body);
    if (status == 0) {
        ++result.failedConnections;
        return false;
    }
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    result.latenciesMs.push_back(ms);
    if (status >= 200 && status < 300) {
        ++result.ok2xx;
        result.okLatenciesMs.push_back(ms);
    }
    return true;
}

// A repository with main holding README.md, made through libgit2 (no git executable).
bool makeRepository(const QString &path)
{
    git_libgit2_init();
    git_repository *repo = nullptr;
    git_repository_init_options opts = GIT_REPOSITORY_INIT_OPTIONS_INIT;
    opts.flags = GIT_REPOSITORY_INIT_MKPATH;
    opts.initial_head = "main";
    const QByteArray p = path.toUtf8();
    bool ok = git_repository_init_ext(&repo, p.constData(), &opts) == 0;
    git_oid blob {}, tree {}, commit {};
    git_treebuilder *builder = nullptr;
    git_signature *sig = nullptr;
    git_tree *treeObject = nullptr;
    ok = ok && git_blob_create_from_buffer(&blob, repo, "hello\n", 6) == 0;
    ok = ok && git_treebuilder_new(&builder, repo, nullptr) == 0;
    ok = ok && git_treebuilder_insert(nullptr, builder, "README.md", &blob, GIT_FILEMODE_BLOB) == 0;
    ok = ok && git_treebuilder_write(&tree, builder) == 0;
    ok = ok && git_tree_lookup(&treeObject, repo, &tree) == 0;
    ok = ok && git_signature_now(&sig, "bench", "bench@example.invalid") == 0;
    ok = ok && git_commit_create(&commit, repo, "refs/heads/main", sig, sig, nullptr, "initial\n", treeObject, 0, nullptr) == 0;
    if (!ok) {
        const git_error *e = git_error_last();
        std::fprintf(stderr, "bench_api: cannot make the repository: %s\n", e ? e->message : "?");
    }
    git_signature_free(sig);
    git_tree_free(treeObject);
    git_treebuilder_free(builder);
    git_repository_free(repo);
    return ok;
}

QJsonObject planJson(const QString &runId, int phases)
{
    QJsonArray phaseArray;
    for (int i = 0; i < phases; ++i)
        phaseArray.append(QJsonObject { { "phase_id", QStringLiteral("p%1").arg(i) }, { "phase_index", i },
                                        { "tier_id", "t1" }, { "name", QStringLiteral("Phase %1").arg(i) },
                                        { "description", "bench" }, { "task_category", "tests" },
                                        { "complexity", "low" }, { "builder_mode", "" } });
    return QJsonObject {
        { "run", QJsonObject { { "run_id", runId }, { "safety_profile", "normal" }, { "run_scope", "multi_tier" },
                               { "token_cap", 1'000'000'000 }, { "max_phases", phases },
                               { "max_duration_minutes", 600 } } },
        { "tiers", QJsonArray { QJsonObject { { "tier_id", "t1" }, { "tier_index", 0 }, { "name", "Tier t1" },
                                              { "description", "" } } } },
        { "phases", phaseArray }
    };
}

// A new file of about 20 KB: 400 lines of 50 characters.
QByteArray patchJson(const QString &runId, const QString &phaseId)
{
    const QString file = QStringLiteral("%1-%2.txt").arg(runId, phaseId);
    QString patch = QStringLiteral("diff --git a/%1 b/%1\nnew file mode 100644\n--- /dev/null\n+++ b/%1\n@@ -0,0 +1,400 @@\n")
                        .arg(file);
    // The same 400 lines in every file: built once, so the load generator's own CPU
    // (which shares the 2 cores with the server) goes to sending, not formatting.
    static const QString lines = [] {
        QString text;
        for (int i = 0; i < 400; ++i)
            text += QStringLiteral("+line %1 of a twenty kilobyte patch, fifty chars.\n").arg(i, 4, 10, QLatin1Char('0'));
        return text;
    }();
    patch += lines;
    return QJsonDocument(QJsonObject { { "run_id", runId }, { "phase_id", phaseId }, { "patch_content", patch },
                                       { "files_changed", QJsonArray { file } }, { "lines_added", 400 },
                                       { "lines_removed", 0 }, { "tokens_used", 100 }, { "status", "success" },
                                       { "notes", "" } })
        .toJson(QJsonDocument::Compact);
}

void print(const char *name, const Figures &f)
{
    std::printf("%-6s %8lld requests  %8.0f req/s  p50 %7.2f ms  p99 %7.2f ms  broken connections %lld\n"
                "%-6s %8lld of them 2xx  %6.0f 2xx/s  p50 %7.2f ms  p99 %7.2f ms\n",
                name, static_cast<long long>(f.requests), f.rps, f.p50, f.p99, static_cast<long long>(f.failedConnections),
                "", static_cast<long long>(f.ok2xx), f.okRps, f.okP50, f.okP99);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const qsizetype secondsAt = args.indexOf(QStringLiteral("--seconds"));
    const double seconds = secondsAt >= 0 ? args.value(secondsAt + 1).toDouble() : 5.0;
    // --only small|patch|issue: one load alone, for profiling it (perf record) without the others.
    const qsizetype onlyAt = args.indexOf(QStringLiteral("--only"));
    const QString only = onlyAt >= 0 ? args.value(onlyAt + 1) : QString();
    constexpr int kSmallClients = 32;
    constexpr int kPatchClients = 8;
    // Enough runs that a patch client seldom comes back to a run whose last phase is
    // still in CI (CI runs one attempt at a time per project): the figure is the API's
    // intake, not the verifier's pace; the CI attempts started are printed beside it.
    const int kRunsPerPatchClient = std::max(64, int(seconds * 50));
    const int phasesPerRun = std::max(3, int(seconds * 400 / (kPatchClients * kRunsPerPatchClient)) + 2);

    QTemporaryDir dir;
    if (!dir.isValid() || !makeRepository(dir.filePath("repo")))
        return 1;
    auto opened = Store::open(dir.filePath("autopack.db"));
    if (!opened) {
        std::fprintf(stderr, "bench_api: %s\n", qPrintable(opened.error().message));
        return 1;
    }
    Store &store = **opened;
    Project project;
    project.name = "bench";
    project.repoPath = dir.filePath("repo");
    project.baseBranch = "main";
    project.ciCommandsJson = R"({"normal": [{"shell": "true"}], "attempts": 1, "backoff_seconds": 0})";
    if (auto added = store.addProject(project); !added) {
        std::fprintf(stderr, "bench_api: %s\n", qPrintable(added.error().message));
        return 1;
    }
    const QByteArray admin = store.createToken("bench-admin", "admin")->plainToken.toUtf8();
    const QByteArray builder = store.createToken("bench-builder", "builder")->plainToken.toUtf8();

    Host::EngineHost host(store);
    Host::EngineHostOptions options;
    options.dataDir = dir.filePath("data");
    options.listen = "127.0.0.1:0";
    if (auto started = host.start(options); !started) {
        std::fprintf(stderr, "bench_api: %s\n", qPrintable(started.error()));
        return 1;
    }
    const quint16 port = quint16(host.listenAddress().section(':', -1).toUInt());
    std::printf("bench_api: listening on %s, %.1f s per load, %d cores\n", qPrintable(host.listenAddress()), seconds,
                QThread::idealThreadCount());

    // Runs: one per small client (its phase p0 takes the issues and the status
    // reports) and kRunsPerPatchClient per patch client.
    RawClient setup(port);
    const auto startRun = [&](const QString &runId, int phases) {
        QByteArray answer;
        const int status = setup.post("/runs/start", admin, QJsonDocument(planJson(runId, phases)).toJson(QJsonDocument::Compact), &answer);
        if (status != 201)
            std::fprintf(stderr, "bench_api: starting %s: %d %s\n", qPrintable(runId), status, answer.constData());
        return status == 201;
    };
    const auto setupStart = Clock::now();
    for (int i = 0; i < kSmallClients; ++i) {
        if (!startRun(QStringLiteral("small-%1").arg(i), 2) || !startRun(QStringLiteral("issue-%1").arg(i), 2))
            return 1;
    }
    for (int c = 0; c < kPatchClients; ++c)
        for (int r = 0; r < kRunsPerPatchClient; ++r) {
            if (!startRun(QStringLiteral("patch-%1-%2").arg(c).arg(r), phasesPerRun))
                return 1;
        }
    std::printf("setup  %d runs started over HTTP in %.1f s\n", 2 * kSmallClients + kPatchClients * kRunsPerPatchClient,
                std::chrono::duration<double>(Clock::now() - setupStart).count());

    // (a) small requests. update_status EXECUTING dispatches p0 once, then counts failed
    // attempts until they run out; later ones are refused (409) after the same parsing,
    // authentication and store read, so they stay in the figures as served requests.
    const Figures small = !only.isEmpty() && only != QLatin1String("small") ? Figures {} : runLoad(port, kSmallClients, seconds, [&](int i, RawClient &client, Clock::time_point deadline, ClientResult &result) {
        const QByteArray base = "/runs/small-" + QByteArray::number(i) + "/phases/p0/";
        const QByteArray issue = R"({"issue_key":"bench.issue)" + QByteArray::number(i % 4)
            + R"(","severity":"minor","source":"static_check","category":"lint","description":"from bench_api"})";
        const QByteArray status = R"({"state":"EXECUTING","tokens_used":1})";
        std::unique_ptr<RawClient> own;
        RawClient *c = &client;
        for (qint64 n = 0; Clock::now() < deadline; ++n) {
            const bool isIssue = n % 2 == 0;
            if (!timed(*c, result, base + (isIssue ? "record_issue" : "update_status"), builder, isIssue ? issue : status)) {
                own = std::make_unique<RawClient>(port);
                c = own.get();
            }
        }
    });
    print("small", small);

    // (b) record_issue alone: every request is a write transaction.
    const Figures issues = !only.isEmpty() && only != QLatin1String("issue") ? Figures {} : runLoad(port, kSmallClients, seconds, [&](int i, RawClient &client, Clock::time_point deadline, ClientResult &result) {
        const QByteArray target = "/runs/issue-" + QByteArray::number(i) + "/phases/p0/record_issue";
        const QByteArray issue = R"({"issue_key":"bench.issue)" + QByteArray::number(i % 4)
            + R"(","severity":"minor","source":"static_check","category":"lint","description":"from bench_api"})";
        std::unique_ptr<RawClient> own;
        RawClient *c = &client;
        while (Clock::now() < deadline) {
            if (!timed(*c, result, target, builder, issue)) {
                own = std::make_unique<RawClient>(port);
                c = own.get();
            }
        }
    });
    print("issue", issues);

    // (c) patch submissions, each client round-robin over its own runs.
    const Figures patches = !only.isEmpty() && only != QLatin1String("patch") ? Figures {} : runLoad(port, kPatchClients, seconds, [&](int i, RawClient &client, Clock::time_point deadline, ClientResult &result) {
        std::vector<int> nextPhase(size_t(kRunsPerPatchClient), 0);
        std::unique_ptr<RawClient> own;
        RawClient *c = &client;
        for (qint64 n = 0; Clock::now() < deadline; ++n) {
            const int r = int(n % kRunsPerPatchClient);
            if (nextPhase[size_t(r)] >= phasesPerRun)
                break;
            const QString runId = QStringLiteral("patch-%1-%2").arg(i).arg(r);
            const QString phaseId = QStringLiteral("p%1").arg(nextPhase[size_t(r)]);
            const qint64 before = result.ok2xx;
            if (!timed(*c, result, "/runs/" + runId.toUtf8() + "/phases/" + phaseId.toUtf8() + "/builder_result", builder,
                       patchJson(runId, phaseId))) {
                own = std::make_unique<RawClient>(port);
                c = own.get();
            }
            if (result.ok2xx > before)
                ++nextPhase[size_t(r)];
        }
    });
    print("patch", patches);
    if (patches.requests > 0) {
        qint64 ciStarted = 0;
        if (auto runs = store.runs()) {
            for (const Run &r : *runs)
                ciStarted += r.runId.startsWith(QLatin1String("patch-")) ? r.ciRunsUsed : 0;
        }
        std::printf("       %8lld CI attempts started by then (%.0f/s; CI of a project runs one at a time)\n",
                    static_cast<long long>(ciStarted), double(ciStarted) / seconds);
    }

    host.stop();
    std::printf("{\"small_rps\": %.0f, \"small_p99_ms\": %.2f, \"patch_rps\": %.1f, \"patch_p99_ms\": %.2f, "
                "\"issue_rps\": %.0f, \"issue_p99_ms\": %.2f}\n",
                small.rps, small.p99, patches.okRps, patches.okP99, issues.okRps, issues.okP99);
    return 0;
}
