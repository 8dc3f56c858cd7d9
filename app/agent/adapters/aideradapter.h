#pragma once

// Aider, `aider --yes-always --no-auto-commits --message-file F`: plain text on stdout,
// as aider 0.86 prints it when stdout is not a terminal. What it says is read from the
// lines it documents: the usage report after each message ("Tokens: 4.2k sent, 1.1k
// cache write, 2.9k cache hit, 312 received. Cost: $0.02 message, $0.05 session."),
// "Applied edit to PATH", litellm's "...Error: ..." lines; the text between them is the
// model's reply.
//
// "sent" is aider's input count with cache writes (and, through litellm, cache reads)
// already in it; the cache figures are its breakdown and are not added again. Token
// figures come rounded ("4.2k"). Each report covers one message: the session is their
// sum, and the session cost is aider's own running "$... session".

#include "failurereport.h"
#include "lineadapter.h"

namespace Autopack::Agent {

class AiderAdapter final : public LineAdapter
{
public:
    QString name() const override { return QStringLiteral("aider"); }
    QStringList defaultCommand() const override;
    std::expected<LaunchSpec, QString> launch(const LaunchContext &context) const override;
    AgentOutcome finish(int exitCode, const QString &stderrTail, const QString &resultFile) override;

    // "312" -> 312, "4.2k" -> 4200, "12k" -> 12000, "1,234" -> 1234; -1 if not a count.
    static qint64 parseCount(const QString &text);

protected:
    void handleLine(QByteArrayView line) override;

private:
    bool handleUsageReport(const QString &line);
    void appendToBlock(const QString &line);
    QString flushBlock(); // the reply text so far becomes one Message; returns it

    QString m_block; // reply lines since the last marker line, bounded
    qint64 m_blockDropped = 0;
    QString m_lastReply; // the block a usage report closed: the model's last reply
    QString m_lastBlock;
    Usage m_session;
    FailureReport m_failure; // an error or rate limit stands until the next usage report
};

} // namespace Autopack::Agent
