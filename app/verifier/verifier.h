#pragma once

// Runs a project's CI commands on a candidate commit and decides green or red
// (SPEC §7, issue 5).
//
// Asynchronous on the thread it lives in (call it from that thread only): processes are QProcess, waits are timers,
// checkouts and directory removal run on the Verifier's own worker pool. Per request:
//   1. queued until its project has fewer than CiConfig::concurrency runs going;
//   2. each attempt: a fresh scratch directory under Options::workDir, the candidate
//      checked out into it (CandidateCheckout; by default the git layer's scratch checkout), each command run there in
//      its own process group with merged, bounded output streamed to the CiRecorder; a command past its timeout has its
//      whole process group killed, and so does any process a command leaves behind; the directory is removed
//      afterwards;
//   3. up to CiConfig::attempts attempts, CiConfig::backoffMs apart, until one passes.
// Verdicts: a pass is green (after a red attempt: flaky, with a `flaky_test` minor
// issue); all red is red with a `ci` issue carrying the output's tail; attempts that
// never got to run a test (checkout failed, program missing, bad directory) are an
// environment failure with an `environment` issue, not a red test. No command for
// the profile: green at once with a notice. Every attempt is announced by
// attemptCounted() so the engine can charge the tier's ci_run_cap.

#include "candidatecheckout.h"
#include "ciresult.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QThreadPool>

#include <deque>
#include <map>
#include <memory>
#include <vector>

namespace Autopack::Ci {

class CiRecorder;

class Verifier : public QObject
{
    Q_OBJECT
public:
    struct Options {
        QString workDir; // scratch directories go here; created when missing
        qsizetype outputHeadBytes = 2 * 1024 * 1024; // per attempt
        qsizetype outputTailBytes = 2 * 1024 * 1024;
        qsizetype evidenceBytes = 4096; // output tail kept in a `ci` issue
    };

    // `recorder` may be null; otherwise it must outlive the Verifier. Candidates are
    // checked out with Git::ScratchCheckout (libgit2, never the user's working tree).
    Verifier(CiRecorder *recorder, Options options, QObject *parent = nullptr);
    // The same with another way to get a candidate's files.
    Verifier(CandidateCheckout checkout, CiRecorder *recorder, Options options, QObject *parent = nullptr);
    // Kills what is still running (process groups included) and waits for the worker
    // pool; requests still going get no finished() signal.
    ~Verifier() override;

    // Queues a request; returns its id (also set in every result). Never runs
    // anything before returning: signals come from the event loop.
    RequestId enqueue(CiRequest request);

    // Cancels a queued or running request: processes killed, scratch removed,
    // finished() with verdict cancelled. False when the id is unknown or done.
    bool cancel(RequestId id);

    int runningCount(qint64 projectId) const;
    int queuedCount(qint64 projectId) const;

Q_SIGNALS:
    void started(Autopack::Ci::RequestId id); // left the queue
    void attemptCounted(const Autopack::Ci::CiRequest &request, int attempt); // charge ci_run_cap
    void finished(const Autopack::Ci::CiResult &result);

private:
    struct Job;

    void requestSchedule();
    void schedule();
    void startJob(std::unique_ptr<Job> job);
    void startAttempt(Job &job);
    void checkedOut(RequestId id, int attempt, const QString &scratchPath, const QString &error);
    void runCommand(Job &job, int index);
    void readOutput(Job &job);
    void commandFinished(Job &job, int exitCode, bool crashed);
    void finishAttempt(Job &job, AttemptOutcome outcome, const QString &message, int exitCode = -1);
    void finishJob(Job &job, Verdict verdict);
    void stopProcess(Job &job);
    void removeScratch(Job &job);
    void stream(Job &job, const QByteArray &bytes);
    Job *runningJob(RequestId id) const;

    CandidateCheckout m_checkout;
    CiRecorder *m_recorder;
    Options m_options;
    RequestId m_nextId = 1;
    bool m_scheduleQueued = false;
    std::map<qint64, std::deque<std::unique_ptr<Job>>> m_queues; // project -> waiting, in order
    QHash<RequestId, Job *> m_running; // owned by m_jobs
    std::vector<std::unique_ptr<Job>> m_jobs; // running jobs
    std::vector<std::unique_ptr<Job>> m_dead; // finished, destroyed from the event loop
    QSet<QString> m_orphans; // scratch dirs of ended attempts whose checkout still runs
    QHash<qint64, int> m_limits; // project -> concurrency of its latest request
    QThreadPool m_pool; // checkouts and scratch removal; waited for in the destructor
};

} // namespace Autopack::Ci
