#pragma once

// One `autopack agent` child process started from the window: its state, pid and the
// last lines it printed (the runner writes one readable line per event on stderr).
// stop() sends SIGTERM, so the runner gives its leases back, and kills the process if it
// has not exited after stopTimeout(). Destroying a running LocalRunner stops it and
// waits at most stopTimeout() for it.

#include <QObject>
#include <QProcess>
#include <QStringList>
#include <QTimer>

#include <chrono>

namespace Autopack::Ui {

class LocalRunner : public QObject
{
    Q_OBJECT
public:
    enum class State { NotStarted, Running, Stopping, Exited };
    Q_ENUM(State)

    static constexpr int kKeptLines = 500;

    explicit LocalRunner(QObject *parent = nullptr);
    ~LocalRunner() override;

    void start(const QString &program, const QStringList &arguments, const QProcessEnvironment &environment);
    void stop();
    // stop(), then waits up to `msecs` for the exit and kills the process past it.
    void stopAndWait(int msecs);

    void setStopTimeout(std::chrono::milliseconds timeout) { m_stopTimeout = timeout; }
    std::chrono::milliseconds stopTimeout() const { return m_stopTimeout; }

    State state() const { return m_state; }
    bool isActive() const { return m_state == State::Running || m_state == State::Stopping; }
    qint64 pid() const { return m_pid; } // of the running process, else of the last one; 0 before
    QStringList lines() const { return m_lines; } // oldest first, at most kKeptLines
    // How it ended: "exit code 0", "killed", "could not start: ..."; empty while running.
    QString endText() const { return m_end; }

Q_SIGNALS:
    void stateChanged(Autopack::Ui::LocalRunner::State state);
    void lineAdded(const QString &line);

private:
    void readOutput();
    void addLine(const QString &line);
    void setState(State state);
    void exited(int exitCode, QProcess::ExitStatus status);

    QProcess m_process;
    QTimer m_killTimer;
    std::chrono::milliseconds m_stopTimeout = std::chrono::seconds(10);
    State m_state = State::NotStarted;
    qint64 m_pid = 0;
    QByteArray m_partial; // an unfinished last line
    QStringList m_lines;
    QString m_end;
    bool m_killed = false;
};

} // namespace Autopack::Ui
