#include "agentprocess.h"

#include "processlog.h"

#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStandardPaths>
#include <QThread>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

namespace Autopack::Agent {

namespace {

constexpr qsizetype StderrTailBytes = 64 * 1024;
// SIGKILL cannot be ignored, but a process in uninterruptible sleep takes a moment to die.
constexpr int AfterKillMs = 1000;
constexpr int PollMs = 20;

bool isAllowed(const QString &name, const QStringList &allowed)
{
    return std::any_of(allowed.cbegin(), allowed.cend(), [&name](const QString &pattern) {
        return pattern.endsWith(u'*') ? name.startsWith(QStringView(pattern).chopped(1)) : name == pattern;
    });
}

QProcessEnvironment childEnvironment(const LaunchSpec &spec, const ProcessOptions &options)
{
    const QStringList allowed = AgentProcess::allowedVariables() + options.extraAllowedVariables;
    const QProcessEnvironment system = QProcessEnvironment::systemEnvironment();
    QProcessEnvironment env;
    for (const QString &name : system.keys()) {
        if (isAllowed(name, allowed))
            env.insert(name, system.value(name));
    }
    for (auto it = spec.environment.cbegin(); it != spec.environment.cend(); ++it)
        env.insert(it.key(), it.value());
    // Plain text for a parser, not a terminal: these win over anything above.
    env.insert(QStringLiteral("NO_COLOR"), QStringLiteral("1"));
    env.insert(QStringLiteral("TERM"), QStringLiteral("dumb"));
    // The agent acts through the runner, never with the runner's own credentials.
    env.remove(QStringLiteral("AUTOPACK_TOKEN"));
    return env;
}

// The state letter of /proc/<pid>/stat when the process belongs to `pgid`, else nullopt.
std::optional<char> stateInGroup(const char *pidName, pid_t pgid)
{
    char path[64];
    std::snprintf(path, sizeof path, "/proc/%s/stat", pidName);
    const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return std::nullopt;
    char buffer[1024];
    const ssize_t n = ::read(fd, buffer, sizeof buffer - 1);
    ::close(fd);
    if (n <= 0)
        return std::nullopt;
    buffer[n] = '\0';
    // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so the fields
    // start after the last ')'.
    const char *close = std::strrchr(buffer, ')');
    if (!close)
        return std::nullopt;
    char state = 0;
    int ppid = 0;
    int pgrp = 0;
    if (std::sscanf(close + 1, " %c %d %d", &state, &ppid, &pgrp) != 3 || pgrp != pgid)
        return std::nullopt;
    return state;
}

// Whether any process of the group still runs. Zombies count as gone: they hold nothing
// but a pid, and where nobody reaps orphans (a container whose init does not) they would
// keep the group "alive" for ever.
bool groupAlive(pid_t pgid)
{
    if (pgid <= 1)
        return false;
    if (::kill(-pgid, 0) == -1 && errno == ESRCH)
        return false;
    DIR *proc = ::opendir("/proc");
    if (!proc)
        return true; // no way to tell zombies apart: the kill above says something is there
    bool alive = false;
    while (const dirent *entry = ::readdir(proc)) {
        if (entry->d_name[0] < '0' || entry->d_name[0] > '9')
            continue;
        const std::optional<char> state = stateInGroup(entry->d_name, pgid);
        if (state && *state != 'Z' && *state != 'X') {
            alive = true;
            break;
        }
    }
    ::closedir(proc);
    return alive;
}

QString seconds(qint64 ms)
{
    return ms % 1000 == 0 ? QString::number(ms / 1000) : QString::number(double(ms) / 1000.0, 'f', 1);
}

// For people: "350 ms", "2.5 s", "90 s".
QString duration(qint64 ms)
{
    return ms < 1000 ? QStringLiteral("%1 ms").arg(ms) : QString(seconds(ms) + QStringLiteral(" s"));
}

QString signalName(int number)
{
    if (const char *abbrev = ::sigabbrev_np(number))
        return QStringLiteral("SIG") + QString::fromLatin1(abbrev);
    return QString::number(number);
}

// One run: the QProcess, the clock, and what has been read so far.
class Session
{
public:
    Session(const AgentProcess::OutputHandler &onOutput, AgentExit &exit)
        : m_onOutput(onOutput)
        , m_exit(exit)
    {
        m_clock.start();
    }

    QProcess &process() { return m_process; }
    qint64 elapsed() const { return m_clock.elapsed(); }
    qint64 lastActivity() const { return m_lastActivity; }

    // Moves what QProcess has buffered out of it: stdout to the handler, stderr to the tail.
    void drain()
    {
        const QByteArray out = m_process.readAllStandardOutput();
        if (!out.isEmpty()) {
            m_exit.stdoutBytes += out.size();
            m_lastActivity = m_clock.elapsed();
            if (m_onOutput)
                m_onOutput(out);
        }
        const QByteArray err = m_process.readAllStandardError();
        if (!err.isEmpty()) {
            m_lastActivity = m_clock.elapsed();
            m_exit.stderrTail += err;
            if (m_exit.stderrTail.size() > StderrTailBytes)
                m_exit.stderrTail.remove(0, m_exit.stderrTail.size() - StderrTailBytes);
        }
    }

