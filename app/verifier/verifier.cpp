#include "verifier.h"

#include "boundedoutput.h"
#include "cirecorder.h"
#include "scratchcheckout.h" // the git layer's
#include "verifierlog.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>

#include <signal.h>
#include <unistd.h>

namespace Autopack::Ci {

namespace {

// Commands may leave read-only directories behind (Go's module cache, chmod -w in
// a test): make every directory writable first, or removeRecursively leaves them.
void removeTree(const QString &path)
{
    QDirIterator it(
        path, QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden | QDir::NoSymLinks, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString dir = it.next();
        QFile::setPermissions(dir, QFile::permissions(dir) | QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }
    if (!QDir(path).removeRecursively())
        qCWarning(lcVerifier) << "could not remove every file of the scratch directory" << path;
}

void killGroup(qint64 pgid)
{
    // setsid() in the child made the command the leader of its own group, so the group
    // holds exactly what the command started (unless something left it on purpose).
    if (pgid > 1)
        ::kill(-pid_t(pgid), SIGKILL);
}

QString seconds(int ms) { return QString::number(double(ms) / 1000.0); }

} // namespace

struct Verifier::Job {
    CiRequest request;
    CiResult result;
    QList<CiCommand> commands;
    int attempt = 0; // current or last attempt, 1-based
    bool attemptOpen = false;
    CiAttempt current;
    QElapsedTimer clock;
    std::unique_ptr<BoundedOutput> output;
    QString scratchPath; // the attempt's QTemporaryDir (src/ and home/ inside)
    QString srcPath;
    QString homePath;
    bool checkingOut = false;
    int commandIndex = -1;
    QProcess *process = nullptr;
    qint64 pgid = 0;
    bool timedOut = false;
    QTimer timeoutTimer;
    QTimer backoffTimer;
};

Verifier::Verifier(CiRecorder *recorder, Options options, QObject *parent)
    : Verifier(&Git::ScratchCheckout::checkoutPath, recorder, std::move(options), parent)
{
}

Verifier::Verifier(CandidateCheckout checkout, CiRecorder *recorder, Options options, QObject *parent)
    : QObject(parent)
    , m_checkout(std::move(checkout))
    , m_recorder(recorder)
    , m_options(std::move(options))
{
    if (m_options.workDir.isEmpty())
        m_options.workDir = QDir::tempPath() + QStringLiteral("/autopack-verifier");
    m_pool.setMaxThreadCount(2);
}

Verifier::~Verifier()
{
    for (auto &job : m_jobs) {
        QProcess *p = job->process;
        stopProcess(*job);
        // Reap it now (SIGKILL was sent) rather than in ~QProcess, which warns.
        if (p && p->state() != QProcess::NotRunning)
            p->waitForFinished(5000);
    }
    m_pool.waitForDone();
    for (auto &job : m_jobs) {
        if (!job->scratchPath.isEmpty())
            removeTree(job->scratchPath);
    }
    for (const QString &path : std::as_const(m_orphans))
        removeTree(path);
}

RequestId Verifier::enqueue(CiRequest request)
{
    request.id = m_nextId++;
    auto job = std::make_unique<Job>();
    job->request = request;
    job->result.requestId = request.id;
    job->timeoutTimer.setSingleShot(true);
    job->backoffTimer.setSingleShot(true);
    Job *jp = job.get();
    connect(&job->timeoutTimer, &QTimer::timeout, this, [this, jp] {
        Job &job = *jp;
        if (!job.process)
            return;
        job.timedOut = true;
        const CiCommand &cmd = job.commands.at(job.commandIndex);
        stream(job,
            QStringLiteral("\n[autopack] '%1' ran past its timeout of %2 s: killing its process group\n")
                .arg(cmd.name, seconds(job.request.config.timeoutMsFor(cmd)))
                .toUtf8());
        killGroup(job.pgid);
        job.process->kill();
    });
    connect(&job->backoffTimer, &QTimer::timeout, this, [this, jp] { startAttempt(*jp); });

    m_limits[request.projectId] = request.config.concurrency;
    m_queues[request.projectId].push_back(std::move(job));
    qCDebug(lcVerifier) << "queued CI request" << request.id << "for phase" << request.phaseId << "commit"
                        << request.candidateCommit;
    requestSchedule();
    return request.id;
}

void Verifier::requestSchedule()
{
    if (m_scheduleQueued)
        return;
    m_scheduleQueued = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_scheduleQueued = false;
            schedule();
        },
        Qt::QueuedConnection);
}

