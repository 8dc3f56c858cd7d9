#include "localrunner.h"

#include "uilog.h"

#include <QDeadlineTimer>

namespace Autopack::Ui {

LocalRunner::LocalRunner(QObject *parent)
    : QObject(parent)
{
    // stdout too: a runner refusing its arguments says why there or on stderr.
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_killTimer.setSingleShot(true);
    connect(&m_process, &QProcess::readyReadStandardOutput, this, &LocalRunner::readOutput);
    connect(&m_process, &QProcess::finished, this, &LocalRunner::exited);
    connect(&m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart)
            return;
        m_end = tr("could not start: %1").arg(m_process.errorString());
        addLine(m_end);
        setState(State::Exited);
    });
    connect(&m_killTimer, &QTimer::timeout, this, [this] {
        if (m_process.state() == QProcess::NotRunning)
            return;
        addLine(tr("still running %1 s after SIGTERM: killing it")
                    .arg(std::chrono::duration<double>(m_stopTimeout).count()));
        m_killed = true;
        m_process.kill();
    });
}

LocalRunner::~LocalRunner()
{
    if (m_process.state() != QProcess::NotRunning)
        stopAndWait(int(m_stopTimeout.count()));
    disconnect(&m_process, nullptr, this, nullptr);
}

void LocalRunner::start(const QString &program, const QStringList &arguments, const QProcessEnvironment &environment)
{
    if (isActive())
        return;
    m_partial.clear();
    m_end.clear();
    m_killed = false;
    m_process.setProcessEnvironment(environment);
    m_process.setProgram(program);
    m_process.setArguments(arguments);
    addLine(tr("$ %1 %2").arg(program, arguments.join(QLatin1Char(' '))));
    setState(State::Running);
    m_process.start();
    if (m_process.state() == QProcess::NotRunning)
        return; // errorOccurred has said why
    m_pid = m_process.processId();
    qCInfo(lcUi).noquote() << "started agent runner" << m_pid << program << arguments.join(QLatin1Char(' '));
    Q_EMIT stateChanged(m_state); // now with its pid
}

void LocalRunner::stop()
{
    if (m_process.state() == QProcess::NotRunning || m_state == State::Stopping)
        return;
    setState(State::Stopping);
    m_process.terminate();
    m_killTimer.start(m_stopTimeout);
}

void LocalRunner::stopAndWait(int msecs)
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    stop();
    const QDeadlineTimer deadline(msecs);
    if (!m_process.waitForFinished(int(deadline.remainingTime()))) {
        m_killed = true;
        m_process.kill();
        m_process.waitForFinished(2000);
    }
}

void LocalRunner::readOutput()
{
    m_partial += m_process.readAllStandardOutput();
    qsizetype newline;
    while ((newline = m_partial.indexOf('\n')) >= 0) {
        addLine(QString::fromUtf8(m_partial.left(newline)).trimmed());
        m_partial.remove(0, newline + 1);
    }
    // A line that never ends must not grow without bound.
    if (m_partial.size() > 64 * 1024) {
        addLine(QString::fromUtf8(m_partial.left(4096)) + QStringLiteral(" …"));
        m_partial.clear();
    }
}

void LocalRunner::addLine(const QString &line)
{
    m_lines << line;
    if (m_lines.size() > kKeptLines)
        m_lines.remove(0, m_lines.size() - kKeptLines);
    Q_EMIT lineAdded(line);
}

void LocalRunner::exited(int exitCode, QProcess::ExitStatus status)
{
    m_killTimer.stop();
    readOutput();
    if (!m_partial.isEmpty()) {
        addLine(QString::fromUtf8(m_partial).trimmed());
        m_partial.clear();
    }
    if (m_killed)
        m_end = tr("killed");
    else if (status == QProcess::CrashExit)
        m_end = m_state == State::Stopping ? tr("stopped") : tr("crashed");
    else
        m_end = tr("exit code %1").arg(exitCode);
    addLine(tr("runner %1 ended: %2").arg(m_pid).arg(m_end));
    setState(State::Exited);
}

void LocalRunner::setState(State state)
{
    if (state == m_state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

} // namespace Autopack::Ui
