#pragma once

// The one event model every agent adapter parses its CLI's output into (STYLE 18).
// The runner prints these on stderr and streams them to the engine as the attempt's
// transcript; the window shows them.

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace Autopack::Agent {

// What one agent session has used so far, as the CLI reports it. Cumulative: a later
// report of the same session replaces an earlier one only where it is higher.
struct Usage {
    qint64 inputTokens = 0; // including cache reads and cache writes
    qint64 outputTokens = 0;
    std::optional<double> costUsd;
    qint64 total() const { return inputTokens + outputTokens; }

    QJsonObject toJson() const; // {"input_tokens", "output_tokens", "total_tokens", "cost_usd"?}
    friend bool operator==(const Usage &, const Usage &) = default;
};

struct AgentEvent {
    enum class Kind {
        Message, // assistant text meant for a person (the last one is the attempt's final message)
        Thinking, // reasoning text, when the CLI shows it
        ToolCall, // the agent asked for a tool: `tool` names it, `text` is its input, shortened
        ToolResult, // a tool's answer, shortened
        FileChange, // the agent says it wrote/created/deleted `path`
        Usage, // cumulative usage of `sessionId` changed (see Usage)
        Error, // the CLI reported an error
        RateLimit, // the CLI stopped on a rate limit or usage window
        Notice, // anything else worth a line (session started, model, ...)
    };
    Kind kind = Kind::Notice;
    QString text; // bounded by the adapter (a few KiB): transcripts hold steps, not file contents
    QString tool;
    QString path;
    QString sessionId;
    std::optional<Agent::Usage> usage; // Kind::Usage: the session's cumulative high-water marks

    // {"kind": "message"|..., "text", "tool"?, "path"?, "session_id"?, "usage"?}
    QJsonObject toJson() const;
    static QString kindName(Kind kind); // "message", "thinking", "tool_call", ...
};

// Cumulative high-water marks per agent session (openai/symphony's token accounting):
// a repeated or replayed report never counts twice; sessions add up.
class UsageLedger
{
public:
    // `cumulative` is the session's total so far as reported now. Each field keeps its
    // highest value; returns whether any field rose (a new session counts as a rise).
    bool report(const QString &sessionId, const Usage &cumulative);
    Usage total() const; // sum over sessions of each one's high-water marks; cost only if some session had one
    std::optional<Usage> session(const QString &sessionId) const;
    bool isEmpty() const { return m_sessions.isEmpty(); }

private:
    struct Entry {
        QString sessionId;
        Usage high;
    };
    QList<Entry> m_sessions;
};

} // namespace Autopack::Agent