void Verifier::schedule()
{
    // Collect first: started()/finished() receivers may enqueue while we start jobs.
    std::vector<std::unique_ptr<Job>> toStart;
    for (auto &[project, queue] : m_queues) {
        const int limit = m_limits.value(project, CiConfig::DefaultConcurrency);
        int running = runningCount(project);
        while (running < limit && !queue.empty()) {
            toStart.push_back(std::move(queue.front()));
            queue.pop_front();
            ++running;
        }
    }
    for (auto &job : toStart)
        startJob(std::move(job));
}

int Verifier::runningCount(qint64 projectId) const
{
    return int(std::count_if(
        m_running.begin(), m_running.end(), [projectId](const Job *j) { return j->request.projectId == projectId; }));
}

int Verifier::queuedCount(qint64 projectId) const
{
    auto it = m_queues.find(projectId);
    return it == m_queues.end() ? 0 : int(it->second.size());
}

Verifier::Job *Verifier::runningJob(RequestId id) const { return m_running.value(id, nullptr); }

void Verifier::startJob(std::unique_ptr<Job> owned)
{
    Job &job = *owned;
    m_running.insert(job.request.id, &job);
    m_jobs.push_back(std::move(owned));
    job.commands = job.request.config.commandsFor(job.request.profile);
    Q_EMIT started(job.request.id);
    if (!runningJob(job.request.id)) // cancelled by a receiver of started()
        return;
    if (job.commands.isEmpty()) {
        job.result.notice = QStringLiteral("No CI command is configured for the %1 profile: the CI step passed "
                                           "without running anything.")
                                .arg(toString(job.request.profile));
        finishJob(job, Verdict::Green);
        return;
    }
    startAttempt(job);
}

void Verifier::startAttempt(Job &job)
{
    ++job.attempt;
    job.attemptOpen = true;
    job.current = CiAttempt {};
    job.current.number = job.attempt;
    job.current.startedAt = QDateTime::currentDateTimeUtc();
    job.clock.start();
    job.output = std::make_unique<BoundedOutput>(m_options.outputHeadBytes, m_options.outputTailBytes);
    job.commandIndex = -1;
    Q_EMIT attemptCounted(job.request, job.attempt);
    if (!job.attemptOpen) // cancelled by a receiver
        return;
    if (m_recorder)
        m_recorder->attemptStarted(job.request, job.attempt);

    if (!QDir().mkpath(m_options.workDir)) {
        finishAttempt(job, AttemptOutcome::Environment,
            QStringLiteral("cannot create the verifier work directory %1").arg(m_options.workDir));
        return;
    }
    QTemporaryDir scratch(m_options.workDir + QStringLiteral("/ci-XXXXXX"));
    if (!scratch.isValid()) {
        finishAttempt(job, AttemptOutcome::Environment,
            QStringLiteral("cannot create a scratch directory under %1: %2")
                .arg(m_options.workDir, scratch.errorString()));
        return;
    }
    scratch.setAutoRemove(false); // removed by removeScratch(), off this thread
    job.scratchPath = scratch.path();
    job.srcPath = job.scratchPath + QStringLiteral("/src");
    job.homePath = job.scratchPath + QStringLiteral("/home");
    if (!QDir().mkdir(job.srcPath) || !QDir().mkdir(job.homePath)) {
        finishAttempt(job, AttemptOutcome::Environment,
            QStringLiteral("cannot create directories in the scratch directory %1").arg(job.scratchPath));
        return;
    }

    job.checkingOut = true;
    const RequestId id = job.request.id;
    const int attempt = job.attempt;
    m_pool.start([this, fn = m_checkout, repo = job.request.repoPath, commit = job.request.candidateCommit,
                     src = job.srcPath, scratchPath = job.scratchPath, id, attempt] {
        QString error;
        if (!fn) {
            error = QStringLiteral("no scratch checkout is configured");
        } else if (auto r = fn(repo, commit, src); !r) {
            error = r.error().isEmpty() ? QStringLiteral("unknown error") : r.error();
        }
        // The destructor waits for this pool, so `this` is alive here; the event is
        // dropped if the Verifier is destroyed before it is delivered.
        QMetaObject::invokeMethod(
            this, [this, id, attempt, scratchPath, error] { checkedOut(id, attempt, scratchPath, error); },
            Qt::QueuedConnection);
    });
}

