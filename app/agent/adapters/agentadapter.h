#pragma once

// One adapter per coding-agent CLI behind this interface (STYLE 18, SPEC §12): how to
// start it and how to read its output. Adapters are pure: they never start processes
// or touch files except reading the result file they are told about in finish().
//
// Every adapter follows the output format of the CLI version named in its header and
// in its fixtures (tests/agent/adapters/fixtures/<adapter>-<version>-*.jsonl|txt).

#include "agentevent.h"
#include "launchspec.h"

#include <QByteArray>
#include <QJsonObject>
#include <QStringList>

#include <expected>
#include <memory>
#include <optional>

namespace Autopack::Agent {

// What the runner knows when it starts the agent.
struct LaunchContext {
    QString workspaceDir; // the agent's working directory
    QString promptFile; // the prompt, already written (UTF-8)
    QByteArray promptText; // the same text
    QString resultFile; // where a `command` agent may write its result JSON (not yet existing)
    QStringList commandOverride; // --command split into program + arguments; empty: the adapter's default
    std::optional<qint64> tokenBudgetLeft; // for CLIs that accept a cap
    QString role; // builder | auditor
};

// What the adapter concludes once the process has exited.
struct AgentOutcome {
    QString finalMessage; // the agent's last message (auditors: holds the verdict JSON)
    Usage usage; // the attempt's total, from the ledger
    bool rateLimited = false; // stopped on a rate limit / usage window: give the phase back
    QString rateLimitDetail;
    QString error; // the CLI's own error report, when it gave one
    QString notes; // builder notes for the result (command adapter: from the result file)
    std::optional<QJsonObject> resultObject; // command adapter: the result file's object, if any
};

class AgentAdapter
{
public:
    virtual ~AgentAdapter() = default;
    virtual QString name() const = 0; // claude, codex, gemini, opencode, aider, command
    // The program and arguments run when --command is not given (empty for `command`).
    virtual QStringList defaultCommand() const = 0;
    // How to start the agent, or why it cannot be started (the `command` adapter without
    // --command, aider without a prompt file, an empty program name).
    virtual std::expected<LaunchSpec, QString> launch(const LaunchContext &context) const = 0;

    // Output of the process as it arrives, in any chunking (partial lines kept until
    // their newline; a line longer than 8 MiB is dropped with a Notice, never held).
    virtual void feedStdout(const QByteArray &chunk) = 0;
    // Events parsed since the last call, in order.
    QList<AgentEvent> takeEvents();

    // After exit: flushes a last partial line, reads `resultFile` where the adapter
    // uses one, and concludes. `stderrTail` is the end of the process's stderr. Once.
    virtual AgentOutcome finish(int exitCode, const QString &stderrTail, const QString &resultFile) = 0;

    // The attempt's usage so far (the ledger's total), for budget checks while it runs.
    Usage usage() const { return m_ledger.total(); }

    // claude | codex | gemini | opencode | aider | command; nullptr for an unknown name.
    static std::unique_ptr<AgentAdapter> create(const QString &name);
    static QStringList names();

    static constexpr qsizetype MaxEventText = 4 * 1024; // characters of AgentEvent::text
    static constexpr qsizetype MaxFinalMessage = 1024 * 1024; // characters of AgentOutcome::finalMessage

protected:
    void emitEvent(AgentEvent event) { m_pending.append(std::move(event)); }
    // Shortens `text` to MaxEventText and queues it.
    void emitText(AgentEvent::Kind kind, const QString &text, const QString &tool = {}, const QString &path = {});
    // Records the session's cumulative usage and emits a Usage event when a mark rose.
    void reportUsage(const QString &sessionId, const Usage &cumulative);

    // defaultCommand() with --command's program in front (further --command words are
    // prepended arguments), AUTOPACK_PROMPT_FILE and AUTOPACK_RESULT_FILE set, and
    // `stdinData` for the prompt where the CLI reads it from stdin.
    std::expected<LaunchSpec, QString> standardLaunch(
        const LaunchContext &context, std::optional<QByteArray> stdinData) const;

    // The common end of finish(): fills usage from the ledger; a non-zero exit without
    // an error of the CLI's own becomes one (naming the last stderr line); a failed exit
    // whose stderr speaks of a rate limit counts as one; emits RateLimit once.
    void conclude(AgentOutcome &outcome, int exitCode, const QString &stderrTail);

private:
    QList<AgentEvent> m_pending;
    UsageLedger m_ledger;
};

} // namespace Autopack::Agent
