#pragma once

// The agent's process (SPEC §12): its own process group (setsid), stdin closed unless
// the protocol needs it, NO_COLOR=1 and an environment allow-list, a wall timeout and
// a stall timeout (no output for N seconds); the whole group is killed at the end, on
// a timeout and when the caller says stop. Blocking, for a runner's worker thread
// (no event loop needed there): run() returns when the process group is gone.

#include "launchspec.h" // header only, from ../adapters

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>

namespace Autopack::Agent {

struct AgentExit {
    enum class Reason { Exited, Crashed, WallTimeout, Stalled, Stopped, FailedToStart };
    Reason reason = Reason::Exited;
    int exitCode = -1; // Exited: the program's exit code; otherwise -1
    int signalNumber = 0; // Crashed: the signal that ended the program (SIGSEGV, ...)
    QString detail; // readable: "exited with code 2", "no output for 30 s", "could not start claude: ..."
    QByteArray stderrTail; // the last 64 KiB of stderr
    qint64 stdoutBytes = 0;
    qint64 elapsedMs = 0;
};

struct ProcessOptions {
    QString workingDirectory;
    int wallTimeoutMs = 0; // 0: none
    int stallTimeoutMs = 0; // 0: none; output on stdout or stderr counts as activity
    int tickMs = 250; // how often onTick is called
    int killGraceMs = 2000; // SIGTERM to the group, SIGKILL after this
    QStringList extraAllowedVariables; // beyond allowedVariables()
};

class AgentProcess
{
public:
    using OutputHandler = std::function<void(const QByteArray &stdoutChunk)>;
    using TickHandler = std::function<bool()>; // false: stop the agent now

    // Blocks until the process and its group are gone. `stop`, when set, is checked every tick.
    static AgentExit run(const LaunchSpec &spec, const ProcessOptions &options, const OutputHandler &onOutput,
        const TickHandler &onTick = {}, const std::atomic_bool *stop = nullptr);

    // Passed from the runner's environment: PATH, HOME, USER, LOGNAME, SHELL, LANG, LANGUAGE,
    // LC_*, TZ, TMPDIR, TERM (always set to dumb), XDG_*, the proxy and CA certificate
    // variables, and the agent CLIs' own keys and config dirs (ANTHROPIC_*, OPENAI_*,
    // GEMINI_*, GOOGLE_*, CLAUDE_*, CODEX_*, OPENCODE_*, AIDER_*). A trailing '*' matches a
    // prefix, here and in ProcessOptions::extraAllowedVariables. Never AUTOPACK_TOKEN.
    static QStringList allowedVariables();
    // One line for a log or a status: what ended it, after how long, and stderr's last line.
    static QString describe(const AgentExit &exit);
};

} // namespace Autopack::Agent