void Verifier::checkedOut(RequestId id, int attempt, const QString &scratchPath, const QString &error)
{
    Job *job = runningJob(id);
    if (!job || job->attempt != attempt || !job->checkingOut) {
        // The attempt ended (cancelled) while its checkout ran: its directory is ours to remove.
        m_orphans.remove(scratchPath);
        m_pool.start([scratchPath] { removeTree(scratchPath); });
        return;
    }
    job->checkingOut = false;
    if (!error.isEmpty()) {
        finishAttempt(*job, AttemptOutcome::Environment,
            QStringLiteral("checkout of candidate %1 from %2 failed: %3")
                .arg(job->request.candidateCommit, job->request.repoPath, error));
        return;
    }
    runCommand(*job, 0);
}

void Verifier::runCommand(Job &job, int index)
{
    if (index >= job.commands.size()) {
        finishAttempt(job, AttemptOutcome::Passed, QString(), 0);
        return;
    }
    const CiCommand &cmd = job.commands.at(index);
    job.commandIndex = index;
    job.current.command = cmd.name;
    job.timedOut = false;
    job.pgid = 0;
    stream(job, QByteArrayLiteral("$ ") + cmd.commandLine().toUtf8() + '\n');

    const QProcessEnvironment env
        = job.request.config.environment(QProcessEnvironment::systemEnvironment(), job.homePath);
    // QProcess looks a bare program name up in Autopack's own PATH; the command must
    // get the one its environment names, as a shell inside it would.
    QString program = cmd.program();
    if (!program.contains(u'/')) {
        const QString path = env.value(QStringLiteral("PATH"));
        program = QStandardPaths::findExecutable(program, path.split(u':', Qt::SkipEmptyParts));
        if (program.isEmpty()) {
            finishAttempt(job, AttemptOutcome::Environment,
                QStringLiteral("cannot start '%1': program '%2' is not in the command's PATH (%3)")
                    .arg(cmd.name, cmd.program(), path));
            return;
        }
    }

    auto *p = new QProcess(this);
    job.process = p;
    p->setProcessChannelMode(QProcess::MergedChannels);
    p->setStandardInputFile(QProcess::nullDevice());
    p->setWorkingDirectory(job.srcPath);
    p->setProcessEnvironment(env);
    p->setChildProcessModifier([] { ::setsid(); });
    connect(p, &QProcess::started, p, [&job, p] { job.pgid = p->processId(); });
    connect(p, &QProcess::readyReadStandardOutput, p, [this, &job] { readOutput(job); });
    connect(p, &QProcess::finished, p, [this, &job](int exitCode, QProcess::ExitStatus status) {
        commandFinished(job, exitCode, status == QProcess::CrashExit);
    });
    connect(p, &QProcess::errorOccurred, p, [this, &job, p](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart || job.process != p)
            return; // crashes and kills arrive through finished()
        const CiCommand &cmd = job.commands.at(job.commandIndex);
        finishAttempt(job, AttemptOutcome::Environment,
            QStringLiteral("cannot start '%1' (program '%2', directory %3): %4")
                .arg(cmd.name, cmd.program(), job.srcPath, p->errorString()));
    });
    job.timeoutTimer.start(job.request.config.timeoutMsFor(cmd));
    // Last statement: FailedToStart may be emitted inside start() and end the job.
    p->start(program, cmd.arguments());
}

void Verifier::readOutput(Job &job)
{
    if (job.process)
        stream(job, job.process->readAllStandardOutput());
}

void Verifier::stream(Job &job, const QByteArray &bytes)
{
    if (bytes.isEmpty() || !job.output)
        return;
    const QByteArray pass = job.output->append(bytes);
    if (!pass.isEmpty() && m_recorder)
        m_recorder->outputAppended(job.request, job.attempt, pass);
}

