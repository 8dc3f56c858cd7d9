#pragma once

// The base of the adapters whose CLI writes one JSON object per line (claude, codex,
// gemini, opencode): hands each object to handleEvent() and shows any other non-blank
// line (a banner, a warning some CLIs print on stdout) as a Notice. finish() concludes
// with finalMessage() and what the stream reported in m_failure.

#include "failurereport.h"
#include "lineadapter.h"

namespace Autopack::Agent {

class JsonLineAdapter : public LineAdapter
{
public:
    AgentOutcome finish(int exitCode, const QString &stderrTail, const QString &resultFile) final;

protected:
    void handleLine(QByteArrayView line) final;
    virtual void handleEvent(const QJsonObject &event) = 0;
    // After the last line, before the outcome is built: where a CLI streams its messages
    // in parts, the last one is completed here.
    virtual void finishEvents() { }
    // The attempt's final message: the last assistant message unless the CLI says better.
    virtual QString finalMessage() const { return m_lastMessage; }

    // A whole assistant message: shown, and the last message from now on; blank text is
    // neither.
    void emitMessage(const QString &text);

    // The session the stream announced, or name() before and without one: the key its
    // usage reports go to the ledger under.
    QString sessionKey() const { return m_sessionId.isEmpty() ? name() : m_sessionId; }

    QString m_sessionId; // as the start event names it (codex: the thread id; opencode names it in each event)
    QString m_lastMessage; // bounded by MaxFinalMessage
    FailureReport m_failure;
};

} // namespace Autopack::Agent
