#include "agentrunner.h"

#include "apiclient.h"
#include "runnerlog.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QThread>

#include <thread>
#include <vector>

namespace Autopack::Agent {

namespace {

// Sleeps `ms` in short steps so that a stop is seen within 100 ms.
void pause(const std::atomic_bool &stop, qint64 ms)
{
    QElapsedTimer t;
    t.start();
    while (!stop.load() && t.elapsed() < ms)
        QThread::msleep(quint64(qMin<qint64>(100, ms - t.elapsed()) + 1));
}

} // namespace

AgentRunner::AgentRunner(RunnerOptions options, const RunnerLog &log)
    : m_options(std::move(options))
    , m_log(log)
{
}

int AgentRunner::run(const std::atomic_bool &stop)
{
    const int workers = m_options.once ? 1 : qMax(1, m_options.parallel);
    m_log.line({},
        QStringLiteral("%1 runner with the %2 adapter on %3, %4 at a time%5")
            .arg(m_options.role, m_options.adapter, m_options.url.toString())
            .arg(workers)
            .arg(m_options.once ? QStringLiteral(", one phase") : QString()));
    if (workers == 1)
        return worker(stop, 0);
    std::vector<int> codes(size_t(workers), ExitOk);
    std::vector<std::thread> threads;
    for (int i = 0; i < workers; ++i)
        threads.emplace_back([this, &stop, &codes, i] { codes[size_t(i)] = worker(stop, i); });
    for (std::thread &t : threads)
        t.join();
    for (int code : codes) {
        if (code != ExitOk)
            return code;
    }
    return ExitOk;
}

int AgentRunner::worker(const std::atomic_bool &stop, int index)
{
    ApiClient client(m_options.url, m_options.token);
    const QString where = m_options.parallel > 1 ? QStringLiteral("worker-%1").arg(index + 1) : QString();
    QElapsedTimer waiting;
    waiting.start();
    int rateLimits = 0;
    bool reportedUnreachable = false;
    while (!stop.load()) {
        // Workers share the token: each must get other work than the phases its
        // siblings hold, so only a lone worker takes its own leases back.
        QElapsedTimer claimTime;
        claimTime.start();
        auto reply = client.postJson(QStringLiteral("/work/claim"),
            QJsonObject { { "role", m_options.role }, { "reclaim", m_options.parallel <= 1 } });
        if (!reply) {
            if (!reportedUnreachable)
                m_log.line(where, QStringLiteral("engine unreachable: %1 (trying again)").arg(reply.error()));
            reportedUnreachable = true;
            if (m_options.once && waiting.elapsed() >= m_options.claimWaitMs) {
                m_log.line(where, QStringLiteral("no engine at %1").arg(m_options.url.toString()));
                return ExitError;
            }
            pause(stop, m_options.pollMs);
            continue;
        }
        reportedUnreachable = false;
        if (reply->status == 401 || reply->status == 403 || reply->status == 400) {
            // A wrong token or role does not get better by asking again.
            m_log.line(where, QStringLiteral("claim refused: %1").arg(reply->describe()));
            return ExitError;
        }
        if (reply->status == 204 || (!reply->ok() && reply->status >= 500)) {
            if (m_options.once && waiting.elapsed() >= m_options.claimWaitMs) {
                m_log.line(where,
                    QStringLiteral("nothing to claim for the %1 within %2 s")
                        .arg(m_options.role)
                        .arg(m_options.claimWaitMs / 1000));
                return ExitNothingClaimed;
            }
            pause(stop, m_options.pollMs);
            continue;
        }
        if (!reply->ok()) {
            m_log.line(where, QStringLiteral("claim failed: %1").arg(reply->describe()));
            pause(stop, m_options.pollMs);
            continue;
        }
        const qint64 claimMs = claimTime.elapsed();
        PhaseJob job(m_options, client, m_log, stop);
        PhaseJobResult result = job.run(reply->json());
        result.overheadMs += claimMs;
        if (onPhaseDone)
            onPhaseDone(result);
        if (result.end == PhaseJobResult::End::RateLimited) {
            const qint64 wait = qint64(m_options.backoffMs) << qMin(rateLimits, 4);
            ++rateLimits;
            m_log.line(where, QStringLiteral("rate limited: waiting %1 s before claiming again").arg(wait / 1000.0));
            pause(stop, wait);
        } else if (result.end != PhaseJobResult::End::Failed) {
            rateLimits = 0;
        }
        if (m_options.once) {
            switch (result.end) {
            case PhaseJobResult::End::Submitted:
            case PhaseJobResult::End::Stopped:
                return ExitOk;
            default:
                return ExitError;
            }
        }
        if (result.end == PhaseJobResult::End::Failed)
            pause(stop, m_options.pollMs);
        waiting.restart();
    }
    m_log.line(where, QStringLiteral("stopped"));
    return ExitOk;
}

} // namespace Autopack::Agent