void Verifier::commandFinished(Job &job, int exitCode, bool crashed)
{
    readOutput(job);
    job.timeoutTimer.stop();
    stopProcess(job); // also kills what the command left running in its group
    const CiCommand &cmd = job.commands.at(job.commandIndex);
    if (job.timedOut) {
        finishAttempt(job, AttemptOutcome::TimedOut,
            QStringLiteral("'%1' ran past its timeout of %2 s; its process group was killed")
                .arg(cmd.name, seconds(job.request.config.timeoutMsFor(cmd))));
    } else if (crashed) {
        finishAttempt(job, AttemptOutcome::Failed, QStringLiteral("'%1' was killed by a signal").arg(cmd.name));
    } else if (exitCode != 0) {
        finishAttempt(job, AttemptOutcome::Failed,
            QStringLiteral("'%1' exited with code %2").arg(cmd.name).arg(exitCode), exitCode);
    } else {
        runCommand(job, job.commandIndex + 1);
    }
}

void Verifier::stopProcess(Job &job)
{
    QProcess *p = job.process;
    job.process = nullptr;
    killGroup(job.pgid);
    job.pgid = 0;
    if (!p)
        return;
    QObject::disconnect(p, nullptr, nullptr, nullptr);
    if (p->state() != QProcess::NotRunning) {
        p->kill();
        // Deleting a running QProcess blocks in its destructor: wait for the exit instead.
        connect(p, &QProcess::finished, p, &QObject::deleteLater);
    } else {
        p->deleteLater();
    }
}

void Verifier::removeScratch(Job &job)
{
    if (job.scratchPath.isEmpty())
        return;
    const QString path = job.scratchPath;
    job.scratchPath.clear();
    job.srcPath.clear();
    job.homePath.clear();
    if (job.checkingOut) {
        // The worker still writes into it; checkedOut() removes it when it returns.
        job.checkingOut = false;
        m_orphans.insert(path);
        return;
    }
    m_pool.start([path] { removeTree(path); });
}

void Verifier::finishAttempt(Job &job, AttemptOutcome outcome, const QString &message, int exitCode)
{
    if (!job.attemptOpen)
        return;
    job.attemptOpen = false;
    job.timeoutTimer.stop();
    stopProcess(job);
    if (outcome == AttemptOutcome::Environment || outcome == AttemptOutcome::Cancelled)
        stream(job, QStringLiteral("\n[autopack] %1\n").arg(message).toUtf8());
    const QByteArray rest = job.output->finish();
    if (!rest.isEmpty() && m_recorder)
        m_recorder->outputAppended(job.request, job.attempt, rest);

    CiAttempt &a = job.current;
    a.outcome = outcome;
    a.exitCode = exitCode;
    a.message = message;
    a.durationMs = job.clock.elapsed();
    a.output = job.output->text();
    a.outputBytes = job.output->totalBytes();
    a.cutBytes = job.output->cutBytes();
    removeScratch(job);
    job.result.attempts.append(a);
    qCInfo(lcVerifier).noquote() << QStringLiteral("CI request %1 phase %2 attempt %3: %4 %5")
                                        .arg(job.request.id)
                                        .arg(job.request.phaseId)
                                        .arg(a.number)
                                        .arg(toString(outcome), message);
    if (m_recorder)
        m_recorder->attemptFinished(job.request, a);

    switch (outcome) {
    case AttemptOutcome::Cancelled:
        return; // cancel() finishes the job
    case AttemptOutcome::Passed:
        finishJob(job, Verdict::Green);
        return;
    default:
        break;
    }
    if (job.attempt < job.request.config.attempts) {
        job.backoffTimer.start(job.request.config.backoffMs);
        return;
    }
    const bool anyRed = std::any_of(job.result.attempts.begin(), job.result.attempts.end(), [](const CiAttempt &a) {
        return a.outcome == AttemptOutcome::Failed || a.outcome == AttemptOutcome::TimedOut;
    });
    finishJob(job, anyRed ? Verdict::Red : Verdict::Environment);
}

