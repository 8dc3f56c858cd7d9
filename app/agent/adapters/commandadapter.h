#pragma once

// Any program as the agent (--command): Autopack's own protocol, not a CLI's.
//
// The program gets the prompt on stdin and in the file named by AUTOPACK_PROMPT_FILE,
// AUTOPACK_ROLE (builder|auditor) and, when the phase has one, AUTOPACK_TOKEN_BUDGET_LEFT.
// It may write a JSON object to AUTOPACK_RESULT_FILE:
//   tokens_used (number; or input_tokens + output_tokens), cost_usd (number),
//   notes (string), rate_limited (bool), rate_limit_detail (string), and for auditors
//   the verdict: recommendation, confidence, review_notes, issues_found, suggested_patches.
// Exit code 75 (EX_TEMPFAIL) also means "rate limited, give the phase back".
// Each non-empty stdout line is a Message; the final message is the last block of
// consecutive non-empty lines, or the verdict (as JSON) when the result file holds one.

#include "lineadapter.h"

namespace Autopack::Agent {

class CommandAdapter final : public LineAdapter
{
public:
    static constexpr int RateLimitedExitCode = 75; // EX_TEMPFAIL (sysexits.h)
    static constexpr qint64 MaxResultFileBytes = 16 * 1024 * 1024;

    QString name() const override { return QStringLiteral("command"); }
    QStringList defaultCommand() const override { return {}; }
    std::expected<LaunchSpec, QString> launch(const LaunchContext &context) const override;
    AgentOutcome finish(int exitCode, const QString &stderrTail, const QString &resultFile) override;

    // The result file's object; nullopt when there is no file; an error naming the file
    // and what is wrong with it (unreadable, not JSON, not an object, a field's type).
    static std::expected<std::optional<QJsonObject>, QString> readResultFile(const QString &path);

protected:
    void handleLine(QByteArrayView line) override;

private:
    void applyResult(const QJsonObject &result, AgentOutcome &outcome);

    QString m_block; // the current run of non-empty lines, its tail kept
    QString m_lastBlock;
};

} // namespace Autopack::Agent
