#include "lineadapter.h"

#include "agentlog.h"

namespace Autopack::Agent {

void LineAdapter::feedStdout(const QByteArray &chunk)
{
    m_lines.feed(
        chunk, [this](QByteArrayView line) { handleLine(line); }, [this](qint64 bytes) { dropped(bytes); });
}

void LineAdapter::finishLines()
{
    m_lines.finish([this](QByteArrayView line) { handleLine(line); }, [this](qint64 bytes) { dropped(bytes); });
}

void LineAdapter::dropped(qint64 bytes)
{
    qCWarning(lcAgent) << name() << "dropped an output line of" << bytes << "bytes";
    emitText(AgentEvent::Kind::Notice,
        QStringLiteral("dropped a %1 output line of %2 bytes (over the %3 MiB line limit)")
            .arg(name())
            .arg(bytes)
            .arg(LineSplitter::DefaultMaxLine / (1024 * 1024)));
}

} // namespace Autopack::Agent