void Verifier::finishJob(Job &job, Verdict verdict)
{
    job.backoffTimer.stop();
    CiResult &r = job.result;
    const CiRequest &q = job.request;
    r.verdict = verdict;
    const QString where = QStringLiteral("phase %1 of run %2, candidate %3, %4 profile")
                              .arg(q.phaseId, q.runId, q.candidateCommit.left(12), toString(q.profile));
    auto tail = [this](const CiAttempt &a) { return QString::fromUtf8(a.output.right(m_options.evidenceBytes)); };
    const auto firstRed = std::find_if(r.attempts.begin(), r.attempts.end(), [](const CiAttempt &a) {
        return a.outcome == AttemptOutcome::Failed || a.outcome == AttemptOutcome::TimedOut;
    });

    switch (verdict) {
    case Verdict::Green:
        r.flaky = firstRed != r.attempts.end();
        if (r.flaky) {
            r.issues.append(CiIssue { IssueKind::FlakyTest, QStringLiteral("minor"),
                QStringLiteral("flaky_test:%1").arg(firstRed->command),
                QStringLiteral("CI of %1 failed on attempt %2 (%3) and passed on attempt %4")
                    .arg(where)
                    .arg(firstRed->number)
                    .arg(firstRed->message)
                    .arg(r.attempts.last().number),
                tail(*firstRed) });
            r.message = QStringLiteral("green after %1 attempts (flaky)").arg(r.attempts.size());
        } else if (!r.notice.isEmpty()) {
            r.message = r.notice;
        } else {
            r.message = QStringLiteral("green on attempt %1").arg(r.attempts.size());
        }
        break;
    case Verdict::Red: {
        const CiAttempt &last = r.attempts.last();
        // The last red attempt is the evidence: it is the most recent failure.
        const CiAttempt &red = std::find_if(r.attempts.rbegin(), r.attempts.rend(), [](const CiAttempt &a) {
            return a.outcome == AttemptOutcome::Failed || a.outcome == AttemptOutcome::TimedOut;
        })[0];
        r.message = QStringLiteral("red after %1 attempts: %2").arg(r.attempts.size()).arg(last.message);
        r.issues.append(CiIssue { IssueKind::Ci, QStringLiteral("major"), QStringLiteral("ci:%1").arg(red.command),
            QStringLiteral("CI red for %1: %2").arg(where, red.message), tail(red) });
        break;
    }
    case Verdict::Environment: {
        const CiAttempt &last = r.attempts.last();
        r.message
            = QStringLiteral("environment failure after %1 attempts: %2").arg(r.attempts.size()).arg(last.message);
        r.issues.append(CiIssue { IssueKind::Environment, QStringLiteral("major"),
            QStringLiteral("ci_environment:%1").arg(last.command.isEmpty() ? QStringLiteral("checkout") : last.command),
            QStringLiteral("CI could not run for %1: %2").arg(where, last.message), last.message });
        break;
    }
    case Verdict::Cancelled:
        r.message = QStringLiteral("cancelled");
        break;
    }

    if (m_recorder) {
        for (const CiIssue &issue : std::as_const(r.issues))
            m_recorder->issueRecorded(q, issue);
        m_recorder->runFinished(q, r);
    }
    qCInfo(lcVerifier).noquote() << QStringLiteral("CI request %1 (%2): %3").arg(q.id).arg(where, r.message);

    // Destroy the job later: we may be inside one of its own timers' or processes' signals.
    m_running.remove(q.id);
    auto it = std::find_if(m_jobs.begin(), m_jobs.end(), [&job](const auto &p) { return p.get() == &job; });
    if (it != m_jobs.end()) {
        m_dead.push_back(std::move(*it));
        m_jobs.erase(it);
        QMetaObject::invokeMethod(
            this, [this] { m_dead.clear(); }, Qt::QueuedConnection);
    }
    const CiResult result = r; // the job may be gone once receivers run
    Q_EMIT finished(result);
    requestSchedule();
}

bool Verifier::cancel(RequestId id)
{
    for (auto &[project, queue] : m_queues) {
        auto it = std::find_if(queue.begin(), queue.end(), [id](const auto &j) { return j->request.id == id; });
        if (it == queue.end())
            continue;
        std::unique_ptr<Job> job = std::move(*it);
        queue.erase(it);
        job->result.verdict = Verdict::Cancelled;
        job->result.message = QStringLiteral("cancelled before it started");
        if (m_recorder)
            m_recorder->runFinished(job->request, job->result);
        const CiResult result = job->result;
        Q_EMIT finished(result);
        return true;
    }
    Job *job = runningJob(id);
    if (!job)
        return false;
    if (job->attemptOpen)
        finishAttempt(*job, AttemptOutcome::Cancelled, QStringLiteral("cancelled"));
    finishJob(*job, Verdict::Cancelled);
    return true;
}

} // namespace Autopack::Ci
