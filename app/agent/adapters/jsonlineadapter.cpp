#include "jsonlineadapter.h"

#include "adaptertext.h"

namespace Autopack::Agent {

void JsonLineAdapter::handleLine(QByteArrayView line)
{
    const std::optional<QJsonObject> event = AdapterText::parseObject(line);
    if (event) {
        handleEvent(*event);
        return;
    }
    const QString text = QString::fromUtf8(line).trimmed();
    if (!text.isEmpty())
        emitText(AgentEvent::Kind::Notice, text);
}

void JsonLineAdapter::emitMessage(const QString &text)
{
    if (text.trimmed().isEmpty())
        return;
    m_lastMessage = AdapterText::shorten(text, MaxFinalMessage);
    emitText(AgentEvent::Kind::Message, text);
}

AgentOutcome JsonLineAdapter::finish(int exitCode, const QString &stderrTail, const QString &)
{
    finishLines();
    finishEvents();
    AgentOutcome outcome;
    outcome.finalMessage = finalMessage();
    m_failure.fillIn(outcome);
    conclude(outcome, exitCode, stderrTail);
    return outcome;
}

} // namespace Autopack::Agent