    // Waits at most `ms` for output or the program's end; what arrived is drained. Output
    // on stderr alone does not end the wait early: it is buffered and drained at the tick.
    void wait(qint64 ms)
    {
        if (m_process.state() != QProcess::NotRunning)
            m_process.waitForReadyRead(int(std::clamp<qint64>(ms, 1, 60'000)));
        drain();
    }

    // SIGTERM to the whole group; SIGKILL to what is left after the grace time; returns
    // when the program is reaped and no process of the group runs any more (or, should
    // something survive SIGKILL for a second, logs it). Output keeps streaming meanwhile:
    // an agent may say something useful as it shuts down.
    void endGroup(pid_t pgid, int graceMs)
    {
        const bool leaderRunning = m_process.state() != QProcess::NotRunning;
        if (!leaderRunning && !groupAlive(pgid))
            return;
        ::kill(-pgid, SIGTERM);
        if (waitForGroup(pgid, std::max(graceMs, 0)))
            return;
        qCDebug(lcAgentProcess) << "process group" << pgid << "outlived SIGTERM by" << graceMs << "ms: SIGKILL";
        ::kill(-pgid, SIGKILL);
        if (!waitForGroup(pgid, AfterKillMs))
            qCWarning(lcAgentProcess) << "process group" << pgid << "still has running processes after SIGKILL";
    }

private:
    bool waitForGroup(pid_t pgid, int ms)
    {
        QElapsedTimer timer;
        timer.start();
        for (;;) {
            if (m_process.state() != QProcess::NotRunning) {
                wait(std::min<qint64>(PollMs * 5, ms - timer.elapsed()));
            } else {
                if (!groupAlive(pgid))
                    return true;
                QThread::msleep(PollMs);
            }
            if (timer.elapsed() >= ms)
                return m_process.state() == QProcess::NotRunning && !groupAlive(pgid);
        }
    }

    QProcess m_process;
    QElapsedTimer m_clock;
    qint64 m_lastActivity = 0;
    const AgentProcess::OutputHandler &m_onOutput;
    AgentExit &m_exit;
};

AgentExit failedToStart(const QString &program, const QString &why)
{
    AgentExit exit;
    exit.reason = AgentExit::Reason::FailedToStart;
    exit.detail = QStringLiteral("could not start %1: %2").arg(program, why);
    return exit;
}

} // namespace

QStringList AgentProcess::allowedVariables()
{
    return {
        QStringLiteral("PATH"),
        QStringLiteral("HOME"),
        QStringLiteral("USER"),
        QStringLiteral("LOGNAME"),
        QStringLiteral("SHELL"),
        QStringLiteral("LANG"),
        QStringLiteral("LANGUAGE"),
        QStringLiteral("LC_*"),
        QStringLiteral("TZ"),
        QStringLiteral("TMPDIR"),
        QStringLiteral("TERM"),
        QStringLiteral("XDG_*"),
        QStringLiteral("http_proxy"),
        QStringLiteral("https_proxy"),
        QStringLiteral("no_proxy"),
        QStringLiteral("HTTP_PROXY"),
        QStringLiteral("HTTPS_PROXY"),
        QStringLiteral("NO_PROXY"),
        QStringLiteral("ALL_PROXY"),
        QStringLiteral("SSL_CERT_FILE"),
        QStringLiteral("SSL_CERT_DIR"),
        QStringLiteral("NODE_EXTRA_CA_CERTS"),
        QStringLiteral("ANTHROPIC_*"),
        QStringLiteral("OPENAI_*"),
        QStringLiteral("GEMINI_*"),
        QStringLiteral("GOOGLE_*"),
        QStringLiteral("CLAUDE_*"),
        QStringLiteral("CODEX_*"),
        QStringLiteral("OPENCODE_*"),
        QStringLiteral("AIDER_*"),
    };
}

AgentExit AgentProcess::run(const LaunchSpec &spec, const ProcessOptions &options, const OutputHandler &onOutput,
    const TickHandler &onTick, const std::atomic_bool *stop)
{
    if (spec.program.isEmpty())
        return failedToStart(QStringLiteral("the agent"), QStringLiteral("no program is named"));
    if (!options.workingDirectory.isEmpty() && !QDir(options.workingDirectory).exists())
        return failedToStart(
            spec.program, QStringLiteral("the working directory %1 does not exist").arg(options.workingDirectory));

    const QProcessEnvironment env = childEnvironment(spec, options);
    // QProcess would look a bare name up in the runner's PATH; the agent gets the PATH of
    // its own environment, as a shell inside it would.
    QString program = spec.program;
    if (!program.contains(u'/')) {
        const QString path = env.value(QStringLiteral("PATH"));
        program = QStandardPaths::findExecutable(spec.program, path.split(u':', Qt::SkipEmptyParts));
        if (program.isEmpty())
            return failedToStart(spec.program, QStringLiteral("program not found in PATH (%1)").arg(path));
    }

    AgentExit exit;
    Session session(onOutput, exit);
    QProcess &process = session.process();
    process.setProgram(program);
    process.setArguments(spec.arguments);
    process.setWorkingDirectory(options.workingDirectory);
    process.setProcessEnvironment(env);
    if (!spec.stdinData)
        process.setStandardInputFile(QProcess::nullDevice());
    // Its own session and so its own process group: one kill(-pgid) reaches everything it
    // starts, and a terminal's signals never reach it.
    process.setChildProcessModifier([] { ::setsid(); });
    process.start();
    if (!process.waitForStarted(30'000)) {
        AgentExit failed = failedToStart(spec.program, process.errorString());
        failed.elapsedMs = session.elapsed();
        return failed;
    }
    const pid_t pgid = pid_t(process.processId());
    if (spec.stdinData) {
        process.write(*spec.stdinData);
        process.closeWriteChannel(); // once the data is written: the agent then sees EOF
    }
    qCDebug(lcAgentProcess) << "started" << program << spec.arguments << "as process group" << pgid;

    const int tickMs = std::max(options.tickMs, 1);
    qint64 nextTick = tickMs;
    std::optional<AgentExit::Reason> ended; // set when we end it, not the program itself
    for (;;) {
        if (process.state() == QProcess::NotRunning)
            break;
        const qint64 now = session.elapsed();
        if (stop && stop->load()) {
            ended = AgentExit::Reason::Stopped;
            exit.detail = QStringLiteral("stopped on request");
            break;
        }
        if (options.wallTimeoutMs > 0 && now >= options.wallTimeoutMs) {
            ended = AgentExit::Reason::WallTimeout;
            exit.detail = QStringLiteral("ran past its wall timeout of %1 s").arg(seconds(options.wallTimeoutMs));
            break;
        }
        if (options.stallTimeoutMs > 0 && now - session.lastActivity() >= options.stallTimeoutMs) {
            ended = AgentExit::Reason::Stalled;
            exit.detail = QStringLiteral("no output for %1 s").arg(seconds(options.stallTimeoutMs));
            break;
        }
        if (now >= nextTick) {
            nextTick = now + tickMs;
            if (onTick && !onTick()) {
                ended = AgentExit::Reason::Stopped;
                exit.detail = QStringLiteral("stopped by the runner");
                break;
            }
        }
        qint64 waitMs = nextTick - now;
        if (options.wallTimeoutMs > 0)
            waitMs = std::min<qint64>(waitMs, options.wallTimeoutMs - now);
        if (options.stallTimeoutMs > 0)
            waitMs = std::min<qint64>(waitMs, session.lastActivity() + options.stallTimeoutMs - now);
        session.wait(waitMs);
    }

    if (!ended) {
        session.drain();
        if (process.exitStatus() == QProcess::CrashExit) {
            exit.reason = AgentExit::Reason::Crashed;
            exit.signalNumber = process.exitCode(); // QProcess reports the signal there
            exit.detail
                = QStringLiteral("killed by signal %1 (%2)").arg(exit.signalNumber).arg(signalName(exit.signalNumber));
        } else {
            exit.reason = AgentExit::Reason::Exited;
            exit.exitCode = process.exitCode();
            exit.detail = QStringLiteral("exited with code %1").arg(exit.exitCode);
        }
    } else {
        exit.reason = *ended;
    }
    // Also after a clean exit: what it left running in the background goes with it.
    session.endGroup(pgid, options.killGraceMs);
    session.drain();
    exit.elapsedMs = session.elapsed();
    qCDebug(lcAgentProcess) << program << describe(exit);
    return exit;
}

QString AgentProcess::describe(const AgentExit &exit)
{
    QString text = exit.detail;
    if (text.isEmpty()) {
        switch (exit.reason) {
        case AgentExit::Reason::Exited:
            text = QStringLiteral("exited with code %1").arg(exit.exitCode);
            break;
        case AgentExit::Reason::Crashed:
            text = QStringLiteral("killed by signal %1").arg(exit.signalNumber);
            break;
        case AgentExit::Reason::WallTimeout:
            text = QStringLiteral("ran past its wall timeout");
            break;
        case AgentExit::Reason::Stalled:
            text = QStringLiteral("stalled (no output)");
            break;
        case AgentExit::Reason::Stopped:
            text = QStringLiteral("stopped");
            break;
        case AgentExit::Reason::FailedToStart:
            text = QStringLiteral("could not start");
            break;
        }
    }
    if (exit.reason != AgentExit::Reason::FailedToStart)
        text += QStringLiteral(" after %1, %2 bytes of output").arg(duration(exit.elapsedMs)).arg(exit.stdoutBytes);
    // The last line of stderr is most often the reason ("Error: invalid API key").
    const QList<QByteArray> lines = exit.stderrTail.split('\n');
    for (auto it = lines.crbegin(); it != lines.crend(); ++it) {
        const QString line = QString::fromUtf8(*it).simplified();
        if (!line.isEmpty()) {
            text += QStringLiteral("; stderr: ") + (line.size() > 200 ? QString(line.left(200) + u'…') : line);
            break;
        }
    }
    return text.simplified();
}

} // namespace Autopack::Agent
